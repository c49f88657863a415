"""The problems of `wijk check` by phase, and the parts of the data put together as one run.

`checks.registry.run_checks` runs the checks in phases (files, count, date, count and date); a
phase that needs the count runs only while no error found before it blocks the count
(`blocks_count`). `checks.registry.check_part` keeps each phase's problems apart
(`PartChecked`), for one part of the data (`load.walk`: the gebieden with the rounds of one
year); `merge_parts` puts the parts together as one run would have found them. This module
imports nothing of the checks or the models: a whole result put together from parts kept in
the cache loads neither (`tests/test_startup_imports.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wijkcli.problems import MAX_SUGGESTIONS, Problem


def blocks_count(problem: Problem) -> bool:
    """Whether `problem` keeps the count from running: an error in the data the count reads. A
    scoring evening's files (`data/beoordelingen/`) have their own checks and never block it."""
    return problem.is_error and not (
        problem.location is not None and "/beoordelingen/" in problem.location.path
    )


Phase = tuple[bool, bool]
"""A phase of `run_checks`: (needs a date, needs the count)."""


@dataclass(frozen=True)
class PartChecked:
    """What `run_checks` finds in one part of the data (`load.walk`: the gebieden with the
    rounds of one year, or the scoring evenings), kept apart by phase so that the parts can be
    put together as one run would have found them (`merge_parts`)."""

    load: tuple[Problem, ...]
    """The problems of the part's files themselves (reading, validating)."""
    phases: tuple[tuple[Phase, tuple[Problem, ...] | None], ...]
    """Each phase's problems in the order of `run_checks`; None for a phase that an error in
    this part kept from running."""
    asked: int
    """How many did-you-mean hints the part's checks asked for."""


def merge_parts(problems: list[Problem], parts: Sequence[PartChecked]) -> list[Problem] | None:
    """What `run_checks` finds in the whole data, put together from its parts (unsorted, a
    problem of the gebieden that every part found is there once each part; `sort_problems`
    keeps one): the load's `problems` outside the parts (the walk's), each part's own, then
    phase by phase, a phase that needs the count only while no error blocks it, as in
    `run_checks`. None when the parts cannot stand for one run: together they asked for more
    did-you-mean hints than one run looks for (one run would have given fewer), or a part
    skipped a phase that the whole would run."""
    if not parts_fit(parts):
        return None
    found = list(problems)
    for part in parts:
        found.extend(part.load)
    by_phase: dict[Phase, list[tuple[Problem, ...] | None]] = {}
    for part in parts:
        for phase, new in part.phases:
            by_phase.setdefault(phase, []).append(new)
    for phase in sorted(by_phase):
        if phase[1] and any(blocks_count(p) for p in found):
            continue
        for new in by_phase[phase]:
            if new is None:
                return None
            found.extend(new)
    return found


def parts_fit(parts: Sequence[PartChecked]) -> bool:
    """Whether `parts` together asked for no more did-you-mean hints than one run looks for
    (`MAX_SUGGESTIONS`): then each got every hint it asked for, as in one run."""
    return sum(p.asked for p in parts) <= MAX_SUGGESTIONS
