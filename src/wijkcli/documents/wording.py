"""How documents say things that several of them say: member names, hours, an applicant, a
theme, the outcome of a vote and the proposal voted on.

Shared by the letter (`advies`), the agenda, the minutes (`notulen`) and the wijkplan (`plan`),
so the same fact reads the same in each. Privacy: an applicant that is not an organisation is
named only by kind; no contact data is ever read here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypedDict

from wijkcli.count.tally import ItemResult
from wijkcli.model import Aanvraag, Lid, Thema
from wijkcli.text import dutch_quotes, format_money, join_dutch, name_sort_key

ADVIES_LABEL = {
    "toekennen": "toekennen",
    "gedeeltelijk": "gedeeltelijk toekennen",
    "afwijzen": "afwijzen",
    "aanhouden": "aanhouden",
}
"""The advice (or decision) on an application as a document says it."""

SOORT_LABEL = {
    "organisatie": "organisatie",
    "groep": "een groep bewoners",
    "bewoner": "een bewoner",
}
"""An applicant by kind: the only way a group or a private person is named."""


class GebiedKop(TypedDict):
    """A gebied at the head of a document."""

    id: str
    naam: str
    volledige_naam: str | None


class NamedHours(TypedDict):
    naam: str
    uren: int


def names(ids: Iterable[str], leden: dict[str, Lid]) -> list[str]:
    """Member names sorted on surname (Dutch style), unknown ids left out."""
    found = [leden[i].naam for i in ids if i in leden]
    return sorted(found, key=name_sort_key)


def member_name(lid_id: str | None, leden: dict[str, Lid]) -> str | None:
    """The member's name; an unknown id as written; None for None."""
    if lid_id is None:
        return None
    return leden[lid_id].naam if lid_id in leden else lid_id


def hours_list(hours: dict[str, int], leden: dict[str, Lid]) -> list[NamedHours]:
    """Hours per professional with any, by name (surname first); unknown ids as written."""
    items: list[NamedHours] = [
        {"naam": leden[p].naam if p in leden else p, "uren": n} for p, n in hours.items() if n
    ]
    return sorted(items, key=lambda x: name_sort_key(x["naam"]))


def hours_text(hours: dict[str, int], leden: dict[str, Lid]) -> str:
    """`40 uur (Mirjam Lagerweij 30, Linda Hoogeveen 10)` or `geen uren`."""
    listed = hours_list(hours, leden)
    if not listed:
        return "geen uren"
    total = sum(h["uren"] for h in listed)
    return f"{total} uur (" + ", ".join(f"{h['naam']} {h['uren']}" for h in listed) + ")"


def aanvrager_text(aanvraag: Aanvraag) -> str:
    """Organisations by name; groups and private persons only by kind (privacy)."""
    if aanvraag.aanvrager.soort == "organisatie":
        return f"{aanvraag.aanvrager.naam} (organisatie)"
    return SOORT_LABEL[aanvraag.aanvrager.soort]


def thema_label(thema: Thema) -> str:
    """`T2 Ontmoeten`, or the title alone when the theme has no code."""
    return f"{thema.code} {thema.titel}" if thema.code else thema.titel


def uitkomst(item: ItemResult) -> str:
    """The outcome of the vote on an item, and what it means for the advice."""
    if item.uitkomst == "aangenomen":
        return "aangenomen, unaniem" if item.unaniem else "aangenomen"
    if item.uitkomst == "verworpen":
        return "verworpen; het advies luidt: aanhouden"
    if item.uitkomst == "staking":
        return "de stemmen staakten; het voorstel is niet aangenomen en het advies luidt: aanhouden"
    if item.uitkomst == "voorzitter-aangenomen":
        return "de stemmen staakten; de voorzitter besliste het voorstel aan te nemen"
    if item.uitkomst == "voorzitter-verworpen":
        return (
            "de stemmen staakten; de voorzitter besliste het voorstel niet aan te nemen en het "
            "advies luidt: aanhouden"
        )
    return (
        f"geen quorum ({item.present} aanwezig, minstens {item.quorum_needed} nodig); "
        "het advies luidt: aanhouden"
    )


def voorstel_text(item: ItemResult, leden: dict[str, Lid]) -> str:
    """The proposal voted on: `toekennen: € 1.250,00 en 10 uur (…)`, or its label."""
    label = ADVIES_LABEL[item.voorstel]
    if item.voorstel in ("toekennen", "gedeeltelijk"):
        extra = f": {format_money(item.voorstel_bedrag)}"
        if any(item.voorstel_uren.values()):
            extra += f" en {hours_text(item.voorstel_uren, leden)}"
        return label + extra
    return label


def proxy_sentences(item: ItemResult, leden: dict[str, Lid]) -> list[str]:
    """`Joke Aldersveld stemde ook namens Anneloes Verhagen` per proxy used on the item."""
    by_holder: dict[str, list[str]] = {}
    for holder, giver in item.namens:
        by_holder.setdefault(holder, []).append(giver)
    return [
        f"{leden[h].naam if h in leden else h} stemde ook namens "
        + join_dutch(names(givers, leden))
        for h, givers in sorted(
            by_holder.items(), key=lambda kv: name_sort_key(leden[kv[0]].naam)
            if kv[0] in leden else ("", kv[0])
        )
    ]  # fmt: skip


def item_name(aanvraag: Aanvraag | None, aid: str) -> str:
    """`A08 Taalcafé Zielhorst`, or the id when the application is unknown."""
    if aanvraag is None:
        return aid
    titel = dutch_quotes(aanvraag.titel)
    return f"{aanvraag.nummer} {titel}" if aanvraag.nummer else titel


def quoted(texts: Iterable[str]) -> list[str]:
    """A letter's list of user texts with typographic quotes (the data keeps straight ones)."""
    return [dutch_quotes(t) for t in texts]
