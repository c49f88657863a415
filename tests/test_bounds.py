"""Amounts, hours and counts have sane upper bounds: a value the decimal context would round
(from about 10^26 on) or that int() refuses (over 4,300 digits) is a problem of the file at its
place, so `wijk check` fails wherever a document would, and no command ends in an internal error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, edit
from wijkcli.cli.app import app
from wijkcli.pipeline import check_repo

HUGE = "1" + "0" * 26


def _all_problems(repo: Path) -> list[tuple[str, int, int, str, str]]:
    _, problems = check_repo(repo)
    return [
        (p.location.path, p.location.line, p.location.column, p.code, p.message)
        for p in problems
        if p.location is not None
    ]


_BASELINE: list[list[tuple[str, int, int, str, str]]] = []


def _problems(repo: Path) -> list[tuple[str, int, int, str, str]]:
    """The problems of `repo` beyond those of the unchanged example (its beoordeling has
    warnings on purpose), in their order."""
    if not _BASELINE:
        from tests.conftest import REPO

        _BASELINE.append(_all_problems(REPO))
    return [p for p in _all_problems(repo) if p not in _BASELINE[0]]


@pytest.mark.slow
def test_an_amount_above_the_bound_is_refused_at_its_place(example_repo: Path) -> None:
    line, col = edit(example_repo, AANVRAAG, "bedrag: 8500", f"bedrag: {HUGE}")
    assert _problems(example_repo) == [
        (
            AANVRAAG,
            line,
            col + len("bedrag: "),
            "invalid-value",
            f"bedrag '{HUGE[:20]}…' is te groot: het hoogste bedrag is 99999999.99 "
            "(bijna honderd miljoen euro)",
        )
    ]


def test_the_largest_amount_is_accepted_and_one_cent_more_is_not(example_repo: Path) -> None:
    from wijkcli.model.scalars import parse_money

    assert str(parse_money("99999999.99")) == "99999999.99"
    with pytest.raises(ValueError, match="te groot"):
        parse_money("100000000")


def test_a_begroting_off_by_77_euro_at_huge_amounts_cannot_pass(example_repo: Path) -> None:
    # With unbounded amounts, 10^26 + 3900 and 10^26 + 3823 both round to the same Decimal.
    edit(example_repo, AANVRAAG, "bedrag: 8500", f"bedrag: {int(HUGE) + 8500}")
    edit(example_repo, AANVRAAG, "bedrag: 3900", f"bedrag: {int(HUGE) + 3823}")
    codes = [p[3] for p in _problems(example_repo)]
    assert codes == ["invalid-value", "invalid-value"]


@pytest.mark.parametrize(
    "command",
    [
        ["advies", "ronde-2017-2"],
        ["tally", "ronde-2017-2"],
        ["plan", "szh", "2017"],
        ["nieuwsbrief", "ronde-2017-2"],
        ["check"],
    ],
)
def test_every_command_refuses_a_huge_amount_with_exit_1(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, command: list[str]
) -> None:
    edit(example_repo, AANVRAAG, "bedrag: 8500", f"bedrag: {HUGE}")
    before = (example_repo / AANVRAAG).read_bytes()
    result = runner.invoke(app, [*command, "--data", str(example_repo)])
    assert result.exit_code == 1, result.output
    assert "te groot" in result.output + result.stderr
    assert (example_repo / AANVRAAG).read_bytes() == before


def test_hours_with_thousands_of_digits_are_a_problem_not_a_crash(example_repo: Path) -> None:
    digits = "9" * 5000
    line, col = edit(example_repo, AANVRAAG, "mirjam-lagerweij: 40", f"mirjam-lagerweij: {digits}")
    assert _problems(example_repo) == [
        (
            AANVRAAG,
            line,
            col + len("mirjam-lagerweij: "),
            "invalid-value",
            f"'{digits[:20]}…' is te groot: hoogstens 99999",
        )
    ]


def test_a_count_above_the_bound_is_refused(example_repo: Path) -> None:
    line, col = edit(example_repo, AANVRAAG, "vrijwilligers: 14", "vrijwilligers: 10000000")
    assert _problems(example_repo) == [
        (
            AANVRAAG,
            line,
            col + len("vrijwilligers: "),
            "invalid-value",
            "'10000000' is te groot: hoogstens 9999999",
        )
    ]
