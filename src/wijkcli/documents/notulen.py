"""`wijk notulen`: the minutes of a round's meeting, a concept until the team adopts them at
the next meeting (`notulen_vastgesteld`), then "Vastgesteld op ...".

Built from the minutes file and the tally, numbered as the agenda (`documents.agenda`): who
was there, the opening, mededelingen, the previous minutes, the action points (open ones from
earlier meetings and the new ones), per application the presentation, discussion, proposal,
vote and decision, the rondvraag and the closing. With an open ballot the minutes name who
voted what; with a secret one only counts. No contact data is ever put into the context.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import NotRequired, TypedDict

from wijkcli import __version__
from wijkcli.count.ledger import tally
from wijkcli.count.tally import ItemResult
from wijkcli.dataset import Meeting
from wijkcli.documents.agenda import (
    Agendapunt,
    OpenActiepunt,
    VorigeNotulen,
    agendapunten,
    open_bij_vergadering,
    vorige_notulen,
)
from wijkcli.documents.formats import meeting_front
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document
from wijkcli.documents.wording import (
    ADVIES_LABEL,
    hours_text,
    item_name,
    late_sentence,
    member_name,
    names,
    uitkomst,
    voorstel_text,
    votes_aside,
)
from wijkcli.model import Lid
from wijkcli.text import name_sort_key


class NotulenItem(TypedDict):
    """An agenda item as minuted; the vote and decision only when it was dealt with."""

    nummer: str
    titel: str
    toelichting: str | None
    bespreking: list[str]
    afgehandeld: bool
    voorstel: NotRequired[str]
    geheim: NotRequired[bool]
    voor: NotRequired[int]
    tegen: NotRequired[int]
    onthouding: NotRequired[int]
    voor_namen: NotRequired[list[str]]
    tegen_namen: NotRequired[list[str]]
    onthouding_namen: NotRequired[list[str]]
    aanwezig: NotRequired[int]
    uitkomst: NotRequired[str]
    besluit: NotRequired[str]
    bedrag: NotRequired[Decimal]
    uren: NotRequired[str | None]
    voorwaarden: NotRequired[list[str]]
    vervolg: NotRequired[list[str]]
    motivering: NotRequired[list[str]]
    betrokken: NotRequired[list[str]]
    stemmen_toelichting: NotRequired[str]
    te_laat: NotRequired[str | None]
    buiten_budget: NotRequired[bool]


class Vertrokken(TypedDict):
    naam: str | None
    om: time | None
    voor: str


class Volmacht(TypedDict):
    gever: str | None
    houder: str | None


class NotulenVergadering(TypedDict):
    datum: date
    begin: time | None
    eind: time | None
    plek: str | None
    voorzitter: str | None
    notulist: str | None
    aanwezig: list[str]
    professionals: list[str]
    overig: list[str]
    afgemeld: list[str]
    vertrokken: list[Vertrokken]
    schriftelijk: list[str]
    volmachten: list[Volmacht]
    toelichting: list[str]


class Actiepunt(TypedDict):
    wat: str
    wie: str | None
    uiterlijk: date
    gedaan: date | None


class Rondvraag(TypedDict):
    wie: str | None
    tekst: str


class Kop(TypedDict):
    id: str
    naam: str


class NotulenContext(TypedDict):
    """Everything the minutes show (`templates/notulen.*.j2`)."""

    team: str
    gebied: Kop
    ronde: Kop
    vergadering: NotulenVergadering
    opening: time | None
    mededelingen: list[str]
    items: list[NotulenItem]
    actiepunten: list[Actiepunt]
    rondvraag: list[Rondvraag]
    opmerkingen: list[str]
    sluiting: time | None
    volgende_vergadering: date | None
    punten: dict[str, Agendapunt]
    """The agenda items, numbered as on the agenda (`documents.agenda.AGENDAPUNTEN`)."""
    vastgesteld: date | None
    """When the team adopted these minutes; None: they are a concept."""
    vorige_notulen: VorigeNotulen | None
    open_actiepunten: list[OpenActiepunt]
    """Action points of earlier meetings that were open on this meeting's date."""
    wijkcli: str


def by_proxy(item: ItemResult, ids: tuple[str, ...] | None, leden: dict[str, Lid]) -> list[str]:
    """Who voted so (open ballot), by name; a vote cast by proxy says so: `Anneloes Verhagen
    (bij volmacht)`."""
    givers = {giver for _, giver in item.namens}
    found = names(ids or (), leden)
    by_name = {leden[g].naam for g in givers if g in leden}
    return [f"{n} (bij volmacht)" if n in by_name else n for n in found]


