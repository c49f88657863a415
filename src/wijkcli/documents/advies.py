"""`wijk advies`: the adviesbrief of one gebied in one round to Indebuurt033.

`advies_context` returns the ready-made contents (`AdviesContext`) for
`templates/adviesbrief.{md,html,typ}.j2`: every total is computed here, never in a template.
No contact data (email, telefoon, contact) is ever put into a context, and with a secret ballot
no member's vote is. The PDF comes from the letter's own Typst template; Word from its Markdown.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from wijkcli import __version__
from wijkcli.count.ledger import tally
from wijkcli.count.tally import ZERO, GebiedResult
from wijkcli.dataset import GebiedData, Meeting
from wijkcli.documents.formats import meeting_front
from wijkcli.documents.registry import DOCUMENT_FORMATS, Document, Front, Signer
from wijkcli.documents.wording import (
    ADVIES_LABEL,
    GebiedKop,
    aanvrager_text,
    hours_text,
    item_name,
    late_sentence,
    names,
    proxy_givers,
    quoted,
    rules_sentence,
    thema_label,
    uitkomst,
    voorstel_text,
    votes_aside,
    wijken_label,
)
from wijkcli.model import Aanvraag, Lid
from wijkcli.problems import Location, Problem, Severity, UsageMistake, WijkcliError
from wijkcli.text import dutch_quotes, format_date, join_dutch, name_sort_key, unbracket

NIET_BEHANDELD = "niet behandeld"
TOEWIJZING_UITLEG = {
    "steun-overslaan": (
        "op volgorde van steun (meeste stemmen voor eerst); een aanvraag die niet meer in het "
        "budget past wordt overgeslagen en de volgende die wel past krijgt het geld"
    ),
    "steun-stoppen": (
        "op volgorde van steun (meeste stemmen voor eerst); bij de eerste aanvraag die niet "
        "meer in het budget past stopt de toewijzing"
    ),
    "gelijke-delen": (
        "met de methode van gelijke delen (Method of Equal Shares): elk stemmend lid krijgt een "
        "gelijk deel van het budget en betaalt mee aan de aanvragen waar het voor stemde"
    ),
}


if TYPE_CHECKING:
    from wijkcli.read.logo import Logo


class Application(TypedDict):
    """What the letter says of an application, decided or not."""

    nummer: str
    titel: str
    aanvrager: str
    wijken_label: str
    """`Wijk` or `Wijken`."""
    wijken: str
    thema: str
    gevraagd: Decimal
    gevraagd_uren: str
    eigen_bijdrage: Decimal | None
    te_laat: str | None
    """A late application named with the team's decision to treat it (or not), else None."""


class AdviesItem(Application):
    """A decided application: the proposal, the vote and the advice."""

    voorstel: str
    advies: str
    bedrag: Decimal
    uren: str
    uren_totaal: int
    voor: int
    tegen: int
    onthouding: int
    aanwezig: int
    niet_gestemd: int
    stemmen_toelichting: str
    """Between brackets after the count: present, not voted, votes by proxy."""
    uitkomst: str
    betrokken: list[str]
    motivering: list[str]
    voorwaarden: list[str]
    vervolg: list[str]
    buiten_budget: bool


class NietBehandeld(Application):
    """An application the minutes have no decision on: listed with its asked amount."""

    id: str
    naam: str
    advies: str
    bedrag: Decimal


class Contactpersoon(TypedDict):
    naam: str
    functie: str
    organisatie: str


class RondeKop(TypedDict):
    id: str
    naam: str
    regeling: str | None
    besluit_verwacht: date | None
    grondslag: str | None
    slotzin: str | None


class WijkplanKop(TypedDict):
    jaar: int
    vastgesteld: date | None


class Vertrokken(TypedDict):
    naam: str
    om: time | None
    voor: str


class Professional(TypedDict):
    naam: str
    organisatie: str


class AdviesVergadering(TypedDict):
    datum: date
    begin: time | None
    eind: time | None
    plek: str | None
    aanwezig: list[str]
    aantal_aanwezig: int
    leden: int
    quorum: int
    zonder_quorum: list[str]
    afgemeld: list[str]
    vertrokken: list[Vertrokken]
    professionals: list[Professional]
    schriftelijk: list[str]
    toelichting: list[str]
    stemming: str
    meerderheid: str
    regels: str
    """The voting rules in force, said once (`wording.rules_sentence`)."""
    volmachten: list[str]
    """The meeting's proxies, once (`wording.proxy_givers`)."""


