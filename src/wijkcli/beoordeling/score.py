"""Scoring evenings, scoring: pure scoring of one `Beoordeling` into an `Uitslag`.

No files, no printing, no clock. Exact arithmetic (`fractions.Fraction`) throughout; values are
rounded only for display (`rounded`, and the spreads, which are shown and never compared).

Scoring rules (docs/beoordeling.md is the volunteers' version):

- Per candidate and criterion: the mean and the median of the scores given; a blank on a form
  counts for nothing (not as a zero).
- Weighted score: the weighted mean of the criterion means, Σ gewicht·gemiddelde / Σ gewicht, so
  it stays on the scale of the form.
- Spread (spreiding): the population standard deviation (divided by n, not n-1: the people in the
  hall are everyone who scored, not a sample). Per criterion over the scores; per candidate over
  the weighted score of each complete form. 0 means everybody agreed.
- Ranking: higher weighted score first (exact, never the rounded value). Equal weighted scores:
  the higher mean on the heaviest criterion wins, then the next heaviest (equal weights in the
  order of avond.yaml). Still equal on every criterion: they share the place. Never file order.
- A candidate with fewer forms than `minimum_formulieren`, or with a criterion nobody scored,
  is shown but gets no place: too few to compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from wijkcli.beoordeling.evening import Beoordeling, counted_forms
from wijkcli.beoordeling.model import Avond, Kandidaat
from wijkcli.problems import WijkcliError


@dataclass(frozen=True)
class CriteriumUitslag:
    """The scores one candidate got on one criterion."""

    criterium: str
    naam: str
    gewicht: int
    aantal: int
    """Number of scores (forms that filled this criterion in for this candidate)."""
    gemiddelde: Fraction | None
    mediaan: Fraction | None
    spreiding: Decimal | None
    """Population standard deviation, two decimals (None without scores)."""


@dataclass(frozen=True)
class KandidaatUitslag:
    kandidaat: str
    naam: str
    formulieren: int
    """Forms with at least one score for this candidate."""
    verbonden: int
    """Participants linked to this candidate (they did not score it)."""
    criteria: tuple[CriteriumUitslag, ...]
    gewogen: Fraction | None
    """Weighted score, exact; None when a criterion has no score at all."""
    spreiding: Decimal | None
    """Standard deviation of the weighted score per complete form, two decimals."""
    plaats: int | None
    """Place in the ranking (shared places repeat: 1, 2, 2, 4); None when not ranked."""
    reden: str | None = None
    """Why the candidate has no place (Dutch), None when ranked."""


@dataclass(frozen=True)
class Gelijkspel:
    """Two neighbours in the ranking with the same weighted score, and what separated them."""

    hoger: str
    lager: str
    criterium: str | None
    """The criterion that decided (None: equal everywhere, the place is shared)."""
    hoger_gemiddelde: Fraction | None = None
    lager_gemiddelde: Fraction | None = None


@dataclass(frozen=True)
class Uitslag:
    beoordeling: str
    formulieren: int
    minimum: int
    schaal: tuple[int, int]
    volgorde_criteria: tuple[str, ...]
    """Criteria in the order the tie rule uses them: heaviest first."""
    kandidaten: tuple[KandidaatUitslag, ...]
    """Ranked candidates by place (shared places by name), then the unranked by name."""
    gelijkspelen: tuple[Gelijkspel, ...]


def median(values: list[int]) -> Fraction:
    """The middle value; the mean of the two middle values for an even count."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[mid])
    return Fraction(ordered[mid - 1] + ordered[mid], 2)


def spread(values: list[Fraction]) -> Decimal:
    """Population standard deviation, rounded half up to two decimals (display only)."""
    n = len(values)
    mean = sum(values, Fraction(0)) / n
    variance = sum(((v - mean) ** 2 for v in values), Fraction(0)) / n
    with localcontext() as ctx:
        ctx.prec = 40
        root = (Decimal(variance.numerator) / Decimal(variance.denominator)).sqrt()
        return root.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def rounded(value: Fraction, places: int = 2) -> Decimal:
    """Round an exact non-negative value half up: for display, never for ranking."""
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places)


def _weighted(means: dict[str, Fraction], weights: dict[str, int]) -> Fraction:
    total = sum(weights.values())
    return sum((weights[c] * means[c] for c in weights), Fraction(0)) / total


