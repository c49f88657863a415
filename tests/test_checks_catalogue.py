"""Every problem class of the cross-file checks, on a copy of the example: one edit each, and
the (file, line, column, code) the check reports. Where a check points at a whole block (a
missing field, a list that does not add up) only the file and code are asserted."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, GEBIED, LEDEN, RONDE, VERGADERING, WIJKPLAN, found

CASES = [
    # (file, old, new, anchor in new (None: file and code only), code)
    (GEBIED, "  - id: hoefkwartier", "  - id: zielhorst", "zielhorst", "duplicate-id"),
    (
        GEBIED,
        "buurtnetwerker: mirjam-lagerweij",
        "buurtnetwerker: joke-aldersveld",
        "joke-aldersveld",
        "not-a-professional",
    ),
    (LEDEN, "  - id: ruud-kamperman", "  - id: joke-aldersveld", "joke-aldersveld", "duplicate-id"),
    (LEDEN, "    wijk: zielhorst\n", "", None, "missing-field"),
    (LEDEN, "    organisatie: Politie\n", "", None, "missing-field"),
    (
        LEDEN,
        "    rol: bewonersteam\n",
        "    rol: bewonersteam\n    uren: {2017: 10}\n",
        "uren",
        "hours-not-professional",
    ),
    (WIJKPLAN, "  - id: jeugd", "  - id: omzien", "omzien", "duplicate-id"),
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
    (RONDE, "jaar: 2017", "jaar: 2016", "2016", "date-order"),
    (RONDE, "jaar: 2017", "jaar: 2016", None, "missing-wijkplan"),
    (AANVRAAG, "gebied: szh", "gebied: noord", "noord", "unknown-gebied"),
    (AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-04-02", "2017", "late"),
    (AANVRAAG, "    bedrag: 3900", "    bedrag: 3901", None, "budget-sum"),
    (
        VERGADERING,
        "afgemeld: [anneloes-verhagen]",
        "afgemeld: [anneloes-verhagen, priya-ramdin]",
        "priya-ramdin",
        "present-and-absent",
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  anneloes-verhagen: a08-taalcafe",
        "anneloes-verhagen",
        "left-but-absent",
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  anneloes-verhagen: a08-taalcafe",
        None,
        "left-time-only",
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  ahmet-yildiz: a09-onbekend",
        "a09",
        "unknown-aanvraag",
    ),
    (
        VERGADERING,
        "    voorstel: afwijzen\n",
        "    voorstel: afwijzen\n    bedrag: 100\n",
        "100",
        "amount-with-rejection",
    ),
    (VERGADERING, "    bedrag: 6500", "    bedrag: 9000", "9000", "advice-exceeds-request"),
    (VERGADERING, "    bedrag: 3450", "    bedrag: 3000", "3000", "partial-as-full"),
    (
        VERGADERING,
        "      mirjam-lagerweij: 10\n",
        "      mirjam-lagerweij: 10\n      gerda-wolters: 5\n",
        "gerda-wolters",
        "hours-not-asked",
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


@pytest.mark.parametrize(("rel", "old", "new", "anchor", "code"), CASES,
                         ids=[f"{c[4]}-{i}" for i, c in enumerate(CASES)])  # fmt: skip
def test_problem_class(
    example_repo: Path, rel: str, old: str, new: str, anchor: str | None, code: str
) -> None:
    path = example_repo / rel
    text = path.read_text(encoding="utf-8")
    start = text.index(old)  # where `new` will stand
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    got = found(example_repo)
    if anchor is None:
        assert code in {c for p, _, _, c in got if p == rel}, got
        return
    line, column = _position(text, start + new.index(anchor))
    assert (rel, line, column, code) in got, sorted(got)


def test_missing_files(example_repo: Path) -> None:
    (example_repo / LEDEN).unlink()
    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2")
    (example_repo / "data/rondes/ronde-2018-1/aanvragen").mkdir(parents=True)
    (example_repo / "data/rondes/ronde-2018-1/aanvragen/x.yaml").write_text("id: x\n")
    got = found(example_repo)
    assert ("data/gebieden/szh", 0, 0, "missing-file") in got
    assert ("data/rondes/ronde-2018-1", 0, 0, "missing-file") in got


def test_application_not_discussed(example_repo: Path) -> None:
    src = example_repo / "data/rondes/ronde-2017-2/aanvragen/a04-muziekcafe.yaml"
    copy = src.with_name("a09-kopie.yaml")
    copy.write_text(src.read_text(encoding="utf-8").replace("id: a04-muziekcafe", "id: a09-kopie"),
                    encoding="utf-8")  # fmt: skip
    assert "not-discussed" in {c for p, _, _, c in found(example_repo) if p == VERGADERING}
