"""Schema = checker: the JSON Schema (what an editor shows) accepts what `wijk check` accepts
and refuses what it refuses, file by file, for every file kind (client: check-jsonschema).

`wijk check` reads every scalar as text; an editor's YAML parser turns `0612345670`, `40` and
`19.30` into numbers first. The schema allows those numbers, so neither marks the shipped
example (docs/formaat.md, "Aanhalingstekens"). What the schema cannot see, because the YAML
parser has already turned the characters into a number (`1.250` → 1.25), is listed in
KNOWN_SCHEMA_BLIND below and checked too: wijk check refuses it with a message.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, GEBIED, LEDEN, RONDE, VERGADERING, WIJKPLAN, edit
from wijkcli.pipeline import check_repo
from wijkcli.read.tree import classify

pytestmark = pytest.mark.clients

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schema"
AVOND = "data/beoordelingen/sbi-aanbesteding-2016/avond.yaml"
KANDIDATEN = "data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml"
FORMULIER = "data/beoordelingen/sbi-aanbesteding-2016/formulieren/f01.yaml"
VOORTGANG = "data/rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml"

KIND_OF = {
    AANVRAAG: "aanvraag",
    VERGADERING: "vergadering",
    RONDE: "ronde",
    LEDEN: "leden",
    GEBIED: "gebied",
    WIJKPLAN: "wijkplan",
    AVOND: "avond",
    KANDIDATEN: "kandidaten",
    FORMULIER: "formulier",
    VOORTGANG: "voortgang",
}


def schema_refusals(kind: str, files: list[Path]) -> set[Path]:
    """The files check-jsonschema refuses against schema/<kind>.schema.json (one run)."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "-o",
            "json",
            "--schemafile",
            str(SCHEMAS / f"{kind}.schema.json"),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    report = json.loads(done.stdout)
    assert not report.get("parse_errors"), report["parse_errors"]
    assert done.returncode in (0, 1), done.stderr
    return {Path(e["filename"]) for e in report["errors"]}


def wijk_refuses(repo: Path, rel: str) -> bool:
    """Whether `wijk check` reports an error located in `rel` (the whole check runs)."""
    _, problems = check_repo(repo)
    return any(p.is_error and p.location is not None and p.location.path == rel for p in problems)


