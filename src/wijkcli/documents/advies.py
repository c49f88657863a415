"""Render stage, context part: the ready-made contents of each document.

Builders take the loaded dataset and computed results and return plain dicts for the templates:
every total is computed here, never in a template. No contact data (email, telefoon, contact)
is ever put into a context, and with a secret ballot no member's vote is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from wijkcli import __version__
from wijkcli.checks.gebied import resolve_logo
from wijkcli.count.ledger import tally
from wijkcli.count.tally import ZERO, GebiedResult, ItemResult
from wijkcli.dataset import GebiedData, Meeting
from wijkcli.model import Aanvraag, Lid
from wijkcli.problems import Location, Problem, Severity, UsageMistake, WijkcliError
from wijkcli.text import dutch_quotes, format_date, join_dutch, name_sort_key, unbracket

NIET_BEHANDELD = "niet behandeld"
ADVIES_LABEL = {
    "toekennen": "toekennen",
    "gedeeltelijk": "gedeeltelijk toekennen",
    "afwijzen": "afwijzen",
    "aanhouden": "aanhouden",
}
SOORT_LABEL = {
    "organisatie": "organisatie",
    "groep": "een groep bewoners",
    "bewoner": "een bewoner",
}
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


def _names(ids: list[str] | tuple[str, ...] | set[str], leden: dict[str, Lid]) -> list[str]:
    """Member names sorted on surname (Dutch style), unknown ids left out."""
    found = [leden[i].naam for i in ids if i in leden]
    return sorted(found, key=name_sort_key)


def _hours_list(hours: dict[str, int], leden: dict[str, Lid]) -> list[dict[str, Any]]:
    items = [{"naam": leden[p].naam if p in leden else p, "uren": n} for p, n in hours.items() if n]
    return sorted(items, key=lambda x: name_sort_key(x["naam"]))


def hours_text(hours: dict[str, int], leden: dict[str, Lid]) -> str:
    """`40 uur (Mirjam Lagerweij 30, Linda Hoogeveen 10)` or `geen uren`."""
    listed = _hours_list(hours, leden)
    if not listed:
        return "geen uren"
    total = sum(h["uren"] for h in listed)
    return f"{total} uur (" + ", ".join(f"{h['naam']} {h['uren']}" for h in listed) + ")"


def aanvrager_text(aanvraag: Aanvraag) -> str:
    """Organisations by name; groups and private persons only by kind (privacy)."""
    if aanvraag.aanvrager.soort == "organisatie":
        return f"{aanvraag.aanvrager.naam} (organisatie)"
    return SOORT_LABEL[aanvraag.aanvrager.soort]


def _uitkomst(item: ItemResult) -> str:
    if item.uitkomst == "aangenomen":
        return "aangenomen, unaniem" if item.unaniem else "aangenomen"
    if item.uitkomst == "verworpen":
        return "verworpen; het advies luidt: aanhouden"
    if item.uitkomst == "staking":
        return "de stemmen staakten; het voorstel is niet aangenomen en het advies luidt: aanhouden"
    if item.uitkomst == "voorzitter-aangenomen":
        return "de stemmen staakten; de voorzitter besliste het voorstel aan te nemen"
    if item.uitkomst == "voorzitter-verworpen":
        return (
            "de stemmen staakten; de voorzitter besliste het voorstel niet aan te nemen en het "
            "advies luidt: aanhouden"
        )
    return (
        f"geen quorum ({item.present} aanwezig, minstens {item.quorum_needed} nodig); "
        "het advies luidt: aanhouden"
    )


def _voorstel_text(item: ItemResult, leden: dict[str, Lid]) -> str:
    label = ADVIES_LABEL[item.voorstel]
    if item.voorstel in ("toekennen", "gedeeltelijk"):
        from wijkcli.text import format_money

        extra = f": {format_money(item.voorstel_bedrag)}"
        if any(item.voorstel_uren.values()):
            extra += f" en {hours_text(item.voorstel_uren, leden)}"
        return label + extra
    return label


def proxy_sentences(item: ItemResult, leden: dict[str, Lid]) -> list[str]:
    """`Joke Aldersveld stemde ook namens Anneloes Verhagen` per proxy used on the item."""
    by_holder: dict[str, list[str]] = {}
    for holder, giver in item.namens:
        by_holder.setdefault(holder, []).append(giver)
    return [
        f"{leden[h].naam if h in leden else h} stemde ook namens "
        + join_dutch(_names(givers, leden))
        for h, givers in sorted(
            by_holder.items(), key=lambda kv: name_sort_key(leden[kv[0]].naam)
            if kv[0] in leden else ("", kv[0])
        )
    ]  # fmt: skip


def _item_name(aanvraag: Aanvraag | None, aid: str) -> str:
    """`A08 Taalcafé Zielhorst`, or the id when the application is unknown."""
    if aanvraag is None:
        return aid
    titel = dutch_quotes(aanvraag.titel)
    return f"{aanvraag.nummer} {titel}" if aanvraag.nummer else titel


def _quoted(texts: Any) -> list[str]:
    """A letter's list of user texts with typographic quotes (the data keeps straight ones)."""
    return [dutch_quotes(t) for t in texts]


def _signer(lid: Lid | None, role: str) -> dict[str, str] | None:
    """Name and function under the signature: `functie` from leden.yaml, else the role."""
    if lid is None:
        return None
    return {"naam": lid.naam, "functie": lid.functie or role}


