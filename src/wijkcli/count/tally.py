"""Tally stage: count the votes of a round's meeting and fit the advice to the budget.

Pure functions on loaded models: no files, no printing, no clock. `tally_ronde` gives, per
gebied, per agenda item the proposal, presence, recusals, the count, quorum and majority, the
resulting advice, and the budget overview (budget, carried over, asked, advised, left over).

Rules (docs/formaat.md section 9; each can be changed per ronde under `regels`):
- voters are members with rol `bewonersteam` of the gebied (option: professionals too), present
  for that item and without a personal interest in it;
- quorum `helft`: more than half of the roll (everyone with a vote under the round's rules,
  professionals too with `stemrecht: bewonersteam-en-professionals`) present for the item
  (recused members count); `geen`: no quorum;
- majority `gewoon`: voor > tegen; `volstrekt`: 2·voor > voor+tegen+onthouding;
  `twee-derde`: 3·voor ≥ 2·(voor+tegen+onthouding) — exact integers, two-thirds of 9 is 6;
- a tie (voor = tegen, under every majority rule) is not adopted and the advice becomes
  `aanhouden` (option `staking: voorzitter`: the chair's recorded decision counts);
- any proposal not adopted, or voted without quorum, gives the advice `aanhouden`;
- when the adopted amounts exceed what the gebied has (budget + carried over), the round's
  `toewijzing` rule decides which fit (see `wijkcli.allocate`); without a rule this is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from wijkcli.count.attendance import present_for, proxies_for, recused_for
from wijkcli.dataset import GebiedData, Meeting, RondeData
from wijkcli.model import Aanvraag, Besluit, Regels, Ronde, Vergadering, has_vote
from wijkcli.problems import Location, Problem, Severity, WijkcliError

Advies = Literal["toekennen", "gedeeltelijk", "afwijzen", "aanhouden"]
Uitkomst = Literal[
    "aangenomen", "verworpen", "staking", "geen-quorum", "voorzitter-aangenomen",
    "voorzitter-verworpen",
]  # fmt: skip

ZERO = Decimal(0)


@dataclass(frozen=True)
class ItemResult:
    """The outcome of one agenda item."""

    aanvraag_id: str
    volgorde: int
    """Position on the agenda (1-based)."""
    voorstel: str
    voorstel_bedrag: Decimal
    voorstel_uren: dict[str, int]
    roll: int
    """How many members have a vote in this gebied (the quorum counts against this)."""
    present: int
    """Voters present for this item (recused members included)."""
    quorum_needed: int
    quorum_met: bool
    recused: tuple[str, ...]
    """Members with a personal interest who were present and did not vote."""
    voor: int
    tegen: int
    onthouding: int
    uitkomst: Uitkomst
    advies: Advies
    bedrag: Decimal
    """Advised amount after fitting the budget (0 unless toekennen/gedeeltelijk)."""
    uren: dict[str, int]
    """Advised professional hours."""
    buiten_budget: bool = False
    """Adopted, but did not fit the budget under the round's toewijzing."""
    voor_ids: tuple[str, ...] | None = None
    """Who voted for (open ballot only; None for a secret ballot)."""
    tegen_ids: tuple[str, ...] | None = None
    onthouding_ids: tuple[str, ...] | None = None
    namens: tuple[tuple[str, str], ...] = ()
    """Proxy votes on this item, (holder, giver), in the order of `volmachten` (open ballot:
    the givers whose vote is recorded; secret ballot: every proxy usable on the item)."""
    gevraagd: Decimal = ZERO
    """The amount the application asks (0 when the application is unknown)."""
    niet_gestemd: tuple[str, ...] = ()
    """Open ballot: members present with a vote, without a personal interest, who appear in
    none of voor/tegen/onthouding (sorted ids; always empty for a secret ballot)."""

    @property
    def adopted(self) -> bool:
        return self.uitkomst in ("aangenomen", "voorzitter-aangenomen")

    @property
    def unaniem(self) -> bool:
        return self.adopted and self.tegen == 0 and self.onthouding == 0


