"""Scoring evenings, loading: read `data/beoordelingen/<id>/` strictly and check it.

- `read_beoordelingen(data_dir)`: walk the folders, read each file strictly
  (`tree.read_yaml_file` + `validate_document`), keep a `Source` per file for locations.
- `load_beoordelingen(data_dir)`: read and run the cross-checks (`checks.check_beoordeling`);
  what `wijk check` runs, through `beoordeling_problems(root)`.
- `load_beoordeling(root, id)`: one evening, ready to score, or `DataProblemsError`.

Files are only read, never written.
"""

from __future__ import annotations

from pathlib import Path

from wijkcli.beoordeling.checks import CODES, check_beoordeling
from wijkcli.beoordeling.evening import Beoordeling
from wijkcli.beoordeling.model import BEOORDELING_FILE_MODELS, KandidatenBestand
from wijkcli.checks.common import warning
from wijkcli.checks.registry import FOLDER as NEEDS_FOLDER
from wijkcli.checks.registry import check
from wijkcli.dataset import Dataset, Source
from wijkcli.load.codes import LOAD_CODES
from wijkcli.load.validate import validate_document
from wijkcli.problems import (
    DataProblemsError,
    Location,
    Problem,
    UnknownIdError,
    has_errors,
    sort_problems,
)
from wijkcli.read.codes import READ_CODES
from wijkcli.read.tree import find_data_dir, read_yaml_file, walk_data

FOLDER = "beoordelingen"


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
    walk = walk_data(data_dir, (FOLDER,))
    problems.extend(walk.problems)
    for parts in walk.files:
        file = data_dir.joinpath(*parts)
        rel = file.relative_to(base).as_posix()
        inner = parts[1:]
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
        doc, read_problems = read_yaml_file(file, rel)
        problems.extend(read_problems)
        if doc is None:
            continue
        obj, invalid = validate_document(
            rel, BEOORDELING_FILE_MODELS[kind], doc.data, doc.marks, partial=True
        )
        problems.extend(invalid)
        if obj is None:
            continue
        src = Source(rel, doc.marks)
        if kind == "avond":
            b.avond, b.avond_src = obj, src
        elif kind == "kandidaten":
            assert isinstance(obj, KandidatenBestand)
            # `kandidaten:` itself failed: no list (its problem is reported), checks skip it.
            b.kandidaten, b.kandidaten_src = list(getattr(obj, "kandidaten", [])), src
        else:
            stem = Path(inner[-1]).stem
            b.formulieren[stem] = obj
            b.formulier_src[stem] = src
    return dict(sorted(found.items())), problems


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


@check(
    *CODES,
    *(c for c in (*READ_CODES, *LOAD_CODES) if c not in CODES),
    needs=[NEEDS_FOLDER],
)
def check_beoordelingen(dataset: Dataset) -> list[Problem]:
    """De bestanden van elke beoordelingsavond (data/beoordelingen/) zijn te lezen en kloppen
    met elkaar (zie `check_beoordeling`). Ze worden van schijf gelezen, los van de rest van de
    gegevens; een fout erin houdt de telling van een ronde niet tegen."""
    return beoordeling_problems(dataset.root)


def load_beoordeling(root: Path, beoordeling_id: str) -> tuple[Beoordeling, list[Problem]]:
    """One evening, ready to score, with its warnings.

    Raises:
        DataProblemsError: the evening's files have errors (carries its problems).
        UnknownIdError: no evening with this id.
        WijkcliError: no data folder.
    """
    found, problems = load_beoordelingen(beoordelingen_dir(root))
    b = found.get(beoordeling_id)
    if b is None:
        raise UnknownIdError("beoordeling", beoordeling_id, f"data/{FOLDER}", found)
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
