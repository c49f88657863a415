"""Document stage: the year report of one gebied for the wijknetwerk (`wijk
jaarverslag`): what became of the money and the hours of a year.

`jaarverslag_context` returns a plain dict for `templates/jaarverslag.{md,html}.j2`, and
`jaarverslag_csv` / `jaarverslag_xlsx` give the same tables for Indebuurt033's spreadsheets.
Per wijkplan theme the money advised, granted, spent and returned and the projects realised;
per professional the hours in the plan, advised, granted and used; per round a summary; reach and
volunteers; the wijkplan's stated results next to what the projects reported. Every total and
every chart coordinate is computed here; templates only place them.

Privacy (docs/formaat.md section 10): projects are named by number and title only; no applicant
and no contact data enter the context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

from wijkcli import __version__
from wijkcli.count.ledger import Ledger
from wijkcli.count.uren import hours_report
from wijkcli.count.voortgang import Afloop
from wijkcli.dataset import Dataset
from wijkcli.documents.office import tables_csv, tables_xlsx
from wijkcli.documents.plan import ordered_themes, wijkplan_of
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document, Front, GebiedJaar
from wijkcli.documents.voortgang import STATUS
from wijkcli.documents.wording import GebiedKop, thema_label
from wijkcli.text import name_sort_key

ZERO = Decimal(0)
CENT = Decimal("0.01")

# Chart geometry in SVG user units (the page scales the picture to its width).
CHART_WIDTH = 680
LABEL_RIGHT = 210
BAR_X = 220
BAR_MAX = 330
BAR_HEIGHT = 12
ROW_GAP = 14
LEGEND_Y = 16
FIRST_ROW_Y = 34
LABEL_MAX = 30
MONEY_SERIES = (
    ("geadviseerd", "geadviseerd", "#1a5e8a"),
    ("toegekend", "toegekend", "#d17a22"),
    ("besteed", "besteed", "#4d8b31"),
)
HOURS_SERIES = (
    ("wijkplan", "in het wijkplan", "#1a5e8a"),
    ("geadviseerd", "geadviseerd", "#d17a22"),
    ("gebruikt", "gebruikt", "#4d8b31"),
)


class Bar(TypedDict):
    y: int
    breedte: int
    kleur: str
    waarde: Decimal
    tekst_x: int
    tekst_y: int


class BarRow(TypedDict):
    label: str
    titel: str
    label_y: int
    balken: list[Bar]


class Legend(TypedDict):
    naam: str
    kleur: str
    x: int
    tekst_x: int


class BarChart(TypedDict):
    """Grouped horizontal bars, in SVG user units."""

    breedte: int
    hoogte: int
    label_x: int
    balk_x: int
    balk_hoogte: int
    legenda_y: int
    legenda: list[Legend]
    rijen: list[BarRow]


class Totals(TypedDict):
    """The money and projects of a theme, a round or the year."""

    geadviseerd: Decimal
    toegekend: Decimal
    besteed: Decimal
    terugbetaald: Decimal
    terug: Decimal
    projecten: int
    gerealiseerd: int
    open_besluit: int


class Project(TypedDict):
    """An adopted application and what became of it; named by number and title only."""

    nummer: str
    titel: str
    ronde: str
    thema: str
    status: str
    gerealiseerd: bool
    geadviseerd: Decimal
    toegekend: Decimal | None
    besteed: Decimal
    terugbetaald: Decimal
    terug: Decimal
    uren_toegekend: int
    uren_gebruikt: int
    verslag: date | None
    bereik: str | None
    deelnemers: int | None
    vrijwilligers: int | None
    resultaat: list[str]


class Bestemming(TypedDict):
    naar: str | None
    bedrag: Decimal


class Kasboekzinnen(TypedDict):
    plan: list[str]
    kop: str
    balans: list[str]


class JaarRonde(Totals):
    naam: str
    datum: date
    budget: Decimal
    doorgeschoven: Decimal
    teruggevloeid: Decimal
    beschikbaar: Decimal
    gevraagd: Decimal
    aanvragen: int
    over: Decimal
    bestemming: list[Bestemming]
    """Where the money that came back from this round went, by its date (None: the fund)."""


class JaarThema(Totals):
    id: str
    label: str
    resultaat_plan: str | None
    lijst: list[Project]


class JaarProfessional(TypedDict):
    naam: str
    functie: str
    organisatie: str
    beschikbaar: int
    wijkplan: int
    geadviseerd: int
    toegekend: int
    gebruikt: int


class Bereik(TypedDict):
    projecten: int
    verslagen: int
    deelnemers: int
    met_aantal: int
    vrijwilligers: int
    zonder_verslag: list[Project]


class JaarverslagContext(TypedDict):
    """Everything the year report shows (`templates/jaarverslag.*.j2`, csv, xlsx)."""

    gebied: GebiedKop
    team: str
    jaar: int
    budget: Decimal
    rondes: list[JaarRonde]
    themas: list[JaarThema]
    totaal: Totals
    projecten: list[Project]
    professionals: list[JaarProfessional]
    uren_totaal: dict[str, int]
    bereik: Bereik
    grafiek_geld: BarChart
    grafiek_uren: BarChart
    kasboek: Kasboekzinnen
    versie: str
    wijkcli: str


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _scale(value: Decimal, largest: Decimal) -> int:
    if value <= 0 or largest <= 0:
        return 0
    width = int((value * BAR_MAX / largest).to_integral_value(rounding=ROUND_HALF_UP))
    return max(width, 1)


def bar_chart(
    rows: list[tuple[str, dict[str, Decimal]]], series: tuple[tuple[str, str, str], ...]
) -> BarChart:
    """Grouped horizontal bars: per row (label, values by series key) one bar per series."""
    largest = max((v for _, values in rows for v in values.values()), default=ZERO)
    group = len(series) * BAR_HEIGHT + ROW_GAP
    placed: list[BarRow] = []
    for i, (label, values) in enumerate(rows):
        top = FIRST_ROW_Y + i * group
        bars: list[Bar] = []
        for j, (key, _name, colour) in enumerate(series):
            width = _scale(values[key], largest)
            y = top + j * BAR_HEIGHT
            bars.append(
                {
                    "y": y,
                    "breedte": width,
                    "kleur": colour,
                    "waarde": values[key],
                    "tekst_x": BAR_X + width + 4,
                    "tekst_y": y + BAR_HEIGHT - 2,
                }
            )
        placed.append(
            {
                "label": _short(label),
                "titel": label,
                "label_y": top + (len(series) * BAR_HEIGHT) // 2 + 4,
                "balken": bars,
            }
        )
    legend: list[Legend] = [
        {"naam": name, "kleur": colour, "x": BAR_X + k * 130, "tekst_x": BAR_X + k * 130 + 16}
        for k, (_key, name, colour) in enumerate(series)
    ]
    return {
        "breedte": CHART_WIDTH,
        "hoogte": FIRST_ROW_Y + len(rows) * group + 4,
        "label_x": LABEL_RIGHT,
        "balk_x": BAR_X,
        "balk_hoogte": BAR_HEIGHT,
        "legenda_y": LEGEND_Y,
        "legenda": legend,
        "rijen": placed,
    }


@dataclass
class _Sum:
    geadviseerd: Decimal = ZERO
    toegekend: Decimal = ZERO
    besteed: Decimal = ZERO
    terugbetaald: Decimal = ZERO
    terug: Decimal = ZERO
    projecten: int = 0
    gerealiseerd: int = 0
    open_besluit: int = 0
    rows: list[Project] = field(default_factory=list)

    def add(self, a: Afloop) -> None:
        self.geadviseerd += a.geadviseerd
        self.toegekend += a.toegekend if a.toegekend is not None else ZERO
        self.besteed += a.besteed
        self.terugbetaald += a.terugbetaald
        self.terug += a.terug_naar_budget
        self.projecten += 1
        self.gerealiseerd += a.gerealiseerd
        self.open_besluit += a.voortgang is None

    def totals(self) -> Totals:
        return {
            "geadviseerd": self.geadviseerd,
            "toegekend": self.toegekend,
            "besteed": self.besteed,
            "terugbetaald": self.terugbetaald,
            "terug": self.terug,
            "projecten": self.projecten,
            "gerealiseerd": self.gerealiseerd,
            "open_besluit": self.open_besluit,
        }


def _project(a: Afloop, ronde_naam: str, thema: str) -> Project:
    v = a.voortgang
    verslag = v.verslag if v is not None else None
    return {
        "nummer": a.nummer or "",
        "titel": a.titel,
        "ronde": ronde_naam,
        "thema": thema,
        "status": STATUS[a.status],
        "gerealiseerd": a.gerealiseerd,
        "geadviseerd": a.geadviseerd,
        "toegekend": a.toegekend,
        "besteed": a.besteed,
        "terugbetaald": a.terugbetaald,
        "terug": a.terug_naar_budget,
        "uren_toegekend": sum(a.uren_toegekend.values()),
        "uren_gebruikt": sum(a.uren_gebruikt.values()),
        "verslag": verslag.ontvangen if verslag is not None else None,
        "bereik": verslag.bereik if verslag is not None else None,
        "deelnemers": verslag.deelnemers if verslag is not None else None,
        "vrijwilligers": verslag.vrijwilligers if verslag is not None else None,
        "resultaat": list(verslag.resultaat) if verslag is not None else [],
    }


def jaarverslag_context(
    dataset: Dataset, gebied: str, jaar: int, *, versie: str
) -> JaarverslagContext:
    """Everything the year report of `gebied` in `jaar` shows.

    Raises:
        UnknownIdError: unknown gebied.
        WijkcliError: no wijkplan for that year.
    """
    g, plan = wijkplan_of(dataset, gebied, jaar)
    ledger = Ledger.of(dataset)
    themas = ordered_themes(plan)
    labels = {t.id: thema_label(t) for t in themas}
    per_thema = {t.id: _Sum() for t in themas}
    totaal = _Sum()
    toegekend_uren: dict[str, int] = {}
    gebruikt_uren: dict[str, int] = {}
    rondes: list[JaarRonde] = []
    year_rounds = ledger.afloop_jaar(gebied, jaar)
    for r, result, items in year_rounds:
        ronde_sum = _Sum()
        for a in items:
            row = _project(a, r.info.naam, labels[a.thema])
            per_thema[a.thema].add(a)
            per_thema[a.thema].rows.append(row)
            ronde_sum.add(a)
            totaal.add(a)
            totaal.rows.append(row)
            for prof, n in a.uren_toegekend.items():
                toegekend_uren[prof] = toegekend_uren.get(prof, 0) + n
            for prof, n in a.uren_gebruikt.items():
                gebruikt_uren[prof] = gebruikt_uren.get(prof, 0) + n
        # Where the money that comes back went: by its date, to the first round that met on or
        # after it, or back to the fund after the last round of the year (`count.ledger`).
        bestemming: dict[str | None, Decimal] = {}
        for f in ledger.flows(gebied, jaar):
            if f.ronde == r.id:
                bestemming[f.naar] = bestemming.get(f.naar, Decimal(0)) + f.bedrag
        order = [x.id for x in ledger.year_rounds(jaar, gebied)]
        naar: list[Bestemming] = [
            {"naar": dataset.ronde(k).info.naam if k is not None else None, "bedrag": v}
            for k, v in sorted(
                bestemming.items(),
                key=lambda kv: (kv[0] is None, order.index(kv[0]) if kv[0] else 0),
            )
            if v
        ]
        rondes.append(
            {
                "naam": r.info.naam,
                "datum": r.info.vergadering.datum,
                "budget": result.budget,
                "doorgeschoven": result.doorgeschoven,
                "teruggevloeid": result.teruggevloeid,
                "beschikbaar": result.beschikbaar,
                "gevraagd": result.gevraagd,
                "aanvragen": sum(1 for a in r.aanvragen.values() if a.gebied == gebied),
                "over": result.over,
                "bestemming": naar,
                **ronde_sum.totals(),
            }
        )

    report = hours_report(dataset, gebied, jaar)
    professionals: list[JaarProfessional] = [
        {
            "naam": p.naam,
            "functie": p.functie,
            "organisatie": p.organisatie,
            "beschikbaar": p.beschikbaar,
            "wijkplan": p.wijkplan,
            "geadviseerd": p.geadviseerd,
            "toegekend": toegekend_uren.get(p.id, 0),
            "gebruikt": gebruikt_uren.get(p.id, 0),
        }
        for p in sorted(report.professionals, key=lambda p: name_sort_key(p.naam))
    ]
    uren_totaal = {
        key: sum(p[key] for p in professionals)
        for key in ("beschikbaar", "wijkplan", "geadviseerd", "toegekend", "gebruikt")
    }

    thema_rows: list[JaarThema] = [
        {
            "id": t.id,
            "label": labels[t.id],
            "resultaat_plan": t.resultaat,
            "lijst": per_thema[t.id].rows,
            **per_thema[t.id].totals(),
        }
        for t in themas
    ]
    projects = totaal.rows
    verslagen = [p for p in projects if p["verslag"] is not None]
    bereik: Bereik = {
        "projecten": len(projects),
        "verslagen": len(verslagen),
        "deelnemers": sum(p["deelnemers"] or 0 for p in verslagen),
        "met_aantal": sum(1 for p in verslagen if p["deelnemers"] is not None),
        "vrijwilligers": sum(p["vrijwilligers"] or 0 for p in verslagen),
        "zonder_verslag": [
            p for p in projects if p["verslag"] is None and p["status"] != STATUS["niet-doorgegaan"]
        ],
    }
    money_chart = bar_chart(
        [
            (t["label"], {k: t[k] for k in ("geadviseerd", "toegekend", "besteed")})
            for t in thema_rows
        ],
        MONEY_SERIES,
    )
    hours_chart = bar_chart(
        [
            (p["naam"], {k: Decimal(p[k]) for k in ("wijkplan", "geadviseerd", "gebruikt")})
            for p in professionals
        ],
        HOURS_SERIES,
    )
    from wijkcli.documents.kasboek import balans_zinnen, plan_zinnen

    kb = ledger.kasboek(gebied, jaar)
    balans_kop, *balans = balans_zinnen(kb)
    return {
        "gebied": {"id": g.id, "naam": g.info.naam, "volledige_naam": g.info.volledige_naam},
        "team": g.info.bewonersteam.naam,
        "jaar": jaar,
        "budget": plan.budget,
        "kasboek": {"plan": plan_zinnen(kb), "kop": balans_kop, "balans": balans},
        "rondes": rondes,
        "themas": thema_rows,
        "totaal": totaal.totals(),
        "projecten": projects,
        "professionals": professionals,
        "uren_totaal": uren_totaal,
        "bereik": bereik,
        "grafiek_geld": money_chart,
        "grafiek_uren": hours_chart,
        "versie": versie,
        "wijkcli": __version__,
    }


# --- the tables for spreadsheets (csv, xlsx) ---------------------------------------------------


def _money(t: Totals) -> list[Decimal]:
    return [t["geadviseerd"], t["toegekend"], t["besteed"], t["terugbetaald"], t["terug"]]


def _tables(ctx: JaarverslagContext) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(name, header, rows) of every table of the report; money as Decimal, counts as int."""
    themas: list[list[Any]] = [
        [t["label"], *_money(t), t["projecten"], t["gerealiseerd"]] for t in ctx["themas"]
    ]
    themas.append(["totaal", *_money(ctx["totaal"]), ctx["totaal"]["projecten"],
                   ctx["totaal"]["gerealiseerd"]])  # fmt: skip
    profs = [
        [p["naam"], p["organisatie"], p["beschikbaar"], p["wijkplan"], p["geadviseerd"],
         p["toegekend"], p["gebruikt"]]
        for p in ctx["professionals"]
    ]  # fmt: skip
    u = ctx["uren_totaal"]
    profs.append(["totaal", None, u["beschikbaar"], u["wijkplan"], u["geadviseerd"],
                  u["toegekend"], u["gebruikt"]])  # fmt: skip
    rondes = [
        [r["naam"], r["datum"], r["budget"], r["doorgeschoven"], r["teruggevloeid"],
         r["beschikbaar"], r["gevraagd"], r["geadviseerd"], r["toegekend"], r["besteed"],
         r["terugbetaald"], r["terug"], r["aanvragen"], r["projecten"], r["gerealiseerd"]]
        for r in ctx["rondes"]
    ]  # fmt: skip
    projecten = [
        [p["nummer"], p["titel"], p["ronde"], p["thema"], p["status"], p["geadviseerd"],
         p["toegekend"], p["besteed"], p["terugbetaald"], p["terug"], p["uren_toegekend"],
         p["uren_gebruikt"], p["verslag"], p["deelnemers"], p["vrijwilligers"], p["bereik"]]
        for p in ctx["projecten"]
    ]  # fmt: skip
    return [
        ("themas", ["thema", "geadviseerd", "toegekend", "besteed", "terugbetaald",
                    "terug naar budget", "projecten", "gerealiseerd"], themas),
        ("professionals", ["professional", "organisatie", "uren beschikbaar", "uren wijkplan",
                           "uren geadviseerd", "uren toegekend", "uren gebruikt"], profs),
        ("rondes", ["ronde", "vergadering", "budget", "doorgeschoven", "terug uit eerdere rondes",
                    "beschikbaar", "gevraagd",
                    "geadviseerd", "toegekend", "besteed", "terugbetaald", "terug naar budget",
                    "aanvragen", "toegekende aanvragen", "gerealiseerd"], rondes),
        ("projecten", ["nummer", "titel", "ronde", "thema", "status", "geadviseerd", "toegekend",
                       "besteed", "terugbetaald", "terug naar budget", "uren toegekend",
                       "uren gebruikt", "verslag ontvangen", "deelnemers", "vrijwilligers",
                       "bereik"], projecten),
    ]  # fmt: skip


