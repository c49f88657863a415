"""`wijk uren`: the hours report of a gebied and year as a table (tabulate) or JSON."""

from __future__ import annotations

import json
from typing import Any

from tabulate import tabulate

from wijkcli.count.uren import HoursReport


def hours_table(report: HoursReport, fmt: str) -> str:
    tablefmt = "pipe" if fmt == "md" else "simple"
    rondes = [r.ronde for r in report.professionals[0].rondes] if report.professionals else []
    head = ["professional", "organisatie", "beschikbaar"]
    head += [code for code, _ in report.themas]
    head += ["pool", "wijkplan", "vrij"]
    for rid in rondes:
        head += [f"{rid} vrij", f"{rid} gevraagd", f"{rid} geadviseerd"]
    rows = []
    for p in report.professionals:
        row: list[Any] = [p.naam, p.organisatie, p.beschikbaar]
        row += [p.acties.get(tid, 0) for tid, _ in report.themas]
        row += [p.pool, p.wijkplan, _mark(p.vrij)]
        for r in p.rondes:
            row += [r.vrij, _mark_over(r.gevraagd, r.vrij), _mark_over(r.geadviseerd, r.vrij)]
        rows.append(row)
    title = f"Uren van professionals — gebied {report.gebied}, {report.jaar}"
    out = [f"## {title}" if fmt == "md" else title, ""]
    out.append(tabulate(rows, head, tablefmt=tablefmt))
    out.append("")
    org_rows = [
        [org, v["beschikbaar"], v["wijkplan"], v["geadviseerd"], _mark(v["vrij"])]
        for org, v in report.organisaties.items()
    ]
    out.append(
        tabulate(
            org_rows,
            ["organisatie", "beschikbaar", "wijkplan", "geadviseerd", "vrij"],
            tablefmt=tablefmt,
        )
    )
    out.append("")
    out.append("vrij = beschikbaar − wijkplan (acties + pool); '!' markeert een overschrijding.")
    return "\n".join(out) + "\n"


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
                "vrij": p.vrij,
                "rondes": [
                    {
                        "ronde": r.ronde,
                        "vrij": r.vrij,
                        "gevraagd": r.gevraagd,
                        "geadviseerd": r.geadviseerd,
                    }
                    for r in p.rondes
                ],
            }
            for p in report.professionals
        ],
        "organisaties": report.organisaties,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
