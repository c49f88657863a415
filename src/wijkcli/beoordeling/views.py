"""Render stage for scoring evenings: an `Uitslag` as a terminal table, JSON, or the advice
document (`templates/beoordeling.{md,html}.j2`, with a bar chart).

Every number is computed and formatted here, in Dutch (`3,50`); the templates only place text.
Privacy: participants are anonymous numbers; no output names or numbers a participant.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TypedDict

from wijkcli import __version__
from wijkcli.beoordeling.evening import Beoordeling
from wijkcli.beoordeling.score import Uitslag, rounded
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document, Front
from wijkcli.problems import WijkcliError
from wijkcli.text import join_dutch


class ChartRow(TypedDict):
    naam: str
    waarde: str
    geplaatst: bool
    bar_y: int
    tekst_y: int
    breedte: float
    waarde_x: float
    omschrijving: str


class Tick(TypedDict):
    x: float
    label: str


class Chart(TypedDict):
    """Horizontal bars of the weighted score, in SVG user units."""

    breedte: int
    hoogte: int
    label_x: int
    balk_x: int
    balk_hoogte: int
    as_y: int
    as_tekst_y: int
    boven_y: int
    rijen: list[ChartRow]
    streepjes: list[Tick]


class CriteriumCijfers(TypedDict):
    naam: str
    aantal: int
    gemiddelde: str
    mediaan: str
    spreiding: str


class KandidaatCijfers(TypedDict):
    """A candidate's result, every number formatted in Dutch."""

    id: str
    naam: str
    omschrijving: str | None
    plaats: int | None
    reden: str | None
    formulieren: int
    verbonden: int
    gewogen: str
    spreiding: str
    criteria: list[CriteriumCijfers]


class AvondKop(TypedDict):
    titel: str
    datum: date
    begin: time | None
    eind: time | None
    plek: str
    organisator: str
    vraag: str
    ontvanger: str
    inleiding: list[str]


class Schaal(TypedDict):
    min: int
    max: int


class CriteriumKop(TypedDict):
    naam: str
    uitleg: str | None
    gewicht: int


class BeoordelingContext(TypedDict):
    """Everything the advice shows (`templates/beoordeling.*.j2`)."""

    avond: AvondKop
    datum: date
    schaal: Schaal
    minimum: int
    formulieren: int
    criteria: list[CriteriumKop]
    gewicht_totaal: int
    volgorde_criteria: list[str]
    kandidaten: list[KandidaatCijfers]
    gerangschikt: list[KandidaatCijfers]
    niet_gerangschikt: list[KandidaatCijfers]
    voorkeur: str
    voorkeur_gedeeld: bool
    gelijkspelen: list[str]
    verbonden: int
    grafiek: Chart
    versie: str
    wijkcli: str


def decimal_nl(value: Fraction | Decimal | None, places: int = 2) -> str:
    """`3,50`; `-` for no value."""
    if value is None:
        return "-"
    d = rounded(value, places) if isinstance(value, Fraction) else value
    return f"{d:.{places}f}".replace(".", ",")


def _median_nl(value: Fraction | None) -> str:
    """Medians are whole or halves: `4` or `3,5`."""
    if value is None:
        return "-"
    return str(value.numerator) if value.denominator == 1 else decimal_nl(value, 1)


def _names(u: Uitslag) -> dict[str, str]:
    return {k.kandidaat: k.naam for k in u.kandidaten}


def tie_sentences(u: Uitslag, criteria_names: dict[str, str]) -> list[str]:
    """One Dutch sentence per tie in the ranking."""
    names = _names(u)
    out = []
    for t in u.gelijkspelen:
        if t.criterium is None:
            out.append(
                f"{names[t.hoger]} en {names[t.lager]} hebben hetzelfde gewogen cijfer en "
                "ook op elk criterium hetzelfde gemiddelde: zij delen de plaats."
            )
        else:
            out.append(
                f"{names[t.hoger]} en {names[t.lager]} hebben precies hetzelfde gewogen cijfer; "
                f"{names[t.hoger]} gaat voor, met een hoger gemiddelde op het zwaarst wegende "
                f"criterium waarop zij verschillen, '{criteria_names[t.criterium]}' "
                f"({decimal_nl(t.hoger_gemiddelde)} tegen {decimal_nl(t.lager_gemiddelde)})."
            )
    return out


