"""`wijk beoordeling`: loading, checks with positions, scoring, documents and the command (#9)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.conftest import EXAMPLE, console_errors, screenshot_is_blank
from tests.helpers import SCORING_WARNINGS, Found, check, edit
from wijkcli.beoordeling import (
    Beoordeling,
    beoordeling_context,
    beoordeling_problems,
    load_beoordeling,
    load_beoordelingen,
    median,
    rounded,
    score,
    spread,
    uitslag_document,
)
from wijkcli.beoordeling.model import Avond, Formulier, Kandidaat
from wijkcli.cli.app import app as wijk_app
from wijkcli.problems import DataProblemsError, Severity, WijkcliError

ID = "sbi-aanbesteding-2016"
DIR = f"data/beoordelingen/{ID}"
AVOND = f"{DIR}/avond.yaml"
KANDIDATEN = f"{DIR}/kandidaten.yaml"
VERSIE = "0123456789ab"


def form(n: int) -> str:
    return f"{DIR}/formulieren/f{n:02d}.yaml"


@pytest.fixture(scope="module")
def example() -> Beoordeling:
    b, _ = load_beoordeling(EXAMPLE.parent, ID)
    return b


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the example evening (tests may change it)."""
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE / "beoordelingen", target / "data" / "beoordelingen")
    return target


def last(repo: Path, rel: str, text: str) -> tuple[int, int]:
    """1-based (line, column) of the last occurrence of `text` in repo/rel."""
    content = (repo / rel).read_text(encoding="utf-8")
    offset = content.rindex(text)
    return content.count("\n", 0, offset) + 1, offset - (content.rfind("\n", 0, offset) + 1) + 1


EVENING: list[Found] = SCORING_WARNINGS
"""What `wijk check` reports on `repo` (only the evening, no rounds, so none of the rounds'
hours warnings): the evening's own two warnings. Passed as `example=` to `check`, whose default
assumes the whole example (and, with an error, would assume the rounds' counting stopped)."""


@pytest.fixture
def app() -> typer.Typer:
    """The real `wijk` app, so the tests also cover how the command is wired in."""
    return wijk_app


# --- the example ------------------------------------------------------------------------------


def test_example_has_no_errors_only_the_intended_warnings(repo: Path) -> None:
    problems = beoordeling_problems(repo)
    assert all(p.severity is Severity.WARNING for p in problems)
    check(repo, example=EVENING)


def test_example_result(example: Beoordeling) -> None:
    u = score(example)
    assert u.formulieren == 30
    assert [(k.kandidaat, k.plaats) for k in u.kandidaten] == [
        ("welzijn-samen", 1),
        ("buurtkracht-eemland", 2),
        ("naoberschap", 3),
        ("zorg-en-buurt", 4),
        ("wijkwijs", None),
    ]
    by_id = {k.kandidaat: k for k in u.kandidaten}
    # The near tie: exactly equal, separated by the heaviest criterion.
    assert by_id["buurtkracht-eemland"].gewogen == by_id["naoberschap"].gewogen == Fraction(7, 2)
    (tie,) = u.gelijkspelen
    assert (tie.hoger, tie.lager, tie.criterium) == ("buurtkracht-eemland", "naoberschap", "regie")
    assert tie.hoger_gemiddelde is not None and tie.lager_gemiddelde is not None
    assert tie.hoger_gemiddelde > tie.lager_gemiddelde
    # The recused participant: 29 forms, one linked participant.
    assert (by_id["buurtkracht-eemland"].formulieren, by_id["buurtkracht-eemland"].verbonden) == (
        29,
        1,
    )
    # Too few forms: a score, but no place, even though it is the highest.
    wijkwijs = by_id["wijkwijs"]
    assert wijkwijs.formulieren == 4 and wijkwijs.reden is not None
    best = by_id["welzijn-samen"].gewogen
    assert wijkwijs.gewogen is not None and best is not None and wijkwijs.gewogen > best
    # A blank on one form: that criterion has one score fewer.
    zorg = {c.criterium: c.aantal for c in by_id["zorg-en-buurt"].criteria}
    assert zorg == {"regie": 30, "wijkkennis": 30, "samenwerking": 30, "bereikbaar": 29}
    assert u.volgorde_criteria == ("regie", "wijkkennis", "samenwerking", "bereikbaar")


