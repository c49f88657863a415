"""Budget allocation engine: which projects get money, by a named, documented rule.

Pure functions over plain data: no I/O, no printing, standard library only, and exact
arithmetic throughout (``int`` for money, ``fractions.Fraction`` inside Equal Shares; never
``float``).

Rules
=====

``greedy``
    Projects by score (number of approvals, or the sum of ballot weights), highest first;
    a project that does not fit in what is left is skipped and the next one is tried. With
    per-category budgets a project must also fit in its category's remainder; afterwards the
    money left is spent on the skipped projects that still fit, by score, ignoring the
    categories (Amsterdam: "fund additional projects that fit within leftover budget").
``greedy-stop``
    The same order, but selection stops at the first project that does not fit in the
    total budget (pabulib: ``greedy-no-skip``).
``greedy-stop-deels``
    As ``greedy-stop``, and the project that did not fit gets what is left (part-funding).
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

Only projects with a positive score are ever funded, and never projects below
``Election.min_votes`` (pabulib ``min_project_score_threshold``).

Tie-breaking
============

Ties never depend on the order of projects or ballots in the input, and numeric ids are
never compared as strings. Greedy: higher score first; on equal score the cheaper project;
then the smaller id in natural order. Equal Shares: lowest payment per unit of cost; on a
tie the cheaper project, then the higher score, then the smaller id in natural order (the
equalshares.net convention, made total). Natural order compares ids chunk by chunk, digit
runs as integers: ``"2" < "11" < "a2" < "a10"``.

Speed
=====

Equal Shares groups voters whose ballots are identical, and within a run it groups them by
the funded projects they approved (such voters always hold the same budget). Add1 does not
re-run MES for every raise: every quantity in a run is an affine function of the per-voter
budget ``t`` as long as the run makes the same decisions, so each run also computes the
largest ``T`` such that the run would decide identically for every ``t`` in ``[t0, T)``,
and the search jumps to the first raise at or beyond ``T``. The outcome is exactly that of
the raise-by-raise loop (the tests compare both).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

__all__ = [
    "RULES",
    "Allocation",
    "Election",
    "Project",
    "equal_shares",
    "greedy",
    "natural_key",
    "rule_names",
    "scores",
]

Number = int | Fraction
_TieKey = tuple[int, Number, tuple[tuple[int, int, str], ...]]
MisfitPolicy = Literal["skip", "stop", "stop-partial"]
Completion = Literal["none", "add1"]

_CHUNKS = re.compile(r"(\d+)")


def natural_key(project_id: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for ids: digit runs compare as integers, other text as text.

    ``sorted(["11", "2", "a10", "a2"], key=natural_key) == ["2", "11", "a2", "a10"]``.
    A final chunk with the raw id keeps ids like ``"07"`` and ``"7"`` apart.
    """
    parts: list[tuple[int, int, str]] = []
    for i, chunk in enumerate(_CHUNKS.split(project_id)):
        if not chunk:
            continue
        if i % 2:
            parts.append((0, int(chunk), ""))
        else:
            parts.append((1, 0, chunk))
    parts.append((2, 0, project_id))
    return tuple(parts)


@dataclass(frozen=True)
class Project:
    """A project that asks ``cost`` smallest money units (e.g. euro cents)."""

    id: str
    cost: int
    category: str | None = None


