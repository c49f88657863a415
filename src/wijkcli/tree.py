"""Load stage, finding and reading: every file under data/, parsed with `yamlread`.

A big tree (from `PARALLEL_MIN_FILES` files, on Linux) is read by two processes:
`start_reading` forks a worker that reads and parses the second half of the files while this
process goes on (it imports the models, then reads the first half); `Reading.files` collects
everything, in file order. The worker sends back plain data (dicts, lists, text) and problems:
those travel quickly, whereas validated models would cost more to send than to validate here.

Nothing here imports the models, so the worker starts before this process imports them and
the checks (pydantic itself is loaded earlier, by Typer, to read the command line).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wijkcli.forked import Forked, can_fork, forced_workers, second_core
from wijkcli.problems import Location, Problem, WijkcliError
from wijkcli.yamlread import Marks, YamlDocument, read_yaml

WIJKPLAN_RE = re.compile(r"^wijkplan-(.+)\.yaml$")
VERGADERING_RE = re.compile(r"^vergadering-(.+)\.yaml$")

PARALLEL_MIN_FILES = 500
"""With fewer files a second process does not pay for itself (measured on generated trees of
one gebied: 389 files 0.42 s either way, 1,292 files 0.59 s alone and 0.53 s with two)."""

OWN_SHARE = 0.5
"""The part of the files this process parses itself when a worker helps: it also imports the
models and validates every file while the worker only parses (measured on the city tree of
benchmarks/, where the two then finish at about the same moment)."""


def classify(rel: Path | tuple[str, ...]) -> str | None:
    """Which file kind a path under data/ is, or None when it is not a wijkcli file."""
    parts = rel if isinstance(rel, tuple) else rel.parts
    name = parts[-1]
    if len(parts) == 3 and parts[0] == "gebieden":
        if name == "gebied.yaml":
            return "gebied"
        if name == "leden.yaml":
            return "leden"
        if WIJKPLAN_RE.match(name):
            return "wijkplan"
    if len(parts) == 3 and parts[0] == "rondes":
        if name == "ronde.yaml":
            return "ronde"
        if VERGADERING_RE.match(name):
            return "vergadering"
    if len(parts) == 4 and parts[0] == "rondes" and parts[2] == "aanvragen":
        return "aanvraag"
    return None


def find_data_dir(root: Path) -> Path:
    """`root` itself when it is a data folder, else `root/data`."""
    if any((root / sub).is_dir() for sub in ("gebieden", "rondes", "beoordelingen")):
        return root
    data = root / "data"
    if data.is_dir():
        return data
    raise WijkcliError(
        f"geen map met gegevens gevonden in '{root}': verwacht data/gebieden en data/rondes "
        "(geef een andere map op met --data)"
    )


def iter_files(data_dir: Path) -> list[tuple[str, ...]]:
    """Every file under gebieden/ and rondes/ as its path parts relative to `data_dir`, sorted
    part by part. Like `Path.rglob`: symbolic links to files count, links to folders are not
    followed, and folders that may not be read are passed over."""
    found: list[tuple[str, ...]] = []

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    here = (*parts, entry.name)
                    if entry.is_dir(follow_symlinks=False):
                        walk(entry.path, here)
                    elif entry.is_file():
                        found.append(here)
        except PermissionError:
            return

    for sub in ("gebieden", "rondes"):
        base = os.path.join(data_dir, sub)
        if os.path.isdir(base):
            walk(base, (sub,))
    found.sort()
    return found


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many long-lived objects are made.

    Loading a city allocates millions of objects that all stay alive; the collector would scan
    them again and again (a third of the load time) and find nothing. Reference counting still
    frees everything as usual. Afterwards the objects made here are moved out of the
    collector's way (`gc.freeze`), so later work, and above all the full collection when the
    program ends, does not scan the whole dataset again (0.2 s on the city of benchmarks/).
    Freezing also keeps any garbage cycles of that moment; so that a program calling this again
    and again does not keep them all, the outermost pause starts by handing what an earlier one
    froze back to the collector and collecting (`wijk` itself pauses once, with nothing frozen
    yet, so it never pays for that collection).
    """
    outermost = gc.isenabled()
    if outermost and gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if outermost:
            gc.enable()