def test_weighted_score_is_the_weighted_mean_of_criterion_means(example: Beoordeling) -> None:
    assert example.avond is not None
    weights = {c.id: c.gewicht for c in example.avond.criteria}
    for k in score(example).kandidaten:
        means = {c.criterium: c.gemiddelde for c in k.criteria}
        expected = sum(weights[c] * m for c, m in means.items() if m is not None) / sum(
            weights.values()
        )
        assert k.gewogen == expected


@pytest.mark.parametrize("fmt", ["md", "html", "tabel", "json"])
def test_golden(example: Beoordeling, golden: Callable[[str, str], None], fmt: str) -> None:
    ext = {"tabel": "txt"}.get(fmt, fmt)
    golden(f"beoordeling/{ID}.{ext}", uitslag_document(example, score(example), fmt, versie=VERSIE))


def test_json_keeps_exact_values(example: Beoordeling) -> None:
    data = json.loads(uitslag_document(example, score(example), "json", versie=VERSIE))
    tied = [k for k in data["kandidaten"] if k["gewogen_exact"] == "7/2"]
    assert [k["kandidaat"] for k in tied] == ["buurtkracht-eemland", "naoberschap"]
    assert data["gelijkspelen"][0]["beslist_door"] == "regie"


@pytest.mark.parametrize("fmt", ["md", "html", "tabel", "json"])
def test_no_participant_in_any_output(example: Beoordeling, fmt: str) -> None:
    """Participants are anonymous numbers, and not even those reach an output."""
    out = uitslag_document(example, score(example), fmt, versie=VERSIE)
    assert not re.search(r"deelnemer\s*:?\s*[0-9]", out, re.IGNORECASE)
    assert '"deelnemer"' not in out


def test_context_holds_no_participant_data(example: Beoordeling) -> None:
    context = beoordeling_context(example, score(example), versie=VERSIE)
    text = repr(context)
    assert "deelnemer" not in text and "verbonden_met" not in text


def test_user_text_is_inert(repo: Path) -> None:
    edit(repo, KANDIDATEN, "naam: Welzijn Samen", 'naam: "<script>alert(1)</script> *Samen*"')
    b, _ = load_beoordeling(repo, ID)
    html = uitslag_document(b, score(b), "html", versie=VERSIE)
    md = uitslag_document(b, score(b), "md", versie=VERSIE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in md and r"\*Samen\*" in md


@pytest.mark.clients  # Chromium
@pytest.mark.usefixtures("example")
def test_html_in_real_browser(
    example: Beoordeling, tmp_path: Path, browser: Callable[[Path], tuple[str, Path]]
) -> None:
    page = tmp_path / "beoordeling.html"
    page.write_text(
        uitslag_document(example, score(example), "html", versie=VERSIE), encoding="utf-8"
    )
    log, shot = browser(page)
    assert console_errors(log) == []
    assert shot.exists() and not screenshot_is_blank(shot)


def test_html_is_standalone_with_an_accessible_chart(example: Beoordeling) -> None:
    html = uitslag_document(example, score(example), "html", versie=VERSIE)
    assert '<html lang="nl">' in html
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg and "<title id=" in svg and "aria-labelledby" in svg
    assert svg.count("<rect") == 5


# --- problems with their positions ------------------------------------------------------------


def test_score_out_of_scale(repo: Path) -> None:
    line, col = edit(repo, form(1), "regie: 4", "regie: 7")
    check(repo, (form(1), line, col + len("regie: "), "score-out-of-scale"), example=EVENING)


def test_form_scoring_a_candidate_twice(repo: Path) -> None:
    twice = "  welzijn-samen: {regie: 2, wijkkennis: 2, samenwerking: 2, bereikbaar: 2}\n"
    path = repo / form(2)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + twice, encoding="utf-8")
    line = text.count("\n") + 1
    check(repo, (form(2), line, 3, "duplicate-key"), example=EVENING)


def test_unknown_criterium_is_reported_once(repo: Path) -> None:
    """The misspelled score is an error; it is not also a 'geen score voor' warning."""
    line, col = edit(repo, form(3), "wijkkennis:", "wijkenis:")
    check(repo, (form(3), line, col, "unknown-criterium"), example=EVENING)


