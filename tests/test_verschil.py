"""`wijk verschil` on a git copy of the example: one commit per kind of change, each with a
golden summary; contact data never shows; the old version is read from git objects only."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, LEDEN, RONDE, VERGADERING, WIJKPLAN, edit
from wijkcli.cli.app import app

pytestmark = pytest.mark.clients

A02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
FIXED = {
    "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    "GIT_AUTHOR_DATE": "2017-05-01T12:00:00+02:00",
    "GIT_COMMITTER_DATE": "2017-05-01T12:00:00+02:00",
}  # fmt: skip
SECRETS = ("joke@nieuw.example", "0687654321", "piet@privé.example", "0611112222",
           "nieuw.adres@example.org", "joke.aldersveld@example.org", "0612345670")  # fmt: skip


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, **FIXED}
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return done.stdout.decode().strip()


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def repo(example_repo: Path) -> Path:
    git(example_repo, "init", "-q", "-b", "main")
    commit(example_repo, "start")
    return example_repo


def verschil(runner, repo: Path, *args: str):  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["verschil", "--data", str(repo), *args])
    for secret in SECRETS:
        assert secret not in result.stdout and secret not in result.stderr
    return result


def change_wijkplan(repo: Path) -> None:
    edit(repo, WIJKPLAN, "budget: 84000", "budget: 86500")
    edit(repo, WIJKPLAN, "vastgesteld: 2017-01-26", "vastgesteld: 2017-02-02")
    edit(repo, WIJKPLAN, "    prioriteit: 2\n", "    prioriteit: 4\n")
    edit(repo, WIJKPLAN, "    titel: Elkaar ontmoeten", "    titel: Elkaar ontmoeten in de wijk")
    edit(repo, WIJKPLAN, "          mirjam-lagerweij: 20\n", "          mirjam-lagerweij: 10\n")


def change_leden(repo: Path) -> None:
    edit(repo, LEDEN, "    email: joke.aldersveld@example.org\n    telefoon: 0612345670",
         "    email: joke@nieuw.example\n    telefoon: 0687654321")  # fmt: skip
    edit(
        repo, LEDEN, "functie: vicevoorzitter (kerngroep Wijkraad)", "functie: voorzitter kerngroep"
    )
    edit(repo, LEDEN, "  - id: anneloes-verhagen\n    naam: Anneloes Verhagen\n    wijk: zielhorst\n"
         "    rol: bewonersteam\n    functie: lid\n", "")  # fmt: skip
    edit(repo, VERGADERING, "afgemeld: [anneloes-verhagen]", "afgemeld: []")
    joined = "".join(
        f"  - id: {i}\n    naam: {n}\n    wijk: schothorst\n    rol: bewonersteam\n"
        for i, n in (("piet-nieuw", "Piet Nieuw"), ("sanne-de-vries", "Sanne de Vries"),
                     ("bram-hol", "Bram Hol"))
    )  # fmt: skip
    edit(repo, LEDEN, "leden:\n", "leden:\n" + joined.replace(
        "    rol: bewonersteam\n", "    rol: bewonersteam\n    email: piet@privé.example\n"
        "    telefoon: 0611112222\n", 1))  # fmt: skip


def change_ronde(repo: Path) -> None:
    edit(repo, RONDE, "  szh: 21000", "  szh: 20000")
    edit(repo, RONDE, "advies_uiterlijk: 2017-04-19", "advies_uiterlijk: 2017-04-20")
    edit(
        repo,
        RONDE,
        "  toewijzing: steun-overslaan",
        "  toewijzing: steun-overslaan\n  meerderheid: volstrekt",
    )


def change_aanvragen(repo: Path) -> None:
    edit(repo, A02, "\nbedrag: 3450\neigen_bijdrage: 1275", "\nbedrag: 3500\neigen_bijdrage: 1225")
    edit(repo, A02, "betrokken_leden: [tineke-van-t-zand]", "betrokken_leden: []")
    edit(repo, A02, "    email: secretaris.szh@example.org", "    email: nieuw.adres@example.org")
    edit(repo, AANVRAAG, "  linda-hoogeveen: 10\n", "  linda-hoogeveen: 15\n")


def new_ronde(repo: Path) -> None:
    folder = repo / "data/rondes/ronde-2017-3"
    (folder / "aanvragen").mkdir(parents=True)
    (folder / "ronde.yaml").write_text(
        "id: ronde-2017-3\nnaam: Subsidieronde 3 (2017)\njaar: 2017\nindienen_tot: 2017-06-30\n"
        "vergadering:\n  datum: 2017-07-13\n  begin: 19:30\nadvies_uiterlijk: 2017-07-19\n"
        "budget:\n  szh: 21000\nuren:\n  mirjam-lagerweij: 40\nstemming: geheim\n"
        "regels:\n  meerderheid: twee-derde\n",
        encoding="utf-8",
    )
    (folder / "aanvragen/moestuin.yaml").write_text(
        "id: moestuin\ntitel: Buurtmoestuin Zielhorst\ngebied: szh\nwijken: [zielhorst]\n"
        "thema: ontmoeten\naanvrager:\n  naam: Moestuingroep\n  soort: groep\n  contact:\n"
        "    email: nieuw.adres@example.org\nbetrokken_leden: []\nbedrag: 1200\n"
        "uren:\n  mirjam-lagerweij: 20\ningediend: 2017-06-20\n",
        encoding="utf-8",
    )


VOORTGANG = "data/rondes/ronde-2017-2/voortgang"


def change_voortgang(repo: Path) -> None:
    a01 = f"{VOORTGANG}/a01-huiskamer.yaml"
    edit(repo, a01, "      vervuld: 2017-12-18", "      vervuld: 2017-12-19")
    edit(repo, a01, "    datum: 2017-10-17\n", "    datum: 2017-10-17\n  - status: afgerond\n"
         "    datum: 2017-11-20\n")  # fmt: skip
    edit(repo, a01, "besteed: 6350", "besteed: 6400")
    (repo / VOORTGANG / "a08-taalcafe.yaml").unlink()


STEPS = [
    ("wijkplan", change_wijkplan),
    ("leden", change_leden),
    ("ronde", change_ronde),
    ("aanvragen", change_aanvragen),
    ("nieuwe-ronde", new_ronde),
    ("voortgang", change_voortgang),
]


def _without_commit(repo: Path, summary: str) -> str:
    """The summary with the base's commit id (which follows from the example data's bytes)
    written as <commit>, after checking that it is there."""
    short = git(repo, "rev-parse", "--short=12", "HEAD")
    assert f"({short})" in summary
    return summary.replace(f"({short})", "(<commit>)")


def test_one_commit_per_kind_of_change(runner, repo: Path, golden) -> None:  # type: ignore[no-untyped-def]
    for name, change in STEPS:
        change(repo)
        result = verschil(runner, repo, "--sinds", "HEAD")
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        golden(f"verschil/{name}.md", _without_commit(repo, result.stdout))
        commit(repo, name)


def test_a_data_folder_that_is_new_since_the_ref_is_all_new(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from tests.conftest import EXAMPLE

    repo = tmp_path / "nieuw"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("Gegevens van het Bewonersteam\n", encoding="utf-8")
    commit(repo, "start")
    git(repo, "checkout", "-q", "-b", "gegevens")
    shutil.copytree(EXAMPLE, repo / "data")
    commit(repo, "the first data")
    result = verschil(runner, repo, "--sinds", "main")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == [
        f"## Wat verandert er sinds main ({git(repo, 'rev-parse', '--short=12', 'main')})",
        "### Gebied szh (nieuw)",
        "### Wijkplan szh 2017 (nieuw)",
        "### Urenbalans szh 2017 (beschikbaar, in het wijkplan, over)",
        "### Leden szh (nieuw)",
        "### Ronde ronde-2017-2 (nieuw)",
        "### Aanvragen ronde-2017-2",
        "### Notulen ronde-2017-2 szh (nieuw)",
        "### Advies ronde-2017-2",
        "### Voortgang ronde-2017-2",
    ]
    assert "| A01 Huiskamer De Koperhorst | toegevoegd | — | titel: " in result.stdout
    assert (
        "| A04 Muziekcafé 't Middelpunt | toegevoegd | — | aanvraag: A04 Muziekcafé 't "
        "Middelpunt; " in result.stdout
    )
    # A round that is new has no "was" for its advice: not "(niet behandeld)" but "—", and
    # one row per application, by name.
    advies = result.stdout[result.stdout.index("### Advies") : result.stdout.index("### Voortgang")]
    assert "niet behandeld" not in advies
    a01 = [line for line in advies.splitlines() if "Huiskamer" in line]
    assert a01 == [
        "| szh | A01 Huiskamer De Koperhorst | advies<br>bedrag<br>uren<br>uitkomst<br>stemmen | "
        "—<br>—<br>—<br>—<br>— | gedeeltelijk<br>€ 6.500,00<br>Linda Hoogeveen 10, Mirjam "
        "Lagerweij 30<br>aangenomen<br>8 voor, 2 tegen, 1 onthouding |"
    ]


def test_only_comments_changed(runner, repo: Path, golden) -> None:  # type: ignore[no-untyped-def]
    edit(repo, WIJKPLAN, "gebied: szh\n", "# Een nieuwe opmerking.\ngebied:   szh\n")
    edit(repo, RONDE, "budget:\n", "budget:   # per gebied\n")
    result = verschil(runner, repo, "--sinds", "main")
    assert result.exit_code == 0, result.output
    golden("verschil/alleen-opmerkingen.md", _without_commit(repo, result.stdout))
    assert "alleen opmerkingen of opmaak (2 bestanden)" in result.stdout
    git(repo, "checkout", "-q", "--", ".")
    same = verschil(runner, repo, "--sinds", "main")
    assert same.stdout.startswith("Geen verschil in de gegevens sinds main (")


def test_json_has_exact_amounts_and_no_contact_data(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    change_wijkplan(repo)
    change_leden(repo)
    result = verschil(runner, repo, "--sinds", "main", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert list(doc) == sorted(doc)
    plan = next(p for p in doc["onderdelen"] if p["soort"] == "wijkplan")
    assert {
        "onderwerp": "",
        "wat": "budget",
        "was": "84000.00",
        "wordt": "86500.00",
        "prive": False,
    } in plan["wijzigingen"]
    leden = next(p for p in doc["onderdelen"] if p["soort"] == "leden")
    contact = [w for w in leden["wijzigingen"] if w["prive"]]
    assert contact == [
        {
            "onderwerp": "lid joke-aldersveld",
            "wat": "contactgegevens",
            "was": None,
            "wordt": None,
            "prive": True,
        }
    ]
    assert verschil(runner, repo, "--sinds", "main", "--format", "json").stdout == result.stdout


def test_narrow_to_a_ronde_or_a_gebied(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    change_wijkplan(repo)
    change_ronde(repo)
    ronde = verschil(runner, repo, "ronde-2017-2", "--sinds", "main")
    assert ronde.exit_code == 0, ronde.output
    titles = [line for line in ronde.stdout.splitlines() if line.startswith("### ")]
    assert titles == ["### Ronde ronde-2017-2", "### Advies ronde-2017-2"]
    gebied = verschil(runner, repo, "szh", "--sinds", "main")
    titles = [line for line in gebied.stdout.splitlines() if line.startswith("### ")]
    assert titles == ["### Wijkplan szh 2017", "### Urenbalans szh 2017 (beschikbaar, in het "
                      "wijkplan, over)", "### Ronde ronde-2017-2", "### Advies ronde-2017-2"]  # fmt: skip
    unknown = verschil(runner, repo, "noord", "--sinds", "main")
    assert unknown.exit_code == 2
    assert unknown.stderr.endswith("'noord' is geen ronde of gebied (wel: ronde-2017-2, szh)\n")
    close = verschil(runner, repo, "ronde-2017-3", "--sinds", "main")
    assert close.exit_code == 2
    assert close.stderr.endswith(
        "'ronde-2017-3' is geen ronde of gebied (wel: ronde-2017-2, szh); "
        "bedoelde je 'ronde-2017-2'?\n"
    )


def test_before_the_first_commit_verschil_says_so(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    git(example_repo, "init", "-q", "-b", "main")
    result = verschil(runner, example_repo)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "wijk: git kent 'HEAD' niet (een commit, tak of tag); er is nog niets vastgelegd in git "
        "(git add en git commit)\n"
    )


def test_an_unknown_ref_is_a_usage_mistake_with_a_suggestion(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    git(repo, "tag", "ronde-2017-1-vastgesteld")
    result = verschil(runner, repo, "--sinds", "mian")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "wijk: git kent 'mian' niet (een commit, tak of tag); bedoelde je 'main'?\n"
    )
    tag = verschil(runner, repo, "--sinds", "ronde-2017-1-vastgesteld~1")
    assert tag.exit_code == 2, tag.output
    assert (
        tag.stderr == "wijk: git kent 'ronde-2017-1-vastgesteld~1' niet (een commit, tak of tag)\n"
    )


def test_errors_only_in_the_old_version_are_labelled(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    edit(repo, RONDE, "  szh: 21000", "  szh: 21.000,50")
    commit(repo, "broken")
    edit(repo, RONDE, "  szh: 21.000,50", "  szh: 21000")
    result = verschil(runner, repo, "--sinds", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""  # nothing is wrong with the files as they are
    lines = result.stdout.splitlines()
    short = git(repo, "rev-parse", "--short=12", "HEAD")
    assert lines[0] == f"## Wat verandert er sinds HEAD ({short})"
    at = lines.index(f"### Fouten in de oude versie: HEAD ({short})")
    assert lines[at + 2] == (
        f"De oude versie (HEAD, {short}) heeft fouten die de huidige bestanden niet meer hebben; "
        "die hoef je niet op te lossen. Het verschil in het advies is daarom niet berekend."
    )
    assert "los ze eerst op" not in result.output
    errors = [line for line in lines if line.startswith("- data/")]
    assert len(errors) == 1 and errors[0].startswith("- data/rondes/ronde-2017-2/ronde.yaml:22:8: ")
    # ...while errors in the working files are the user's to fix first (exit 1).
    edit(repo, RONDE, "  szh: 21000", "  szh: 21.000,50")
    now = verschil(runner, repo, "--sinds", "main")
    assert now.exit_code == 1 and "los ze eerst op" in now.stderr


def test_symlinks_and_export_ignore_do_not_change_the_old_tree(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    (repo / ".gitattributes").write_text("data/** export-ignore\n", encoding="utf-8")
    os.symlink(
        "../../../gebieden/szh/leden.yaml", repo / "data/rondes/ronde-2017-2/aanvragen/link.yaml"
    )
    commit(repo, "attributes and a link")
    (repo / "data/rondes/ronde-2017-2/aanvragen/link.yaml").unlink()
    result = verschil(runner, repo, "--sinds", "HEAD")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Geen verschil in de gegevens sinds HEAD (")
    assert result.stderr == (
        "data/rondes/ronde-2017-2/aanvragen/link.yaml: waarschuwing: in HEAD is dit een "
        "symbolische link, geen gewoon bestand; wijkcli leest het niet en slaat het over "
        "(wijkcli volgt geen symbolische links of submodules: zet het echte bestand of de echte "
        "map hier) [not-a-file]\n"
    )


def old_problems(result) -> list[tuple[str, int | None, int | None, str]]:  # type: ignore[no-untyped-def]
    doc = json.loads(result.stdout)
    return [(p["pad"], p["regel"], p["kolom"], p["code"]) for p in doc["oude_problemen"]]


def test_the_old_version_is_read_with_the_rules_of_the_reader(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    """A name that is not UTF-8 and a file over the size limit are errors of the old version
    (never read, never shown as raw bytes); hidden entries do not count; a submodule is a
    warning."""
    aanvragen = repo / "data/rondes/ronde-2017-2/aanvragen"
    (aanvragen / os.fsdecode(b"a98-caf\xe9.yaml")).write_bytes((repo / A02).read_bytes())
    (aanvragen / "a99-groot.yaml").write_text("# x\n" * 300_000, encoding="utf-8")
    (repo / "data/rondes/.oud").mkdir()
    (repo / "data/rondes/.oud/ronde.yaml").write_bytes((repo / RONDE).read_bytes())
    (aanvragen / ".a01-kopie.yaml").write_text("id: [kapot\n", encoding="utf-8")
    git(repo, "add", "-A")
    head = git(repo, "rev-parse", "HEAD")
    git(repo, "update-index", "--add", "--cacheinfo",
        f"160000,{head},data/rondes/ronde-2017-2/aanvragen/sub")  # fmt: skip
    git(repo, "commit", "-qm", "odd entries")
    git(repo, "rm", "-q", "--cached", "data/rondes/ronde-2017-2/aanvragen/sub")
    for path in [*aanvragen.glob("a9*"), *aanvragen.glob(".a*"), repo / "data/rondes/.oud"]:
        shutil.rmtree(path) if path.is_dir() else path.unlink()
    result = verschil(runner, repo, "--sinds", "HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    folder = "data/rondes/ronde-2017-2/aanvragen"
    assert old_problems(result) == [
        (f"{folder}/a98-caf\\xe9.yaml", 0, 0, "bad-file-name"),
        (f"{folder}/a99-groot.yaml", 1, 1, "file-too-large"),
    ]
    assert result.stderr == (
        f"{folder}/sub: waarschuwing: in HEAD is dit een submodule, geen gewoon bestand; wijkcli "
        "leest het niet en slaat het over (wijkcli volgt geen symbolische links of submodules: "
        "zet het echte bestand of de echte map hier) [not-a-file]\n"
    )
    doc = json.loads(result.stdout)
    assert [p["titel"] for p in doc["onderdelen"]] == []
    md = verschil(runner, repo, "--sinds", "HEAD")
    short = git(repo, "rev-parse", "--short=12", "HEAD")
    assert [line for line in md.stdout.splitlines() if line.startswith("#")] == [
        f"## Wat verandert er sinds HEAD ({short})",
        f"### Fouten in de oude versie: HEAD ({short})",
    ]


@pytest.mark.parametrize("ref", ["--output=x.txt", "$(touch pwned)", "main;touch pwned", "-h"])
def test_refs_are_never_options_or_shell(runner, repo: Path, ref: str) -> None:  # type: ignore[no-untyped-def]
    result = verschil(runner, repo, f"--sinds={ref}")
    assert result.exit_code == 2, result.output
    assert f"git kent '{ref}' niet" in result.stderr
    # Nothing written by git (no x.txt); the cache of wijk check is wijkcli's own.
    assert sorted(p.name for p in repo.iterdir()) == [".git", ".wijkcli-cache", "data"]


def test_json_keeps_the_exact_ref_but_escapes_what_a_terminal_acts_on(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    git(repo, "commit", "-q", "--allow-empty", "-m", "start \x9b31m \u202e")
    ref = "HEAD^{/\x9b31m \u202e}"
    change_ronde(repo)
    result = verschil(runner, repo, "--sinds", ref, "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"sinds": "HEAD^{/\\u009b31m \\u202e}"' in result.stdout
    assert all(c.isprintable() or c == "\n" for c in result.stdout)
    assert json.loads(result.stdout)["sinds"] == ref


@pytest.mark.parametrize("ref", ["main", "v1", ":/^start", "HEAD^{/start}", "main~0"])
def test_a_ref_may_be_a_branch_tag_or_any_commit_expression(runner, repo: Path, ref: str) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.documents.render import md_escape

    git(repo, "tag", "-a", "-m", "versie 1", "v1")
    change_ronde(repo)
    result = verschil(runner, repo, "--sinds", ref)
    assert result.exit_code == 0, result.output
    short = git(repo, "rev-parse", "--short=12", "main")
    assert result.stdout.splitlines()[0] == f"## Wat verandert er sinds {md_escape(ref)} ({short})"


def test_a_ref_that_is_no_commit_is_unknown(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = verschil(runner, repo, "--sinds", f"HEAD:{RONDE}")
    assert result.exit_code == 2, result.output
    assert f"git kent 'HEAD:{RONDE}' niet" in result.stderr


def test_an_unknown_ref_is_named_visibly(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = verschil(runner, repo, "--sinds", "nee\x1b]0;pwned\x07\u202e")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "wijk: git kent 'nee\\x1b]0;pwned\\x07\\u202e' niet (een commit, tak of tag)\n"
    )


HOSTILE_MESSAGE = "[l](javascript:alert(1)) <img src=x> \x1b]0;pwned\x07 \u202e"
HOSTILE_REFS = [
    "<b>_x_|&amp;`c`!(a)]#",  # a branch name: markup, an entity, a code span
    "HEAD^{/\\[l\\]\\(javascript:alert\\(1\\)\\) <img src=x>}",  # found by its message
    "HEAD^{/\x1b]0;pwned\x07 \u202e}",  # a terminal title sequence, a bidi override
]


@pytest.mark.parametrize("ref", HOSTILE_REFS)
def test_a_ref_is_plain_text_in_the_markdown_headings(runner, repo: Path, ref: str) -> None:  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    from wijkcli.text import visible

    # The old version (with an error, so that its ref heads a second section too) is the
    # commit with the hostile message, on the branch with the hostile name.
    edit(repo, RONDE, "  szh: 21000", "  szh: 21.000,50")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", HOSTILE_MESSAGE)
    git(repo, "branch", HOSTILE_REFS[0])
    base = git(repo, "rev-parse", "--short=12", "HEAD")
    edit(repo, RONDE, "  szh: 21.000,50", "  szh: 20000")
    result = verschil(runner, repo, "--sinds", ref)
    assert result.exit_code == 0, result.output
    assert all(c.isprintable() or c == "\n" for c in result.stdout)
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    headings = [
        (t.tag, [(k.type, k.content) for k in inline.children or []])
        for t, inline in pairwise(tokens)
        if t.type == "heading_open"
    ]
    shown = visible(ref)
    assert [h for h in headings if h[0] == "h2" or "oude versie" in h[1][0][1]] == [
        ("h2", [("text", f"Wat verandert er sinds {shown} ({base})")]),
        ("h3", [("text", f"Fouten in de oude versie: {shown} ({base})")]),
    ]


def test_nothing_is_written_to_the_temp_folder(repo: Path, tmp_path: Path) -> None:
    change_leden(repo)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}
    done = subprocess.run(
        [sys.executable, "-m", "wijkcli", "verschil", "--sinds", "main", "--data", str(repo)],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "### Leden szh" in done.stdout
    assert list(temp.iterdir()) == []


@pytest.mark.parametrize("signal", ["TERM", "HUP"])
def test_nothing_is_left_in_the_temp_folder_when_stopped(  # type: ignore[no-untyped-def]
    repo: Path, tmp_path: Path, signal: str
) -> None:
    """Stopped by SIGTERM or SIGHUP while git reads the old version (a `git` first on PATH
    sends the signal to wijk when it is asked for more than rev-parse or status)."""
    import shutil
    import stat

    change_leden(repo)
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "git").write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do case "$arg" in rev-parse|status) break ;;\n'
        f"  ls-tree|cat-file|archive|show|worktree|checkout) kill -{signal} $PPID; exit 1 ;; esac\n"
        "done\n"
        f'exec "{shutil.which("git")}" "$@"\n',
        encoding="utf-8",
    )
    (shim / "git").chmod(stat.S_IRWXU)
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp),
           "PATH": f"{shim}{os.pathsep}{os.environ['PATH']}"}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-m", "wijkcli", "verschil", "--sinds", "main", "--data", str(repo)],
        env=env, capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0 and done.stdout == "", (done.returncode, done.stdout)
    assert list(temp.iterdir()) == []


def test_plain_lists_are_compared_whole(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    edit(
        repo,
        A02,
        "wijken: [schothorst, zielhorst, hoefkwartier]",
        "wijken: [schothorst, zielhorst]",
    )
    result = verschil(runner, repo, "ronde-2017-2", "--sinds", "main")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| A02")]
    assert rows == [
        "| A02 Wijkgids SZH 2017 „Wegwijs” | wijken | schothorst, zielhorst, hoefkwartier | "
        "schothorst, zielhorst |"
    ]


def test_a_secret_ballot_is_compared_as_counts(example_dataset) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.documents.verschil_velden import Wijziging, field_changes

    v = example_dataset.rondes["ronde-2017-2"].vergaderingen["szh"]
    b = v.besluiten["a01-huiskamer"]
    voor = list(b.stemmen.voor)
    moved = b.model_copy(update={"stemmen": b.stemmen.model_copy(
        update={"voor": voor[1:], "tegen": [*b.stemmen.tegen, voor[0]]})})  # fmt: skip
    changed = v.model_copy(update={"besluiten": {**v.besluiten, "a01-huiskamer": moved}})
    n_voor, n_tegen = len(voor), len(b.stemmen.tegen)
    assert field_changes(v, changed, geheim=True) == [
        Wijziging("besluit a01-huiskamer", "stemmen · voor", n_voor, n_voor - 1),
        Wijziging("besluit a01-huiskamer", "stemmen · tegen", n_tegen, n_tegen + 1),
    ]
    # An open ballot shows who moved.
    assert field_changes(v, changed)[0] == Wijziging(
        "besluit a01-huiskamer", "stemmen · voor", voor, voor[1:]
    )


def test_an_application_decided_since_was_not_discussed(runner, repo: Path) -> None:  # type: ignore[no-untyped-def]
    # In main A07 has no decision (niet behandeld); the working files add it back.
    path = repo / VERGADERING
    text = path.read_text(encoding="utf-8")
    start = text.index("  a07-buurtbarbecue:\n")
    end = text.index("  a08-taalcafe:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    commit(repo, "A07 not discussed")
    path.write_text(text, encoding="utf-8")
    result = verschil(runner, repo, "ronde-2017-2", "--sinds", "HEAD")
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if "Buurtbarbecue" in line]
    assert rows == [
        "| szh | A07 Buurtbarbecue Hoefkwartier | advies<br>bedrag<br>uren<br>uitkomst<br>stemmen "
        "| (niet behandeld)<br>—<br>—<br>—<br>— | afwijzen<br>€ 0,00<br>geen<br>aangenomen<br>9 "
        "voor, 0 tegen, 2 onthouding |"
    ]
