"""Check stage, shared: problem constructors, id lookups, and the codes several check modules
emit, each explained once here (`register_code`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from wijkcli.dataset import GebiedData, Source
from wijkcli.model import FieldFailed
from wijkcli.problems import Location, Problem, Severity, register_code, suggest

register_code(
    "missing-file",
    "Bestand ontbreekt",
    "Elk gebied heeft een gebied.yaml en leden.yaml; elke ronde een ronde.yaml.",
    fout="data/gebieden/szh/ (zonder gebied.yaml)",
    goed="data/gebieden/szh/gebied.yaml",
)

register_code(
    "duplicate-id",
    "Id komt twee keer voor",
    "Elk id is uniek binnen zijn lijst (leden, wijken, thema's).",
    fout="- id: priya-ramdin\n- id: priya-ramdin",
    goed="- id: priya-ramdin\n- id: priya-ramdin-2",
)

register_code(
    "unknown-member",
    "Onbekend lid",
    "Het id staat niet in leden.yaml van het gebied. Vaak een tikfout; de hint noemt het "
    "id dat er het meest op lijkt.",
    fout="voor: [priya-ramdn]",
    goed="voor: [priya-ramdin]",
)

register_code(
    "unknown-professional",
    "Onbekende professional",
    "Uren horen bij een professional uit leden.yaml (rol: professional) van het gebied.",
    fout="uren: {mirjam: 10}",
    goed="uren: {mirjam-lagerweij: 10}",
)

register_code(
    "not-a-professional",
    "Geen professional",
    "Alleen professionals hebben uren; dit lid heeft een andere rol.",
    fout="uren: {joke-aldersveld: 10}",
    goed="uren: {mirjam-lagerweij: 10}",
)

register_code(
    "unknown-wijk",
    "Onbekende wijk",
    "De wijk staat niet in gebied.yaml.",
    fout="wijken: [zielhorts]",
    goed="wijken: [zielhorst]",
)

register_code(
    "unknown-gebied",
    "Onbekend gebied",
    "Het gebied heeft geen map in data/gebieden/.",
    fout="gebied: szhh",
    goed="gebied: szh",
)

register_code(
    "unknown-aanvraag",
    "Onbekende aanvraag",
    "Er is geen bestand aanvragen/<id>.yaml in deze ronde.",
    fout="besluiten:\n  a09-onbekend: ...",
    goed="besluiten:\n  a08-taalcafe: ...",
)

register_code(
    "gebied-not-in-ronde",
    "Gebied doet niet mee in de ronde",
    "De ronde heeft geen budget voor dit gebied (budget in ronde.yaml).",
    fout="budget: {amf-noord: 20000}",
    goed="budget: {szh: 21000}",
)

register_code(
    "date-order",
    "Datums in de verkeerde volgorde",
    "Indienen, vergadering, advies, besluit en bekendmaking volgen elkaar op.",
    fout="indienen_tot: 2017-03-31\nadvies_uiterlijk: 2017-03-19",
    goed="indienen_tot: 2017-03-31\nadvies_uiterlijk: 2017-04-19",
    severity=(Severity.ERROR, Severity.WARNING),
)

register_code(
    "time-order",
    "Eindtijd voor begintijd",
    "De vergadering eindigt na het begin.",
    fout="begin: 21:45\neind: 19:30",
    goed="begin: 19:30\neind: 21:45",
)


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
