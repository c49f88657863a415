"""Every problem class of the cross-file checks, on a copy of the example: one edit each, and
the (file, line, column, code) the check reports. Where a check points at a whole block (a
missing field, a list that does not add up) only the file and code are asserted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, GEBIED, LEDEN, RONDE, VERGADERING, WIJKPLAN, check

A02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
A05 = "data/rondes/ronde-2017-2/aanvragen/a05-chill-en-skill.yaml"
A07 = "data/rondes/ronde-2017-2/aanvragen/a07-buurtbarbecue.yaml"

CASES = [
    # (file, old, new, anchor in new (None: no problem at the edit), code, and every other
    # problem the edit gives: the complete list is compared)
    (
        GEBIED,
        "  - id: hoefkwartier",
        "  - id: zielhorst",
        "zielhorst",
        "duplicate-id",
        # The applications in the wijk that is gone.
        ((A02, 7, 33, "unknown-wijk"), (A05, 7, 10, "unknown-wijk"), (A07, 7, 10, "unknown-wijk")),
    ),
    (
        GEBIED,
        "buurtnetwerker: mirjam-lagerweij",
        "buurtnetwerker: joke-aldersveld",
        "joke-aldersveld",
        "not-a-professional",
    ),
    (LEDEN, "  - id: ruud-kamperman", "  - id: joke-aldersveld", "joke-aldersveld", "duplicate-id"),
    # At the member's item.
    (LEDEN, "    wijk: zielhorst\n", "", None, "missing-field", ((LEDEN, 5, 5, "missing-field"),)),
    (
        LEDEN,
        "    organisatie: Politie\n",
        "",
        None,
        "missing-field",
        ((LEDEN, 96, 5, "missing-field"),),
    ),
    (
        LEDEN,
        "    rol: bewonersteam\n",
        "    rol: bewonersteam\n    uren: {2017: 10}\n",
        "uren",
        "hours-not-professional",
    ),
    (
        WIJKPLAN,
        "  - id: jeugd",
        "  - id: omzien",
        "omzien",
        "duplicate-id",
        ((A05, 8, 8, "unknown-thema"),),
    ),  # its applications' thema is gone
    (WIJKPLAN, "gebied: szh", "gebied: noord", "noord", "id-mismatch"),
    (WIJKPLAN, "vastgesteld: 2017-01-26", "vastgesteld: 2018-01-26", "2018", "date-order"),
    (
        RONDE,
        "budget:\n  szh: 21000",
        "budget:\n  szh: 21000\n  noord: 100",
        "noord",
        "unknown-gebied",
    ),
    (RONDE, "  eind: 21:45", "  eind: 19:00", "19:00", "time-order"),
    (
        RONDE,
        "jaar: 2017",
        "jaar: 2016",
        "2016",
        "date-order",
        ((RONDE, 22, 3, "missing-wijkplan"),),
    ),
    (
        AANVRAAG,
        "gebied: szh",
        "gebied: noord",
        "noord",
        "unknown-gebied",
        ((VERGADERING, 33, 3, "wrong-gebied"),),
    ),
    (AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-04-02", "2017", "late"),
    (
        AANVRAAG,
        "    bedrag: 3900",
        "    bedrag: 3901",
        None,
        "budget-sum",
        ((AANVRAAG, 20, 3, "budget-sum"),),
    ),  # at begroting
    (
        VERGADERING,
        "afgemeld: [anneloes-verhagen]",
        "afgemeld: [anneloes-verhagen, priya-ramdin]",
        "priya-ramdin",
        "present-and-absent",
        # Now absent, so each of her votes is too.
        tuple((VERGADERING, n, 11, "absent-vote") for n in (55, 83, 108, 130, 157, 187, 206, 231)),
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  anneloes-verhagen: a08-taalcafe",
        "anneloes-verhagen",
        "left-but-absent",
        # Ahmet's time of leaving stays without his leaving; he is at A08 and did not vote.
        ((VERGADERING, 30, 3, "left-time-only"), (VERGADERING, 224, 5, "missing-votes")),
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  ahmet-yildiz: a09-onbekend",
        "a09",
        "unknown-aanvraag",
        ((VERGADERING, 224, 5, "missing-votes"),),  # Ahmet is at A08 now
    ),
    (
        VERGADERING,
        "    voorstel: afwijzen\n",
        "    voorstel: afwijzen\n    bedrag: 100\n",
        "100",
        "amount-with-rejection",
    ),
    (VERGADERING, "    bedrag: 6500", "    bedrag: 9000", "9000", "advice-exceeds-request"),
    (
        VERGADERING,
        "    bedrag: 3450",
        "    bedrag: 3000",
        "3000",
        "partial-as-full",
        (("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", 6, 11, "granted-above-advice"),),
    ),
    (
        VERGADERING,
        "      mirjam-lagerweij: 10\n",
        "      mirjam-lagerweij: 10\n      gerda-wolters: 5\n",
        "gerda-wolters",
        "hours-not-asked",
        # Gerda's hours of the round run out (an error, so hours are counted: the example's
        # warning about A05's hours is there too).
        ((VERGADERING, 218, 22, "hours-exceeded"), (A05, 33, 20, "hours-asked-exceed")),
    ),
    (
        VERGADERING,
        "      mirjam-lagerweij: 10\n",
        "      mirjam-lagerweij: 12\n",
        "12",
        "hours-exceed-request",
    ),
    (
        VERGADERING,
        "    bedrag: 4000\n",
        "    bedrag: 4000\n    voorzitter_beslist: aangenomen\n",
        "voorzitter_beslist",
        "chair-decision-unused",
    ),
    (
        VERGADERING,
        "      onthouding: []\nopmerkingen:",
        "      onthouding: 2\nopmerkingen:",
        "2",
        "count-open-vote",
    ),
]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


CASES = [(*c, ()) if len(c) == 5 else c for c in CASES]


@pytest.mark.parametrize(
    ("rel", "old", "new", "anchor", "code", "also"),
    CASES,
    ids=[f"{c[4]}-{i}" for i, c in enumerate(CASES)],
)
def test_problem_class(
    example_repo: Path,
    rel: str,
    old: str,
    new: str,
    anchor: str | None,
    code: str,
    also: tuple[tuple[str, int, int, str], ...],
) -> None:
    path = example_repo / rel
    text = path.read_text(encoding="utf-8")
    start = text.index(old)  # where `new` will stand
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    if anchor is None:  # the problem is elsewhere: in `also`
        assert code in {c for *_, c in also}
        check(example_repo, *also)
        return
    line, column = _position(text, start + new.index(anchor))
    check(example_repo, (rel, line, column, code), *also)


def test_missing_files(example_repo: Path) -> None:
    (example_repo / LEDEN).unlink()
    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2")
    (example_repo / "data/rondes/ronde-2018-1/aanvragen").mkdir(parents=True)
    (example_repo / "data/rondes/ronde-2018-1/aanvragen/x.yaml").write_text("id: x\n")
    check(
        example_repo,
        ("data/gebieden/szh", 0, 0, "missing-file"),
        ("data/rondes/ronde-2018-1", 0, 0, "missing-file"),
        # Each of the application's 8 required fields but id, at the top of the file.
        *[("data/rondes/ronde-2018-1/aanvragen/x.yaml", 1, 1, "missing-field")] * 8,
    )


def test_application_not_discussed(example_repo: Path) -> None:
    src = example_repo / "data/rondes/ronde-2017-2/aanvragen/a04-muziekcafe.yaml"
    copy = src.with_name("a09-kopie.yaml")
    copy.write_text(
        src.read_text(encoding="utf-8").replace("id: a04-muziekcafe", "id: a09-kopie"),
        encoding="utf-8",
    )
    check(
        example_repo,
        (VERGADERING, 32, 1, "not-discussed"),  # at besluiten
        # The copy kept A04's agenda number.
        ("data/rondes/ronde-2017-2/aanvragen/a09-kopie.yaml", 4, 9, "duplicate-nummer"),
    )


def test_every_explanation_as_wijk_check_uitleg_shows_it(runner, golden) -> None:  # type: ignore[no-untyped-def]
    """`wijk check --uitleg CODE` for every known code, byte for byte: the explanations are
    volunteer-facing text (reviewed like any output), and a code that loses its explanation
    shortens this file."""
    from wijkcli.checks.explain import CODES
    from wijkcli.cli.app import app

    pages = []
    for code in sorted(CODES):
        result = runner.invoke(app, ["check", "--uitleg", code])
        assert result.exit_code == 0, result.stderr
        pages.append(result.stdout)
    golden("check/uitleg.txt", "\n".join(pages))
