"""Read stage, finding and reading: every file under data/, parsed with `read.yamlread`.

`read_tree(root)` finds the data folder of `root`, lists its files in a stable order, tells
each one's kind from its place and name (`classify`) and parses the known ones. Nothing here
imports the models; `load` validates what was read.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from wijkcli.problems import Location, Problem, Severity, UsageMistake, WijkcliError
from wijkcli.read.yamlread import (
    MAX_FILE_BYTES,
    MAX_RUN_BYTES,
    MAX_RUN_ENTRIES,
    YamlDocument,
    over_budget,
    read_yaml,
    too_large,
)
from wijkcli.text import os_error_words

WIJKPLAN_RE = re.compile(r"^wijkplan-(.+)\.yaml$")
VERGADERING_RE = re.compile(r"^vergadering-(.+)\.yaml$")
VERZONDEN_RE = re.compile(r"^verzonden-(.+)\.yaml$")


def classify(rel: Path | tuple[str, ...]) -> str | None:
    """Which file kind a path under data/ is, or None when it is not a wijkcli file. Only names
    ending in `.yaml` (lower case) are wijkcli files."""
    parts = rel if isinstance(rel, tuple) else rel.parts
    name = parts[-1]
    if not name.endswith(".yaml"):
        return None
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
        if VERZONDEN_RE.match(name):
            return "verzonden"
    if len(parts) == 4 and parts[0] == "rondes" and parts[2] == "aanvragen":
        return "aanvraag"
    if len(parts) == 4 and parts[0] == "rondes" and parts[2] == "voortgang":
        return "voortgang"
    return None


def find_data_dir(root: Path) -> Path:
    """`root` itself when it is a data folder, else `root/data`.

    Raises:
        UsageMistake: `root` does not exist.
        WijkcliError: no data folder, or `root/data` is a symbolic link (a repository that
            arrives through a pull request could point it anywhere, such as /usr).
    """
    if any((root / sub).is_dir() for sub in ("gebieden", "rondes", "beoordelingen")):
        return root
    data = root / "data"
    if data.is_symlink():
        raise WijkcliError(
            f"'{display_path(str(data))}' is een symbolische link; wijkcli volgt geen links in "
            "een gegevensrepository (geef de echte map op met --data)"
        )
    if data.is_dir():
        return data
    if not root.is_dir():  # a mistake on the command line, not in the data
        what = "is een bestand, geen map" if root.exists() else "bestaat niet"
        raise UsageMistake(
            f"de map '{display_path(str(root))}' {what} (geef een andere map op met --data)"
        )
    raise WijkcliError(
        f"geen map met gegevens gevonden in '{display_path(str(root))}': verwacht data/gebieden "
        "en data/rondes (geef een andere map op met --data)"
    )


def display_path(path: str) -> str:
    """`path` as messages show it: bytes of a file name that are not UTF-8 (which Python keeps
    as lone surrogates) become a visible \\xNN, so printing never fails on a strict UTF-8
    terminal and JSON output never holds raw bytes."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


LEFTOVER_SUFFIXES = ("~", ".orig", ".rej", ".bak", ".swp", ".swo", ".tmp")
"""Editor and version-control leftovers: never data, skipped with a warning."""

GIT_HOUSEKEEPING = frozenset((".gitkeep", ".keep", ".gitignore", ".gitattributes"))
"""Files git users put in a folder on purpose (`wijk init` writes rondes/.gitkeep): skipped
without a word."""

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg")
"""Files a gebied folder may hold besides its YAML (the logo of the letterhead)."""


def _skipped(path: str, why: str, hint: str | None = None) -> Problem:
    return Problem(
        Location(path),
        "skipped-file",
        f"wijkcli slaat dit over: {why}",
        severity=Severity.WARNING,
        hint=hint,
    )


def not_a_file(path: str, what: str) -> Problem:
    """The warning for an entry that is not a regular file or folder: never read."""
    return Problem(
        Location(path),
        "not-a-file",
        f"dit is {what}, geen gewoon bestand; wijkcli leest het niet en slaat het over",
        severity=Severity.WARNING,
        hint="wijkcli volgt geen symbolische links: zet het echte bestand of de echte map hier"
        if "link" in what
        else None,
    )


