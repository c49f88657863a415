"""Residents' scoring evenings ("Idols", #9): load, check, score and render `data/beoordelingen/`.

The pipeline for `data/beoordelingen/<id>/`, in the same shape as the rest of wijkcli, one module
per stage:

- `evening`: `Beoordeling`, one evening as read from disk (sources kept off the models).
- `load`: `read_beoordelingen(data_dir)` reads every file strictly; `load_beoordelingen` adds the
  cross-checks (what `wijk check` runs, via `beoordeling_problems`); `load_beoordeling` gives one
  evening ready to score.
- `checks`: `check_beoordeling(b)`, cross-file checks, every problem with file:line:column.
- `score`: `score(b) -> Uitslag`, pure scoring with exact arithmetic (`fractions.Fraction`);
  rounded only for display. The scoring rules are in its docstring.
- `views`: `uitslag_table`, `uitslag_json`, `beoordeling_context(b, uitslag, versie=...)` and
  `uitslag_document`: what the templates and the terminal show.

Privacy: participants are anonymous numbers; no output names or numbers a participant.
"""

from __future__ import annotations

from wijkcli.beoordeling.checks import FORM_RE, check_beoordeling
from wijkcli.beoordeling.evening import Beoordeling
from wijkcli.beoordeling.load import (
    FOLDER,
    beoordeling_problems,
    beoordelingen_dir,
    load_beoordeling,
    load_beoordelingen,
    read_beoordelingen,
)
from wijkcli.beoordeling.score import (
    CriteriumUitslag,
    Gelijkspel,
    KandidaatUitslag,
    Uitslag,
    median,
    rounded,
    score,
    spread,
    tie_order,
)
from wijkcli.beoordeling.views import (
    Scored,
    beoordeling_context,
    chart,
    decimal_nl,
    tie_sentences,
    uitslag_document,
    uitslag_json,
    uitslag_table,
)

__all__ = [
    "FOLDER",
    "FORM_RE",
    "Beoordeling",
    "CriteriumUitslag",
    "Gelijkspel",
    "KandidaatUitslag",
    "Scored",
    "Uitslag",
    "beoordeling_context",
    "beoordeling_problems",
    "beoordelingen_dir",
    "chart",
    "check_beoordeling",
    "decimal_nl",
    "load_beoordeling",
    "load_beoordelingen",
    "median",
    "read_beoordelingen",
    "rounded",
    "score",
    "spread",
    "tie_order",
    "tie_sentences",
    "uitslag_document",
    "uitslag_json",
    "uitslag_table",
]
