"""The registry of checks (`checks.registry`): every check declares its codes and what it
needs, and `wijk check` runs them in phases: the files, then what needs the count (only on data
without errors), then what needs a date (only with --datum)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.helpers import FILE_WARNINGS, Found, edit
from wijkcli.checks.registry import COUNT, DATE, FOLDER
from wijkcli.pipeline import check_repo, registered_checks

AVOND = "data/beoordelingen/sbi-aanbesteding-2016/avond.yaml"
MINUTES = "data/rondes/ronde-2017-2/vergadering-szh.yaml"
REPORT = "data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml"
A05 = "data/rondes/ronde-2017-2/aanvragen/a05-chill-en-skill.yaml"
ON_1_FEBRUARY_2018: list[Found] = [
    (MINUTES, 253, 16, "overdue-action"),  # needs the date
    (MINUTES, 260, 16, "overdue-action"),
    (REPORT, 14, 16, "report-overdue"),  # needs the count and the date
]
"""What the example gives with --datum 2018-02-01 beside the warnings that need no count."""


def _found(repo: Path, datum: date | None) -> list[Found]:
    _, problems = check_repo(repo, datum)
    return [
        (p.location.path, p.location.line, p.location.column, p.code)
        for p in problems
        if p.location is not None
    ]


def test_each_phase_runs_when_what_it_needs_is_there(example_repo: Path) -> None:
    assert _found(example_repo, date(2018, 2, 1)) == sorted([*FILE_WARNINGS, *ON_1_FEBRUARY_2018])
    # Without a date: neither the action points nor the report.
    assert _found(example_repo, None) == sorted(FILE_WARNINGS)


def test_an_error_in_the_data_stops_what_needs_the_count(example_repo: Path) -> None:
    line, _ = edit(example_repo, A05, "gebied: szh", "gebied: noord")
    assert (
        _found(example_repo, date(2018, 2, 1))
        == sorted(
            [
                *FILE_WARNINGS,
                (A05, line, 9, "unknown-gebied"),
                (MINUTES, 137, 3, "wrong-gebied"),  # A05 on the agenda of szh
                *ON_1_FEBRUARY_2018[0:2],  # the overdue action points need no count
            ]
        )
    )


def test_an_error_in_a_scoring_evening_stops_nothing_else(example_repo: Path) -> None:
    """A scoring evening is read and checked apart from the rounds: its errors do not stop
    the count, nor the deadlines that need it (as they do not block `wijk advies`)."""
    line, _ = edit(example_repo, AVOND, "eind: 22:00", "eind: 19:00")
    assert _found(example_repo, date(2018, 2, 1)) == sorted(
        [*FILE_WARNINGS, (AVOND, line, 7, "time-order"), *ON_1_FEBRUARY_2018]
    )


def test_every_check_declares_what_it_needs() -> None:
    needs = {c.name.rsplit(".", 1)[1]: set(c.needs) for c in registered_checks()}
    assert needs == {
        "check_gebieden": set(),
        "check_wijkplannen": set(),
        "check_rondes": set(),
        "check_aanvragen": set(),
        "check_vergaderingen": set(),
        "check_voortgang": set(),
        "check_ledger": set(),
        "check_verzonden": set(),
        "check_budget": {COUNT},
        "check_hours": {COUNT},
        "voortgang_result_problems": {COUNT},
        "verzonden_result_problems": {COUNT},
        "overdue_actiepunten": {DATE},
        "overdue_voortgang": {COUNT, DATE},
        "overdue_declarations": {COUNT, DATE},
        "check_beoordelingen": {FOLDER},
    }