class AdviesBudget(TypedDict):
    budget: Decimal
    doorgeschoven: Decimal
    teruggevloeid: Decimal
    beschikbaar: Decimal
    gevraagd: Decimal
    aantal: int
    behandeld: int
    geadviseerd: Decimal
    over: Decimal
    toewijzing: str | None
    uren: str


class Briefhoofd(TypedDict):
    logo: str | None
    logo_bestand: Logo | None
    kleur: str | None


class Herzien(TypedDict):
    datum: date
    reden: str


class EerdereHerziening(TypedDict):
    ronde: str
    datum: date
    reden: str
    geadviseerd: Decimal
    was: Decimal


class AdviesContext(TypedDict):
    """Everything the adviesbrief shows (`templates/adviesbrief.*.j2`)."""

    gebied: GebiedKop
    team: str
    pa: Contactpersoon | None
    datum: date
    herzien: list[Herzien]
    """Herzieningen of this sent letter (`verzonden-<gebied>.yaml`), oldest first."""
    herzieningen_eerder: list[EerdereHerziening]
    """Herzieningen of earlier rounds' letters that this letter reports."""
    plaats: str
    kenmerk: str
    ronde: RondeKop
    wijkplan: WijkplanKop | None
    vergadering: AdviesVergadering
    budget: AdviesBudget
    items: list[AdviesItem]
    niet_behandeld: list[NietBehandeld]
    rijen: list[AdviesItem | NietBehandeld]
    opmerkingen: list[str]
    voorzitter: str | None
    secretaris: str | None
    ondertekening: list[Signer]
    briefhoofd: Briefhoofd
    versie: str
    wijkcli: str


def _signer(lid: Lid | None, role: str) -> Signer | None:
    """Name and function under the signature: `functie` from leden.yaml, else the role."""
    if lid is None:
        return None
    return {"naam": lid.naam, "functie": lid.functie or role}


def briefhoofd_context(data_dir: Path, g: GebiedData) -> Briefhoofd:
    """The letterhead: `logo` as the path Typst sees (`/logo.png`, in a folder that holds only
    the logo) or None, `logo_bestand` the judged logo itself (`read.logo.Logo`, its bytes) or
    None, and `kleur` (hex) or None."""
    from wijkcli.read.logo import read_logo

    hoofd = g.gebied.briefhoofd if g.gebied is not None else None
    if hoofd is None:
        return {"logo": None, "logo_bestand": None, "kleur": None}
    logo = None
    if hoofd.logo is not None:
        logo, _ = read_logo(data_dir, g.id, hoofd.logo)
    return {
        "logo": f"/{logo.name}" if logo is not None else None,
        "logo_bestand": logo,
        "kleur": hoofd.kleur,
    }


