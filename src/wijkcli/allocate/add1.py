"""The Add1 completion of Equal Shares: the search for the raise at which it ends.

Add1 runs Equal Shares with a per-voter budget of ``t_base + k * step`` for k = 0, 1, 2, …
and ends at the first raise k whose outcome is exhaustive (that outcome is kept) or
overspends (the outcome of raise k - 1 is kept; at k = 0 nothing). A run also tells up to
which budget its decisions stay the same (``_MES.run``), so the search jumps over raises
that cannot change the outcome.

The raises are searched in blocks: raise 0, then blocks of 1, 1, 2, 2, 4, 4, 8, 8, 16, 16,
… raises (at most ``_MAX_BLOCK``). On a machine with a second core, a big election
(``_SPLIT_AT_ONCE``) is split from the start and a smaller one once its search has taken
``_FORK_AFTER``: from then on a forked child searches every other block while this process
searches the others. Each reports, per block, whether Add1 ends in it and the outcome it
ends with. The answer is read from the blocks in order: the first block where Add1 ends
decides, exactly as one process going raise by raise would (the tests compare both). The
child is stopped as soon as the answer is known; if it fails, or no process can be had, this
process searches its blocks too. Environment variable WIJK_WORKERS=1 keeps the search in
one process; WIJK_WORKERS=2 lets it split even where only one core is reported (the same
limits apply; the tests lower them to split small searches).

Each process keeps its own runs to resume from, so a block that starts far from the
process's previous one costs a longer run; the blocks grow so that this happens a few
times per process, while the last block of either process (past the raise where Add1 ends)
stays short. On Amsterdam 166 (274 raises) this halves the time on two cores (see
docs/toewijzing.md, "Twee processen").
"""

from __future__ import annotations

import marshal
import math
import os
import time
from typing import TYPE_CHECKING, Literal, NamedTuple

from wijkcli.allocate.forked import ForkedStream, can_fork, forced_workers, second_core

if TYPE_CHECKING:
    from collections.abc import Callable
    from fractions import Fraction

    from wijkcli.allocate.mes import _MES

_FORK_AFTER = 0.005
"""Seconds after which a search still going is split over two processes. A fork costs
~2 ms in a fresh process (page tables, then copies of the pages both processes touch), the
wait for the child's last block a few more. Measured in fresh processes (median of 5):
Assen 2025 (270 raises, 31 ms alone) takes 24.5 ms split after 5 ms and 27 ms after 10 ms;
Assen 2024 (844 raises, 5 ms alone) is done before either. Splitting after 2 ms made
Assen 2024 slower (8 ms). The allocation of a round's applications takes far less and never
forks."""

_SPLIT_AT_ONCE = 4_000
"""Approvals (one per supporting class and project) from which the search is split before
raise 0: raise 0 alone then takes 5 ms or more (Amsterdam 166: 4,695 approvals, 6 ms; 309:
149,273, 61 ms), and the child's first block runs beside it instead of after it."""

_MAX_BLOCK = 16
"""The largest block of raises (measured on Amsterdam 166: blocks of 4, 10 and 20 raises
take 0.41, 0.39 and 0.37 s per process; larger blocks leave more work to one process at the
end)."""

Ending = Literal["overspent", "exhaustive", "stable"]


class _Block(NamedTuple):
    """What the search found in one block of raises.

    ``ending`` is None when Add1 does not end in the block; ``outcome`` is then the outcome
    at the block's last raise, ``stop``. Otherwise Add1 ends at raise ``stop`` and
    ``outcome`` is the outcome it keeps: for "overspent" that of the raise before, None when
    that raise lies in the block before.
    """

    ending: Ending | None
    stop: int
    outcome: list[str] | None