def notulen_context(meeting: Meeting) -> NotulenContext:
    """Everything the minutes of one gebied's meeting in one ronde show.

    Raises:
        NoMinutesError: no minutes for that gebied yet.
    """
    r, g = meeting.ronde, meeting.gebied
    ronde = r.info
    v = meeting.minutes()
    leden = g.leden_by_id
    result = tally(meeting)
    counted: dict[str, ItemResult] = {i.aanvraag_id: i for i in result.items}
    secret = ronde.stemming == "geheim"
    items: list[NotulenItem] = []
    for n, (aid, b) in enumerate(v.besluiten.items(), start=1):
        a = r.aanvragen.get(aid)
        item = counted.get(aid)
        entry: NotulenItem = {
            "nummer": (a.nummer if a is not None and a.nummer else str(n)),
            "titel": a.titel if a is not None else aid,
            "toelichting": b.toelichting,
            "bespreking": list(b.bespreking),
            "afgehandeld": item is not None,
        }
        if item is not None:
            entry.update(
                {
                    "voorstel": voorstel_text(item, leden, tegenwoordig=True),
                    "te_laat": late_sentence(a, ronde.indienen_tot, True) if a else None,
                    "geheim": secret,
                    "voor": item.voor,
                    "tegen": item.tegen,
                    "onthouding": item.onthouding,
                    "voor_namen": by_proxy(item, item.voor_ids, leden),
                    "tegen_namen": by_proxy(item, item.tegen_ids, leden),
                    "onthouding_namen": by_proxy(item, item.onthouding_ids, leden),
                    "aanwezig": item.present,
                    "stemmen_toelichting": votes_aside(item, secret),
                    "uitkomst": uitkomst(item, ronde.regels.meerderheid),
                    "besluit": ADVIES_LABEL[item.advies],
                    "bedrag": item.bedrag,
                    "uren": hours_text(item.uren, leden) if any(item.uren.values()) else None,
                    "voorwaarden": list(b.voorwaarden) if item.advies != "aanhouden" else [],
                    "vervolg": list(b.vervolg) if item.advies == "aanhouden" else [],
                    "motivering": list(b.motivering),
                    "betrokken": names(item.recused, leden),
                    "buiten_budget": item.buiten_budget,
                }
            )
        items.append(entry)

    def by_name(ids: list[str], rol: str | None = None) -> list[str]:
        return names([x for x in ids if x in leden and (rol is None or leden[x].rol == rol)], leden)

    present = [x for x in v.aanwezig if x not in v.afgemeld]
    vertrokken: list[Vertrokken] = [
        {
            "naam": member_name(lid_id, leden),
            "om": v.vertrokken_om.get(lid_id),
            "voor": item_name(r.aanvragen.get(aid), aid),
        }
        for lid_id, aid in sorted(
            v.vertrokken.items(),
            key=lambda kv: list(v.besluiten).index(kv[1]) if kv[1] in v.besluiten else 0,
        )
    ]
    volmachten: list[Volmacht] = [
        {"gever": member_name(giver, leden), "houder": member_name(holder, leden)}
        for giver, holder in sorted(
            v.volmachten.items(), key=lambda kv: name_sort_key(member_name(kv[0], leden) or "")
        )
    ]
    opening = v.opening
    voorzitter = opening.voorzitter if opening and opening.voorzitter else v.voorzitter
    return {
        "team": g.info.bewonersteam.naam,
        "gebied": {"id": g.id, "naam": g.info.naam},
        "ronde": {"id": ronde.id, "naam": ronde.naam},
        "vergadering": {
            "datum": v.datum,
            "begin": opening.tijd if opening else ronde.vergadering.begin,
            "eind": v.sluiting or ronde.vergadering.eind,
            "plek": ronde.vergadering.plek or g.info.vergaderplek,
            "voorzitter": member_name(voorzitter, leden),
            "notulist": member_name(v.notulist, leden),
            "aanwezig": by_name(present, "bewonersteam"),
            "professionals": by_name(present, "professional"),
            "overig": by_name(present, "bewoner"),
            "afgemeld": by_name(v.afgemeld),
            "vertrokken": vertrokken,
            "schriftelijk": by_name(v.schriftelijke_inbreng),
            "volmachten": volmachten,
            "toelichting": [item_name(r.aanvragen.get(aid), aid) for aid in v.toelichting],
        },
        "opening": opening.tijd if opening else None,
        "mededelingen": list(v.mededelingen),
        "items": items,
        "actiepunten": [
            {
                "wat": p.wat,
                "wie": member_name(p.wie, leden),
                "uiterlijk": p.uiterlijk,
                "gedaan": p.gedaan,
            }
            for p in v.actiepunten
        ],
        "rondvraag": [{"wie": member_name(x.lid, leden), "tekst": x.tekst} for x in v.rondvraag],
        "opmerkingen": list(v.opmerkingen),
        "sluiting": v.sluiting,
        "volgende_vergadering": v.volgende_vergadering,
        "punten": agendapunten(),
        "vastgesteld": v.notulen_vastgesteld,
        "vorige_notulen": vorige_notulen(meeting),
        "open_actiepunten": open_bij_vergadering(meeting),
        "wijkcli": __version__,
    }


DOCUMENT: Document[Meeting, NotulenContext] = Document(
    name="notulen",
    formats=DOCUMENT_FORMATS,
    template="notulen",
    context=lambda m, o: notulen_context(m),
    front=lambda m, ctx: meeting_front("Notulen", m, ctx["vergadering"]["datum"]),
    filename=lambda m: f"notulen-{m.ronde_id}-{m.gebied_id}",
)
