"""The Add1 completion of Equal Shares: the search for the raise at which it ends.

Add1 runs Equal Shares with a per-voter budget of ``t_base + k * step`` for k = 0, 1, 2, …
and ends at the first raise k whose outcome is exhaustive (that outcome is kept) or
overspends (the outcome of raise k - 1 is kept; at k = 0 nothing). A run also tells up to
which budget its decisions stay the same (``_MES.run``), so the search jumps over raises
that cannot change the outcome; the answer is exactly that of the loop that runs every
raise (the tests compare both, and both with pabutools).

The search runs in this process. Splitting it over a forked second process was measured
and removed: it did not pay on every file where it started (docs/toewijzing.md,
"Eén proces").
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fractions import Fraction

    from wijkcli.allocate.mes import _MES


def search(mes: _MES, t_base: Fraction, step: int, notes: list[str]) -> list[str]:
    """The outcome Add1 keeps (see the module docstring); explains it in ``notes``."""
    budget = mes.election.budget
    before: list[str] = []  # the outcome at raise k - 1
    k = 0
    while True:
        order, limit = mes.run(t_base + k * step, track=True)
        if mes.outcome_cost(order) > budget:
            notes.append(f"Add1: {k} verhogingen, uitkomst van verhoging {max(k - 1, 0)}")
            return before
        if mes.exhaustive(order):
            notes.append(f"Add1: uitkomst na {k} verhogingen van {step} per kiezer")
            return order
        if limit is None:  # pragma: no cover - cannot happen: large budgets overspend
            notes.append("Add1: uitkomst verandert niet meer")
            return order
        before = order
        # The next raise at or beyond the end of this run's stable interval.
        k = max(k + 1, math.ceil((limit - t_base) / step))