def block_size(index: int) -> int:
    """The number of raises in block ``index``: raise 0, then 1, 1, 2, 2, 4, 4, … raises."""
    return 1 if index == 0 else min(1 << ((index - 1) // 2), _MAX_BLOCK)


def block_range(index: int) -> tuple[int, int]:
    """The raises ``[lo, hi)`` of block ``index``."""
    lo = sum(map(block_size, range(index)))
    return lo, lo + block_size(index)


class _Search:
    """The raises of one election's Add1, searched block by block in this process."""

    def __init__(self, mes: _MES, t_base: Fraction, step: int) -> None:
        self.mes = mes
        self.t_base = t_base
        self.step = step
        # The last run here: its raise, the first raise its outcome is not known to hold
        # for, and that outcome (which did not end Add1).
        self._last: tuple[int, int, list[str]] | None = None
        # Outcomes cross the pipe as positions in one order of the candidates (plain ints:
        # marshal takes no subclass of str).
        self._ids = sorted(mes.bit, key=mes.bit.__getitem__)
        self._position = {pid: i for i, pid in enumerate(self._ids)}
        self._starts = [0]  # the first raise of each block so far

    def to_bytes(self, index: int, block: _Block) -> bytes:
        """Block ``index`` for the pipe."""
        outcome = block.outcome
        wire = None if outcome is None else [self._position[pid] for pid in outcome]
        return marshal.dumps((index, block.ending, block.stop, wire))

    def from_bytes(self, data: bytes) -> tuple[int, _Block]:
        index, ending, stop, wire = marshal.loads(data)
        outcome = None if wire is None else [self._ids[i] for i in wire]
        return index, _Block(ending, stop, outcome)

    def raises(self, lo: int, hi: int) -> _Block:
        """Search raises ``lo`` up to (not including) ``hi``."""
        mes = self.mes
        budget = mes.election.budget
        before: list[str] | None = None  # the outcome at raise k - 1, once known here
        k = lo
        if self._last is not None and self._last[0] <= lo < self._last[1]:
            # The last run here showed that its outcome holds at lo too.
            _, k, before = self._last
        while k < hi:
            order, limit = mes.run(self.t_base + k * self.step, track=True)
            if mes.outcome_cost(order) > budget:
                return _Block("overspent", k, before)
            if mes.exhaustive(order):
                return _Block("exhaustive", k, order)
            if limit is None:  # pragma: no cover - cannot happen: large budgets overspend
                return _Block("stable", k, order)
            before = order
            # The next raise at or beyond the end of this run's stable interval.
            following = max(k + 1, math.ceil((limit - self.t_base) / self.step))
            self._last = (k, following, order)
            k = following
        return _Block(None, hi - 1, before)

    def block(self, index: int) -> _Block:
        """Search block ``index`` (see ``block_range``)."""
        starts = self._starts
        while len(starts) <= index + 1:
            starts.append(starts[-1] + block_size(len(starts) - 1))
        return self.raises(starts[index], starts[index + 1])


def search(mes: _MES, t_base: Fraction, step: int, notes: list[str]) -> list[str]:
    """The outcome Add1 keeps (see the module docstring); explains it in ``notes``."""
    here = _Search(mes, t_base, step)
    done: list[_Block] = []
    if mes.approvals >= _SPLIT_AT_ONCE and _may_split():
        return _conclude(_search_in_two(here, done), step, notes)
    started = time.perf_counter()
    may_split: bool | None = None  # asked once the search has taken long enough
    while True:
        block = here.block(len(done))
        done.append(block)
        if block.ending is not None:
            return _conclude(done, step, notes)
        if may_split is None and time.perf_counter() - started >= _FORK_AFTER:
            may_split = _may_split()
            if may_split:
                return _conclude(_search_in_two(here, done), step, notes)


def _may_split() -> bool:
    """Whether a second process may be used: it can be forked, WIJK_WORKERS does not say 1,
    and there is a second core (or WIJK_WORKERS says 2)."""
    forced = forced_workers()
    return can_fork() and (forced == 2 or (forced is None and second_core()))


def _conclude(blocks: list[_Block], step: int, notes: list[str]) -> list[str]:
    """The kept outcome from the blocks in order (the last one ends Add1)."""
    previous: list[str] = []
    for block in blocks:
        if block.ending is None:
            assert block.outcome is not None
            previous = block.outcome
            continue
        k = block.stop
        if block.ending == "overspent":
            notes.append(f"Add1: {k} verhogingen, uitkomst van verhoging {max(k - 1, 0)}")
            return previous if block.outcome is None else block.outcome
        if block.ending == "exhaustive":
            notes.append(f"Add1: uitkomst na {k} verhogingen van {step} per kiezer")
        else:  # pragma: no cover - see _Search.raises
            notes.append("Add1: uitkomst verandert niet meer")
        assert block.outcome is not None
        return block.outcome
    raise AssertionError("the blocks end without an ending")  # pragma: no cover


def _search_in_two(here: _Search, done: list[_Block]) -> list[_Block]:
    """The blocks after ``done`` (searched already, without an ending) alternately here and
    in a forked child; the blocks in order up to the first where Add1 ends."""
    own = len(done)
    found = dict(enumerate(done))
    child: ForkedStream | None = None
    try:
        child = ForkedStream(lambda send: _child(here, own + 1, send))
        while True:
            for data in child.messages():
                index, block = here.from_bytes(data)
                found[index] = block
            ends = [i for i, b in found.items() if b.ending is not None]
            end = min(ends, default=None)
            if end is not None and all(i in found for i in range(end)):
                return [found[i] for i in range(end + 1)]
            if child.ended:  # the child stopped (failed, or ended Add1 in its blocks)
                missing = next(i for i in range(len(found) + 1) if i not in found)
                found[missing] = here.block(missing)
            elif end is None or own < end:
                found[own] = here.block(own)
                own += 2
            else:  # the child has blocks before the end to deliver: wait for them
                for data in child.messages(wait=True):
                    index, block = here.from_bytes(data)
                    found[index] = block
    finally:
        if child is not None:
            child.close()


def _child(
    here: _Search, index: int, send: Callable[[bytes], None]
) -> None:  # pragma: no cover - forked
    parent = os.getppid()
    while os.getppid() == parent:  # stop when the parent is gone (killed, say)
        block = here.block(index)
        send(here.to_bytes(index, block))
        if block.ending is not None:
            return
        index += 2
