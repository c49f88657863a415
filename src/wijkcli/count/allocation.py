"""Count stage, the budget fit: fit a round's adopted advice to what a gebied has.

Bridges the round's `toewijzing` rule to the allocation engine in `wijkcli.allocate`:
- `steun-overslaan`: by support (most `voor` first), skipping what does not fit;
- `steun-stoppen`: by support, stopping at the first that does not fit;
- `gelijke-delen`: Method of Equal Shares over the members' `voor` votes (open ballot only),
  with the amounts in cents as costs.
Ranking ties are broken by the engine's documented rule (never by file order).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from wijkcli.problems import WijkcliError


class Candidate(Protocol):
    @property
    def aanvraag_id(self) -> str: ...
    @property
    def bedrag(self) -> Decimal: ...
    @property
    def voor(self) -> int: ...
    @property
    def tegen(self) -> int: ...
    @property
    def voor_ids(self) -> tuple[str, ...] | None: ...


def allocate_items(
    rule: str, items: Sequence[Candidate], available: Decimal
) -> tuple[dict[str, Decimal], tuple[str, ...]]:
    """Which adopted items get money: {aanvraag_id: amount}, and the order they were chosen.

    Raises:
        WijkcliError: `gelijke-delen` on a secret ballot (there are no individual votes).
    """
    from wijkcli import allocate
    from wijkcli.allocate.money import from_units, to_units

    projects = tuple(allocate.Project(i.aanvraag_id, to_units(i.bedrag)) for i in items)
    budget = to_units(available)
    if rule == "gelijke-delen":
        if any(i.voor_ids is None for i in items):
            raise WijkcliError(
                "toewijzing 'gelijke-delen' heeft namen van wie voor stemde nodig; bij een "
                "geheime stemming kan dat niet (kies steun-overslaan of steun-stoppen)"
            )
        voters = sorted({v for i in items for v in (i.voor_ids or ())})
        ballots = tuple(
            frozenset(i.aanvraag_id for i in items if v in (i.voor_ids or ())) for v in voters
        )
        election = allocate.Election(projects=projects, ballots=ballots, budget=budget, unit=100)
        result = allocate.equal_shares(election, completion="add1", then_greedy=True)
    else:
        votes = {i.aanvraag_id: i.voor for i in items}
        election = allocate.Election.from_votes(projects, votes, budget, unit=100)
        result = allocate.greedy(
            election, on_misfit="skip" if rule == "steun-overslaan" else "stop"
        )
    chosen = {pid: from_units(amount, 100) for pid, amount in result.funded.items()}
    return chosen, tuple(result.selected)
