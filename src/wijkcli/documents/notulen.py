"""`wijk notulen`: the minutes of a round's meeting as the team adopts them at the next meeting.

Built from the minutes file and the tally: who was there, the opening, mededelingen, per item
the presentation, discussion, proposal, vote and decision, the action points, the rondvraag and
the closing. With an open ballot the minutes name who voted what; with a secret one only counts.
No contact data is ever put into the context.
"""

from __future__ import annotations

from typing import Any

from wijkcli import __version__
from wijkcli.count.ledger import tally
from wijkcli.count.tally import ItemResult
from wijkcli.dataset import Meeting
from wijkcli.documents.advies import (
    ADVIES_LABEL,
    _item_name,
    _names,
    _uitkomst,
    _voorstel_text,
    hours_text,
    proxy_sentences,
)
from wijkcli.model import Lid
from wijkcli.text import name_sort_key


def _naam(lid_id: str | None, leden: dict[str, Lid]) -> str | None:
    if lid_id is None:
        return None
    return leden[lid_id].naam if lid_id in leden else lid_id


def notulen_context(meeting: Meeting) -> dict[str, Any]:
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
    items = []
    for n, (aid, b) in enumerate(v.besluiten.items(), start=1):
        a = r.aanvragen.get(aid)
        item = counted.get(aid)
        entry: dict[str, Any] = {
            "nummer": (a.nummer if a is not None and a.nummer else str(n)),
            "titel": a.titel if a is not None else aid,
            "toelichting": b.toelichting,
            "bespreking": list(b.bespreking),
            "afgehandeld": item is not None,
        }
        if item is not None:
            entry.update(
                {
                    "voorstel": _voorstel_text(item, leden),
                    "geheim": secret,
                    "voor": item.voor,
                    "tegen": item.tegen,
                    "onthouding": item.onthouding,
                    "voor_namen": _names(item.voor_ids or (), leden),
                    "tegen_namen": _names(item.tegen_ids or (), leden),
                    "onthouding_namen": _names(item.onthouding_ids or (), leden),
                    "aanwezig": item.present,
                    "uitkomst": _uitkomst(item),
                    "besluit": ADVIES_LABEL[item.advies],
                    "bedrag": item.bedrag,
                    "uren": hours_text(item.uren, leden) if any(item.uren.values()) else None,
                    "voorwaarden": list(b.voorwaarden) if item.advies != "aanhouden" else [],
                    "vervolg": list(b.vervolg) if item.advies == "aanhouden" else [],
                    "motivering": list(b.motivering),
                    "betrokken": _names(item.recused, leden),
                    "namens": proxy_sentences(item, leden),
                    "buiten_budget": item.buiten_budget,
                }
            )
        items.append(entry)

    def by_name(ids: list[str], rol: str | None = None) -> list[str]:
        return _names(
            [x for x in ids if x in leden and (rol is None or leden[x].rol == rol)], leden
        )

    present = [x for x in v.aanwezig if x not in v.afgemeld]
    vertrokken = [
        {
            "naam": _naam(lid_id, leden),
            "om": v.vertrokken_om.get(lid_id),
            "voor": _item_name(r.aanvragen.get(aid), aid),
        }
        for lid_id, aid in sorted(
            v.vertrokken.items(),
            key=lambda kv: list(v.besluiten).index(kv[1]) if kv[1] in v.besluiten else 0,
        )
    ]
    volmachten = [
        {"gever": _naam(giver, leden), "houder": _naam(holder, leden)}
        for giver, holder in sorted(
            v.volmachten.items(), key=lambda kv: name_sort_key(_naam(kv[0], leden) or "")
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
            "voorzitter": _naam(voorzitter, leden),
            "notulist": _naam(v.notulist, leden),
            "aanwezig": by_name(present, "bewonersteam"),
            "professionals": by_name(present, "professional"),
            "overig": by_name(present, "bewoner"),
            "afgemeld": by_name(v.afgemeld),
            "vertrokken": vertrokken,
            "schriftelijk": by_name(v.schriftelijke_inbreng),
            "volmachten": volmachten,
            "toelichting": [_item_name(r.aanvragen.get(aid), aid) for aid in v.toelichting],
        },
        "opening": opening.tijd if opening else None,
        "mededelingen": list(v.mededelingen),
        "items": items,
        "actiepunten": [
            {
                "wat": p.wat,
                "wie": _naam(p.wie, leden),
                "uiterlijk": p.uiterlijk,
                "gedaan": p.gedaan,
            }
            for p in v.actiepunten
        ],
        "rondvraag": [{"wie": _naam(x.lid, leden), "tekst": x.tekst} for x in v.rondvraag],
        "opmerkingen": list(v.opmerkingen),
        "sluiting": v.sluiting,
        "volgende_vergadering": v.volgende_vergadering,
        "wijkcli": __version__,
    }


def notulen_document(meeting: Meeting, fmt: str) -> str | bytes:
    """The notulen in `fmt` (md, html, pdf or docx), dated by the meeting."""
    from wijkcli.documents.formats import meeting_document

    ctx = notulen_context(meeting)
    return meeting_document("notulen", "Notulen", ctx, fmt)
