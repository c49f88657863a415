"""Read stage, finding and reading: every file under data/, parsed with `read.yamlread`.

`read_tree(root)` finds the data folder of `root`, lists its files in a stable order, tells
each one's kind from its place and name (`classify`) and parses the known ones. Nothing here
imports the models; `load` validates what was read.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from wijkcli.problems import Location, Problem, UsageMistake, WijkcliError
from wijkcli.read.yamlread import YamlDocument, read_yaml

WIJKPLAN_RE = re.compile(r"^wijkplan-(.+)\.yaml$")
VERGADERING_RE = re.compile(r"^vergadering-(.+)\.yaml$")


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
    if len(parts) == 4 and parts[0] == "rondes" and parts[2] == "voortgang":
        return "voortgang"
    return None


def find_data_dir(root: Path) -> Path:
    """`root` itself when it is a data folder, else `root/data`."""
    if any((root / sub).is_dir() for sub in ("gebieden", "rondes", "beoordelingen")):
        return root
    data = root / "data"
    if data.is_dir():
        return data
    if not root.is_dir():  # a mistake on the command line, not in the data
        raise UsageMistake(f"de map '{root}' bestaat niet (geef een andere map op met --data)")
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
    program ends, does not scan the whole dataset again.
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


@dataclass(slots=True)
class Tree:
    """The files of one data folder, in order, the known ones read."""

    data_dir: Path
    files: list[FileRead]


def unreadable(path: str, exc: OSError) -> Problem:
    return Problem(
        Location(path, 1, 1),
        "unreadable-file",
        f"het bestand kan niet gelezen worden ({exc.strerror or exc})",
        hint="controleer of het bestand bestaat en of je het mag lezen",
    )


def read_yaml_file(on_disk: str | Path, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse the file at `on_disk` (`path`: its name in messages); a file that cannot
    be read is a problem too."""
    try:
        with open(on_disk, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        return None, [unreadable(path, exc)]
    return read_yaml(path, raw)


def find_files(root: Path) -> Tree:
    """The files of the data folder of `root`, each with its kind, none read yet.

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
    return Tree(data_dir, files)


def read_tree(root: Path) -> Tree:
    """Find the files of the data folder of `root` and parse the known ones.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    tree = find_files(root)
    base = str(tree.data_dir)
    for f in tree.files:
        if f.kind is not None:
            f.doc, f.problems = read_yaml_file(os.path.join(base, *f.parts), f.path)
    return tree


def tree_from_bytes(data_dir: Path, contents: dict[tuple[str, ...], bytes]) -> Tree:
    """A tree of files held in memory (`contents`: path parts below the data folder → bytes),
    parsed exactly as `read_tree` parses files on disk: the old version of the data for `wijk
    verschil`, read from git without writing anything. Only files under gebieden/ and rondes/
    count, as on disk; messages name them under `data_dir`'s name (data/rondes/…).
    """
    prefix = (data_dir.name,) if data_dir.name else ()
    files = []
    for parts in sorted(p for p in contents if p and p[0] in ("gebieden", "rondes")):
        f = FileRead("/".join((*prefix, *parts)), parts, classify(parts))
        if f.kind is not None:
            f.doc, f.problems = read_yaml(f.path, contents[parts])
        files.append(f)
    return Tree(data_dir, files)
