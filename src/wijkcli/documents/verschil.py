"""What changes in the advice between two versions of the data (`wijk verschil`).

Compares two tallies of the same ronde: per application the advice, amount, hours, outcome and
vote count, and per gebied the totals. Pure: the caller loads both versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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


def _hours(h: dict[str, int]) -> str:
    return ", ".join(f"{p} {n}" for p, n in sorted(h.items()) if n) or "geen"


def _item_fields(i: ItemResult | None) -> dict[str, str]:
    if i is None:
        return {"advies": "(niet behandeld)"}
    return {
        "advies": i.advies,
        "bedrag": format_money(i.bedrag),
        "uren": _hours(i.uren),
        "uitkomst": i.uitkomst,
        "stemmen": f"{i.voor} voor, {i.tegen} tegen, {i.onthouding} onthouding",
    }


def _totals(g: GebiedResult | None) -> dict[str, str]:
    if g is None:
        return {}
    money: dict[str, Decimal] = {
        "beschikbaar": g.beschikbaar,
        "gevraagd": g.gevraagd,
        "geadviseerd": g.geadviseerd,
        "over": g.over,
    }
    out = {k: format_money(v) for k, v in money.items()}
    out["uren"] = _hours(g.uren)
    return out


def diff_results(old: RondeResult, new: RondeResult) -> list[Change]:
    """Every difference in outcomes, amounts, hours and totals, in a stable order."""
    changes: list[Change] = []
    old_g = {g.gebied: g for g in old.gebieden}
    new_g = {g.gebied: g for g in new.gebieden}
    for gid in sorted(set(old_g) | set(new_g)):
        o, n = old_g.get(gid), new_g.get(gid)
        old_items = {i.aanvraag_id: i for i in o.items} if o else {}
        new_items = {i.aanvraag_id: i for i in n.items} if n else {}
        for aid in sorted(set(old_items) | set(new_items)):
            a, b = _item_fields(old_items.get(aid)), _item_fields(new_items.get(aid))
            for veld in b.keys() | a.keys():
                if a.get(veld, "-") != b.get(veld, "-"):
                    changes.append(Change(gid, aid, veld, a.get(veld, "-"), b.get(veld, "-")))
        ta, tb = _totals(o), _totals(n)
        for veld in ("beschikbaar", "gevraagd", "geadviseerd", "over", "uren"):
            if ta.get(veld, "-") != tb.get(veld, "-"):
                changes.append(Change(gid, "totaal", veld, ta.get(veld, "-"), tb.get(veld, "-")))
    order = {"advies": 0, "bedrag": 1, "uren": 2, "uitkomst": 3, "stemmen": 4}
    return sorted(
        changes,
        key=lambda c: (
            c.gebied,
            c.onderwerp == "totaal",
            c.onderwerp,
            order.get(c.veld, 9),
            c.veld,
        ),
    )


def format_changes(ronde: str, sinds: str, changes: list[Change]) -> str:
    """A Markdown summary for a pull request."""
    if not changes:
        return f"Geen verschil in het advies voor {ronde} sinds {sinds}.\n"
    lines = [
        f"## Verschil in het advies voor {ronde} sinds {sinds}",
        "",
        "| gebied | aanvraag | wat | was | wordt |",
        "|---|---|---|---|---|",
    ]
    for c in changes:
        lines.append(f"| {c.gebied} | {c.onderwerp} | {c.veld} | {c.oud} | {c.nieuw} |")
    return "\n".join(lines) + "\n"
