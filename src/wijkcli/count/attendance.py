"""Who was there: presence per agenda item and recusal, shared by `check` and `tally`.

The agenda order is the order of `besluiten` in the minutes. A member in `vertrokken` left
before the item named there and is absent for it and every later item. Who has a vote at all
is the data's own question: `load.has_vote` and `GebiedData.voters`.
"""

from __future__ import annotations

from wijkcli.model import Aanvraag, Besluit, Regels, Vergadering


def agenda(vergadering: Vergadering) -> list[str]:
    """The aanvraag ids in the order they were discussed."""
    return list(vergadering.besluiten)


def present_for(vergadering: Vergadering, aanvraag_id: str) -> set[str]:
    """Ids of everyone present when the item was discussed."""
    order = agenda(vergadering)
    position = order.index(aanvraag_id) if aanvraag_id in order else len(order)
    present = set(vergadering.aanwezig) - set(vergadering.afgemeld)
    for lid_id, first_missed in vergadering.vertrokken.items():
        left_at = order.index(first_missed) if first_missed in order else len(order)
        if left_at <= position:
            present.discard(lid_id)
    return present


def recused_for(aanvraag: Aanvraag | None, besluit: Besluit) -> set[str]:
    """Members with a personal interest: from the application and as declared in the meeting."""
    recused = set(besluit.betrokken)
    if aanvraag is not None:
        recused |= set(aanvraag.betrokken_leden)
    return recused


def proxies_for(
    vergadering: Vergadering, aanvraag_id: str, regels: Regels, recused: set[str]
) -> dict[str, str]:
    """The proxies that may be used on this item, {giver: holder}: proxies are allowed by the
    round, the giver is absent for the item, neither giver nor holder has a personal interest
    in it (a member with an interest casts no vote on the item, also not for another), and the
    holder is present for it. (Whether a holder holds too many is a check of its own.)"""
    if not regels.max_volmachten or not vergadering.volmachten:
        return {}
    present = present_for(vergadering, aanvraag_id)
    return {
        giver: holder
        for giver, holder in vergadering.volmachten.items()
        if giver not in present
        and giver not in recused
        and holder in present
        and holder not in recused
        and giver != holder
    }
