"""Checks of the ledger (docs/formaat.md §12, "Het kasboek"): the payments, declarations and
returns of each grant against Indebuurt033's decision and the round's `uitbetaling` rules, the
hours a grant used against the hours granted, and a year's rounds against its wijkplan (money
and professional hours). Files only: none of these needs the count. The deadline of a
declaration is judged only with a date (`overdue_declarations`, `wijk check --datum`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from wijkcli.checks.common import error as fout
from wijkcli.checks.common import guarded, warning
from wijkcli.checks.registry import COUNT, DATE, check
from wijkcli.count.voortgang import closing_date
from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.model import Ronde
from wijkcli.model.voortgang import Voortgang
from wijkcli.problems import Problem, Severity, register_code
from wijkcli.text import format_date, format_money

ZERO = Decimal(0)


register_code(
    "before-decision",
    "Datum vóór het besluit",
    "Een betaling, een declaratie of een terugbetaling komt na het besluit van Indebuurt033 "
    "(besluit: datum): daarvóór is er niets toegekend.",
    fout="besluit: {datum: 2017-04-28, bedrag: 2750}\nbetalingen:\n  - {datum: 2017-04-20, "
    "bedrag: 2062.50}",
    goed="betalingen:\n  - {datum: 2017-05-08, bedrag: 2062.50}",
)

register_code(
    "payment-after-closing",
    "Betaling na het einde van het project",
    "Zodra een project afgerond of niet-doorgegaan is, gaat wat nog niet betaald is terug naar "
    "het budget van het gebied. Een betaling daarna past daar niet bij: zet het einde op of na "
    "de laatste betaling.",
    fout="status: [..., {status: afgerond, datum: 2017-10-21}]\nbetalingen:\n  - {datum: "
    "2017-10-30, bedrag: 287.49, soort: eindbetaling}",
    goed="status: [..., {status: afgerond, datum: 2017-11-01}]",
)

register_code(
    "paid-above-granted",
    "Meer betaald dan toegekend",
    "Samen zijn de betalingen niet meer dan het bedrag dat Indebuurt033 toekende "
    "(toegekend = betaald + nog te betalen).",
    fout="besluit: {bedrag: 1000}\nbetalingen:\n  - {datum: 2017-05-08, bedrag: 750}\n  - "
    "{datum: 2017-10-30, bedrag: 400, soort: eindbetaling}",
    goed="  - {datum: 2017-10-30, bedrag: 250, soort: eindbetaling}",
)

register_code(
    "returned-above-paid",
    "Meer terugbetaald dan betaald",
    "Een aanvrager kan niet meer terugbetalen dan hij kreeg (betaald = besteed + "
    "terugbetaald + wat de aanvrager nog heeft).",
    fout="betalingen: [{datum: 2017-05-08, bedrag: 2062.50}]\nterugbetaald: 2570",
    goed="terugbetaald: 1882.50",
)

register_code(
    "advance-above-cap",
    "Voorschot boven het percentage van de regeling",
    "De voorschotten samen zijn niet meer dan 'uitbetaling: voorschot' procent (standaard 75) "
    "van het toegekende bedrag. Het is een waarschuwing: de betaling is gedaan en staat in het "
    "kasboek, maar de regeling van de ronde zegt anders.",
    fout="besluit: {bedrag: 1000}\nbetalingen: [{datum: 2017-05-08, bedrag: 1000}]",
    goed="betalingen: [{datum: 2017-05-08, bedrag: 750}]",
    severity=Severity.WARNING,
)

register_code(
    "declaration-late",
    "Declaratie na de termijn",
    "De aanvrager declareert de kosten binnen 'uitbetaling: declareren_binnen' weken "
    "(standaard 3) na de uitvoering (de status uitgevoerd). Geldt alleen als er betalingen "
    "zijn vastgelegd.",
    fout="status: [..., {status: uitgevoerd, datum: 2017-10-17}]\ngedeclareerd: 2017-11-20",
    goed="gedeclareerd: 2017-11-02",
    severity=Severity.WARNING,
)

register_code(
    "hours-used-above-granted",
    "Meer uren gebruikt dan toegekend",
    "Per professional gebruikt een project niet meer uren dan Indebuurt033 toekende "
    "(besluit: uren). Per professional, zodat de overschrijding van de een niet wegvalt tegen "
    "wat een ander overhield.",
    fout="besluit: {uren: {gerda-wolters: 60}}\nuren_gebruikt: {gerda-wolters: 64}",
    goed="(leg meer uren vast in het besluit als Indebuurt033 ze toekende, of kijk de uren na)",
    severity=Severity.WARNING,
)

register_code(
    "rounds-above-plan",
    "Rondes samen boven het budget van het wijkplan",
    "De budgetten die de rondes van een jaar een gebied geven, zijn samen niet meer dan het "
    "budget in het wijkplan van dat jaar.",
    fout="wijkplan-2017.yaml: budget: 84000\nronde.yaml: budget: {szh: 90000}",
    goed="budget: {szh: 21000}",
    severity=Severity.WARNING,
)

register_code(
    "hours-freed-above-plan",
    "Rondes maken meer uren vrij dan het wijkplan plant",
    "Samen maken de rondes van een jaar van een professional niet meer uren vrij voor "
    "initiatieven dan het wijkplan voor die professional plant: de pool plus de uren van de "
    "acties (een initiatief mag een actie van het plan uitvoeren).",
    fout="wijkplan: pool: {uren: {bas-rietveld: 10}}\nronde.yaml: uren: {bas-rietveld: 40}",
    goed="uren: {bas-rietveld: 10}",
    severity=Severity.WARNING,
)


@check(
    "before-decision",
    "payment-after-closing",
    "paid-above-granted",
    "advance-above-cap",
    "returned-above-paid",
    "declaration-late",
    "hours-used-above-granted",
    "rounds-above-plan",
    "hours-freed-above-plan",
)
def check_ledger(dataset: Dataset) -> Iterator[Problem]:
    """Betalingen, declaratie en terugbetaling van elke toekenning kloppen met het besluit en
    met de regels van de ronde (uitbetaling); gebruikte uren tegen toegekende uren; de rondes
    van een jaar tegen het budget en de uren van het wijkplan."""
    for r in dataset.rondes.values():
        # Without a readable ronde.yaml only the round's own rules (advance, declaration) wait.
        for stem in sorted(r.voortgang):
            yield from guarded(_grant(r.ronde, r.voortgang[stem], r.voortgang_src[stem]))
            yield from guarded(_hours_used(dataset, r, stem))
    for g in dataset.gebieden.values():
        for jaar in sorted(g.wijkplannen):
            yield from guarded(_year_budget(dataset, g, jaar))
            yield from guarded(_year_hours(dataset, g, jaar))


def _grant(ronde: Ronde | None, v: Voortgang, src: Source) -> Iterator[Problem]:
    """One follow-up record: its dated movements in order, the advance cap, the declaration."""
    besloten = v.besluit.datum
    granted = v.besluit.bedrag
    closed = closing_date(v)
    regels = ronde.uitbetaling if ronde is not None else None
    paid = advance = ZERO
    cap = granted * regels.voorschot / 100 if regels is not None else None
    for i, b in enumerate(v.betalingen):
        if b.datum < besloten:
            yield fout(
                src.at("betalingen", i, "datum"),
                "before-decision",
                f"betaling van {format_date(b.datum)} ligt vóór het besluit van Indebuurt033 "
                f"({format_date(besloten)})",
            )
        elif closed is not None and b.datum > closed:
            yield fout(
                src.at("betalingen", i, "datum"),
                "payment-after-closing",
                f"betaling van {format_date(b.datum)} ligt na het einde van het project "
                f"({format_date(closed)}); wat dan nog niet betaald is, gaat terug naar het "
                "budget",
                hint="zet de status afgerond (of niet-doorgegaan) op of na de laatste betaling",
            )
        paid += b.bedrag
        if paid > granted:
            yield fout(
                src.at("betalingen", i, "bedrag"),
                "paid-above-granted",
                f"met deze betaling is er {format_money(paid)} betaald, meer dan de "
                f"{format_money(granted)} die Indebuurt033 toekende",
            )
        if b.soort == "voorschot" and regels is not None and cap is not None:
            advance += b.bedrag
            if advance > cap:
                yield warning(
                    src.at("betalingen", i, "bedrag"),
                    "advance-above-cap",
                    f"met deze betaling is het voorschot {format_money(advance)}, meer dan "
                    f"{regels.voorschot} % van {format_money(granted)} "
                    f"({format_money(cap.quantize(Decimal('0.01')))})",
                    hint="de regeling van de ronde staat hoogstens dit voorschot toe "
                    "(ronde.yaml, uitbetaling: voorschot)",
                )
    for field, when in (("gedeclareerd", v.gedeclareerd), ("terugbetaald_op", v.terugbetaald_op)):
        if when is not None and when < besloten:
            yield fout(
                src.at(field),
                "before-decision",
                f"{field} {format_date(when)} ligt vóór het besluit van Indebuurt033 "
                f"({format_date(besloten)})",
            )
    if v.betalingen and v.terugbetaald > paid:
        yield fout(
            src.at("terugbetaald"),
            "returned-above-paid",
            f"terugbetaald {format_money(v.terugbetaald)} is meer dan er betaald is "
            f"({format_money(paid)})",
        )
    due = declaration_due(ronde, v) if ronde is not None else None
    if (
        regels is not None
        and due is not None
        and v.gedeclareerd is not None
        and v.gedeclareerd > due
    ):
        yield warning(
            src.at("gedeclareerd"),
            "declaration-late",
            f"gedeclareerd op {format_date(v.gedeclareerd)}, na de termijn van "
            f"{regels.declareren_binnen} weken na de uitvoering ({format_date(due)})",
        )


def _hours_used(dataset: Dataset, r: RondeData, stem: str) -> Iterator[Problem]:
    """Per professional of the gebied: hours used at most the hours granted (anyone else in
    `uren_gebruikt` is a problem of its own, `not-a-professional`)."""
    a = r.aanvragen.get(stem)
    g = dataset.gebieden.get(a.gebied) if a is not None else None
    if g is None:
        return
    v, src = r.voortgang[stem], r.voortgang_src[stem]
    for prof, n in v.uren_gebruikt.items():
        allowed = v.besluit.uren.get(prof, 0)
        if n > allowed and prof in g.professionals:
            yield warning(
                src.at("uren_gebruikt", prof),
                "hours-used-above-granted",
                f"'{prof}' werkte {n} uur voor dit project, {n - allowed} meer dan de "
                f"{allowed} uur die Indebuurt033 toekende",
                hint="kende Indebuurt033 de extra uren toe, zet ze dan in besluit: uren (met een "
                "reden); anders klopt uren_gebruikt niet, of moet het team de overschrijding "
                "met Indebuurt033 bespreken",
            )


def declaration_due(ronde: Ronde, v: Voortgang) -> date | None:
    """The last day to declare the costs: `declareren_binnen` weeks after the project was
    carried out (status `uitgevoerd`); None when it was not (yet), or when no payments are
    recorded (then wijkcli does not keep the grant's ledger)."""
    if not v.betalingen:
        return None
    done = next((s.datum for s in v.status if s.status == "uitgevoerd"), None)
    if done is None:
        return None
    return done + timedelta(weeks=ronde.uitbetaling.declareren_binnen)


register_code(
    "declaration-overdue",
    "Declaratie ontbreekt na de termijn",
    "Met 'wijk check --datum': een project met betalingen dat uitgevoerd is en waarvan de "
    "kosten na 'uitbetaling: declareren_binnen' weken (standaard 3) nog niet gedeclareerd "
    "zijn.",
    fout="status: [..., {status: uitgevoerd, datum: 2017-12-15}]   (geen gedeclareerd)",
    goed="gedeclareerd: 2018-01-04\nbesteed: 3950",
    severity=Severity.WARNING,
)


@check("declaration-overdue", needs=[COUNT, DATE])
def overdue_declarations(dataset: Dataset, datum: date) -> Iterator[Problem]:
    """Met een datum: een toekenning met betalingen die is uitgevoerd en waarvan de declaratie
    na de termijn nog ontbreekt."""
    for r in dataset.rondes.values():
        if r.ronde is None:
            continue
        for stem in sorted(r.voortgang):
            yield from guarded(_overdue(r, stem, datum))


def _overdue(r: RondeData, stem: str, datum: date) -> Iterator[Problem]:
    v = r.voortgang[stem]
    assert r.ronde is not None
    due = declaration_due(r.ronde, v)
    if due is None or due >= datum or (v.gedeclareerd is not None and v.gedeclareerd <= datum):
        return
    yield warning(
        r.voortgang_src[stem].at("status", key=True),
        "declaration-overdue",
        f"de kosten moesten uiterlijk {format_date(due)} gedeclareerd zijn "
        f"({r.ronde.uitbetaling.declareren_binnen} weken na de uitvoering) en zijn dat nog niet",
        hint="zet 'gedeclareerd: JJJJ-MM-DD' en 'besteed' in het bestand als het zo is",
    )


def _year_budget(dataset: Dataset, g: GebiedData, jaar: int) -> Iterator[Problem]:
    """The rounds of the year give the gebied no more than its wijkplan's budget."""
    plan = g.wijkplannen[jaar]
    total = ZERO
    for r in dataset.rondes_in_year(jaar, g.id):
        assert r.ronde is not None and r.ronde_src is not None
        total += r.ronde.budget[g.id]
        if total > plan.budget:
            yield warning(
                r.ronde_src.at("budget", g.id),
                "rounds-above-plan",
                f"met deze ronde geven de rondes van {jaar} gebied '{g.id}' "
                f"{format_money(total)}, meer dan het budget van het wijkplan "
                f"({format_money(plan.budget)})",
                hint=f"kijk de budgetten na, of het budget in wijkplan-{jaar}.yaml",
            )
            return


def _year_hours(dataset: Dataset, g: GebiedData, jaar: int) -> Iterator[Problem]:
    """The rounds of the year free no more hours of a professional for initiatives than the
    wijkplan plans for them: the pool plus the hours of the actions (an initiative may carry
    out an action of the plan)."""
    plan = g.wijkplannen[jaar]
    planned: dict[str, int] = {}
    for thema in plan.themas:
        for actie in thema.acties:
            for prof, n in actie.uren.items():
                planned[prof] = planned.get(prof, 0) + n
    if plan.pool is not None:
        for prof, n in plan.pool.uren.items():
            planned[prof] = planned.get(prof, 0) + n
    freed: dict[str, int] = {}
    told: set[str] = set()
    for r in dataset.rondes_in_year(jaar, g.id):
        assert r.ronde is not None and r.ronde_src is not None
        for prof, n in r.ronde.uren.items():
            if prof not in g.professionals:
                continue
            freed[prof] = freed.get(prof, 0) + n
            have = planned.get(prof, 0)
            if freed[prof] > have and prof not in told:
                told.add(prof)
                yield warning(
                    r.ronde_src.at("uren", prof),
                    "hours-freed-above-plan",
                    f"met deze ronde maken de rondes van {jaar} {freed[prof]} uur van '{prof}' "
                    f"vrij voor initiatieven; het wijkplan plant {have} uur (pool en acties)",
                )
