"""The advice part of `wijk verschil`: what changes in the tallies of a ronde between two
versions (per application the advice, amount, hours, outcome and vote counts; per gebied the
totals). Vote counts only, so a secret ballot stays secret."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wijkcli.count.tally import GebiedResult, ItemResult, RondeResult
from wijkcli.text import format_money


@dataclass(frozen=True)
class Change:
    gebied: str
    onderwerp: str
    """What changed: an aanvraag id, or 'totaal'."""
    veld: str
    oud: str
    nieuw: str
    oud_waarde: Any = None
    """`oud` as a plain value (exact decimals as text) for JSON."""
    nieuw_waarde: Any = None


def _hours(h: dict[str, int]) -> str:
    return ", ".join(f"{p} {n}" for p, n in sorted(h.items()) if n) or "geen"


def _item_fields(i: ItemResult | None, niet_behandeld: bool) -> dict[str, tuple[str, Any]]:
    """The fields compared of an item; without an item: "(niet behandeld)" when the
    application was there without a decision, else nothing (a new round or application)."""
    if i is None:
        return {"advies": ("(niet behandeld)", None)} if niet_behandeld else {}
    return {
        "advies": (i.advies, i.advies),
        "bedrag": (format_money(i.bedrag), str(i.bedrag)),
        "uren": (_hours(i.uren), {p: n for p, n in sorted(i.uren.items()) if n}),
        "uitkomst": (i.uitkomst, i.uitkomst),
        "stemmen": (
            f"{i.voor} voor, {i.tegen} tegen, {i.onthouding} onthouding",
            {"voor": i.voor, "tegen": i.tegen, "onthouding": i.onthouding},
        ),
    }


def _totals(g: GebiedResult | None) -> dict[str, tuple[str, Any]]:
    if g is None:
        return {}
    money: dict[str, Decimal] = {
        "beschikbaar": g.beschikbaar,
        "gevraagd": g.gevraagd,
        "geadviseerd": g.geadviseerd,
        "over": g.over,
    }
    out: dict[str, tuple[str, Any]] = {k: (format_money(v), str(v)) for k, v in money.items()}
    out["uren"] = (_hours(g.uren), {p: n for p, n in sorted(g.uren.items()) if n})
    return out


_ABSENT = ("—", None)


def diff_results(old: RondeResult, new: RondeResult) -> list[Change]:
    """Every difference in outcomes, amounts, hours and totals, in a stable order."""
    changes: list[Change] = []
    old_g = {g.gebied: g for g in old.gebieden}
    new_g = {g.gebied: g for g in new.gebieden}
    for gid in sorted(set(old_g) | set(new_g)):
        o, n = old_g.get(gid), new_g.get(gid)
        old_items = {i.aanvraag_id: i for i in o.items} if o else {}
        new_items = {i.aanvraag_id: i for i in n.items} if n else {}
        old_open = {x.aanvraag_id for x in o.niet_behandeld} if o else set()
        new_open = {x.aanvraag_id for x in n.niet_behandeld} if n else set()
        for aid in sorted(set(old_items) | set(new_items)):
            a = _item_fields(old_items.get(aid), aid in old_open)
            b = _item_fields(new_items.get(aid), aid in new_open)
            for veld in b.keys() | a.keys():
                was, wordt = a.get(veld, _ABSENT), b.get(veld, _ABSENT)
                if was[0] != wordt[0]:
                    changes.append(Change(gid, aid, veld, was[0], wordt[0], was[1], wordt[1]))
        ta, tb = _totals(o), _totals(n)
        for veld in ("beschikbaar", "gevraagd", "geadviseerd", "over", "uren"):
            was, wordt = ta.get(veld, _ABSENT), tb.get(veld, _ABSENT)
            if was[0] != wordt[0]:
                changes.append(Change(gid, "totaal", veld, was[0], wordt[0], was[1], wordt[1]))
    order = {"advies": 0, "bedrag": 1, "uren": 2, "uitkomst": 3, "stemmen": 4}
    totals = {"beschikbaar": 0, "gevraagd": 1, "geadviseerd": 2, "over": 3, "uren": 4}
    return sorted(
        changes,
        key=lambda c: (
            c.gebied,
            c.onderwerp == "totaal",
            c.onderwerp,
            (totals if c.onderwerp == "totaal" else order).get(c.veld, 9),
            c.veld,
        ),
    )
