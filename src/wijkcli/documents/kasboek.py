"""`wijk kasboek`: the money of a gebied in one year as a treasurer reads it — from the wijkplan
to the rounds, what each round had (with every euro that came back, dated and with its source),
what became of each grant (granted, paid, spent, returned, outstanding), and the balance: where
every euro of the year is, in words a wijknetwerk reads ("Van de € 22.000,00 …").

Plain strings (tabulate: `tabel`, `md`), JSON, or a spreadsheet (`csv`, `xlsx`, one table a
sheet: `kasboek_tables`). Grants are named by title, never by applicant.
The balance (`balans_zinnen`) is also the end of the year report.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from wijkcli.count.ledger import Kasboek, Ledger
from wijkcli.documents.office import SheetTable, tables_csv, tables_xlsx
from wijkcli.documents.registry import Document, Front, GebiedJaar, Options
from wijkcli.documents.render import md_escape
from wijkcli.text import format_date, format_money, json_amount

ZERO = Decimal(0)

SOORT = {
    "niet-toegekend": "niet toegekend door Indebuurt033",
    "niet-betaald": "niet betaald bij het einde van het project",
    "terugbetaald": "terugbetaald door de aanvrager",
}


def plan_zinnen(kb: Kasboek) -> list[str]:
    """The wijkplan against the rounds, one sentence each (empty without a wijkplan)."""
    budgets = sum((r.budget for r in kb.rondes), ZERO)
    handmatig = sum((r.handmatig for r in kb.rondes), ZERO)
    out = []
    if kb.wijkplan is not None:
        out.append(f"Budget {kb.jaar} volgens het wijkplan: {format_money(kb.wijkplan)}.")
        if budgets > kb.wijkplan:
            out.append(
                f"De rondes hier kregen samen {format_money(budgets)}: "
                f"{format_money(budgets - kb.wijkplan)} meer dan het wijkplan."
            )
        else:
            out.append(
                f"Daarvan ging {format_money(budgets)} naar de rondes hier; "
                f"{format_money(kb.wijkplan - budgets)} ging naar rondes die hier niet staan of "
                "is nog niet aan een ronde gegeven."
            )
    if handmatig:
        out.append(f"Uit rondes die hier niet staan, schoof {format_money(handmatig)} door.")
    return out


def balans_zinnen(kb: Kasboek) -> list[str]:
    """The balance in words: the total, then one line per place that holds money."""
    total = kb.rondebudgetten
    when = "volgens wat is vastgelegd" if kb.op is None else f"op {format_date(kb.op)}"
    head = f"Van de {format_money(total)} die de rondes van {kb.jaar} hadden, is {when}:"
    lines = [f"{label}: {format_money(amount)}" for label, amount in kb.balans if amount]
    return [head, *lines]


def _rounds_rows(kb: Kasboek) -> list[list[str]]:
    return [
        [
            r.naam,
            format_date(r.datum),
            format_money(r.budget),
            format_money(r.doorgeschoven),
            format_money(sum((f.bedrag for f in r.terug), ZERO)),
            format_money(r.beschikbaar),
            format_money(r.geadviseerd) if r.vergaderd else "-",
            format_money(r.over) if r.vergaderd else "-",
        ]
        for r in kb.rondes
    ]


def _flow_rows(kb: Kasboek, names: dict[str, str]) -> list[list[str]]:
    """Every euro that came back, in date order: to which round, or to the fund."""
    naam = {r.ronde: r.naam for r in kb.rondes}
    flows = sorted([f for r in kb.rondes for f in r.terug] + list(kb.naar_fonds),
                   key=lambda f: (f.datum, f.ronde, f.aanvraag, f.soort))  # fmt: skip
    return [
        [
            format_date(f.datum),
            format_money(f.bedrag),
            SOORT[f.soort],
            names.get(f.aanvraag, f.aanvraag),
            naam[f.naar] if f.naar is not None else "het fonds (na de laatste ronde)",
        ]
        for f in flows
    ]


def _grant_rows(kb: Kasboek) -> list[list[str]]:
    return [
        [
            t.titel,
            format_money(t.geadviseerd),
            format_money(t.toegekend) if t.toegekend is not None else "besluit open",
            format_money(t.voorschot),
            format_money(t.eindbetaling),
            format_money(t.besteed),
            format_money(t.terugbetaald),
            format_money(t.vervallen),
            format_money(t.nog_te_betalen),
            format_money(t.bij_aanvrager),
        ]
        for t in kb.toekenningen
    ]


ROUND_HEAD = ["ronde", "vergadering", "budget", "doorgeschoven", "terug", "beschikbaar",
              "geadviseerd", "over"]  # fmt: skip
FLOW_HEAD = ["datum", "bedrag", "wat", "aanvraag", "naar"]
GRANT_HEAD = ["aanvraag", "geadviseerd", "toegekend", "voorschot", "eindbetaling", "besteed",
              "terugbetaald", "vervallen", "nog te betalen", "bij aanvrager"]  # fmt: skip


def kasboek_text(kb: Kasboek, fmt: str) -> str:
    """`tabel` (plain) or `md`."""
    from tabulate import tabulate  # imports importlib.metadata: only here (#32)

    md = fmt == "md"
    tablefmt = "pipe" if md else "simple"
    esc = md_escape if md else (lambda s: s)
    names = {t.aanvraag: t.titel for t in kb.toekenningen}

    def table(head: list[str], rows: list[list[str]], align: str) -> str:
        """`align`: one letter per column, l(eft) or r(ight)."""
        cells = [[esc(c) for c in row] for row in rows]
        colalign = ["left" if a == "l" else "right" for a in align]
        return tabulate(cells, headers=head, tablefmt=tablefmt, disable_numparse=True,
                        colalign=colalign)  # fmt: skip

    def heading(text: str, level: int) -> str:
        if md:
            return f"{'#' * level} {esc(text)}"
        return f"{text}\n{('=' if level == 1 else '-') * len(text)}"

    stand = "alles wat is vastgelegd" if kb.op is None else f"op {format_date(kb.op)}"
    parts = [heading(f"Kasboek {kb.gebied} {kb.jaar}", 1), f"Stand: {stand}."]
    zinnen = plan_zinnen(kb)
    if zinnen:
        parts += [heading("Wijkplan en rondes", 2), *(esc(z) for z in zinnen)]
    parts += [heading("Per ronde", 2), table(ROUND_HEAD, _rounds_rows(kb), "lrrrrrrr")]
    flows = _flow_rows(kb, names)
    if flows:
        parts += [heading("Geld terug naar het budget", 2), table(FLOW_HEAD, flows, "lrlll")]
    if kb.toekenningen:
        parts += [heading("Per toekenning", 2), table(GRANT_HEAD, _grant_rows(kb), "lrrrrrrrrr")]
    head, *lines = balans_zinnen(kb)
    bullet = "- " if md else "  "
    parts += [heading("Balans", 2), esc(head) + "\n" + "\n".join(bullet + esc(x) for x in lines)]
    return "\n\n".join(parts) + "\n"


def kasboek_json(kb: Kasboek) -> str:
    """Every figure of the ledger; amounts as exact texts with two decimals."""

    def flow(f: Any) -> dict[str, Any]:
        return {"datum": f.datum.isoformat(), "bedrag": json_amount(f.bedrag), "soort": f.soort,
                "ronde": f.ronde, "aanvraag": f.aanvraag, "naar": f.naar}  # fmt: skip

    out = {
        "gebied": kb.gebied,
        "jaar": kb.jaar,
        "op": kb.op.isoformat() if kb.op else None,
        "wijkplan": json_amount(kb.wijkplan) if kb.wijkplan is not None else None,
        "rondes": [
            {
                "ronde": r.ronde,
                "vergadering": r.datum.isoformat(),
                "budget": json_amount(r.budget),
                "doorgeschoven": json_amount(r.doorgeschoven),
                "terug": [flow(f) for f in r.terug],
                "beschikbaar": json_amount(r.beschikbaar),
                "geadviseerd": json_amount(r.geadviseerd) if r.vergaderd else None,
                "over": json_amount(r.over) if r.vergaderd else None,
            }
            for r in kb.rondes
        ],
        "toekenningen": [
            {
                "ronde": t.ronde,
                "aanvraag": t.aanvraag,
                "geadviseerd": json_amount(t.geadviseerd),
                "toegekend": json_amount(t.toegekend) if t.toegekend is not None else None,
                "voorschot": json_amount(t.voorschot),
                "eindbetaling": json_amount(t.eindbetaling),
                "besteed": json_amount(t.besteed),
                "terugbetaald": json_amount(t.terugbetaald),
                "vervallen": json_amount(t.vervallen),
                "nog_te_betalen": json_amount(t.nog_te_betalen),
                "bij_aanvrager": json_amount(t.bij_aanvrager),
            }
            for t in kb.toekenningen
        ],
        "naar_fonds": [flow(f) for f in kb.naar_fonds],
        "balans": {
            "totaal": json_amount(kb.rondebudgetten),
            "plaatsen": [{"wat": label, "bedrag": json_amount(a)} for label, a in kb.balans],
        },
    }
    return json.dumps(out, ensure_ascii=False, indent=2) + "\n"


def kasboek_tables(kb: Kasboek) -> list[SheetTable]:
    """The kasboek's tables for a spreadsheet (`csv`, `xlsx`): money as Decimal, dates as
    dates, an empty cell where the markdown says '-' (a round not yet met)."""
    names = {t.aanvraag: t.titel for t in kb.toekenningen}
    naam = {r.ronde: r.naam for r in kb.rondes}
    rondes: list[list[Any]] = [
        [r.naam, r.datum, r.budget, r.doorgeschoven, sum((f.bedrag for f in r.terug), ZERO),
         r.beschikbaar, r.geadviseerd if r.vergaderd else None,
         r.over if r.vergaderd else None]
        for r in kb.rondes
    ]  # fmt: skip
    flows = sorted([f for r in kb.rondes for f in r.terug] + list(kb.naar_fonds),
                   key=lambda f: (f.datum, f.ronde, f.aanvraag, f.soort))  # fmt: skip
    terug: list[list[Any]] = [
        [f.datum, f.bedrag, SOORT[f.soort], names.get(f.aanvraag, f.aanvraag),
         naam[f.naar] if f.naar is not None else "het fonds (na de laatste ronde)"]
        for f in flows
    ]  # fmt: skip
    grants: list[list[Any]] = [
        [t.titel, t.geadviseerd, t.toegekend, t.voorschot, t.eindbetaling, t.besteed,
         t.terugbetaald, t.vervallen, t.nog_te_betalen, t.bij_aanvrager]
        for t in kb.toekenningen
    ]  # fmt: skip
    return [
        ("Rondes", ROUND_HEAD, rondes),
        ("Terug naar het budget", FLOW_HEAD, terug),
        ("Toekenningen", GRANT_HEAD, grants),
        ("Balans", ["plaats", "bedrag"],
         [[label, amount] for label, amount in kb.balans]
         + [["totaal", kb.rondebudgetten]]),
    ]  # fmt: skip


def _kasboek(subject: GebiedJaar, options: Options) -> Kasboek:
    return Ledger.of(subject.dataset).kasboek(subject.gebied, subject.jaar, op=options.datum)


def _front(subject: GebiedJaar, kb: Kasboek) -> Front:
    from datetime import date

    g = subject.dataset.gebied(subject.gebied).info
    stand = f", op {format_date(kb.op)}" if kb.op is not None else ""
    return Front(
        title=f"Kasboek {subject.gebied} {subject.jaar}{stand}",
        author=g.bewonersteam.naam,
        # Its own date: the day asked, else the last day of the year (never the clock).
        when=kb.op or date(subject.jaar, 12, 31),
    )


DOCUMENT: Document[GebiedJaar, Kasboek] = Document(
    name="kasboek",
    formats=("tabel", "json", "md", "pdf", "docx", "csv", "xlsx"),
    template="kasboek",
    context=_kasboek,
    front=_front,
    filename=lambda s: f"kasboek-{s.gebied}-{s.jaar}",
    outputs={
        "tabel": lambda s, kb: kasboek_text(kb, "tabel"),
        "md": lambda s, kb: kasboek_text(kb, "md"),
        "json": lambda s, kb: kasboek_json(kb),
        "csv": lambda s, kb: tables_csv(kasboek_tables(kb)),
        "xlsx": lambda s, kb: tables_xlsx(
            kasboek_tables(kb), title=_front(s, kb).title, when=_front(s, kb).when
        ),
    },
)
