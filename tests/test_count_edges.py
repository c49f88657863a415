"""Edges of the count that mutation testing (benchmarks/mutation.py) found untested: the three
`toewijzing` rules on an election where each gives another outcome, and the hours of a year
whose wijkplan keeps no pool."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import LEDEN, RONDE, WIJKPLAN, edit
from wijkcli.count.allocation import allocate_items
from wijkcli.count.uren import hours_report
from wijkcli.pipeline import load_clean


@dataclass(frozen=True)
class Item:
    """An adopted application as `allocate_items` sees it."""

    aanvraag_id: str
    bedrag: Decimal
    voor: int
    tegen: int
    voor_ids: tuple[str, ...] | None


BALLOTS = {"v1": "123", "v2": "1267", "v3": "124", "v4": "135", "v5": "123", "v6": "45"}
"""Who voted voor which application (1..7): the election of tests/test_golden_outputs.PB."""
COST = {"1": 60, "2": 50, "3": 30, "4": 10, "5": 25, "6": 5, "7": 15}


def _items(cost: dict[str, int] = COST, ballots: dict[str, str] = BALLOTS) -> list[Item]:
    """Applications `a<n>` costing `cost[n]` euros, with who voted voor them."""
    return [
        Item(
            f"a{p}",
            Decimal(euros),
            sum(p in b for b in ballots.values()),
            0,
            tuple(v for v, b in ballots.items() if p in b),
        )
        for p, euros in cost.items()
    ]


def _euros(chosen: dict[str, Decimal]) -> dict[str, str]:
    return {k: str(v) for k, v in chosen.items()}


def test_steun_overslaan_skips_what_does_not_fit() -> None:
    """By support: a1 (5 voor) and a2 (4) take 110 of 120; a3 (30) does not fit and is
    skipped; of a4 and a5 (2 voor each) the cheaper a4 fits exactly."""
    chosen, ranking = allocate_items("steun-overslaan", _items(), Decimal(120))
    assert _euros(chosen) == {"a1": "60.00", "a2": "50.00", "a4": "10.00"}
    assert ranking == ("a1", "a2", "a4")


def test_steun_stoppen_stops_at_the_first_that_does_not_fit() -> None:
    chosen, ranking = allocate_items("steun-stoppen", _items(), Decimal(120))
    assert _euros(chosen) == {"a1": "60.00", "a2": "50.00"}
    assert ranking == ("a1", "a2")


def test_gelijke_delen_is_equal_shares_completed_by_add1_then_greedy() -> None:
    """Equal Shares alone takes a1, a4, a6 (20 per voter); its Add1 completion (raising the
    budget one euro per voter at a time) adds a3; what is then left (15) goes greedily to a7,
    which only v2 wanted. Without either completion the outcome is smaller."""
    chosen, ranking = allocate_items("gelijke-delen", _items(), Decimal(120))
    assert _euros(chosen) == {
        "a1": "60.00", "a3": "30.00", "a4": "10.00", "a6": "5.00", "a7": "15.00",
    }  # fmt: skip
    assert sorted(ranking) == sorted(chosen) and ranking[-1] == "a7"  # greedy comes last


def test_gelijke_delen_completes_by_add1_before_greedy() -> None:
    """Equal Shares alone (24 per voter) funds a1, a6 and a2; its Add1 completion ends at a1,
    a4 and a5, and greedy then adds a6 from what is left. Greedy straight after Equal Shares,
    without Add1, would end at a1, a2, a5 and a6."""
    cost = {"1": 40, "2": 40, "3": 25, "4": 50, "5": 10, "6": 15}
    ballots = {"v1": "146", "v2": "24", "v3": "235", "v4": "1", "v5": "146"}
    chosen, _ = allocate_items("gelijke-delen", _items(cost, ballots), Decimal(120))
    assert _euros(chosen) == {"a1": "40.00", "a4": "50.00", "a5": "10.00", "a6": "15.00"}


def test_gelijke_delen_raises_the_budget_one_euro_per_voter_at_a_time() -> None:
    """Add1 raises each voter's share by one euro (the `unit` of 100 cents), as pabutools
    does with euros: here that ends at a2 and a4; raising by one cent at a time would end at
    a1 and a2, so the step is part of the rule."""
    cost = {"1": 40, "2": 30, "3": 50, "4": 60}
    ballots = {"v1": "2", "v2": "134", "v3": "24", "v4": "14", "v5": "124", "v6": "2",
               "v7": "234"}  # fmt: skip
    chosen, _ = allocate_items("gelijke-delen", _items(cost, ballots), Decimal(100))
    assert _euros(chosen) == {"a2": "30.00", "a4": "60.00"}


def test_gelijke_delen_needs_the_names_of_who_voted() -> None:
    secret = [Item(i.aanvraag_id, i.bedrag, i.voor, i.tegen, None) for i in _items()]
    from wijkcli.problems import WijkcliError

    with pytest.raises(WijkcliError, match="gelijke-delen"):
        allocate_items("gelijke-delen", secret, Decimal(120))


def test_a_wijkplan_without_pool_gives_every_professional_a_pool_of_0(
    example_repo: Path,
) -> None:
    """Without `pool:` the plan's actions are all it claims: pool 0, vrij = beschikbaar −
    actions (Linda Hoogeveen: 135 − 20 − 40 = 75)."""
    path = example_repo / WIJKPLAN
    text = path.read_text(encoding="utf-8")
    assert text.count("\npool:") == 1 and text.rstrip().endswith("martijn-zwart: 50")
    path.write_text(text[: text.index("\npool:") + 1], encoding="utf-8")  # the pool ends the file
    dataset, _ = load_clean(example_repo)
    report = hours_report(dataset, "szh", 2017)
    by_id = {p.id: p for p in report.professionals}
    assert {p.pool for p in report.professionals} == {0}
    linda = by_id["linda-hoogeveen"]
    assert (linda.beschikbaar, linda.wijkplan, linda.vrij) == (135, 60, 75)


def test_a_professional_without_hours_this_year_shows_zeros(example_repo: Path) -> None:
    """A professional with hours only for another year, not in the wijkplan and not freed by
    the round: in the hours report with 0 available, 0 free in the round, and no function
    (none given) — nothing invented."""
    leden = example_repo / LEDEN
    leden.write_text(
        leden.read_text(encoding="utf-8")
        + "  - id: sanne-nieuw\n    naam: Sanne Nieuw\n    rol: professional\n"
        "    organisatie: Gemeente Amersfoort\n    uren:\n      2018: 40\n",
        encoding="utf-8",
    )
    dataset, _ = load_clean(example_repo)
    report = hours_report(dataset, "szh", 2017)
    sanne = next(p for p in report.professionals if p.id == "sanne-nieuw")
    assert (sanne.beschikbaar, sanne.wijkplan, sanne.vrij, sanne.functie) == (0, 0, 0, "")
    assert [(r.ronde, r.vrij, r.gevraagd, r.geadviseerd) for r in sanne.rondes] == [
        ("ronde-2017-2", 0, 0, 0)
    ]
    assert report.organisaties["Gemeente Amersfoort"] == {
        "beschikbaar": 0, "wijkplan": 0, "geadviseerd": 0, "vrij": 0,
    }  # fmt: skip


def test_a_round_of_the_year_without_minutes_hides_no_later_round(example_repo: Path) -> None:
    """An earlier round of 2017 whose meeting has no minutes yet: the follow-up of the year
    still lists ronde-2017-2 with its six adopted applications (the earlier round is skipped,
    not the end of the list)."""
    from wijkcli.count.ledger import Ledger

    src = example_repo / "data/rondes/ronde-2017-2/ronde.yaml"
    text = src.read_text(encoding="utf-8").replace("id: ronde-2017-2", "id: ronde-2017-1")
    for old, new in [("2017-03-31", "2017-01-13"), ("2017-04-05", "2017-01-18"),
                     ("2017-04-07", "2017-01-20"), ("2017-04-13", "2017-01-26"),
                     ("2017-04-19", "2017-02-01"), ("2017-04-28", "2017-02-10"),
                     ("2017-05-11", "2017-02-24")]:  # fmt: skip
        text = text.replace(old, new)
    first = example_repo / "data/rondes/ronde-2017-1"
    (first / "aanvragen").mkdir(parents=True)
    (first / "ronde.yaml").write_text(text, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    assert [
        (r.id, len(adopted)) for r, _, adopted in Ledger.of(dataset).afloop_jaar("szh", 2017)
    ] == [("ronde-2017-2", 6)]


def test_a_report_received_on_the_date_is_not_overdue_on_it(example_repo: Path) -> None:
    """A03's report was due on 31 January 2018. Received on 15 February: overdue on the 14th,
    no longer on the 15th itself (a date on or before `--datum` counts)."""
    from datetime import date

    from wijkcli.pipeline import check_repo

    path = next((example_repo / "data/rondes/ronde-2017-2/voortgang").glob("a03*.yaml"))
    path.write_text(
        path.read_text(encoding="utf-8") + "verslag:\n  ontvangen: 2018-02-15\n", encoding="utf-8"
    )

    def overdue(on: date) -> list[str]:
        _, problems = check_repo(example_repo, datum=on)
        return [p.code for p in problems if p.code == "report-overdue"]

    assert overdue(date(2018, 2, 14)) == ["report-overdue"]
    assert overdue(date(2018, 2, 15)) == []


def _second_gebied(repo: Path) -> None:
    """A second gebied, `lst` (a copy of szh's team, without a wijkplan)."""
    import shutil

    shutil.copytree(repo / "data/gebieden/szh", repo / "data/gebieden/lst")
    for plan in (repo / "data/gebieden/lst").glob("wijkplan-*.yaml"):
        plan.unlink()
    gebied = repo / "data/gebieden/lst/gebied.yaml"
    gebied.write_text(
        gebied.read_text(encoding="utf-8").replace("\nid: szh\n", "\nid: lst\n"), encoding="utf-8"
    )


def test_tally_of_a_gebied_that_does_not_take_part_is_a_usage_mistake(
    runner, example_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.cli.app import app

    _second_gebied(example_repo)
    result = runner.invoke(app, ["tally", "ronde-2017-2", "--gebied", "lst",
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == "wijk: gebied 'lst' doet niet mee in ronde-2017-2 (wel: szh)\n"


def test_tally_of_one_gebied_shows_only_that_gebied(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """With lst in the round too, `--gebied szh` gives exactly the example's count."""
    from wijkcli.cli.app import app

    _second_gebied(example_repo)
    edit(example_repo, RONDE, "budget:\n  szh: 21000", "budget:\n  szh: 21000\n  lst: 5000")
    result = runner.invoke(app, ["tally", "ronde-2017-2", "--gebied", "szh", "--format", "json",
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 0, result.output
    golden = Path(__file__).parent / "golden/tally/ronde-2017-2.json"
    assert result.stdout == golden.read_text(encoding="utf-8")
    both = runner.invoke(app, ["tally", "ronde-2017-2", "--format", "json",
                               "--data", str(example_repo)])  # fmt: skip
    assert [g["gebied"] for g in json.loads(both.stdout)["gebieden"]] == [
        "lst", "szh",
    ]  # fmt: skip


def test_wijk_check_counts_each_agenda_item_once(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The budget, the hours and the follow-up checks all need the round's count; one
    `wijk check` counts each agenda item once and shares the result (the Ledger of
    count/ledger.py, kept with the dataset), instead of once per check that asks."""
    from collections import Counter

    import wijkcli.count.tally as tally
    from wijkcli.pipeline import check_repo

    counted: Counter[str] = Counter()
    real = tally.tally_item

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counted[args[3]] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(tally, "tally_item", counting)
    check_repo(example_repo)
    assert len(counted) == 8 and set(counted.values()) == {1}, counted


def test_the_years_follow_up_counts_each_agenda_item_once(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`wijk voortgang` needs the count for the table and for each follow-up: once per item."""
    from collections import Counter

    import wijkcli.count.tally as tally
    from wijkcli.count.ledger import Ledger

    counted: Counter[str] = Counter()
    real = tally.tally_item

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        counted[args[3]] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(tally, "tally_item", counting)
    # The check of `load_clean` counts; the follow-up of the same run reuses that count.
    dataset, _ = load_clean(example_repo)
    Ledger.of(dataset).afloop_jaar("szh", 2017)
    assert len(counted) == 8 and set(counted.values()) == {1}, counted


def test_quorum_is_met_with_exactly_half_plus_one_present(example_repo: Path) -> None:
    """Twelve members may vote, so seven make a quorum. When three more leave before A08
    (ten were there), seven remain: quorum met, and 5 voor against 2 tegen adopts it."""
    from tests.helpers import VERGADERING
    from wijkcli.count.ledger import Ledger

    edit(example_repo, VERGADERING, "  ahmet-yildiz: a08-taalcafe\n",
         "  ahmet-yildiz: a08-taalcafe\n  henk-jan-bosveld: a08-taalcafe\n"
         "  priya-ramdin: a08-taalcafe\n  kees-van-der-pol: a08-taalcafe\n")  # fmt: skip
    edit(example_repo, VERGADERING, "        - henk-jan-bosveld\n        - priya-ramdin\n"
         "        - sjoerd-de-bruijn-oosterveld\n      tegen:\n        - marieke-dorrestein\n"
         "        - noel-brouwer\n        - kees-van-der-pol\n",
         "        - sjoerd-de-bruijn-oosterveld\n      tegen:\n        - marieke-dorrestein\n"
         "        - noel-brouwer\n")  # fmt: skip
    dataset, _ = load_clean(example_repo)
    a08 = next(i for i in Ledger.of(dataset).tally_ronde(dataset.meetings("ronde-2017-2")).gebieden[0].items
               if i.aanvraag_id == "a08-taalcafe")  # fmt: skip
    assert (a08.roll, a08.present, a08.quorum_needed, a08.quorum_met) == (12, 7, 7, True)
    assert (a08.voor, a08.tegen, a08.uitkomst, a08.advies) == (5, 2, "aangenomen", "toekennen")
