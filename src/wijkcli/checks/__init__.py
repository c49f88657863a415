"""Check stage: cross-file checks on a loaded dataset.

Each check is a small function `(dataset) -> Iterable[Problem]`; `CHECKS` lists them in order.
`run_checks` runs them all and returns every problem, sorted. Each check's docstring is the
volunteer-facing explanation of what it looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from wijkcli.checks.common import guarded
from wijkcli.checks.gebied import check_gebieden, check_wijkplannen
from wijkcli.checks.ledger import check_ledger
from wijkcli.checks.ronde import check_aanvragen, check_rondes
from wijkcli.checks.vergadering import check_vergaderingen
from wijkcli.checks.verzonden import check_verzonden
from wijkcli.checks.voortgang import check_voortgang
from wijkcli.dataset import Dataset
from wijkcli.problems import Problem, bounded_suggestions

Check = Callable[[Dataset], Iterable[Problem]]

CHECKS: tuple[Check, ...] = (
    check_gebieden,
    check_wijkplannen,
    check_rondes,
    check_aanvragen,
    check_vergaderingen,
    check_voortgang,
    check_ledger,
    check_verzonden,
)


def run_checks(dataset: Dataset, checks: Iterable[Check] = CHECKS) -> list[Problem]:
    """Run every cross-file check; returns all problems found (unsorted)."""
    problems: list[Problem] = []
    with bounded_suggestions():
        for check in checks:
            # A check stops at a field that failed validation (`guarded`); each check guards
            # its own parts, this is the net under a check that does not.
            problems.extend(guarded(check(dataset)))
    return problems