@dataclass(frozen=True)
class NietBehandeld:
    """An application of the gebied that has no finished decision in the minutes: missing
    from `besluiten` (or no minutes at all), or still without proposal or votes."""

    aanvraag_id: str
    gevraagd: Decimal
    uren: dict[str, int]
    """Professional hours asked."""


@dataclass(frozen=True)
class GebiedResult:
    """The tally of one gebied in one ronde."""

    gebied: str
    budget: Decimal
    doorgeschoven: Decimal
    """Carried over from earlier rounds of the same year (computed, plus ronde.doorgeschoven)."""
    beschikbaar: Decimal
    gevraagd: Decimal
    """Asked by every application of the gebied: the items and those `niet_behandeld`."""
    geadviseerd: Decimal
    over: Decimal
    """Left over; carried to the next round of the year."""
    items: tuple[ItemResult, ...]
    toewijzing: str | None = None
    """The allocation rule that had to be applied, or None when everything fitted."""
    toewijzing_volgorde: tuple[str, ...] = ()
    """Ranking used by the allocation rule (aanvraag ids, best first)."""
    problems: tuple[Problem, ...] = ()
    uren: dict[str, int] = field(default_factory=dict)
    """Advised hours per professional, summed over the items."""
    teruggevloeid: Decimal = ZERO
    """Back to the budget from the previous round of the year (not granted by Indebuurt033, or
    returned by the applicant: `count.voortgang.returned_to_budget`); part of `beschikbaar`."""
    niet_behandeld: tuple[NietBehandeld, ...] = ()
    """Applications without a finished decision, after the items: by agenda number, then id."""


@dataclass(frozen=True)
class RondeResult:
    ronde: str
    gebieden: tuple[GebiedResult, ...]

    @property
    def problems(self) -> list[Problem]:
        return [p for g in self.gebieden for p in g.problems]


def majority(regels: Regels, voor: int, tegen: int, onthouding: int) -> bool | None:
    """True adopted, False rejected, None a tie: as many votes for as against, under every
    majority rule (then `staking` decides: aanhouden, or the chair's recorded decision)."""
    if voor == tegen:
        return None
    if regels.meerderheid == "gewoon":
        return voor > tegen
    cast = voor + tegen + onthouding
    if regels.meerderheid == "volstrekt":
        return 2 * voor > cast
    return cast > 0 and 3 * voor >= 2 * cast


def quorum_needed(regels: Regels, roll: int) -> int:
    """Least number present: more than half of the roll (7 of 12, 5 of 9)."""
    if regels.quorum == "geen":
        return 0
    return roll // 2 + 1


