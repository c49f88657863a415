"""A meeting as Popolo JSON (https://www.popoloproject.com/specs/): persons, the organisation,
memberships, the meeting as an event, one motion and one vote event per agenda item.

What Popolo cannot say is carried under the key `wijkcli` (on the root and on each motion; the
schemas allow further properties): the round's rules, the budget, and per motion the amounts
and the advice. `wijk verifieer` recounts from exactly this (docs/opendata.md).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from wijkcli.opendata.facts import OPTIONS, REQUIREMENT, Facts, Item, amount

RESULT = {True: "pass", False: "fail"}
RECUSED_NOTE = "persoonlijk belang: aanwezig, stemde niet mee"
SILENT_NOTE = "aanwezig, stemde niet"
PROXY_NOTE = "afwezig; stemde bij volmacht"


def rules(f: Facts) -> dict[str, Any]:
    """The round's rules and the budget, as both JSON exports carry them."""
    m, t = f.meeting, f.tally
    regels = m.regels
    return {
        "ronde": m.ronde_id,
        "gebied": m.gebied_id,
        "regels": {
            "quorum": regels.quorum,
            "meerderheid": regels.meerderheid,
            "staking": regels.staking,
            "toewijzing": regels.toewijzing,
            "stemrecht": regels.stemrecht,
            "stemming": m.info.stemming,
        },
        "budget": {
            "budget": amount(t.budget),
            "doorgeschoven": amount(t.doorgeschoven),
            "teruggevloeid": amount(t.teruggevloeid),
            "beschikbaar": amount(t.beschikbaar),
            "gevraagd": amount(t.gevraagd),
            "geadviseerd": amount(t.geadviseerd),
            "over": amount(t.over),
        },
    }


def _votes(f: Facts, item: Item, ve: str) -> list[dict[str, Any]]:
    """One row per member of the roll, and per proxy holder one row per option with `weight`
    (own vote plus the votes held), so that the counts are the sums of the weights."""
    recused = set(item.result.recused)
    present = set(item.present)
    rows: list[dict[str, Any]] = []
    for voter in f.roll:
        row: dict[str, Any] = {"vote_event_id": ve, "voter_id": voter}
        if voter not in present:
            row["option"] = "absent"
            if voter in item.volmacht:
                row["note"] = f"{PROXY_NOTE} via {item.volmacht[voter]}"
        elif voter in recused:
            row |= {"option": "not voting", "note": RECUSED_NOTE}
        elif f.secret:
            row["option"] = "present"
        elif voter in item.stem:
            row |= {"option": item.stem[voter], "weight": 1}
        else:
            row |= {"option": "not voting", "note": SILENT_NOTE}
        rows.append(row)
    if not f.secret:
        for giver, holder in sorted(item.volmacht.items()):
            option = item.stem.get(giver)
            if option is None:
                continue
            for row in rows:
                if row["voter_id"] == holder and row.get("option") == option:
                    row["weight"] += 1
                    row.setdefault("namens", []).append(giver)
                    break
            else:
                rows.append({"vote_event_id": ve, "voter_id": holder, "option": option,
                             "weight": 1, "namens": [giver]})  # fmt: skip
    return rows


def _counts(f: Facts, item: Item) -> list[dict[str, Any]]:
    r = item.result
    present = len(item.present)
    recused = len(r.recused)
    counts = [
        {"option": "yes", "value": r.voor},
        {"option": "no", "value": r.tegen},
        {"option": "abstain", "value": r.onthouding},
        {"option": "absent", "value": len(f.roll) - present},
    ]
    if f.secret:
        counts.append({"option": "not voting", "value": recused})
    else:
        counts.append({"option": "not voting", "value": recused + len(r.niet_gestemd)})
    return counts


def popolo(f: Facts) -> dict[str, Any]:
    m = f.meeting
    org = f"{m.gebied_id}-bewonersteam"
    event = f.slug
    day = m.minutes().datum.isoformat()
    when = f.start.isoformat() if f.start is not None else day
    motions, vote_events = [], []
    for item in f.items:
        r = item.result
        mid = f"{event}-{r.aanvraag_id}"
        ve = f"{mid}-stemming"
        motions.append({
            "id": mid,
            "organization_id": org,
            "legislative_session_id": event,
            "identifier": item.nummer,
            "text": f"{item.nummer} {item.titel}: voorstel {r.voorstel}",
            "classification": r.voorstel,
            "date": when,
            "requirement": REQUIREMENT[m.regels.meerderheid],
            "result": r.uitkomst,
            "wijkcli": {
                "aanvraag": r.aanvraag_id,
                "volgorde": r.volgorde,
                "gevraagd": amount(r.gevraagd),
                "voorgesteld": amount(r.voorstel_bedrag),
                "uitkomst": r.uitkomst,
                "advies": r.advies,
                "geadviseerd": amount(r.bedrag),
                "buiten_budget": r.buiten_budget,
            },
        })  # fmt: skip
        vote_events.append({
            "id": ve,
            "motion_id": mid,
            "organization_id": org,
            "legislative_session_id": event,
            "start_date": when,
            "result": RESULT[r.adopted],
            "counts": _counts(f, item),
            "votes": _votes(f, item, ve),
        })  # fmt: skip
    for a in f.tally.niet_behandeld:
        aanvraag = m.ronde.aanvragen.get(a.aanvraag_id)
        nummer = (aanvraag.nummer if aanvraag is not None else None) or a.aanvraag_id
        titel = aanvraag.titel if aanvraag is not None else a.aanvraag_id
        motions.append({
            "id": f"{event}-{a.aanvraag_id}",
            "organization_id": org,
            "legislative_session_id": event,
            "identifier": nummer,
            "text": f"{nummer} {titel}: niet behandeld",
            "result": "niet behandeld",
            "wijkcli": {"aanvraag": a.aanvraag_id, "gevraagd": amount(a.gevraagd),
                        "geadviseerd": amount(Decimal(0))},
        })  # fmt: skip
    g = m.gebied.info
    return {
        "wijkcli": {"standaard": "popolo", **rules(f)},
        "organizations": [
            {"id": org, "name": g.bewonersteam.naam, "classification": "bewonersteam"}
        ],
        "persons": [{"id": i, "name": naam} for i, naam, _ in f.members],
        "memberships": [
            {"id": f"{org}-{i}", "person_id": i, "organization_id": org, "role": rol}
            for i, _, rol in f.members
        ],
        "events": [
            {
                "id": event,
                "name": f"{m.info.naam}, {g.bewonersteam.naam}",
                "classification": "vergadering",
                "start_date": when,
                **({"end_date": f.end.isoformat()} if f.end is not None else {}),
                "organization_id": org,
            }
        ],
        "motions": motions,
        "vote_events": vote_events,
    }


def popolo_text(f: Facts) -> str:
    from wijkcli.opendata.jsontext import dumps

    return dumps(popolo(f)) + "\n"


__all__ = ["OPTIONS", "popolo", "popolo_text", "rules"]
