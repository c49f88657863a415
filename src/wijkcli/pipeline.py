"""The pipeline as one readable function per job: load → check → tally/hours.

`check_repo` is what `wijk check` runs; `load_clean` is what every command that computes
something runs first: it refuses to go on while the data has errors.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from wijkcli.problems import DataProblemsError, Problem, has_errors, sort_problems
from wijkcli.read.tree import gc_paused

if TYPE_CHECKING:
    from wijkcli.load import Dataset


def result_problems(dataset: Dataset) -> list[Problem]:
    """Problems that show only once the votes are counted: budget and hours overruns."""
    from wijkcli.count.tally import Memo, tally_ronde
    from wijkcli.count.uren import hours_problems

    problems: list[Problem] = []
    memo: Memo = {}  # the dataset does not change during a check: tally each round once
    for rid, r in dataset.rondes.items():
        if r.ronde is None:
            continue
        problems.extend(tally_ronde(dataset, rid, memo=memo).problems)
    problems.extend(hours_problems(dataset, memo))
    return problems


def check_repo(root: Path, *, cache: bool | None = None) -> tuple[Dataset, list[Problem]]:
    """Load and check everything under `root`; all problems, sorted. `cache`: see `load_repo`
    (each file's own result may come from the cache; the checks across files always run).

    Raises:
        WijkcliError: no data folder.
    """
    with gc_paused():
        from wijkcli.checks import run_checks
        from wijkcli.load import load_repo

        loaded = load_repo(root, cache=cache)
        problems = loaded.problems + run_checks(loaded.dataset)
        if not has_errors(problems):  # counting needs data without errors
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
