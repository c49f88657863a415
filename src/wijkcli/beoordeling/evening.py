"""Data for every stage (load, check, score, render) of a scoring evening: `Beoordeling`, what
was read from one `data/beoordelingen/<id>/` folder with the sources kept off the models, and
`counted_forms`, which forms count for a candidate (the checks and the scoring share this rule).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkcli.beoordeling.model import Avond, Formulier, Kandidaat
from wijkcli.dataset import Source


@dataclass
class Beoordeling:
    """One scoring evening as read from disk. Sources stay here, off the models."""

    id: str
    folder: str = ""
    """Repo-relative path of the folder, for problems about a missing file."""
    avond: Avond | None = None
    kandidaten: list[Kandidaat] = field(default_factory=list)
    formulieren: dict[str, Formulier] = field(default_factory=dict)
    """Forms by file stem (`f07`)."""
    avond_src: Source | None = None
    kandidaten_src: Source | None = None
    formulier_src: dict[str, Source] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    """File kinds present on disk (also those that could not be read)."""


def counted_forms(b: Beoordeling, kandidaat: str) -> list[Formulier]:
    """Forms that score `kandidaat`, in participant order; scores of a recused participant do
    not count (the check reports them)."""
    return sorted(
        (
            f
            for f in b.formulieren.values()
            # A form whose scores failed (only in `wijk check`: an evening with errors is
            # never scored) counts for no kandidaat.
            if getattr(f, "scores", {}).get(kandidaat)
            and kandidaat not in getattr(f, "verbonden_met", ())
        ),
        key=lambda f: f.deelnemer,
    )
