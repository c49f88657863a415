"""Load, the walk: every file under data/ found and read strictly (`read.tree`), each validated
(`load.validate`) or taken from the content-keyed cache (`read.cache`), and put together in a
`Dataset` (`wijkcli.dataset`).

`load_repo(root)` returns a `LoadResult` with the dataset and every problem found, each with
file:line:column. Files are only read, never written. What one file gives (its model, its marks
and its problems) depends only on its path and bytes, so it is kept in the cache and looked up
on the next run.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.load.validate import validate_document
from wijkcli.model import FILE_MODELS, LedenBestand, Verzonden, Voortgang, Wijkplan
from wijkcli.problems import Location, Problem, Severity
from wijkcli.read import cache as file_cache
from wijkcli.read.tree import (
    VERGADERING_RE,
    VERZONDEN_RE,
    WIJKPLAN_RE,
    FileRead,
    Tree,
    find_files,
    gc_paused,
    read_data_file,
    read_tree,
)
from wijkcli.read.yamlread import Marks, decode, read_yaml


@dataclass
class LoadResult:
    everything: Dataset
    """Every file that could be read, a file with errors built without its failed fields:
    what the checks look at (they skip what needs a failed field)."""
    problems: list[Problem]

    @functools.cached_property
    def dataset(self) -> Dataset:
        """The files without errors only (`Dataset.complete_only`): what any other code gets,
        so nothing outside the checks ever reads a failed field."""
        return self.everything.complete_only()


# --- the whole data folder ---------------------------------------------------------------


def load_repo(root: Path, *, cache: bool | None = None) -> LoadResult:
    """Read and validate every file under the data folder of `root`.

    `cache`: use the content-keyed cache (`read.cache`); None means yes unless WIJK_GEEN_CACHE
    is set or `wijk --geen-cache` was given. Cached or not, the result is the same.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    if not file_cache.wanted(cache):
        return load_tree(read_tree(root))
    tree = find_files(root)
    store = file_cache.FileCache.open(tree.data_dir, code_fingerprint())
    if store is None:
        return load_tree(read_tree(root))
    return load_cached(tree, store)


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A hash of everything that decides what one file gives: the reader, the models, this
    module, the problems, the version of wijkcli, pydantic and PyYAML (with or without
    libyaml). Hashed from the source files themselves, once per process (~1 ms)."""
    if not _FINGERPRINT:
        import pydantic
        import yaml

        from wijkcli import __version__

        here = Path(__file__).resolve().parent.parent
        sources = [here / "read", here / "model", here / "load", here / "dataset.py"]
        sources += [here / "problems.py", here / "text.py", here / "__init__.py"]
        _FINGERPRINT.append(
            file_cache.fingerprint(
                sources,
                __version__,
                pydantic.VERSION,
                yaml.__version__,
                str(getattr(yaml, "__with_libyaml__", False)),
            )
        )
    return _FINGERPRINT[0]


def load_cached(tree: Tree, store: file_cache.FileCache) -> LoadResult:
    """`load_tree`, with each file's result taken from `store` when its bytes are known there
    (and put there when not)."""
    dataset = Dataset(root=tree.data_dir)
    problems: list[Problem] = list(tree.problems)
    base = str(tree.data_dir)
    with gc_paused():
        for f in tree.files:
            if f.kind is None:
                problems.extend(_unknown_file(f))
                continue
            raw, read_problems = read_data_file(os.path.join(base, *f.parts), f.path)
            if raw is None:
                problems.extend(_stored_unread(dataset, f, read_problems))
                continue
            key = store.key(f.path.encode(), f.kind.encode(), raw)
            entry = store.get(key)
            if entry is not None:
                obj, src, file_problems = _from_entry(f.path, raw, entry)
            else:
                obj, src, file_problems = load_file(f.path, f.kind, raw)
                store.put(key, _to_entry(obj, src, file_problems))
            problems.extend(_store(dataset, f.kind, f.parts, obj, src, list(file_problems)))
    return LoadResult(dataset, problems)


_LAZY = "lazy"


def _to_entry(obj: Any, src: Source | None, problems: list[Problem]) -> tuple[Any, ...]:
    """One file's result as plain picklable parts. A file's marks not yet recorded are kept as
    the marker 'lazy' (its text is the file's bytes, read anyway), recorded ones as their two
    tables."""
    if src is None:
        marks: Any = None
    elif src.marks.unrecorded_text is not None:
        marks = _LAZY
    else:
        marks = (src.marks.values, src.marks.keys)
    return (obj, marks, problems)


def _from_entry(path: str, raw: bytes, entry: Any) -> tuple[Any, Source | None, list[Problem]]:
    obj, marks, problems = entry
    if marks is None:
        return obj, None, problems
    if marks == _LAZY:
        text, _ = decode(path, raw)
        return obj, Source(path, Marks(path, text=text)), problems
    values, keys = marks
    return obj, Source(path, Marks(path, values, keys)), problems


def _stored_unread(dataset: Dataset, f: FileRead, problems: list[Problem]) -> list[Problem]:
    """A file that could not be read: a link or a FIFO that replaced it since the walk is
    skipped as the walk skips it (its warning only); any other failure counts as the file
    being there with an error."""
    if any(p.code == "not-a-file" for p in problems):
        return problems
    return _store(dataset, f.kind or "", f.parts, None, None, problems)


def _unknown_file(f: FileRead) -> list[Problem]:
    if os.path.splitext(f.parts[-1])[1] not in (".yaml", ".yml"):
        return []
    return [
        Problem(
            Location(f.path),
            "unknown-file",
            "wijkcli kent dit bestand niet (verkeerde naam of map?); het wordt overgeslagen",
            severity=Severity.WARNING,
            hint="zie docs/formaat.md voor de namen van de bestanden",
        )
    ]


def load_tree(tree: Tree) -> LoadResult:
    """Validate the files of `tree` into a dataset, in file order."""
    dataset = Dataset(root=tree.data_dir)
    problems: list[Problem] = list(tree.problems)
    with gc_paused():
        for f in tree.files:
            if f.kind is None:
                problems.extend(_unknown_file(f))
                continue
            obj: Any = None
            src: Source | None = None
            file_problems = f.problems or []
            if f.doc is None and any(p.code == "not-a-file" for p in file_problems):
                problems.extend(_stored_unread(dataset, f, file_problems))
                continue
            if f.doc is not None:
                obj, file_problems = validate_document(
                    f.path, FILE_MODELS[f.kind], f.doc.data, f.doc.marks, partial=True
                )
                src = Source(f.path, f.doc.marks)
                f.doc = None  # the plain data is no longer needed: free it as we go
            problems.extend(_store(dataset, f.kind, f.parts, obj, src, file_problems))
    return LoadResult(dataset, problems)


def load_file(path: str, kind: str, raw: bytes) -> tuple[Any, Source | None, list[Problem]]:
    """Read and validate one file of a known kind."""
    doc, problems = read_yaml(path, raw)
    if doc is None:
        return None, None, problems
    obj, problems = validate_document(path, FILE_MODELS[kind], doc.data, doc.marks, partial=True)
    return obj, Source(path, doc.marks), problems


def _store(
    dataset: Dataset,
    kind: str,
    parts: tuple[str, ...],
    obj: Any,
    src: Source | None,
    problems: list[Problem],
) -> list[Problem]:
    """Put one loaded file (`parts`: its path below data/) into the dataset; returns its
    problems (and any about its name). A file with problems is there as far as it could be
    built; when that leaves other files unchecked, its first error says so (`SKIP_NOTES`)."""
    if src is not None and obj is not None and any(p.is_error for p in problems):
        dataset.partial.add(src.path)
    if kind in ("gebied", "leden", "wijkplan"):
        g = dataset.gebieden.setdefault(parts[1], GebiedData(parts[1]))
        g.seen.add(kind)
        g.seen.add(parts[2])
        if obj is None or src is None:
            return _with_note(problems, kind)
        if kind == "gebied":
            g.gebied, g.gebied_src = obj, src
            if getattr(obj, "wijken", None) is None:
                return _with_note(problems, "gebied")
        elif kind == "leden":
            assert isinstance(obj, LedenBestand)
            g.leden, g.leden_src = list(getattr(obj, "leden", [])), src
            if "leden" not in obj.__dict__:
                g.leden_src = None  # nothing is known about the members
            if not g.leden_complete:
                return _with_note(problems, "leden")
        else:
            assert isinstance(obj, Wijkplan)
            jaar = getattr(obj, "jaar", None)
            if jaar is None:  # a plan without a valid year cannot be placed
                return _with_note(problems, "wijkplan")
            m = WIJKPLAN_RE.match(parts[2])
            if m is None or m[1] != str(jaar):
                problems.append(
                    Problem(
                        src.at("jaar"),
                        "id-mismatch",
                        f"jaar {jaar} past niet bij de bestandsnaam '{parts[2]}'",
                        hint=f"noem het bestand wijkplan-{jaar}.yaml",
                    )
                )
            if jaar in g.wijkplannen:
                return problems
            g.wijkplannen[jaar] = obj
            g.wijkplan_src[jaar] = src
        return problems
    r = dataset.rondes.setdefault(parts[1], RondeData(parts[1]))
    r.seen.add(kind)
    if kind == "aanvraag":
        r.aanvraag_files.add(os.path.splitext(parts[3])[0])
    if obj is None or src is None:
        return _with_note(problems, kind)
    if kind == "ronde":
        r.ronde, r.ronde_src = obj, src
    elif kind == "aanvraag":
        stem = os.path.splitext(parts[3])[0]
        r.aanvragen[stem] = obj
        r.aanvraag_src[stem] = src
    elif kind == "voortgang":
        assert isinstance(obj, Voortgang)
        stem = os.path.splitext(parts[3])[0]
        r.voortgang[stem] = obj
        r.voortgang_src[stem] = src
    elif kind == "verzonden":
        m = VERZONDEN_RE.match(parts[2])
        assert m is not None and isinstance(obj, Verzonden)
        r.verzonden[m[1]] = obj
        r.verzonden_src[m[1]] = src
    else:
        m = VERGADERING_RE.match(parts[2])
        assert m is not None
        r.vergaderingen[m[1]] = obj
        r.vergadering_src[m[1]] = src
    return problems


SKIP_NOTES = {
    "gebied": "daardoor zijn de wijken en het team van dit gebied onbekend; controles die ze "
    "nodig hebben zijn overgeslagen",
    "leden": "daardoor zijn niet alle leden bekend; verwijzingen naar leden in andere "
    "bestanden zijn niet gecontroleerd",
    "wijkplan": "daardoor is dit wijkplan niet gebruikt; thema's en uren zijn er niet tegen "
    "gecontroleerd",
    "ronde": "daardoor zijn de notulen en aanvragen van deze ronde niet tegen de ronde "
    "gecontroleerd",
    "aanvraag": "daardoor zijn de besluiten over deze aanvraag niet tegen de aanvraag "
    "gecontroleerd",
}
"""What a file's failure leaves unchecked elsewhere, said once, as a note (hint) under its
first error."""


def _with_note(problems: list[Problem], kind: str) -> list[Problem]:
    """`problems` with the note of `kind` added to the first error (once)."""
    note = SKIP_NOTES.get(kind)
    if note is None:
        return problems
    for i, p in enumerate(problems):
        if p.is_error:
            if p.hint is not None and note in p.hint:
                return problems
            hint = f"{p.hint}; {note}" if p.hint else note
            return [*problems[:i], dataclasses.replace(p, hint=hint), *problems[i + 1 :]]
    return problems
