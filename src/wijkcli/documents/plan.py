"""Render stage, context part: the wijkplan of one gebied and year as residents read it.

`plan_context` returns a plain dict for `templates/wijkplan.{md,html}.j2`: the themes in order
of priority with their actions and professional hours, the budget for initiatives, the pool,
and per theme the applications the Bewonersteam advised to grant in that year's rounds so far.
Every total and every chart coordinate is computed here; templates only place them.

Privacy (docs/formaat.md section 10): only granted applications appear, by title and amount; no
applicant is named (a private person never may be), and no contact data enters the context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import NotRequired, TypedDict

from wijkcli import __version__
from wijkcli.count.ledger import Ledger
from wijkcli.count.uren import hours_report
from wijkcli.dataset import Dataset, GebiedData
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document, Front, GebiedJaar
from wijkcli.documents.wording import GebiedKop, hours_text, thema_label
from wijkcli.model import Lid, Thema, Wijkplan
from wijkcli.problems import WijkcliError
from wijkcli.text import name_sort_key

ZERO = Decimal(0)
GRANTED = ("toekennen", "gedeeltelijk")

# Chart geometry in SVG user units (the page scales the whole picture to its width).
CHART_WIDTH = 680
LABEL_RIGHT = 196
"""Labels end here (text-anchor end)."""
HOURS_X = 206
MONEY_X = 436
BAR_MAX = 140
"""Width of the longest bar in each panel."""
HEAD_Y = 18
"""Baseline of the panel headings."""
FIRST_ROW_Y = 30
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_MAX = 28
"""Longer labels are shortened (the full title is in the row's tooltip and in the table)."""


class ChartRow(TypedDict):
    label: str
    titel: str
    uren: int
    geld: Decimal | None
    bar_y: int
    tekst_y: int
    uren_breedte: int
    uren_tekst_x: int
    geld_breedte: int
    geld_tekst_x: int


class Chart(TypedDict):
    """Bars of hours and money per theme, in SVG user units."""

    breedte: int
    hoogte: int
    label_x: int
    uren_x: int
    geld_x: int
    kop_y: int
    balk_hoogte: int
    rijen: list[ChartRow]


class Initiatief(TypedDict):
    titel: str
    ronde: str
    bedrag: Decimal
    uren: str
    uren_totaal: int


class Actie(TypedDict):
    wat: str
    wie: str
    wanneer: str | None
    uren: str
    uren_totaal: int


class PlanRonde(TypedDict):
    """A round of the year; the amounts only once its minutes are there (`besloten`)."""

    naam: str
    datum: date
    besloten: bool
    beschikbaar: NotRequired[Decimal]
    geadviseerd: NotRequired[Decimal]
    over: NotRequired[Decimal]


class PlanThema(TypedDict):
    id: str
    code: str | None
    titel: str
    label: str
    speerpunt: str | None
    prioriteit: int
    doel: str
    resultaat: str | None
    bewoners_doen: str | None
    acties: list[Actie]
    uren: int
    initiatieven: list[Initiatief]
    initiatief_uren: int
    geadviseerd: Decimal


class Pool(TypedDict):
    omschrijving: str | None
    uren: str
    uren_totaal: int


class PlanProfessional(TypedDict):
    naam: str
    functie: str
    organisatie: str
    beschikbaar: int
    themas: list[int]
    pool: int
    wijkplan: int
    geadviseerd: int


class ProfessionalsTotaal(TypedDict):
    beschikbaar: int
    themas: list[int]
    pool: int
    geadviseerd: int


class PlanTotaal(TypedDict):
    acties: int
    pool: int
    wijkplan: int
    initiatief_uren: int
    initiatieven: int
    geadviseerd: Decimal


class PlanContext(TypedDict):
    """Everything the published wijkplan shows (`templates/wijkplan.*.j2`)."""

    gebied: GebiedKop
    team: str
    jaar: int
    vastgesteld: date | None
    uitgangspunten: list[str]
    budget: Decimal
    ambitie: Decimal | None
    volgend_jaar: int
    rondes: list[PlanRonde]
    themas: list[PlanThema]
    pool: Pool | None
    professionals: list[PlanProfessional]
    professionals_totaal: ProfessionalsTotaal
    totaal: PlanTotaal
    grafiek: Chart
    versie: str
    wijkcli: str


@dataclass
class _ThemaTotals:
    initiatieven: list[Initiatief] = field(default_factory=list)
    bedrag: Decimal = ZERO
    uren: int = 0


def ordered_themes(plan: Wijkplan) -> list[Thema]:
    """Themes by priority (1 first); equal priorities keep their order in the file."""
    return sorted(plan.themas, key=lambda t: t.prioriteit)


def _scale(value: Decimal, largest: Decimal) -> int:
    """Bar width for `value` when `largest` gets BAR_MAX; at least 1 for anything above 0."""
    if value <= 0 or largest <= 0:
        return 0
    width = int((value * BAR_MAX / largest).to_integral_value(rounding=ROUND_HALF_UP))
    return max(width, 1)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def _chart(rows: list[tuple[str, int, Decimal | None]]) -> Chart:
    """Bars of hours and money per row (label, hours, money or None when it has no money)."""
    max_hours = Decimal(max((h for _, h, _ in rows), default=0))
    max_money = max((m for _, _, m in rows if m is not None), default=ZERO)
    placed: list[ChartRow] = []
    for i, (label, hours, money) in enumerate(rows):
        top = FIRST_ROW_Y + i * ROW_HEIGHT
        hours_w = _scale(Decimal(hours), max_hours)
        money_w = _scale(money, max_money) if money is not None else 0
        placed.append(
            {
                "label": _short(label),
                "titel": label,
                "uren": hours,
                "geld": money,
                "bar_y": top,
                "tekst_y": top + BAR_HEIGHT - 5,
                "uren_breedte": hours_w,
                "uren_tekst_x": HOURS_X + hours_w + 6,
                "geld_breedte": money_w,
                "geld_tekst_x": MONEY_X + money_w + 6,
            }
        )
    return {
        "breedte": CHART_WIDTH,
        "hoogte": FIRST_ROW_Y + len(rows) * ROW_HEIGHT + 4,
        "label_x": LABEL_RIGHT,
        "uren_x": HOURS_X,
        "geld_x": MONEY_X,
        "kop_y": HEAD_Y,
        "balk_hoogte": BAR_HEIGHT,
        "rijen": placed,
    }


def _actie_rows(t: Thema, leden: dict[str, Lid]) -> list[Actie]:
    return [
        {
            "wat": a.wat,
            "wie": a.wie,
            "wanneer": a.wanneer,
            "uren": hours_text(dict(a.uren), leden),
            "uren_totaal": sum(a.uren.values()),
        }
        for a in t.acties
    ]


def wijkplan_of(dataset: Dataset, gebied: str, jaar: int) -> tuple[GebiedData, Wijkplan]:
    """The gebied and its wijkplan of `jaar`.

    Raises:
        UnknownIdError: unknown gebied.
        WijkcliError: no wijkplan for that year.
    """
    g = dataset.gebied(gebied)
    plan = g.wijkplannen.get(jaar)
    if plan is None:
        years = ", ".join(str(j) for j in sorted(g.wijkplannen)) or "geen"
        raise WijkcliError(
            f"gebied '{gebied}' heeft geen wijkplan voor {jaar} (wel: {years}); "
            f"verwacht data/gebieden/{gebied}/wijkplan-{jaar}.yaml"
        )
    return g, plan


def plan_context(dataset: Dataset, gebied: str, jaar: int, *, versie: str) -> PlanContext:
    """Everything the published wijkplan of `gebied` in `jaar` shows.

    Raises:
        UnknownIdError: unknown gebied.
        WijkcliError: no wijkplan for that year.
    """
    g, plan = wijkplan_of(dataset, gebied, jaar)
    leden = g.leden_by_id
    themas = ordered_themes(plan)
    totals = {t.id: _ThemaTotals() for t in themas}

    rondes: list[PlanRonde] = []
    ledger = Ledger.of(dataset)
    for r in ledger.year_rounds(jaar, gebied):
        ronde = r.info
        if gebied not in r.vergaderingen:
            rondes.append({"naam": ronde.naam, "datum": ronde.vergadering.datum,
                           "besloten": False})  # fmt: skip
            continue
        result = ledger.tally(dataset.meeting_of(r, gebied))
        for item in result.items:
            if item.advies not in GRANTED or item.bedrag <= 0:
                continue
            # `load_clean` guarantees the aanvraag exists and its thema is in this wijkplan.
            a = r.aanvragen[item.aanvraag_id]
            tt = totals[a.thema]
            tt.initiatieven.append(
                {
                    "titel": a.titel,
                    "ronde": ronde.naam,
                    "bedrag": item.bedrag,
                    "uren": hours_text(item.uren, leden),
                    "uren_totaal": sum(item.uren.values()),
                }
            )
            tt.bedrag += item.bedrag
            tt.uren += sum(item.uren.values())
        rondes.append(
            {
                "naam": ronde.naam,
                "datum": ronde.vergadering.datum,
                "besloten": True,
                "beschikbaar": result.beschikbaar,
                "geadviseerd": result.geadviseerd,
                "over": result.over,
            }
        )

    action_hours = {t.id: sum(sum(a.uren.values()) for a in t.acties) for t in themas}
    thema_rows: list[PlanThema] = []
    for t in themas:
        tt = totals[t.id]
        thema_rows.append(
            {
                "id": t.id,
                "code": t.code,
                "titel": t.titel,
                "label": thema_label(t),
                "speerpunt": t.speerpunt,
                "prioriteit": t.prioriteit,
                "doel": t.doel,
                "resultaat": t.resultaat,
                "bewoners_doen": t.bewoners_doen,
                "acties": _actie_rows(t, leden),
                "uren": action_hours[t.id],
                "initiatieven": tt.initiatieven,
                "initiatief_uren": tt.uren,
                "geadviseerd": tt.bedrag,
            }
        )

    pool: Pool | None = None
    pool_hours = 0
    if plan.pool is not None:
        pool_hours = sum(plan.pool.uren.values())
        pool = {
            "omschrijving": plan.pool.omschrijving,
            "uren": hours_text(dict(plan.pool.uren), leden),
            "uren_totaal": pool_hours,
        }

    report = hours_report(dataset, gebied, jaar)
    professionals: list[PlanProfessional] = [
        {
            "naam": p.naam,
            "functie": p.functie,
            "organisatie": p.organisatie,
            "beschikbaar": p.beschikbaar,
            "themas": [p.acties.get(t.id, 0) for t in themas],
            "pool": p.pool,
            "wijkplan": p.wijkplan,
            "geadviseerd": p.geadviseerd,
        }
        for p in sorted(report.professionals, key=lambda p: name_sort_key(p.naam))
    ]

    chart_rows: list[tuple[str, int, Decimal | None]] = [
        (thema_label(t), action_hours[t.id], totals[t.id].bedrag) for t in themas
    ]
    if pool is not None:
        chart_rows.append(("Pool voor initiatieven", pool_hours, None))

    all_actions = sum(action_hours.values())
    return {
        "gebied": {
            "id": g.id,
            "naam": g.info.naam,
            "volledige_naam": g.info.volledige_naam,
        },
        "team": g.info.bewonersteam.naam,
        "jaar": jaar,
        "vastgesteld": plan.vastgesteld,
        "uitgangspunten": list(plan.uitgangspunten),
        "budget": plan.budget,
        "ambitie": plan.ambitie_volgend_jaar,
        "volgend_jaar": jaar + 1,
        "rondes": rondes,
        "themas": thema_rows,
        "pool": pool,
        "professionals": professionals,
        "professionals_totaal": {
            "beschikbaar": sum(p.beschikbaar for p in report.professionals),
            "themas": [sum(p.acties.get(t.id, 0) for p in report.professionals) for t in themas],
            "pool": sum(p.pool for p in report.professionals),
            "geadviseerd": sum(p.geadviseerd for p in report.professionals),
        },
        "totaal": {
            "acties": all_actions,
            "pool": pool_hours,
            "wijkplan": all_actions + pool_hours,
            "initiatief_uren": sum(tt.uren for tt in totals.values()),
            "initiatieven": sum(len(tt.initiatieven) for tt in totals.values()),
            "geadviseerd": sum((tt.bedrag for tt in totals.values()), ZERO),
        },
        "grafiek": _chart(chart_rows),
        "versie": versie,
        "wijkcli": __version__,
    }


def _front(subject: GebiedJaar, ctx: PlanContext) -> Front:
    return Front(
        title=f"Wijkplan {ctx['gebied']['naam']} {ctx['jaar']}",
        author=ctx["team"],
        when=ctx["vastgesteld"] or date(ctx["jaar"], 1, 1),
    )


DOCUMENT: Document[GebiedJaar, PlanContext] = Document(
    name="plan",
    formats=DOCUMENT_FORMATS,
    template="wijkplan",
    context=lambda s, o: plan_context(
        s.dataset, s.gebied, s.jaar, versie=o.version_of(s.dataset.root)
    ),
    front=_front,
    filename=lambda s: f"wijkplan-{s.gebied}-{s.jaar}",
)