def uitslag_table(b: Beoordeling, u: Uitslag, fmt: str = "tabel") -> str:
    """The result as plain tables (`tabel`) or Markdown pipe tables (`md`)."""
    from tabulate import tabulate

    assert b.avond is not None
    tablefmt = "pipe" if fmt == "md" else "simple"
    head = ["plaats", "kandidaat", "formulieren", "gewogen", "spreiding"]
    rows = [
        [
            k.plaats if k.plaats is not None else "-",
            k.naam,
            k.formulieren,
            decimal_nl(k.gewogen),
            decimal_nl(k.spreiding),
        ]
        for k in u.kandidaten
    ]
    crit_head = ["kandidaat", *(f"{c.id} (×{c.gewicht})" for c in b.avond.criteria)]
    crit_rows = [
        [
            k.naam,
            *(
                f"{decimal_nl(c.gemiddelde)} · {_median_nl(c.mediaan)} · {decimal_nl(c.spreiding)}"
                for c in k.criteria
            ),
        ]
        for k in u.kandidaten
    ]
    title = f"{b.avond.titel} — {u.formulieren} formulieren, schaal {u.schaal[0]}–{u.schaal[1]}"
    out = [f"## {title}" if fmt == "md" else title, ""]
    out.append(
        tabulate(
            rows, head, tablefmt=tablefmt, colalign=("right", "left", "right", "right", "right")
        )
    )
    legend = "; ".join(f"{c.id} = {c.naam}" for c in b.avond.criteria)
    out += ["", f"Per criterium: gemiddelde · mediaan · spreiding ({legend}).", ""]
    out.append(tabulate(crit_rows, crit_head, tablefmt=tablefmt))
    notes = tie_sentences(u, {c.id: c.naam for c in b.avond.criteria})
    notes += [f"{k.naam}: geen plaats, {k.reden}." for k in u.kandidaten if k.reden]
    if notes:
        out.append("")
        out += notes
    return "\n".join(out) + "\n"


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _fixed(value: Fraction | Decimal | None) -> str | None:
    if value is None:
        return None
    return str(rounded(value) if isinstance(value, Fraction) else value)


