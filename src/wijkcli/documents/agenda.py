"""`wijk agenda`: the invitation and meeting pack of a round's meeting, for the members.

Date, time and place; the agenda in order; per application a summary (as in the letter: an
applicant that is not an organisation is named only by kind); the budget and freed hours; late
applications marked. No contact data is ever put into the context.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import TypedDict

from wijkcli import __version__
from wijkcli.count.ledger import Ledger
from wijkcli.dataset import Meeting
from wijkcli.documents.formats import meeting_front
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document
from wijkcli.documents.wording import (
    GebiedKop,
    aanvrager_text,
    hours_text,
    names,
    thema_label,
    wijken_label,
)
from wijkcli.model import Aanvraag, Tijdvak
from wijkcli.text import join_dutch

ZERO = Decimal(0)


class Post(TypedDict):
    post: str
    bedrag: Decimal


class AgendaItem(TypedDict):
    """An application on the agenda, summarised as in the letter."""

    nummer: str
    titel: str
    aanvrager: str
    wijken: str
    wijken_label: str
    """`Wijk` or `Wijken`."""
    thema: str
    bedrag: Decimal
    eigen_bijdrage: Decimal | None
    uren: str
    begroting: list[Post]
    omschrijving: str | None
    betrokken: list[str]
    ingediend: date | None
    te_laat: bool


class RondeKop(TypedDict):
    id: str
    naam: str
    indienen_tot: date


class AgendaVergadering(TypedDict):
    datum: date
    begin: time | None
    eind: time | None
    plek: str | None
    toelichting: Tijdvak | None
    stemming: str


class AgendaBudget(TypedDict):
    budget: Decimal
    doorgeschoven: Decimal
    teruggevloeid: Decimal
    beschikbaar: Decimal
    gevraagd: Decimal
    uren: str


# --- the agenda items of a meeting: one list, used by the agenda and the minutes -------------


class Agendapunt(TypedDict):
    nummer: int
    titel: str


AGENDAPUNTEN: tuple[tuple[str, str], ...] = (
    ("opening", "Opening en vaststellen van de agenda"),
    ("mededelingen", "Mededelingen"),
    ("notulen", "Vaststellen notulen vorige vergadering"),
    ("actiepunten", "Actiepunten"),
    ("aanvragen", "Aanvragen"),
    ("rondvraag", "Rondvraag"),
    ("sluiting", "Sluiting"),
)
"""The items of a Bewonersteam's assessment meeting, in order (key, title): the agenda
numbers them so, and the minutes follow the same numbers."""


def agendapunten() -> dict[str, Agendapunt]:
    """Every agenda item by key, with its number (1 is the opening) and title."""
    return {key: {"nummer": n, "titel": titel} for n, (key, titel) in enumerate(AGENDAPUNTEN, 1)}


class VorigeNotulen(TypedDict):
    """The minutes of the gebied's previous meeting, to be adopted at this one."""

    datum: date
    ronde: str
    vastgesteld: date | None
    """When they were adopted (notulen_vastgesteld); None: still a concept."""


def vorige_notulen(meeting: Meeting) -> VorigeNotulen | None:
    """The minutes of the latest meeting of the same gebied before this one (any round), or
    None when the data has none."""
    datum = meeting.info.vergadering.datum
    earlier = [
        (v.datum, rid, v.notulen_vastgesteld)
        for rid, r in meeting.dataset.rondes.items()
        for gid, v in r.vergaderingen.items()
        if gid == meeting.gebied_id and v.datum < datum
    ]
    if not earlier:
        return None
    when, rid, vastgesteld = max(earlier)
    return {"datum": when, "ronde": rid, "vastgesteld": vastgesteld}


class OpenActiepunt(TypedDict):
    nummer: int
    """Its number in the minutes it comes from (`wijk actiepunt gedaan RONDE N`)."""
    ronde: str
    vergadering: date
    wat: str
    wie: str
    uiterlijk: date
    over_tijd: bool


def open_bij_vergadering(meeting: Meeting) -> list[OpenActiepunt]:
    """The action points of the gebied's earlier meetings that were open on this meeting's
    date, as `wijk actiepunten GEBIED --datum DATUM` lists them (oldest deadline first); one
    done on or after that date was still open then."""
    from wijkcli.documents.actiepunten import open_actiepunten

    datum = meeting.info.vergadering.datum
    punten = open_actiepunten(meeting.dataset, meeting.gebied_id, datum, voor=datum)
    return [
        {
            "nummer": p.nummer,
            "ronde": p.ronde,
            "vergadering": p.vergadering,
            "wat": p.wat,
            "wie": p.wie,
            "uiterlijk": p.uiterlijk,
            "over_tijd": p.over_tijd,
        }
        for p in punten
    ]