def advies_context(
    meeting: Meeting,
    *,
    versie: str,
    datum: date | None = None,
) -> AdviesContext:
    """Everything the adviesbrief of one gebied in one ronde shows.

    Raises:
        NoMinutesError: no minutes for that gebied yet.
        WijkcliError: minutes not finished.
        UsageMistake: `datum` before the meeting.
    """
    dataset, r, g = meeting.dataset, meeting.ronde, meeting.gebied
    ronde_id, gebied_id = meeting.ronde_id, meeting.gebied_id
    ronde = r.info
    v = meeting.minutes()
    unfinished = [aid for aid, b in v.besluiten.items() if b.unfinished]
    if unfinished:
        raise WijkcliError(
            f"de notulen van {ronde_id} voor gebied '{gebied_id}' zijn nog niet af: "
            f"{join_dutch(unfinished)} "
            + ("heeft" if len(unfinished) == 1 else "hebben")
            + " nog geen voorstel of stemmen; wijkcli maakt pas een adviesbrief als elk "
            "agendapunt is afgehandeld"
        )
    if datum is not None and datum < v.datum:
        raise UsageMistake(
            f"--datum {datum.isoformat()} ligt vóór de vergadering van {format_date(v.datum)}: "
            "een advies over die vergadering kan niet eerder gedateerd zijn; kies "
            f"--datum {v.datum.isoformat()} of later (zonder --datum: de uiterste adviesdatum "
            "van de ronde)"
        )
    result: GebiedResult = tally(meeting)
    sent = meeting.verzonden
    leden = g.leden_by_id
    team = g.info.bewonersteam
    plan = g.wijkplannen.get(ronde.year)
    themas = {t.id: t for t in plan.themas} if plan else {}
    wijken = {w.id: w.naam for w in g.info.wijken}

    def application(a: Aanvraag, nummer: str, behandeld: bool) -> Application:
        """What the letter says of an application, decided or not."""
        thema = themas.get(a.thema)
        return {
            "nummer": nummer,
            "titel": dutch_quotes(a.titel),
            "aanvrager": aanvrager_text(a),
            "wijken_label": wijken_label(list(a.wijken)),
            "wijken": join_dutch([wijken.get(w, w) for w in a.wijken]),
            "thema": thema_label(thema) if thema else a.thema,
            "gevraagd": a.bedrag,
            "gevraagd_uren": hours_text(dict(a.uren), leden),
            "eigen_bijdrage": a.eigen_bijdrage,
            "te_laat": late_sentence(a, ronde.indienen_tot, behandeld),
        }

    items: list[AdviesItem] = []
    for item in result.items:
        a = r.aanvragen[item.aanvraag_id]
        b = v.besluiten[item.aanvraag_id]
        recused = names(item.recused, leden)
        items.append(
            {
                **application(a, a.nummer or str(item.volgorde), True),
                "voorstel": voorstel_text(item, leden),
                "advies": ADVIES_LABEL[item.advies],
                "bedrag": item.bedrag,
                "uren": hours_text(item.uren, leden),
                "uren_totaal": sum(item.uren.values()),
                "voor": item.voor,
                "tegen": item.tegen,
                "onthouding": item.onthouding,
                "aanwezig": item.present,
                "niet_gestemd": len(item.niet_gestemd),
                "stemmen_toelichting": votes_aside(item, ronde.stemming == "geheim"),
                "uitkomst": uitkomst(item, ronde.regels.meerderheid),
                "betrokken": recused,
                "motivering": quoted(b.motivering),
                "voorwaarden": quoted(b.voorwaarden) if item.advies != "aanhouden" else [],
                "vervolg": quoted(b.vervolg) if item.advies == "aanhouden" else [],
                "buiten_budget": item.buiten_budget,
            }
        )

    voters_present = sorted(
        {x for x in v.aanwezig if x in leden and leden[x].rol == "bewonersteam"} - set(v.afgemeld),
        key=lambda x: name_sort_key(leden[x].naam),
    )
    professionals: list[Professional] = [
        {"naam": leden[x].naam, "organisatie": unbracket(leden[x].organisatie or "")}
        for x in sorted(
            v.aanwezig, key=lambda x: name_sort_key(leden[x].naam) if x in leden else ("", "")
        )
        if x in leden and leden[x].rol == "professional"
    ]
    order = {aid: i for i, aid in enumerate(v.besluiten)}
    vertrokken: list[Vertrokken] = []
    for lid_id, aid in sorted(v.vertrokken.items(), key=lambda kv: order.get(kv[1], 0)):
        left_before = r.aanvragen.get(aid)
        vertrokken.append(
            {
                "naam": leden[lid_id].naam if lid_id in leden else lid_id,
                "om": v.vertrokken_om.get(lid_id),
                "voor": item_name(left_before, aid),
            }
        )
    # Applications without a decision in the minutes: listed with their asked amount, so the
    # rows of the budget table add up to "Totaal gevraagd" (`wijk advies` also warns).
    niet_behandeld: list[NietBehandeld] = [
        {
            **application(
                r.aanvragen[n.aanvraag_id], r.aanvragen[n.aanvraag_id].nummer or "", False
            ),
            "id": n.aanvraag_id,
            "naam": item_name(r.aanvragen[n.aanvraag_id], n.aanvraag_id),
            "advies": NIET_BEHANDELD,
            "bedrag": ZERO,
        }
        for n in result.niet_behandeld
    ]
    roll = result.items[0].roll if result.items else 0
    need = result.items[0].quorum_needed if result.items else 0
    no_quorum = [
        i["nummer"] for i, it in zip(items, result.items, strict=True) if not it.quorum_met
    ]
    buurtnetwerker = leden.get(team.buurtnetwerker) if team.buurtnetwerker else None
    toelichting = [item_name(r.aanvragen.get(aid), aid) for aid in v.toelichting]
    return {
        "gebied": {
            "id": g.id,
            "naam": g.info.naam,
            "volledige_naam": g.info.volledige_naam,
        },
        "team": team.naam,
        "pa": (
            {
                "naam": buurtnetwerker.naam,
                "functie": unbracket(buurtnetwerker.functie or ""),
                "organisatie": unbracket(buurtnetwerker.organisatie or ""),
            }
            if buurtnetwerker
            else None
        ),
        # A sent letter keeps its date (`wijk advies --verzonden`): the same files give it back.
        "datum": datum or (sent.verzonden if sent is not None else ronde.advies_uiterlijk),
        "herzien": [{"datum": h.datum, "reden": h.reden} for h in sent.herzieningen]
        if sent is not None
        else [],
        "herzieningen_eerder": _earlier_revisions(meeting),
        "plaats": "Amersfoort",
        "kenmerk": f"{g.info.naam}/{ronde.id}",
        "ronde": {
            "id": ronde.id,
            "naam": ronde.naam,
            "regeling": ronde.regeling_naam,
            "besluit_verwacht": ronde.besluit_verwacht,
            "grondslag": ronde.grondslag,
            "slotzin": ronde.slotzin,
        },
        "wijkplan": (
            {"jaar": plan.jaar, "vastgesteld": plan.vastgesteld} if plan is not None else None
        ),
        "vergadering": {
            "datum": v.datum,
            # The real times from the minutes (opening, sluiting), else the planned ones.
            "begin": v.opening.tijd if v.opening else ronde.vergadering.begin,
            "eind": v.sluiting or ronde.vergadering.eind,
            "plek": ronde.vergadering.plek or g.info.vergaderplek,
            "aanwezig": names(voters_present, leden),
            "aantal_aanwezig": len(voters_present),
            "leden": roll,
            "quorum": need,
            "zonder_quorum": no_quorum,
            "afgemeld": names(
                [x for x in v.afgemeld if x in leden and leden[x].rol == "bewonersteam"], leden
            ),
            "vertrokken": vertrokken,
            "professionals": professionals,
            "schriftelijk": names(v.schriftelijke_inbreng, leden),
            "toelichting": toelichting,
            "stemming": ronde.stemming,
            "meerderheid": ronde.regels.meerderheid,
            "regels": rules_sentence(ronde.regels),
            "volmachten": proxy_givers(_used_proxies(v.volmachten, result), leden),
        },
        "budget": {
            "budget": result.budget,
            "doorgeschoven": result.doorgeschoven,
            "teruggevloeid": result.teruggevloeid,
            "beschikbaar": result.beschikbaar,
            "gevraagd": result.gevraagd,
            "aantal": len(items) + len(niet_behandeld),
            "behandeld": len(items),
            "geadviseerd": result.geadviseerd,
            "over": result.over,
            "toewijzing": TOEWIJZING_UITLEG.get(result.toewijzing or ""),
            "uren": hours_text(result.uren, leden),
        },
        "items": items,
        "niet_behandeld": niet_behandeld,
        "rijen": [*items, *niet_behandeld],
        "opmerkingen": quoted(v.opmerkingen),
        "voorzitter": leden[team.voorzitter].naam if team.voorzitter in leden else None,
        "secretaris": leden[team.secretaris].naam if team.secretaris in leden else None,
        "ondertekening": [
            s
            for s in (
                _signer(leden.get(team.voorzitter or ""), "voorzitter"),
                _signer(leden.get(team.secretaris or ""), "secretaris"),
            )
            if s is not None
        ],
        "briefhoofd": briefhoofd_context(dataset.root, g),
        "versie": versie,
        "wijkcli": __version__,
    }