def uitslag_json(u: Uitslag) -> str:
    """The result as JSON: rounded values as text with two decimals, exact values as fractions
    (`"52/15"`), so another tool can check the ranking."""
    data = {
        "beoordeling": u.beoordeling,
        "formulieren": u.formulieren,
        "minimum_formulieren": u.minimum,
        "schaal": {"min": u.schaal[0], "max": u.schaal[1]},
        "volgorde_bij_gelijkspel": list(u.volgorde_criteria),
        "kandidaten": [
            {
                "kandidaat": k.kandidaat,
                "naam": k.naam,
                "plaats": k.plaats,
                "reden_geen_plaats": k.reden,
                "formulieren": k.formulieren,
                "verbonden": k.verbonden,
                "gewogen": _fixed(k.gewogen),
                "gewogen_exact": _exact(k.gewogen),
                "spreiding": _fixed(k.spreiding),
                "criteria": [
                    {
                        "criterium": c.criterium,
                        "gewicht": c.gewicht,
                        "aantal": c.aantal,
                        "gemiddelde": _fixed(c.gemiddelde),
                        "gemiddelde_exact": _exact(c.gemiddelde),
                        "mediaan": _exact(c.mediaan),
                        "spreiding": _fixed(c.spreiding),
                    }
                    for c in k.criteria
                ],
            }
            for k in u.kandidaten
        ],
        "gelijkspelen": [
            {
                "hoger": t.hoger,
                "lager": t.lager,
                "beslist_door": t.criterium,
                "hoger_gemiddelde": _exact(t.hoger_gemiddelde),
                "lager_gemiddelde": _exact(t.lager_gemiddelde),
            }
            for t in u.gelijkspelen
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Chart geometry in SVG user units (the page scales the picture to its width).
CHART_WIDTH = 640
LABEL_RIGHT = 190
"""Candidate names end here (text-anchor end)."""
BAR_X = 200
BAR_MAX = 330
"""Width of a bar at the top of the scale; a bar at the bottom of the scale has width 0."""
FIRST_ROW_Y = 12
ROW_HEIGHT = 30
BAR_HEIGHT = 20


def _x(value: Fraction, low: int, high: int) -> float:
    return float(rounded((value - low) * BAR_MAX / (high - low), 1))


def chart(u: Uitslag) -> Chart:
    """Horizontal bars of the weighted score, from the bottom to the top of the scale, with a
    tick per scale value; candidates without a place are drawn in grey."""
    low, high = u.schaal
    rows: list[ChartRow] = []
    for i, k in enumerate(u.kandidaten):
        top = FIRST_ROW_Y + i * ROW_HEIGHT
        width = _x(k.gewogen, low, high) if k.gewogen is not None else 0.0
        label = decimal_nl(k.gewogen) if k.gewogen is not None else "geen cijfer"
        rows.append(
            {
                "naam": k.naam,
                "waarde": label,
                "geplaatst": k.reden is None,
                "bar_y": top,
                "tekst_y": top + BAR_HEIGHT - 5,
                "breedte": width,
                "waarde_x": BAR_X + width + 6,
                "omschrijving": f"{k.naam}: {label}"
                + ("" if k.reden is None else f" (geen plaats: {k.reden})"),
            }
        )
    axis_y = FIRST_ROW_Y + len(rows) * ROW_HEIGHT
    ticks: list[Tick] = [
        {"x": BAR_X + _x(Fraction(v), low, high), "label": str(v)} for v in range(low, high + 1)
    ]
    return {
        "breedte": CHART_WIDTH,
        "hoogte": axis_y + 22,
        "label_x": LABEL_RIGHT,
        "balk_x": BAR_X,
        "balk_hoogte": BAR_HEIGHT,
        "as_y": axis_y,
        "as_tekst_y": axis_y + 16,
        "boven_y": FIRST_ROW_Y - 6,
        "rijen": rows,
        "streepjes": ticks,
    }


def beoordeling_context(b: Beoordeling, u: Uitslag, *, versie: str) -> BeoordelingContext:
    """Everything the advice (`templates/beoordeling.{md,html}.j2`) shows, ready-made: every
    number is computed and formatted here. No participant number or name enters the context.

    Raises:
        WijkcliError: avond.yaml or kandidaten.yaml could not be read.
    """
    avond = b.avond
    if avond is None:
        raise WijkcliError(f"beoordeling '{b.id}' mist avond.yaml; draai 'wijk check'")
    criteria_names = {c.id: c.naam for c in avond.criteria}
    omschrijving = {k.id: k.omschrijving for k in b.kandidaten}
    kandidaten: list[KandidaatCijfers] = [
        {
            "id": k.kandidaat,
            "naam": k.naam,
            "omschrijving": omschrijving.get(k.kandidaat),
            "plaats": k.plaats,
            "reden": k.reden,
            "formulieren": k.formulieren,
            "verbonden": k.verbonden,
            "gewogen": decimal_nl(k.gewogen),
            "spreiding": decimal_nl(k.spreiding),
            "criteria": [
                {
                    "naam": c.naam,
                    "aantal": c.aantal,
                    "gemiddelde": decimal_nl(c.gemiddelde),
                    "mediaan": _median_nl(c.mediaan),
                    "spreiding": decimal_nl(c.spreiding),
                }
                for c in k.criteria
            ],
        }
        for k in u.kandidaten
    ]
    first = [k for k in u.kandidaten if k.plaats == 1]
    return {
        "avond": {
            "titel": avond.titel,
            "datum": avond.datum,
            "begin": avond.begin,
            "eind": avond.eind,
            "plek": avond.plek,
            "organisator": avond.organisator,
            "vraag": avond.vraag,
            "ontvanger": avond.ontvanger,
            "inleiding": list(avond.inleiding),
        },
        "datum": avond.advies_uiterlijk or avond.datum,
        "schaal": {"min": u.schaal[0], "max": u.schaal[1]},
        "minimum": u.minimum,
        "formulieren": u.formulieren,
        "criteria": [
            {
                "naam": c.naam,
                "uitleg": c.uitleg,
                "gewicht": c.gewicht,
            }
            for c in avond.criteria
        ],
        "gewicht_totaal": sum(c.gewicht for c in avond.criteria),
        "volgorde_criteria": [criteria_names[c] for c in u.volgorde_criteria],
        "kandidaten": kandidaten,
        "gerangschikt": [k for k in kandidaten if k["plaats"] is not None],
        "niet_gerangschikt": [k for k in kandidaten if k["plaats"] is None],
        "voorkeur": join_dutch([k.naam for k in first]),
        "voorkeur_gedeeld": len(first) > 1,
        "gelijkspelen": tie_sentences(u, criteria_names),
        "verbonden": sum(k.verbonden for k in u.kandidaten),
        "grafiek": chart(u),
        "versie": versie,
        "wijkcli": __version__,
    }


def uitslag_document(b: Beoordeling, u: Uitslag, fmt: str, *, versie: str) -> str:
    """The result in one output format: `tabel`, `json`, or the advice as `md` or `html`.

    Raises:
        WijkcliError: the template is missing, or the evening lacks avond.yaml.
    """
    if fmt == "json":
        return uitslag_json(u)
    if fmt == "tabel":
        return uitslag_table(b, u)
    from wijkcli.documents.render import render

    return render(f"beoordeling.{fmt}.j2", beoordeling_context(b, u, versie=versie))


@dataclass(frozen=True)
class Scored:
    """A scored evening: what `wijk beoordeling` shows, and the data folder it came from."""

    beoordeling: Beoordeling
    uitslag: Uitslag
    root: Path
    """The data folder holding `beoordelingen/` (for the data version and the PDF)."""


def _front(s: Scored, ctx: BeoordelingContext) -> Front:
    return Front(
        title=f"Advies van bewoners: {ctx['avond']['titel']}",
        author=ctx["avond"]["organisator"],
        when=ctx["datum"],
    )


DOCUMENT: Document[Scored, BeoordelingContext] = Document(
    name="beoordeling",
    formats=("tabel", "json", *DOCUMENT_FORMATS),
    template="beoordeling",
    context=lambda s, o: beoordeling_context(s.beoordeling, s.uitslag, versie=o.version_of(s.root)),
    front=_front,
    filename=lambda s: f"beoordeling-{s.beoordeling.id}",
    outputs={
        "tabel": lambda s, ctx: uitslag_table(s.beoordeling, s.uitslag),
        "json": lambda s, ctx: uitslag_json(s.uitslag),
    },
)
