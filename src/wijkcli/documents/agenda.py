"""`wijk agenda`: the invitation and meeting pack of a round's meeting, for the members.

Date, time and place; the agenda in order; per application a summary (as in the letter: an
applicant that is not an organisation is named only by kind); the budget and freed hours; late
applications marked. No contact data is ever put into the context.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wijkcli import __version__
from wijkcli.count.ledger import Ledger
from wijkcli.dataset import Meeting
from wijkcli.documents.advies import _names, aanvrager_text, hours_text
from wijkcli.model import Aanvraag
from wijkcli.text import join_dutch

ZERO = Decimal(0)


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


def agenda_context(meeting: Meeting) -> dict[str, Any]:
    """Everything the invitation and meeting pack shows."""
    r, g = meeting.ronde, meeting.gebied
    ronde = r.info
    leden = g.leden_by_id
    plan = g.wijkplannen.get(ronde.year)
    themas = {t.id: t for t in plan.themas} if plan else {}
    wijken = {w.id: w.naam for w in g.info.wijken}
    items = []
    for n, a in enumerate(agenda_order(meeting), start=1):
        thema = themas.get(a.thema)
        label = (f"{thema.code} {thema.titel}" if thema.code else thema.titel) if thema else a.thema
        items.append(
            {
                "nummer": a.nummer or str(n),
                "titel": a.titel,
                "aanvrager": aanvrager_text(a),
                "wijken": join_dutch([wijken.get(w, w) for w in a.wijken]),
                "thema": label,
                "bedrag": a.bedrag,
                "eigen_bijdrage": a.eigen_bijdrage,
                "uren": hours_text(dict(a.uren), leden),
                "begroting": [{"post": p.post, "bedrag": p.bedrag} for p in a.begroting],
                "omschrijving": a.omschrijving,
                "betrokken": _names(a.betrokken_leden, leden),
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
        "wijkcli": __version__,
    }


def agenda_document(meeting: Meeting, fmt: str) -> str | bytes:
    """The agenda in `fmt` (md, html, pdf or docx), dated by the meeting."""
    from wijkcli.documents.formats import meeting_document

    ctx = agenda_context(meeting)
    return meeting_document("agenda", "Uitnodiging", ctx, fmt)