def test_unknown_criterium_with_suggestion(repo: Path) -> None:
    line, col = edit(repo, form(3), "wijkkennis:", "wijkenis:")
    problems = beoordeling_problems(repo)
    (p,) = [p for p in problems if p.code == "unknown-criterium"]
    assert p.location is not None
    assert (p.location.path, p.location.line, p.location.column) == (form(3), line, col)
    assert p.hint == "bedoelde je 'wijkkennis'?"


def test_unknown_kandidaat_with_suggestion(repo: Path) -> None:
    line, col = edit(repo, form(4), "naoberschap:", "naoberschop:")
    check(repo, (form(4), line, col, "unknown-kandidaat"), example=EVENING)
    problems = beoordeling_problems(repo)
    (p,) = [p for p in problems if p.code == "unknown-kandidaat"]
    assert p.location is not None
    assert (p.location.path, p.location.line, p.location.column) == (form(4), line, col)
    assert p.hint == "bedoelde je 'naoberschap'?"


def test_unknown_kandidaat_in_verbonden_met(repo: Path) -> None:
    line, col = edit(repo, form(12), "[buurtkracht-eemland]", "[buurtkracht]")
    check(repo, (form(12), line, col + 1, "unknown-kandidaat"), example=EVENING)


def test_recused_participant_scoring_the_linked_candidate(repo: Path) -> None:
    path = repo / form(12)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text + "  buurtkracht-eemland: {regie: 5, wijkkennis: 5, samenwerking: 5, bereikbaar: 5}\n",
        encoding="utf-8",
    )
    line = text.count("\n") + 1
    check(repo, (form(12), line, 3, "recused-score"), example=EVENING)


def test_recused_scores_never_count(repo: Path) -> None:
    """Even when asked to score data with that error, a recused score is left out."""
    path = repo / form(12)
    path.write_text(
        path.read_text(encoding="utf-8")
        + "  buurtkracht-eemland: {regie: 5, wijkkennis: 5, samenwerking: 5, bereikbaar: 5}\n",
        encoding="utf-8",
    )
    found_, _ = load_beoordelingen(repo / "data")
    by_id = {k.kandidaat: k for k in score(found_[ID]).kandidaten}
    assert by_id["buurtkracht-eemland"].gewogen == Fraction(7, 2)


def test_duplicate_participant(repo: Path) -> None:
    shutil.copy(repo / form(5), repo / f"{DIR}/formulieren/f5.yaml")
    check(repo, (f"{DIR}/formulieren/f5.yaml", 3, 12, "duplicate-participant"), example=EVENING)


def test_participant_number_must_match_the_file_name(repo: Path) -> None:
    line, col = edit(repo, form(7), "deelnemer: 7", "deelnemer: 8")
    check(
        repo,
        (form(7), line, col + len("deelnemer: "), "id-mismatch"),
        (form(8), 3, 12, "duplicate-participant"),
        example=EVENING,
    )


def test_form_file_name_must_be_f_and_a_number(repo: Path) -> None:
    (repo / form(30)).rename(repo / f"{DIR}/formulieren/laatste.yaml")
    check(repo, (f"{DIR}/formulieren/laatste.yaml", 3, 12, "id-mismatch"), example=EVENING)


def test_avond_id_must_match_the_folder(repo: Path) -> None:
    line, col = edit(repo, AVOND, f"id: {ID}", "id: sbi-2016")
    check(repo, (AVOND, line, col + len("id: "), "id-mismatch"), example=EVENING)


DUPLICATE_CRITERIUM = (
    "  - id: regie\n    naam: Nog eens regie\n    uitleg: Dubbel.\n    gewicht: 1\n"
)


def test_time_order_and_duplicate_criterium(repo: Path) -> None:
    """Two independent faults in avond.yaml, both in one run; the evening's own warnings stay."""
    t_line, t_col = edit(repo, AVOND, "eind: 22:00", "eind: 19:00")
    edit(repo, AVOND, "criteria:\n", "criteria:\n" + DUPLICATE_CRITERIUM)
    d_line, d_col = last(repo, AVOND, "id: regie")
    check(
        repo,
        (AVOND, t_line, t_col + len("eind: "), "time-order"),
        (AVOND, d_line, d_col + len("id: "), "duplicate-id"),
        example=EVENING,
    )


