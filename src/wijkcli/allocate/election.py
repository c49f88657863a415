"""Data model of an allocation: projects, election, outcome, and helpers the rules share.

Pure functions over plain data: no I/O, no printing, standard library only, and exact
arithmetic throughout (``int`` for money, ``fractions.Fraction`` inside Equal Shares; never
``float``).

Only projects with a positive score are ever funded, and never projects below
``Election.min_votes`` (pabulib ``min_project_score_threshold``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

Number = int | Fraction
_TieKey = tuple[int, Number, tuple[tuple[int, int, str], ...]]

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
        if self.category_budgets is not None and any(b < 0 for b in self.category_budgets.values()):
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


def _eligible(score: Number, min_votes: Number) -> bool:
    return score > 0 and score >= min_votes