@dataclass(frozen=True)
class Election:
    """Projects, votes and budget of one allocation.

    ``ballots`` are approval sets (project ids). ``weights`` optionally gives each ballot a
    weight (a voter with weight 2 counts as two voters, also for her share of the budget in
    Equal Shares). ``votes`` replaces the ballots by precomputed scores (e.g. for a secret
    ballot where only counts are known); only the greedy rules can use it. ``unit`` is the
    number of smallest money units in one currency unit (100 for euro cents), used as the
    default Add1 step. ``min_votes``: projects with a lower score are never funded.
    """

    projects: tuple[Project, ...]
    budget: int
    ballots: tuple[frozenset[str], ...] = ()
    weights: tuple[Number, ...] | None = None
    votes: Mapping[str, Number] | None = None
    category_budgets: Mapping[str, int] | None = None
    min_votes: Number = 0
    unit: int = 1

    def __post_init__(self) -> None:
        ids = [p.id for p in self.projects]
        if len(set(ids)) != len(ids):
            raise ValueError("project ids must be unique")
        for p in self.projects:
            if isinstance(p.cost, bool) or not isinstance(p.cost, int) or p.cost < 0:
                raise ValueError(f"project {p.id}: cost must be a non-negative int")
        if isinstance(self.budget, bool) or not isinstance(self.budget, int) or self.budget < 0:
            raise ValueError("budget must be a non-negative int")
        if self.unit < 1:
            raise ValueError("unit must be at least 1")
        known = set(ids)
        for ballot in self.ballots:
            unknown = ballot - known
            if unknown:
                raise ValueError(f"ballot names unknown project(s): {sorted(unknown)}")
        if self.weights is not None:
            if len(self.weights) != len(self.ballots):
                raise ValueError("weights must have one entry per ballot")
            if any(w < 0 for w in self.weights):
                raise ValueError("weights must be non-negative")
        if self.votes is not None:
            if set(self.votes) - known:
                raise ValueError("votes name unknown project(s)")
            if any(v < 0 for v in self.votes.values()):
                raise ValueError("votes must be non-negative")
        if self.category_budgets is not None and any(
            b < 0 for b in self.category_budgets.values()
        ):
            raise ValueError("category budgets must be non-negative")

    @classmethod
    def from_votes(
        cls,
        projects: Iterable[Project],
        votes: Mapping[str, Number],
        budget: int,
        *,
        unit: int = 1,
        min_votes: Number = 0,
    ) -> Election:
        """An election known only by its vote counts (greedy rules only)."""
        return cls(
            projects=tuple(projects),
            budget=budget,
            votes=dict(votes),
            unit=unit,
            min_votes=min_votes,
        )


@dataclass(frozen=True)
class Allocation:
    """The outcome: ``selected`` in selection order, ``funded`` amount per selected project."""

    selected: tuple[str, ...]
    funded: Mapping[str, int]
    spent: int
    left: int
    rule: str
    notes: tuple[str, ...] = field(default=())


def scores(election: Election) -> dict[str, Number]:
    """Score per project: ``votes`` if given, else the (weighted) number of approvals."""
    if election.votes is not None:
        return {p.id: election.votes.get(p.id, 0) for p in election.projects}
    result: dict[str, Number] = {p.id: 0 for p in election.projects}
    weights = election.weights
    for i, ballot in enumerate(election.ballots):
        w: Number = 1 if weights is None else weights[i]
        for pid in ballot:
            result[pid] += w
    return result


def _make_allocation(
    election: Election, selected: list[str], funded: dict[str, int], rule: str, notes: list[str]
) -> Allocation:
    spent = sum(funded.values())
    return Allocation(
        selected=tuple(selected),
        funded=dict(funded),
        spent=spent,
        left=election.budget - spent,
        rule=rule,
        notes=tuple(notes),
    )


# --------------------------------------------------------------------------------------
# Greedy
# --------------------------------------------------------------------------------------


def _greedy_order(election: Election, score: Mapping[str, Number]) -> list[Project]:
    return sorted(election.projects, key=lambda p: (-score[p.id], p.cost, natural_key(p.id)))


def _eligible(score: Number, min_votes: Number) -> bool:
    return score > 0 and score >= min_votes


def greedy(
    election: Election,
    *,
    on_misfit: MisfitPolicy = "skip",
    min_votes: Number | None = None,
    fill_after_categories: bool = True,
    initial: Iterable[str] = (),
    rule: str | None = None,
) -> Allocation:
    """Fund projects by score, highest first (see the module docstring for the variants).

    ``on_misfit``: what to do with the first project that does not fit in the total budget:
    ``"skip"`` it, ``"stop"``, or ``"stop-partial"`` (give it what is left, then stop).
    A project that only breaks its category's budget is always skipped. ``min_votes``
    overrides ``Election.min_votes``. ``initial`` are projects already funded in full
    (used for completing another rule).
    """
    threshold = election.min_votes if min_votes is None else min_votes
    score = scores(election)
    by_id = {p.id: p for p in election.projects}
    selected: list[str] = []
    funded: dict[str, int] = {}
    notes: list[str] = []
    left = election.budget
    caps = dict(election.category_budgets) if election.category_budgets else None
    cat_left: dict[str, int] = dict(caps) if caps else {}
    for pid in initial:
        p = by_id[pid]
        selected.append(pid)
        funded[pid] = p.cost
        left -= p.cost
        if caps and p.category in cat_left:
            cat_left[p.category] -= p.cost
    order = [p for p in _greedy_order(election, score) if p.id not in funded]
    skipped_for_category: list[Project] = []
    stopped = False
    for p in order:
        if not _eligible(score[p.id], threshold):
            continue
        if p.cost > left:
            if on_misfit == "skip":
                continue
            if on_misfit == "stop-partial" and left > 0:
                selected.append(p.id)
                funded[p.id] = left
                notes.append(f"{p.id} gedeeltelijk gefinancierd: {left} van {p.cost}")
                left = 0
            stopped = True
            break
        if caps and p.category in cat_left and p.cost > cat_left[p.category]:
            skipped_for_category.append(p)
            continue
        selected.append(p.id)
        funded[p.id] = p.cost
        left -= p.cost
        if caps and p.category in cat_left:
            cat_left[p.category] -= p.cost
    if caps and fill_after_categories and not stopped:
        for p in skipped_for_category:
            if p.cost <= left:
                selected.append(p.id)
                funded[p.id] = p.cost
                left -= p.cost
                notes.append(f"{p.id} gefinancierd uit het restbudget (buiten categoriebudget)")
    name = rule or {"skip": "greedy", "stop": "greedy-stop", "stop-partial": "greedy-stop-deels"}[
        on_misfit
    ]
    return _make_allocation(election, selected, funded, name, notes)