@dataclass(slots=True)
class FileRead:
    """One file under data/ as read: `kind` None means wijkcli does not know the file."""

    path: str
    """Repository-relative path with '/', as messages name it (data/rondes/…/ronde.yaml)."""
    parts: tuple[str, ...]
    """The path's parts below the data folder."""
    kind: str | None
    doc: YamlDocument | None = None
    problems: list[Problem] | None = None


_Parsed = tuple[Any, str | None, list[Problem]]
"""What a worker sends back per file: the plain data, the text (None when unusable), problems."""


def _parse(data_dir: str, path: str, parts: tuple[str, ...]) -> _Parsed:
    doc, problems = read_yaml_file(os.path.join(data_dir, *parts), path)
    if doc is None:
        return None, None, problems
    return doc.data, doc.marks.unrecorded_text, problems


def _unreadable(path: str, exc: OSError) -> Problem:
    return Problem(
        Location(path, 1, 1),
        "unreadable-file",
        f"het bestand kan niet gelezen worden ({exc.strerror or exc})",
        hint="controleer of het bestand bestaat en of je het mag lezen",
    )


class Reading:
    """The files of one data folder being read; `files()` waits for them all."""

    def __init__(self, data_dir: Path, files: list[FileRead], workers: int) -> None:
        self.data_dir = data_dir
        self._files = files
        self._todo = [f for f in files if f.kind is not None]
        self._mine = len(self._todo)
        self._worker: Forked | None = None
        self.parallel = workers > 1 and len(self._todo) > 1 and can_fork()
        """Whether a second process helps (the later stages may use it too)."""
        if self.parallel:
            self._mine = max(1, int(len(self._todo) * OWN_SHARE))
            self._worker = Forked(self._parse_rest)

    def _parse_rest(self) -> bytes:
        """In the worker: parse the files after this process's part. The plain data and texts
        go by marshal (about ten times quicker than pickle for millions of small objects;
        both sides run the same Python); the few problems, which are objects, by pickle."""
        base = str(self.data_dir)
        out = [_parse(base, f.path, f.parts) for f in self._todo[self._mine :]]
        plain = [(data, text) for data, text, _ in out]
        problems = {i: p for i, (_, _, p) in enumerate(out) if p}
        return marshal.dumps((plain, pickle.dumps(problems)))

    def _worker_part(self) -> list[_Parsed] | None:
        """The worker's results, or None when it failed (its files are then read here)."""
        data = self._worker.result() if self._worker is not None else None
        if data is None:  # the worker died
            return None
        plain, pickled = marshal.loads(data)
        problems: dict[int, list[Problem]] = pickle.loads(pickled)
        return [(d, t, problems.get(i, [])) for i, (d, t) in enumerate(plain)]

    def files(self) -> list[FileRead]:
        """Every file in order, the known ones read (each with its document or problems)."""
        base = str(self.data_dir)
        todo, mine = self._todo, self._mine
        for f in todo[:mine]:
            f.doc, f.problems = read_yaml_file(os.path.join(base, *f.parts), f.path)
        if mine < len(todo):
            rest = self._worker_part()
            if rest is None:  # the worker failed
                rest = [_parse(base, f.path, f.parts) for f in todo[mine:]]
            for f, (data, text, problems) in zip(todo[mine:], rest, strict=True):
                if text is not None:
                    f.doc = YamlDocument(data, Marks(f.path, text=text))
                f.problems = problems
        return self._files


def read_yaml_file(on_disk: str | Path, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse the file at `on_disk` (`path`: its name in messages); a file that cannot
    be read is a problem too."""
    try:
        with open(on_disk, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return None, [_unreadable(path, exc)]
    return read_yaml(path, raw)


def workers_for(files: int) -> int:
    """How many processes read `files` files: two for a big tree where the platform can fork
    (environment variable WIJK_WORKERS overrides)."""
    forced = forced_workers()
    if forced is not None:
        return forced
    return 2 if files >= PARALLEL_MIN_FILES and second_core() else 1


def start_reading(root: Path, *, workers: int | None = None) -> Reading:
    """Find the files of the data folder of `root` and start reading them (see module doc).

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    data_dir = find_data_dir(root)
    # Paths in messages start at the folder that holds data/ (data/rondes/…), as a user sees them.
    prefix = (data_dir.name,) if data_dir.name else ()
    files = [
        FileRead("/".join((*prefix, *parts)), parts, classify(parts))
        for parts in iter_files(data_dir)
    ]
    known = sum(1 for f in files if f.kind is not None)
    return Reading(data_dir, files, workers_for(known) if workers is None else workers)
