"""The city overview as a registered document (`documents.registry`): `wijk stad` in md, html
and xlsx, and `stad_pagina` for the site builder.

The context only places and adds up the figures each gebied's own documents gave
(`stad.overview`): per gebied and year the year report's money and hours and the kasboek's
round budgets, the totals of the city as their sums, per theme (themes of the same name in
several gebieden are added up) and per round, the open action points and the overdue reports on
the peildatum. No applicant, no member and no contact data are in it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict

from wijkcli import __version__
from wijkcli.documents.registry import Document, Front, Options
from wijkcli.stad.overview import Actiepunt, GebiedCijfers, JaarCijfers, Stad, TeLaat

ZERO = Decimal(0)

MONEY = ("budget", "rondebudgetten", "geadviseerd", "toegekend", "besteed", "terugbetaald", "terug")
COUNTS = (
    "projecten",
    "gerealiseerd",
    "open_besluit",
    "uren_wijkplan",
    "uren_geadviseerd",
    "uren_toegekend",
    "uren_gebruikt",
)


class Rij(TypedDict):
    """A gebied (or the city) in a year, or over all years: money and hours."""

    gebied: str
    repository: str
    budget: Decimal
    rondebudgetten: Decimal
    geadviseerd: Decimal
    toegekend: Decimal
    besteed: Decimal
    terugbetaald: Decimal
    terug: Decimal
    projecten: int
    gerealiseerd: int
    open_besluit: int
    uren_wijkplan: int
    uren_geadviseerd: int
    uren_toegekend: int
    uren_gebruikt: int


class ThemaRij(TypedDict):
    thema: str
    gebieden: int
    geadviseerd: Decimal
    toegekend: Decimal
    besteed: Decimal
    terugbetaald: Decimal
    projecten: int


class RondeRij(TypedDict):
    gebied: str
    ronde: str
    datum: date
    beschikbaar: Decimal
    gevraagd: Decimal
    geadviseerd: Decimal
    toegekend: Decimal
    over: Decimal
    aanvragen: int
    projecten: int


class Jaar(TypedDict):
    jaar: int
    gebieden: list[Rij]
    zonder_wijkplan: list[str]
    totaal: Rij
    themas: list[ThemaRij]
    rondes: list[RondeRij]


class ActieRij(TypedDict):
    gebied: str
    open: int
    over_tijd: int


class StadContext(TypedDict):
    stad: str
    datum: date
    jaren: list[int]
    bronnen: list[dict[str, Any]]
    weggelaten: list[dict[str, Any]]
    gebieden: list[Rij]
    totaal: Rij
    per_jaar: list[Jaar]
    acties: list[ActieRij]
    acties_open: int
    acties_over_tijd: list[Actiepunt]
    te_laat: list[TeLaat]
    wijkcli: str


def _row(g: GebiedCijfers, j: JaarCijfers) -> Rij:
    t = j.totaal
    return {
        "gebied": g.naam,
        "repository": g.repository,
        "budget": j.budget,
        "rondebudgetten": j.rondebudgetten,
        "geadviseerd": t["geadviseerd"],
        "toegekend": t["toegekend"],
        "besteed": t["besteed"],
        "terugbetaald": t["terugbetaald"],
        "terug": t["terug"],
        "projecten": t["projecten"],
        "gerealiseerd": t["gerealiseerd"],
        "open_besluit": t["open_besluit"],
        "uren_wijkplan": j.uren["wijkplan"],
        "uren_geadviseerd": j.uren["geadviseerd"],
        "uren_toegekend": j.uren["toegekend"],
        "uren_gebruikt": j.uren["gebruikt"],
    }


def sum_rows(rows: list[Rij], gebied: str, repository: str = "") -> Rij:
    """The sum of `rows`, every amount and count (the city's total, a gebied's years)."""
    out: dict[str, Any] = {"gebied": gebied, "repository": repository}
    for k in MONEY:
        out[k] = sum((r[k] for r in rows), ZERO)  # type: ignore[literal-required]
    for k in COUNTS:
        out[k] = sum(r[k] for r in rows)  # type: ignore[literal-required]
    return out  # type: ignore[return-value]


def _year(stad: Stad, jaar: int) -> Jaar:
    rows: list[Rij] = []
    themas: dict[str, ThemaRij] = {}
    rondes: list[RondeRij] = []
    zonder: list[str] = []
    for g in stad.gebieden:
        j = g.jaren.get(jaar)
        if j is None:
            zonder.append(g.naam)
            continue
        rows.append(_row(g, j))
        for t in j.themas:
            row = themas.setdefault(
                t.label,
                {
                    "thema": t.label,
                    "gebieden": 0,
                    "geadviseerd": ZERO,
                    "toegekend": ZERO,
                    "besteed": ZERO,
                    "terugbetaald": ZERO,
                    "projecten": 0,
                },
            )
            row["gebieden"] += 1
            for k in ("geadviseerd", "toegekend", "besteed", "terugbetaald"):
                row[k] += t.totaal[k]
            row["projecten"] += t.totaal["projecten"]
        for r in j.rondes:
            rondes.append(
                {
                    "gebied": g.naam,
                    "ronde": r["naam"],
                    "datum": r["datum"],
                    "beschikbaar": r["beschikbaar"],
                    "gevraagd": r["gevraagd"],
                    "geadviseerd": r["geadviseerd"],
                    "toegekend": r["toegekend"],
                    "over": r["over"],
                    "aanvragen": r["aanvragen"],
                    "projecten": r["projecten"],
                }
            )
    return {
        "jaar": jaar,
        "gebieden": rows,
        "zonder_wijkplan": zonder,
        "totaal": sum_rows(rows, "totaal"),
        "themas": sorted(themas.values(), key=lambda t: (t["thema"].casefold(), t["thema"])),
        "rondes": sorted(rondes, key=lambda r: (r["datum"], r["gebied"], r["ronde"])),
    }


def stad_context(stad: Stad) -> StadContext:
    """Everything the city overview shows, for the years of `stad`."""
    per_jaar = [_year(stad, j) for j in stad.jaren]
    gebieden = [
        sum_rows([_row(g, g.jaren[j]) for j in stad.jaren if j in g.jaren], g.naam, g.repository)
        for g in stad.gebieden
    ]
    acties: list[ActieRij] = [
        {"gebied": g.naam, "open": g.actiepunten_open, "over_tijd": len(g.actiepunten_over_tijd)}
        for g in stad.gebieden
    ]
    naam = {g.id: g.naam for g in stad.gebieden}
    over_tijd = sorted(
        (
            Actiepunt(naam[p.gebied], p.ronde, p.wat, p.uiterlijk)
            for g in stad.gebieden
            for p in g.actiepunten_over_tijd
        ),
        key=lambda p: (p.uiterlijk, p.gebied, p.ronde, p.wat),
    )
    te_laat = sorted(
        (
            replace(t, gebied=naam[t.gebied])
            for g in stad.gebieden
            for t in g.te_laat
            if t.jaar in stad.jaren
        ),
        key=lambda t: (t.uiterlijk, t.gebied, t.ronde, t.aanvraag, t.wat),
    )
    return {
        "stad": stad.naam,
        "datum": stad.datum,
        "jaren": stad.jaren,
        "bronnen": [
            {
                "naam": b.naam,
                "adres": b.adres,
                "versie": b.versie,
                "gebieden": [naam[x] for x in b.gebieden],
            }
            for b in stad.bronnen
        ],
        "weggelaten": [{"naam": w.naam, "fouten": w.fouten} for w in stad.weggelaten],
        "gebieden": gebieden,
        "totaal": sum_rows(gebieden, "totaal"),
        "per_jaar": per_jaar,
        "acties": acties,
        "acties_open": sum(a["open"] for a in acties),
        "acties_over_tijd": over_tijd,
        "te_laat": te_laat,
        "wijkcli": __version__,
    }


# --- xlsx --------------------------------------------------------------------------------------

ROW_HEAD = [
    "gebied",
    "repository",
    "budget wijkplan",
    "budget rondes",
    "geadviseerd",
    "toegekend",
    "besteed",
    "terugbetaald",
    "terug naar budget",
    "projecten",
    "gerealiseerd",
    "besluit open",
    "uren wijkplan",
    "uren geadviseerd",
    "uren toegekend",
    "uren gebruikt",
]


def _cells(r: Rij) -> list[Any]:
    return [
        r["gebied"],
        r["repository"],
        *(r[k] for k in MONEY),  # type: ignore[literal-required]
        *(r[k] for k in COUNTS),  # type: ignore[literal-required]
    ]


def stad_xlsx(ctx: StadContext) -> bytes:
    """One sheet per table: the gebieden over all years, per year, per theme, per round, the
    action points and the overdue reports; the totals as the last row of each."""
    from wijkcli.documents.office import tables_xlsx

    jaar_rows = [
        [j["jaar"], *_cells(r)] for j in ctx["per_jaar"] for r in [*j["gebieden"], j["totaal"]]
    ]
    thema_rows = [
        [
            j["jaar"],
            t["thema"],
            t["gebieden"],
            t["geadviseerd"],
            t["toegekend"],
            t["besteed"],
            t["terugbetaald"],
            t["projecten"],
        ]
        for j in ctx["per_jaar"]
        for t in j["themas"]
    ]
    ronde_rows = [
        [
            j["jaar"],
            r["gebied"],
            r["ronde"],
            r["datum"],
            r["beschikbaar"],
            r["gevraagd"],
            r["geadviseerd"],
            r["toegekend"],
            r["over"],
            r["aanvragen"],
            r["projecten"],
        ]
        for j in ctx["per_jaar"]
        for r in j["rondes"]
    ]
    tables = [
        ("Gebieden", ROW_HEAD, [_cells(r) for r in [*ctx["gebieden"], ctx["totaal"]]]),
        ("Per jaar", ["jaar", *ROW_HEAD], jaar_rows),
        (
            "Thema's",
            [
                "jaar",
                "thema",
                "gebieden",
                "geadviseerd",
                "toegekend",
                "besteed",
                "terugbetaald",
                "projecten",
            ],
            thema_rows,
        ),
        (
            "Rondes",
            [
                "jaar",
                "gebied",
                "ronde",
                "vergadering",
                "beschikbaar",
                "gevraagd",
                "geadviseerd",
                "toegekend",
                "over",
                "aanvragen",
                "geadviseerd toe te kennen",
            ],
            ronde_rows,
        ),
        (
            "Actiepunten",
            ["gebied", "open", "over tijd"],
            [[a["gebied"], a["open"], a["over_tijd"]] for a in ctx["acties"]],
        ),
        (
            "Te laat",
            ["gebied", "ronde", "aanvraag", "wat", "uiterlijk"],
            [[t.gebied, t.ronde, t.aanvraag, t.wat, t.uiterlijk] for t in ctx["te_laat"]],
        ),
    ]
    return tables_xlsx(tables, title=f"Overzicht {ctx['stad']}", when=ctx["datum"])


def _front(stad: Stad, ctx: StadContext) -> Front:
    return Front(title=f"Overzicht {stad.naam}", author=stad.naam, when=stad.datum)


DOCUMENT: Document[Stad, StadContext] = Document(
    name="stad",
    formats=("md", "html", "xlsx"),
    template="stad",
    context=lambda s, o: stad_context(s),
    front=_front,
    filename=lambda s: "stad",
    outputs={"xlsx": lambda s, ctx: stad_xlsx(ctx)},
)


def stad_pagina(stad: Stad, fmt: str = "html") -> str | bytes:
    """The city overview of `stad` (`overview.lees_stad`) in `fmt` (html, md or xlsx): what the
    site builder puts on the city's page, the same bytes as `wijk stad --format fmt`."""
    return DOCUMENT.make(stad, Options()).render(fmt)
