"""Scoring evenings, the checks: cross-file checks on one `Beoordeling`, every problem with
file:line:column.

`check_beoordeling(b)` runs them all: the evening's files are there, ids match their folder and
file names, forms name only known candidates and criteria, scores lie on the scale, nobody scores
a candidate they are linked to, and every candidate has enough forms to be compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from wijkcli.beoordeling.evening import Beoordeling, counted_forms
from wijkcli.beoordeling.model import Formulier
from wijkcli.checks.common import duplicates, error, guarded, unknown, warning
from wijkcli.dataset import Source
from wijkcli.problems import Location, Problem, Severity, register_code
from wijkcli.text import join_dutch

FORM_RE = re.compile(r"^f0*([0-9]+)$")
"""Form files are named after the number on the paper form: f07.yaml holds deelnemer 7."""


register_code(
    "score-out-of-scale",
    "Score buiten de schaal",
    "Een score op een beoordelingsformulier ligt tussen schaal.min en schaal.max van "
    "avond.yaml (standaard 1 tot en met 5). Neem de score over zoals op het papier staat; "
    "is die onleesbaar, laat het criterium dan weg.",
    fout="welzijn-samen: {regie: 7, wijkkennis: 4}",
    goed="welzijn-samen: {regie: 5, wijkkennis: 4}",
)

register_code(
    "unknown-kandidaat",
    "Onbekende kandidaat",
    "Een formulier (bij scores of verbonden_met) noemt een kandidaat die niet in "
    "kandidaten.yaml van die beoordeling staat; vaak een tikfout in het id.",
    fout="scores:\n  naoberschop: {regie: 3}",
    goed="scores:\n  naoberschap: {regie: 3}",
)

register_code(
    "unknown-criterium",
    "Onbekend criterium",
    "Een formulier geeft een score voor een criterium dat niet in de criteria van "
    "avond.yaml staat; gebruik het id van het criterium, niet de naam.",
    fout="welzijn-samen: {wijkenis: 4}",
    goed="welzijn-samen: {wijkkennis: 4}",
)

register_code(
    "recused-score",
    "Score van een verbonden deelnemer",
    "Wie aan een kandidaat verbonden is (werkt er, is vrijwilliger of familie), staat met "
    "die kandidaat onder verbonden_met en beoordeelt die kandidaat niet. Staan er toch "
    "scores op het papier, typ ze dan niet over: wijkcli telt ze nooit.",
    fout="verbonden_met: [buurtkracht-eemland]\nscores:\n  buurtkracht-eemland: {regie: 5}",
    goed="verbonden_met: [buurtkracht-eemland]\nscores:\n  welzijn-samen: {regie: 4}",
)

register_code(
    "duplicate-participant",
    "Deelnemersnummer staat op twee formulieren",
    "Elk papieren formulier heeft een eigen nummer, en elk nummer één bestand "
    "formulieren/f<nummer>.yaml. Twee bestanden met hetzelfde nummer tellen een formulier "
    "dubbel (vaak een gekopieerd bestand).",
    fout="f05.yaml: deelnemer: 5\nf5.yaml:  deelnemer: 5",
    goed="f05.yaml: deelnemer: 5\nf06.yaml: deelnemer: 6",
)

register_code(
    "missing-score",
    "Open gelaten score",
    "Een deelnemer gaf een kandidaat op een of meer criteria geen score. Dat kan (het "
    "papier was leeg); dat criterium telt dan voor die kandidaat zonder dit formulier, niet "
    "als nul. Controleer of het papier echt leeg was.",
    fout="zorg-en-buurt: {regie: 3, wijkkennis: 3, samenwerking: 2}",
    goed="zorg-en-buurt: {regie: 3, wijkkennis: 3, samenwerking: 2, bereikbaar: 4}",
    severity=Severity.WARNING,
)

register_code(
    "too-few-scores",
    "Te weinig formulieren voor een kandidaat",
    "Een kandidaat met minder formulieren dan minimum_formulieren (avond.yaml, standaard 5) "
    "krijgt geen plaats in de rangorde: te weinig om eerlijk te vergelijken. Het cijfer "
    "staat er ter informatie bij. Controleer of alle formulieren zijn ingevoerd; wil het "
    "team toch vergelijken, zet minimum_formulieren dan lager.",
    fout="minimum_formulieren: 5   # wijkwijs heeft 4 formulieren",
    goed="(voer de ontbrekende formulieren in, of: minimum_formulieren: 4)",
    severity=Severity.WARNING,
)


CODES = (
    "missing-file",
    "id-mismatch",
    "time-order",
    "invalid-value",
    "duplicate-id",
    "score-out-of-scale",
    "unknown-kandidaat",
    "unknown-criterium",
    "recused-score",
    "duplicate-participant",
    "missing-score",
    "too-few-scores",
)
"""The codes `check_beoordeling` emits (registered above, or by the load stage and
`checks.common` when others emit them too); `wijk check` runs it through
`load.check_beoordelingen`."""


def check_beoordeling(b: Beoordeling) -> list[Problem]:
    """Een beoordeling heeft avond.yaml en kandidaten.yaml; het id past bij de map; elk
    formulier past bij zijn bestandsnaam, noemt alleen bestaande kandidaten en criteria, geeft
    scores op de schaal, en een deelnemer scoort geen kandidaat waar hij of zij aan verbonden
    is. Een kandidaat met te weinig formulieren krijgt een waarschuwing."""
    # A file with problems is built without its failed fields (an evening with errors is
    # never scored); a check that reads a failed field stops there (`guarded`), its field's
    # own problem is reported at its place.
    problems = list(guarded(_check_avond(b)))
    problems.extend(guarded(_check_kandidaten(b)))
    problems.extend(guarded(_check_formulieren(b)))
    problems.extend(guarded(_check_counts(b)))
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
    # A kandidaat or criterium whose id failed may be the one a form names: then no name is
    # called unknown (its own problem is reported in kandidaten.yaml or avond.yaml).
    ids = [getattr(k, "id", None) for k in b.kandidaten]
    known = set() if None in ids else {i for i in ids if i is not None}
    criterium_ids = [getattr(c, "id", None) for c in getattr(b.avond, "criteria", [])]
    criteria = [] if None in criterium_ids else [c for c in criterium_ids if c is not None]
    first_file: dict[int, str] = {}
    for stem, form in sorted(b.formulieren.items()):
        yield from guarded(_check_formulier(b, stem, form, known, criteria, first_file))


def _check_formulier(
    b: Beoordeling,
    stem: str,
    form: Formulier,
    known: set[str],
    criteria: list[str],
    first_file: dict[int, str],
) -> Iterator[Problem]:
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
            hint="elk papieren formulier heeft een eigen nummer; tel een formulier nooit twee keer",
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
    schaal = getattr(b.avond, "schaal", None)
    low, high = getattr(schaal, "min", None), getattr(schaal, "max", None)
    if low is None or high is None or low >= high:
        schaal = None  # reported once at avond.yaml (invalid-value); no score is judged by it
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
        # With an unknown criterium among the scores (a typo, reported above), the missing
        # one is most likely that score: the one error says it, not a second warning.
        missing = [c for c in criteria if c not in given]
        if missing and given and all(c in criteria for c in given):
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
        if getattr(k, "id", None) is None:
            continue  # its id failed: reported in kandidaten.yaml, nothing to count under
        n = len(counted_forms(b, k.id))
        if n < minimum:
            yield warning(
                b.kandidaten_src.at("kandidaten", i, "id"),
                "too-few-scores",
                f"'{k.id}' heeft {n} {'formulier' if n == 1 else 'formulieren'} met scores, "
                f"minder dan het minimum van {minimum}; deze kandidaat krijgt geen plaats in "
                "de rangorde",
                hint="controleer of alle formulieren zijn ingevoerd",
            )
