"""`wijk tally`: a round's count as a table (tabulate) or JSON.

Plain strings for the CLI to print; the same numbers as the letter, Dutch formatting.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from wijkcli.count.tally import ZERO, GebiedResult, RondeResult
from wijkcli.text import format_money, json_amount

ADVIES = {
    "toekennen": "toekennen",
    "gedeeltelijk": "gedeeltelijk",
    "afwijzen": "afwijzen",
    "aanhouden": "aanhouden",
}


def _hours(h: dict[str, int]) -> str:
    return ", ".join(f"{p} {n}" for p, n in sorted(h.items()) if n) or "-"


def _quorum(present: int, needed: int, met: bool) -> str:
    return f"{present}/{needed} {'ja' if met else 'NEE'}"


HEAD = ["aanvraag", "gevraagd", "voorstel", "voor", "tegen", "onth.", "belang", "quorum",
        "uitkomst", "advies", "bedrag", "uren"]  # fmt: skip
NIET_BEHANDELD = "niet behandeld"


def _rows(g: GebiedResult, names: dict[str, str] | None) -> list[list[Any]]:
    """One row per agenda item, then one per application without a decision (`niet
    behandeld`, with its asked amount), so the columns add up to the budget's totals; members
    and professionals by name when `names` is given."""

    def n(i: str) -> str:
        return names.get(i, i) if names else i

    rows: list[list[Any]] = [
        [
            i.aanvraag_id,
            format_money(i.gevraagd),
            i.voorstel,
            i.voor,
            i.tegen,
            i.onthouding,
            ", ".join(n(x) for x in i.recused) or "-",
            _quorum(i.present, i.quorum_needed, i.quorum_met),
            i.uitkomst,
            ADVIES[i.advies],
            format_money(i.bedrag),
            _hours({n(p): h for p, h in i.uren.items()}),
        ]
        for i in g.items
    ]
    rows += [
        [a.aanvraag_id, format_money(a.gevraagd), "-", "-", "-", "-", "-", "-",
         NIET_BEHANDELD, NIET_BEHANDELD, format_money(ZERO), "-"]
        for a in g.niet_behandeld
    ]  # fmt: skip
    return rows


def tally_terminal(result: RondeResult, *, width: int, names: dict[str, str], colour: bool) -> str:
    """The count as Rich tables that fit `width` columns, members by name."""
    from wijkcli.documents.terminal import rich_tables

    blocks: list[Any] = []
    # Narrower than the plain table: votes, quorum and outcome share one cell.
    head = ["aanvraag", "gevraagd", "advies", "bedrag", "stemming (voor-tegen-onth.)", "belang",
            "uren"]  # fmt: skip
    align = ["left", "nowrap", "left", "nowrap", "left", "left", "left"]
    for g in result.gebieden:
        rows = [
            [r[0], r[1], r[9], r[10],
             f"{r[3]}-{r[4]}-{r[5]}, quorum {r[7]}, {r[8]}" if r[2] != "-" else "-", r[6], r[11]]
            for r in _rows(g, names)
        ]  # fmt: skip
        blocks.append((f"{result.ronde} — gebied {g.gebied}", head, rows, align))
        blocks.append(("", ["budget", "bedrag"], _budget_rows(g), ("left", "nowrap")))
        if g.toewijzing:
            volgorde = ", ".join(g.toewijzing_volgorde)
            blocks.append(f"Toewijzing toegepast: {g.toewijzing} (volgorde: {volgorde})")
    return rich_tables(blocks, width=width, colour=colour)


def tally_table(result: RondeResult, fmt: str, names: dict[str, str] | None = None) -> str:
    """`tabel` (plain) or `md` (Markdown pipes), one block per gebied."""
    from tabulate import tabulate  # imports importlib.metadata: only here (#32)

    tablefmt = "pipe" if fmt == "md" else "simple"
    out = []
    for g in result.gebieden:
        rows = _rows(g, names if fmt != "md" else None)
        head = HEAD
        title = f"{result.ronde} — gebied {g.gebied}"
        out.append(f"## {title}" if fmt == "md" else title)
        out.append("")
        out.append(tabulate(rows, head, tablefmt=tablefmt, colalign=_align(head)))
        out.append("")
        out.append(
            tabulate(
                _budget_rows(g),
                tablefmt=tablefmt if fmt == "md" else "plain",
                headers=["budget", "bedrag"] if fmt == "md" else (),
                colalign=("left", "right"),
            )
        )
        if g.toewijzing:
            out.append("")
            out.append(
                f"Toewijzing toegepast: {g.toewijzing} "
                f"(volgorde: {', '.join(g.toewijzing_volgorde)})"
            )
        out.append("")
    return "\n".join(out)


def _align(head: list[str]) -> tuple[str, ...]:
    right = {"gevraagd", "voor", "tegen", "onth.", "bedrag"}
    return tuple("right" if h in right else "left" for h in head)


def _budget_rows(g: GebiedResult) -> list[list[str]]:
    return [
        ["budget ronde", format_money(g.budget)],
        ["doorgeschoven", format_money(g.doorgeschoven)],
        *([["terug uit eerdere rondes", format_money(g.teruggevloeid)]] if g.teruggevloeid else []),
        ["beschikbaar", format_money(g.beschikbaar)],
        ["gevraagd", format_money(g.gevraagd)],
        ["geadviseerd", format_money(g.geadviseerd)],
        ["over (schuift door)", format_money(g.over)],
    ]


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return json_amount(value)
    raise TypeError(type(value).__name__)


def tally_json(result: RondeResult) -> str:
    data = {
        "ronde": result.ronde,
        "gebieden": [
            {
                "gebied": g.gebied,
                "budget": g.budget,
                "doorgeschoven": g.doorgeschoven,
                **({"teruggevloeid": g.teruggevloeid} if g.teruggevloeid else {}),
                "beschikbaar": g.beschikbaar,
                "gevraagd": g.gevraagd,
                "geadviseerd": g.geadviseerd,
                "over": g.over,
                "uren": g.uren,
                "toewijzing": g.toewijzing,
                "items": [
                    {
                        "aanvraag": i.aanvraag_id,
                        "volgorde": i.volgorde,
                        "gevraagd": i.gevraagd,
                        "voorstel": i.voorstel,
                        "voorstel_bedrag": i.voorstel_bedrag,
                        "voorstel_uren": i.voorstel_uren,
                        "stemgerechtigd": i.roll,
                        "aanwezig": i.present,
                        "quorum_nodig": i.quorum_needed,
                        "quorum": i.quorum_met,
                        "betrokken": list(i.recused),
                        "voor": i.voor,
                        "tegen": i.tegen,
                        "onthouding": i.onthouding,
                        "uitkomst": i.uitkomst,
                        "advies": i.advies,
                        "bedrag": i.bedrag,
                        "uren": i.uren,
                        "buiten_budget": i.buiten_budget,
                    }
                    for i in g.items
                ],
                "niet_behandeld": [
                    {"aanvraag": a.aanvraag_id, "gevraagd": a.gevraagd, "uren": a.uren}
                    for a in g.niet_behandeld
                ],
            }
            for g in result.gebieden
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