# --------------------------------------------------------------------------------------
# Method of Equal Shares
# --------------------------------------------------------------------------------------

# An affine function a + b*t of the per-voter budget t.
Affine = tuple[Fraction, Fraction]
Group = frozenset[str]
_ZERO = Fraction(0)
_AFF_ZERO: Affine = (_ZERO, _ZERO)


class _Limit:
    """Tracks the largest T such that all recorded sign conditions hold on [t0, T)."""

    __slots__ = ("t0", "value")

    def __init__(self, t0: Fraction) -> None:
        self.t0 = t0
        self.value: Fraction | None = None  # None: no limit

    def cut(self, t: Fraction) -> None:
        if self.value is None or t < self.value:
            self.value = t

    def nonneg(self, a: Fraction, b: Fraction) -> None:
        """Require a + b*t >= 0 on the interval (cut at the root when decreasing)."""
        if b >= 0:
            if a + b * self.t0 < 0:  # pragma: no cover - defensive
                self.cut(self.t0)
            return
        h0 = a + b * self.t0
        if h0 <= 0:
            self.cut(self.t0)
        else:
            self.cut(-a / b)

    def positive(self, a: Fraction, b: Fraction) -> None:
        """Require a + b*t > 0 on the interval."""
        h0 = a + b * self.t0
        if h0 <= 0:
            self.cut(self.t0)
        elif b < 0:
            self.cut(-a / b)


