"""Check stage, vergadering: the minutes of a meeting (who was there, who voted, what was
proposed) and, with a date, their overdue action points; each check's own codes explained
above it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from wijkcli.checks.common import (
    duplicates,
    error,
    guarded,
    hours_owners,
    unknown,
    unknown_member,
    warning,
)
from wijkcli.checks.registry import DATE, check
from wijkcli.count.attendance import present_for, proxies_for, recused_for
from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.model import Aanvraag, Actiepunt, Besluit, Ronde, Rondvraag, Vergadering, has_vote
from wijkcli.problems import Problem, Severity, register_code
from wijkcli.text import format_date, format_money

VOTE_KINDS = ("voor", "tegen", "onthouding")


register_code(
    "wrong-gebied",
    "Aanvraag van een ander gebied",
    "De notulen van een gebied besluiten alleen over aanvragen van dat gebied.",
    fout="(aanvraag met gebied: noord in vergadering-szh.yaml)",
    goed="(zet het besluit in vergadering-noord.yaml)",
)

register_code(
    "partial-activity",
    "Een deel van een activiteit",
    "Staan er activiteiten in de aanvraag (activiteiten: wat en bedrag), dan adviseert het "
    "Bewonersteam per activiteit: een gedeeltelijk advies is de som van hele activiteiten. De "
    "regeling financiert geen deel van een activiteit (regelwijziging juli 2017).",
    fout="activiteiten: [{wat: Feest, bedrag: 800}, {wat: Workshop, bedrag: 400}]\n"
    "... voorstel: gedeeltelijk\n    bedrag: 1000",
    goed="    bedrag: 800",
)

register_code(
    "date-mismatch",
    "Andere vergaderdatum",
    "De notulen hebben een andere datum dan de vergadering in ronde.yaml.",
    fout="datum: 2017-04-14",
    goed="datum: 2017-04-13",
    severity=Severity.WARNING,
)

register_code(
    "present-and-absent",
    "Zowel aanwezig als afgemeld",
    "Iemand staat in beide lijsten van de notulen; kies er één.",
    fout="aanwezig: [priya-ramdin]\nafgemeld: [priya-ramdin]",
    goed="aanwezig: [priya-ramdin]",
)

register_code(
    "left-but-absent",
    "Vertrokken maar niet aanwezig",
    "Wie vertrok, moet eerst aanwezig zijn geweest.",
    fout="vertrokken: {ahmet-yildiz: a08-taalcafe}   # niet in aanwezig",
    goed="aanwezig: [..., ahmet-yildiz]\nvertrokken: {ahmet-yildiz: a08-taalcafe}",
)

register_code(
    "left-time-only",
    "Vertrektijd zonder vertrek",
    "Bij vertrokken_om hoort ook een regel bij vertrokken (vanaf welk agendapunt).",
    fout="vertrokken_om: {ahmet-yildiz: 21:15}",
    goed="vertrokken: {ahmet-yildiz: a08-taalcafe}\nvertrokken_om: {ahmet-yildiz: 21:15}",
    severity=Severity.WARNING,
)

register_code(
    "not-discussed",
    "Aanvraag niet behandeld",
    "Een aanvraag van dit gebied heeft geen besluit in de notulen.",
    fout="(geen besluit voor a08-taalcafe)",
    goed="besluiten:\n  a08-taalcafe:\n    voorstel: aanhouden\n    stemmen: {...}",
    severity=Severity.WARNING,
)

register_code(
    "missing-votes",
    "Aanwezige leden zonder stem",
    "Bij een openbare stemming staat elk lid dat bij het agendapunt aanwezig was en stemrecht "
    "heeft bij voor, tegen of onthouding (wie een persoonlijk belang heeft niet). Anders "
    "noemt de brief meer aanwezigen dan er stemmen zijn, zonder te zeggen waarom. Wie zich "
    "onthield hoort bij onthouding; wie al weg was bij vertrokken.",
    fout="aanwezig: [joke-aldersveld, priya-ramdin]\n... stemmen: {voor: [joke-aldersveld]}",
    goed="... stemmen: {voor: [joke-aldersveld], onthouding: [priya-ramdin]}",
    severity=Severity.WARNING,
)

register_code(
    "absent-vote",
    "Stem van iemand die er niet was",
    "Alleen wie bij dat agendapunt aanwezig was stemt: niet wie zich afmeldde of al "
    "vertrokken was (zie vertrokken in de notulen).",
    fout="vertrokken: {ahmet-yildiz: a08-taalcafe}\n"
    "... a08-taalcafe: stemmen: {voor: [ahmet-yildiz]}",
    goed="(haal de stem weg, of corrigeer vertrokken)",
)

register_code(
    "duplicate-vote",
    "Twee keer gestemd",
    "Elk lid stemt hoogstens één keer per agendapunt (voor, tegen of onthouding).",
    fout="voor: [priya-ramdin]\ntegen: [priya-ramdin]",
    goed="voor: [priya-ramdin]",
)

register_code(
    "recused-vote",
    "Stem van een lid met een persoonlijk belang",
    "Wie bij betrokken_leden van de aanvraag staat (of in de vergadering een belang meldde) "
    "neemt niet deel aan beraadslaging en stemming; de brief vermeldt dat.",
    fout="betrokken_leden: [tineke-van-t-zand]\n... voor: [tineke-van-t-zand]",
    goed="(haal de stem weg)",
)

register_code(
    "not-a-voter",
    "Geen stemrecht",
    "Alleen leden met rol bewonersteam stemmen; professionals en wijknetwerkleden hebben een "
    "adviserende stem (tenzij de ronde 'stemrecht: bewonersteam-en-professionals' zegt).",
    fout="voor: [mirjam-lagerweij]",
    goed="(haal de stem weg)",
)

register_code(
    "named-secret-vote",
    "Namen bij een geheime stemming",
    "Bij stemming: geheim noteren de notulen alleen aantallen.",
    fout="voor: [joke-aldersveld, ruud-kamperman]",
    goed="voor: 2",
)

register_code(
    "count-open-vote",
    "Alleen aantallen bij een openbare stemming",
    "Bij stemming: openbaar noteren de notulen wie er voor, tegen of blanco stemde.",
    fout="voor: 2",
    goed="voor: [joke-aldersveld, ruud-kamperman]",
)

register_code(
    "too-many-votes",
    "Meer stemmen dan stemgerechtigden",
    "Er zijn meer stemmen geteld dan er stemgerechtigde leden aanwezig waren.",
    fout="voor: 9\ntegen: 3   # 10 aanwezig",
    goed="voor: 7\ntegen: 3",
)

register_code(
    "advice-exceeds-request",
    "Voorstel hoger dan gevraagd",
    "Het Bewonersteam adviseert nooit meer dan er gevraagd is.",
    fout="bedrag: 9000   # gevraagd 8500",
    goed="bedrag: 8500",
)

register_code(
    "amount-with-rejection",
    "Bedrag bij afwijzen of aanhouden",
    "Bij afwijzen of aanhouden hoort geen bedrag en horen geen uren.",
    fout="voorstel: afwijzen\nbedrag: 850",
    goed="voorstel: afwijzen",
)

register_code(
    "partial-as-full",
    "'toekennen' met een lager bedrag",
    "Wie minder adviseert dan gevraagd, schrijft 'gedeeltelijk'.",
    fout="voorstel: toekennen\nbedrag: 6500   # gevraagd 8500",
    goed="voorstel: gedeeltelijk\nbedrag: 6500",
    severity=Severity.WARNING,
)

register_code(
    "hours-not-asked",
    "Uren die niet gevraagd zijn",
    "Het voorstel geeft uren van een professional die de aanvraag niet noemt.",
    fout="uren: {gerda-wolters: 10}   # niet gevraagd",
    goed="(haal de uren weg, of vraag ze in de aanvraag)",
    severity=Severity.WARNING,
)

register_code(
    "hours-exceed-request",
    "Meer uren dan gevraagd",
    "Het voorstel geeft een professional meer uren dan de aanvraag vroeg.",
    fout="uren: {mirjam-lagerweij: 50}   # gevraagd 40",
    goed="uren: {mirjam-lagerweij: 40}",
    severity=Severity.WARNING,
)

register_code(
    "chair-decision-unused",
    "Beslissing van de voorzitter telt niet",
    "voorzitter_beslist geldt alleen als de ronde 'staking: voorzitter' als regel heeft.",
    fout="voorzitter_beslist: aangenomen",
    goed="regels:\n  staking: voorzitter",
    severity=Severity.WARNING,
)

register_code(
    "unfinished-item",
    "Agendapunt nog niet afgehandeld",
    "De notulen zijn nog in de maak (zoals `wijk nieuw vergadering` ze begint): bij dit "
    "agendapunt staat nog geen voorstel, of nog niemand stemde. Dat is geen fout, maar "
    "`wijk advies` maakt pas een brief als elk agendapunt een voorstel en stemmen heeft.",
    fout="a01-huiskamer:\n  voorstel:\n  stemmen: {voor: [], tegen: [], onthouding: []}",
    goed="a01-huiskamer:\n  voorstel: toekennen\n  stemmen: {voor: [joke-aldersveld], ...}",
    severity=Severity.WARNING,
)

register_code(
    "proxy-not-allowed",
    "Volmachten zonder regel",
    "De notulen noemen volmachten, maar de ronde staat stemmen bij volmacht niet toe. "
    "Zet het aan in ronde.yaml, of haal de volmachten weg.",
    fout="volmachten: {anneloes-verhagen: joke-aldersveld}   # ronde zonder volmacht",
    goed="# ronde.yaml\nregels:\n  volmacht: true",
)

register_code(
    "proxy-not-a-voter",
    "Volmacht van of aan iemand zonder stemrecht",
    "Alleen leden met stemrecht geven of krijgen een volmacht.",
    fout="volmachten: {anneloes-verhagen: mirjam-lagerweij}   # professional",
    goed="volmachten: {anneloes-verhagen: joke-aldersveld}",
)

register_code(
    "proxy-self",
    "Volmacht aan zichzelf",
    "Gever en houder van een volmacht zijn twee verschillende leden.",
    fout="volmachten: {joke-aldersveld: joke-aldersveld}",
    goed="volmachten: {anneloes-verhagen: joke-aldersveld}",
)

register_code(
    "proxy-holder-absent",
    "Houder van de volmacht was er niet",
    "Een stem bij volmacht telt alleen als de houder bij dat agendapunt aanwezig was. Was de "
    "houder afgemeld, of al vertrokken (zie vertrokken), dan telt de stem van de gever niet.",
    fout="vertrokken: {ahmet-yildiz: a08-taalcafe}\nvolmachten: {anneloes-verhagen: ahmet-yildiz}"
    "\n... a08-taalcafe: stemmen: {voor: [anneloes-verhagen]}",
    goed="(haal de stem weg: bij a08-taalcafe was de houder al weg)",
)

register_code(
    "proxy-holder-recused",
    "Houder van de volmacht heeft een belang",
    "Wie een persoonlijk belang heeft bij een aanvraag, stemt niet mee over die aanvraag: ook "
    "niet namens een ander. Een volmacht aan zo'n lid telt bij dat agendapunt niet; de stem "
    "van de gever vervalt daar.",
    fout="a02-wijkgids: betrokken_leden: [joke-aldersveld]\nvolmachten: "
    "{anneloes-verhagen: joke-aldersveld}\n... a02-wijkgids: stemmen: "
    "{voor: [anneloes-verhagen]}",
    goed="(haal anneloes-verhagen weg bij de stemmen over a02-wijkgids)",
)

register_code(
    "proxy-too-many",
    "Te veel volmachten voor één lid",
    "Eén lid mag hoogstens max_per_lid volmachten hebben (regels: volmacht in ronde.yaml, "
    "standaard 1).",
    fout="volmachten:\n  anneloes-verhagen: joke-aldersveld\n  ruud-kamperman: joke-aldersveld",
    goed="volmachten:\n  anneloes-verhagen: joke-aldersveld\n  ruud-kamperman: priya-ramdin",
)


@check(
    "absent-vote",
    "advice-exceeds-request",
    "amount-with-rejection",
    "chair-decision-unused",
    "count-open-vote",
    "date-mismatch",
    "date-order",
    "duplicate-id",
    "duplicate-vote",
    "gebied-not-in-ronde",
    "hours-exceed-request",
    "hours-not-asked",
    "id-mismatch",
    "left-but-absent",
    "left-time-only",
    "missing-field",
    "missing-votes",
    "named-secret-vote",
    "not-a-professional",
    "not-a-voter",
    "not-discussed",
    "partial-activity",
    "partial-as-full",
    "present-and-absent",
    "proxy-holder-absent",
    "proxy-holder-recused",
    "proxy-not-a-voter",
    "proxy-not-allowed",
    "proxy-self",
    "proxy-too-many",
    "recused-vote",
    "time-order",
    "too-many-votes",
    "unfinished-item",
    "unknown-aanvraag",
    "unknown-gebied",
    "unknown-member",
    "unknown-professional",
    "wrong-gebied",
)
def check_vergaderingen(dataset: Dataset) -> Iterator[Problem]:
    """De notulen horen bij een gebied van de ronde; iedereen die genoemd wordt bestaat; elke
    stem komt van een aanwezig lid met stemrecht, hoogstens één keer per agendapunt, en niet van
    een lid met een persoonlijk belang; voorstellen passen bij de aanvraag; bij een openbare
    stemming stemt elk aanwezig lid met stemrecht."""
    for r in dataset.rondes.values():
        # Without a usable ronde.yaml (its own errors are reported there) the checks that need
        # the round's rules wait; who is named in the minutes is still checked.
        for gid, v in r.vergaderingen.items():
            src = r.vergadering_src[gid]
            yield from guarded(_check_vergadering(dataset, r, r.ronde, gid, v, src))


def _check_vergadering(
    dataset: Dataset, r: RondeData, ronde: Ronde | None, gid: str, v: Vergadering, src: Source
) -> Iterator[Problem]:
    gebied = getattr(v, "gebied", None)  # optional: the file name says it already
    if gebied is not None and gebied != gid:
        yield error(
            src.at("gebied"),
            "id-mismatch",
            f"gebied '{gebied}' past niet bij de bestandsnaam 'vergadering-{gid}.yaml'",
        )
    g = dataset.gebieden.get(gid)
    if g is None:
        yield unknown(src.at("gebied"), "unknown-gebied", "gebied", gid, dataset.gebieden)
        return
    yield from guarded(_check_people(v, src, g))
    yield from guarded(_check_minutes(v, src, g))
    if ronde is None:
        for aid, besluit in v.besluiten.items():
            yield from guarded(_betrokken(src, g, aid, besluit))
        return
    yield from guarded(_in_ronde(ronde, v, src, gid))
    yield from guarded(_check_volmachten(ronde, v, src, g))
    yield from guarded(_check_agenda(v, src, r, gid))
    for aid, besluit in v.besluiten.items():
        yield from guarded(_check_item(ronde, r, v, src, g, aid, besluit))


def _in_ronde(ronde: Ronde, v: Vergadering, src: Source, gid: str) -> Iterator[Problem]:
    if gid not in ronde.budget:
        yield error(
            src.at("gebied"),
            "gebied-not-in-ronde",
            f"ronde '{ronde.id}' heeft geen budget voor gebied '{gid}'",
        )
    if v.datum != ronde.meeting_date:
        yield warning(
            src.at("datum"),
            "date-mismatch",
            f"de notulen zijn van {format_date(v.datum)}, maar de ronde noemt "
            f"{format_date(ronde.meeting_date)} als vergaderdatum",
        )


def _check_item(
    ronde: Ronde,
    r: RondeData,
    v: Vergadering,
    src: Source,
    g: GebiedData,
    aid: str,
    besluit: Besluit,
) -> Iterator[Problem]:
    if besluit.unfinished:
        # Work in progress (a scaffold of `wijk nieuw vergadering`): one warning.
        yield warning(
            src.at("besluiten", aid, key=True),
            "unfinished-item",
            f"agendapunt '{aid}' is nog niet afgehandeld (nog "
            + ("geen voorstel" if besluit.voorstel is None else "geen stemmen")
            + ")",
            hint="vul voorstel en stemmen in; tot dan maakt wijk advies geen brief",
        )
        return
    yield from _check_besluit(ronde, r, v, src, g, aid, besluit)


def _check_minutes(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    """The fields that only the minutes (notulen) show: opening, action points, rondvraag."""
    yield from guarded(_opening(v, src, g))
    yield from guarded(_next_meeting(v, src))
    yield from guarded(_adopted(v, src))
    for i, punt in enumerate(getattr(v, "actiepunten", [])):
        yield from guarded(_actiepunt_wie(src, g, i, punt))
        yield from guarded(_actiepunt_dates(v, src, i, punt))
    for i, inbreng in enumerate(getattr(v, "rondvraag", [])):
        yield from guarded(_rondvraag(src, g, i, inbreng))


def _opening(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    chair = v.opening.voorzitter if v.opening is not None else None
    if chair is not None and chair not in g.leden_by_id:
        yield from unknown_member(g, src.at("opening", "voorzitter"), chair)
    if v.opening is not None and v.sluiting is not None and v.sluiting <= v.opening.tijd:
        yield error(
            src.at("sluiting"),
            "time-order",
            f"de sluiting ({v.sluiting:%H:%M}) is niet na de opening ({v.opening.tijd:%H:%M})",
        )


def _next_meeting(v: Vergadering, src: Source) -> Iterator[Problem]:
    if v.volgende_vergadering is not None and v.volgende_vergadering <= v.datum:
        yield error(
            src.at("volgende_vergadering"),
            "date-order",
            f"de volgende vergadering ({format_date(v.volgende_vergadering)}) is niet na deze "
            f"({format_date(v.datum)})",
        )


def _adopted(v: Vergadering, src: Source) -> Iterator[Problem]:
    """The minutes are adopted (notulen_vastgesteld) on or after the meeting they record."""
    if v.notulen_vastgesteld is not None and v.notulen_vastgesteld < v.datum:
        yield error(
            src.at("notulen_vastgesteld"),
            "date-order",
            f"de notulen zijn vastgesteld op {format_date(v.notulen_vastgesteld)}, vóór de "
            f"vergadering zelf ({format_date(v.datum)})",
            hint="de notulen worden vastgesteld in een volgende vergadering: zet die datum",
        )


def _actiepunt_wie(src: Source, g: GebiedData, i: int, punt: Actiepunt) -> Iterator[Problem]:
    if punt.wie not in g.leden_by_id:
        yield from unknown_member(g, src.at("actiepunten", i, "wie"), punt.wie)


def _actiepunt_dates(v: Vergadering, src: Source, i: int, punt: Actiepunt) -> Iterator[Problem]:
    if punt.uiterlijk < v.datum:
        yield error(
            src.at("actiepunten", i, "uiterlijk"),
            "date-order",
            f"uiterlijk {format_date(punt.uiterlijk)} ligt vóór de vergadering "
            f"({format_date(v.datum)})",
        )
    if punt.gedaan is not None and punt.gedaan < v.datum:
        yield error(
            src.at("actiepunten", i, "gedaan"),
            "date-order",
            f"gedaan op {format_date(punt.gedaan)}, vóór de vergadering "
            f"({format_date(v.datum)}) waarin het werd afgesproken",
        )


def _rondvraag(src: Source, g: GebiedData, i: int, inbreng: Rondvraag) -> Iterator[Problem]:
    if inbreng.lid not in g.leden_by_id:
        yield from unknown_member(g, src.at("rondvraag", i, "lid"), inbreng.lid)


def _check_volmachten(
    ronde: Ronde, v: Vergadering, src: Source, g: GebiedData
) -> Iterator[Problem]:
    """Proxies {gever: houder}: allowed by the round, between two members with a vote, to a
    holder who is at the meeting, and at most `max_per_lid` per holder."""
    if not v.volmachten:
        return
    regels = ronde.regels
    if not regels.max_volmachten:
        yield error(
            src.at("volmachten", key=True),
            "proxy-not-allowed",
            "de regels van deze ronde staan geen stemmen bij volmacht toe",
            hint="zet in ronde.yaml onder regels: volmacht: true (of laat volmachten weg)",
        )
        return
    leden = g.leden_by_id
    held: dict[str, int] = {}
    for giver, holder in v.volmachten.items():
        bad = False
        for who, where in ((giver, src.at("volmachten", giver, key=True)),
                           (holder, src.at("volmachten", giver))):  # fmt: skip
            lid = leden.get(who)
            if lid is None:
                yield from unknown_member(g, where, who)
                bad = True
            elif not has_vote(lid, regels):
                yield error(
                    where,
                    "proxy-not-a-voter",
                    f"'{who}' heeft geen stemrecht (rol: {lid.rol}) en kan geen volmacht "
                    + ("geven" if who == giver else "krijgen"),
                )
                bad = True
        if bad:
            continue
        if giver == holder:
            yield error(
                src.at("volmachten", giver),
                "proxy-self",
                f"'{giver}' kan zichzelf geen volmacht geven",
            )
            continue
        if holder not in v.aanwezig or holder in v.afgemeld:
            yield error(
                src.at("volmachten", giver),
                "proxy-holder-absent",
                f"'{giver}' gaf een volmacht aan '{holder}', maar '{holder}' staat niet bij "
                "aanwezig",
            )
            continue
        held[holder] = held.get(holder, 0) + 1
        if held[holder] > regels.max_volmachten:
            yield error(
                src.at("volmachten", giver, key=True),
                "proxy-too-many",
                f"'{holder}' heeft al {regels.max_volmachten} "
                + ("volmacht" if regels.max_volmachten == 1 else "volmachten")
                + f"; meer mag niet volgens de regels van de ronde (max_per_lid: "
                f"{regels.max_volmachten})",
            )


register_code(
    "overdue-action",
    "Actiepunt over de datum",
    "Een actiepunt uit de notulen is op de datum van `wijk check --datum` nog niet gedaan, "
    "terwijl de uiterste datum voorbij is. Zet `gedaan:` erbij als het klaar is, of spreek "
    "in de volgende vergadering een nieuwe datum af.",
    fout="- wat: Jongerenwerk benaderen\n  wie: fatima-el-amrani\n  uiterlijk: 2017-05-01",
    goed="- wat: Jongerenwerk benaderen\n  wie: fatima-el-amrani\n  uiterlijk: 2017-05-01\n"
    "  gedaan: 2017-04-28",
    severity=Severity.WARNING,
)


@check("overdue-action", needs=[DATE])
def overdue_actiepunten(dataset: Dataset, datum: date) -> Iterator[Problem]:
    """Open action points whose date (uiterlijk) is before `datum` (`wijk check --datum`)."""
    for r in dataset.rondes.values():
        for gid, v in r.vergaderingen.items():
            src = r.vergadering_src[gid]
            for i, punt in enumerate(getattr(v, "actiepunten", [])):
                yield from guarded(_overdue(src, i, punt, datum))


def _overdue(src: Source, i: int, punt: Actiepunt, datum: date) -> Iterator[Problem]:
    if punt.gedaan is None and punt.uiterlijk < datum:
        yield warning(
            src.at("actiepunten", i, "uiterlijk"),
            "overdue-action",
            f"actiepunt '{punt.wat}' ({punt.wie}) moest uiterlijk "
            f"{format_date(punt.uiterlijk)} klaar zijn en staat nog open",
            hint="zet 'gedaan: JJJJ-MM-DD' bij het actiepunt als het klaar is",
        )


def _check_people(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    for field in ("aanwezig", "afgemeld", "schriftelijke_inbreng"):
        yield from guarded(_people_list(v, src, g, field))
    yield from guarded(_present_and_absent(v, src))
    for field in ("voorzitter", "notulist"):
        value = getattr(v, field, None)
        if value is not None and value not in g.leden_by_id:
            yield from unknown_member(g, src.at(field), value)
    yield from guarded(_left(v, src, g))
    yield from guarded(_left_time(v, src))


def _people_list(v: Vergadering, src: Source, g: GebiedData, field: str) -> Iterator[Problem]:
    values: list[str] = getattr(v, field)
    for i, lid_id in enumerate(values):
        if lid_id not in g.leden_by_id:
            yield from unknown_member(g, src.at(field, i), lid_id)
    for i, lid_id in duplicates(values):
        yield error(src.at(field, i), "duplicate-id", f"'{lid_id}' staat twee keer in {field}")


def _present_and_absent(v: Vergadering, src: Source) -> Iterator[Problem]:
    both = set(v.aanwezig) & set(v.afgemeld)
    for i, lid_id in enumerate(v.afgemeld):
        if lid_id in both:
            yield error(
                src.at("afgemeld", i),
                "present-and-absent",
                f"'{lid_id}' staat zowel bij aanwezig als bij afgemeld",
            )


def _left(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    for lid_id, item in v.vertrokken.items():
        if lid_id not in g.leden_by_id:
            yield from unknown_member(g, src.at("vertrokken", lid_id, key=True), lid_id)
        elif lid_id not in v.aanwezig:
            yield error(
                src.at("vertrokken", lid_id, key=True),
                "left-but-absent",
                f"'{lid_id}' vertrok, maar staat niet bij aanwezig",
            )
        if item not in v.besluiten:
            yield error(
                src.at("vertrokken", lid_id),
                "unknown-aanvraag",
                f"agendapunt '{item}' staat niet bij de besluiten",
            )


def _left_time(v: Vergadering, src: Source) -> Iterator[Problem]:
    for lid_id in v.vertrokken_om:
        if lid_id not in v.vertrokken:
            yield warning(
                src.at("vertrokken_om", lid_id, key=True),
                "left-time-only",
                f"'{lid_id}' heeft een vertrektijd maar staat niet bij vertrokken",
            )


def _check_agenda(v: Vergadering, src: Source, r: RondeData, gid: str) -> Iterator[Problem]:
    for aid in v.besluiten:
        a = r.aanvragen.get(aid)
        if a is None:
            if aid not in r.aanvraag_files:  # a file with errors of its own still exists
                yield unknown(
                    src.at("besluiten", aid, key=True),
                    "unknown-aanvraag",
                    "aanvraag",
                    aid,
                    r.aanvraag_files,
                )
        elif a.gebied != gid:
            yield error(
                src.at("besluiten", aid, key=True),
                "wrong-gebied",
                f"aanvraag '{aid}' hoort bij gebied '{a.gebied}', niet bij '{gid}'",
            )
    for i, aid in enumerate(v.toelichting):
        if aid not in r.aanvraag_files:
            yield unknown(
                src.at("toelichting", i), "unknown-aanvraag", "aanvraag", aid, r.aanvragen
            )
    for aid, a in r.aanvragen.items():
        if a.gebied == gid and aid not in v.besluiten:
            yield warning(
                src.at("besluiten", key=True),
                "not-discussed",
                f"aanvraag '{aid}' heeft geen besluit in deze notulen",
                hint="voeg een besluit toe, met voorstel 'aanhouden' als het later komt",
            )


def _check_besluit(
    ronde: Ronde,
    r: RondeData,
    v: Vergadering,
    src: Source,
    g: GebiedData,
    aid: str,
    b: Besluit,
) -> Iterator[Problem]:
    here = ("besluiten", aid)
    a = r.aanvragen.get(aid)
    yield from guarded(_betrokken(src, g, aid, b))
    yield from guarded(_proposal(src, g, aid, b, a))
    if getattr(b, "voorzitter_beslist", None) is not None and ronde.regels.staking != "voorzitter":
        yield warning(
            src.at(*here, "voorzitter_beslist", key=True),
            "chair-decision-unused",
            "de regels van de ronde laten de voorzitter niet beslissen bij staking; "
            "dit veld telt niet",
        )
    yield from guarded(_check_votes(ronde, v, src, g, aid, b, a))


def _whole_activities(src: Source, aid: str, bedrag: Decimal, a: Aanvraag) -> Iterator[Problem]:
    """An application that lists its activities is advised per activity: a partial amount is
    the sum of whole activities (the regeling funds no part of an activity)."""
    sums: set[Decimal] = {Decimal(0)}
    for act in a.activiteiten[:20]:  # 2**20 sums at most
        sums |= {s + act.bedrag for s in sums}
    if bedrag in sums:
        return
    parts = ", ".join(f"{x.wat} {format_money(x.bedrag)}" for x in a.activiteiten)
    yield error(
        src.at("besluiten", aid, "bedrag"),
        "partial-activity",
        f"{format_money(bedrag)} is geen som van hele activiteiten van de aanvraag ({parts}); "
        "een activiteit wordt helemaal of niet toegekend",
        hint="adviseer het bedrag van de activiteiten die doorgaan",
    )


def _betrokken(src: Source, g: GebiedData, aid: str, b: Besluit) -> Iterator[Problem]:
    for i, lid_id in enumerate(b.betrokken):
        if lid_id not in g.leden_by_id:
            yield from unknown_member(g, src.at("besluiten", aid, "betrokken", i), lid_id)


def _proposal(
    src: Source, g: GebiedData, aid: str, b: Besluit, a: Aanvraag | None
) -> Iterator[Problem]:
    """The proposal against the application."""
    here = ("besluiten", aid)
    if b.voorstel in ("afwijzen", "aanhouden"):
        if b.bedrag:
            yield error(
                src.at(*here, "bedrag"),
                "amount-with-rejection",
                f"bij voorstel '{b.voorstel}' hoort geen bedrag",
            )
        if b.uren:
            yield error(
                src.at(*here, "uren", key=True),
                "amount-with-rejection",
                f"bij voorstel '{b.voorstel}' horen geen uren",
            )
    elif a is not None:
        if b.bedrag is not None and b.bedrag > a.bedrag:
            yield error(
                src.at(*here, "bedrag"),
                "advice-exceeds-request",
                f"het voorstel ({format_money(b.bedrag)}) is meer dan gevraagd "
                f"({format_money(a.bedrag)})",
            )
        if b.voorstel == "gedeeltelijk" and b.bedrag is None:
            yield error(
                src.at(*here),
                "missing-field",
                "bij 'gedeeltelijk' hoort een bedrag",
            )
        if b.voorstel == "gedeeltelijk" and b.bedrag is not None and a.activiteiten:
            yield from guarded(_whole_activities(src, aid, b.bedrag, a))
        if b.voorstel == "toekennen" and b.bedrag is not None and b.bedrag != a.bedrag:
            yield warning(
                src.at(*here, "bedrag"),
                "partial-as-full",
                f"voorstel 'toekennen' met {format_money(b.bedrag)} terwijl "
                f"{format_money(a.bedrag)} gevraagd is",
                hint="gebruik 'gedeeltelijk' als niet het hele bedrag wordt geadviseerd",
            )
        professionals = g.professionals
        yield from guarded(hours_owners(src, (*here, "uren"), b, g))
        for prof, n in b.uren.items():
            asked = a.uren.get(prof)
            if asked is None:
                if prof in professionals:
                    yield warning(
                        src.at(*here, "uren", prof, key=True),
                        "hours-not-asked",
                        f"uren van '{prof}' zijn niet gevraagd in de aanvraag",
                    )
            elif n > asked:
                yield warning(
                    src.at(*here, "uren", prof),
                    "hours-exceed-request",
                    f"{n} uur van '{prof}' voorgesteld, {asked} gevraagd",
                )


# The proposal of one item judged before anyone voted (`wijk vergadering` refuses an amount
# above the request at the key press, not only once the votes are in).
proposal_problems = _proposal


def _check_votes(
    ronde: Ronde,
    v: Vergadering,
    src: Source,
    g: GebiedData,
    aid: str,
    b: Besluit,
    aanvraag: Aanvraag | None,
) -> Iterator[Problem]:
    here = ("besluiten", aid, "stemmen")
    kinds = {k: getattr(b.stemmen, k) for k in VOTE_KINDS}
    lists = {k: val for k, val in kinds.items() if isinstance(val, list)}
    counts = {k: val for k, val in kinds.items() if isinstance(val, int)}
    secret = ronde.stemming == "geheim"
    if secret and any(lists[k] for k in lists):
        for k, names in lists.items():
            if names:
                yield error(
                    src.at(*here, k),
                    "named-secret-vote",
                    "de stemming in deze ronde is geheim: noteer alleen aantallen, geen namen",
                    hint=f"{k}: {len(names)}",
                )
        return
    if not secret and counts and any(counts.values()):
        for k in counts:
            yield error(
                src.at(*here, k),
                "count-open-vote",
                "de stemming in deze ronde is openbaar: noteer wie er stemde, niet alleen "
                "een aantal",
                hint="of zet 'stemming: geheim' in ronde.yaml",
            )
        return
    leden = g.leden_by_id
    present = present_for(v, aid)
    recused = recused_for(aanvraag, b)
    proxies = proxies_for(v, aid, ronde.regels, recused)
    if secret:
        eligible = {
            x
            for x in present | set(proxies)
            if has_vote(leden.get(x), ronde.regels) and x not in recused
        }
        total = sum(counts.values())
        if total > len(eligible) and g.leden_complete:
            yield error(
                src.at(*here),
                "too-many-votes",
                f"{total} stemmen geteld, maar er waren maar {len(eligible)} stemgerechtigden "
                "aanwezig",
            )
        return
    yield from _vote_lists(ronde, v, src, g, aid, lists, present, recused, proxies)
    if aanvraag is not None:  # else who has a personal interest is not known
        yield from _missing_votes(ronde, src, g, aid, lists, present, recused)


def _missing_votes(
    ronde: Ronde,
    src: Source,
    g: GebiedData,
    aid: str,
    lists: dict[str, list[str]],
    present: set[str],
    recused: set[str],
) -> Iterator[Problem]:
    """Open ballot: everyone present with a vote (and no personal interest) is in voor, tegen
    or onthouding; whoever is in none is named (the letter would count them as present)."""
    voted = {x for names in lists.values() for x in names}
    missing = sorted(
        x
        for x in present - voted - recused
        if (lid := g.leden_by_id.get(x)) is not None and has_vote(lid, ronde.regels)
    )
    if missing:
        yield warning(
            src.at("besluiten", aid, "stemmen", key=True),
            "missing-votes",
            f"{len(missing)} aanwezig{'' if len(missing) == 1 else 'e'} "
            f"{'lid' if len(missing) == 1 else 'leden'} met stemrecht "
            f"{'staat' if len(missing) == 1 else 'staan'} niet bij voor, tegen of onthouding: "
            + ", ".join(missing),
            hint="zet wie zich onthield bij 'onthouding'; wie er niet meer was bij 'vertrokken'",
        )


def _vote_lists(
    ronde: Ronde,
    v: Vergadering,
    src: Source,
    g: GebiedData,
    aid: str,
    lists: dict[str, list[str]],
    present: set[str],
    recused: set[str],
    proxies: dict[str, str],
) -> Iterator[Problem]:
    here = ("besluiten", aid, "stemmen")
    leden = g.leden_by_id
    seen: dict[str, str] = {}
    for kind, names in lists.items():
        for i, lid_id in enumerate(names):
            lid = leden.get(lid_id)
            if lid is None:
                yield from unknown_member(g, src.at(*here, kind, i), lid_id)
                continue
            valid = (
                lid_id not in seen
                and has_vote(lid, ronde.regels)
                and lid_id not in recused
                and (lid_id in present or lid_id in proxies)
            )
            if valid:
                seen[lid_id] = kind
                continue
            # Only a problem needs a location (looking one up makes the file record its marks).
            where = src.at(*here, kind, i)
            if lid_id in seen:
                yield error(
                    where,
                    "duplicate-vote",
                    f"'{lid_id}' stemde al ({seen[lid_id]}) over deze aanvraag",
                )
                continue
            seen[lid_id] = kind
            if not has_vote(lid, ronde.regels):
                yield error(
                    where,
                    "not-a-voter",
                    f"'{lid_id}' heeft geen stemrecht (rol: {lid.rol})",
                    hint="alleen leden met rol 'bewonersteam' stemmen",
                )
            elif lid_id in recused:
                yield error(
                    where,
                    "recused-vote",
                    f"'{lid_id}' heeft een persoonlijk belang bij deze aanvraag en stemt niet mee"
                    + (
                        " (ook niet via een volmacht)"
                        if ronde.regels.max_volmachten and lid_id in v.volmachten
                        else ""
                    ),
                )
            elif (
                ronde.regels.max_volmachten
                and lid_id in v.volmachten
                and v.volmachten[lid_id] in recused
                and v.volmachten[lid_id] in present
            ):
                holder = v.volmachten[lid_id]
                yield error(
                    where,
                    "proxy-holder-recused",
                    f"'{lid_id}' stemde via een volmacht aan '{holder}', maar '{holder}' heeft "
                    "een persoonlijk belang bij deze aanvraag en stemt niet mee, ook niet namens "
                    "een ander",
                    hint=f"haal '{lid_id}' weg bij de stemmen over deze aanvraag",
                )
            elif ronde.regels.max_volmachten and lid_id in v.volmachten:
                holder = v.volmachten[lid_id]
                yield error(
                    where,
                    "proxy-holder-absent",
                    f"'{lid_id}' stemde via een volmacht aan '{holder}', maar '{holder}' was "
                    "er bij dit agendapunt niet",
                )
            elif lid_id not in present:
                why = (
                    "was afgemeld"
                    if lid_id in v.afgemeld
                    else (
                        "was al vertrokken" if lid_id in v.vertrokken else "staat niet bij aanwezig"
                    )
                )
                yield error(
                    where,
                    "absent-vote",
                    f"'{lid_id}' stemde, maar {why}",
                )
