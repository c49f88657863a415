"""Check stage: cross-file checks on a loaded dataset.

Each check is a small function `(dataset) -> Iterable[Problem]` made a `Check` by
`@check(codes..., needs=...)` (`checks.registry`), with its codes' explanations registered
above it in its module; `CHECKS` lists them in the order they run within a phase.
`wijkcli.pipeline` adds the scoring evenings' check and runs them (`registry.run_checks`).
Each check's docstring is the volunteer-facing explanation of what it looks at.
"""

from __future__ import annotations

from wijkcli.checks.gebied import check_gebieden, check_wijkplannen
from wijkcli.checks.ledger import check_ledger, overdue_declarations
from wijkcli.checks.registry import Check, run_checks
from wijkcli.checks.result import check_budget, check_hours
from wijkcli.checks.ronde import check_aanvragen, check_rondes
from wijkcli.checks.vergadering import check_vergaderingen, overdue_actiepunten
from wijkcli.checks.verzonden import check_verzonden, verzonden_result_problems
from wijkcli.checks.voortgang import check_voortgang, overdue_voortgang, voortgang_result_problems

CHECKS: tuple[Check[...], ...] = (
    # The files only.
    check_gebieden,
    check_wijkplannen,
    check_rondes,
    check_aanvragen,
    check_vergaderingen,
    check_voortgang,
    check_ledger,
    check_verzonden,
    # The count.
    check_budget,
    check_hours,
    voortgang_result_problems,
    verzonden_result_problems,
    # A date (--datum).
    overdue_actiepunten,
    # The count and a date.
    overdue_voortgang,
    overdue_declarations,
)

__all__ = ["CHECKS", "Check", "run_checks"]