def _what(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "een symbolische link"
    if stat.S_ISFIFO(mode):
        return "een pijp (FIFO)"
    if stat.S_ISSOCK(mode):
        return "een socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "een apparaat"
    return "iets anders dan een bestand"


def _judge_name(parts: tuple[str, ...], path: str, is_dir: bool) -> Problem | bool | None:
    """What to do with an entry by its name alone: a problem (skip it with that problem), True
    (read or enter it) or None (skip it without a word: a logo beside gebied.yaml)."""
    name = parts[-1]
    if display_path(name) != name:
        return Problem(
            Location(path),
            "bad-file-name",
            "de naam is geen UTF-8 (bijvoorbeeld van een oude Windows- of Mac-computer); "
            "wijkcli slaat het over",
            hint="geef het bestand of de map een naam met gewone letters, cijfers en streepjes",
        )
    if name in GIT_HOUSEKEEPING and not is_dir:
        return None
    if name.startswith("."):
        return _skipped(path, "een verborgen bestand of map (de naam begint met een punt)")
    if name.endswith(LEFTOVER_SUFFIXES):
        return _skipped(path, "een reservekopie of restant van een editor of van git")
    if is_dir:
        return True
    stem, ext = os.path.splitext(name)
    if ext == ".yaml":
        return True
    if ext == ".yml":
        return _skipped(
            path,
            "alleen bestanden die op .yaml eindigen tellen",
            hint=f"hernoem het naar {stem}.yaml",
        )
    if ext.lower() in (".yaml", ".yml"):
        return Problem(
            Location(path),
            "wrong-extension",
            f"de naam eindigt op '{ext}'; wijkcli leest alleen bestanden die op '.yaml' (kleine "
            "letters) eindigen, dus dit bestand telt nu niet mee",
            hint=f"hernoem het naar {stem}.yaml",
        )
    if parts[0] == "gebieden" and ext.lower() in IMAGE_SUFFIXES:
        return None
    return _skipped(path, "geen YAML-bestand (wijkcli leest alleen .yaml)")


@dataclass(slots=True)
class Walk:
    """What a walk through a data folder found: the files to read (path parts below the data
    folder, sorted part by part) and the warnings about everything it skipped."""

    files: list[tuple[str, ...]]
    problems: list[Problem]


def walk_data(
    data_dir: Path,
    subs: tuple[str, ...] = ("gebieden", "rondes"),
    keep: Callable[[tuple[str, ...]], bool] | None = None,
) -> Walk:
    """Every `.yaml` file under `subs` of `data_dir`; with `keep`, only the entries (path
    parts below `data_dir`) it keeps, and what is in them (one part of the data, `load.walk`).

    Nothing is followed out of the folder: symbolic links (to files or folders) are skipped,
    and so are FIFOs, sockets and devices, hidden entries, editor leftovers and files that are
    not YAML, each with a warning (`skipped-file`, `not-a-file`); an upper-case `.YAML` or a
    name that is not UTF-8 is an error (the file would otherwise be lost without a word). A
    folder that cannot be listed (no permission, or it vanished while reading) is a warning.

    Raises:
        WijkcliError: more than `MAX_RUN_ENTRIES` entries, or YAML files of more than
            `MAX_RUN_BYTES` together (the budget of one run), found before anything is read.
    """
    found: list[tuple[str, ...]] = []
    problems: list[Problem] = []
    prefix = (display_path(data_dir.name),) if data_dir.name else ()
    budget = {"entries": 0, "bytes": 0}  # the budget of one run: MAX_RUN_ENTRIES, MAX_RUN_BYTES

    def shown(parts: tuple[str, ...]) -> str:
        return display_path("/".join((*prefix, *parts)))

    def walk(folder: str, parts: tuple[str, ...]) -> None:
        try:
            with os.scandir(folder) as it:
                entries = list(it)  # closed before going deeper: one open folder at a time
        except OSError as exc:
            problems.append(
                Problem(
                    Location(shown(parts)),
                    "unreadable-folder",
                    f"de map kan niet gelezen worden ({os_error_words(exc)}); wat erin staat, "
                    "telt niet mee",
                    severity=Severity.WARNING,
                    hint="controleer of de map bestaat en of je haar mag lezen",
                )
            )
            return
        budget["entries"] += len(entries)
        if budget["entries"] > MAX_RUN_ENTRIES:
            raise over_budget(
                f"meer dan {MAX_RUN_ENTRIES:,} bestanden en mappen".replace(",", "."),
                f"de gegevensmap '{display_path(str(data_dir))}'",
            )
        for entry in entries:
            here = (*parts, entry.name)
            if keep is not None and not keep(here):
                continue
            try:
                # The type from the folder listing itself (no extra system call per file).
                is_dir = entry.is_dir(follow_symlinks=False)
                if not is_dir and not entry.is_file(follow_symlinks=False):
                    problems.append(
                        not_a_file(shown(here), _what(entry.stat(follow_symlinks=False).st_mode))
                    )
                    continue
            except FileNotFoundError:
                continue  # gone since the folder was listed: as if it was never there
            except OSError as exc:
                problems.append(unreadable(shown(here), exc))
                continue
            verdict = _judge_name(here, shown(here), is_dir)
            if isinstance(verdict, Problem):
                problems.append(verdict)
            elif verdict is True:
                if is_dir:
                    walk(entry.path, here)
                else:
                    found.append(here)
                    _count_bytes(entry, budget, data_dir)

    for sub in subs:
        base = os.path.join(data_dir, sub)
        try:
            mode = os.lstat(base).st_mode
        except OSError:
            continue
        if stat.S_ISDIR(mode):
            walk(base, (sub,))
        else:
            problems.append(not_a_file(shown((sub,)), _what(mode)))
    found.sort()
    return Walk(found, problems)


def run_budget() -> tuple[int, int, int]:
    """The budget `walk_data` counts against: entries, bytes of YAML together, and the size
    above which a file is not read (and not counted)."""
    return MAX_RUN_ENTRIES, MAX_RUN_BYTES, MAX_FILE_BYTES


def _count_bytes(entry: os.DirEntry[str], budget: dict[str, int], data_dir: Path) -> None:
    """Add a YAML file's size to the run's budget (a file over `MAX_FILE_BYTES` is refused
    unread, so it does not count).

    Raises:
        WijkcliError: the files together pass `MAX_RUN_BYTES`.
    """
    try:
        size = entry.stat(follow_symlinks=False).st_size
    except OSError:
        return  # reported when the file is read
    if size <= MAX_FILE_BYTES:
        budget["bytes"] += size
    if budget["bytes"] > MAX_RUN_BYTES:
        raise over_budget(
            f"de YAML-bestanden zijn samen meer dan {MAX_RUN_BYTES // (1024 * 1024)} MiB",
            f"de gegevensmap '{display_path(str(data_dir))}'",
        )


def iter_files(data_dir: Path) -> list[tuple[str, ...]]:
    """The `.yaml` files under gebieden/ and rondes/ that `walk_data` finds, without its
    warnings."""
    return walk_data(data_dir).files


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
    problems: list[Problem] = field(default_factory=list)
    """Warnings (and errors) about entries that were skipped (`walk_data`)."""


def unreadable(path: str, exc: OSError) -> Problem:
    return Problem(
        Location(path, 1, 1),
        "unreadable-file",
        f"het bestand kan niet gelezen worden ({os_error_words(exc)})",
        hint="controleer of het bestand bestaat en of je het mag lezen",
    )


OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)
"""How every data file is opened: never through a symbolic link, and without waiting (a FIFO
or a /proc file that has nothing to say does not hang the run)."""


