"""Check stage, ronde: a ronde and its applications (references, dates in order, budgets and
amounts); each check's own codes explained above it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from wijkcli.checks.common import error, guarded, hours_owners, unknown, unknown_member, warning
from wijkcli.checks.registry import check
from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.model import Aanvraag, FieldFailed, Ronde, Vergadering
from wijkcli.problems import Location, Problem, Severity, register_code
from wijkcli.text import format_date

register_code(
    "missing-wijkplan",
    "Wijkplan ontbreekt",
    "Zonder wijkplan van dat jaar kan wijkcli thema's van aanvragen niet toetsen.",
    fout="(geen wijkplan-2017.yaml)",
    goed="data/gebieden/szh/wijkplan-2017.yaml",
    severity=Severity.WARNING,
)

register_code(
    "carry-over-twice",
    "Restbudget dubbel geteld?",
    "Een eerdere ronde van hetzelfde jaar staat in data/; wijkcli rekent wat die overhield "
    "zelf door. 'doorgeschoven' is alleen voor een ronde die niet in data/ staat.",
    fout="doorgeschoven: {szh: 1637.55}",
    goed="(laat doorgeschoven weg)",
    severity=Severity.WARNING,
)


@check(
    "carry-over-twice",
    "date-order",
    "id-mismatch",
    "missing-file",
    "missing-wijkplan",
    "not-a-professional",
    "time-order",
    "unknown-gebied",
    "unknown-professional",
)
def check_rondes(dataset: Dataset) -> Iterator[Problem]:
    """Een ronde heeft een ronde.yaml waarvan het id bij de map past; budgetten en uren verwijzen
    naar bestaande gebieden en professionals; de data staan in de goede volgorde."""
    for rid, r in dataset.rondes.items():
        if r.ronde is None or r.ronde_src is None:
            if "ronde" not in r.seen:
                yield error(
                    Location(f"{dataset.root.name}/rondes/{rid}"),
                    "missing-file",
                    f"ronde '{rid}' heeft geen ronde.yaml",
                )
            continue
        for part in (_ronde_id, _ronde_gebieden, _ronde_hours, _ronde_dates, _ronde_plans):
            yield from guarded(part(dataset, rid, r.ronde, r.ronde_src))


def _ronde_id(dataset: Dataset, rid: str, ronde: Ronde, src: Source) -> Iterator[Problem]:
    if ronde.id != rid:
        yield error(
            src.at("id"),
            "id-mismatch",
            f"id '{ronde.id}' past niet bij de map '{rid}'",
            hint=f"maak het id '{rid}' of hernoem de map",
        )


def _ronde_gebieden(dataset: Dataset, rid: str, ronde: Ronde, src: Source) -> Iterator[Problem]:
    for field in ("budget", "doorgeschoven"):
        for gid in getattr(ronde, field, {}):
            if gid not in dataset.gebieden:
                yield unknown(
                    src.at(field, gid, key=True),
                    "unknown-gebied",
                    "gebied",
                    gid,
                    dataset.gebieden,
                )
            elif field == "doorgeschoven" and _earlier_rondes(dataset, rid, gid):
                yield warning(
                    src.at(field, gid, key=True),
                    "carry-over-twice",
                    f"een eerdere ronde van {ronde.year} staat in data/; wijkcli rekent het "
                    "restbudget daarvan zelf door, dit bedrag komt er nog bij",
                    hint="laat 'doorgeschoven' weg als de eerdere ronde in data/ staat",
                )


def _ronde_hours(dataset: Dataset, rid: str, ronde: Ronde, src: Source) -> Iterator[Problem]:
    gebieden = [dataset.gebieden[gid] for gid in ronde.budget if gid in dataset.gebieden]
    yield from hours_owners(src, ("uren",), ronde, gebieden)


def _ronde_dates(dataset: Dataset, rid: str, ronde: Ronde, src: Source) -> Iterator[Problem]:
    names = ["indienen_tot", "toets_tot", "stukken_verstuurd", "vergadering.datum"]
    names += ["advies_uiterlijk", "besluit_verwacht", "bekendmaking"]
    dates: list[tuple[str, date | None]] = []
    for name in names:
        obj: object = ronde
        for part in name.split("."):
            obj = getattr(obj, part, None)
        # A date that failed is left out; the order of the others still counts.
        dates.append((name, obj if isinstance(obj, date) else None))
    yield from _date_order(src, dates)
    v = getattr(ronde, "vergadering", None)
    begin, eind = getattr(v, "begin", None), getattr(v, "eind", None)
    if begin is not None and eind is not None and eind <= begin:
        yield error(
            src.at("vergadering", "eind"),
            "time-order",
            "de vergadering eindigt niet na het begin",
        )
    if ronde.jaar is not None and ronde.indienen_tot.year != ronde.jaar:
        yield warning(
            src.at("jaar"),
            "date-order",
            f"jaar {ronde.jaar} verschilt van het jaar van indienen_tot "
            f"({ronde.indienen_tot.year})",
        )


def _ronde_plans(dataset: Dataset, rid: str, ronde: Ronde, src: Source) -> Iterator[Problem]:
    for gid in ronde.budget:
        g = dataset.gebieden.get(gid)
        # A plan file that exists but cannot be read reports its own problems.
        if g is not None and f"wijkplan-{ronde.year}.yaml" not in g.seen:
            yield warning(
                src.at("budget", gid, key=True),
                "missing-wijkplan",
                f"gebied '{gid}' heeft geen wijkplan-{ronde.year}.yaml; aanvragen kunnen "
                "niet aan een thema getoetst worden",
            )


def _date_order(src: Source, dates: list[tuple[str, date | None]]) -> Iterator[Problem]:
    previous: tuple[str, date] | None = None
    for name, value in dates:
        if value is None:
            continue
        if previous is not None and value < previous[1]:
            yield error(
                src.at(*name.split(".")),
                "date-order",
                f"{name} ({format_date(value)}) ligt vóór {previous[0]} "
                f"({format_date(previous[1])})",
            )
        previous = (name, value)


def _earlier_rondes(dataset: Dataset, rid: str, gid: str) -> list[str]:
    this = dataset.rondes[rid].ronde
    assert this is not None
    out = []
    for other_id, other in dataset.rondes.items():
        o = other.ronde
        if o is None or other_id == rid:
            continue
        try:
            if o.year == this.year and gid in o.budget and o.meeting_date < this.meeting_date:
                out.append(other_id)
        except FieldFailed:  # the other round's problem is reported in its file
            continue
    return out


register_code(
    "unknown-thema",
    "Thema staat niet in het wijkplan",
    "Een aanvraag noemt een thema uit het wijkplan van het jaar van de ronde.",
    fout="thema: ontmoeting",
    goed="thema: ontmoeten",
)

register_code(
    "late",
    "Te laat ingediend",
    "De aanvraag kwam na indienen_tot van de ronde; het team beslist in de vergadering of "
    "het die meeneemt. Dat besluit staat in de notulen als het besluit over de aanvraag "
    "(voorstel en stemmen; aanhouden als het team haar naar een volgende ronde schuift): "
    "dan verdwijnt de waarschuwing.",
    fout="ingediend: 2017-04-02   # en nog geen besluit in de notulen",
    goed="(in vergadering-szh.yaml: besluiten: {a09-moestuin: {voorstel: aanhouden, ...}})",
    severity=Severity.WARNING,
)

register_code(
    "budget-sum",
    "Begroting telt niet op",
    "De posten van de begroting horen samen het gevraagde bedrag plus de eigen bijdrage te "
    "zijn; cofinanciering is een deel van de eigen bijdrage.",
    fout="bedrag: 2300\neigen_bijdrage: 780\nbegroting: [{post: Huur, bedrag: 2000}]",
    goed="bedrag: 2300\neigen_bijdrage: 780\nbegroting: [{post: Huur, bedrag: 3080}]",
    severity=Severity.WARNING,
)

register_code(
    "duplicate-nummer",
    "Twee aanvragen met hetzelfde agendanummer",
    "Het nummer (A01, A02, ...) wijst een aanvraag op de agenda en in de brief aan; twee "
    "aanvragen van hetzelfde gebied in één ronde hebben elk een eigen nummer.",
    fout="a01-huiskamer.yaml: nummer: A01\na02-wijkgids.yaml: nummer: A01",
    goed="a02-wijkgids.yaml: nummer: A02",
)


@check(
    "budget-sum",
    "duplicate-nummer",
    "gebied-not-in-ronde",
    "id-mismatch",
    "late",
    "not-a-professional",
    "unknown-gebied",
    "unknown-member",
    "unknown-professional",
    "unknown-thema",
    "unknown-wijk",
)
def check_aanvragen(dataset: Dataset) -> Iterator[Problem]:
    """Een aanvraag hoort bij een gebied met budget in de ronde, noemt bestaande wijken, een thema
    uit het wijkplan van dat jaar, bestaande leden en professionals; de begroting telt op tot
    gevraagd bedrag plus eigen bijdrage; de aanvraag is op tijd ingediend."""
    for r in dataset.rondes.values():
        for aid in r.aanvragen:
            yield from _check_aanvraag(dataset, r, aid)
        yield from _duplicate_nummers(r)


def _duplicate_nummers(r: RondeData) -> Iterator[Problem]:
    """Two applications of one gebied in one round with the same agenda number."""
    first: dict[tuple[str, str], str] = {}
    for aid, a in sorted(r.aanvragen.items()):
        nummer, gebied = getattr(a, "nummer", None), getattr(a, "gebied", None)
        if nummer is None or gebied is None:
            continue
        other = first.setdefault((gebied, nummer), aid)
        if other != aid:
            yield error(
                r.aanvraag_src[aid].at("nummer"),
                "duplicate-nummer",
                f"agendanummer '{nummer}' heeft aanvraag '{other}' van gebied '{gebied}' al",
                hint="geef elke aanvraag van het gebied in deze ronde een eigen nummer",
            )


def _check_aanvraag(dataset: Dataset, r: RondeData, aid: str) -> Iterator[Problem]:
    a = r.aanvragen[aid]
    src = r.aanvraag_src[aid]
    yield from guarded(_aanvraag_id(a, src, aid))
    gebied = getattr(a, "gebied", None)
    if gebied is None:
        return  # every check below needs the gebied
    g = dataset.gebieden.get(gebied)
    if g is None:
        yield unknown(src.at("gebied"), "unknown-gebied", "gebied", gebied, dataset.gebieden)
        return
    ronde = r.ronde
    if ronde is not None:
        yield from guarded(_aanvraag_in_ronde(a, src, ronde))
        yield from guarded(_aanvraag_thema(a, src, ronde, g))
        yield from guarded(_aanvraag_late(a, aid, src, ronde, r.vergaderingen.get(gebied)))
    if g.gebied is not None:
        yield from guarded(_aanvraag_wijken(a, src, g))
    yield from guarded(_aanvraag_leden(a, src, g))
    yield from guarded(hours_owners(src, ("uren",), a, g))
    yield from guarded(_aanvraag_sums(a, src))


def _aanvraag_id(a: Aanvraag, src: Source, aid: str) -> Iterator[Problem]:
    if a.id != aid:
        yield error(
            src.at("id"),
            "id-mismatch",
            f"id '{a.id}' past niet bij de bestandsnaam '{aid}.yaml'",
            hint=f"maak het id '{aid}' of hernoem het bestand",
        )


def _aanvraag_in_ronde(a: Aanvraag, src: Source, ronde: Ronde) -> Iterator[Problem]:
    if a.gebied not in ronde.budget:
        yield error(
            src.at("gebied"),
            "gebied-not-in-ronde",
            f"ronde '{ronde.id}' heeft geen budget voor gebied '{a.gebied}'",
        )


def _aanvraag_wijken(a: Aanvraag, src: Source, g: GebiedData) -> Iterator[Problem]:
    assert g.gebied is not None
    wijken = {w.id for w in g.gebied.wijken}
    for i, wijk in enumerate(a.wijken):
        if wijk not in wijken:
            yield unknown(src.at("wijken", i), "unknown-wijk", "wijk", wijk, wijken)


def _aanvraag_thema(a: Aanvraag, src: Source, ronde: Ronde, g: GebiedData) -> Iterator[Problem]:
    plan = g.wijkplannen.get(ronde.year)
    if plan is not None:
        themas = {t.id for t in plan.themas}
        if a.thema not in themas:
            yield error(
                src.at("thema"),
                "unknown-thema",
                f"thema '{a.thema}' staat niet in wijkplan {ronde.year} van {a.gebied}",
                hint=_hint(a.thema, themas),
            )


def _aanvraag_late(
    a: Aanvraag, aid: str, src: Source, ronde: Ronde, minutes: Vergadering | None
) -> Iterator[Problem]:
    """Late, and not yet treated: the team's decision on a late application is its finished
    decision in the minutes (a proposal and votes), which ends the warning."""
    if a.ingediend <= ronde.indienen_tot:
        return
    try:
        besluit = minutes.besluiten.get(aid) if minutes is not None else None
        treated = besluit is not None and not besluit.unfinished
    except FieldFailed:  # the minutes have an error there (reported there): not treated yet
        treated = False
    if treated:
        return
    yield warning(
        src.at("ingediend"),
        "late",
        f"ingediend op {format_date(a.ingediend)}, na de sluitingsdatum "
        f"{format_date(ronde.indienen_tot)}",
        hint="het team beslist in de vergadering of het de aanvraag meeneemt; met een besluit "
        "over de aanvraag in de notulen (voorstel en stemmen) verdwijnt deze waarschuwing",
    )


def _aanvraag_leden(a: Aanvraag, src: Source, g: GebiedData) -> Iterator[Problem]:
    for i, lid_id in enumerate(a.betrokken_leden):
        if lid_id not in g.leden_by_id:
            yield from unknown_member(g, src.at("betrokken_leden", i), lid_id)


def _aanvraag_sums(a: Aanvraag, src: Source) -> Iterator[Problem]:
    if a.begroting:
        total = sum((p.bedrag for p in a.begroting), Decimal(0))
        if total != a.bedrag + a.eigen_bijdrage:
            yield warning(
                src.at("begroting"),
                "budget-sum",
                f"de begroting telt op tot {_eur(total)}, maar gevraagd plus eigen bijdrage is "
                f"{_eur(a.bedrag + a.eigen_bijdrage)}",
            )
    if a.cofinanciering:
        total = sum((b.bedrag for b in a.cofinanciering), Decimal(0))
        if total > a.eigen_bijdrage:
            yield warning(
                src.at("cofinanciering"),
                "budget-sum",
                f"de cofinanciering ({_eur(total)}) is meer dan de eigen bijdrage "
                f"({_eur(a.eigen_bijdrage)})",
            )


def _hint(value: str, known: set[str]) -> str:
    from wijkcli.problems import suggest

    return suggest(value, known) or "kies uit: " + ", ".join(sorted(known))


def _eur(amount: Decimal) -> str:
    from wijkcli.text import format_money

    return format_money(amount)