# (file, old text, new text, accepted by both). Every file kind has refused cases: a wrong
# type, an unknown key, a missing required field, a broken pattern; and accepted variants a
# volunteer writes: unquoted or quoted phone numbers, quoted numbers, `19.30`, an empty list.
CASES = [
    # leden
    (LEDEN, "telefoon: 0612345670", "telefoon: 0612345670", True),
    (LEDEN, "telefoon: 0612345670", 'telefoon: "0612345670"', True),
    (LEDEN, "telefoon: 0612345670", "telefoon: 06-12345670", True),
    (LEDEN, "telefoon: 0612345670", "telefoon: +31 6 12345670", True),
    (LEDEN, "telefoon: 0612345670", "telefoon: [0612345670]", False),
    (LEDEN, "telefoon: 0612345670", "telfoon: 0612345670", False),
    (LEDEN, "    naam: Joke Aldersveld\n", "", False),
    (LEDEN, "rol: bewonersteam", "rol: voorzitter", False),
    (LEDEN, "id: joke-aldersveld", "id: Joke Aldersveld", False),
    (LEDEN, "naam: Joke Aldersveld", "naam: {voornaam: Joke}", False),
    # aanvraag
    (AANVRAAG, "telefoon: 0334567801", "telefoon: 033 456 78 01", True),
    (AANVRAAG, "bedrag: 8500", "bedrag: 8500.00", True),
    (AANVRAAG, "bedrag: 8500", 'bedrag: "8500"', True),
    (AANVRAAG, "vrijwilligers: 14", 'vrijwilligers: "14"', True),
    (AANVRAAG, "ingediend: 2017-03-29", 'ingediend: "2017-03-29"', True),
    (AANVRAAG, "betrokken_leden: []", "betrokken_leden:", True),
    (AANVRAAG, "betrokken_leden: []\n", "", False),  # required, so nobody forgets it
    (AANVRAAG, "ingediend: 2017-03-29\n", "", False),  # required: the late check needs it
    (AANVRAAG, "bedrag: 8500", "bedrag: veel", False),
    (AANVRAAG, "bedrag: 8500", "bedrag: -8500", False),
    (AANVRAAG, "bedrag: 8500", "bedrag: 85,00", False),
    (AANVRAAG, "vrijwilligers: 14", "vrijwilligers: veertien", False),
    (AANVRAAG, "vrijwilligers: 14", "vrijwilligers: -3", False),
    (AANVRAAG, "ingediend: 2017-03-29", "ingediend: 29-03-2017", False),
    (AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-02-30", False),
    (AANVRAAG, "thema: ontmoeten", "themaa: ontmoeten", False),
    (AANVRAAG, "titel: Huiskamer De Koperhorst\n", "", False),
    (AANVRAAG, "soort: organisatie", "soort: vereniging", False),
    # ronde
    (RONDE, "  begin: 19:30\n  eind: 21:45", "  begin: 19.30\n  eind: 21:45", True),
    (RONDE, "  begin: 19:30\n  eind: 21:45", '  begin: "19:30"\n  eind: 21:45', True),
    (RONDE, "jaar: 2017", 'jaar: "2017"', True),
    (RONDE, "  begin: 19:30\n  eind: 21:45", "  begin: half acht\n  eind: 21:45", False),
    (RONDE, "  begin: 19:30\n  eind: 21:45", "  begin: 25:30\n  eind: 21:45", False),
    (RONDE, "jaar: 2017", "jaar: 17", False),
    (RONDE, "jaar: 2017", "jaar: 2017.5", False),
    (RONDE, "stemming: openbaar", "stemming: open", False),
    (RONDE, "stemming: openbaar", "stemmingen: openbaar", False),
    (RONDE, "  toewijzing: steun-overslaan", "  toewijzing: greedy", False),
    # vergadering
    (VERGADERING, "afgemeld: [anneloes-verhagen]", "afgemeld: anneloes-verhagen", True),
    (VERGADERING, "  ahmet-yildiz: 21:15", "  ahmet-yildiz: 21.15", True),
    (VERGADERING, "    voorstel: gedeeltelijk", "    voorstel: misschien", False),
    (VERGADERING, "    bedrag: 6500", "    bedrag: [6500]", False),
    (VERGADERING, "notulist: tineke-van-t-zand", "notulist: Tineke", False),
    (VERGADERING, "datum: 2017-04-13", "datum: 13 april", False),
    (VERGADERING, "gebied: szh\n", "", True),  # optional: the file name says it
    (VERGADERING, "toelichting:", "toelichtingen:", False),
    # gebied
    (GEBIED, "naam: SZH", "naam: 2017", True),
    (GEBIED, "      bijeenkomsten: []", "      bijeenkomsten: geen", False),
    (GEBIED, "naam: SZH", "naam: [SZH]", False),
    (GEBIED, "id: szh", "id: SZH!", False),
    (GEBIED, "volledige_naam:", "volledige-naam:", False),
    # wijkplan
    (WIJKPLAN, "budget: 84000", "budget: 84000.5", True),
    (WIJKPLAN, "jaar: 2017", "jaar: twintig", False),
    (WIJKPLAN, "budget: 84000", "budget: 84000.5.0", False),
    (WIJKPLAN, "vastgesteld: 2017-01-26", "vastgesteld: 2017-13-26", False),
    (WIJKPLAN, "    prioriteit: 1", "    prioriteit: hoog", False),
    (WIJKPLAN, "uitgangspunten:", "uitgangspunt:", False),
    # voortgang
    (VOORTGANG, "  bedrag: 6500", '  bedrag: "6500"', True),
    (VOORTGANG, "besteed: 6350", "besteed: 6350.00", True),
    (VOORTGANG, "    maanden: 6", '    maanden: "6"', True),
    (VOORTGANG, "    maanden: 6", "    uiterlijk: 2017-10-31", True),
    (VOORTGANG, "  deelnemers: 45", "  deelnemers: veel", False),
    (VOORTGANG, "    maanden: 6", "    maanden: 121", False),
    (VOORTGANG, "    maanden: 6", "    maanden: zes", False),
    (VOORTGANG, "    maanden: 6", "    maanden: 6\n    uiterlijk: 2017-10-31", False),
    (VOORTGANG, "  - status: gestart", "  - status: begonnen", False),
    (VOORTGANG, "besteed: 6350", "besteed: -6350", False),
    (VOORTGANG, "besteed: 6350", "besteedt: 6350", False),
    (VOORTGANG, "      vervuld: 2017-12-18", "      vervuld: 18-12-2017", False),
    (VOORTGANG, "aanvraag: a01-huiskamer\n", "", False),
    (VOORTGANG, "  ontvangen: 2017-10-24", "  ontvangen: [2017-10-24]", False),
    # avond
    (AVOND, "  max: 5", '  max: "5"', True),
    (AVOND, "minimum_formulieren: 5", "minimum_formulieren: vijf", False),
    (AVOND, "begin: 19:30", "begin: 7 uur", False),
    (AVOND, "titel:", "titels:", False),
    # kandidaten
    (KANDIDATEN, "    naam: Welzijn Samen", "    naam: 42", True),
    (KANDIDATEN, "  - id: welzijn-samen", "  - id: Welzijn Samen", False),
    (KANDIDATEN, "    naam: Welzijn Samen", "    naam: {a: b}", False),
    (KANDIDATEN, "kandidaten:", "organisaties:", False),
    # formulier
    (FORMULIER, "verbonden_met: []", "verbonden_met:", True),
    (FORMULIER, "deelnemer: 1", 'deelnemer: "1"', True),
    (FORMULIER, "deelnemer: 1", "deelnemer: 0", False),
    (FORMULIER, "deelnemer: 1", "deelnemer: Piet", False),
    (FORMULIER, "regie: 4, wijkkennis: 3", "regie: vier, wijkkennis: 3", False),
    (FORMULIER, "deelnemer: 1", "naam: Piet\ndeelnemer: 1", False),
]

# What the schema cannot see: the editor's YAML parser has already made a number of it. These
# files pass the schema, and `wijk check` refuses them with a message (docs/formaat.md).
KNOWN_SCHEMA_BLIND = [
    (AANVRAAG, "bedrag: 8500", "bedrag: 8.500", "dubbelzinnig"),
    (AANVRAAG, "bedrag: 8500", "bedrag: 8500.505", "dubbelzinnig"),
    (AANVRAAG, "bedrag: 8500", "bedrag: 85e2", "geen bedrag"),
    (RONDE, "  begin: 19:30\n  eind: 21:45", "  begin: 19.3\n  eind: 21:45", "geen tijd"),
]


def _apply(tmp_path: Path, example: Path, cases: list[tuple[str, str, str]]) -> list[Path]:
    """One copy of the example per case, with that case's edit; returns the repos."""
    repos = []
    for i, (rel, old, new) in enumerate(cases):
        repo = tmp_path / f"case{i:02d}"
        shutil.copytree(example, repo / "data")
        edit(repo, rel, old, new)
        repos.append(repo)
    return repos


def test_schema_accepts_the_whole_example() -> None:
    files: dict[str, list[Path]] = defaultdict(list)
    for path in sorted((REPO / "data").rglob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        files[Path(first.rsplit("/", 1)[1]).name.split(".")[0]].append(path)
    assert sorted(files) == sorted(KIND_OF.values())
    for kind, paths in files.items():
        assert schema_refusals(kind, paths) == set(), kind
    _, problems = check_repo(REPO)
    assert [p for p in problems if p.is_error] == []


def test_schema_and_wijk_check_agree_on_every_case(tmp_path: Path) -> None:
    assert {KIND_OF[rel] for rel, *_ in CASES} == set(KIND_OF.values())
    for kind in set(KIND_OF.values()):  # each kind has cases both ways
        assert {ok for rel, _, _, ok in CASES if KIND_OF[rel] == kind} == {True, False}, kind
    repos = _apply(tmp_path, REPO / "data", [(rel, old, new) for rel, old, new, _ in CASES])
    by_kind: dict[str, list[Path]] = defaultdict(list)
    for repo, (rel, *_rest) in zip(repos, CASES, strict=True):
        by_kind[KIND_OF[rel]].append(repo / rel)
    refused_by_schema: set[Path] = set()
    for kind, files in by_kind.items():
        refused_by_schema |= schema_refusals(kind, files)
    disagreements = []
    for repo, (rel, old, new, accepted) in zip(repos, CASES, strict=True):
        schema_ok = repo / rel not in refused_by_schema
        wijk_ok = not wijk_refuses(repo, rel)
        if (schema_ok, wijk_ok) != (accepted, accepted):
            disagreements.append((rel, old, new, f"schema {schema_ok}, wijk {wijk_ok}"))
    assert disagreements == [], "\n".join(map(str, disagreements))


def test_what_the_schema_cannot_see_wijk_check_refuses_with_a_message(tmp_path: Path) -> None:
    repos = _apply(tmp_path, REPO / "data", [(r, o, n) for r, o, n, _ in KNOWN_SCHEMA_BLIND])
    for repo, (rel, _old, _new, words) in zip(repos, KNOWN_SCHEMA_BLIND, strict=True):
        assert schema_refusals(KIND_OF[rel], [repo / rel]) == set()
        _, problems = check_repo(repo)
        here = [p.message for p in problems if p.location and p.location.path == rel]
        assert any(words in m for m in here), (rel, here)


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stad")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate_city.py"), str(root)],
        check=True,
        capture_output=True,
    )
    return root


def test_schema_and_wijk_check_accept_the_generated_city(city: Path) -> None:
    """A sample of every kind (up to 60 files): the schema
    accepts them, and so does `wijk check` (the whole city)."""
    by_kind: dict[str, list[Path]] = defaultdict(list)
    data = city / "data"
    for path in sorted(data.rglob("*.yaml")):
        kind = classify(path.relative_to(data))
        assert kind is not None, path
        by_kind[kind].append(path)
    assert sorted(by_kind) == ["aanvraag", "gebied", "leden", "ronde", "vergadering", "wijkplan"]
    # (the generated city records no follow-up yet; the example's voortgang files are above)
    rng = random.Random(2017)
    for kind, paths in sorted(by_kind.items()):
        sample = rng.sample(paths, min(len(paths), 60))
        assert schema_refusals(kind, sample) == set(), kind
    _, problems = check_repo(city)
    assert [p for p in problems if p.is_error] == []