def briefhoofd_context(data_dir: Path, g: GebiedData) -> dict[str, Any]:
    """The letterhead: `logo` as a path under the data folder (`/gebieden/szh/logo.png`, for
    Typst with the data folder as its root) or None, and `kleur` (hex) or None."""
    hoofd = g.gebied.briefhoofd if g.gebied is not None else None
    if hoofd is None:
        return {"logo": None, "kleur": None}
    logo = None
    if hoofd.logo is not None:
        path, _ = resolve_logo(data_dir, g.id, hoofd.logo)
        if path is not None:
            logo = "/" + path.relative_to(data_dir.resolve()).as_posix()
    return {"logo": logo, "kleur": hoofd.kleur}


def advies_context(
    meeting: Meeting,
    *,
    versie: str,
    datum: date | None = None,
) -> dict[str, Any]:
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

    def application(a: Aanvraag, nummer: str) -> dict[str, Any]:
        """What the letter says of an application, decided or not."""
        thema = themas.get(a.thema)
        return {
            "nummer": nummer,
            "titel": dutch_quotes(a.titel),
            "aanvrager": aanvrager_text(a),
            "wijken": join_dutch([wijken.get(w, w) for w in a.wijken]),
            "thema": (
                f"{thema.code} {thema.titel}"
                if thema and thema.code
                else thema.titel
                if thema
                else a.thema
            ),
            "gevraagd": a.bedrag,
            "gevraagd_uren": hours_text(dict(a.uren), leden),
            "eigen_bijdrage": a.eigen_bijdrage,
        }

    items = []
    for item in result.items:
        a = r.aanvragen[item.aanvraag_id]
        b = v.besluiten[item.aanvraag_id]
        recused = _names(item.recused, leden)
        items.append(
            {
                **application(a, a.nummer or str(item.volgorde)),
                "voorstel": _voorstel_text(item, leden),
                "advies": ADVIES_LABEL[item.advies],
                "bedrag": item.bedrag,
                "uren": hours_text(item.uren, leden),
                "uren_totaal": sum(item.uren.values()),
                "voor": item.voor,
                "tegen": item.tegen,
                "onthouding": item.onthouding,
                "aanwezig": item.present,
                "niet_gestemd": len(item.niet_gestemd),
                "uitkomst": _uitkomst(item),
                "betrokken": recused,
                "motivering": _quoted(b.motivering),
                "voorwaarden": _quoted(b.voorwaarden) if item.advies != "aanhouden" else [],
                "vervolg": _quoted(b.vervolg) if item.advies == "aanhouden" else [],
                "buiten_budget": item.buiten_budget,
                "namens": proxy_sentences(item, leden),
            }
        )

    voters_present = sorted(
        {x for x in v.aanwezig if x in leden and leden[x].rol == "bewonersteam"} - set(v.afgemeld),
        key=lambda x: name_sort_key(leden[x].naam),
    )
    professionals = [
        {"naam": leden[x].naam, "organisatie": unbracket(leden[x].organisatie or "")}
        for x in sorted(
            v.aanwezig, key=lambda x: name_sort_key(leden[x].naam) if x in leden else ("", "")
        )
        if x in leden and leden[x].rol == "professional"
    ]
    order = {aid: i for i, aid in enumerate(v.besluiten)}
    vertrokken = []
    for lid_id, aid in sorted(v.vertrokken.items(), key=lambda kv: order.get(kv[1], 0)):
        left_before = r.aanvragen.get(aid)
        vertrokken.append(
            {
                "naam": leden[lid_id].naam if lid_id in leden else lid_id,
                "om": v.vertrokken_om.get(lid_id),
                "voor": _item_name(left_before, aid),
            }
        )
    # Applications without a decision in the minutes: listed with their asked amount, so the
    # rows of the budget table add up to "Totaal gevraagd" (`wijk advies` also warns).
    niet_behandeld = [
        {
            **application(r.aanvragen[n.aanvraag_id], r.aanvragen[n.aanvraag_id].nummer or ""),
            "id": n.aanvraag_id,
            "naam": _item_name(r.aanvragen[n.aanvraag_id], n.aanvraag_id),
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
    toelichting = [_item_name(r.aanvragen.get(aid), aid) for aid in v.toelichting]
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
            "regeling": ronde.regeling,
            "besluit_verwacht": ronde.besluit_verwacht,
            "grondslag": ronde.uitbetaling.grondslag,
        },
        "wijkplan": (
            {"jaar": plan.jaar, "vastgesteld": plan.vastgesteld} if plan is not None else None
        ),
        "vergadering": {
            "datum": v.datum,
            "begin": ronde.vergadering.begin,
            "eind": ronde.vergadering.eind,
            "plek": ronde.vergadering.plek or g.info.vergaderplek,
            "aanwezig": _names(voters_present, leden),
            "aantal_aanwezig": len(voters_present),
            "leden": roll,
            "quorum": need,
            "zonder_quorum": no_quorum,
            "afgemeld": _names(
                [x for x in v.afgemeld if x in leden and leden[x].rol == "bewonersteam"], leden
            ),
            "vertrokken": vertrokken,
            "professionals": professionals,
            "schriftelijk": _names(v.schriftelijke_inbreng, leden),
            "toelichting": toelichting,
            "stemming": ronde.stemming,
            "meerderheid": ronde.regels.meerderheid,
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
        "rijen": items + niet_behandeld,
        "opmerkingen": _quoted(v.opmerkingen),
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


def _earlier_revisions(meeting: Meeting) -> list[dict[str, Any]]:
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
                out.append({"ronde": r.info.naam, "datum": h.datum, "reden": h.reden,
                            "geadviseerd": h.geadviseerd, "was": rec.geadviseerd})  # fmt: skip
    return out


def advies_warnings(meeting: Meeting, context: dict[str, Any]) -> list[Problem]:
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