SHEETS = {"themas": "Thema's", "professionals": "Professionals", "rondes": "Rondes",
          "projecten": "Projecten"}  # fmt: skip


def jaarverslag_csv(ctx: JaarverslagContext) -> str:
    """The tables one after another for Dutch Excel (`office.tables_csv`: `;`, a BOM, amounts
    with a decimal comma, dates as JJJJ-MM-DD), each headed `# name`."""
    return tables_csv(_tables(ctx))


def jaarverslag_xlsx(ctx: JaarverslagContext) -> bytes:
    """The tables as one sheet each (`office.tables_xlsx`); the same data gives the same
    bytes."""
    sheets = [(SHEETS[name], head, rows) for name, head, rows in _tables(ctx)]
    title = f"Jaarverslag {ctx['gebied']['naam']} {ctx['jaar']}"
    return tables_xlsx(sheets, title=title, when=date(ctx["jaar"], 12, 31))


def _front(subject: GebiedJaar, ctx: JaarverslagContext) -> Front:
    return Front(
        title=f"Jaarverslag {ctx['gebied']['naam']} {ctx['jaar']}",
        author=ctx["team"],
        when=date(ctx["jaar"], 12, 31),
    )


DOCUMENT: Document[GebiedJaar, JaarverslagContext] = Document(
    name="jaarverslag",
    formats=(*DOCUMENT_FORMATS, "csv", "xlsx"),
    template="jaarverslag",
    context=lambda s, o: jaarverslag_context(
        s.dataset, s.gebied, s.jaar, versie=o.version_of(s.dataset.root)
    ),
    front=_front,
    filename=lambda s: f"jaarverslag-{s.gebied}-{s.jaar}",
    outputs={
        "csv": lambda s, ctx: jaarverslag_csv(ctx),
        "xlsx": lambda s, ctx: jaarverslag_xlsx(ctx),
    },
)
