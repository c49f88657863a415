"""Small helpers shared by the checks: problem constructors and id lookups."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from wijkcli.load import Source
from wijkcli.problems import Location, Problem, Severity, suggest


def error(where: Location, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(where, code, message, Severity.ERROR, hint)


def warning(where: Location, code: str, message: str, hint: str | None = None) -> Problem:
    return Problem(where, code, message, Severity.WARNING, hint)


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
