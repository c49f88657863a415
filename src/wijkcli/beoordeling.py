"""Load, check and score stage for residents' scoring evenings ("Idols", #9).

The pipeline for `data/beoordelingen/<id>/`, in the same shape as the rest of wijkcli:

- `read_beoordelingen(data_dir)`: walk the folders, read each file strictly (`read_yaml` +
  `validate_document`), keep a `Source` per file for locations.
- `check_beoordeling(b)`: cross-file checks, every problem with file:line:column.
- `load_beoordelingen(data_dir)`: both, what `wijk check` runs.
- `score(b) -> Uitslag`: pure scoring with exact arithmetic (`fractions.Fraction`); rounded only
  for display.
- `beoordeling_context(b, uitslag, versie=...)`, `uitslag_table`, `uitslag_json`: what the
  templates and the terminal show.

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

Privacy: participants are anonymous numbers; no output names or numbers a participant.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

from wijkcli import __version__
from wijkcli.beoordeling_model import (
    BEOORDELING_FILE_MODELS,
    Avond,
    Formulier,
    Kandidaat,
    KandidatenBestand,
)
from wijkcli.checks.common import duplicates, error, unknown, warning
from wijkcli.load import Source, find_data_dir, validate_document
from wijkcli.problems import (
    DataProblemsError,
    Location,
    Problem,
    WijkcliError,
    has_errors,
    sort_problems,
)
from wijkcli.text import join_dutch
from wijkcli.yamlread import read_yaml

FOLDER = "beoordelingen"
FORM_RE = re.compile(r"^f0*([0-9]+)$")
"""Form files are named after the number on the paper form: f07.yaml holds deelnemer 7."""

# --- loading ----------------------------------------------------------------------------------


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


def beoordelingen_dir(root: Path) -> Path:
    """The data folder holding `beoordelingen/`: `root`, `root/data`, or what `find_data_dir`
    finds.

    Raises:
        WijkcliError: no data folder at all.
    """
    for candidate in (root, root / "data"):
        if (candidate / FOLDER).is_dir():
            return candidate
    return find_data_dir(root)


def _kind(rel: tuple[str, ...]) -> str | None:
    """The file kind of a path inside one beoordeling folder, or None."""
    if rel == ("avond.yaml",):
        return "avond"
    if rel == ("kandidaten.yaml",):
        return "kandidaten"
    if len(rel) == 2 and rel[0] == "formulieren" and rel[1].endswith(".yaml"):
        return "formulier"
    return None


def read_beoordelingen(data_dir: Path) -> tuple[dict[str, Beoordeling], list[Problem]]:
    """Read every file under `data_dir/beoordelingen/` (nothing there: no evenings, no problems).

    Returns the evenings by id (sorted) and the problems of reading and validating the files.
    """
    base = data_dir.parent
    top = data_dir / FOLDER
    found: dict[str, Beoordeling] = {}
    problems: list[Problem] = []
    if not top.is_dir():
        return found, problems
    for file in sorted(p for p in top.rglob("*") if p.is_file()):
        rel = file.relative_to(base).as_posix()
        inner = file.relative_to(top).parts
        kind = _kind(inner[1:]) if len(inner) > 1 else None
        if kind is None:
            if file.suffix in (".yaml", ".yml"):
                problems.append(
                    warning(
                        Location(rel),
                        "unknown-file",
                        "wijkcli kent dit bestand niet (verkeerde naam of map?); het wordt "
                        "overgeslagen",
                        hint="een beoordeling heeft avond.yaml, kandidaten.yaml en "
                        "formulieren/f<nummer>.yaml; zie docs/beoordeling.md",
                    )
                )
            continue
        folder = (top / inner[0]).relative_to(base).as_posix()
        b = found.setdefault(inner[0], Beoordeling(inner[0], folder=folder))
        b.seen.add(kind)
        doc, read_problems = read_yaml(rel, file.read_bytes())
        problems.extend(read_problems)
        if doc is None:
            continue
        obj, invalid = validate_document(rel, BEOORDELING_FILE_MODELS[kind], doc.data, doc.marks)
        problems.extend(invalid)
        if obj is None:
            continue
        src = Source(rel, doc.marks)
        if kind == "avond":
            b.avond, b.avond_src = obj, src
        elif kind == "kandidaten":
            assert isinstance(obj, KandidatenBestand)
            b.kandidaten, b.kandidaten_src = list(obj.kandidaten), src
        else:
            stem = Path(inner[-1]).stem
            b.formulieren[stem] = obj
            b.formulier_src[stem] = src
    return dict(sorted(found.items())), problems


# --- checks -----------------------------------------------------------------------------------


def check_beoordeling(b: Beoordeling) -> list[Problem]:
    """Een beoordeling heeft avond.yaml en kandidaten.yaml; het id past bij de map; elk
    formulier past bij zijn bestandsnaam, noemt alleen bestaande kandidaten en criteria, geeft
    scores op de schaal, en een deelnemer scoort geen kandidaat waar hij of zij aan verbonden
    is. Een kandidaat met te weinig formulieren krijgt een waarschuwing."""
    problems = list(_check_avond(b))
    problems.extend(_check_kandidaten(b))
    problems.extend(_check_formulieren(b))
    problems.extend(_check_counts(b))
    return problems


def _check_avond(b: Beoordeling) -> Iterator[Problem]:
    for kind in ("avond", "kandidaten"):
        if kind not in b.seen:
            yield error(
                Location(b.folder),
                "missing-file",
                f"beoordeling '{b.id}' heeft geen {kind}.yaml",
            )
    avond, src = b.avond, b.avond_src
    if avond is None or src is None:
        return
    if avond.id != b.id:
        yield error(
            src.at("id"),
            "id-mismatch",
            f"id '{avond.id}' past niet bij de map '{b.id}'",
            hint=f"maak het id '{b.id}' of hernoem de map",
        )
    if avond.begin is not None and avond.eind is not None and avond.eind <= avond.begin:
        yield error(src.at("eind"), "time-order", "de avond eindigt niet na het begin")
    if avond.schaal.min >= avond.schaal.max:
        yield error(
            src.at("schaal", "max"),
            "invalid-value",
            f"de schaal loopt van {avond.schaal.min} tot {avond.schaal.max}; max moet hoger "
            "zijn dan min",
        )
    for i, cid in duplicates(c.id for c in avond.criteria):
        yield error(
            src.at("criteria", i, "id"),
            "duplicate-id",
            f"criterium '{cid}' staat twee keer in de criteria",
        )


def _check_kandidaten(b: Beoordeling) -> Iterator[Problem]:
    src = b.kandidaten_src
    if src is None:
        return
    for i, kid in duplicates(k.id for k in b.kandidaten):
        yield error(
            src.at("kandidaten", i, "id"),
            "duplicate-id",
            f"kandidaat '{kid}' staat twee keer in kandidaten.yaml",
        )


def _check_formulieren(b: Beoordeling) -> Iterator[Problem]:
    known = {k.id for k in b.kandidaten}
    criteria = [c.id for c in b.avond.criteria] if b.avond is not None else []
    first_file: dict[int, str] = {}
    for stem, form in sorted(b.formulieren.items()):
        src = b.formulier_src[stem]
        m = FORM_RE.match(stem)
        if m is None or int(m[1]) != form.deelnemer:
            yield error(
                src.at("deelnemer"),
                "id-mismatch",
                f"deelnemer {form.deelnemer} past niet bij de bestandsnaam '{stem}.yaml'",
                hint=f"noem het bestand f{form.deelnemer:02d}.yaml, naar het nummer op het "
                "papieren formulier",
            )
        if form.deelnemer in first_file:
            yield error(
                src.at("deelnemer"),
                "duplicate-participant",
                f"deelnemer {form.deelnemer} heeft al een formulier "
                f"({first_file[form.deelnemer]}.yaml)",
                hint="elk papieren formulier heeft een eigen nummer; tel een formulier nooit "
                "twee keer",
            )
        else:
            first_file[form.deelnemer] = stem
        if known:
            for i, kid in enumerate(form.verbonden_met):
                if kid not in known:
                    yield unknown(
                        src.at("verbonden_met", i), "unknown-kandidaat", "kandidaat", kid, known
                    )
        yield from _check_scores(b, form, src, known, criteria)


def _check_scores(
    b: Beoordeling, form: Formulier, src: Source, known: set[str], criteria: list[str]
) -> Iterator[Problem]:
    schaal = b.avond.schaal if b.avond is not None else None
    for kid, given in form.scores.items():
        if known and kid not in known:
            yield unknown(
                src.at("scores", kid, key=True), "unknown-kandidaat", "kandidaat", kid, known
            )
            continue
        if kid in form.verbonden_met:
            yield error(
                src.at("scores", kid, key=True),
                "recused-score",
                f"deelnemer {form.deelnemer} is verbonden met '{kid}' en beoordeelt die "
                "kandidaat dus niet",
                hint=f"haal de scores voor '{kid}' weg (of '{kid}' uit verbonden_met, als de "
                "deelnemer er niet aan verbonden is)",
            )
            continue
        if not criteria:
            continue
        for cid, value in given.items():
            if cid not in criteria:
                yield unknown(
                    src.at("scores", kid, cid, key=True),
                    "unknown-criterium",
                    "criterium",
                    cid,
                    criteria,
                )
            elif schaal is not None and not schaal.min <= value <= schaal.max:
                yield error(
                    src.at("scores", kid, cid),
                    "score-out-of-scale",
                    f"score {value} ligt buiten de schaal van {schaal.min} tot en met {schaal.max}",
                    hint="neem de score over zoals op het formulier; is die onleesbaar, laat "
                    "het criterium dan weg",
                )
        missing = [c for c in criteria if c not in given]
        if missing and given:
            names = join_dutch([f"'{c}'" for c in missing])
            yield warning(
                src.at("scores", kid, key=True),
                "missing-score",
                f"deelnemer {form.deelnemer} gaf '{kid}' geen score voor {names}; dat "
                "criterium telt voor deze kandidaat zonder dit formulier",
            )


def _check_counts(b: Beoordeling) -> Iterator[Problem]:
    if b.avond is None or b.kandidaten_src is None:
        return
    minimum = b.avond.minimum_formulieren
    for i, k in enumerate(b.kandidaten):
        n = len(_counted_forms(b, k.id))
        if n < minimum:
            yield warning(
                b.kandidaten_src.at("kandidaten", i, "id"),
                "too-few-scores",
                f"'{k.id}' heeft {n} {'formulier' if n == 1 else 'formulieren'} met scores, "
                f"minder dan het minimum van {minimum}; deze kandidaat krijgt geen plaats in "
                "de rangorde",
                hint="controleer of alle formulieren zijn ingevoerd",
            )


def load_beoordelingen(data_dir: Path) -> tuple[dict[str, Beoordeling], list[Problem]]:
    """Read and check every scoring evening under `data_dir/beoordelingen/`.

    Returns the evenings by id and all problems (reading, validation, cross-checks), sorted.
    """
    found, problems = read_beoordelingen(data_dir)
    for b in found.values():
        problems.extend(check_beoordeling(b))
    return found, sort_problems(problems)


def beoordeling_problems(root: Path) -> list[Problem]:
    """Everything `wijk check` reports about the scoring evenings of the repository at `root`.

    Raises:
        WijkcliError: no data folder.
    """
    return load_beoordelingen(beoordelingen_dir(root))[1]


def load_beoordeling(root: Path, beoordeling_id: str) -> tuple[Beoordeling, list[Problem]]:
    """One evening, ready to score, with its warnings.

    Raises:
        DataProblemsError: the evening's files have errors (carries its problems).
        WijkcliError: no data folder, or no evening with this id.
    """
    found, problems = load_beoordelingen(beoordelingen_dir(root))
    b = found.get(beoordeling_id)
    if b is None:
        known = ", ".join(found) or "geen"
        raise WijkcliError(
            f"beoordeling '{beoordeling_id}' bestaat niet in data/{FOLDER} (wel: {known})"
        )
    own = [
        p
        for p in problems
        if p.location is not None
        and (p.location.path == b.folder or p.location.path.startswith(b.folder + "/"))
    ]
    if has_errors(own):
        raise DataProblemsError(
            f"de beoordeling '{beoordeling_id}' bevat fouten; los ze eerst op (zie hieronder, "
            "of 'wijk check')",
            own,
        )
    return b, own


# --- scoring ----------------------------------------------------------------------------------


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


def _counted_forms(b: Beoordeling, kandidaat: str) -> list[Formulier]:
    """Forms that score `kandidaat`, in participant order; scores of a recused participant do
    not count (the check reports them)."""
    return sorted(
        (
            f
            for f in b.formulieren.values()
            if f.scores.get(kandidaat) and kandidaat not in f.verbonden_met
        ),
        key=lambda f: f.deelnemer,
    )


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
    forms = _counted_forms(b, k.id)
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


# --- views: terminal table, JSON, document context --------------------------------------------


def decimal_nl(value: Fraction | Decimal | None, places: int = 2) -> str:
    """`3,50`; `-` for no value."""
    if value is None:
        return "-"
    d = rounded(value, places) if isinstance(value, Fraction) else value
    return f"{d:.{places}f}".replace(".", ",")


def _median_nl(value: Fraction | None) -> str:
    """Medians are whole or halves: `4` or `3,5`."""
    if value is None:
        return "-"
    return str(value.numerator) if value.denominator == 1 else decimal_nl(value, 1)


def _names(u: Uitslag) -> dict[str, str]:
    return {k.kandidaat: k.naam for k in u.kandidaten}


def tie_sentences(u: Uitslag, criteria_names: dict[str, str]) -> list[str]:
    """One Dutch sentence per tie in the ranking."""
    names = _names(u)
    out = []
    for t in u.gelijkspelen:
        if t.criterium is None:
            out.append(
                f"{names[t.hoger]} en {names[t.lager]} hebben hetzelfde gewogen cijfer en "
                "ook op elk criterium hetzelfde gemiddelde: zij delen de plaats."
            )
        else:
            out.append(
                f"{names[t.hoger]} en {names[t.lager]} hebben precies hetzelfde gewogen cijfer; "
                f"{names[t.hoger]} gaat voor, met een hoger gemiddelde op het zwaarst wegende "
                f"criterium waarop zij verschillen, '{criteria_names[t.criterium]}' "
                f"({decimal_nl(t.hoger_gemiddelde)} tegen {decimal_nl(t.lager_gemiddelde)})."
            )
    return out


def uitslag_table(b: Beoordeling, u: Uitslag, fmt: str = "tabel") -> str:
    """The result as plain tables (`tabel`) or Markdown pipe tables (`md`)."""
    from tabulate import tabulate

    assert b.avond is not None
    tablefmt = "pipe" if fmt == "md" else "simple"
    head = ["plaats", "kandidaat", "formulieren", "gewogen", "spreiding"]
    rows = [
        [
            k.plaats if k.plaats is not None else "-",
            k.naam,
            k.formulieren,
            decimal_nl(k.gewogen),
            decimal_nl(k.spreiding),
        ]
        for k in u.kandidaten
    ]
    crit_head = ["kandidaat", *(f"{c.id} (×{c.gewicht})" for c in b.avond.criteria)]
    crit_rows = [
        [
            k.naam,
            *(
                f"{decimal_nl(c.gemiddelde)} · {_median_nl(c.mediaan)} · {decimal_nl(c.spreiding)}"
                for c in k.criteria
            ),
        ]
        for k in u.kandidaten
    ]
    title = f"{b.avond.titel} — {u.formulieren} formulieren, schaal {u.schaal[0]}–{u.schaal[1]}"
    out = [f"## {title}" if fmt == "md" else title, ""]
    out.append(
        tabulate(
            rows, head, tablefmt=tablefmt, colalign=("right", "left", "right", "right", "right")
        )
    )
    legend = "; ".join(f"{c.id} = {c.naam}" for c in b.avond.criteria)
    out += ["", f"Per criterium: gemiddelde · mediaan · spreiding ({legend}).", ""]
    out.append(tabulate(crit_rows, crit_head, tablefmt=tablefmt))
    notes = tie_sentences(u, {c.id: c.naam for c in b.avond.criteria})
    notes += [f"{k.naam}: geen plaats, {k.reden}." for k in u.kandidaten if k.reden]
    if notes:
        out.append("")
        out += notes
    return "\n".join(out) + "\n"


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _fixed(value: Fraction | Decimal | None) -> str | None:
    if value is None:
        return None
    return str(rounded(value) if isinstance(value, Fraction) else value)


def uitslag_json(u: Uitslag) -> str:
    """The result as JSON: rounded values as text with two decimals, exact values as fractions
    (`"52/15"`), so another tool can check the ranking."""
    data = {
        "beoordeling": u.beoordeling,
        "formulieren": u.formulieren,
        "minimum_formulieren": u.minimum,
        "schaal": {"min": u.schaal[0], "max": u.schaal[1]},
        "volgorde_bij_gelijkspel": list(u.volgorde_criteria),
        "kandidaten": [
            {
                "kandidaat": k.kandidaat,
                "naam": k.naam,
                "plaats": k.plaats,
                "reden_geen_plaats": k.reden,
                "formulieren": k.formulieren,
                "verbonden": k.verbonden,
                "gewogen": _fixed(k.gewogen),
                "gewogen_exact": _exact(k.gewogen),
                "spreiding": _fixed(k.spreiding),
                "criteria": [
                    {
                        "criterium": c.criterium,
                        "gewicht": c.gewicht,
                        "aantal": c.aantal,
                        "gemiddelde": _fixed(c.gemiddelde),
                        "gemiddelde_exact": _exact(c.gemiddelde),
                        "mediaan": _exact(c.mediaan),
                        "spreiding": _fixed(c.spreiding),
                    }
                    for c in k.criteria
                ],
            }
            for k in u.kandidaten
        ],
        "gelijkspelen": [
            {
                "hoger": t.hoger,
                "lager": t.lager,
                "beslist_door": t.criterium,
                "hoger_gemiddelde": _exact(t.hoger_gemiddelde),
                "lager_gemiddelde": _exact(t.lager_gemiddelde),
            }
            for t in u.gelijkspelen
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# Chart geometry in SVG user units (the page scales the picture to its width).
CHART_WIDTH = 640
LABEL_RIGHT = 190
"""Candidate names end here (text-anchor end)."""
BAR_X = 200
BAR_MAX = 330
"""Width of a bar at the top of the scale; a bar at the bottom of the scale has width 0."""
FIRST_ROW_Y = 12
ROW_HEIGHT = 30
BAR_HEIGHT = 20


def _x(value: Fraction, low: int, high: int) -> float:
    return float(rounded((value - low) * BAR_MAX / (high - low), 1))


def chart(u: Uitslag) -> dict[str, Any]:
    """Horizontal bars of the weighted score, from the bottom to the top of the scale, with a
    tick per scale value; candidates without a place are drawn in grey."""
    low, high = u.schaal
    rows = []
    for i, k in enumerate(u.kandidaten):
        top = FIRST_ROW_Y + i * ROW_HEIGHT
        width = _x(k.gewogen, low, high) if k.gewogen is not None else 0.0
        label = decimal_nl(k.gewogen) if k.gewogen is not None else "geen cijfer"
        rows.append(
            {
                "naam": k.naam,
                "waarde": label,
                "geplaatst": k.reden is None,
                "bar_y": top,
                "tekst_y": top + BAR_HEIGHT - 5,
                "breedte": width,
                "waarde_x": BAR_X + width + 6,
                "omschrijving": f"{k.naam}: {label}"
                + ("" if k.reden is None else f" (geen plaats: {k.reden})"),
            }
        )
    axis_y = FIRST_ROW_Y + len(rows) * ROW_HEIGHT
    ticks = [
        {"x": BAR_X + _x(Fraction(v), low, high), "label": str(v)} for v in range(low, high + 1)
    ]
    return {
        "breedte": CHART_WIDTH,
        "hoogte": axis_y + 22,
        "label_x": LABEL_RIGHT,
        "balk_x": BAR_X,
        "balk_hoogte": BAR_HEIGHT,
        "as_y": axis_y,
        "as_tekst_y": axis_y + 16,
        "boven_y": FIRST_ROW_Y - 6,
        "rijen": rows,
        "streepjes": ticks,
    }


def beoordeling_context(b: Beoordeling, u: Uitslag, *, versie: str) -> dict[str, Any]:
    """Everything the advice (`templates/beoordeling.{md,html}.j2`) shows, ready-made: every
    number is computed and formatted here. No participant number or name enters the context.

    Raises:
        WijkcliError: avond.yaml or kandidaten.yaml could not be read.
    """
    avond = b.avond
    if avond is None:
        raise WijkcliError(f"beoordeling '{b.id}' mist avond.yaml; draai 'wijk check'")
    criteria_names = {c.id: c.naam for c in avond.criteria}
    omschrijving = {k.id: k.omschrijving for k in b.kandidaten}
    kandidaten = [
        {
            "id": k.kandidaat,
            "naam": k.naam,
            "omschrijving": omschrijving.get(k.kandidaat),
            "plaats": k.plaats,
            "reden": k.reden,
            "formulieren": k.formulieren,
            "verbonden": k.verbonden,
            "gewogen": decimal_nl(k.gewogen),
            "spreiding": decimal_nl(k.spreiding),
            "criteria": [
                {
                    "naam": c.naam,
                    "aantal": c.aantal,
                    "gemiddelde": decimal_nl(c.gemiddelde),
                    "mediaan": _median_nl(c.mediaan),
                    "spreiding": decimal_nl(c.spreiding),
                }
                for c in k.criteria
            ],
        }
        for k in u.kandidaten
    ]
    first = [k for k in u.kandidaten if k.plaats == 1]
    return {
        "avond": {
            "titel": avond.titel,
            "datum": avond.datum,
            "begin": avond.begin,
            "eind": avond.eind,
            "plek": avond.plek,
            "organisator": avond.organisator,
            "vraag": avond.vraag,
            "ontvanger": avond.ontvanger,
            "inleiding": list(avond.inleiding),
        },
        "datum": avond.advies_uiterlijk or avond.datum,
        "schaal": {"min": u.schaal[0], "max": u.schaal[1]},
        "minimum": u.minimum,
        "formulieren": u.formulieren,
        "criteria": [
            {
                "naam": c.naam,
                "uitleg": c.uitleg,
                "gewicht": c.gewicht,
            }
            for c in avond.criteria
        ],
        "gewicht_totaal": sum(c.gewicht for c in avond.criteria),
        "volgorde_criteria": [criteria_names[c] for c in u.volgorde_criteria],
        "kandidaten": kandidaten,
        "gerangschikt": [k for k in kandidaten if k["plaats"] is not None],
        "niet_gerangschikt": [k for k in kandidaten if k["plaats"] is None],
        "voorkeur": join_dutch([k.naam for k in first]),
        "voorkeur_gedeeld": len(first) > 1,
        "gelijkspelen": tie_sentences(u, criteria_names),
        "verbonden": sum(k.verbonden for k in u.kandidaten),
        "grafiek": chart(u),
        "versie": versie,
        "wijkcli": __version__,
    }


def uitslag_document(b: Beoordeling, u: Uitslag, fmt: str, *, versie: str) -> str:
    """The result in one output format: `tabel`, `json`, or the advice as `md` or `html`.

    Raises:
        WijkcliError: the template is missing, or the evening lacks avond.yaml.
    """
    if fmt == "json":
        return uitslag_json(u)
    if fmt == "tabel":
        return uitslag_table(b, u)
    from wijkcli.render import render

    return render(f"beoordeling.{fmt}.j2", beoordeling_context(b, u, versie=versie))
