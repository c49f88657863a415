"""The pipeline as one readable function per job: load → check → tally/hours.

`check_repo` is what `wijk check` runs; `load_clean` is what every command that computes
something runs first: it refuses to go on while the data has errors.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from wijkcli.checks import run_checks
from wijkcli.load import Dataset, gc_paused, load_repo
from wijkcli.problems import DataProblemsError, Problem, has_errors, sort_problems


@contextlib.contextmanager
def tally_memo(dataset: Dataset) -> Iterator[None]:
    """Tally each (ronde, gebied) of `dataset` once while the block runs.

    `tally.carried_over` tallies the previous round of the year to know what it left over,
    which tallies the one before it, and so on; and the hours check tallies every round again.
    On a city of 10 years of 4 rounds that is five tallies per round instead of one. The
    dataset does not change during a check, so a result can be reused as is.
    """
    from wijkcli import tally

    original = getattr(tally, "tally_gebied", None)
    if original is None:  # pragma: no cover - tally changed shape; just do not memoize
        yield
        return
    memo: dict[tuple[str, str], Any] = {}

    def tally_gebied(ds: Dataset, ronde_id: str, gebied: str) -> Any:
        if ds is not dataset:
            return original(ds, ronde_id, gebied)
        key = (ronde_id, gebied)
        if key not in memo:
            memo[key] = original(ds, ronde_id, gebied)
        return memo[key]

    tally.tally_gebied = tally_gebied  # type: ignore[assignment]
    try:
        yield
    finally:
        tally.tally_gebied = original


def result_problems(dataset: Dataset) -> list[Problem]:
    """Problems that show only once the votes are counted: budget and hours overruns."""
    from wijkcli.hours import hours_problems
    from wijkcli.tally import tally_ronde

    problems: list[Problem] = []
    with tally_memo(dataset):
        for rid, r in dataset.rondes.items():
            if r.ronde is None:
                continue
            problems.extend(tally_ronde(dataset, rid).problems)
        problems.extend(hours_problems(dataset))
    return problems


def check_repo(root: Path) -> tuple[Dataset, list[Problem]]:
    """Load and check everything under `root`; all problems, sorted.

    Raises:
        WijkcliError: no data folder.
    """
    with gc_paused():
        loaded = load_repo(root)
        problems = loaded.problems + run_checks(loaded.dataset)
        if not has_errors(problems):
            problems += result_problems(loaded.dataset)
        from wijkcli.beoordeling import beoordeling_problems

        problems += beoordeling_problems(loaded.dataset.root)
        return loaded.dataset, sort_problems(problems)


def load_clean(root: Path, allow: frozenset[str] = frozenset()) -> tuple[Dataset, list[Problem]]:
    """Load and check; the dataset and its warnings when there are no errors (errors whose
    code is in `allow` do not block: `wijk uren` shows hours overruns instead of refusing).

    Raises:
        DataProblemsError: the data has errors (carries all problems).
        WijkcliError: no data folder.
    """
    dataset, problems = check_repo(root)
    # A scoring evening's files never block the round's commands (they have their own).
    blocking = [
        p
        for p in problems
        if p.code not in allow and not (p.location and "/beoordelingen/" in p.location.path)
    ]
    if has_errors(blocking):
        raise DataProblemsError(
            "de gegevens bevatten fouten; los ze eerst op (zie hieronder, of 'wijk check')",
            problems,
        )
    return dataset, problems
