"""Check stage, voortgang: the follow-up records (`voortgang/<aanvraag>.yaml`), what
Indebuurt033 decided and what became of the project. The check that needs the count (is the
application adopted, what did the Bewonersteam advise) runs once the data has no errors
(`voortgang_result_problems`, `needs=[COUNT]`); the deadlines only with a date as well
(`overdue_voortgang`, `needs=[COUNT, DATE]`). Each check's own codes explained above it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from wijkcli.checks.common import error, guarded, hours_owners, unknown, warning
from wijkcli.checks.registry import COUNT, DATE, check
from wijkcli.count.ledger import Ledger
from wijkcli.count.tally import ItemResult
from wijkcli.count.voortgang import Afloop, adopted
from wijkcli.dataset import Dataset, RondeData, Source
from wijkcli.model.voortgang import STATUS_ORDER, Voortgang
from wijkcli.problems import Problem, Severity, register_code
from wijkcli.text import format_date, format_money

register_code(
    "spent-above-granted",
    "Meer besteed en terugbetaald dan toegekend",
    "In een voortgangsbestand zijn `besteed` en `terugbetaald` samen hoogstens het bedrag dat "
    "Indebuurt033 toekende (`besluit: bedrag:`). Vaak is een bedrag verkeerd overgenomen.",
    fout="besluit:\n  bedrag: 2750\nbesteed: 2600\nterugbetaald: 400",
    goed="besluit:\n  bedrag: 2750\nbesteed: 2600\nterugbetaald: 150",
)

register_code(
    "status-order",
    "Status in de verkeerde volgorde",
    "De statussen van een project volgen elkaar op: toegekend, gestart, uitgevoerd, en dan "
    "afgerond of niet-doorgegaan (niet-doorgegaan kan na elke status). Na afgerond of "
    "niet-doorgegaan komt niets meer, en geen status komt twee keer.",
    fout="status:\n  - status: uitgevoerd\n    datum: 2017-09-30\n  - status: gestart\n"
    "    datum: 2017-10-02",
    goed="status:\n  - status: gestart\n    datum: 2017-05-01\n  - status: uitgevoerd\n"
    "    datum: 2017-09-30",
)

register_code(
    "status-date-order",
    "Statusdatum eerder dan de vorige",
    "Elke status heeft een datum op of na die van de status ervoor, en de eerste niet vóór "
    "de datum van het besluit van Indebuurt033.",
    fout="besluit:\n  datum: 2017-04-28\nstatus:\n  - status: toegekend\n    datum: 2017-04-20",
    goed="besluit:\n  datum: 2017-04-28\nstatus:\n  - status: toegekend\n    datum: 2017-04-28",
)


register_code(
    "decision-before-meeting",
    "Besluit van Indebuurt033 vóór de vergadering",
    "Indebuurt033 besluit op het advies van het Bewonersteam, dus na de vergadering waarin "
    "dat advies werd gegeven. Een eerdere datum is een tikfout (vaak het jaar).",
    fout="besluit:\n  datum: 2017-03-28   # vergadering: 2017-04-13",
    goed="besluit:\n  datum: 2017-04-28",
)

register_code(
    "report-before-decision",
    "Verslag ontvangen vóór het besluit",
    "Het verslag gaat over een project waarover Indebuurt033 al besliste; het kan niet "
    "eerder binnenkomen dan dat besluit.",
    fout="besluit:\n  datum: 2017-04-28\nverslag:\n  ontvangen: 2016-10-24",
    goed="besluit:\n  datum: 2017-04-28\nverslag:\n  ontvangen: 2017-10-24",
)


@check(
    "decision-before-meeting",
    "report-before-decision",
    "id-mismatch",
    "not-a-professional",
    "spent-above-granted",
    "status-date-order",
    "status-order",
    "unknown-aanvraag",
    "unknown-professional",
)
def check_voortgang(dataset: Dataset) -> Iterator[Problem]:
    """Een voortgangsbestand hoort bij een aanvraag van zijn ronde (de bestandsnaam is het id
    van de aanvraag); besteed plus terugbetaald is niet meer dan het toegekende bedrag; de
    statussen volgen elkaar op (toegekend, gestart, uitgevoerd, dan afgerond of
    niet-doorgegaan) met oplopende datums, niet vóór het besluit; het besluit is niet vóór de
    vergadering en het verslag niet vóór het besluit; uren zijn alleen van professionals van
    het gebied."""
    for r in dataset.rondes.values():
        for stem in r.voortgang:
            yield from guarded(_check_one(dataset, r, stem))


def _check_one(dataset: Dataset, r: RondeData, stem: str) -> Iterator[Problem]:
    v = r.voortgang[stem]
    src = r.voortgang_src[stem]
    yield from guarded(_check_id(v, src, r, stem))
    a = r.aanvragen.get(stem)
    if a is not None:
        g = dataset.gebieden.get(a.gebied)
        if g is not None:
            yield from guarded(hours_owners(src, ("besluit", "uren"), v.besluit, g))
            yield from guarded(hours_owners(src, ("uren_gebruikt",), v, g, "uren_gebruikt"))
    yield from guarded(_check_money(v, src))
    yield from guarded(_check_status(v, src))
    yield from guarded(_check_dates(v, src, r, a.gebied if a is not None else None))


def _check_dates(v: Voortgang, src: Source, r: RondeData, gebied: str | None) -> Iterator[Problem]:
    """Dates that cannot be true: Indebuurt033 decides after the meeting that advised it, and a
    report arrives after the decision it reports on."""
    besloten = v.besluit.datum
    meeting = r.vergaderingen.get(gebied) if gebied is not None else None
    if meeting is not None and besloten < meeting.datum:
        yield error(
            src.at("besluit", "datum"),
            "decision-before-meeting",
            f"het besluit van Indebuurt033 ({format_date(besloten)}) is eerder dan de vergadering "
            f"die erover adviseerde ({format_date(meeting.datum)})",
            hint="neem de datum van de brief met het besluit van Indebuurt033",
        )
    verslag = v.verslag
    if verslag is not None and verslag.ontvangen < besloten:
        yield error(
            src.at("verslag", "ontvangen"),
            "report-before-decision",
            f"het verslag is ontvangen op {format_date(verslag.ontvangen)}, eerder dan het "
            f"besluit ({format_date(besloten)})",
            hint="een verslag gaat over een project waarover al besloten is; kijk de datums na",
        )


def _check_id(v: Voortgang, src: Source, r: RondeData, stem: str) -> Iterator[Problem]:
    if r.aanvragen.get(stem) is None and stem not in r.aanvraag_files:
        yield unknown(src.at("aanvraag"), "unknown-aanvraag", "aanvraag", stem, r.aanvragen)
    if v.aanvraag != stem:
        yield error(
            src.at("aanvraag"),
            "id-mismatch",
            f"aanvraag '{v.aanvraag}' past niet bij de bestandsnaam '{stem}.yaml'",
            hint=f"maak het '{stem}' of hernoem het bestand",
        )


def _check_money(v: Voortgang, src: Source) -> Iterator[Problem]:
    if v.besteed + v.terugbetaald > v.besluit.bedrag:
        yield error(
            src.at("terugbetaald" if "terugbetaald" in v.model_fields_set else "besteed"),
            "spent-above-granted",
            f"besteed ({format_money(v.besteed)}) plus terugbetaald "
            f"({format_money(v.terugbetaald)}) is meer dan het toegekende bedrag "
            f"({format_money(v.besluit.bedrag)})",
        )


def _check_status(v: Voortgang, src: Source) -> Iterator[Problem]:
    previous_date = v.besluit.datum
    previous: str | None = None
    latest = "het besluit"  # what `previous_date` (the latest date so far) is the date of
    for i, regel in enumerate(v.status):
        if previous is not None and (
            STATUS_ORDER[regel.status] <= STATUS_ORDER[previous]
            or previous in ("afgerond", "niet-doorgegaan")
        ):
            yield error(
                src.at("status", i, "status"),
                "status-order",
                f"status '{regel.status}' kan niet na '{previous}' komen",
                hint="de volgorde is toegekend, gestart, uitgevoerd, en dan afgerond of "
                "niet-doorgegaan (niet-doorgegaan kan na elke status)",
            )
        if regel.datum < previous_date:
            yield error(
                src.at("status", i, "datum"),
                "status-date-order",
                f"status '{regel.status}' ({format_date(regel.datum)}) is eerder dan {latest} "
                f"({format_date(previous_date)})",
            )
        else:
            latest, previous_date = f"status '{regel.status}'", regel.datum
        previous = regel.status


register_code(
    "voortgang-not-adopted",
    "Voortgang van een aanvraag die niet is toegekend",
    "Een bestand in voortgang/ hoort bij een aanvraag die het Bewonersteam adviseerde toe te "
    "kennen (advies toekennen of gedeeltelijk). Bij een aanvraag die is afgewezen of "
    "aangehouden is er niets te volgen; de bestandsnaam is het id van de aanvraag.",
    fout="voortgang/a07-buurtbarbecue.yaml (advies afwijzen)",
    goed="voortgang/a06-repair-cafe.yaml (advies toekennen)",
    severity=Severity.WARNING,
)

register_code(
    "granted-above-advice",
    "Meer toegekend dan geadviseerd, zonder reden",
    "Indebuurt033 besluit, en mag afwijken van het advies. Kent het meer geld of meer uren "
    "toe dan het Bewonersteam adviseerde, zet dan onder `besluit` een `reden:`, zodat het "
    "team en het wijknetwerk weten waarom.",
    fout="besluit:\n  datum: 2017-04-28\n  bedrag: 7000",
    goed="besluit:\n  datum: 2017-04-28\n  bedrag: 7000\n"
    "  reden: Ook de maaltijden van de opstartmaand.",
    severity=Severity.WARNING,
)


@check("granted-above-advice", "voortgang-not-adopted", needs=[COUNT])
def voortgang_result_problems(dataset: Dataset) -> Iterator[Problem]:
    """Een voortgangsbestand is er alleen voor een aanvraag die het Bewonersteam adviseerde
    toe te kennen (anders telt het niet mee); Indebuurt033 kent niet meer geld of uren toe dan
    het advies, tenzij het besluit een reden noemt. Beide zijn waarschuwingen: het besluit van
    Indebuurt033 is een feit dat wijkcli vastlegt, geen fout in de notulen. Zolang de notulen
    van het gebied nog niet af zijn, is het advies nog niet bekend en wordt niets vergeleken."""
    for rid, r in dataset.rondes.items():
        if r.ronde is None:
            continue
        for stem in sorted(r.voortgang):
            # An application or minutes that failed in part (FieldFailed): nothing to compare.
            yield from guarded(_result_one(dataset, rid, r, stem))


def _result_one(dataset: Dataset, rid: str, r: RondeData, stem: str) -> Iterator[Problem]:
    a = r.aanvragen.get(stem)
    if r.ronde is None or a is None or a.gebied not in r.ronde.budget:
        return
    minutes = r.vergaderingen.get(a.gebied)
    if minutes is None or any(b.unfinished for b in minutes.besluiten.values()):
        return  # minutes in the making: the advice is not final yet
    result = Ledger.of(dataset).tally(dataset.meeting_of(r, a.gebied))
    item = next((i for i in result.items if i.aanvraag_id == stem), None)
    if item is None:  # not dealt with in the minutes (yet): nothing to compare with
        return
    yield from guarded(_compare_with_advice(r, stem, item))


def _compare_with_advice(r: RondeData, stem: str, item: ItemResult) -> Iterator[Problem]:
    v = r.voortgang[stem]
    src = r.voortgang_src[stem]
    if not adopted(item):
        yield warning(
            src.at("aanvraag"),
            "voortgang-not-adopted",
            f"aanvraag '{stem}' heeft advies {item.advies}; een voortgangsbestand is er "
            "alleen voor een aanvraag met advies toekennen of gedeeltelijk, dit bestand "
            "telt niet mee",
            hint="verwijder dit bestand, of kijk of het bij een andere aanvraag hoort",
        )
        return
    if v.besluit.reden is not None:
        return
    if v.besluit.bedrag > item.bedrag:
        yield warning(
            src.at("besluit", "bedrag"),
            "granted-above-advice",
            f"toegekend {format_money(v.besluit.bedrag)} is meer dan het advies "
            f"({format_money(item.bedrag)}) en het besluit noemt geen reden",
            hint="zet onder besluit een 'reden:' waarom Indebuurt033 meer toekende",
        )
    for prof, n in v.besluit.uren.items():
        if n > item.uren.get(prof, 0):
            yield warning(
                src.at("besluit", "uren", prof),
                "granted-above-advice",
                f"{n} uur van '{prof}' toegekend, meer dan het advies "
                f"({item.uren.get(prof, 0)} uur), en het besluit noemt geen reden",
                hint="zet onder besluit een 'reden:' waarom Indebuurt033 meer toekende",
            )


register_code(
    "report-overdue",
    "Verslag over de termijn",
    "Op de datum van `wijk check --datum` is het verslag van de aanvrager er nog niet, "
    "terwijl de termijn (`besluit: verslag:`, een datum of een aantal maanden na het besluit) "
    "voorbij is. Vraag het verslag op, en zet `verslag: ontvangen:` in het bestand als het er "
    "is. Bij een project dat niet doorging, telt de termijn niet.",
    fout="besluit:\n  verslag:\n    maanden: 6",
    goed="besluit:\n  verslag:\n    maanden: 6\nverslag:\n  ontvangen: 2017-10-30",
    severity=Severity.WARNING,
)

register_code(
    "condition-overdue",
    "Voorwaarde over de termijn",
    "Op de datum van `wijk check --datum` is een voorwaarde van het besluit nog niet "
    "vervuld, terwijl haar termijn (`uiterlijk` of `maanden` na het besluit) voorbij is. Zet "
    "`vervuld:` bij de voorwaarde als het zo is.",
    fout="- wat: VOG voor alle maatjes\n  uiterlijk: 2017-06-30",
    goed="- wat: VOG voor alle maatjes\n  uiterlijk: 2017-06-30\n  vervuld: 2017-06-12",
    severity=Severity.WARNING,
)


@check("condition-overdue", "report-overdue", needs=[COUNT, DATE])
def overdue_voortgang(dataset: Dataset, datum: date) -> Iterator[Problem]:
    """Verslagen en voorwaarden waarvan de termijn op `datum` voorbij is en die nog open staan
    (`wijk check --datum`); niet bij een project dat niet doorging."""
    for rid, r in dataset.rondes.items():
        if r.ronde is None:
            continue
        for gid in sorted(r.ronde.budget):
            if gid not in r.vergaderingen:
                continue
            # A follow-up file that failed in part is built without its failed fields
            # (FieldFailed): its own problem is reported, its deadlines are not judged.
            yield from guarded(_overdue_gebied(dataset, r, rid, gid, datum))


def _overdue_gebied(
    dataset: Dataset, r: RondeData, rid: str, gid: str, datum: date
) -> Iterator[Problem]:
    for af in Ledger.of(dataset).afloop(dataset.meeting_of(r, gid), datum=datum):
        if af.voortgang is not None:
            yield from guarded(_overdue_one(af, r.voortgang_src[af.aanvraag_id]))


def _overdue_one(af: Afloop, src: Source) -> Iterator[Problem]:
    v = af.voortgang
    assert v is not None
    if af.verslag is not None and af.verslag.te_laat:
        t = v.besluit.verslag
        assert t is not None and af.verslag.uiterlijk is not None
        key = "uiterlijk" if t.uiterlijk is not None else "maanden"
        yield warning(
            src.at("besluit", "verslag", key),
            "report-overdue",
            f"het verslag van '{af.titel}' moest uiterlijk "
            f"{format_date(af.verslag.uiterlijk)} binnen zijn en is er nog niet",
            hint="zet 'verslag: ontvangen: JJJJ-MM-DD' in het bestand als het er is",
        )
    for i, (w, stand) in enumerate(zip(v.besluit.voorwaarden, af.voorwaarden, strict=True)):
        if not stand.te_laat:
            continue
        assert stand.uiterlijk is not None
        key = "uiterlijk" if w.uiterlijk is not None else "maanden"
        yield warning(
            src.at("besluit", "voorwaarden", i, key),
            "condition-overdue",
            f"voorwaarde '{w.wat}' van '{af.titel}' moest uiterlijk "
            f"{format_date(stand.uiterlijk)} vervuld zijn en staat nog open",
            hint="zet 'vervuld: JJJJ-MM-DD' bij de voorwaarde als het zo is",
        )
