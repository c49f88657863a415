"""`wijk stad`: the city overview of several gebied repositories (docs/stad.md).

The city here is the example (szh, with follow-up, overdue reports and action points) and two
small generated gebieden (benchmarks/generate_city.py, one repository each). The totals of the
city are compared with what each gebied's own commands print (`wijk jaarverslag --format csv`,
`wijk kasboek --format json`), the STAD.yaml problems as complete lists, and git fetching with
a local bare repository over file:// (there is no network).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcli.cli.app import app
from wijkcli.dataset import Dataset
from wijkcli.problems import DataProblemsError, Problem
from wijkcli.stad.document import stad_context, stad_pagina
from wijkcli.stad.overview import Stad, lees_stad

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data"
sys.path.insert(0, str(REPO / "benchmarks"))
from generate_city import generate  # noqa: E402

DATUM = date(2019, 1, 1)
SMALL = {"jaren": 2, "rondes": 1, "aanvragen": 3}


def _found(problems: list[Problem]) -> list[tuple[str, int, int, str]]:
    return [
        (p.location.path, p.location.line, p.location.column, p.code)
        if p.location
        else ("", 0, 0, p.code)
        for p in problems
        if p.is_error
    ]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """STAD.yaml with three repositories: the example (szh), noord and vathorst."""
    root = tmp_path_factory.mktemp("stad")
    shutil.copytree(EXAMPLE, root / "szh" / "data")
    generate(root / "noord", gebieden=1, seed=2, eerste=1, **SMALL)
    generate(root / "vathorst", gebieden=1, seed=3, eerste=2, **SMALL)
    (root / "STAD.yaml").write_text(
        "stad: Amersfoort\n"
        "repositories:\n"
        "  - naam: szh\n    pad: szh\n"
        "  - naam: noord\n    pad: noord\n"
        "  - naam: vathorst\n    pad: vathorst\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def subject(city: Path) -> Stad:
    return lees_stad(city / "STAD.yaml", datum=DATUM)


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _own_report(repo: Path, gebied: str, jaar: int) -> dict[str, Decimal]:
    """The figures of one gebied and year as its own `wijk jaarverslag` and `wijk kasboek` give
    them (read from their csv and json, not from the library)."""
    text = _run("jaarverslag", gebied, str(jaar), "--format", "csv", "--data", str(repo))
    tables: dict[str, list[dict[str, str]]] = {}
    # The CSV for Dutch Excel (docs/formaat.md): a BOM, ';' and a decimal comma.
    for block in text.removeprefix("\ufeff").split("\n\n"):
        lines = block.strip("\n").replace(",", ".").splitlines()
        name = lines[0].removeprefix("# ")
        tables[name] = list(csv.DictReader(io.StringIO("\n".join(lines[1:])), delimiter=";"))
    totaal = next(r for r in tables["themas"] if r["thema"] == "totaal")
    kasboek = json.loads(
        _run("kasboek", gebied, str(jaar), "--format", "json", "--data", str(repo))
    )
    out = {k: Decimal(totaal[k]) for k in ("geadviseerd", "toegekend", "besteed", "terugbetaald")}
    out["terug"] = Decimal(totaal["terug naar budget"])
    out["projecten"] = Decimal(totaal["projecten"])
    out["gerealiseerd"] = Decimal(totaal["gerealiseerd"])
    out["rondebudgetten"] = Decimal(kasboek["balans"]["totaal"])
    out["budget"] = Decimal(kasboek["wijkplan"])
    for col, key in (("uren wijkplan", "uren_wijkplan"), ("uren geadviseerd", "uren_geadviseerd"),
                     ("uren toegekend", "uren_toegekend"), ("uren gebruikt", "uren_gebruikt")):  # fmt: skip
        (row,) = [p for p in tables["professionals"] if p["professional"] == "totaal"]
        out[key] = Decimal(row[col])
    return out


KEYS = ("budget", "rondebudgetten", "geadviseerd", "toegekend", "besteed", "terugbetaald", "terug",
        "projecten", "gerealiseerd", "uren_wijkplan", "uren_geadviseerd", "uren_toegekend",
        "uren_gebruikt")  # fmt: skip


@pytest.mark.slow
def test_city_totals_are_the_sum_of_each_gebieds_own_reports(city: Path, subject: Stad) -> None:
    ctx = stad_context(subject)
    assert ctx["jaren"] == [2017, 2018]
    own = {
        (g, j): _own_report(city / g, g, j)
        for g, jaren in (("szh", [2017]), ("noord", [2017, 2018]), ("vathorst", [2017, 2018]))
        for j in jaren
    }
    names = {"szh": "SZH", "noord": "Noord", "vathorst": "Vathorst"}
    for year in ctx["per_jaar"]:
        jaar = year["jaar"]
        rows = {r["gebied"]: r for r in year["gebieden"]}
        in_year = [g for g, j in own if j == jaar]
        assert sorted(rows) == sorted(names[g] for g in in_year)
        for g in in_year:
            assert {k: Decimal(rows[names[g]][k]) for k in KEYS} == own[(g, jaar)]  # type: ignore[literal-required]
        want = {k: sum((own[(g, jaar)][k] for g in in_year), Decimal(0)) for k in KEYS}
        assert {k: Decimal(year["totaal"][k]) for k in KEYS} == want  # type: ignore[literal-required]
        assert year["zonder_wijkplan"] == ([] if jaar == 2017 else ["SZH"])
        # The themes add up to the same total.
        assert sum((t["geadviseerd"] for t in year["themas"]), Decimal(0)) == want["geadviseerd"]
    every = {k: sum((v[k] for v in own.values()), Decimal(0)) for k in KEYS}
    assert {k: Decimal(ctx["totaal"][k]) for k in KEYS} == every  # type: ignore[literal-required]
    # Nothing trivially zero: the example has money granted, spent and paid back, hours used.
    assert all(every[k] > 0 for k in ("toegekend", "besteed", "terugbetaald", "uren_gebruikt"))


def test_open_action_points_and_overdue_reports_as_the_gebieds_own_commands(
    city: Path, subject: Stad
) -> None:
    ctx = stad_context(subject)
    punten = json.loads(
        _run(
            "actiepunten",
            "--datum",
            DATUM.isoformat(),
            "--format",
            "json",
            "--data",
            str(city / "szh"),
        )
    )["actiepunten"]
    assert ctx["acties"] == [
        {"gebied": "SZH", "open": len(punten), "over_tijd": sum(p["over_tijd"] for p in punten)},
        {"gebied": "Noord", "open": 0, "over_tijd": 0},
        {"gebied": "Vathorst", "open": 0, "over_tijd": 0},
    ]
    # In the order `wijk actiepunten` gives them: oldest deadline first.
    assert [(p.wat, p.uiterlijk.isoformat()) for p in ctx["acties_over_tijd"]] == [
        (p["wat"], p["uiterlijk"]) for p in punten if p["over_tijd"]
    ]
    voortgang = json.loads(
        _run(
            "voortgang",
            "szh",
            "--jaar",
            "2017",
            "--datum",
            DATUM.isoformat(),
            "--format",
            "json",
            "--data",
            str(city / "szh"),
        )
    )
    late = [(t["wat"], t["uiterlijk"]) for r in voortgang["rondes"] for a in r["aanvragen"]
            for t in a["te_laat"]]  # fmt: skip
    assert late  # the example has an overdue report on this date
    assert [(t.wat, t.uiterlijk.isoformat()) for t in ctx["te_laat"]] == sorted(
        late, key=lambda x: x[1]
    )
    assert {t.gebied for t in ctx["te_laat"]} == {"SZH"}


@pytest.mark.slow
def test_the_overview_in_every_format_is_deterministic_and_private(
    city: Path, subject: Stad, example_dataset: Dataset
) -> None:
    from openpyxl import load_workbook

    from tests.test_jaarverslag import _private_values

    again = lees_stad(city / "STAD.yaml", datum=DATUM)
    private = _private_values(example_dataset)
    assert "m.lagerweij@example.org" in private  # the probe works
    for fmt in ("md", "html", "xlsx"):
        out = stad_pagina(subject, fmt)
        assert out == stad_pagina(again, fmt)
        if isinstance(out, bytes):  # every cell of every sheet
            wb = load_workbook(io.BytesIO(out))
            out = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
        # No member's contact data, no applicant (named or contact) anywhere.
        assert [v for v in private if v in out] == []


def test_xlsx_totals_row(subject: Stad) -> None:
    from openpyxl import load_workbook

    ctx = stad_context(subject)
    raw = stad_pagina(subject, "xlsx")
    assert isinstance(raw, bytes)
    wb = load_workbook(io.BytesIO(raw))
    assert wb.sheetnames == ["Gebieden", "Per jaar", "Thema's", "Rondes", "Actiepunten", "Te laat"]
    rows = list(wb["Gebieden"].iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["gebied", "SZH", "Noord", "Vathorst", "totaal"]
    assert Decimal(str(rows[-1][4])) == ctx["totaal"]["geadviseerd"]


def test_a_repository_with_errors_stops_the_run_and_is_named(city: Path, tmp_path: Path) -> None:
    broken = tmp_path / "kapot"
    shutil.copytree(city / "noord", broken)
    ronde = broken / "data" / "rondes" / "ronde-2017-1" / "ronde.yaml"
    text = ronde.read_text(encoding="utf-8")
    assert text.count("\nbudget:") == 1
    ronde.write_text(text.replace("\nbudget:", "\nbudgett:"), encoding="utf-8")
    line = text[: text.index("\nbudget:")].count("\n") + 2
    stad = tmp_path / "STAD.yaml"
    stad.write_text(
        "stad: Amersfoort\nrepositories:\n"
        f"  - naam: szh\n    pad: {city / 'szh'}\n"
        "  - naam: noord\n    pad: kapot\n"
        "  - naam: weg\n    pad: nergens\n",
        encoding="utf-8",
    )
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [
        (f"{stad.as_posix()}", 7, 5, "source-unavailable"),
        ("noord/data/rondes/ronde-2017-1/ronde.yaml", 2, 1, "missing-field"),
        ("noord/data/rondes/ronde-2017-1/ronde.yaml", line, 1, "unknown-key"),
    ]
    # Left out instead, and named in the overview.
    left = lees_stad(stad, datum=DATUM, sla_fouten_over=True)
    assert [g.id for g in left.gebieden] == ["szh"]
    md = stad_pagina(left, "md")
    assert isinstance(md, str)
    assert (
        "**Niet meegeteld** (niet te lezen, of de gegevens bevatten fouten): noord (2 fouten), weg (1 fout)."
        in md
    )
    # The command: exit 1 with every problem, each path with its repository's name; with
    # --sla-fouten-over exit 0, the problems on stderr and the overview on stdout.
    runner = CliRunner()
    result = runner.invoke(app, ["stad", str(stad), "--datum", "2019-01-01"])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = [x.strip() for x in result.stderr.splitlines()]
    assert "noord/data/rondes/ronde-2017-1/ronde.yaml" in lines
    assert f"{line}:1  fout: onbekend veld 'budgett' (bedoelde je 'budget'?) [unknown-key]" in lines
    assert "kapot" not in result.stderr.replace("pad: kapot", "")
    result = runner.invoke(app, ["stad", str(stad), "--datum", "2019-01-01", "--sla-fouten-over"])
    assert result.exit_code == 0
    assert f"noord/data/rondes/ronde-2017-1/ronde.yaml:{line}:1: fout: " in result.stderr
    assert result.stdout == md


def test_a_folder_without_data_and_a_linked_cache_are_not_read(tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    (tmp_path / "elders").mkdir()
    (tmp_path / ".wijkcli-stad").symlink_to(tmp_path / "elders")
    stad = tmp_path / "STAD.yaml"
    stad.write_text(
        "stad: X\nrepositories:\n  - naam: leeg\n    pad: leeg\n"
        "  - naam: ver\n    git: https://example.org/ver.git\n",
        encoding="utf-8",
    )
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [
        (stad.as_posix(), 3, 5, "source-unavailable"),
        (stad.as_posix(), 5, 5, "source-unavailable"),
    ]
    assert "symbolische link" in exc.value.problems[1].message
    assert list((tmp_path / "elders").iterdir()) == []  # nothing written through the link


def test_the_same_gebied_in_two_repositories(city: Path, tmp_path: Path) -> None:
    stad = tmp_path / "STAD.yaml"
    stad.write_text(
        f"stad: X\nrepositories:\n  - naam: een\n    pad: {city / 'noord'}\n"
        f"  - naam: twee\n    pad: {city / 'noord'}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [(stad.as_posix(), 5, 11, "duplicate-id")]
    assert (
        "gebied 'noord' van repository 'twee' staat ook in repository 'een'"
        in exc.value.problems[0].message
    )


HOSTILE = """\
stad: X
repositories:
  - naam: a
    pad: a
  - naam: a
    git: "ext::sh -c touch% /tmp/wijk-pwned"
  - naam: b
    git: "--upload-pack=touch /tmp/wijk-pwned"
  - naam: c
    pad: a
    git: https://example.org/c.git
  - naam: d
    git: http://example.org/d.git
  - naam: e
    git: https://user:geheim-token@example.org/e.git
  - naam: f
    git: git@-oProxyCommand=x:y
  - naam: g
    git: file:///tmp/g
    ref: --force
  - naam: h
    pad: b
    ref: main
  - naam: Foute Naam
    pad: c
    uuren: 3
  - naam: j
    git: fd::17
  - naam: k
  - naam: l
    git: ssh://-oProxyCommand=x/y