def _used_proxies(volmachten: dict[str, str], result: GebiedResult) -> list[tuple[str, str]]:
    """The proxies (giver, holder) of the minutes that counted on at least one item."""
    used = {(giver, holder) for i in result.items for holder, giver in i.namens}
    return [(g, h) for g, h in volmachten.items() if (g, h) in used]


def _earlier_revisions(meeting: Meeting) -> list[EerdereHerziening]:
    """Herzieningen of sent letters of earlier rounds of the year that this letter reports: a
    herziening of round k dated d is told in the letter of the first later round whose meeting
    is on or after d (as money that comes back)."""
    from wijkcli.count.ledger import Ledger

    rounds = Ledger.of(meeting.dataset).year_rounds(meeting.info.year, meeting.gebied_id)
    ids = [r.id for r in rounds]
    here = ids.index(meeting.ronde_id)
    out = []
    for k, r in enumerate(rounds[:here]):
        rec = r.verzonden.get(meeting.gebied_id)
        if rec is None:
            continue
        for h in rec.herzieningen:
            told = next(
                (x.id for x in rounds[k + 1 :] if x.info.vergadering.datum >= h.datum), None
            )
            if told == meeting.ronde_id:
                found: EerdereHerziening = {
                    "ronde": r.info.naam, "datum": h.datum, "reden": h.reden,
                    "geadviseerd": h.geadviseerd, "was": rec.geadviseerd,
                }  # fmt: skip
                out.append(found)
    return out