class _MES:
    """Precomputed data for Equal Shares on one election (approval ballots, cost utility)."""

    def __init__(self, election: Election) -> None:
        if election.votes is not None and not election.ballots:
            raise ValueError("Equal Shares heeft stembiljetten nodig, niet alleen aantallen")
        self.election = election
        score = scores(election)
        self.score = score
        self.cost = {p.id: p.cost for p in election.projects}
        weights = election.weights
        total_weight: Number = len(election.ballots) if weights is None else sum(weights, 0)
        self.total_weight = Fraction(total_weight)
        eligible = {
            p.id for p in election.projects if _eligible(score[p.id], election.min_votes)
        }
        # Zero-cost projects with support are funded upfront (as pabutools does).
        self.free = sorted((pid for pid in eligible if self.cost[pid] == 0), key=natural_key)
        self.candidates = frozenset(pid for pid in eligible if self.cost[pid] > 0)
        classes: dict[frozenset[str], Fraction] = {}
        for i, ballot in enumerate(election.ballots):
            w = Fraction(1 if weights is None else weights[i])
            if w == 0:
                continue
            key = ballot & self.candidates
            if key:
                classes[key] = classes.get(key, _ZERO) + w
        self.classes = list(classes.items())
        self.supporters: dict[str, list[int]] = {pid: [] for pid in self.candidates}
        for idx, (ballot, _m) in enumerate(self.classes):
            for pid in ballot:
                self.supporters[pid].append(idx)
        # Tie-break: cheaper first, then higher score, then natural id.
        self.tie: dict[str, _TieKey] = {
            pid: (self.cost[pid], -score[pid], natural_key(pid)) for pid in self.candidates
        }
        empty: Group = frozenset()
        base: dict[str, dict[Group, Fraction]] = {}
        for pid in self.candidates:
            m = sum((self.classes[i][1] for i in self.supporters[pid]), _ZERO)
            base[pid] = {empty: m}
        self._structure: dict[frozenset[str], dict[str, dict[Group, Fraction]]] = {empty: base}

    def structure(self, chosen: frozenset[str], last: str | None, before: frozenset[str]) -> dict[
        str, dict[Group, Fraction]
    ]:
        """Supporter multiplicity of every project per group (= approved funded projects)."""
        cached = self._structure.get(chosen)
        if cached is not None:
            return cached
        assert last is not None
        old = self._structure[before]
        new = {pid: tab for pid, tab in old.items() if pid not in chosen}
        copied: set[str] = set()
        for idx in self.supporters[last]:
            ballot, m = self.classes[idx]
            g_old = ballot & before
            g_new = g_old | {last}
            for pid in ballot:
                if pid in chosen:
                    continue
                if pid not in copied:
                    new[pid] = dict(new[pid])
                    copied.add(pid)
                tab = new[pid]
                rest = tab[g_old] - m
                if rest:
                    tab[g_old] = rest
                else:
                    del tab[g_old]
                tab[g_new] = tab.get(g_new, _ZERO) + m
        self._structure[chosen] = new
        return new

    def run(self, t0: Fraction, track: bool) -> tuple[list[str], Fraction | None]:
        """One MES run with per-voter budget ``t0``; also the end of its stable interval."""
        limit = _Limit(t0)
        budgets: dict[Group, Affine] = {frozenset(): (_ZERO, Fraction(1))}
        chosen: frozenset[str] = frozenset()
        before: frozenset[str] = frozenset()
        last: str | None = None
        remaining = set(self.candidates)
        order: list[str] = []
        cost = self.cost
        tie = self.tie
        while remaining:
            table = self.structure(chosen, last, before)
            best: tuple[Fraction, _TieKey] | None = None
            best_pid = ""
            info: dict[str, tuple[Fraction, list[tuple[Fraction, Affine, Fraction]]]] = {}
            unaffordable: list[str] = []
            for pid in remaining:
                c = cost[pid]
                rows = []
                total = _ZERO
                for g, m in table[pid].items():
                    a, b = budgets[g]
                    v = a + b * t0
                    rows.append((v, (a, b), m))
                    total += m * v
                if total < c:
                    unaffordable.append(pid)
                    continue
                rows.sort(key=lambda r: r[0])
                paid = _ZERO
                mass = sum((r[2] for r in rows), _ZERO)
                q = _ZERO
                for v, _aff, m in rows:
                    q = (c - paid) / mass
                    if q <= v:
                        break
                    paid += m * v
                    mass -= m
                rho = q / c
                info[pid] = (q, rows)
                key = (rho, tie[pid])
                if best is None or key < best:
                    best = key
                    best_pid = pid
            for pid in unaffordable:
                remaining.discard(pid)
                if track:
                    sa = sum((m * budgets[g][0] for g, m in table[pid].items()), _ZERO)
                    sb = sum((m * budgets[g][1] for g, m in table[pid].items()), _ZERO)
                    limit.positive(cost[pid] - sa, -sb)
            if best is None:
                break
            s = best_pid
            q_s, rows_s = info[s]
            c_s = cost[s]
            # Affine form of q_s on the current partition: poor groups pay all they have.
            pa = _ZERO
            pb = _ZERO
            rich_mass = _ZERO
            poor: set[Affine] = set()
            for v, aff, m in rows_s:
                if v < q_s:
                    pa += m * aff[0]
                    pb += m * aff[1]
                    poor.add(aff)
                else:
                    rich_mass += m
            qa = (c_s - pa) / rich_mass
            qb = -pb / rich_mass
            if track:
                for v, (a, b), _m in rows_s:
                    if v < q_s:
                        limit.nonneg(qa - a, qb - b)
                    else:
                        limit.nonneg(a - qa, b - qb)
                for pid, (_q, rows) in info.items():
                    if pid != s:
                        self._track_rival(limit, pid, rows, qa, qb, c_s, tie[s] < tie[pid])
            # Pay.
            for g in table[s]:
                a, b = budgets[g]
                if a + b * t0 < q_s:
                    budgets[g | {s}] = _AFF_ZERO
                else:
                    budgets[g | {s}] = (a - qa, b - qb)
            order.append(s)
            remaining.discard(s)
            before = chosen
            chosen = chosen | {s}
            last = s
        return order, limit.value

    def _track_rival(
        self,
        limit: _Limit,
        pid: str,
        rows: list[tuple[Fraction, Affine, Fraction]],
        qa: Fraction,
        qb: Fraction,
        c_s: int,
        s_wins_tie: bool,
    ) -> None:
        """Require that ``pid`` stays (weakly) worse than the selected project on [t0, T)."""
        t0 = limit.t0
        c = self.cost[pid]
        # x(t): the payment cap pid would need to match the selected project's ratio.
        xa = qa * c / c_s
        xb = qb * c / c_s
        mass = sum((r[2] for r in rows), _ZERO)
        # Cheap sufficient test: c - mass * x(t) > 0 on the whole interval.
        ha, hb = c - mass * xa, -mass * xb
        end = limit.value
        if ha + hb * t0 > 0 and (
            (end is None and hb >= 0) or (end is not None and ha + hb * end > 0)
        ):
            return
        # Total supporter budget must stay above the cost (so that F(x) = c has one root).
        ta = sum((m * aff[0] for _v, aff, m in rows), _ZERO)
        tb = sum((m * aff[1] for _v, aff, m in rows), _ZERO)
        limit.positive(ta - c, tb)
        # G(t) = c - sum_g m_g * min(beta_g(t), x(t)) is convex and piecewise affine.
        x0 = xa + xb * t0
        g0 = Fraction(c)
        slope = _ZERO
        events: list[tuple[Fraction, Fraction]] = []  # (time, slope change)
        for v, (a, b), m in rows:
            if v < x0 or (v == x0 and b <= xb):
                g0 -= m * v
                slope -= m * b
                if b > xb:  # beta overtakes x later: piece switches to x
                    events.append(((xa - a) / (b - xb), m * (b - xb)))
            else:
                g0 -= m * x0
                slope -= m * xb
                if b < xb:  # x overtakes beta later: piece switches to beta
                    events.append(((xa - a) / (b - xb), m * (xb - b)))
        if g0 < 0 or (g0 == 0 and not s_wins_tie):  # pragma: no cover - defensive
            limit.cut(t0)
            return
        if g0 == 0:
            if slope < 0:
                limit.cut(t0)
            return
        events.sort(key=lambda e: e[0])
        t = t0
        value = g0
        for when, change in events:
            # Every change is >= 0 (G is convex): once G stops falling it never reaches 0.
            if slope >= 0:
                return
            root = t + value / -slope
            if root <= when:
                limit.cut(root)
                return
            value += slope * (when - t)
            t = when
            slope += change
            if limit.value is not None and t >= limit.value:
                return
        if slope < 0:
            limit.cut(t + value / -slope)

    def outcome_cost(self, order: Iterable[str]) -> int:
        return sum(self.cost[p] for p in order)

    def exhaustive(self, order: list[str]) -> bool:
        spent = self.outcome_cost(order) + 0
        chosen = set(order)
        room = self.election.budget - spent
        return all(self.cost[p] > room for p in self.candidates if p not in chosen)


