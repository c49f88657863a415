"""Method of Equal Shares (MES) with cost utility, and its Add1 completion.

Exact arithmetic: ``int`` for money, ``fractions.Fraction`` for budgets; the queue's floats
only order entries whose exact ratios differ (see "Speed"). Ties: lowest payment per unit of
cost, then the cheaper project, then the higher score, then the smaller id in natural order.

``equalshares``
    Method of Equal Shares (MES) with cost utility, no completion: every voter gets an
    equal share of the budget, and a project is bought by its supporters, choosing each
    round the project that asks the smallest payment per unit of cost.
``equalshares-add1``
    MES completed by "Add1": the voters' budget is raised by one currency unit per voter
    (``Election.unit`` smallest units; ``step`` is configurable) and MES is run again, until
    the outcome is exhaustive (no further eligible project fits in the real budget) or
    would overspend, in which case the last outcome that fitted is kept. Identical to
    ``pabutools.rules.method_of_equal_shares(..., Cost_Sat, voter_budget_increment=1)``.
``equalshares-add1-greedy``
    ``equalshares-add1`` followed by ``greedy`` on what is left.

Speed
=====

Equal Shares groups voters whose ballots are identical ("classes"), and within a run it
groups them by the funded projects they approved ("groups": such voters always hold the same
budget; a group is a bit mask of those projects). Add1 does not re-run MES for every raise:
every quantity in a run is an affine function of the per-voter budget ``t`` as long as the
run makes the same decisions, so each run also computes the largest ``T`` such that the run
would decide identically for every ``t`` in ``[t0, T)``, and the search jumps to the first
raise at or beyond ``T``; a later run resumes at the first stored round whose interval ends
at or before its ``t``.

Within a tracked run, projects are evaluated lazily. A project's payment ``q(t)`` can only
grow from round to round (budgets only shrink), and for any split of its supporters into
"pays everything" (P) and the rest, ``(cost - sum_P budgets) / |rest|`` is a lower bound on
it (each supporter pays at most her budget and at most ``q``). The split found at ``t0``
gives a bound that is exact at ``t0`` and affine in ``t``. A priority queue ordered by
these bounds (at ``t0``) yields the pick after recomputing only the projects that come out
on top with a stale bound. The rivals' affine bounds also certify that the pick stays best
on ``[t0, T)``; only where a bound would end the interval earlier than the conditions found
so far is the rival computed exactly. Bounds can only make ``T`` smaller, never wrong, so
the outcome is exactly that of the raise-by-raise loop (the tests compare both; the loop
uses the plain path that evaluates every project exactly in every round).

Bookkeeping that keeps a round's cost proportional to what it touches:

* A group's budget is stored as ``(A, B, j)``: ``(A + B*t) / D_j`` with ``D_j`` the common
  denominator of round ``j`` (its "stamp"); a round converts with ``D / D_j`` when it reads
  the group. Paying for a project therefore only writes the groups that pay (their new
  groups, stamped with the next round); nobody else's entry changes, so the budget dict is
  shared by all rounds of a run and only grows (a resumed run deletes what the dropped
  rounds added).
* The supporter table of a project (group -> number of voters) for a funded set is built
  on first use (``_Tables``): if none of its supporters approves the last pick, it is the
  very table object of the set without that pick (shared); otherwise, if that table exists
  and at most half of the supporting classes approve the last pick (``_SPLIT_SHARE``), it
  is copied and only those classes move from ``g`` to ``g | pick`` (``_MES.split``: the
  movers are filtered and counted in C); else it is counted afresh from the supporting
  classes' ballots as bit masks (``_MES.table``: ``Counter`` over ``ballot & funded``, in
  C, plus the few classes of weight > 1). The cache of tables per funded set is bounded.
* Unweighted ballots are counted per distinct ballot first (``Counter``, in C); the
  scores and, when every approved project is a candidate, the classes come from that.
* An exact payment first sums its supporters' budgets while it builds their rows: below
  the cost, the project is unaffordable, without sorting or scanning (most runs end by
  showing every remaining project unaffordable). Otherwise it sorts the rows and lets the
  poorest pay everything until the rest can share the remainder.
* The exact rows of a project computed in a run stay valid while its table is unchanged
  (only the scale changes), so the pick and the rivals reuse them.
* A resumed run starts its first round from the lower bounds that the dropped round at that
  index refreshed while it was decided (the same budgets, so the same valid bounds, exact at
  the previous budget), so fewer of its projects are computed exactly.
* A project that comes up stale first gets, if its table is the very one from which it
  was last computed exactly (an earlier run, at a smaller budget), the lower bound of that
  split (the groups that paid everything then, with today's budgets; ``_MES._hint``): the
  split mostly holds, so the bound is mostly exact, costs only the poor groups, and sends
  the project back into the queue; only when it comes up again is it computed exactly.
  On Amsterdam_166 this halves the exact payments (19,291 -> 9,717).
* An exact payment keeps, for the pass, each group's value at ``t0`` at its own stamp's
  scale, and scales ``A`` and ``B`` only for the rows that are used.
* An exact payment also keeps its split (how many sorted rows pay everything) and the
  project's payment as an affine function, so that the round that selects it pays for it
  and records the conditions of its split in one pass over its rows (``_MES._settle``),
  without rescaling or reclassifying them.
* The project last selected from a funded set (an earlier run) is computed exactly as
  soon as it comes up, without its hint first: it is mostly selected again, and the pick
  needs the exact payment anyway.
* A hint keeps the groups that held nothing as bare keys; only those holding budget again
  are looked up (an intersection in C).
* A resumed run finds the round to resume from by bisection: the stored rounds' limits
  never increase along the list.
* Every group's budget has a slope >= 0 in ``t``, and all voters' slopes sum to N (the
  total multiplicity). So a project found unaffordable, short by ``gap``, stays so until
  ``t0 + gap/N`` at least, and its exact end is only computed if that is before the end of
  the interval so far (``_stays_short``); and a project that an earlier run (at a smaller
  budget, after the same picks in the same order) found short is unaffordable now without
  a sum while that bound reaches past the interval so far (``_short_before``; on
  Amsterdam_166 two thirds of the projects shown unaffordable).
* The queue leads with the correctly rounded ``float`` of each exact ratio; rounding is
  monotone, so differing floats are in the exact order and equal floats fall through to an
  exact comparison (``_Ratio``). No decision rests on a float.
* The cyclic garbage collector is paused while Equal Shares runs (no cycles are created;
  its passes over the large tables are pure overhead).

What does not pay (measured, see docs/toewijzing.md): carrying payments as piecewise-linear
functions across a supporter group's switch between paying everything and sharing the price
(the most common end of a stable interval) would not save runs, because every piece changes
the affine form of all later rounds' budgets, which then need the same exact recomputation as
a resumed run. Caching values per round, skipping groups without budget in C, or scaling
only the poor rows did not make the exact row cheaper.

The search over the raises itself (where Add1 ends, and which outcome it keeps) is in
:mod:`wijkcli.allocate.add1`.

None of this changes a value or a comparison, only how often and at which scale values are
computed, so results stay identical (checked against the plain loop and pabutools). A table
is a count per group, so how it is built does not change it (the tests also compare the
tables with a plain count); only the order of its groups can differ, and rows are sorted by
budget before use, where rows with equal budgets are interchangeable (each step of the scan
and of the interval conditions depends only on the values, not on which row comes first).
"""

