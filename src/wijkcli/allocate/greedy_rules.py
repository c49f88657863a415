"""Greedy rules: fund projects by score, highest first.

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
Only projects with a positive score are ever funded, and never projects below
``Election.min_votes`` (pabulib ``min_project_score_threshold``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from wijkcli.allocate.election import (
    Allocation,
    Election,
    Number,
    Project,
    _eligible,
    _make_allocation,
    natural_key,
    scores,
)

MisfitPolicy = Literal["skip", "stop", "stop-partial"]


def _greedy_order(election: Election, score: Mapping[str, Number]) -> list[Project]:
    return sorted(election.projects, key=lambda p: (-score[p.id], p.cost, natural_key(p.id)))


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
    name = (
        rule
        or {"skip": "greedy", "stop": "greedy-stop", "stop-partial": "greedy-stop-deels"}[on_misfit]
    )
    return _make_allocation(election, selected, funded, name, notes)
