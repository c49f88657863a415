"""How documents say things that several of them say: member names, hours, an applicant, a
theme, the outcome of a vote and the proposal voted on.

Shared by the letter (`advies`), the agenda, the minutes (`notulen`) and the wijkplan (`plan`),
so the same fact reads the same in each. Privacy: an applicant that is not an organisation is
named only by kind; no contact data is ever read here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict

from wijkcli.count.tally import ItemResult
from wijkcli.model import Aanvraag, Lid, Regels, Thema
from wijkcli.text import dutch_quotes, format_date, format_money, name_sort_key

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


MEERDERHEID_TEXT = {
    "gewoon": "met gewone meerderheid (meer stemmen voor dan tegen)",
    "volstrekt": "met volstrekte meerderheid: meer dan de helft van de uitgebrachte stemmen",
    "twee-derde": "met twee derde van de uitgebrachte stemmen",
}
"""How a document names the round's majority rule (`regels.meerderheid`)."""


def rules_sentence(regels: Regels) -> str:
    """The voting rules in force, said once per meeting: `besluiten met twee derde van de
    uitgebrachte stemmen (onthoudingen tellen mee); staken de stemmen, dan …`."""
    text = "besluiten " + MEERDERHEID_TEXT[regels.meerderheid]
    if regels.meerderheid != "gewoon":
        text += " (onthoudingen tellen mee)"
    if regels.staking == "voorzitter":
        text += "; staken de stemmen, dan beslist de voorzitter"
    else:
        text += "; staken de stemmen, dan luidt het advies: aanhouden"
    return text


def votes_needed(item: ItemResult, meerderheid: str) -> int:
    """How many votes for the proposal needed under `volstrekt` or `twee-derde` (of the votes
    cast, abstentions included): more than half, or at least two thirds (exact integers)."""
    cast = item.voor + item.tegen + item.onthouding
    if meerderheid == "twee-derde":
        return -(-2 * cast // 3)
    return cast // 2 + 1


def _rejected_because(item: ItemResult, meerderheid: str) -> str:
    """Why a proposal with more votes for than against (or fewer) was not adopted."""
    cast = item.voor + item.tegen + item.onthouding
    if meerderheid == "gewoon":
        return "meer stemmen tegen dan voor"
    what = "twee derde" if meerderheid == "twee-derde" else "volstrekte meerderheid"
    return f"{what} niet gehaald: {item.voor} van {cast}, {votes_needed(item, meerderheid)} nodig"


def uitkomst(item: ItemResult, meerderheid: str = "gewoon") -> str:
    """The outcome of the vote on an item, what it means for the advice, and for a rejection
    why (under the round's majority rule `meerderheid`)."""
    if item.uitkomst == "aangenomen":
        return "aangenomen, unaniem" if item.unaniem else "aangenomen"
    if item.uitkomst == "verworpen":
        return f"verworpen ({_rejected_because(item, meerderheid)}); het advies luidt: aanhouden"
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


def voorstel_text(item: ItemResult, leden: dict[str, Lid], *, tegenwoordig: bool = False) -> str:
    """The proposal voted on as a sentence: `De voorzitter stelde voor de aanvraag toe te
    kennen: € 1.250,00 en 10 uur (…).`; the minutes say it in the present tense
    (`stelt`)."""
    verb = "stelt" if tegenwoordig else "stelde"
    what = {
        "toekennen": "toe te kennen",
        "gedeeltelijk": "gedeeltelijk toe te kennen",
        "afwijzen": "af te wijzen",
        "aanhouden": "aan te houden",
    }[item.voorstel]
    text = f"De voorzitter {verb} voor de aanvraag {what}"
    if item.voorstel in ("toekennen", "gedeeltelijk"):
        text += f": {format_money(item.voorstel_bedrag)}"
        if any(item.voorstel_uren.values()):
            text += f" en {hours_text(item.voorstel_uren, leden)}"
    return text + "."


def votes_aside(item: ItemResult, secret: bool = False) -> str:
    """What stands between brackets after the count: who was there, who did not vote and the
    votes by proxy, so the numbers add up: `7 leden aanwezig, 1 stem bij volmacht`."""
    text = f"{item.present} leden aanwezig"
    if item.niet_gestemd:
        n = len(item.niet_gestemd)
        text += f", van wie {n} niet {'stemde' if n == 1 else 'stemden'}"
    if item.namens:
        n = len(item.namens)
        if secret:
            text += f", {n} {'volmacht' if n == 1 else 'volmachten'}"
        else:
            text += f", {n} {'stem' if n == 1 else 'stemmen'} bij volmacht"
    return text


def late_sentence(aanvraag: Aanvraag, indienen_tot: date, behandeld: bool) -> str | None:
    """A late application named, with what the team decided: `Te laat ingediend (op 2 april
    2017, de termijn sloot op 31 maart 2017); het bewonersteam besloot de aanvraag toch te
    behandelen.` None when it came in time."""
    if aanvraag.ingediend <= indienen_tot:
        return None
    text = (
        f"Te laat ingediend (op {format_date(aanvraag.ingediend)}, de termijn sloot op "
        f"{format_date(indienen_tot)})"
    )
    if behandeld:
        return text + "; het bewonersteam besloot de aanvraag toch te behandelen."
    return text + "."


def wijken_label(wijken: list[str]) -> str:
    """`Wijk` for one wijk, `Wijken` for more."""
    return "Wijken" if len(wijken) > 1 else "Wijk"


def proxy_givers(givers_holders: Iterable[tuple[str, str]], leden: dict[str, Lid]) -> list[str]:
    """The meeting's proxies, once: `Anneloes Verhagen gaf een volmacht aan Joke Aldersveld`,
    by the giver's surname."""
    pairs = sorted(
        givers_holders, key=lambda gh: name_sort_key(leden[gh[0]].naam if gh[0] in leden else gh[0])
    )
    return [
        f"{member_name(g, leden)} gaf een volmacht aan {member_name(h, leden)}" for g, h in pairs
    ]


def item_name(aanvraag: Aanvraag | None, aid: str) -> str:
    """`A08 Taalcafé Zielhorst`, or the id when the application is unknown."""
    if aanvraag is None:
        return aid
    titel = dutch_quotes(aanvraag.titel)
    return f"{aanvraag.nummer} {titel}" if aanvraag.nummer else titel


def quoted(texts: Iterable[str]) -> list[str]:
    """A letter's list of user texts with typographic quotes (the data keeps straight ones)."""
    return [dutch_quotes(t) for t in texts]
