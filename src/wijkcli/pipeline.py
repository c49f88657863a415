"""The pipeline as one readable function per job: load → check → tally/hours.

`check_repo` is what `wijk check` runs; `load_clean` is what every command that computes
something runs first: it refuses to go on while the data has errors.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from wijkcli.forked import Forked
from wijkcli.problems import DataProblemsError, Problem, has_errors, sort_problems
from wijkcli.tree import gc_paused, start_reading

if TYPE_CHECKING:
    from wijkcli.load import Dataset


def result_problems(dataset: Dataset) -> list[Problem]:
    """Problems that show only once the votes are counted: budget and hours overruns."""
    from wijkcli.hours import hours_problems
    from wijkcli.tally import Memo, tally_ronde

    problems: list[Problem] = []
    memo: Memo = {}  # the dataset does not change during a check: tally each round once
    for rid, r in dataset.rondes.items():
        if r.ronde is None:
            continue
        problems.extend(tally_ronde(dataset, rid, memo=memo).problems)
    problems.extend(hours_problems(dataset, memo))
    return problems


def check_repo(root: Path) -> tuple[Dataset, list[Problem]]:
    """Load and check everything under `root`; all problems, sorted.

    Raises:
        WijkcliError: no data folder.
    """
    with gc_paused():
        # The files are being read (by a second process too, for a big tree) while this
        # process imports the models and the checks.
        reading = start_reading(root)
        from wijkcli.checks import run_checks
        from wijkcli.load import load_tree

        loaded = load_tree(reading)
        problems = loaded.problems
        # On a big tree the votes are counted by a second process while this one checks; the
        # count only counts (and is only trusted) when the checks find no errors.
        counting = None
        if reading.parallel and not has_errors(problems):
            dataset = loaded.dataset
            counting = Forked(lambda: pickle.dumps(result_problems(dataset)))
        problems = problems + run_checks(loaded.dataset)
        if has_errors(problems):
            if counting is not None:
                counting.cancel()
        else:
            counted = counting.result() if counting is not None else None
            if counted is not None:
                problems += pickle.loads(counted)
            else:  # one process, or the second one failed: count here (a bug then shows)
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