def test_time_order_scale_and_duplicate_criterium(repo: Path) -> None:
    """Three independent faults in avond.yaml in one run. The invalid scale is reported once and
    left out; no score is judged against it, and the evening's own warnings stay."""
    t_line, t_col = edit(repo, AVOND, "eind: 22:00", "eind: 19:00")
    s_line, s_col = edit(repo, AVOND, "max: 5", "max: 1")
    edit(repo, AVOND, "criteria:\n", "criteria:\n" + DUPLICATE_CRITERIUM)
    d_line, d_col = last(repo, AVOND, "id: regie")
    check(
        repo,
        (AVOND, t_line, t_col + len("eind: "), "time-order"),
        (AVOND, s_line, s_col + len("max: "), "invalid-value"),
        (AVOND, d_line, d_col + len("id: "), "duplicate-id"),
        example=EVENING,
    )


@pytest.mark.xfail(
    strict=True,
    reason="bug (#15 item 1): one bad value in a form hides the file's other problems; "
    "only the invalid-value is reported, not the score out of scale nor the unknown candidate",
)
def test_three_faults_in_one_form(repo: Path) -> None:
    """Three independent faults in one form are all reported in one run."""
    s_line, s_col = edit(repo, form(1), "regie: 4", "regie: 7")
    v_line, v_col = edit(repo, form(1), "wijkkennis: 4", "wijkkennis: 3.5")
    k_line, k_col = edit(repo, form(1), "naoberschap:", "naoberschop:")
    check(
        repo,
        (form(1), s_line, s_col + len("regie: "), "score-out-of-scale"),
        (form(1), v_line, v_col + len("wijkkennis: "), "invalid-value"),
        (form(1), k_line, k_col, "unknown-kandidaat"),
        example=EVENING,
    )


def test_three_faults_in_kandidaten(repo: Path) -> None:
    """Three independent faults in kandidaten.yaml are all reported in one run; the entries
    that were read correctly still take part (wijkwijs still has too few forms), and no form
    is blamed for scoring the candidate whose id failed."""
    u_line, u_col = edit(
        repo, KANDIDATEN, "naam: Welzijn Samen", "naam: Welzijn Samen\n    website: x"
    )
    m_line, m_col = edit(
        repo,
        KANDIDATEN,
        "id: buurtkracht-eemland\n    naam: Buurtkracht Eemland\n",
        "id: buurtkracht-eemland\n",
    )
    i_line, i_col = edit(repo, KANDIDATEN, "id: zorg-en-buurt", "id: Zorg en Buurt")
    check(
        repo,
        (KANDIDATEN, u_line + 1, u_col, "unknown-key"),
        (KANDIDATEN, m_line, m_col, "missing-field"),
        (KANDIDATEN, i_line, i_col + len("id: "), "invalid-value"),
        example=EVENING,
    )


def test_bad_scale_hides_nothing_else(repo: Path) -> None:
    """The bad value is reported and left out; the evening's own warnings are still there."""
    line, col = edit(repo, AVOND, "max: 5", "max: vijf")
    check(repo, (AVOND, line, col + len("max: "), "invalid-value"), example=EVENING)


def test_duplicate_kandidaat(repo: Path) -> None:
    edit(repo, KANDIDATEN, "id: wijkwijs", "id: naoberschap")
    line, col = last(repo, KANDIDATEN, "id: naoberschap")
    # wijkwijs is gone from the list, so the four forms that score it name a candidate that
    # does not exist (genuine: the volunteer must see which forms depend on the lost entry);
    # its too-few-scores warning goes with it.
    wijkwijs = [
        (form(n), *last(repo, form(n), "wijkwijs:"), "unknown-kandidaat") for n in (3, 9, 17, 24)
    ]
    check(
        repo,
        (KANDIDATEN, line, col + len("id: "), "duplicate-id"),
        *wijkwijs,
        example=[(form(21), 9, 3, "missing-score")],
    )


def test_missing_files(repo: Path) -> None:
    (repo / KANDIDATEN).unlink()
    (repo / AVOND).unlink()
    # One per missing file; without them nothing else of the evening can be checked.
    check(repo, (DIR, 0, 0, "missing-file"), (DIR, 0, 0, "missing-file"), example=[])


def test_unknown_file_and_unknown_key(repo: Path) -> None:
    (repo / f"{DIR}/formulier").mkdir()
    shutil.copy(repo / form(1), repo / f"{DIR}/formulier/f31.yaml")
    line, _ = edit(repo, form(9), "deelnemer: 9", "deelnemer: 9\nnaam: Piet Jansen")
    check(
        repo,
        (f"{DIR}/formulier/f31.yaml", 0, 0, "unknown-file"),
        (form(9), line + 1, 1, "unknown-key"),
        example=EVENING,
    )


