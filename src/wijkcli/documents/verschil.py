"""What changes between two versions of the data (`wijk verschil`): the reviewer's summary.

`compare(old, new, ...)` walks both datasets part by part, in the order a reviewer thinks:
per gebied the wijkplan (with the order in which themes get hours and every professional's
hours balance), the members (with the voting roll and its quorum) and gebied.yaml; per ronde
its settings, applications, minutes, the advice (`diff_results`, from the tallies) and the
follow-up of adopted applications (voortgang: the municipality's decision, status, money). Pure:
the caller loads both versions. Values stay typed (Decimal, date, int); `verschil_text` turns
them into Markdown or JSON. Contact data never leaves `verschil_velden`: a change in it is only
recorded as "contactgegevens" with no values; secret ballots are compared as counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wijkcli.count.tally import RondeResult, quorum_needed
from wijkcli.dataset import Dataset, GebiedData, RondeData
from wijkcli.documents.verschil_advies import Change, diff_results
from wijkcli.documents.verschil_velden import (
    Walk,
    Wijziging,
    dump,
    field_changes,
    plain_value,
    records,
    status,
    summary,
    walk,
)
from wijkcli.documents.wording import item_name
from wijkcli.model import Lid, Regels, Wijkplan, has_vote
from wijkcli.problems import Problem

# --- what a reviewer sees -------------------------------------------------------------------------


@dataclass(frozen=True)
class Onderdeel:
    """One part of the data as a reviewer thinks of it, with what changed in it."""

    soort: str
    """wijkplan, urenbalans, leden, gebied, ronde, aanvragen, notulen, advies or voortgang."""
    gebied: str | None
    ronde: str | None
    jaar: int | None
    status: str
    """nieuw, verwijderd or gewijzigd."""
    wijzigingen: tuple[Wijziging, ...] = ()
    advies: tuple[Change, ...] = ()
    opmerking: str | None = None


@dataclass(frozen=True)
class Verschil:
    sinds: str
    commit: str
    onderdelen: tuple[Onderdeel, ...]
    oude_problemen: tuple[Problem, ...] = ()
    """Errors only the old version has (the working files are free of errors)."""
    alleen_opmaak: tuple[str, ...] = ()
    """Files that changed in comments or layout only (when nothing else changed)."""
    advies_berekend: bool = True
    """False when the old version has errors, so its advice could not be counted."""
    gereedschap: tuple[str, ...] = ()
    """Files that decide which wijkcli judges the pull request (`.github/`, pyproject.toml,
    uv.lock) and that changed: the pull request changes the gate itself."""
    leden: dict[str, str] = field(default_factory=dict)
    """Member names by id (the new version's, else the old one's), for the Markdown."""
    aanvragen: dict[tuple[str, str], str] = field(default_factory=dict)
    """Application names (`A01 Huiskamer De Koperhorst`) by (ronde, id), for the Markdown."""

    @property
    def leeg(self) -> bool:
        return not self.onderdelen and not self.oude_problemen and not self.gereedschap


# --- per gebied -------------------------------------------------------------------------------


def _theme_order(plan: Wijkplan | None) -> list[str]:
    if plan is None:
        return []
    return [t.id for _, t in sorted(enumerate(plan.themas), key=lambda x: (x[1].prioriteit, x[0]))]


def _balance(g: GebiedData | None, jaar: int) -> dict[str, tuple[str, dict[str, int]]]:
    """Per professional: name and {beschikbaar, wijkplan, over} in the year (wijk uren's sums)."""
    if g is None:
        return {}
    plan = g.wijkplannen.get(jaar)
    out = {}
    for lid in g.leden:
        if lid.rol != "professional":
            continue
        claimed = 0
        if plan is not None:
            claimed = sum(a.uren.get(lid.id, 0) for t in plan.themas for a in t.acties)
            claimed += plan.pool.uren.get(lid.id, 0) if plan.pool is not None else 0
        have = lid.uren.get(jaar, 0)
        out[lid.id] = (lid.naam, {"beschikbaar": have, "wijkplan": claimed, "over": have - claimed})
    return out


def _wijkplan_parts(gid: str, og: GebiedData | None, ng: GebiedData | None) -> list[Onderdeel]:
    parts = []
    old_plans = og.wijkplannen if og else {}
    new_plans = ng.wijkplannen if ng else {}
    for jaar in sorted(set(old_plans) | set(new_plans)):
        a, b = old_plans.get(jaar), new_plans.get(jaar)
        rows = field_changes(a, b)
        if rows:
            order_a, order_b = _theme_order(a), _theme_order(b)
            if order_a != order_b and a is not None and b is not None:
                rows.append(Wijziging("", "volgorde van de thema's (zo krijgen ze uren)",
                                      order_a, order_b))  # fmt: skip
            parts.append(Onderdeel("wijkplan", gid, None, jaar, status(a, b), tuple(rows)))
        ba, bb = _balance(og, jaar), _balance(ng, jaar)
        balance = [
            Wijziging(
                f"{(bb.get(p) or ba[p])[0]} ({p})",
                "beschikbaar · wijkplan · over",
                ba[p][1] if p in ba else None,
                bb[p][1] if p in bb else None,
            )
            for p in sorted(set(ba) | set(bb))
            if (ba.get(p) or ("", None))[1] != (bb.get(p) or ("", None))[1]
        ]
        if balance:
            parts.append(Onderdeel("urenbalans", gid, None, jaar, "gewijzigd", tuple(balance)))
    return parts


def _regels_for(dataset: Dataset, gid: str) -> tuple[Regels, str | None]:
    """The rules of the gebied's latest round (they decide who votes), or the defaults."""
    rondes = sorted(
        (r.ronde.vergadering.datum, rid, r.ronde.regels)
        for rid, r in dataset.rondes.items()
        if r.ronde is not None and gid in r.ronde.budget
    )
    if not rondes:
        return Regels(), None
    return rondes[-1][2], rondes[-1][1]


def _roll(leden: list[Lid], gid: str, regels: Regels) -> tuple[int, int]:
    n = sum(1 for lid in leden if has_vote(lid, regels))
    return n, quorum_needed(regels, n)


def _leden_part(
    new: Dataset, gid: str, og: GebiedData | None, ng: GebiedData | None
) -> list[Onderdeel]:
    a = og.leden if og and og.leden_src else None
    b = ng.leden if ng and ng.leden_src else None
    w = Walk()
    records(w, "leden", plain_value(a or []), plain_value(b or []), ())
    rows = w.out
    if not rows:
        return []
    regels, rid = _regels_for(new, gid)
    (na, qa), (nb, qb) = _roll(a or [], gid, regels), _roll(b or [], gid, regels)
    waar = f" (regels van {rid})" if rid else ""
    # Shown even when equal: whoever joins or leaves, the reviewer checks the roll.
    rows.append(Wijziging("", f"stemgerechtigde leden{waar}", na, nb))
    rows.append(Wijziging("", f"quorum: minstens aanwezig{waar}", qa, qb))
    return [Onderdeel("leden", gid, None, None, status(a, b), tuple(rows))]


def _gebied_parts(old: Dataset, new: Dataset, gid: str) -> list[Onderdeel]:
    og, ng = old.gebieden.get(gid), new.gebieden.get(gid)
    parts = []
    a, b = og.gebied if og else None, ng.gebied if ng else None
    rows = field_changes(a, b)
    if rows:
        parts.append(Onderdeel("gebied", gid, None, None, status(a, b), tuple(rows)))
    parts += _wijkplan_parts(gid, og, ng)
    parts += _leden_part(new, gid, og, ng)
    return parts


# --- per ronde --------------------------------------------------------------------------------


def _aanvraagdump(a: Any) -> dict[str, Any] | None:
    """An application as compared: the applicant's name is private unless an organisation."""
    d = dump(a)
    if d is not None and d["aanvrager"]["soort"] != "organisatie":
        aanvrager = dict(d["aanvrager"])
        aanvrager["naam_prive"] = aanvrager.pop("naam")
        d["aanvrager"] = aanvrager
    return d


def _aanvragen_part(
    rid: str, o: RondeData | None, n: RondeData | None, gebied: str | None
) -> list[Onderdeel]:
    oa = o.aanvragen if o else {}
    na = n.aanvragen if n else {}
    w = Walk()
    for aid in sorted(set(oa) | set(na)):
        a, b = oa.get(aid), na.get(aid)
        if gebied is not None and gebied not in {x.gebied for x in (a, b) if x is not None}:
            continue
        key = f"aanvraag {aid}"
        if a is None:
            w.out.append(Wijziging(key, "toegevoegd", None, summary("aanvraag", dump(b))))
        elif b is None:
            w.out.append(Wijziging(key, "verwijderd", summary("aanvraag", dump(a)), None))
        else:
            walk(w, _aanvraagdump(a), _aanvraagdump(b), (key,), ())
    if not w.out:
        return []
    return [Onderdeel("aanvragen", gebied, rid, None, "gewijzigd", tuple(w.out))]


def _voortgang_part(
    rid: str, o: RondeData | None, n: RondeData | None, gebied: str | None
) -> list[Onderdeel]:
    """Follow-up records (voortgang/) that were added, removed or changed, field by field."""
    ov = o.voortgang if o else {}
    nv = n.voortgang if n else {}
    applications = {**(o.aanvragen if o else {}), **(n.aanvragen if n else {})}
    w = Walk()
    for aid in sorted(set(ov) | set(nv)):
        a, b = ov.get(aid), nv.get(aid)
        known = applications.get(aid)
        if gebied is not None and (known is None or known.gebied != gebied):
            continue
        key = f"voortgang {aid}"
        if a is None:
            w.out.append(Wijziging(key, "toegevoegd", None, summary("voortgang", dump(b))))
        elif b is None:
            w.out.append(Wijziging(key, "verwijderd", summary("voortgang", dump(a)), None))
        else:
            walk(w, dump(a), dump(b), (key,), ())
    if not w.out:
        return []
    return [Onderdeel("voortgang", gebied, rid, None, "gewijzigd", tuple(w.out))]


def _notulen_parts(
    rid: str, o: RondeData | None, n: RondeData | None, gebied: str | None
) -> list[Onderdeel]:
    ov = o.vergaderingen if o else {}
    nv = n.vergaderingen if n else {}
    geheim = any(
        r is not None and r.ronde is not None and r.ronde.stemming == "geheim" for r in (o, n)
    )
    parts = []
    for gid in sorted(set(ov) | set(nv)):
        if gebied is not None and gid != gebied:
            continue
        a, b = ov.get(gid), nv.get(gid)
        if a is None or b is None:
            v = a or b
            assert v is not None
            summary = {"datum": v.datum, "aanwezig": len(v.aanwezig), "besluiten": len(v.besluiten)}
            rows: list[Wijziging] = [
                Wijziging("", "toegevoegd" if a is None else "verwijderd",
                          None if a is None else summary, summary if a is None else None)
            ]  # fmt: skip
        else:
            rows = field_changes(a, b, geheim=geheim)
        if rows:
            parts.append(Onderdeel("notulen", gid, rid, None, status(a, b), tuple(rows)))
    return parts


def _ronde_parts(old: Dataset, new: Dataset, rid: str, gebied: str | None) -> list[Onderdeel]:
    o, n = old.rondes.get(rid), new.rondes.get(rid)
    a, b = (o.ronde if o else None), (n.ronde if n else None)
    if gebied is not None and gebied not in {g for r in (a, b) if r is not None for g in r.budget}:
        return []
    parts = []
    rows = field_changes(a, b)
    if gebied is not None:  # another gebied's budget is not this gebied's business
        rows = [r for r in rows if not r.wat.startswith(("budget · ", "doorgeschoven · "))
                or r.wat.endswith(f" · {gebied}")]  # fmt: skip
    if rows:
        parts.append(Onderdeel("ronde", None, rid, None, status(a, b), tuple(rows)))
    parts += _aanvragen_part(rid, o, n, gebied)
    parts += _notulen_parts(rid, o, n, gebied)
    return parts


def _advice_part(old: Dataset, new: Dataset, rid: str, gebied: str | None) -> list[Onderdeel]:
    from wijkcli.count.ledger import Ledger

    def result(d: Dataset) -> RondeResult:
        r = d.rondes.get(rid)
        if r is None or r.ronde is None:
            return RondeResult(rid, ())
        if gebied is not None and gebied not in r.ronde.budget:
            return RondeResult(rid, ())
        return Ledger.of(d).tally_ronde(d.meetings(rid, gebied))

    changes = diff_results(result(old), result(new))
    if not changes:
        return []
    return [Onderdeel("advies", gebied, rid, None, "gewijzigd", advies=tuple(changes))]


# --- the whole -------------------------------------------------------------------------------


def unloaded(dataset: Dataset) -> set[tuple[str, str]]:
    """(soort, id) of gebieden and rondes with a file that was there but could not be read."""
    out = set()
    for gid, g in dataset.gebieden.items():
        if ("leden" in g.seen and g.leden_src is None) or ("gebied" in g.seen and g.gebied is None):
            out.add(("gebied", gid))
    for rid, r in dataset.rondes.items():
        if ("ronde" in r.seen and r.ronde is None) or len(r.aanvragen) < len(r.aanvraag_files):
            out.add(("ronde", rid))
    return out


def compare(
    old: Dataset,
    new: Dataset,
    *,
    sinds: str,
    commit: str,
    ronde: str | None = None,
    gebied: str | None = None,
    old_problems: list[Problem] | None = None,
    alleen_opmaak: list[str] | None = None,
) -> Verschil:
    """Everything that changes from `old` to `new` (or only in `ronde` or `gebied`).

    `new` must be free of errors; `old_problems` are the old version's errors, if any: then
    the advice is not compared (it cannot be counted) and those errors are listed instead.
    """
    parts: list[Onderdeel] = []
    broken = unloaded(old)
    note = (
        f"in {sinds} was een bestand hiervan niet te lezen (zie de fouten onderaan); wat daarin "
        "stond telt hier als nieuw"
    )
    if ronde is None:
        for gid in sorted((set(old.gebieden) | set(new.gebieden)) if gebied is None else {gebied}):
            for p in _gebied_parts(old, new, gid):
                parts.append(_noted(p, note) if ("gebied", gid) in broken else p)
    errors = [p for p in old_problems or [] if p.is_error]
    for rid in sorted((set(old.rondes) | set(new.rondes)) if ronde is None else {ronde}):
        here = _ronde_parts(old, new, rid, gebied)
        if not errors:
            here += _advice_part(old, new, rid, gebied)
        here += _voortgang_part(rid, old.rondes.get(rid), new.rondes.get(rid), gebied)
        parts += [_noted(p, note) if ("ronde", rid) in broken else p for p in here]
    leden = {lid.id: lid.naam for d in (old, new) for g in d.gebieden.values() for lid in g.leden}
    aanvragen = {
        (rid, aid): item_name(a, aid)
        for d in (old, new)
        for rid, r in d.rondes.items()
        for aid, a in r.aanvragen.items()
    }
    return Verschil(
        sinds=sinds,
        commit=commit,
        onderdelen=tuple(parts),
        leden=leden,
        aanvragen=aanvragen,
        oude_problemen=tuple(errors),
        alleen_opmaak=tuple(alleen_opmaak or ()) if not parts and not errors else (),
        advies_berekend=not errors,
    )


def _noted(p: Onderdeel, note: str) -> Onderdeel:
    from dataclasses import replace

    return replace(p, opmerking=note)
