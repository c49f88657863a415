"""`wijk uren`: the hours report of a gebied and year as a table (tabulate) or JSON."""

from __future__ import annotations

import json
from typing import Any

from wijkcli.count.uren import HoursReport


def _rondes(report: HoursReport) -> list[str]:
    return [r.ronde for r in report.professionals[0].rondes] if report.professionals else []


def _professional_table(report: HoursReport) -> tuple[list[str], list[list[Any]]]:
    head = ["professional", "organisatie", "beschikbaar"]
    head += [code for code, _ in report.themas]
    head += ["pool", "wijkplan", "over"]
    for rid in _rondes(report):
        head += [f"{rid} vrijgemaakt", f"{rid} gevraagd", f"{rid} geadviseerd"]
    rows = []
    for p in report.professionals:
        row: list[Any] = [p.naam, p.organisatie, p.beschikbaar]
        row += [p.acties.get(tid, 0) for tid, _ in report.themas]
        row += [p.pool, p.wijkplan, _mark(p.vrij)]
        for r in p.rondes:
            row += [r.vrij, _mark_over(r.gevraagd, r.vrij), _mark_over(r.geadviseerd, r.vrij)]
        rows.append(row)
    return head, rows


ORG_HEAD = ["organisatie", "beschikbaar", "wijkplan", "geadviseerd", "over"]
LEGEND = (
    "over = beschikbaar − wijkplan (acties + pool): wat het jaar na het wijkplan over heeft; "
    "vrijgemaakt = wat een ronde vrijmaakt voor initiatieven (uren in ronde.yaml); "
    "'!' markeert een overschrijding."
)


def _org_rows(report: HoursReport) -> list[list[Any]]:
    return [
        [org, v["beschikbaar"], v["wijkplan"], v["geadviseerd"], _mark(v["vrij"])]
        for org, v in report.organisaties.items()
    ]


def _title(report: HoursReport) -> str:
    return f"Uren van professionals — gebied {report.gebied}, {report.jaar}"


def hours_terminal(report: HoursReport, *, width: int, colour: bool) -> str:
    """The hours report as Rich tables that fit `width` columns (80 for a usual wijkplan): the
    year per professional, the wijkplan's claims per theme, each round, and the organisations,
    each its own narrow table instead of one row of every number."""
    from wijkcli.documents.terminal import rich_tables

    names = [p.naam for p in report.professionals]
    year_head = ["professional", "organisatie", "beschikbaar", "wijkplan", "over"]
    year_rows = [
        [p.naam, p.organisatie, p.beschikbaar, p.wijkplan, _mark(p.vrij)]
        for p in report.professionals
    ]
    plan_head = ["professional", *(code for code, _ in report.themas), "pool", "wijkplan"]
    plan_rows = [
        [p.naam, *(p.acties.get(tid, 0) for tid, _ in report.themas), p.pool, p.wijkplan]
        for p in report.professionals
    ]
    blocks: list[Any] = [
        (_title(report), year_head, year_rows, ["left", "left", "nowrap", "nowrap", "nowrap"]),
        ("Wijkplan per thema", plan_head, plan_rows, ["left"] + ["nowrap"] * (len(plan_head) - 1)),
    ]
    for k, rid in enumerate(_rondes(report)):
        rows = [
            [
                naam,
                p.rondes[k].vrij,
                _mark_over(p.rondes[k].gevraagd, p.rondes[k].vrij),
                _mark_over(p.rondes[k].geadviseerd, p.rondes[k].vrij),
            ]
            for naam, p in zip(names, report.professionals, strict=True)
        ]
        head = ["professional", "vrijgemaakt", "gevraagd", "geadviseerd"]
        blocks.append((rid, head, rows, ["left", "nowrap", "nowrap", "nowrap"]))
    org_align = ["left"] + ["nowrap"] * (len(ORG_HEAD) - 1)
    blocks += [("Per organisatie", ORG_HEAD, _org_rows(report), org_align), LEGEND]
    return rich_tables(blocks, width=width, colour=colour)


def _md_cells(rows: list[list[Any]]) -> list[list[Any]]:
    """Text cells made inert for a Markdown table: names, organisations and theme codes come
    from the files (raw HTML, links, `*`, a `|` that would shift the columns)."""
    from wijkcli.documents.render import md_escape

    return [[md_escape(c) if isinstance(c, str) else c for c in row] for row in rows]


def hours_table(report: HoursReport, fmt: str) -> str:
    """`tabel` (plain) or `md` (Markdown pipes, every text escaped)."""
    from tabulate import tabulate  # imports importlib.metadata: only here (#32)

    tablefmt = "pipe" if fmt == "md" else "simple"
    head, rows = _professional_table(report)
    org_head, org_rows = ORG_HEAD, _org_rows(report)
    if fmt == "md":
        (head,), rows = _md_cells([head]), _md_cells(rows)
        org_rows = _md_cells(org_rows)
    title = _title(report)
    out = [f"## {title}" if fmt == "md" else title, ""]
    # Text is never read as a number (a name "1e5" stays "1e5"); numbers align right.
    out.append(
        tabulate(rows, head, tablefmt=tablefmt, disable_numparse=True, colalign=_align(head, 2))
    )
    out.append("")
    out.append(
        tabulate(
            org_rows, org_head, tablefmt=tablefmt, disable_numparse=True,
            colalign=_align(org_head, 1),
        )
    )  # fmt: skip
    out.append("")
    out.append(LEGEND)
    return "\n".join(out) + "\n"


def _align(head: list[str], text_columns: int) -> tuple[str, ...]:
    return ("left",) * text_columns + ("right",) * (len(head) - text_columns)


def _mark(n: int) -> str:
    return f"{n} !" if n < 0 else str(n)


def _mark_over(n: int, limit: int) -> str:
    return f"{n} !" if n > limit else str(n)


def hours_json(report: HoursReport) -> str:
    data = {
        "gebied": report.gebied,
        "jaar": report.jaar,
        "professionals": [
            {
                "id": p.id,
                "naam": p.naam,
                "organisatie": p.organisatie,
                "beschikbaar": p.beschikbaar,
                "acties": p.acties,
                "pool": p.pool,
                "wijkplan": p.wijkplan,
                "over": p.vrij,
                "rondes": [
                    {
                        "ronde": r.ronde,
                        "vrijgemaakt": r.vrij,
                        "gevraagd": r.gevraagd,
                        "geadviseerd": r.geadviseerd,
                    }
                    for r in p.rondes
                ],
            }
            for p in report.professionals
        ],
        "organisaties": {
            org: {("over" if k == "vrij" else k): n for k, n in v.items()}
            for org, v in report.organisaties.items()
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
