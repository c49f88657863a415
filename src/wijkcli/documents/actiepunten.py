"""`wijk actiepunten`: the open action points of all meetings, overdue ones marked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from wijkcli.dataset import Dataset
from wijkcli.text import format_date


@dataclass(frozen=True)
class OpenPunt:
    gebied: str
    ronde: str
    vergadering: date
    wat: str
    wie: str
    """The member's name (the id when unknown)."""
    uiterlijk: date
    over_tijd: bool
    nummer: int = 0
    """Its number in the minutes' `actiepunten` (1 is the first): what `wijk actiepunt gedaan
    RONDE N` takes."""


def open_actiepunten(
    dataset: Dataset, gebied: str | None, datum: date, *, voor: date | None = None
) -> list[OpenPunt]:
    """Every action point without `gedaan`, oldest deadline first. With `voor` (a meeting's
    date): only those of meetings before it that were open on it (done on or after it, or not
    yet), for that meeting's agenda and minutes.

    Raises:
        WijkcliError: unknown gebied.
    """
    if gebied is not None:
        dataset.gebied(gebied)  # an unknown id is a usage mistake
    out = []
    for rid, r in dataset.rondes.items():
        for gid, v in r.vergaderingen.items():
            if gebied is not None and gid != gebied:
                continue
            g = dataset.gebieden.get(gid)
            leden = g.leden_by_id if g is not None else {}
            if voor is not None and v.datum >= voor:
                continue
            for i, p in enumerate(v.actiepunten, start=1):
                if p.gedaan is not None and (voor is None or p.gedaan < voor):
                    continue
                naam = leden[p.wie].naam if p.wie in leden else p.wie
                out.append(
                    OpenPunt(gid, rid, v.datum, p.wat, naam, p.uiterlijk, p.uiterlijk < datum, i)
                )
    return sorted(out, key=lambda p: (p.uiterlijk, p.gebied, p.vergadering, p.wat))


def actiepunten_table(punten: list[OpenPunt], datum: date, fmt: str) -> str:
    from tabulate import tabulate  # imports importlib.metadata: only here (#32)

    title = f"Open actiepunten op {format_date(datum)}"
    out = [f"## {title}" if fmt == "md" else title, ""]
    if not punten:
        out.append("Geen open actiepunten.")
        return "\n".join(out) + "\n"
    rows = [
        [
            p.gebied,
            f"{p.ronde} ({format_date(p.vergadering)})",
            p.nummer,
            p.wat,
            p.wie,
            format_date(p.uiterlijk),
            _termijn(p),
        ]
        for p in punten
    ]
    head = ["gebied", "vergadering", "nr", "wat", "wie", "uiterlijk", "termijn"]
    out.append(tabulate(rows, head, tablefmt="pipe" if fmt == "md" else "simple"))
    late = sum(p.over_tijd for p in punten)
    out.append("")
    out.append(f"{len(punten)} open, waarvan {late} over tijd ('!').")
    return "\n".join(out) + "\n"


def _termijn(p: OpenPunt) -> str:
    return "over tijd !" if p.over_tijd else "op tijd"


def actiepunten_terminal(punten: list[OpenPunt], datum: date, *, width: int, colour: bool) -> str:
    """The same as the plain table, as a Rich table that fits `width` columns (80): the round
    and gebied share one cell (without the meeting's date), text wraps inside its cell."""
    from wijkcli.documents.terminal import rich_tables

    title = f"Open actiepunten op {format_date(datum)}"
    if not punten:
        return rich_tables([title, "", "Geen open actiepunten."], width=width, colour=colour)
    rows = [
        [
            f"{p.ronde} ({p.gebied})",
            str(p.nummer),
            p.wat,
            p.wie,
            format_date(p.uiterlijk),
            _termijn(p),
        ]
        for p in punten
    ]
    head = ["ronde", "nr", "wat", "wie", "uiterlijk", "termijn"]
    late = sum(p.over_tijd for p in punten)
    blocks: list[Any] = [
        (title, head, rows, ["keep", "keep", "left", "left", "keep", "keep"]),
        f"{len(punten)} open, waarvan {late} over tijd ('!').",
    ]
    return rich_tables(blocks, width=width, colour=colour)


def actiepunten_json(punten: list[OpenPunt], datum: date) -> str:
    data = {
        "datum": datum.isoformat(),
        "actiepunten": [
            {
                "gebied": p.gebied,
                "ronde": p.ronde,
                "vergadering": p.vergadering.isoformat(),
                "nummer": p.nummer,
                "wat": p.wat,
                "wie": p.wie,
                "uiterlijk": p.uiterlijk.isoformat(),
                "over_tijd": p.over_tijd,
            }
            for p in punten
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
