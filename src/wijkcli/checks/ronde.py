"""Checks on a ronde and its applications: references, dates in order, budgets and amounts."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from wijkcli.checks.common import error, hours_owners, unknown, warning
from wijkcli.load import Dataset, RondeData, Source
from wijkcli.problems import Location, Problem
from wijkcli.text import format_date


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
        ronde, src = r.ronde, r.ronde_src
        if ronde.id != rid:
            yield error(
                src.at("id"),
                "id-mismatch",
                f"id '{ronde.id}' past niet bij de map '{rid}'",
                hint=f"maak het id '{rid}' of hernoem de map",
            )
        for field in ("budget", "doorgeschoven"):
            for gid in getattr(ronde, field):
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
                        f"een eerdere ronde van {ronde.jaar} staat in data/; wijkcli rekent het "
                        "restbudget daarvan zelf door, dit bedrag komt er nog bij",
                        hint="laat 'doorgeschoven' weg als de eerdere ronde in data/ staat",
                    )
        professionals = _professionals(dataset, list(ronde.budget))
        leden = {lid.id for gid in ronde.budget if gid in dataset.gebieden
                 for lid in dataset.gebieden[gid].leden}  # fmt: skip
        yield from hours_owners(src, ("uren",), ronde.uren, professionals, dict.fromkeys(leden))
        yield from _date_order(
            src,
            [
                ("indienen_tot", ronde.indienen_tot),
                ("toets_tot", ronde.toets_tot),
                ("stukken_verstuurd", ronde.stukken_verstuurd),
                ("vergadering.datum", ronde.vergadering.datum),
                ("advies_uiterlijk", ronde.advies_uiterlijk),
                ("besluit_verwacht", ronde.besluit_verwacht),
                ("bekendmaking", ronde.bekendmaking),
            ],
        )
        v = ronde.vergadering
        if v.begin is not None and v.eind is not None and v.eind <= v.begin:
            yield error(
                src.at("vergadering", "eind"),
                "time-order",
                "de vergadering eindigt niet na het begin",
            )
        if ronde.indienen_tot.year != ronde.jaar:
            yield warning(
                src.at("jaar"),
                "date-order",
                f"jaar {ronde.jaar} verschilt van het jaar van indienen_tot "
                f"({ronde.indienen_tot.year})",
            )
        for gid in ronde.budget:
            g = dataset.gebieden.get(gid)
            # A plan file that exists but cannot be read reports its own problems.
            if g is not None and f"wijkplan-{ronde.jaar}.yaml" not in g.seen:
                yield warning(
                    src.at("budget", gid, key=True),
                    "missing-wijkplan",
                    f"gebied '{gid}' heeft geen wijkplan-{ronde.jaar}.yaml; aanvragen kunnen "
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
        if (
            o is not None
            and other_id != rid
            and o.jaar == this.jaar
            and gid in o.budget
            and o.vergadering.datum < this.vergadering.datum
        ):
            out.append(other_id)
    return out


def _professionals(dataset: Dataset, gebieden: list[str]) -> set[str]:
    return {
        lid.id
        for gid in gebieden
        if gid in dataset.gebieden
        for lid in dataset.gebieden[gid].leden
        if lid.rol == "professional"
    }


def check_aanvragen(dataset: Dataset) -> Iterator[Problem]:
    """Een aanvraag hoort bij een gebied met budget in de ronde, noemt bestaande wijken, een thema
    uit het wijkplan van dat jaar, bestaande leden en professionals; de begroting telt op tot
    gevraagd bedrag plus eigen bijdrage; de aanvraag is op tijd ingediend."""
    for r in dataset.rondes.values():
        for aid in r.aanvragen:
            yield from _check_aanvraag(dataset, r, aid)


def _check_aanvraag(dataset: Dataset, r: RondeData, aid: str) -> Iterator[Problem]:
    a = r.aanvragen[aid]
    src = r.aanvraag_src[aid]
    if a.id != aid:
        yield error(
            src.at("id"),
            "id-mismatch",
            f"id '{a.id}' past niet bij de bestandsnaam '{aid}.yaml'",
            hint=f"maak het id '{aid}' of hernoem het bestand",
        )
    g = dataset.gebieden.get(a.gebied)
    if g is None:
        yield unknown(src.at("gebied"), "unknown-gebied", "gebied", a.gebied, dataset.gebieden)
        return
    ronde = r.ronde
    if ronde is not None and a.gebied not in ronde.budget:
        yield error(
            src.at("gebied"),
            "gebied-not-in-ronde",
            f"ronde '{ronde.id}' heeft geen budget voor gebied '{a.gebied}'",
        )
    if g.gebied is not None:
        wijken = {w.id for w in g.gebied.wijken}
        for i, wijk in enumerate(a.wijken):
            if wijk not in wijken:
                yield unknown(src.at("wijken", i), "unknown-wijk", "wijk", wijk, wijken)
    if ronde is not None:
        plan = g.wijkplannen.get(ronde.jaar)
        if plan is not None:
            themas = {t.id for t in plan.themas}
            if a.thema not in themas:
                yield error(
                    src.at("thema"),
                    "unknown-thema",
                    f"thema '{a.thema}' staat niet in wijkplan {ronde.jaar} van {a.gebied}",
                    hint=_hint(a.thema, themas),
                )
        if a.ingediend is not None and a.ingediend > ronde.indienen_tot:
            yield warning(
                src.at("ingediend"),
                "late",
                f"ingediend op {format_date(a.ingediend)}, na de sluitingsdatum "
                f"{format_date(ronde.indienen_tot)}",
            )
    leden = g.leden_by_id
    for i, lid_id in enumerate(a.betrokken_leden):
        if lid_id not in leden:
            yield unknown(src.at("betrokken_leden", i), "unknown-member", "lid", lid_id, leden)
    professionals = {lid.id for lid in g.leden if lid.rol == "professional"}
    yield from hours_owners(src, ("uren",), a.uren, professionals, leden)
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