def test_not_a_whole_number(repo: Path) -> None:
    line, col = edit(repo, form(10), "regie: 3", "regie: 3.5")
    check(repo, (form(10), line, col + len("regie: "), "invalid-value"), example=EVENING)


def test_too_few_scores_follows_the_minimum(repo: Path) -> None:
    edit(repo, AVOND, "minimum_formulieren: 5", "minimum_formulieren: 4")
    # wijkwijs's four forms now suffice: only the missing score is left.
    check(repo, (form(21), 9, 3, "missing-score"), example=[])
    b, _ = load_beoordeling(repo, ID)
    places = {k.kandidaat: k.plaats for k in score(b).kandidaten}
    assert places["wijkwijs"] == 1


def test_load_refuses_errors_and_unknown_ids(repo: Path) -> None:
    edit(repo, form(1), "regie: 4", "regie: 9")
    with pytest.raises(DataProblemsError) as exc:
        load_beoordeling(repo, ID)
    assert [p.code for p in exc.value.problems if p.is_error] == ["score-out-of-scale"]
    with pytest.raises(WijkcliError, match="bestaat niet"):
        load_beoordeling(repo, "onbekend")


# --- scoring rules ----------------------------------------------------------------------------


def test_median_and_spread() -> None:
    assert median([1, 5, 3]) == 3
    assert median([4, 1, 2, 5]) == Fraction(3)
    assert median([4, 5]) == Fraction(9, 2)
    assert str(spread([Fraction(2), Fraction(4)])) == "1.00"
    assert str(spread([Fraction(3)] * 4)) == "0.00"
    assert str(rounded(Fraction(7, 2))) == "3.50" and str(rounded(Fraction(1, 200))) == "0.01"


def _evening(
    criteria: list[tuple[str, int]],
    kandidaten: list[str],
    forms: list[dict[str, Any]],
    minimum: int = 1,
) -> Beoordeling:
    avond = Avond.model_validate(
        {
            "id": "test",
            "titel": "Test",
            "datum": "2016-06-14",
            "plek": "Buurthuis",
            "organisator": "Bewonersteam",
            "vraag": "Wie?",
            "ontvanger": "Commissie",
            "minimum_formulieren": str(minimum),
            "criteria": [
                {"id": cid, "naam": cid.upper(), "gewicht": str(w)} for cid, w in criteria
            ],
        }
    )
    return Beoordeling(
        id="test",
        avond=avond,
        kandidaten=[Kandidaat(id=k, naam=k.capitalize()) for k in kandidaten],
        formulieren={f"f{i + 1:02d}": Formulier.model_validate(f) for i, f in enumerate(forms)},
    )


def test_full_tie_shares_the_place_and_sorts_by_name() -> None:
    same = {"a": 4, "b": 3}
    b = _evening(
        [("a", 2), ("b", 1)],
        ["zeta", "alfa", "midden"],
        [
            {"deelnemer": "1", "scores": {"zeta": same, "alfa": same, "midden": {"a": 5, "b": 1}}},
        ],
    )
    u = score(b)
    assert [(k.kandidaat, k.plaats) for k in u.kandidaten] == [
        ("midden", 1),
        ("alfa", 2),
        ("zeta", 2),
    ]
    # midden: (10+1)/3 = 11/3; alfa, zeta: (8+3)/3 = 11/3 too, separated by criterion a.
    assert {t.criterium for t in u.gelijkspelen} == {"a", None}


def test_criterion_nobody_scored_means_no_place() -> None:
    b = _evening([("a", 1), ("b", 1)], ["een"], [{"deelnemer": "1", "scores": {"een": {"a": 3}}}])
    (k,) = score(b).kandidaten
    assert k.gewogen is None and k.plaats is None and k.reden is not None


CRITERIA = [("a", 3), ("b", 2), ("c", 1)]
KANDIDATEN_IDS = ["k1", "k2", "k3"]