class AgendaContext(TypedDict):
    """Everything the invitation and meeting pack shows (`templates/agenda.*.j2`)."""

    team: str
    gebied: GebiedKop
    ronde: RondeKop
    vergadering: AgendaVergadering
    voorzitter: str | None
    secretaris: str | None
    items: list[AgendaItem]
    te_laat: list[str]
    budget: AgendaBudget
    volmacht: int
    punten: dict[str, Agendapunt]
    vorige_notulen: VorigeNotulen | None
    actiepunten: list[OpenActiepunt]
    wijkcli: str


def agenda_order(meeting: Meeting) -> list[Aanvraag]:
    """The applications of a gebied in agenda order: the order of the minutes when they exist,
    then by agenda number (nummer) and id."""
    own = list(meeting.aanvragen.values())
    v = meeting.vergadering
    minutes = list(v.besluiten) if v is not None else []

    def key(a: Aanvraag) -> tuple[int, str, str]:
        pos = minutes.index(a.id) if a.id in minutes else len(minutes)
        return pos, a.nummer or "\uffff", a.id

    return sorted(own, key=key)


def agenda_context(meeting: Meeting) -> AgendaContext:
    """Everything the invitation and meeting pack shows."""
    r, g = meeting.ronde, meeting.gebied
    ronde = r.info
    leden = g.leden_by_id
    plan = g.wijkplannen.get(ronde.year)
    themas = {t.id: t for t in plan.themas} if plan else {}
    wijken = {w.id: w.naam for w in g.info.wijken}
    items: list[AgendaItem] = []
    for n, a in enumerate(agenda_order(meeting), start=1):
        thema = themas.get(a.thema)
        label = thema_label(thema) if thema else a.thema
        items.append(
            {
                "nummer": a.nummer or str(n),
                "titel": a.titel,
                "aanvrager": aanvrager_text(a),
                "wijken": join_dutch([wijken.get(w, w) for w in a.wijken]),
                "wijken_label": wijken_label(list(a.wijken)),
                "thema": label,
                "bedrag": a.bedrag,
                "eigen_bijdrage": a.eigen_bijdrage,
                "uren": hours_text(dict(a.uren), leden),
                "begroting": [{"post": p.post, "bedrag": p.bedrag} for p in a.begroting],
                "omschrijving": a.omschrijving,
                "betrokken": names(a.betrokken_leden, leden),
                "ingediend": a.ingediend,
                "te_laat": a.ingediend is not None and a.ingediend > ronde.indienen_tot,
            }
        )
    beschikbaar = Ledger.of(meeting.dataset).beschikbaar(meeting)
    team = g.info.bewonersteam
    vergadering = ronde.vergadering
    return {
        "team": team.naam,
        "gebied": {"id": g.id, "naam": g.info.naam, "volledige_naam": g.info.volledige_naam},
        "ronde": {"id": ronde.id, "naam": ronde.naam, "indienen_tot": ronde.indienen_tot},
        "vergadering": {
            "datum": vergadering.datum,
            "begin": vergadering.begin,
            "eind": vergadering.eind,
            "plek": vergadering.plek or g.info.vergaderplek,
            "toelichting": vergadering.toelichting_aanvragers,
            "stemming": ronde.stemming,
        },
        "voorzitter": leden[team.voorzitter].naam if team.voorzitter in leden else None,
        "secretaris": leden[team.secretaris].naam if team.secretaris in leden else None,
        "items": items,
        "te_laat": [i["nummer"] for i in items if i["te_laat"]],
        "budget": {
            "budget": beschikbaar.budget,
            "doorgeschoven": beschikbaar.doorgeschoven,
            "teruggevloeid": beschikbaar.teruggevloeid,
            "beschikbaar": beschikbaar.totaal,
            "gevraagd": sum((a.bedrag for a in agenda_order(meeting)), ZERO),
            "uren": hours_text(dict(ronde.uren), leden),
        },
        "volmacht": ronde.regels.max_volmachten,
        "punten": agendapunten(),
        "vorige_notulen": vorige_notulen(meeting),
        "actiepunten": open_bij_vergadering(meeting),
        "wijkcli": __version__,
    }


DOCUMENT: Document[Meeting, AgendaContext] = Document(
    name="agenda",
    formats=DOCUMENT_FORMATS,
    template="agenda",
    context=lambda m, o: agenda_context(m),
    front=lambda m, ctx: meeting_front("Uitnodiging", m, ctx["vergadering"]["datum"]),
    filename=lambda m: f"agenda-{m.ronde_id}-{m.gebied_id}",
)