jaren: [2017, twintig]
"""


def test_stad_yaml_is_validated_with_every_problem_located(tmp_path: Path) -> None:
    stad = tmp_path / "STAD.yaml"
    stad.write_text(HOSTILE, encoding="utf-8")
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    p = stad.as_posix()
    assert sorted(_found(exc.value.problems)) == sorted([
        (p, 5, 11, "duplicate-id"),
        (p, 6, 10, "invalid-value"),  # ext::
        (p, 8, 10, "invalid-value"),  # option-like
        (p, 9, 5, "invalid-value"),  # pad and git
        (p, 13, 10, "invalid-value"),  # http
        (p, 15, 10, "invalid-value"),  # a password in the address
        (p, 17, 10, "invalid-value"),  # ssh host that is an option
        (p, 20, 10, "invalid-value"),  # ref like an option
        (p, 21, 5, "invalid-value"),  # ref with a folder
        (p, 24, 11, "invalid-value"),  # naam not an id
        (p, 26, 5, "unknown-key"),
        (p, 28, 10, "invalid-value"),  # fd::
        (p, 29, 5, "invalid-value"),  # neither pad nor git
        (p, 31, 10, "invalid-value"),  # ssh://-o…
        (p, 32, 15, "invalid-value"),  # not a year
    ])  # fmt: skip
    messages = "\n".join(x.message for x in exc.value.problems)
    assert "geheim-token" not in messages
    assert not Path("/tmp/wijk-pwned").exists()


def test_a_control_character_in_stad_yaml_cannot_forge_a_message(tmp_path: Path) -> None:
    stad = tmp_path / "STAD.yaml"
    stad.write_text('stad: X\nrepositories:\n  - naam: a\n    pad: "x\\nSTAD.yaml:1:1: fout: nep"\n',
                    encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(app, ["stad", str(stad), "--datum", "2019-01-01"])
    assert result.exit_code == 1
    assert "\nSTAD.yaml:1:1: fout: nep" not in result.stderr


# --- git ----------------------------------------------------------------------------------------


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=cwd, check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip


@pytest.mark.clients
def test_a_git_repository_is_fetched_shallow_without_hooks(city: Path, tmp_path: Path) -> None:
    if shutil.which("git") is None:
        if os.environ.get("WIJK_REQUIRE_CLIENTS"):
            pytest.fail("git is required (WIJK_REQUIRE_CLIENTS)")
        pytest.skip("git not installed")
    work = tmp_path / "noord"
    shutil.copytree(city / "noord", work, ignore=shutil.ignore_patterns(".wijkcli-cache"))
    _git(work, "init", "-q", "-b", "main")
    _git(work, "add", ".")
    _git(work, "commit", "-qm", "een")
    _git(work, "commit", "-q", "--allow-empty", "-m", "twee")
    bare = tmp_path / "noord.git"
    _git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    # A template with a hook, as a user's global git configuration may have: never run.
    hooks = tmp_path / "template" / "hooks"
    hooks.mkdir(parents=True)
    ran = tmp_path / "hook-ran"
    (hooks / "post-checkout").write_text(f"#!/bin/sh\ntouch {ran}\n", encoding="utf-8")
    (hooks / "post-checkout").chmod(0o755)
    config = tmp_path / "gitconfig"
    config.write_text(f"[init]\n\ttemplateDir = {tmp_path / 'template'}\n", encoding="utf-8")
    stad = tmp_path / "STAD.yaml"
    stad.write_text(
        f"stad: X\nrepositories:\n  - naam: noord\n    git: {bare.as_uri()}\n    ref: main\n",
        encoding="utf-8",
    )
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    try:
        first = lees_stad(stad, datum=DATUM)
        clone = tmp_path / ".wijkcli-stad" / "noord"
        assert _git(clone, "rev-list", "--count", "HEAD") == "1"  # shallow: the newest only
        assert first.bronnen[0].versie == _git(work, "rev-parse", "--short=12", "HEAD")
        assert not ran.exists()
        assert (
            not any((clone / ".git" / "hooks").glob("*"))
            if (clone / ".git" / "hooks").exists()
            else True
        )
        # A new commit upstream: the next run fetches it into the same folder.
        _git(work, "commit", "-q", "--allow-empty", "-m", "drie")
        _git(work, "push", "-q", str(bare), "main")
        again = lees_stad(stad, datum=DATUM)
        assert again.bronnen[0].versie == _git(work, "rev-parse", "--short=12", "HEAD")
        assert not ran.exists()
        # The figures are those of the folder itself.
        local = tmp_path / "STAD-lokaal.yaml"
        local.write_text(
            f"stad: X\nrepositories:\n  - naam: noord\n    pad: {work}\n", encoding="utf-8"
        )
        assert (
            stad_context(again)["totaal"] == stad_context(lees_stad(local, datum=DATUM))["totaal"]
        )
    finally:
        del os.environ["GIT_CONFIG_GLOBAL"]
    # A folder in the cache that wijk stad did not make is never used.
    (tmp_path / "c2" / "noord").mkdir(parents=True)
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM, cache=tmp_path / "c2")
    assert _found(exc.value.problems) == [(stad.as_posix(), 3, 5, "source-unavailable")]
    assert "niet door wijk stad gemaakt" in exc.value.problems[0].message
    # A branch the repository does not have.
    stad.write_text(
        f"stad: X\nrepositories:\n  - naam: noord\n    git: {bare.as_uri()}\n    ref: mian\n",
        encoding="utf-8",
    )
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [(stad.as_posix(), 3, 5, "source-unavailable")]
    assert "mian" in exc.value.problems[0].message
    # An address that does not exist: git's answer, located at the entry.
    stad.write_text(
        f"stad: X\nrepositories:\n  - naam: weg\n    git: {(tmp_path / 'weg.git').as_uri()}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [(stad.as_posix(), 3, 5, "source-unavailable")]
    assert "does not appear to be a git repository" in exc.value.problems[0].message


# --- the command ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_command_writes_the_overview_and_never_into_a_data_folder(
    city: Path, subject: Stad, tmp_path: Path
) -> None:
    runner = CliRunner()
    out = tmp_path / "uit"
    out.mkdir()
    result = runner.invoke(app, ["stad", str(city / "STAD.yaml"), "--datum", "2019-01-01",
                                 "--format", "html", "--uit", f"{out}/"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / "stad.html").read_text(encoding="utf-8") == stad_pagina(subject, "html")
    result = runner.invoke(app, ["stad", str(city / "STAD.yaml"), "--datum", "2019-01-01",
                                 "--uit", str(city / "noord" / "data" / "stad.md"), "--force"])  # fmt: skip
    assert result.exit_code == 2, result.output
    assert not (city / "noord" / "data" / "stad.md").exists()
    result = runner.invoke(app, ["stad", str(tmp_path / "geen.yaml")])
    assert result.exit_code == 2


def test_the_overview_of_the_example_golden(
    tmp_path: Path, golden: Callable[[str, str], None]
) -> None:
    """The example alone as a city, pinned byte for byte (reviewed like code)."""
    shutil.copytree(EXAMPLE, tmp_path / "szh" / "data")
    stad = tmp_path / "STAD.yaml"
    stad.write_text(
        "stad: Voorbeeld\nrepositories:\n  - naam: szh\n    pad: szh\n", encoding="utf-8"
    )
    subject = lees_stad(stad, datum=DATUM)
    for fmt in ("md", "html"):
        out = stad_pagina(subject, fmt)
        assert isinstance(out, str)
        golden(f"stad/voorbeeld.{fmt}", out)


def test_docs_name_every_field_of_stad_yaml_as_the_model_says() -> None:
    """docs/stad.md's field tables are the model: every field, `verplicht` or `*optioneel*`."""
    import re

    from wijkcli.stad.model import Repository, StadBestand

    doc = (REPO / "docs" / "stad.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `([\w.]+)` \| (verplicht|\*optioneel\*) \|", doc, re.M))
    want = {name: "verplicht" if f.is_required() else "*optioneel*"
            for name, f in StadBestand.model_fields.items()}  # fmt: skip
    want |= {f"repositories.{name}": "verplicht" if f.is_required() else "*optioneel*"
             for name, f in Repository.model_fields.items()}  # fmt: skip
    assert rows == want


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [(1, 1, "wrong-type")]),
        ("- a\n", [(1, 1, "wrong-type")]),
        ("stad: X\nrepositories: []\n", [(2, 15, "wrong-type")]),
        ("stad: X\n", [(1, 1, "missing-field")]),
        ("stad: !!python/object x\nrepositories:\n  - {naam: a, pad: a}\n", [(1, 7, "tag")]),
        ("stad: X\nrepositories:\n  - &a {naam: a, pad: a}\n  - *a\n", [(3, 5, "anchor")]),
    ],
)
def test_stad_yaml_is_read_as_strictly_as_a_data_file(
    tmp_path: Path, text: str, expected: list[tuple[int, int, str]]
) -> None:
    stad = tmp_path / "STAD.yaml"
    stad.write_text(text, encoding="utf-8")
    with pytest.raises(DataProblemsError) as exc:
        lees_stad(stad, datum=DATUM)
    assert _found(exc.value.problems) == [(stad.as_posix(), *e) for e in expected]


def test_jaren_limits_the_overview_to_those_years(
    city: Path, subject: Stad, tmp_path: Path
) -> None:
    text = (city / "STAD.yaml").read_text(encoding="utf-8").replace("pad: ", f"pad: {city}/")
    stad = tmp_path / "STAD.yaml"
    stad.write_text(text + "jaren: [2018]\n", encoding="utf-8")
    ctx = stad_context(lees_stad(stad, datum=DATUM))
    whole = stad_context(subject)
    assert [j["jaar"] for j in ctx["per_jaar"]] == [2018]
    assert ctx["per_jaar"] == [j for j in whole["per_jaar"] if j["jaar"] == 2018]
    assert ctx["totaal"] == {**whole["per_jaar"][1]["totaal"]}
    # The overdue report of the example is of 2017: not in an overview of 2018.
    assert ctx["te_laat"] == [] and whole["te_laat"] != []