def read_data_file(
    on_disk: str | Path, path: str, limit: int = MAX_FILE_BYTES
) -> tuple[bytes | None, list[Problem]]:
    """The bytes of the data file at `on_disk` (`path`: its name in messages), or None and the
    problem: a link or anything but a regular file is not read (`not-a-file`), a file larger
    than `limit` is refused after reading at most `limit` + 1 bytes (`file-too-large`), and a
    file that cannot be opened is `unreadable-file`."""
    try:
        fd = os.open(on_disk, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a link
            return None, [not_a_file(path, "een symbolische link")]
        return None, [unreadable(path, exc)]
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, [not_a_file(path, _what(info.st_mode))]
        if info.st_size > limit:
            return None, [too_large(path, info.st_size, limit)]
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        return None, [unreadable(path, exc)]
    finally:
        os.close(fd)
    if size > limit:  # grew while being read, or a file whose size says nothing
        return None, [too_large(path, None, limit)]
    return b"".join(chunks), []


def read_yaml_file(on_disk: str | Path, path: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse the file at `on_disk` (`path`: its name in messages); a file that cannot
    be read is a problem too (`read_data_file`)."""
    raw, problems = read_data_file(on_disk, path)
    if raw is None:
        return None, problems
    return read_yaml(path, raw)


def find_files(
    root: Path,
    subs: tuple[str, ...] = ("gebieden", "rondes"),
    keep: Callable[[tuple[str, ...]], bool] | None = None,
) -> Tree:
    """The files of the data folder of `root`, each with its kind, none read yet; the warnings
    about skipped entries in `Tree.problems`. `subs`, `keep`: see `walk_data`.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    data_dir = find_data_dir(root)
    # Paths in messages start at the folder that holds data/ (data/rondes/…), as a user sees them.
    prefix = (display_path(data_dir.name),) if data_dir.name else ()
    walk = walk_data(data_dir, subs, keep)
    files = [FileRead("/".join((*prefix, *parts)), parts, classify(parts)) for parts in walk.files]
    return Tree(data_dir, files, walk.problems)


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
