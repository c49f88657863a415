"""Budget allocation engine: which projects get money, by a named, documented rule.

Pure functions over plain data: no files, no printing, no processes, standard library only,
and exact arithmetic throughout (``int`` for money, ``fractions.Fraction`` inside Equal
Shares; never ``float``). Import everything from here; the modules are:

``election``
    ``Project``, ``Election``, ``Allocation``, ``natural_key``, ``scores`` and the helpers
    the rules share.
``greedy_rules``
    ``greedy`` and its variants (``greedy``, ``greedy-stop``, ``greedy-stop-deels``).
``mes``
    ``equal_shares``: the Method of Equal Shares with cost utility and its Add1 completion
    (``equalshares``, ``equalshares-add1``, ``equalshares-add1-greedy``).
``intervals``
    The stable-interval and lazy-bound bookkeeping behind the fast Add1.
``add1``
    The search over the raises for where Add1 ends.
``rules``
    ``RULES`` (stable rule name -> function) and ``rule_names``.

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
"""

from __future__ import annotations

# Names outside ``__all__`` that callers import from here are re-exported with ``as``.
from wijkcli.allocate.election import Allocation, Election, Project, natural_key, scores
from wijkcli.allocate.election import Number as Number
from wijkcli.allocate.greedy_rules import MisfitPolicy as MisfitPolicy
from wijkcli.allocate.greedy_rules import greedy
from wijkcli.allocate.mes import Completion as Completion
from wijkcli.allocate.mes import _equal_shares_add1_naive as _equal_shares_add1_naive
from wijkcli.allocate.mes import equal_shares
from wijkcli.allocate.rules import RULES, rule_names

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