def tally_item(
    ronde: Ronde,
    g: GebiedData,
    v: Vergadering,
    aid: str,
    b: Besluit,
    aanvraag: Aanvraag | None,
    roll: int | None = None,
) -> ItemResult:
    """Count one item (the votes are assumed checked: see `checks.vergadering`); `roll` is
    the number of members with a vote, when the caller has counted it already."""
    regels = ronde.regels
    leden = g.leden_by_id
    assert b.voorstel is not None, "unfinished items are not counted"
    if roll is None:
        roll = len(g.voters(regels))
    present_all = present_for(v, aid)
    present_voters = {x for x in present_all if has_vote(leden.get(x), regels)}
    recused = recused_for(aanvraag, b) & present_voters
    need = quorum_needed(regels, roll)
    quorum = len(present_voters) >= need
    secret = ronde.stemming == "geheim"

    def count(kind: str) -> tuple[int, tuple[str, ...] | None]:
        value = getattr(b.stemmen, kind)
        if isinstance(value, int):
            return value, None
        ids = tuple(sorted(set(value)))
        return len(ids), (None if secret else ids)

    voor, voor_ids = count("voor")
    tegen, tegen_ids = count("tegen")
    onth, onth_ids = count("onthouding")
    uitkomst: Uitkomst
    if not quorum:
        uitkomst = "geen-quorum"
    else:
        m = majority(regels, voor, tegen, onth)
        if m is None:
            if regels.staking == "voorzitter" and b.voorzitter_beslist is not None:
                uitkomst = (
                    "voorzitter-aangenomen"
                    if b.voorzitter_beslist == "aangenomen"
                    else "voorzitter-verworpen"
                )
            else:
                uitkomst = "staking"
        else:
            uitkomst = "aangenomen" if m else "verworpen"
    asked = aanvraag.bedrag if aanvraag is not None else ZERO
    if b.voorstel in ("toekennen", "gedeeltelijk"):
        proposed = b.bedrag if b.bedrag is not None else asked
        # `toekennen` without hours grants the hours asked; `gedeeltelijk` only those named.
        if b.voorstel == "toekennen" and not b.uren and aanvraag is not None:
            hours = dict(aanvraag.uren)
        else:
            hours = dict(b.uren)
    else:
        proposed, hours = ZERO, {}
    adopted = uitkomst in ("aangenomen", "voorzitter-aangenomen")
    advies: Advies = b.voorstel if adopted else "aanhouden"
    # Proxies never count for the quorum (above); only as votes, and only where usable.
    usable = proxies_for(v, aid, regels, recused_for(aanvraag, b))
    voted = {*(voor_ids or ()), *(tegen_ids or ()), *(onth_ids or ())}
    named = not secret and None not in (voor_ids, tegen_ids, onth_ids)  # votes by name
    silent = tuple(sorted(present_voters - recused - voted)) if named else ()
    namens = tuple((holder, giver) for giver, holder in usable.items() if secret or giver in voted)
    return ItemResult(
        aanvraag_id=aid,
        volgorde=list(v.besluiten).index(aid) + 1,
        voorstel=b.voorstel,
        voorstel_bedrag=proposed,
        voorstel_uren=dict(sorted(hours.items())),
        roll=roll,
        present=len(present_voters),
        quorum_needed=need,
        quorum_met=quorum,
        recused=tuple(sorted(recused)),
        voor=voor,
        tegen=tegen,
        onthouding=onth,
        uitkomst=uitkomst,
        advies=advies,
        bedrag=proposed if adopted and advies in ("toekennen", "gedeeltelijk") else ZERO,
        uren=dict(sorted(hours.items())) if adopted else {},
        voor_ids=voor_ids,
        tegen_ids=tegen_ids,
        onthouding_ids=onth_ids,
        namens=namens,
        gevraagd=asked,
        niet_gestemd=silent,
    )


@dataclass(frozen=True)
class Beschikbaar:
    """What a gebied has in one round before anything is advised (`count.ledger` works it out
    as of the meeting date)."""

    budget: Decimal
    doorgeschoven: Decimal
    """Left over by the round before it in the year (plus ronde.doorgeschoven)."""
    teruggevloeid: Decimal
    """Money back from grants of earlier rounds of the year, dated since the round before."""

    @property
    def totaal(self) -> Decimal:
        return self.budget + self.doorgeschoven + self.teruggevloeid