def advies_warnings(meeting: Meeting, context: AdviesContext) -> list[Problem]:
    """What `wijk advies` says on stderr about a letter: one warning per application that the
    letter lists as *niet behandeld*, at the minutes' `besluiten`."""
    src = meeting.vergadering_src
    where = src.at("besluiten", key=True) if src is not None else Location("")
    return [
        Problem(
            where,
            "not-discussed",
            f"aanvraag '{i['id']}' heeft geen besluit in deze notulen; de adviesbrief noemt haar "
            f"als niet behandeld, met het gevraagde bedrag",
            Severity.WARNING,
        )
        for i in context["niet_behandeld"]
    ]


def advies_pdf(meeting: Meeting, context: AdviesContext) -> bytes:
    """The letter as PDF (Typst), with the letterhead's judged logo as the only file Typst
    sees. When Typst cannot lay it out and the logo alone fails too, the error names the logo
    where gebied.yaml sets it (file:line:column), not only Typst's words.

    Raises:
        WijkcliError: Typst cannot lay out the letter, or gives up (see `compile_pdf`).
    """
    from wijkcli.documents.pdf import compile_pdf
    from wijkcli.documents.render import render

    source = render("adviesbrief.typ.j2", context)
    logo = context["briefhoofd"]["logo_bestand"]
    files = {logo.name: logo.data} if logo is not None else None
    try:
        return compile_pdf(source, when=context["datum"], files=files)
    except WijkcliError as exc:
        if logo is None:
            raise
        try:
            compile_pdf(
                f'#image("/{logo.name}", height: 2cm)',
                when=context["datum"],
                files=files,
                standards=(),  # only whether the image can be laid out at all
            )
        except WijkcliError as logo_exc:
            src = meeting.gebied.gebied_src
            where = f"{src.at('briefhoofd', 'logo')}: " if src is not None else ""
            raise WijkcliError(
                f"{where}het logo van het briefhoofd is niet op te maken; "
                f"{str(logo_exc).removeprefix('de PDF kon niet worden opgemaakt: ')}"
            ) from None
        raise exc from None


def _front(meeting: Meeting, ctx: AdviesContext) -> Front:
    front = meeting_front("Advies", meeting, ctx["datum"])
    return Front(front.title, front.author, front.when, signers=ctx["ondertekening"])


DOCUMENT: Document[Meeting, AdviesContext] = Document(
    name="advies",
    formats=DOCUMENT_FORMATS,
    template="adviesbrief",
    context=lambda m, o: advies_context(m, versie=o.version_of(m.dataset.root), datum=o.datum),
    front=_front,
    filename=lambda m: f"advies-{m.ronde_id}-{m.gebied_id}",
    typst=True,
    outputs={"pdf": advies_pdf},
    warnings=advies_warnings,
)