def _score_kandidaat(b: Beoordeling, avond: Avond, k: Kandidaat) -> KandidaatUitslag:
    weights = {c.id: c.gewicht for c in avond.criteria}
    forms = counted_forms(b, k.id)
    rows = []
    means: dict[str, Fraction] = {}
    for c in avond.criteria:
        values = [f.scores[k.id][c.id] for f in forms if c.id in f.scores[k.id]]
        mean = Fraction(sum(values), len(values)) if values else None
        if mean is not None:
            means[c.id] = mean
        rows.append(
            CriteriumUitslag(
                c.id,
                c.naam,
                c.gewicht,
                len(values),
                mean,
                median(values) if values else None,
                spread([Fraction(v) for v in values]) if values else None,
            )
        )
    complete = [
        _weighted({c: Fraction(f.scores[k.id][c]) for c in weights}, weights)
        for f in forms
        if all(c in f.scores[k.id] for c in weights)
    ]
    gewogen = _weighted(means, weights) if len(means) == len(weights) else None
    reden = None
    if len(forms) < avond.minimum_formulieren:
        reden = (
            f"te weinig formulieren om te vergelijken ({len(forms)}, minimaal "
            f"{avond.minimum_formulieren})"
        )
    elif gewogen is None:
        reden = "niet op elk criterium gescoord"
    return KandidaatUitslag(
        kandidaat=k.id,
        naam=k.naam,
        formulieren=len(forms),
        verbonden=sum(1 for f in b.formulieren.values() if k.id in f.verbonden_met),
        criteria=tuple(rows),
        gewogen=gewogen,
        spreiding=spread(complete) if complete else None,
        plaats=None,
        reden=reden,
    )


def tie_order(avond: Avond) -> list[str]:
    """Criteria for the tie rule: heaviest first, equal weights in the order of avond.yaml."""
    indexed = sorted(enumerate(avond.criteria), key=lambda ic: (-ic[1].gewicht, ic[0]))
    return [c.id for _, c in indexed]


def score(b: Beoordeling) -> Uitslag:
    """Score one evening: per candidate the weighted score, per criterion mean, median and
    spread, the forms counted, and the ranking under the tie rule. The order of the forms never
    matters: every sum is exact and every sort has a full key.

    Raises:
        WijkcliError: avond.yaml or kandidaten.yaml could not be read.
    """
    avond = b.avond
    if avond is None or not b.kandidaten:
        raise WijkcliError(
            f"beoordeling '{b.id}' mist avond.yaml of kandidaten.yaml; draai 'wijk check'"
        )
    order = tie_order(avond)
    results = [_score_kandidaat(b, avond, k) for k in b.kandidaten]

    def tie_key(r: KandidaatUitslag) -> tuple[Fraction, ...]:
        means = {c.criterium: c.gemiddelde or Fraction(0) for c in r.criteria}
        return (-(r.gewogen or Fraction(0)), *(-means[c] for c in order))

    def name_key(r: KandidaatUitslag) -> tuple[str, str]:
        return (r.naam.casefold(), r.kandidaat)

    ranked = sorted(
        (r for r in results if r.reden is None), key=lambda r: (tie_key(r), name_key(r))
    )
    placed: list[KandidaatUitslag] = []
    ties: list[Gelijkspel] = []
    for i, r in enumerate(ranked):
        place = i + 1
        if i and tie_key(r) == tie_key(ranked[i - 1]):
            place = placed[-1].plaats or place
        placed.append(replace(r, plaats=place))
        if i and r.gewogen == ranked[i - 1].gewogen:
            ties.append(_tie(ranked[i - 1], r, order))
    unranked = sorted((r for r in results if r.reden is not None), key=name_key)
    return Uitslag(
        beoordeling=b.id,
        formulieren=len(b.formulieren),
        minimum=avond.minimum_formulieren,
        schaal=(avond.schaal.min, avond.schaal.max),
        volgorde_criteria=tuple(order),
        kandidaten=(*placed, *unranked),
        gelijkspelen=tuple(ties),
    )


def _tie(hoger: KandidaatUitslag, lager: KandidaatUitslag, order: list[str]) -> Gelijkspel:
    high = {c.criterium: c.gemiddelde for c in hoger.criteria}
    low = {c.criterium: c.gemiddelde for c in lager.criteria}
    for cid in order:
        if high[cid] != low[cid]:
            return Gelijkspel(hoger.kandidaat, lager.kandidaat, cid, high[cid], low[cid])
    return Gelijkspel(hoger.kandidaat, lager.kandidaat, None)
