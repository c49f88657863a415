"""Stable intervals and lazy bounds: the bookkeeping behind Equal Shares' fast Add1.

Every quantity in a run of Equal Shares is an affine function ``A + B*t`` of the per-voter
budget ``t`` as long as the run makes the same decisions. ``_Limit`` collects the sign
conditions that keep those decisions, i.e. the largest ``T`` such that the run decides
identically on ``[t0, T)``; ``_MES._settle`` and ``_track_rival`` add the conditions for the
pick's poor/rich split and for each rival. ``_Round`` keeps a round's state (budgets, the
rivals' affine lower bounds, its limit) so that a later run can resume from it, and ``_Pass``
is the lazy priority queue of one run, ordered by those bounds (``_Ratio``). See "Speed" in
:mod:`wijkcli.allocate.mes` for why the outcome is exactly that of the raise-by-raise loop.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from wijkcli.allocate.election import _TieKey

# A group of voters: the funded projects they approved, as a bit mask (see ``_MES.bit``).
Group = int
_ZERO = Fraction(0)
# A group's budget (A, B, j) is (A + B*t) / D_j, D_j the common denominator of round j
# (all ints); ``_Round.factors[j] = D / D_j`` brings it to the current round's D.
Budget = tuple[int, int, int]
# A lower bound (la + lb*t) / lden on a project's payment per supporter.
IntAffine3 = tuple[int, int, int]
# A supporter row: (value at t0, group, multiplicity, A, B) at the round's scale.
_Row = tuple[int, Group, int, int, int]
# An exact payment: (q numerator, rich mass, rows).
_Exact = tuple[int, int, list[_Row]]
# A supporter row as ``_MES._exact`` builds it: (value at t0, group, multiplicity, the
# group's budget entry (A, B, j), the factor D / D_j that brings A and B to the round's
# scale); ``_MES._fresh`` scales A and B only for the rows that are used.
_LazyRow = tuple[int, Group, int, Budget, int]
# An exact payment as ``_MES._exact`` keeps it: (q numerator, rich mass, rows sorted by
# value, how many of them pay everything, and the selected project's q(t) times D * M_R
# as xa + xb*t), all at the scale of the denominator it is stored with.
_LazyExact = tuple[int, int, list[_LazyRow], int, int, int]


class _Limit:
    """Tracks the largest T such that all recorded sign conditions hold on [t0, T).

    Conditions are on integer affine functions ``alpha + beta * t`` (a positive common
    denominator does not change the sign); ``t0 = num / den``.
    """

    __slots__ = ("den", "num", "t0", "value")

    def __init__(self, t0: Fraction, value: Fraction | None = None) -> None:
        self.t0 = t0
        self.num = t0.numerator
        self.den = t0.denominator
        self.value = value  # None: no limit

    def cut(self, t: Fraction) -> None:
        if self.value is None or t < self.value:
            self.value = t

    def _cut_root(self, alpha: int, beta: int) -> None:
        """Cut at the root ``alpha / -beta`` (beta < 0) if it lies before the current end;
        compared by cross-multiplying first, so that a ``Fraction`` (a gcd of large ints)
        is only made for a root that does cut (most do not)."""
        value = self.value
        if value is not None and alpha * value.denominator >= -beta * value.numerator:
            return
        self.value = Fraction(alpha, -beta)

    def nonneg(self, alpha: int, beta: int) -> None:
        """Require alpha + beta*t >= 0 on the interval."""
        if beta >= 0:
            return
        if alpha * self.den + beta * self.num <= 0:
            self.cut(self.t0)
        else:
            self._cut_root(alpha, beta)

    def positive(self, alpha: int, beta: int) -> None:
        """Require alpha + beta*t > 0 on the interval."""
        if alpha * self.den + beta * self.num <= 0:
            self.cut(self.t0)
        elif beta < 0:
            self._cut_root(alpha, beta)


class _Ratio:
    """An exact ratio ``num / den`` (den > 0) for the queue, compared by cross-multiplying.

    Queue entries lead with the correctly rounded float of the same ratio: rounding is
    monotone, so floats that differ are in the exact order, and only equal floats fall
    through to this exact comparison (cheaper than building a ``Fraction`` per entry).
    """

    __slots__ = ("den", "num")

    def __init__(self, num: int, den: int) -> None:
        self.num = num
        self.den = den

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Ratio):
            return NotImplemented
        return self.num * other.den == other.num * self.den

    def __lt__(self, other: _Ratio) -> bool:
        return self.num * other.den < other.num * self.den

    __hash__ = None  # type: ignore[assignment]


@dataclass
class _Round:
    """State before one MES round, kept so that a later run can resume from it."""

    budgets: dict[Group, Budget]
    denom: int
    factors: list[int]  # D / D_j per stamp j (the round's depth is len(factors) - 1)
    chosen: frozenset[str]
    before: frozenset[str]
    last: str | None
    remaining: frozenset[str]
    t0: Fraction = _ZERO  # the (scaled) budget this round was decided at
    limit: Fraction | None = None  # cumulative limit after this round (None: none)
    pick: str | None = None
    after: tuple[dict[Group, Budget], int, int] | None = None  # budgets, D', M_R
    dropped: frozenset[str] = frozenset()
    # Lower bound per remaining project on its payment q(t) = (la + lb*t) / lden, valid for
    # every t at which this round's budgets are the real ones (lazy evaluation).
    bounds: dict[str, IntAffine3] = field(default_factory=dict)
    picks: tuple[str, ...] = ()  # the projects selected before this round, in order


@dataclass
class _Pass:
    """Working state of one (resumed) run at a fixed ``t0``: the lazy priority queue."""

    heap: list[tuple[float, _Ratio, _TieKey, str, int]]
    serial: dict[str, int]
    # Project -> (its supporter table, the common denominator, the exact payment) when it
    # was last computed exactly at ``t0``: bound and payment stay exact as long as that
    # table (so its supporters' budgets) is unchanged; the rows only need rescaling.
    fresh: dict[str, tuple[dict[Group, int], int, _LazyExact]]
    # Group -> its budget's value at t0 at the scale of its own stamp (A*td + B*tn): an
    # entry of the budgets never changes within a pass, so neither does this.
    values: dict[Group, int] = field(default_factory=dict)
    counter: int = 0


def _track_rival(
    limit: _Limit,
    c: int,
    rows: list[_Row],
    denom: int,
    xa: int,
    xb: int,
    k: int,
    s_wins_tie: bool,
) -> None:
    """Require that a rival (cost ``c``, supporter ``rows``) stays (weakly) worse than the
    selected project on [t0, T).

    The selected project pays q_s(t) = (xa + xb*t) / (D*M_R) per unit of its cost c_s;
    the rival matches that ratio at the cap x(t) = c * (xa + xb*t) / xden with
    xden = D*M_R*c_s. Budgets are (A + B*t)/D = (A*k + B*k*t)/xden with k = M_R*c_s.
    """
    tn, td = limit.num, limit.den
    xden = denom * k
    xa_c = c * xa
    xb_c = c * xb
    need = c * xden
    mass = sum(m for _v, _g, m, _a, _b in rows)
    # Cheap sufficient test: need - mass * x(t) > 0 on the whole interval.
    ha, hb = need - mass * xa_c, -mass * xb_c
    end = limit.value
    if ha * td + hb * tn > 0 and (
        (end is None and hb >= 0)
        or (end is not None and ha * end.denominator + hb * end.numerator > 0)
    ):
        return
    # Total supporter budget must stay above the cost (F(x) = c then has one root).
    ta = sum(m * a for _v, _g, m, a, _b in rows) * k
    tb = sum(m * b for _v, _g, m, _a, b in rows) * k
    limit.positive(ta - need, tb)
    # G(t) = need - sum_g m_g * min(beta_g(t), x(t)) is convex and piecewise affine.
    x0 = xa_c * td + xb_c * tn  # values scaled by td
    g0 = need * td
    slope = 0
    events: list[tuple[Fraction, int]] = []  # (time, slope change)
    for _v, _g, m, a, b in rows:
        a *= k
        b *= k
        v = a * td + b * tn
        if v < x0 or (v == x0 and b <= xb_c):
            g0 -= m * v
            slope -= m * b
            if b > xb_c:
                events.append((Fraction(xa_c - a, b - xb_c), m * (b - xb_c)))
        else:
            g0 -= m * x0
            slope -= m * xb_c
            if b < xb_c:
                events.append((Fraction(xa_c - a, b - xb_c), m * (xb_c - b)))
    if g0 < 0 or (g0 == 0 and not s_wins_tie):  # pragma: no cover - defensive
        limit.cut(limit.t0)
        return
    if g0 == 0:
        if slope < 0:
            limit.cut(limit.t0)
        return
    events.sort(key=lambda e: e[0])
    t = limit.t0
    value = Fraction(g0, td)
    for when, change in events:
        # Every change is >= 0 (G is convex): once G stops falling it never reaches 0.
        if slope >= 0:
            return
        if limit.value is not None and t >= limit.value:
            return
        root = t + value / -slope
        if root <= when:
            limit.cut(root)
            return
        value += slope * (when - t)
        t = when
        slope += change
    if slope < 0:
        limit.cut(t + value / -slope)
