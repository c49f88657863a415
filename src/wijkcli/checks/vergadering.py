"""Checks on the minutes of a meeting: who was there, who voted, and what was proposed."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from wijkcli.checks.common import duplicates, error, hours_owners, unknown, warning
from wijkcli.count.attendance import present_for, proxies_for, recused_for
from wijkcli.load import Dataset, GebiedData, RondeData, Source, has_vote
from wijkcli.model import Besluit, Ronde, Vergadering
from wijkcli.problems import Problem
from wijkcli.text import format_date, format_money

VOTE_KINDS = ("voor", "tegen", "onthouding")


def check_vergaderingen(dataset: Dataset) -> Iterator[Problem]:
    """De notulen horen bij een gebied van de ronde; iedereen die genoemd wordt bestaat; elke
    stem komt van een aanwezig lid met stemrecht, hoogstens één keer per agendapunt, en niet van
    een lid met een persoonlijk belang; voorstellen passen bij de aanvraag."""
    for r in dataset.rondes.values():
        if r.ronde is None:
            continue
        for gid, v in r.vergaderingen.items():
            src = r.vergadering_src[gid]
            if v.gebied != gid:
                yield error(
                    src.at("gebied"),
                    "id-mismatch",
                    f"gebied '{v.gebied}' past niet bij de bestandsnaam 'vergadering-{gid}.yaml'",
                )
            g = dataset.gebieden.get(gid)
            if g is None:
                yield unknown(src.at("gebied"), "unknown-gebied", "gebied", gid, dataset.gebieden)
                continue
            if gid not in r.ronde.budget:
                yield error(
                    src.at("gebied"),
                    "gebied-not-in-ronde",
                    f"ronde '{r.ronde.id}' heeft geen budget voor gebied '{gid}'",
                )
            if v.datum != r.ronde.vergadering.datum:
                yield warning(
                    src.at("datum"),
                    "date-mismatch",
                    f"de notulen zijn van {format_date(v.datum)}, maar de ronde noemt "
                    f"{format_date(r.ronde.vergadering.datum)} als vergaderdatum",
                )
            yield from _check_people(v, src, g)
            yield from _check_minutes(v, src, g)
            yield from _check_volmachten(r.ronde, v, src, g)
            yield from _check_agenda(v, src, r, gid)
            for aid, besluit in v.besluiten.items():
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
                    continue
                yield from _check_besluit(r.ronde, r, v, src, g, aid, besluit)


def _check_minutes(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    """The fields that only the minutes (notulen) show: opening, action points, rondvraag."""
    leden = g.leden_by_id
    chair = v.opening.voorzitter if v.opening is not None else None
    if chair is not None and chair not in leden:
        yield unknown(src.at("opening", "voorzitter"), "unknown-member", "lid", chair, leden)
    if v.opening is not None and v.sluiting is not None and v.sluiting <= v.opening.tijd:
        yield error(
            src.at("sluiting"),
            "time-order",
            f"de sluiting ({v.sluiting:%H:%M}) is niet na de opening ({v.opening.tijd:%H:%M})",
        )
    if v.volgende_vergadering is not None and v.volgende_vergadering <= v.datum:
        yield error(
            src.at("volgende_vergadering"),
            "date-order",
            f"de volgende vergadering ({format_date(v.volgende_vergadering)}) is niet na deze "
            f"({format_date(v.datum)})",
        )
    for i, punt in enumerate(v.actiepunten):
        if punt.wie not in leden:
            yield unknown(src.at("actiepunten", i, "wie"), "unknown-member", "lid", punt.wie, leden)
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
    for i, inbreng in enumerate(v.rondvraag):
        if inbreng.lid not in leden:
            yield unknown(
                src.at("rondvraag", i, "lid"), "unknown-member", "lid", inbreng.lid, leden
            )


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
                yield unknown(where, "unknown-member", "lid", who, leden)
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


def overdue_actiepunten(dataset: Dataset, datum: date) -> Iterator[Problem]:
    """Open action points whose date (uiterlijk) is before `datum` (`wijk check --datum`)."""
    for r in dataset.rondes.values():
        for gid, v in r.vergaderingen.items():
            src = r.vergadering_src[gid]
            for i, punt in enumerate(v.actiepunten):
                if punt.gedaan is None and punt.uiterlijk < datum:
                    yield warning(
                        src.at("actiepunten", i, "uiterlijk"),
                        "overdue-action",
                        f"actiepunt '{punt.wat}' ({punt.wie}) moest uiterlijk "
                        f"{format_date(punt.uiterlijk)} klaar zijn en staat nog open",
                        hint="zet 'gedaan: JJJJ-MM-DD' bij het actiepunt als het klaar is",
                    )


def _check_people(v: Vergadering, src: Source, g: GebiedData) -> Iterator[Problem]:
    leden = g.leden_by_id
    for field in ("aanwezig", "afgemeld", "schriftelijke_inbreng"):
        values: list[str] = getattr(v, field)
        for i, lid_id in enumerate(values):
            if lid_id not in leden:
                yield unknown(src.at(field, i), "unknown-member", "lid", lid_id, leden)
        for i, lid_id in duplicates(values):
            yield error(src.at(field, i), "duplicate-id", f"'{lid_id}' staat twee keer in {field}")
    both = set(v.aanwezig) & set(v.afgemeld)
    for i, lid_id in enumerate(v.afgemeld):
        if lid_id in both:
            yield error(
                src.at("afgemeld", i),
                "present-and-absent",
                f"'{lid_id}' staat zowel bij aanwezig als bij afgemeld",
            )
    for field in ("voorzitter", "notulist"):
        value = getattr(v, field)
        if value is not None and value not in leden:
            yield unknown(src.at(field), "unknown-member", "lid", value, leden)
    for lid_id, item in v.vertrokken.items():
        if lid_id not in leden:
            yield unknown(
                src.at("vertrokken", lid_id, key=True), "unknown-member", "lid", lid_id, leden
            )
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
    leden = g.leden_by_id
    for i, lid_id in enumerate(b.betrokken):
        if lid_id not in leden:
            yield unknown(src.at(*here, "betrokken", i), "unknown-member", "lid", lid_id, leden)
    # The proposal against the application.
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
        if b.voorstel == "toekennen" and b.bedrag is not None and b.bedrag != a.bedrag:
            yield warning(
                src.at(*here, "bedrag"),
                "partial-as-full",
                f"voorstel 'toekennen' met {format_money(b.bedrag)} terwijl "
                f"{format_money(a.bedrag)} gevraagd is",
                hint="gebruik 'gedeeltelijk' als niet het hele bedrag wordt geadviseerd",
            )
        professionals = {x.id for x in g.leden if x.rol == "professional"}
        yield from hours_owners(src, (*here, "uren"), b.uren, professionals, leden)
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
    if b.voorzitter_beslist is not None and ronde.regels.staking != "voorzitter":
        yield warning(
            src.at(*here, "voorzitter_beslist", key=True),
            "chair-decision-unused",
            "de regels van de ronde laten de voorzitter niet beslissen bij staking; "
            "dit veld telt niet",
        )
    yield from _check_votes(ronde, v, src, g, aid, b, (a is not None and r.aanvragen[aid]) or None)


def _check_votes(
    ronde: Ronde,
    v: Vergadering,
    src: Source,
    g: GebiedData,
    aid: str,
    b: Besluit,
    aanvraag: object,
) -> Iterator[Problem]:
    from wijkcli.model import Aanvraag

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
    recused = recused_for(aanvraag if isinstance(aanvraag, Aanvraag) else None, b)
    proxies = proxies_for(v, aid, ronde.regels, recused)
    if secret:
        eligible = {
            x
            for x in present | set(proxies)
            if has_vote(leden.get(x), ronde.regels) and x not in recused
        }
        total = sum(counts.values())
        if total > len(eligible):
            yield error(
                src.at(*here),
                "too-many-votes",
                f"{total} stemmen geteld, maar er waren maar {len(eligible)} stemgerechtigden "
                "aanwezig",
            )
        return
    seen: dict[str, str] = {}
    for kind, names in lists.items():
        for i, lid_id in enumerate(names):
            lid = leden.get(lid_id)
            if lid is None:
                yield unknown(src.at(*here, kind, i), "unknown-member", "lid", lid_id, leden)
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
