"""`wijk voortgang`: per adopted application of a gebied and year, its status, money and hours
after the decision, with the reports and conditions that are overdue on a date marked ('!').

Plain strings for the CLI to print (tabulate), or JSON. Applications are named by number and
title; no applicant and no contact data appear.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from wijkcli.count.ledger import Ledger
from wijkcli.count.voortgang import Afloop
from wijkcli.dataset import Dataset
from wijkcli.documents.office import SheetTable, tables_csv, tables_xlsx
from wijkcli.documents.registry import Document, Front, GebiedJaar, Options
from wijkcli.documents.render import md_escape
from wijkcli.text import format_date, format_money, json_amount

STATUS = {
    "besluit-open": "besluit nog niet vastgelegd",
    "toegekend": "toegekend",
    "gestart": "gestart",
    "uitgevoerd": "uitgevoerd",
    "afgerond": "afgerond",
    "niet-doorgegaan": "niet doorgegaan",
}


def _hours(granted: dict[str, int], used: dict[str, int]) -> str:
    if not granted and not used:
        return "-"
    return f"{sum(granted.values())} / {sum(used.values())}"


def _verslag(a: Afloop) -> str:
    v = a.voortgang
    if v is not None and v.verslag is not None:
        return f"ontvangen {format_date(v.verslag.ontvangen)}"
    if a.verslag is not None and a.verslag.uiterlijk is not None:
        mark = " !" if a.verslag.te_laat else ""
        return f"uiterlijk {format_date(a.verslag.uiterlijk)}{mark}"
    return "-"


def _late(a: Afloop) -> str:
    parts = []
    for t in a.te_laat:
        assert t.uiterlijk is not None
        what = "verslag" if t is a.verslag else f"voorwaarde '{t.wat}'"
        parts.append(f"{what} (uiterlijk {format_date(t.uiterlijk)})")
    return "; ".join(parts)


def voortgang_table(dataset: Dataset, gebied: str, jaar: int, datum: date, fmt: str) -> str:
    """`tabel` (plain) or `md`: one block per decided round of the year."""
    from tabulate import tabulate  # imports importlib.metadata: only here (#32)

    tablefmt = "pipe" if fmt == "md" else "simple"
    esc = md_escape if fmt == "md" else (lambda s: " ".join(str(s).split()))
    title = f"Voortgang {gebied} {jaar}, op {format_date(datum)}"
    out = [f"## {title}" if fmt == "md" else title, ""]
    rounds = Ledger.of(dataset).afloop_jaar(gebied, jaar, datum=datum)
    if not any(items for _, _, items in rounds):
        out.append("Nog geen toegekende aanvragen in dit jaar.")
        return "\n".join(out) + "\n"
    late_lines = []
    for r, _result, items in rounds:
        if not items:
            continue
        out.append(f"### {esc(r.info.naam)}" if fmt == "md" else esc(r.info.naam))
        out.append("")
        rows = []
        for a in items:
            sinds = f" ({format_date(a.status_datum)})" if a.status_datum else ""
            rows.append(
                [
                    esc(f"{a.nummer} {a.titel}" if a.nummer else a.titel),
                    STATUS[a.status] + sinds,
                    format_money(a.geadviseerd),
                    format_money(a.toegekend) if a.toegekend is not None else "-",
                    format_money(a.besteed),
                    format_money(a.terugbetaald),
                    format_money(a.terug_naar_budget),
                    _hours(a.uren_toegekend, a.uren_gebruikt),
                    _verslag(a) + (" !" if a.te_laat and not _verslag(a).endswith("!") else ""),
                ]
            )
            if a.te_laat:
                late_lines.append(f"{esc(a.titel)}: {esc(_late(a))}")
        head = ["aanvraag", "status", "advies", "toegekend", "besteed", "terugbetaald",
                "terug naar budget", "uren (toegekend / gebruikt)", "verslag"]  # fmt: skip
        align = ("left", "left", "right", "right", "right", "right", "right", "right", "left")
        out.append(tabulate(rows, head, tablefmt=tablefmt, colalign=align))
        out.append("")
    if late_lines:
        out.append(f"Over de termijn op {format_date(datum)} ('!'):")
        out.extend(f"- {line}" for line in late_lines)
    else:
        out.append(f"Niets over de termijn op {format_date(datum)}.")
    return "\n".join(out) + "\n"


def voortgang_terminal(
    dataset: Dataset, gebied: str, jaar: int, datum: date, *, width: int, colour: bool
) -> str:
    """The same as the plain table, as Rich tables that fit `width` columns (80): per round
    one table of the money and one of the status, hours and report, instead of one row of
    nine columns."""
    from wijkcli.documents.terminal import rich_tables

    blocks: list[Any] = [f"Voortgang {gebied} {jaar}, op {format_date(datum)}", ""]
    rounds = Ledger.of(dataset).afloop_jaar(gebied, jaar, datum=datum)
    if not any(items for _, _, items in rounds):
        blocks.append("Nog geen toegekende aanvragen in dit jaar.")
        return rich_tables(blocks, width=width, colour=colour)
    late_lines = []
    for r, _result, items in rounds:
        if not items:
            continue
        one_line = [" ".join(str(a.titel).split()) for a in items]
        names = [f"{a.nummer} {t}" if a.nummer else t for a, t in zip(items, one_line, strict=True)]
        money = [
            [
                name,
                format_money(a.geadviseerd),
                format_money(a.toegekend) if a.toegekend is not None else "-",
                format_money(a.besteed),
                format_money(a.terugbetaald),
                format_money(a.terug_naar_budget),
            ]
            for name, a in zip(names, items, strict=True)
        ]
        state = []
        for name, a in zip(names, items, strict=True):
            sinds = f" ({format_date(a.status_datum)})" if a.status_datum else ""
            verslag = _verslag(a)
            state.append(
                [
                    name,
                    STATUS[a.status] + sinds,
                    _hours(a.uren_toegekend, a.uren_gebruikt),
                    verslag + (" !" if a.te_laat and not verslag.endswith("!") else ""),
                ]
            )
            if a.te_laat:
                late_lines.append(" ".join(f"{a.titel}: {_late(a)}".split()))
        blocks.append(
            (
                f"{r.info.naam}: geld",
                ["aanvraag", "advies", "toegekend", "besteed", "terugbetaald", "naar budget"],
                money,
                ["left", "nowrap", "nowrap", "nowrap", "nowrap", "nowrap"],
            )
        )
        blocks.append(
            (
                f"{r.info.naam}: stand",
                ["aanvraag", "status", "uren", "verslag"],
                state,
                ["left", "left", "nowrap", "left"],
            )
        )
    blocks.append(
        "naar budget = wat terugkomt in het budget van het gebied; uren = toegekend / gebruikt."
    )
    if late_lines:
        blocks.append(f"Over de termijn op {format_date(datum)} ('!'):")
        blocks.extend(f"- {line}" for line in late_lines)
    else:
        blocks.append(f"Niets over de termijn op {format_date(datum)}.")
    return rich_tables(blocks, width=width, colour=colour)


VOORTGANG_HEAD = ["ronde", "nummer", "aanvraag", "status", "sinds", "advies", "toegekend",
                  "besteed", "terugbetaald", "terug naar budget", "uren toegekend",
                  "uren gebruikt", "verslag ontvangen", "verslag uiterlijk",
                  "over de termijn"]  # fmt: skip


def voortgang_tables(dataset: Dataset, gebied: str, jaar: int, datum: date) -> list[SheetTable]:
    """One table of every granted application of the year for a spreadsheet (`csv`, `xlsx`):
    money as Decimal, hours as int, dates as dates; what is over the term on `datum` in words."""
    rows: list[list[Any]] = []
    for r, _result, items in Ledger.of(dataset).afloop_jaar(gebied, jaar, datum=datum):
        for a in items:
            v = a.voortgang
            ontvangen = v.verslag.ontvangen if v is not None and v.verslag is not None else None
            uiterlijk = a.verslag.uiterlijk if a.verslag is not None else None
            rows.append(
                [r.info.naam, a.nummer, a.titel, STATUS[a.status], a.status_datum,
                 a.geadviseerd, a.toegekend, a.besteed, a.terugbetaald, a.terug_naar_budget,
                 sum(a.uren_toegekend.values()), sum(a.uren_gebruikt.values()), ontvangen,
                 uiterlijk if ontvangen is None else None, _late(a) or None]
            )  # fmt: skip
    return [(f"Voortgang op {datum.isoformat()}", VOORTGANG_HEAD, rows)]


def _money(d: Decimal | None) -> str | None:
    return None if d is None else json_amount(d)


def voortgang_json(dataset: Dataset, gebied: str, jaar: int, datum: date) -> str:
    rounds = Ledger.of(dataset).afloop_jaar(gebied, jaar, datum=datum)
    data: dict[str, Any] = {
        "gebied": gebied,
        "jaar": jaar,
        "datum": datum.isoformat(),
        "rondes": [
            {
                "ronde": r.id,
                "aanvragen": [
                    {
                        "aanvraag": a.aanvraag_id,
                        "status": a.status,
                        "status_datum": a.status_datum.isoformat() if a.status_datum else None,
                        "geadviseerd": json_amount(a.geadviseerd),
                        "toegekend": _money(a.toegekend),
                        "besteed": json_amount(a.besteed),
                        "terugbetaald": json_amount(a.terugbetaald),
                        "terug_naar_budget": json_amount(a.terug_naar_budget),
                        "uren_geadviseerd": a.advies_uren,
                        "uren_toegekend": a.uren_toegekend,
                        "uren_gebruikt": a.uren_gebruikt,
                        "te_laat": [
                            {
                                "wat": t.wat if t is not a.verslag else "verslag",
                                "uiterlijk": t.uiterlijk.isoformat() if t.uiterlijk else None,
                            }
                            for t in a.te_laat
                        ],
                    }
                    for a in items
                ],
            }
            for r, _, items in rounds
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True)
class Peildatum:
    """The context of `wijk voortgang`: the date on which 'over de termijn' is judged."""

    datum: date


def _peildatum(subject: GebiedJaar, options: Options) -> Peildatum:
    # The one document whose default date is today: what is overdue is asked of a day.
    return Peildatum(options.datum or date.today())


def _front(subject: GebiedJaar, ctx: Peildatum) -> Front:
    g = subject.dataset.gebied(subject.gebied).info
    return Front(
        title=f"Voortgang {subject.gebied} {subject.jaar}, op {format_date(ctx.datum)}",
        author=g.bewonersteam.naam,
        when=ctx.datum,
    )


DOCUMENT: Document[GebiedJaar, Peildatum] = Document(
    name="voortgang",
    formats=("tabel", "json", "md", "pdf", "docx", "csv", "xlsx"),
    template="voortgang",
    context=_peildatum,
    front=_front,
    filename=lambda s: f"voortgang-{s.gebied}-{s.jaar}",
    outputs={
        "tabel": lambda s, c: voortgang_table(s.dataset, s.gebied, s.jaar, c.datum, "tabel"),
        "md": lambda s, c: voortgang_table(s.dataset, s.gebied, s.jaar, c.datum, "md"),
        "json": lambda s, c: voortgang_json(s.dataset, s.gebied, s.jaar, c.datum),
        "csv": lambda s, c: tables_csv(voortgang_tables(s.dataset, s.gebied, s.jaar, c.datum)),
        "xlsx": lambda s, c: tables_xlsx(
            voortgang_tables(s.dataset, s.gebied, s.jaar, c.datum),
            title=_front(s, c).title,
            when=c.datum,
        ),
    },
)
