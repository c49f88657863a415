"""Small helpers shared by the checks: problem constructors and id lookups."""

from __future__ import annotations

import contextlib
import contextvars
import difflib
from collections.abc import Iterable, Iterator, Mapping

from wijkcli.load import Source
from wijkcli.problems import Location, Problem, Severity


def error(where: Location, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(where, code, message, Severity.ERROR, hint)


def warning(where: Location, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(where, code, message, Severity.WARNING, hint)


MAX_SUGGESTIONS = 20
"""How many did-you-mean hints one run looks for. Each compares the unknown id with every
known one, so thousands of unknown ids against thousands of members would take minutes; past
this many the problems are still all reported, without a hint."""

_suggestions_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "suggestions_left", default=None
)


@contextlib.contextmanager
def bounded_suggestions(limit: int = MAX_SUGGESTIONS) -> Iterator[None]:
    """Within this block, `suggest` looks for at most `limit` hints (in problem order, so the
    same files always get the same hints)."""
    token = _suggestions_left.set([limit])
    try:
        yield
    finally:
        _suggestions_left.reset(token)


def suggest(value: str, known: Iterable[str]) -> str | None:
    """A did-you-mean hint for an unknown id, or None."""
    left = _suggestions_left.get()
    if left is not None:
        if left[0] <= 0:
            return None
        left[0] -= 1
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    return f"bedoelde je '{close[0]}'?" if close else None


def unknown(where: Location, code: str, what: str, value: str, known: Iterable[str]) -> Problem:
    """An unresolved reference: '<what> 'x' bestaat niet' with a suggestion."""
    return error(where, code, f"{what} '{value}' bestaat niet", suggest(value, known))


def duplicates(values: Iterable[str]) -> list[tuple[int, str]]:
    """(index, value) of every value that already occurred earlier in the sequence."""
    seen: set[str] = set()
    out = []
    for i, v in enumerate(values):
        if v in seen:
            out.append((i, v))
        seen.add(v)
    return out


def hours_owners(
    src: Source,
    path: tuple[str | int, ...],
    hours: Iterable[str],
    professionals: set[str],
    leden: Mapping[str, object],
) -> Iterator[Problem]:
    """Every key of an `uren:` mapping at `path` must be a professional of the gebied: a member
    who is not one gets `not-a-professional`, an unknown id `unknown-professional`.
    The location is only looked up for a problem (looking one up makes the file record marks)."""
    for prof in hours:
        if prof in professionals:
            continue
        where = src.at(*path, prof, key=True)
        if prof in leden:
            yield error(
                where,
                "not-a-professional",
                f"'{prof}' is geen professional; alleen professionals hebben uren",
            )
        else:
            yield unknown(where, "unknown-professional", "professional", prof, professionals)