from __future__ import annotations

import functools
import gc
import heapq
import math
import operator
from collections import Counter
from collections.abc import Iterable
from fractions import Fraction
from typing import Literal

from wijkcli.allocate import add1
from wijkcli.allocate.election import (
    Allocation,
    Election,
    Number,
    _eligible,
    _make_allocation,
    _TieKey,
    natural_key,
    scores,
)
from wijkcli.allocate.greedy_rules import greedy
from wijkcli.allocate.intervals import (
    Budget,
    Group,
    IntAffine3,
    _Exact,
    _LazyExact,
    _LazyRow,
    _Limit,
    _Pass,
    _Ratio,
    _Round,
    _Row,
    _track_rival,
)

Completion = Literal["none", "add1"]
_first = operator.itemgetter(0)


_STRUCTURE_CACHE = 256
"""How many funded sets' supporter tables Equal Shares keeps (beyond that, only the tracked
run's); the tests shrink it to prune all the time."""


_TABLE_ENTRIES = 4_000_000
"""Supporter tables are freed (``_MES._shed``) when the funded sets holding them, times the
approvals (the most one set's tables can hold), pass this many entries or four sets' worth,
whichever is more: the tables then take memory proportional to the ballots (about 100 bytes
an entry), not to ballots times rounds. The shared elections stay below it."""


_SPLIT_SHARE = 2
"""A project's table is derived from its previous one when fewer than 1 in ``_SPLIT_SHARE``
of its supporters approve the newly funded project, else counted afresh."""


class _Tables(dict[str, dict[Group, int]]):
    """Supporter tables (group -> multiplicity) per project, for one funded set.

    Built on first use. A project none of whose supporters approve ``last`` (the funded set
    without it is the parent's) keeps the parent's table object (the lazy queue relies on
    that identity); otherwise its table is derived from the parent's when that exists and
    few supporters move (``_MES.split``), or counted afresh from its supporters' ballots
    (``_MES.table``).
    """

    __slots__ = ("hints", "last", "mask", "mes", "parent", "pick")

    def __init__(self, mes: _MES, parent: _Tables | None, last: str | None, mask: int) -> None:
        super().__init__()
        self.mes = mes
        self.parent = parent
        self.last = last
        self.mask = mask  # the funded set as a bit mask
        # Per project: the groups that paid everything or held nothing when its payment
        # was last computed exactly from its table here (``_MES._hint``): (table, [(group,
        # multiplicity)] of those that paid, the mass of the table's other groups, [group]
        # of those that held nothing); (table, None, 0, []): it could not be afforded then.
        self.hints: dict[
            str, tuple[dict[Group, int], list[tuple[Group, int]] | None, int, list[Group]]
        ] = {}
        # The project last selected in a round with this funded set (an earlier run): most
        # likely selected again, so it is computed exactly at once, without a hint first.
        self.pick: str | None = None

    def __missing__(self, pid: str) -> dict[Group, int]:
        mes = self.mes
        if self.parent is None or self.last is None:  # cut loose to save memory: count it
            tab = mes.table(pid, self.mask)
            self[pid] = tab
            return tab
        last_bit = mes.bit[self.last]
        if not mes.co_approved[pid] & last_bit:
            tab = self.parent[pid]
        else:
            before = dict.get(self.parent, pid)  # without building it
            if before is None:
                tab = mes.table(pid, self.mask)
            else:
                tab = mes.split(pid, before, self.parent.mask, last_bit)
        self[pid] = tab
        return tab