@st.composite
def evenings(draw: st.DrawFn) -> list[dict[str, Any]]:
    n = draw(st.integers(min_value=0, max_value=8))
    forms = []
    for i in range(n):
        verbonden = draw(st.lists(st.sampled_from(KANDIDATEN_IDS), max_size=1))
        scores = {}
        for k in KANDIDATEN_IDS:
            if k in verbonden or draw(st.integers(0, 5)) == 0:
                continue
            crits = draw(st.lists(st.sampled_from([c for c, _ in CRITERIA]), unique=True))
            scores[k] = {c: draw(st.integers(1, 5)) for c in crits}
        forms.append({"deelnemer": i + 1, "verbonden_met": verbonden, "scores": scores})
    return forms


def _ranking(b: Beoordeling) -> list[tuple[str, int | None, Fraction | None]]:
    return [(k.kandidaat, k.plaats, k.gewogen) for k in score(b).kandidaten]


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(forms=evenings(), data=st.data())
def test_order_of_forms_never_changes_the_ranking(
    forms: list[dict[str, Any]], data: st.DataObject
) -> None:
    b = _evening(CRITERIA, KANDIDATEN_IDS, forms, minimum=2)
    expected = score(b)
    shuffled = data.draw(st.permutations(list(b.formulieren.items())))
    names = data.draw(st.permutations([f"f{i + 1:02d}" for i in range(len(shuffled))]))
    again = Beoordeling(
        id=b.id,
        avond=b.avond,
        kandidaten=b.kandidaten,
        formulieren={name: f for name, (_, f) in zip(names, shuffled, strict=True)},
    )
    assert score(again) == expected
    # The candidates' order in kandidaten.yaml does not matter either.
    reordered = Beoordeling(
        id=b.id,
        avond=b.avond,
        kandidaten=data.draw(st.permutations(b.kandidaten)),
        formulieren=b.formulieren,
    )
    assert _ranking(reordered) == _ranking(b)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(forms=evenings(), data=st.data())
def test_raising_one_score_never_lowers_that_candidates_total(
    forms: list[dict[str, Any]], data: st.DataObject
) -> None:
    spots = [
        (i, k, c)
        for i, f in enumerate(forms)
        for k, given_ in f["scores"].items()
        for c, v in given_.items()
        if v < 5
    ]
    if not spots:
        return
    i, k, c = data.draw(st.sampled_from(spots))
    before = {r.kandidaat: r for r in score(_evening(CRITERIA, KANDIDATEN_IDS, forms)).kandidaten}
    forms[i]["scores"][k][c] += data.draw(st.integers(1, 5 - forms[i]["scores"][k][c]))
    after = {r.kandidaat: r for r in score(_evening(CRITERIA, KANDIDATEN_IDS, forms)).kandidaten}
    if before[k].gewogen is not None:
        assert after[k].gewogen is not None and after[k].gewogen >= before[k].gewogen
        assert after[k].gewogen > before[k].gewogen


# --- the command ------------------------------------------------------------------------------


def test_command_tabel(
    runner: CliRunner, app: typer.Typer, repo: Path, golden: Callable[[str, str], None]
) -> None:
    result = runner.invoke(app, ["beoordeling", ID, "--data", str(repo)])
    assert result.exit_code == 0, result.stderr
    golden(f"beoordeling/{ID}.txt", result.stdout)
    assert "too-few-scores" in result.stderr and "missing-score" in result.stderr


def test_command_writes_the_advice(runner: CliRunner, app: typer.Typer, repo: Path) -> None:
    out = repo / "advies"
    out.mkdir()
    result = runner.invoke(
        app, ["beoordeling", ID, "--format", "html", "--uit", str(out), "--data", str(repo)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert (out / f"beoordeling-{ID}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE")


def test_command_refuses_data_with_errors(runner: CliRunner, app: typer.Typer, repo: Path) -> None:
    line, col = edit(repo, form(1), "regie: 4", "regie: 0")
    result = runner.invoke(app, ["beoordeling", ID, "--data", str(repo)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "score-out-of-scale" in result.stderr and f"{line}:{col + 7}" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_unknown_id(runner: CliRunner, app: typer.Typer, repo: Path) -> None:
    result = runner.invoke(app, ["beoordeling", "bestaat-niet", "--data", str(repo)])
    assert result.exit_code == 2
    assert "bestaat niet" in result.stderr and ID in result.stderr


def test_command_help_has_an_example(runner: CliRunner, app: typer.Typer) -> None:
    result = runner.invoke(app, ["beoordeling", "--help"])
    assert result.exit_code == 0
    assert "Voorbeeld: wijk beoordeling" in " ".join(result.stdout.split())
