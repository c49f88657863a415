"""Check stage, the registry: every check of `wijk check` with what it emits and what it needs.

A check is a function that returns problems, made a `Check` by the `@check(...)` decorator,
which declares the codes it emits (each registered with its explanation by `register_code`,
above the check in its module, or in `checks/common.py` when several check modules emit it)
and what it needs:

- nothing (the files only): runs on everything that was read, `check(dataset)`;
- `COUNT`: the votes counted, so data without errors; runs on the dataset only when no error
  blocks the count (`blocks_count`), `check(dataset)`;
- `DATE`: the date of `wijk check --datum`; runs only with one, `check(dataset, datum)`;
- `FOLDER`: reads its own files from the data folder on disk (the scoring evenings); not run on
  a version from git (`wijk verschil`).

`run_checks` runs a list of checks in phases by what they need, in the order of the list within
a phase: files, count, date, count and date. The list is `CHECKS` (checks/__init__.py) and
the scoring evenings' check, put together by `wijkcli.pipeline`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, ParamSpec

from wijkcli.checks.common import guarded
from wijkcli.phases import PartChecked, Phase, blocks_count
from wijkcli.problems import (
    Problem,
    bounded_suggestions,
    registered_codes_required,
    suggestions_asked,
    unbounded_suggestions,
)

if TYPE_CHECKING:
    from wijkcli.dataset import Dataset

P = ParamSpec("P")


class Need(StrEnum):
    """What a check needs beyond the files."""

    COUNT = "de telling"
    """The votes and hours counted: only data without errors."""
    DATE = "een datum"
    """The date of `wijk check --datum`."""
    FOLDER = "de map"
    """Reads its own files from the data folder on disk."""


COUNT, DATE, FOLDER = Need.COUNT, Need.DATE, Need.FOLDER


@dataclass(frozen=True)
class Check(Generic[P]):
    """One check: the function, the codes it emits and what it needs. Calling it calls the
    function."""

    function: Callable[P, Iterable[Problem]]
    codes: tuple[str, ...]
    needs: frozenset[Need]

    @property
    def name(self) -> str:
        return f"{self.function.__module__}.{self.function.__qualname__}"

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> Iterable[Problem]:
        return self.function(*args, **kwargs)


REGISTERED: list[Check[...]] = []
"""Every check made by `@check`, in the order their modules were imported: a test compares it
with the list `wijk check` runs, so a check that is not in `CHECKS` is noticed."""


def check(
    *codes: str, needs: Iterable[Need] = ()
) -> Callable[[Callable[P, Iterable[Problem]]], Check[P]]:
    """Make a function a check that emits `codes` and needs `needs` (see the module docstring).

    A declared code may be registered in another module (a stage's `codes.py`, `checks.common`)
    that is imported later: the tests check that every declared code is registered.

    Raises:
        ValueError: a code is listed twice.
    """

    def register(function: Callable[P, Iterable[Problem]]) -> Check[P]:
        if len(set(codes)) != len(codes):
            raise ValueError(f"{function.__qualname__}: a code listed twice: {codes}")
        made = Check(function, tuple(codes), frozenset(needs))
        REGISTERED.append(made)
        return made

    return register


def _phase(c: Check[...]) -> Phase:
    return (DATE in c.needs, COUNT in c.needs)


def run_checks(
    checks: Sequence[Check[...]],
    everything: Dataset,
    dataset: Dataset,
    problems: list[Problem],
    datum: date | None = None,
    *,
    on_disk: bool = True,
) -> list[Problem]:
    """Run `checks` in phases (files, count, date, count and date; the list's order within a
    phase) after the load found `problems`; returns those and every problem the checks found
    (unsorted). A check that needs the count runs on `dataset` (the files without errors) and
    only if no error found before its phase blocks the count; the others run on `everything`
    (every file, the failed ones as far as they could be read). Checks that need a date run
    only with `datum`, checks that need the folder only `on_disk`. Did-you-mean hints: at most
    `problems.MAX_SUGGESTIONS` for the checks of the dataset together, in the order they ask;
    a check that needs the folder finds all of its own."""
    part = check_part(checks, everything, dataset, problems, datum, on_disk=on_disk)
    return [*problems, *(p for _, new in part.phases if new is not None for p in new)]


def check_part(
    checks: Sequence[Check[...]],
    everything: Dataset,
    dataset: Dataset,
    problems: list[Problem],
    datum: date | None = None,
    *,
    on_disk: bool = True,
) -> PartChecked:
    """`run_checks` with each phase's problems apart (for one part of the data, or all)."""
    found = list(problems)
    phases: list[tuple[Phase, tuple[Problem, ...] | None]] = []
    with bounded_suggestions():
        for phase in _phases(checks):
            if phase[1] and any(blocks_count(p) for p in found):
                phases.append((phase, None))
                continue
            new = _run_phase(checks, phase, everything, dataset, datum, on_disk)
            phases.append((phase, tuple(new)))
            found.extend(new)
        asked = suggestions_asked()
    return PartChecked(tuple(problems), tuple(phases), asked)


def _phases(checks: Sequence[Check[...]]) -> list[Phase]:
    return sorted({_phase(c) for c in checks})


def _run_phase(
    checks: Sequence[Check[...]],
    phase: Phase,
    everything: Dataset,
    dataset: Dataset,
    datum: date | None,
    on_disk: bool,
) -> list[Problem]:
    found: list[Problem] = []
    for c in checks:
        if _phase(c) != phase or (DATE in c.needs and datum is None):
            continue
        if FOLDER in c.needs and not on_disk:
            continue
        subject = dataset if COUNT in c.needs else everything
        args: tuple[object, ...] = (subject, datum) if DATE in c.needs else (subject,)
        # The did-you-mean hints are bounded for the checks of the dataset together;
        # a check that reads its own folder looks for all of its own.
        with unbounded_suggestions() if FOLDER in c.needs else nullcontext():
            # A check stops at a field that failed validation (`guarded`); each check
            # guards its own parts, this is the net under a check that does not.
            new = list(guarded(c.function(*args)))
        if registered_codes_required():
            _check_declared(c, new)
        found.extend(new)
    return found


def _check_declared(c: Check[...], problems: list[Problem]) -> None:
    undeclared = sorted({p.code for p in problems} - set(c.codes))
    if undeclared:
        raise AssertionError(f"{c.name} emits codes it does not declare: {undeclared}")