def _ceil_div(num: Fraction, step: int) -> int:
    return math.ceil(num / step)


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
        if completion == "none":
            order, _ = mes.run(t_base, track=False)
        else:
            order = _add1(mes, t_base, step_size, notes)
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


def _add1(mes: _MES, t_base: Fraction, step: int, notes: list[str]) -> list[str]:
    budget = mes.election.budget
    previous: list[str] = []
    k = 0
    runs = 0
    while True:
        t = t_base + k * step
        order, limit = mes.run(t, track=True)
        runs += 1
        if mes.outcome_cost(order) > budget:
            notes.append(f"Add1: {k} verhogingen, uitkomst van verhoging {max(k - 1, 0)}")
            return previous
        if mes.exhaustive(order):
            notes.append(f"Add1: uitkomst na {k} verhogingen van {step} per kiezer")
            return order
        previous = order
        if limit is None:  # pragma: no cover - cannot happen: large budgets overspend
            notes.append("Add1: uitkomst verandert niet meer")
            return order
        k = max(k + 1, _ceil_div(limit - t_base, step))


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


# --------------------------------------------------------------------------------------
# Named rules
# --------------------------------------------------------------------------------------


def _rule_greedy(e: Election) -> Allocation:
    return greedy(e, on_misfit="skip")


def _rule_greedy_stop(e: Election) -> Allocation:
    return greedy(e, on_misfit="stop")


def _rule_greedy_stop_partial(e: Election) -> Allocation:
    return greedy(e, on_misfit="stop-partial")


def _rule_es(e: Election) -> Allocation:
    return equal_shares(e, completion="none")


def _rule_es_add1(e: Election) -> Allocation:
    return equal_shares(e, completion="add1")


def _rule_es_add1_greedy(e: Election) -> Allocation:
    return equal_shares(e, completion="add1", then_greedy=True)


RULES: Mapping[str, Callable[[Election], Allocation]] = {
    "greedy": _rule_greedy,
    "greedy-stop": _rule_greedy_stop,
    "greedy-stop-deels": _rule_greedy_stop_partial,
    "equalshares": _rule_es,
    "equalshares-add1": _rule_es_add1,
    "equalshares-add1-greedy": _rule_es_add1_greedy,
}


def rule_names() -> tuple[str, ...]:
    """The stable names of ``RULES``."""
    return tuple(RULES)
