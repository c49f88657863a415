"""Small helpers shared by the checks: problem constructors and id lookups."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from wijkcli.dataset import GebiedData, Source
from wijkcli.model import FieldFailed
from wijkcli.problems import Location, Problem, Severity, suggest


def guarded(problems: Iterable[Problem]) -> Iterator[Problem]:
    """The problems of one check. A file with problems is built without its failed fields
    (`load.partial_model`); a check that reads one of them cannot run and stops there
    (`FieldFailed`), keeping what it found so far: the field's own problem is reported at
    its place, never a second, false one."""
    try:
        yield from problems
    except FieldFailed:
        return


def unknown_member(
    g: GebiedData, where: Location, value: str, what: str = "lid", code: str = "unknown-member"
) -> Iterator[Problem]:
    """`unknown-member` for an id that is not a member of `g`, only when every member of `g`
    is known (`GebiedData.leden_complete`): with a member that failed, or without a readable
    leden.yaml, the id may be theirs (the note under leden.yaml's error says it)."""
    if g.leden_complete:
        yield unknown(where, code, what, value, g.leden_by_id)


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
    owner: object,
    g: GebiedData | Iterable[GebiedData],
    field: str = "uren",
) -> Iterator[Problem]:
    """Every key of the `field` mapping of `owner` (at `path`) must be a professional of the
    gebied (or of one of the gebieden): a member who is not one gets `not-a-professional`,
    an unknown id `unknown-professional`. The location is only looked up for a problem
    (looking one up makes the file record marks)."""
    gebieden = [g] if isinstance(g, GebiedData) else list(g)
    professionals = (
        gebieden[0].professionals
        if len(gebieden) == 1
        else frozenset().union(*(x.professionals for x in gebieden))
    )
    hours: Iterable[str] = getattr(owner, field)  # may raise FieldFailed
    for prof in hours:
        if prof in professionals:
            continue
        where = src.at(*path, prof, key=True)
        roles = [x.rol_of(prof) for x in gebieden if prof in x.leden_by_id]
        if roles:
            if None not in roles:  # a member whose role failed may be a professional
                yield error(
                    where,
                    "not-a-professional",
                    f"'{prof}' is geen professional; alleen professionals hebben uren",
                )
        elif all(x.leden_complete for x in gebieden):
            yield unknown(where, "unknown-professional", "professional", prof, professionals)
