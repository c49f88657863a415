"""Checks on the minutes of a meeting: who was there, who voted, and what was proposed."""

from __future__ import annotations

from collections.abc import Iterator

from wijkcli.checks.common import duplicates, error, hours_owners, unknown, warning
from wijkcli.count.attendance import present_for, recused_for
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
            yield from _check_agenda(v, src, r, gid)
            for aid, besluit in v.besluiten.items():
                yield from _check_besluit(r.ronde, r, v, src, g, aid, besluit)


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
    if secret:
        eligible = {x for x in present if has_vote(leden.get(x), ronde.regels) and x not in recused}
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
                and lid_id in present
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
                    f"'{lid_id}' heeft een persoonlijk belang bij deze aanvraag en stemt niet mee",
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