class _MES:
    """Precomputed data for Equal Shares on one election (approval ballots, cost utility)."""

    def __init__(self, election: Election) -> None:
        if election.votes is not None and not election.ballots:
            raise ValueError("Equal Shares heeft stembiljetten nodig, niet alleen aantallen")
        self.election = election
        weights = election.weights
        # Unweighted ballots: count identical ballots first (in C), then score per ballot.
        counted: Counter[frozenset[str]] | None = None
        if weights is None and election.votes is None:
            counted = Counter(election.ballots)
            score: dict[str, Number] = {p.id: 0 for p in election.projects}
            for ballot, m in counted.items():
                for pid in ballot:
                    score[pid] += m
        else:
            score = scores(election)
        self.score = score
        self.cost = {p.id: p.cost for p in election.projects}
        # Integer multiplicities: weights scaled by the lcm of their denominators.
        scale = 1
        if weights is not None:
            for w in weights:
                scale = math.lcm(scale, Fraction(w).denominator)
        self.scale = scale
        total_weight: Number = len(election.ballots) if weights is None else sum(weights, 0)
        self.total_weight = Fraction(total_weight)
        eligible = {p.id for p in election.projects if _eligible(score[p.id], election.min_votes)}
        # Zero-cost projects with support are funded upfront (as pabutools does).
        self.free = sorted((pid for pid in eligible if self.cost[pid] == 0), key=natural_key)
        self.candidates = frozenset(pid for pid in eligible if self.cost[pid] > 0)
        classes: dict[frozenset[str], int] = {}
        if counted is not None:
            if all(score[pid] == 0 or pid in self.candidates for pid in score):
                # Every approved project is a candidate: the ballots are the classes.
                classes = counted
                classes.pop(frozenset(), None)
            else:
                for ballot, m in counted.items():
                    key = ballot & self.candidates
                    if key:
                        classes[key] = classes.get(key, 0) + m
        else:
            for i, ballot in enumerate(election.ballots):
                w = 1 if weights is None else int(Fraction(weights[i]) * scale)
                if w == 0:
                    continue
                key = ballot & self.candidates
                if key:
                    classes[key] = classes.get(key, 0) + w
        # Tie-break: cheaper first, then higher score, then natural id.
        self.tie: dict[str, _TieKey] = {
            pid: (self.cost[pid], -score[pid], natural_key(pid)) for pid in self.candidates
        }
        # One bit per project, for groups; each class's ballot as a mask.
        bit = {pid: 1 << i for i, pid in enumerate(sorted(self.candidates, key=natural_key))}
        self.bit = bit
        # Per project: the ballots (masks) of its supporting classes, one per class, and
        # (mask, weight - 1) for its classes of weight > 1 (few), so that ``table`` counts
        # in C; its supporters' mass; and the projects any of them approves (a mask).
        supporter_masks: dict[str, list[int]] = {pid: [] for pid in self.candidates}
        heavy: dict[str, list[tuple[int, int]]] = {pid: [] for pid in self.candidates}
        for ballot, m in classes.items():
            mask = sum(map(bit.__getitem__, ballot))
            for pid in ballot:
                supporter_masks[pid].append(mask)
            if m > 1:
                for pid in ballot:
                    heavy[pid].append((mask, m - 1))
        self.supporter_masks = supporter_masks
        self.approvals = sum(map(len, supporter_masks.values()))  # a measure of a run's work
        self.mass_all = sum(classes.values())  # all voters' multiplicity (``_stays_short``)
        # Per project, when it was last shown unaffordable: the projects selected before
        # that round, how far its supporters fell short (gap numerator, denominator) and
        # the budget t0 then (numerator, denominator) (``_short_before``).
        self._short: dict[str, tuple[tuple[str, ...], int, int, int, int]] = {}
        self.heavy = heavy
        self.co_approved = {
            pid: functools.reduce(operator.or_, masks, 0) for pid, masks in supporter_masks.items()
        }
        base = _Tables(self, None, None, 0)
        for pid in self.candidates:
            base[pid] = {0: len(supporter_masks[pid]) + sum(e for _mask, e in heavy[pid])}
        self._structure: dict[frozenset[str], _Tables] = {frozenset(): base}
        self._kept = 1  # funded sets whose tables may be held (``_shed``)
        self._rounds: list[_Round] = []
        # Groups added to the tracked run's (shared) budgets per stamp, to undo on resume.
        self._created: list[list[Group]] = []

    def table(self, pid: str, mask: int) -> dict[Group, int]:
        """The supporters of ``pid`` per group (their ballot restricted to ``mask``)."""
        tab = Counter(map(mask.__and__, self.supporter_masks[pid]))
        for ballot, extra in self.heavy[pid]:
            tab[ballot & mask] += extra
        return tab

    def split(
        self, pid: str, before: dict[Group, int], mask: int, last_bit: int
    ) -> dict[Group, int]:
        """The table of ``pid`` for the funded set ``mask | last_bit``, from its table
        ``before`` for ``mask``: the supporters who approve the new project move from group
        ``g`` to ``g | last_bit``. Counted afresh (``table``) when many of them move."""
        masks = self.supporter_masks[pid]
        movers = list(filter(last_bit.__and__, masks))
        if len(movers) * _SPLIT_SHARE > len(masks):
            return self.table(pid, mask | last_bit)
        moved = Counter(map(mask.__and__, movers))
        for ballot, extra in self.heavy[pid]:
            if ballot & last_bit:
                moved[ballot & mask] += extra
        tab = dict(before)
        for g, n in moved.items():
            left = tab[g] - n
            if left:
                tab[g] = left
            else:
                del tab[g]
            tab[g | last_bit] = n
        return tab

    def structure(
        self, chosen: frozenset[str], last: str | None, before: frozenset[str]
    ) -> _Tables:
        """Supporter multiplicity of every project per group (= approved funded projects).

        Derived from the tables of ``before`` (= ``chosen`` without ``last``), per project
        on first use (see ``_Tables``). The cache keeps the tables of the tracked run's
        rounds (and up to ``_STRUCTURE_CACHE`` funded sets in all).
        """
        cache = self._structure
        cached = cache.get(chosen)
        if cached is not None:
            return cached
        assert last is not None
        old = cache[before]
        if len(cache) >= _STRUCTURE_CACHE:
            keep = {r.chosen for r in self._rounds} | {frozenset(), before}
            for key in [k for k in cache if k not in keep]:
                del cache[key]
        new = _Tables(self, old, last, old.mask | self.bit[last])
        cache[chosen] = new
        self._kept += 1
        if self._kept * self.approvals > max(_TABLE_ENTRIES, 4 * self.approvals):
            self._shed(keep={frozenset(), before, chosen})
        return new

    def _shed(self, keep: set[frozenset[str]]) -> None:
        """Free the supporter tables of every funded set but those in ``keep``: a set whose
        tables are freed counts a table afresh when it is asked for again (``_Tables``), so
        only time is spent, never a different value. Bounds the tables held to a few sets'
        worth (each set's tables hold at most ``approvals`` entries)."""
        for key, tables in self._structure.items():
            if key not in keep:
                dict.clear(tables)
                tables.hints.clear()
                tables.parent = None
        self._kept = len(keep)

    def run(self, t: Fraction, track: bool) -> tuple[list[str], Fraction | None]:
        """One MES run with per-voter budget ``t``; also the end of its stable interval.

        With ``track`` the run resumes from the first stored round of the previous tracked
        run that is not known to decide identically at ``t``, and evaluates projects lazily.
        Without it, every round evaluates every project exactly (the reference path).
        """
        t0 = t / self.scale  # per unit of (integer) multiplicity
        rounds = self._rounds if track else []
        start = 0
        sharper: dict[str, IntAffine3] | None = None
        if track:
            start = self._resume_at(t0)
            if start == len(rounds) and rounds:
                # Every round (including the final, empty one) is still valid.
                last_limit = rounds[-1].limit
                return [r.pick for r in rounds if r.pick is not None], (
                    None if last_limit is None else last_limit * self.scale
                )
            # The dropped round ``start`` began from the very budgets this run resumes with
            # (the rounds before it decide identically), so the lower bounds it refreshed
            # while it was decided hold here too, and are closer than the ones carried over.
            sharper = rounds[start].bounds if start < len(rounds) else None
            del rounds[start:]
            if start:
                # Budgets are append-only along a run: forget what the dropped rounds paid.
                budgets = rounds[0].budgets
                for keys in self._created[start + 1 :]:
                    for g in keys:
                        del budgets[g]
                del self._created[start + 1 :]
            else:
                self._created = [[]]
        prior = rounds[start - 1].limit if start else None
        if start == 0:
            cur = _Round(
                budgets={0: (0, 1, 0)},
                denom=1,
                factors=[1],
                chosen=frozenset(),
                before=frozenset(),
                last=None,
                remaining=self.candidates,
                bounds=dict.fromkeys(self.candidates, (0, 0, 1)),
            )
        else:
            cur = self._advance(rounds[start - 1])
        if sharper is not None:
            cur.bounds = sharper
        order = [r.pick for r in rounds[:start] if r.pick is not None]
        limit = _Limit(t0, prior)
        work = self._start_pass(cur, limit) if track else None
        while True:
            cur.t0 = t0
            if work is None:
                pick = self._round(cur, limit)
            else:
                pick = self._round_lazy(cur, limit, work)
                cur.limit = limit.value
                rounds.append(cur)
            cur.pick = pick
            if pick is None:
                break
            order.append(pick)
            cur = self._advance(cur)
        return order, (None if limit.value is None else limit.value * self.scale)

    def _resume_at(self, t0: Fraction) -> int:
        """The first stored round not known to decide identically at ``t0``: decided at a
        larger budget, or with a limit at or before ``t0``.

        The stored rounds' budgets never decrease along the list and their limits never
        increase (each is the run's limit so far, and a resumed run starts from the limit
        of the round before), so when ``t0`` is at least the last one's budget (Add1 only
        raises) the answer is found by bisection over the limits.
        """
        rounds = self._rounds
        if not rounds or t0 < rounds[-1].t0:
            start = 0
            while start < len(rounds):
                lim = rounds[start].limit
                if t0 < rounds[start].t0 or (lim is not None and lim <= t0):
                    break
                start += 1
            return start
        lo, hi = 0, len(rounds)
        while lo < hi:
            mid = (lo + hi) // 2
            lim = rounds[mid].limit
            if lim is not None and lim <= t0:
                hi = mid
            else:
                lo = mid + 1
        return lo

    def _advance(self, r: _Round) -> _Round:
        assert r.pick is not None and r.after is not None
        budgets, denom, rich_mass = r.after
        gone = r.dropped | {r.pick}
        factors = r.factors if rich_mass == 1 else [f * rich_mass for f in r.factors]
        return _Round(
            budgets=budgets,
            denom=denom,
            factors=[*factors, 1],
            chosen=r.chosen | {r.pick},
            before=r.chosen,
            last=r.pick,
            remaining=r.remaining - gone,
            bounds={pid: b for pid, b in r.bounds.items() if pid not in gone},
            picks=(*r.picks, r.pick),
        )

    def _start_pass(self, r: _Round, limit: _Limit) -> _Pass:
        """The lazy queue at ``t0``: every remaining project keyed by its lower bound."""
        tn, td = limit.num, limit.den
        heap = []
        serial = {}
        for pid in r.remaining:
            la, lb, lden = r.bounds[pid]
            num, den = la * td + lb * tn, lden * td * self.cost[pid]
            heap.append((num / den, _Ratio(num, den), self.tie[pid], pid, 0))
            serial[pid] = 0
        heapq.heapify(heap)
        return _Pass(heap=heap, serial=serial, fresh={})

    def _exact(
        self,
        pid: str,
        r: _Round,
        table: dict[str, dict[Group, int]],
        limit: _Limit,
        work: _Pass,
    ) -> tuple[int, int] | None:
        """Payment of ``pid`` at ``t0`` from this round's budgets (q numerator, rich mass);
        None if unaffordable.

        Also refreshes the project's lower bound and queue entry, or, if it cannot be
        afforded, records that it stays unaffordable on the interval.
        """
        if self._short_before(pid, r, limit):
            return None
        denom = r.denom
        c = self.cost[pid]
        tn, td = limit.num, limit.den
        need = c * denom * td
        # The rows (``_LazyRow``: A and B are scaled only where used), with the supporters'
        # total budget: below the cost, the project is unaffordable without sorting or
        # scanning. A group's value at its own stamp's scale is kept for the pass.
        get = r.budgets.get
        values = work.values
        value = values.get
        factors = r.factors
        depth = len(factors) - 1
        rows: list[_LazyRow] = []
        append = rows.append
        mass = 0
        total = 0
        tab = table[pid]
        hints = table.hints if isinstance(table, _Tables) else None
        hint = None if hints is None else hints.get(pid)
        if hint is not None and hint[1] is None and hint[0] is tab:
            # Unaffordable from this very table before (at a smaller budget): likely so
            # again, so first only the sums, without building rows.
            total = 0
            for g, m, ab in zip(tab, tab.values(), map(get, tab), strict=True):
                if ab is None:
                    continue
                v = value(g)
                if v is None:
                    v = values[g] = ab[0] * td + ab[1] * tn
                j = ab[2]
                if j != depth:
                    m *= factors[j]
                total += m * v
            if total < need:
                self._short[pid] = (r.picks, need - total, denom * td, tn, td)
                if not self._stays_short(need - total, denom, limit):
                    tb = 0  # the exact slope, for the exact end (rare)
                    for m, ab in zip(tab.values(), map(get, tab), strict=True):
                        if ab is not None:
                            tb += m * factors[ab[2]] * ab[1]
                    limit.positive(c * denom - (total - tb * tn) // td, -tb)
                return None
            total = 0
        dead: list[Group] = []  # groups without budget
        for g, m, ab in zip(tab, tab.values(), map(get, tab), strict=True):
            if ab is None:
                dead.append(g)
                continue
            v = value(g)
            if v is None:
                v = values[g] = ab[0] * td + ab[1] * tn
            j = ab[2]
            if j != depth:
                f = factors[j]
                v *= f
            else:
                f = 1
            append((v, g, m, ab, f))
            mass += m
            total += m * v
        if total < need:  # everyone paying everything does not reach the cost
            # total = (ta + tb*t0) * D * td with ta, tb the sums of the scaled A and B.
            self._short[pid] = (r.picks, need - total, denom * td, tn, td)
            if not self._stays_short(need - total, denom, limit):
                tb = sum([m * f * ab[1] for _v, _g, m, ab, f in rows])
                ta = (total - tb * tn) // td
                limit.positive(c * denom - ta, -tb)
            if hints is not None:
                hints[pid] = (tab, None, 0, [])
            return None
        rows.sort(key=_first)
        paid = 0
        n_poor = 0
        for v, _g, m, _ab, _f in rows:
            if need - paid <= mass * v:
                break
            paid += m * v
            mass -= m
            n_poor += 1
        pa = 0
        pb = 0
        poor: list[tuple[Group, int]] = []
        for _v, g, m, ab, f in rows[:n_poor]:
            mf = m * f
            pa += mf * ab[0]
            pb += mf * ab[1]
            poor.append((g, m))
        if hints is not None:
            hints[pid] = (tab, poor, mass, dead)
        bound = (c * denom - pa, -pb, denom * mass)
        r.bounds[pid] = bound
        work.counter += 1
        work.serial[pid] = work.counter
        num, den = need - paid, mass * c * denom * limit.den
        heapq.heappush(work.heap, (num / den, _Ratio(num, den), self.tie[pid], pid, work.counter))
        work.fresh[pid] = (tab, denom, (need - paid, mass, rows, n_poor, bound[0], bound[1]))
        return need - paid, mass

    def _short_before(self, pid: str, r: _Round, limit: _Limit) -> bool:
        """True if ``pid`` is unaffordable in this round, and stays so on the interval so
        far, by what an earlier run (at a budget t1 <= t0) found, without a sum.

        If the earlier run selected the same projects in the same order before the round
        where it found ``pid`` short by ``gap``, then Equal Shares forced to select those
        projects is defined at every budget from t1 on, and every voter's budget after them
        is non-decreasing in the budget (slopes >= 0, see ``_stays_short``) while all of
        them together gain exactly N per unit: so ``pid``'s supporters, then and in every
        later round, hold at most their budget then plus N * (t - t1). Unaffordable while
        that is below the cost, i.e. before t1 + gap / N; used only if that is after the
        end of the interval so far (so no end is lost, and the runs stay the same).
        """
        short = self._short.get(pid)
        end = limit.value
        if short is None or end is None:
            return False
        picks, gap_num, gap_den, t1_num, t1_den = short
        if r.picks[: len(picks)] != picks or limit.num * t1_den < t1_num * limit.den:
            return False  # other projects before, or a smaller budget now (t0 < t1)
        n = self.mass_all
        # t1 + gap / N > t0 and >= end, cross-multiplied (all denominators positive).
        reach = t1_num * gap_den * n + gap_num * t1_den  # (t1 + gap/N) * t1_den*gap_den*n
        scale = t1_den * gap_den * n
        return (
            reach * limit.den > limit.num * scale
            and reach * end.denominator >= end.numerator * scale
        )

    def _stays_short(self, gap: int, denom: int, limit: _Limit) -> bool:
        """True if supporters whose budgets sum to ``gap`` short of a cost at ``t0``
        (``gap`` at the scale D * td) stay short on the whole interval so far.

        Every group's budget has a slope >= 0 in ``t``, and all voters' budgets together
        have slope N (the total multiplicity: everyone gets ``t``, and what is paid is a
        fixed cost), so any set of them gains at most N per unit of ``t``: they stay short
        before t0 + gap / (D * td * N). If that is at or after the end of the interval so
        far, the project's own (exact) end need not be computed: it cannot cut.
        """
        end = limit.value
        if end is None:
            return False
        n_d = self.mass_all * denom
        # t0 + gap / (td * N * D) >= end, cross-multiplied (all denominators positive).
        return (limit.num * n_d + gap) * end.denominator >= end.numerator * limit.den * n_d

    def _hint(self, pid: str, r: _Round, table: _Tables, limit: _Limit, work: _Pass) -> bool:
        """Raise the lower bound of ``pid`` from the split of its last exact payment.

        For any set P of its supporters, ``(cost - sum_P budgets) / (mass - mass_P)`` is a
        lower bound on the payment (see "Speed"); P = the groups that paid everything or
        held nothing when it was last computed exactly from this very table (an earlier
        run at another budget, usually the same split: then the bound is exact). Summing P
        costs a fraction of an exact payment. True if the bound rose (the project is
        queued again with it; the next time it comes up it is computed exactly).
        """
        hint = table.hints.get(pid)
        tab = table[pid]
        if hint is None or hint[1] is None or hint[0] is not tab:
            return False
        budgets = r.budgets
        get = budgets.get
        factors = r.factors
        depth = len(factors) - 1
        pa = 0
        pb = 0
        paying = hint[1]
        # The groups that held nothing then mostly still do: only those that hold budget
        # now are looked up one by one (the intersection runs in C).
        revived = budgets.keys() & hint[3]
        if revived:
            paying = paying + [(g, tab[g]) for g in revived]
        for g, m in paying:  # the rich mass is hint[2] > 0
            ab = get(g)
            if ab is None:
                continue
            a, b, j = ab
            if j != depth:
                f = factors[j] * m
                pa += f * a
                pb += f * b
            else:
                pa += m * a
                pb += m * b
        rest = hint[2]
        c = self.cost[pid]
        denom = r.denom
        la, lb, lden = c * denom - pa, -pb, denom * rest
        tn, td = limit.num, limit.den
        num, den = la * td + lb * tn, lden * td * c
        ola, olb, olden = r.bounds[pid]
        if num * olden <= (ola * td + olb * tn) * lden:  # not higher than the known bound
            return False
        r.bounds[pid] = (la, lb, lden)
        work.counter += 1
        work.serial[pid] = work.counter
        heapq.heappush(work.heap, (num / den, _Ratio(num, den), self.tie[pid], pid, work.counter))
        return True

    @staticmethod
    def _fresh_lazy(
        pid: str, r: _Round, table: dict[str, dict[Group, int]], work: _Pass
    ) -> _LazyExact | None:
        """The exact payment of ``pid`` known from this pass, at this round's scale."""
        entry = work.fresh.get(pid)
        if entry is None or entry[0] is not table[pid]:
            return None
        tab, denom, exact = entry
        if denom != r.denom:
            k = r.denom // denom  # denominators only gain factors within a pass
            qnum, mass, rows, n_poor, xa, xb = exact
            rows = [(v * k, g, m, ab, f * k) for v, g, m, ab, f in rows]
            exact = (qnum * k, mass, rows, n_poor, xa * k, xb * k)
            work.fresh[pid] = (tab, r.denom, exact)
        return exact

    @staticmethod
    def _fresh(
        pid: str, r: _Round, table: dict[str, dict[Group, int]], work: _Pass
    ) -> _Exact | None:
        """As ``_fresh_lazy``, with every row's A and B at this round's scale."""
        exact = _MES._fresh_lazy(pid, r, table, work)
        if exact is None:
            return None
        qnum, mass, rows = exact[:3]
        return qnum, mass, [(v, g, m, ab[0] * f, ab[1] * f) for v, g, m, ab, f in rows]

    def _round_lazy(self, r: _Round, limit: _Limit, work: _Pass) -> str | None:
        """Decide one round lazily (sets r.after, r.dropped; returns the pick or None).

        Payments only grow from round to round, so a project's last known payment is a
        lower bound: only projects at the top of the queue whose bound is not exact are
        computed again (as in equalshares.net and pabutools). The conditions that keep the
        decision valid on [t0, T) use the affine lower bounds of the rivals, and fall back
        on an exact rival computation only where a bound would shorten the interval.
        """
        cost = self.cost
        table = self.structure(r.chosen, r.last, r.before)
        heap = work.heap
        dropped: set[str] = set()
        remaining = r.remaining
        pick: str | None = None
        info: _LazyExact | None = None
        hinted: set[str] = set()
        while heap:
            _fkey, _key, _tie, pid, ser = heap[0]
            if pid not in remaining or pid in dropped or work.serial[pid] != ser:
                heapq.heappop(heap)
                continue
            entry = work.fresh.get(pid)
            if entry is not None and entry[0] is table[pid]:
                pick = pid
                break
            heapq.heappop(heap)
            if pid not in hinted:
                hinted.add(pid)
                if pid != table.pick and self._hint(pid, r, table, limit, work):
                    continue
            if self._exact(pid, r, table, limit, work) is None:
                dropped.add(pid)
        r.dropped = frozenset(dropped)
        if pick is None:
            r.after = None
            return None
        s = pick
        table.pick = s
        info = self._fresh_lazy(s, r, table, work)  # at this round's scale
        assert info is not None
        heapq.heappop(heap)  # the pick's entry: it leaves the queue
        # q_s(t) = (xa + xb*t) / (D * M_R): xa = c*D - sum_P m*A, xb = -sum_P m*B, P = the
        # poor groups (the first n_poor sorted rows), M_R = the mass of the others.
        _qnum, rich_mass, rows_s, n_poor, xa, xb = info
        denom = r.denom
        c_s = cost[s]
        # The split's conditions first (the rivals below are checked against the end of
        # the interval so far), and the payment: it only adds groups with ``s``, which no
        # table of this round holds.
        r.after, new_groups = self._settle(r, limit, self.bit[s], rows_s, n_poor, xa, xb, rich_mass)
        k_s = c_s * denom * rich_mass
        bounds = r.bounds
        tie = self.tie
        tie_s = tie[s]
        end = limit.value  # the end of the interval so far, as ints (changes only below)
        end_num, end_den = (0, 0) if end is None else (end.numerator, end.denominator)
        for pid in remaining:
            if pid == s or pid in dropped:
                continue
            c = cost[pid]
            for _attempt in (0, 1):  # bound, then (if needed) exact
                # bound/c - q_s/c_s, times c * c_s * lden * D * M_R: alpha + beta*t >= 0.
                la, lb, lden = bounds[pid]
                cl = c * lden
                beta = lb * k_s - cl * xb
                if beta >= 0:
                    break  # holds at t0 (pid is not better) and the gap never shrinks
                alpha = la * k_s - cl * xa
                if end_den:
                    at_end = alpha * end_den + beta * end_num
                    if at_end > 0 or (at_end == 0 and tie_s < tie[pid]):
                        break  # still holds at the current end of the interval
                exact = self._fresh(pid, r, table, work)
                if exact is None:  # only on the first attempt: afterwards it is fresh
                    gone = self._exact(pid, r, table, limit, work) is None  # may cut
                    end = limit.value
                    end_num, end_den = (0, 0) if end is None else (end.numerator, end.denominator)
                    if gone:
                        dropped.add(pid)
                        break
                    continue
                _track_rival(limit, c, exact[2], denom, xa, xb, rich_mass * c_s, tie_s < tie[pid])
                end = limit.value
                end_num, end_den = (0, 0) if end is None else (end.numerator, end.denominator)
                break
        r.dropped = frozenset(dropped)
        created = self._created
        del created[len(r.factors) :]
        created.append(new_groups)
        return s

    @staticmethod
    def _settle(
        r: _Round,
        limit: _Limit,
        s_bit: int,
        rows: list[_LazyRow],
        n_poor: int,
        xa: int,
        xb: int,
        rich_mass: int,
    ) -> tuple[tuple[dict[Group, Budget], int, int], list[Group]]:
        """Pay for the selected project (as ``_pay``) and require that the poor/rich split
        of its supporters holds on the interval, in one pass over its rows.

        Poor rows (the first ``n_poor``) need ``q - budget >= 0``, rich rows
        ``budget - q >= 0`` (all scaled by D * M_R): ``xa - M_R*A + (xb - M_R*B)*t`` and
        its negation. Every condition is affine, so only the smallest root matters: one
        scan by cross-multiplication, then a single cut. Inlined on purpose (once per
        round, over all the pick's rows): a rich row's condition has the very
        coefficients of its new budget, ``A*M_R - xa`` and ``B*M_R - xb``, so they are
        computed once, and A and B are brought to the round's scale only here.
        """
        best_a = 0
        best_b = 0  # the condition best_a - best_b * t >= 0 with the smallest root (b > 0)
        for i in range(n_poor):  # poor rows: q - beta >= 0
            _v, _g, _m, ab, f = rows[i]
            beta = xb - rich_mass * (ab[1] * f)
            if beta < 0:
                alpha = xa - rich_mass * (ab[0] * f)
                if best_b == 0 or alpha * best_b < best_a * -beta:
                    best_a = alpha
                    best_b = -beta
        after = r.budgets
        stamp = len(r.factors)
        added = []
        for i in range(n_poor, len(rows)):  # rich rows: beta - q >= 0, and they pay q
            _v, g, _m, ab, f = rows[i]
            alpha = ab[0] * f * rich_mass - xa
            beta = ab[1] * f * rich_mass - xb
            if beta < 0 and (best_b == 0 or alpha * best_b < best_a * -beta):
                best_a = alpha
                best_b = -beta
            if alpha or beta:
                g |= s_bit
                after[g] = (alpha, beta, stamp)
                added.append(g)
        if best_b:
            limit.nonneg(best_a, -best_b)
        return (after, r.denom * rich_mass, rich_mass), added

    @staticmethod
    def _pay(
        r: _Round, s_bit: int, rows: list[_Row], n_poor: int, xa: int, xb: int, rich_mass: int
    ) -> tuple[tuple[dict[Group, Budget], int, int], list[Group]]:
        """Budgets after ``s`` is bought: (budgets, new common denominator D * M_R, M_R),
        and the groups added.

        Only the paying groups change: the poor ones pay everything (their new group is
        left out: budget 0), the rich ones move to ``g | {s}`` with a budget stamped with
        the next round's depth. Everyone else keeps an entry at its own stamp, so no entry
        ever changes: the dict is shared by all rounds of a run and only grows (a group's
        key names the funded projects its voters approved, so a later round never looks up
        a group that did not exist yet when it was decided).
        """
        after = r.budgets
        stamp = len(r.factors)
        added = []
        for i in range(n_poor, len(rows)):
            _v, g, _m, a, b = rows[i]
            a = a * rich_mass - xa
            b = b * rich_mass - xb
            if a or b:
                g |= s_bit
                after[g] = (a, b, stamp)
                added.append(g)
        return (after, r.denom * rich_mass, rich_mass), added

    def _rows(
        self, pid: str, r: _Round, table: dict[str, dict[Group, int]], limit: _Limit
    ) -> tuple[list[_Row], int]:
        """The supporters of ``pid`` per group, budgets brought to the round's scale, and
        their mass (groups without budget left out)."""
        tn, td = limit.num, limit.den
        get = r.budgets.get
        factors = r.factors
        depth = len(factors) - 1
        rows: list[_Row] = []
        append = rows.append
        mass = 0
        tab = table[pid]
        for g, m, ab in zip(tab, tab.values(), map(get, tab), strict=True):
            if ab is None:
                continue
            a, b, j = ab
            if j != depth:
                f = factors[j]
                a *= f
                b *= f
            v = a * td + b * tn
            append((v, g, m, a, b))
            mass += m
        return rows, mass

    def _round(self, r: _Round, limit: _Limit) -> str | None:
        """Decide one round in place, evaluating every project exactly (reference path).

        Sets r.after and r.dropped and returns the pick or None; records no conditions.
        """
        denom = r.denom
        cost = self.cost
        table = self.structure(r.chosen, r.last, r.before)
        scale_e = denom * limit.den  # real value = V / scale_e
        best_key: tuple[Fraction, _TieKey] | None = None
        best = ""
        info: dict[str, _Exact] = {}
        dropped: set[str] = set()
        for pid in r.remaining:
            need = cost[pid] * scale_e
            rows, mass = self._rows(pid, r, table, limit)
            rows.sort(key=_first)
            paid = 0
            for v, _g, m, _a, _b in rows:
                if need - paid <= mass * v:
                    break
                paid += m * v
                mass -= m
            else:  # everyone pays everything and the cost is not reached
                dropped.add(pid)
                continue
            # q = (need - paid) / (mass * scale_e); rho = q / cost
            info[pid] = (need - paid, mass, rows)
            key = (Fraction(need - paid, mass * cost[pid]), self.tie[pid])
            if best_key is None or key < best_key:
                best_key = key
                best = pid
        r.dropped = frozenset(dropped)
        if best_key is None:
            r.after = None
            return None
        s = best
        qnum, qmass, rows_s = info[s]
        pa = 0
        pb = 0
        rich_mass = 0
        n_poor = 0
        for v, _g, m, a, b in rows_s:
            if v * qmass < qnum:  # v < q: pays everything
                pa += m * a
                pb += m * b
                n_poor += 1
            else:
                rich_mass += m
        xa = cost[s] * denom - pa
        r.after = self._pay(r, self.bit[s], rows_s, n_poor, xa, -pb, rich_mass)[0]
        return s

    def outcome_cost(self, order: Iterable[str]) -> int:
        return sum(self.cost[p] for p in order)

    def exhaustive(self, order: list[str]) -> bool:
        spent = self.outcome_cost(order) + 0
        chosen = set(order)
        room = self.election.budget - spent
        return all(self.cost[p] > room for p in self.candidates if p not in chosen)


def equal_shares(
    election: Election,
    *,
    completion: Completion = "add1",
    step: int | None = None,
    then_greedy: bool = False,
    rule: str | None = None,
) -> Allocation:
    """Method of Equal Shares with cost utility (see the module docstring).

    ``completion="add1"`` raises every voter's budget by ``step`` smallest money units
    (default ``Election.unit``: one currency unit) per round, as pabutools'
    ``voter_budget_increment``. ``then_greedy`` completes the result with ``greedy``.
    """
    mes = _MES(election)
    step_size = election.unit if step is None else step
    if step_size < 1:
        raise ValueError("step must be a positive int")
    notes: list[str] = []
    free = list(mes.free)
    if mes.total_weight == 0:
        order: list[str] = []
    else:
        t_base = Fraction(election.budget) / mes.total_weight
        # The cyclic garbage collector is paused meanwhile (and restored, also on an error):
        # Equal Shares allocates millions of short-lived tuples and no reference cycles, and
        # the collector's passes over the large, long-lived tables cost ~7 % on Warsaw.
        collecting = gc.isenabled()
        gc.disable()
        try:
            if completion == "none":
                order, _ = mes.run(t_base, track=True)
            else:
                order = add1.search(mes, t_base, step_size, notes)
        finally:
            if collecting:
                gc.enable()
    selected = free + order
    name = rule or ("equalshares" if completion == "none" else "equalshares-add1")
    if then_greedy:
        done = greedy(election, on_misfit="skip", initial=selected, rule=name + "-greedy")
        extra = [p for p in done.selected if p not in set(selected)]
        if extra:
            notes.append("aangevuld met greedy: " + ", ".join(extra))
        return _make_allocation(
            election, list(done.selected), dict(done.funded), done.rule, notes + list(done.notes)
        )
    funded = {p: mes.cost[p] for p in selected}
    return _make_allocation(election, selected, funded, name, notes)


def _equal_shares_add1_naive(election: Election, step: int | None = None) -> tuple[str, ...]:
    """Reference: the raise-by-raise Add1 loop (as pabutools), for tests only."""
    mes = _MES(election)
    step_size = election.unit if step is None else step
    if mes.total_weight == 0:
        return tuple(mes.free)
    t_base = Fraction(election.budget) / mes.total_weight
    previous: list[str] = []
    k = 0
    while True:
        order, _ = mes.run(t_base + k * step_size, track=False)
        if mes.outcome_cost(order) > election.budget:
            return tuple(mes.free + previous)
        if mes.exhaustive(order):
            return tuple(mes.free + order)
        previous = order
        k += 1
