"""Named rules: ``RULES`` maps each stable rule name to a function ``Election -> Allocation``.

The greedy rules are described in :mod:`wijkcli.allocate.greedy_rules`, the Equal Shares
rules in :mod:`wijkcli.allocate.mes`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from wijkcli.allocate.election import Allocation, Election
from wijkcli.allocate.greedy_rules import greedy
from wijkcli.allocate.memory import bounded_memory
from wijkcli.allocate.mes import equal_shares


def _rule_greedy(e: Election) -> Allocation:
    return greedy(e, on_misfit="skip")


def _rule_greedy_stop(e: Election) -> Allocation:
    return greedy(e, on_misfit="stop")


def _rule_greedy_stop_partial(e: Election) -> Allocation:
    return greedy(e, on_misfit="stop-partial")


def _approvals(e: Election) -> int:
    return sum(map(len, e.ballots))


# Equal Shares runs within a memory bound proportional to the ballots (`memory`): a Dutch
# ValueError naming it instead of MemoryError.


def _rule_es(e: Election) -> Allocation:
    with bounded_memory(_approvals(e)):
        return equal_shares(e, completion="none")


def _rule_es_add1(e: Election) -> Allocation:
    with bounded_memory(_approvals(e)):
        return equal_shares(e, completion="add1")


def _rule_es_add1_greedy(e: Election) -> Allocation:
    with bounded_memory(_approvals(e)):
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