def tally_meeting(meeting: Meeting, beschikbaar: Beschikbaar) -> GebiedResult:
    """The tally of one gebied in one ronde, with the budget fitted to what it has."""
    r = meeting.ronde
    ronde = r.info
    g = meeting.gebied
    gebied = g.id
    available = beschikbaar.totaal
    v = meeting.vergadering
    aanvragen = meeting.aanvragen
    asked = sum((a.bedrag for a in aanvragen.values()), ZERO)
    items: list[ItemResult] = []
    if v is not None:
        roll = len(g.voters(ronde.regels))
        for aid, b in v.besluiten.items():
            if b.unfinished:  # work in progress: `wijk advies` refuses, the rest lists it
                continue
            items.append(tally_item(ronde, g, v, aid, b, r.aanvragen.get(aid), roll))
    counted = {i.aanvraag_id for i in items}
    open_items = tuple(
        NietBehandeld(a.id, a.bedrag, dict(sorted(a.uren.items())))
        for a in sorted(aanvragen.values(), key=lambda a: (a.nummer or "\uffff", a.id))
        if a.id not in counted
    )
    items, rule, ranking, problems = fit_budget(ronde, r, gebied, items, available)
    advised = sum((i.bedrag for i in items), ZERO)
    hours: dict[str, int] = {}
    for item in items:
        for prof, n in item.uren.items():
            hours[prof] = hours.get(prof, 0) + n
    return GebiedResult(
        gebied=gebied,
        budget=beschikbaar.budget,
        doorgeschoven=beschikbaar.doorgeschoven,
        beschikbaar=available,
        gevraagd=asked,
        geadviseerd=advised,
        over=available - advised,
        items=tuple(sorted(items, key=lambda i: i.volgorde)),
        toewijzing=rule,
        toewijzing_volgorde=ranking,
        problems=tuple(problems),
        uren=dict(sorted(hours.items())),
        teruggevloeid=beschikbaar.teruggevloeid,
        niet_behandeld=open_items,
    )


def fit_budget(
    ronde: Ronde,
    r: RondeData,
    gebied: str,
    items: list[ItemResult],
    available: Decimal,
) -> tuple[list[ItemResult], str | None, tuple[str, ...], list[Problem]]:
    """Apply the round's `toewijzing` when the adopted amounts exceed what is available."""
    from dataclasses import replace

    funded = [i for i in items if i.bedrag > 0]
    total = sum((i.bedrag for i in funded), ZERO)
    if available < 0:
        # Indebuurt033 granted more than was advised in earlier rounds of the year (with a
        # reason: `count.voortgang`), more than the gebied had: nothing is left to fit.
        from wijkcli.text import format_money

        src = r.ronde_src
        where = src.at("budget", gebied) if src is not None else Location("")
        return (
            items,
            None,
            (),
            [
                Problem(
                    where,
                    "negative-budget",
                    f"gebied '{gebied}' heeft in deze ronde {format_money(available)}: in "
                    "eerdere rondes van het jaar kende Indebuurt033 meer toe dan er was",
                    Severity.ERROR,
                    hint="kijk de toegekende bedragen in de voortgangsbestanden van de eerdere "
                    "rondes na (besluit: bedrag)",
                )
            ],
        )
    if total <= available:
        return items, None, (), []
    rule = ronde.regels.toewijzing
    if rule is None:
        src = r.vergadering_src.get(gebied) or r.ronde_src
        where = src.at("besluiten") if src is not None else Location("")
        from wijkcli.text import format_money

        return (
            items,
            None,
            (),
            [
                Problem(
                    where,
                    "over-budget",
                    f"de aangenomen voorstellen ({format_money(total)}) zijn "
                    f"{format_money(total - available)} meer dan beschikbaar "
                    f"({format_money(available)}) en de ronde heeft geen regel 'toewijzing'",
                    Severity.ERROR,
                    hint="zet in ronde.yaml onder regels: toewijzing: steun-overslaan "
                    "(of steun-stoppen, gelijke-delen)",
                )
            ],
        )
    from wijkcli.count.allocation import allocate_items

    try:
        chosen, ranking = allocate_items(rule, funded, available)
    except WijkcliError as exc:
        src = r.ronde_src
        where = src.at("regels", "toewijzing") if src is not None else Location("")
        return items, None, (), [Problem(where, "allocation-impossible", str(exc))]
    out = []
    for item in items:
        if item.bedrag > 0 and item.aanvraag_id not in chosen:
            out.append(replace(item, advies="aanhouden", bedrag=ZERO, uren={}, buiten_budget=True))
        elif item.bedrag > 0 and chosen[item.aanvraag_id] != item.bedrag:
            out.append(replace(item, bedrag=chosen[item.aanvraag_id], advies="gedeeltelijk"))
        else:
            out.append(item)
    return out, rule, ranking, []
