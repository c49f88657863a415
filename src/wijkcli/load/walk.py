"""Load stage, the walk: every file under data/ found and read strictly (`read.tree`), each
validated (`load.validate`) or taken from the content-keyed cache (`read.cache`), and put
together in a `Dataset` (`wijkcli.dataset`).

`load_repo(root)` returns a `LoadResult` with the dataset and every problem found, each with
file:line:column. Files are only read, never written. What one file gives (its model, its marks
and its problems) depends only on its path and bytes, so it is kept in the cache and looked up
on the next run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.problems import Location, Problem, Severity, sort_problems
from wijkcli.read import cache as file_cache
from wijkcli.read.tree import (
    VERGADERING_RE,
    VERZONDEN_RE,
    WIJKPLAN_RE,
    FileRead,
    Tree,
    find_data_dir,
    find_files,
    gc_paused,
    read_data_file,
    read_tree,
    run_budget,
)
from wijkcli.read.yamlread import Marks, decode, read_yaml

# The models (and pydantic) are imported where a file is validated (`load_file`, `load_tree`):
# a run whose whole result comes from the cache imports neither.


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
    loaded = load_cached(tree, store)
    store.save()
    return loaded


def checked_result(
    root: Path,
    datum: date | None,
    cache: bool | None,
    check: Callable[[LoadResult], tuple[Dataset, list[Problem]]],
    parts: PartChecks | None = None,
) -> tuple[Dataset, list[Problem]]:
    """`check(load_repo(root))`, the problems of `wijk check` taken from the cache when no
    input changed. The whole results live in a store of their own (`read.cache.RESULTS`, for
    the code of all of wijkcli), apart from the per-file entries, under two keys:

    - the *content key*: every entry under the data folder (name, kind, the bytes of each file,
      where each link points) and `datum`;
    - the *stat key*, tried first: the same listing with each file's `lstat` (device, inode,
      size, mtime and ctime in nanoseconds) instead of its bytes, as git's index does. A hit
      reads no data file at all. It is written only when no entry changed in the two seconds
      before the run started (a file changed again within the clock's tick would keep its
      times), and a file's ctime is set by the kernel on every change: nothing in a checkout
      can give a changed file the times it had (a fresh clone has new inodes and times, and
      goes by the content key).

    A result that is not there is computed (each file's own part from the per-file store
    where known) and kept, unless the listing changed while the run read the files. The whole
    result keeps the problems only: on a hit, the dataset is loaded (from the per-file
    entries) when something first looks at it; `wijk check` never does.

    With `parts`, a result that is not there is put together from the results of its parts
    (`PartChecks`: the gebieden with the rounds of one year, and the scoring evenings), each
    kept under two keys of its own as the whole is: after an edit in one year's rounds only
    that part is read, loaded and checked again (#32). Only when the parts cannot stand for
    the whole (see `PartChecks`) is the whole checked, and kept, as above.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    if not file_cache.wanted(cache):
        return check(load_tree(read_tree(root)))
    data_dir = find_data_dir(root)
    results = file_cache.FileCache.open(
        data_dir, whole_fingerprint(), name=file_cache.RESULTS, keep=2 * RESULTS_KEPT
    )
    if results is None:
        return check(load_tree(read_tree(root)))
    when = (datum.isoformat() if datum is not None else "").encode()
    with gc_paused():
        listing, steady, listed = _stat_listing(data_dir)
        fast = results.key(b"stat-listing", when, listing)
        found = results.get(fast)
        if isinstance(found, list):
            return _DeferredDataset(lambda: _load_saved(root, results)), found
        if parts is not None and listed is not None:
            run = _Run(root, data_dir, results, when, listing, fast, steady)
            by_parts = _checked_by_parts(run, parts, listed)
            if by_parts is not None:
                return by_parts
        tree = find_files(root)
        store = results.sibling(code_fingerprint())
        raws = _read_known(tree)
        key = results.key(b"whole-result", when, _inputs_digest(tree, raws))
        found = results.get(key)
        if isinstance(found, list):
            if steady:
                results.put(fast, found)
                results.save()
            return _DeferredDataset(lambda: _load_saved(root, results, tree, store, raws)), found
        dataset, problems = check(load_cached(tree, store, raws))
        store.save()
        # Something under data/ changed while this run read it (an editor saving, a checkout):
        # the result may stand for neither state, so it is not kept (each file's own entry,
        # keyed on the bytes it was made of, is).
        if _stat_listing(data_dir)[0] == listing:
            results.put(key, problems)
            if steady:
                results.put(fast, problems)
            results.save()
        return dataset, problems


STEADY_NS = 2_000_000_000
"""How long (ns) an entry must have been left alone before its times stand for its bytes:
a coarse file system clock (FAT: 2 s) gives changes within one tick the same times."""

RESULTS_KEPT = 32
"""Whole results kept (each under two keys, its bytes and its stat listing, so the store keeps
twice as many keys): other `--datum`s, the states of a branch switched to and fro."""


def _load_saved(
    root: Path,
    results: file_cache.FileCache,
    tree: Tree | None = None,
    store: file_cache.FileCache | None = None,
    raws: dict[str, tuple[bytes | None, list[Problem]]] | None = None,
) -> Dataset:
    with gc_paused():
        if tree is None:
            tree = find_files(root)
        if store is None:
            store = results.sibling(code_fingerprint())
        loaded = load_cached(tree, store, raws)
    store.save()
    return loaded.dataset


# --- the whole result from its parts (#32) ---------------------------------------------------

GEBIEDEN_PART = "gebieden"
BEOORDELINGEN_PART = "beoordelingen"
_RONDE_YEAR = re.compile(r"ronde-([0-9]{4})-[^/]+")


def part_of(sub: str) -> str | None:
    """The part of the data an entry (its path below the data folder) belongs to: `jaar-JJJJ`
    for what is in a round's folder named ronde-JJJJ-..., `beoordelingen` for the scoring
    evenings, `gebieden` for everything else (hidden entries in `rondes/` too: the walk skips
    them with a warning); None for an entry in `rondes/` whose name gives no year (then the
    data is checked whole)."""
    top, _, rest = sub.partition("/")
    if top == "rondes" and rest and not rest.startswith("."):  # the walk skips hidden ones
        m = _RONDE_YEAR.fullmatch(rest.partition("/")[0])
        return f"jaar-{m[1]}" if m else None
    return BEOORDELINGEN_PART if top == BEOORDELINGEN_PART else GEBIEDEN_PART


def _in_part(part: str, sub: str) -> bool:
    """Whether the walk for `part` goes into folder `sub`."""
    return part_of(sub) == part or (sub == "rondes" and part.startswith("jaar-"))


def _in_parts(parts: frozenset[str], sub: str) -> bool:
    """Whether the walk for `parts` goes into folder `sub`."""
    return sub == "rondes" or part_of(sub) in parts


@dataclass(frozen=True)
class PartChecks:
    """How the whole result is put together from parts, given by the pipeline: the data of
    one year is the gebieden (all of `gebieden/`) with the rounds of that year; the scoring
    evenings (which read their own folder) are a part of their own.

    - `check(loaded, evenings)`: the result of one part (picklable): the year's files loaded,
      or, with `evenings`, nothing loaded;
    - `fit(results)`: whether these parts' results can still stand for one run (asked after
      each part, so that a run that must check the whole stops early);
    - `merge(problems, results)`: the whole result's problems from the walk's own `problems`
      and every part's result, or None when the parts cannot stand for the whole.

    The parts stand for the whole as long as no check looks from one year into another, which
    the tests compare on every example (`tests/test_cache_parts.py`). The year of a round is
    read from its folder's name and checked against its ronde.yaml: a round whose year differs,
    or that has no readable ronde.yaml, makes the whole be checked."""

    check: Callable[[LoadResult, bool], Any]
    fit: Callable[[list[Any]], bool]
    merge: Callable[[list[Problem], list[Any]], list[Problem] | None]


@dataclass(frozen=True)
class _Run:
    """What `checked_result` knows before it looks at the parts."""

    root: Path
    data_dir: Path
    results: file_cache.FileCache
    when: bytes
    listing: bytes
    fast: str
    steady: bool


def _checked_by_parts(
    run: _Run, checks: PartChecks, listed: dict[str, tuple[bytes, bool]]
) -> tuple[Dataset, list[Problem]] | None:
    """The whole result from the results of its parts, each from the cache when it is there
    (by its listing's times, or else by its bytes) and checked when not; None when the parts
    cannot stand for the whole (stopped at the first part that shows it).

    When a year is known by its times, only what is not is walked and read: the gebieden and
    those parts (an edit in one year). Else every part is read, and the whole result is looked
    up by its bytes first (its content key: the digest of the parts' digests), as a fresh
    clone does. A part's key holds the gebieden's too (every year looks at them), and so does
    what it keeps: the walk's warnings about its own entries and the gebieden's, and its
    result."""
    names = sorted(n for n in listed if n.startswith("jaar-"))
    if not names:
        return None
    names.append(BEOORDELINGEN_PART)
    units = run.results.sibling(whole_fingerprint(), name=file_cache.PARTS)

    def context(name: str, digests: dict[str, bytes]) -> bytes:
        return b"" if name == BEOORDELINGEN_PART else digests.get(GEBIEDEN_PART, b"")

    times = {n: d for n, (d, _) in listed.items()}
    stat_keys = {
        n: units.key(b"part-stat", run.when, n.encode(), times.get(n, b""), context(n, times))
        for n in names
    }
    got = {n: v for n in names if (v := units.get(stat_keys[n])) is not None}
    if not checks.fit([v[1] for v in got.values()]):
        return None  # known already: these parts cannot stand for the whole
    edited = any(n.startswith("jaar-") for n in got)  # else: read everything
    read = frozenset(n for n in names if n not in got or not edited)
    store = run.results.sibling(code_fingerprint())
    whole_key: str | None = None
    made: dict[str, Any] = {}
    checked: dict[str, LoadResult] = {}  # the years this run loaded and checked
    if read:
        gebieden = _walk_part(run.root, GEBIEDEN_PART)
        known = [f for f in gebieden.files if f.kind is not None]
        mine = _read_known(gebieden)
        contents = {GEBIEDEN_PART: _inputs_digest(gebieden, mine, GEBIEDEN_PART)}
        walked: dict[str, tuple[Tree, dict[str, tuple[bytes | None, list[Problem]]]]] = {}
        for name in sorted(read):
            part = _walk_part(run.root, name)
            part_raws = {**mine, **_read_known(part)}
            walked[name] = (part, part_raws)
            contents[name] = _inputs_digest(part, part_raws, name)
        if not edited:  # every part read: the whole by its bytes
            whole_key = run.results.key(b"whole-parts", run.when, _digest(sorted(contents.items())))
            found = run.results.get(whole_key)
            if isinstance(found, list):
                if run.steady:
                    run.results.put(run.fast, found)
                    run.results.save()
                return _DeferredDataset(lambda: _load_saved(run.root, run.results)), found
        shared = functools.cache(lambda: load_cached(Tree(gebieden.data_dir, known), store, mine))
        for name in names:
            if name in got and edited:
                continue
            part, part_raws = walked[name]
            key = units.key(b"part", run.when, name.encode(), contents[name],
                            context(name, contents))  # fmt: skip
            value = got.get(name) or units.get(key)
            if value is None:
                own = Tree(part.data_dir, [f for f in part.files if f.kind is not None])
                result, loaded = _check_part(own, store, part_raws, name, checks, shared)
                if loaded is not None:
                    checked[name] = loaded
                year = name.startswith("jaar-")
                warned = [*_walk_problems(gebieden), *_walk_problems(part)] if year else []
                value = made[key] = (tuple(warned), result)
            if value[1] is None:  # a round of another year: the parts cannot be
                store.save()
                return None
            got[name] = value
            if not checks.fit([v[1] for v in got.values()]):
                # Each part stands; together they cannot: kept, so that the next run knows
                # it before it reads anything, and the whole is checked.
                store.save()
                _keep(run, units, listed, read, made, {n: (stat_keys[n], got[n]) for n in got})
                return None
    warnings = [p for n in names for p in got[n][0]]
    merged = checks.merge(warnings, [got[n][1] for n in names])
    store.save()
    if merged is None:
        return None
    problems = sort_problems(merged)
    if _keep(run, units, listed, read, made, {n: (stat_keys[n], got[n]) for n in names}):
        if whole_key is not None:
            run.results.put(whole_key, problems)
        if run.steady:
            run.results.put(run.fast, problems)
        run.results.save()
    years = [n for n in names if n != BEOORDELINGEN_PART]
    if all(n in checked for n in years):  # what was checked is the dataset: no second load
        return _joined([checked[n] for n in years]), problems
    root, results = run.root, run.results
    return _DeferredDataset(lambda: _load_saved(root, results)), problems


def _joined(parts: list[LoadResult]) -> Dataset:
    """The dataset of the whole from the datasets of its years (each with the gebieden): one
    year's is the whole one, with what was derived from it (the count); several years' are
    put together, in the walk's order (the years in order, each in order), without it."""
    if len(parts) == 1:
        return parts[0].dataset
    first = parts[0].dataset
    whole = Dataset(first.root, gebieden=dict(first.gebieden))
    for part in parts:
        whole.rondes.update(part.dataset.rondes)
        whole.partial |= part.dataset.partial
    return whole


def _keep(
    run: _Run,
    units: file_cache.FileCache,
    listed: dict[str, tuple[bytes, bool]],
    read: frozenset[str],
    made: dict[str, Any],
    by_times: dict[str, tuple[str, Any]],
) -> bool:
    """Keep the parts' results made by this run (under their content keys) and every part's
    under its stat key (`by_times`: name → key, result) when its listing is steady; True when
    kept. Nothing is kept when what was read changed while the run read it (see
    `checked_result`); a part known by its times was not read: its result stands for them."""
    seen = read | ({GEBIEDEN_PART} if read else set())
    now = _stat_listing(run.data_dir, frozenset(seen))[2] or {}
    if any(now.get(n, (b"", True))[0] != listed.get(n, (b"", True))[0] for n in seen):
        return False
    for key, value in made.items():
        units.put(key, value)
    for name, (key, value) in by_times.items():
        if listed.get(name, (b"", True))[1]:
            units.put(key, value)
    units.save()
    return True


def _walk_part(root: Path, name: str) -> Tree:
    """The walk (`find_files`) of one part's entries alone; the scoring evenings are not
    walked (their check reads its own folder)."""
    if name == BEOORDELINGEN_PART:
        return Tree(find_data_dir(root), [], [])
    subs = ("gebieden", "rondes") if name == GEBIEDEN_PART else ("rondes",)
    return find_files(root, subs, functools.partial(_entry_in_part, name))


def _entry_in_part(name: str, parts: tuple[str, ...]) -> bool:
    return part_of("/".join(parts)) == name


def _check_part(
    sub: Tree,
    store: file_cache.FileCache,
    raws: dict[str, tuple[bytes | None, list[Problem]]],
    name: str,
    checks: PartChecks,
    gebieden: Callable[[], LoadResult],
) -> tuple[Any | None, LoadResult | None]:
    """One part's result (None when a round of a year's part is of another year, or of none
    that can be read) and, for a year, what it checked. A year's files are `sub` (its rounds)
    with `gebieden()`, loaded once for every year of the run: the same objects in each
    (nothing loaded changes them)."""
    if name == BEOORDELINGEN_PART:
        return checks.check(LoadResult(Dataset(root=sub.data_dir), []), True), None
    shared = gebieden()
    loaded = load_cached(sub, store, raws)
    dataset = loaded.everything
    dataset.gebieden = dict(shared.everything.gebieden)
    dataset.partial |= shared.everything.partial
    year = int(name.removeprefix("jaar-"))
    for r in dataset.rondes.values():
        if getattr(r.ronde, "year", None) != year:
            return None, None
    whole = LoadResult(dataset, [*shared.problems, *loaded.problems])
    return checks.check(whole, False), whole


def _walk_problems(tree: Tree) -> list[Problem]:
    """What the walk says outside the parts' files: skipped entries, unknown files."""
    problems = list(tree.problems)
    for f in tree.files:
        if f.kind is None:
            problems.extend(_unknown_file(f))
    return problems


def _stat_listing(
    data_dir: Path, only: frozenset[str] | None = None
) -> tuple[bytes, bool, dict[str, tuple[bytes, bool]] | None]:
    """A digest of every entry under `data_dir` with its name, type and, for a file, its
    `lstat` identity (device, inode, size, mtime and ctime in ns); for a link, where it points.
    Nothing is followed or read. Also whether the listing is *steady*: every folder could be
    listed and no entry changed from two seconds before now on (a coarse clock could give a
    later change the same times). And the same digest and steadiness for each part
    (`part_of`), or None when an entry belongs to no part. With `only`, the entries of those
    parts alone are walked (the whole digest is then of those).

    The listing also counts the budget of a run (`read.yamlread.MAX_RUN_ENTRIES`,
    `MAX_RUN_BYTES`) as the walk counts it: entries under gebieden/ and rondes/, and the sizes
    of the YAML files there. It counts at least what the walk counts (it also goes into
    hidden folders, and counts every name ending in .yaml), so within it the walk is too; past
    it, the listing stops and says nothing is known by its times (b"", not steady, no parts):
    the walk of the whole then reports the budget."""
    since = time.time_ns() - STEADY_NS
    steady = True
    by_part: dict[str, tuple[list[tuple[Any, ...]], list[bool]]] = {}
    descend = None if only is None else functools.partial(_in_parts, only)
    max_entries, max_bytes, largest = run_budget()
    entries = total = 0
    parts_of_rounds: dict[str, str | None] = {}  # part_of of each rondes/<name>, found once
    for sub, entry in _walk_entries(str(data_dir), descend):
        slash = sub.find("/")
        top = sub[:slash] if slash >= 0 else sub
        counted = slash >= 0 and top in ("gebieden", "rondes")
        if top == "rondes" and slash >= 0:
            end = sub.find("/", slash + 1)
            folder = sub[:end] if end >= 0 else sub
            if folder not in parts_of_rounds:
                parts_of_rounds[folder] = part_of(folder)
            part = parts_of_rounds[folder]
        else:
            part = BEOORDELINGEN_PART if top == BEOORDELINGEN_PART else GEBIEDEN_PART
        if counted:
            entries += 1
            if entries > max_entries:
                return b"", False, None
        if only is not None and part not in only:
            continue
        mine = by_part.setdefault(part or "", ([], [True]))
        records = mine[0]
        if isinstance(entry, OSError):
            records.append(("unlistable", sub, entry.errno))
            steady = mine[1][0] = False
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if entry.is_symlink():
                records.append(("link", sub, os.readlink(entry.path)))
            elif entry.is_dir(follow_symlinks=False):
                records.append(("dir", sub))
                continue
            else:
                records.append(
                    ("entry", sub, info.st_mode, info.st_dev, info.st_ino, info.st_size,
                     info.st_mtime_ns, info.st_ctime_ns)
                )  # fmt: skip
                if counted and sub.endswith(".yaml") and info.st_size <= largest:
                    total += info.st_size
                    if total > max_bytes:
                        return b"", False, None
            if info.st_mtime_ns >= since or info.st_ctime_ns >= since:
                steady = mine[1][0] = False
        except OSError as exc:
            records.append(("gone", sub, exc.errno))
            steady = mine[1][0] = False
    digests = {name: (_digest(rs), ok[0]) for name, (rs, ok) in by_part.items()}
    whole = _digest(sorted((name, d) for name, (d, _) in digests.items()))  # = every record
    return whole, steady, (None if "" in digests else digests)


def _digest(records: list[tuple[Any, ...]]) -> bytes:
    return hashlib.blake2b(pickle.dumps(records, protocol=4)).digest()


def _walk_entries(
    base: str, descend: Callable[[str], bool] | None = None
) -> Iterator[tuple[str, os.DirEntry[str] | OSError]]:
    """Every entry under `base` with its path relative to it, depth first and each folder in
    name order; a folder that cannot be listed gives its path and the error instead. No link is
    followed: a link to a folder is an entry, never walked into; nor is a folder for which
    `descend` says no."""
    stack = [""]
    while stack:
        rel = stack.pop()
        try:
            with os.scandir(os.path.join(base, rel) if rel else base) as it:
                entries = sorted(it, key=_name)
        except OSError as exc:
            yield rel, exc
            continue
        for entry in entries:
            sub = f"{rel}/{entry.name}" if rel else entry.name
            yield sub, entry
            with contextlib.suppress(OSError):  # the caller records what could not be seen
                walk_in = not entry.is_symlink() and entry.is_dir(follow_symlinks=False)
                if walk_in and (descend is None or descend(sub)):
                    stack.append(sub)


class _DeferredDataset(Dataset):
    """A `Dataset` that is loaded when one of its fields is first read (then it is that
    dataset): what `checked_result` gives with a whole result from the cache."""

    def __init__(self, build: Callable[[], Dataset] | None = None, **fields: Any) -> None:
        if build is None:  # `dataclasses.replace` of a loaded one: a plain dataset's fields
            Dataset.__init__(self, **fields)
            return
        self.__dict__["_build"] = build  # no fields yet: see __getattr__

    def __getattr__(self, name: str) -> Any:
        build = self.__dict__.pop("_build", None)
        if build is None or name.startswith("__"):
            if build is not None:
                self.__dict__["_build"] = build
            raise AttributeError(name)
        self.__dict__.update(build().__dict__)
        return getattr(self, name)


def _read_known(tree: Tree) -> dict[str, tuple[bytes | None, list[Problem]]]:
    """The bytes (or the problem of reading) of each known file of `tree`, by path."""
    base = str(tree.data_dir)
    return {
        f.path: read_data_file(os.path.join(base, *f.parts), f.path)
        for f in tree.files
        if f.kind is not None
    }


def _inputs_digest(
    tree: Tree,
    raws: dict[str, tuple[bytes | None, list[Problem]]],
    part: str | None = None,
) -> bytes:
    """A hash of everything under the data folder that a check can look at: every entry's
    name and type, the bytes of every regular file (the known files as read, the others, such
    as logos and scoring evenings, read here), where each link points. Nothing is followed.
    With `part`, of the entries of that part only (`part_of`), without the walk's warnings."""
    records: list[tuple[str, str, bytes]] = []
    descend: Callable[[str], bool] | None = None
    if part is None:  # what the walk skipped, and why
        records += [("walk", repr((p.location, p.code, p.message, p.severity)), b"")
                    for p in tree.problems]  # fmt: skip
    else:
        descend = functools.partial(_in_part, part)
    prefix = f"{tree.data_dir.name}/" if tree.data_dir.name else ""
    digest = hashlib.blake2b
    for sub, entry in _walk_entries(str(tree.data_dir), descend):
        if part is not None and part_of(sub) != part:
            continue
        if isinstance(entry, OSError):
            records.append(("unlistable", sub, str(entry.errno).encode()))
            continue
        try:  # the type from the folder listing (no stat), never following a link
            if entry.is_symlink():
                records.append(("link", sub, os.fsencode(os.readlink(entry.path))))
            elif entry.is_dir(follow_symlinks=False):
                records.append(("dir", sub, b""))
            elif entry.is_file(follow_symlinks=False):
                known = raws.get(prefix + sub)
                raw, problems = known or read_data_file(entry.path, sub, _LARGEST_INPUT)
                if raw is not None:
                    records.append(("file", sub, digest(raw).digest()))
                else:
                    records.append(("unread", sub, repr([p.code for p in problems]).encode()))
            else:
                records.append(("other", sub, b""))
        except OSError as exc:
            records.append(("gone", sub, str(exc.errno).encode()))
    return digest(pickle.dumps(records, protocol=4)).digest()


_LARGEST_INPUT = 64 << 20
"""Files under data/ that no check reads whole (a logo is capped at 1 MB) are hashed up to
here; a larger one changes the key by its read problem alone."""


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


_WHOLE: list[str] = []


def whole_fingerprint() -> str:
    """A hash of all of wijkcli's code (the checks and the count decide the whole result) and
    of what reads the files (pydantic, pydantic-core and PyYAML, as in `code_fingerprint`: an
    upgrade that validates differently changes each file's part, so the whole too)."""
    if not _WHOLE:
        records, versions = _readers()
        here = Path(__file__).resolve().parent.parent
        _WHOLE.append(file_cache.fingerprint([here, *records], *versions))
    return _WHOLE[0]


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A hash of everything that decides what one file gives: the reader, the models, this
    module, the problems, the version of wijkcli, pydantic and PyYAML (with or without
    libyaml). Hashed from the source files themselves, once per process (~1 ms)."""
    if not _FINGERPRINT:
        from wijkcli import __version__

        here = Path(__file__).resolve().parent.parent
        sources = [here / "read", here / "model", here / "load", here / "dataset.py"]
        sources += [here / "problems.py", here / "text.py", here / "__init__.py"]
        records, versions = _readers()
        _FINGERPRINT.append(file_cache.fingerprint(sources + records, *versions, __version__))
    return _FINGERPRINT[0]


def _readers() -> tuple[list[Path], list[str]]:
    """What reads and validates the files besides wijkcli's own code: the installed pydantic
    and pydantic-core (`_installed`), and PyYAML's version with or without libyaml."""
    import yaml

    records, versions = _installed("pydantic", "pydantic_core")
    return records, [*versions, yaml.__version__, str(getattr(yaml, "__with_libyaml__", False))]


def _installed(*packages: str) -> tuple[list[Path], list[str]]:
    """The `RECORD` of each package's installed distribution (name, version and the hash of
    every file it installed): what decides the models' behaviour, found without importing the
    package, so a run answered from the cache does not load pydantic (~0.06 s, #32). A package
    whose RECORD cannot be found (an unusual install) is imported for its version instead."""
    import importlib
    import importlib.util

    records: list[Path] = []
    versions: list[str] = []
    for name in packages:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin) if spec is not None and spec.origin else None
        found = _records(origin.parent.parent, name) if origin else []
        if len(found) == 1:
            records += found
        else:
            module = importlib.import_module(name)
            versions.append(f"{name} {getattr(module, '__version__', '?')}")
    return records, versions


def _records(site: Path, name: str) -> list[Path]:
    """The `RECORD` files in `site` of the distributions named `name`, whatever the spelling of
    the folder's name (`Jinja2-3.0.0.dist-info` and `jinja2-3.1.6.dist-info` alike: older
    wheels kept the project's own capitals and dashes)."""
    want = _normalized(name)
    try:
        entries = sorted(site.iterdir())
    except OSError:
        return []
    return [
        e / "RECORD"
        for e in entries
        if e.name.endswith(".dist-info")
        and _normalized(e.name.removesuffix(".dist-info").rpartition("-")[0]) == want
        and (e / "RECORD").is_file()
    ]


def _normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares it (case and runs of -, _ and . ignored)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def load_cached(
    tree: Tree,
    store: file_cache.FileCache,
    raws: dict[str, tuple[bytes | None, list[Problem]]] | None = None,
) -> LoadResult:
    """`load_tree`, with each file's result taken from `store` when its bytes are known there
    (and put there when not: `store.save()` writes them). `raws`: the files as already read,
    by path (`_read_known`)."""
    dataset = Dataset(root=tree.data_dir)
    problems: list[Problem] = list(tree.problems)
    base = str(tree.data_dir)
    with gc_paused():
        for f in tree.files:
            if f.kind is None:
                problems.extend(_unknown_file(f))
                continue
            if raws is not None and f.path in raws:
                raw, read_problems = raws[f.path]
            else:
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
                if not store.reducers:
                    store.reducers = _model_reducers()
                store.put(key, _to_entry(obj, src, file_problems))
            problems.extend(_store(dataset, f.kind, f.parts, obj, src, list(file_problems)))
    return LoadResult(dataset, problems)


_LAZY = "lazy"


def _model_reducers() -> dict[type, Callable[[Any], Any]]:
    """How the per-file store pickles every pydantic model class there is: as its class, its
    fields and which were set (`_rebuild_model`), a third less time than pydantic's own
    `__getstate__`/`__setstate__` for the same result."""
    from pydantic import BaseModel

    table: dict[type, Callable[[Any], Any]] = {}
    stack: list[type[Any]] = [BaseModel]
    while stack:
        sub: type[Any]
        for sub in stack.pop().__subclasses__():
            if sub not in table:
                table[sub] = _reduce_model
                stack.append(sub)
    return table


def _reduce_model(obj: Any) -> Any:
    if obj.__pydantic_extra__ is None and obj.__pydantic_private__ is None:
        return _rebuild_model, (type(obj), obj.__dict__, obj.__pydantic_fields_set__)
    return obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)  # pydantic's own way


_set = object.__setattr__


def _rebuild_model(cls: type[Any], fields: dict[str, Any], fields_set: set[str]) -> Any:
    """A model as pickled by `_reduce_model`: what pydantic's `__setstate__` sets, no more."""
    obj = object.__new__(cls)
    _set(obj, "__dict__", fields)
    _set(obj, "__pydantic_fields_set__", fields_set)
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


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
    from wijkcli.load.validate import validate_document
    from wijkcli.model import FILE_MODELS

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
    from wijkcli.load.validate import validate_document
    from wijkcli.model import FILE_MODELS

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
            g.leden, g.leden_src = list(getattr(obj, "leden", [])), src
            if "leden" not in obj.__dict__:
                g.leden_src = None  # nothing is known about the members
            if not g.leden_complete:
                return _with_note(problems, "leden")
        else:
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
        stem = os.path.splitext(parts[3])[0]
        r.voortgang[stem] = obj
        r.voortgang_src[stem] = src
    elif kind == "verzonden":
        m = VERZONDEN_RE.match(parts[2])
        assert m is not None
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


# --- the state of the data folder, for a cache of what is made from it (wijkcli.rendered) ----
# Added by the `advies` helper (#32): public names for what `checked_result` keys on, so the
# cache of rendered documents keys on exactly the same inputs.


def folder_state(data_dir: Path) -> tuple[bytes, bool]:
    """The stat key of `checked_result` for `data_dir` (`_stat_listing` of the whole folder):
    a digest of every entry's name, type and `lstat` identity, and whether the listing is
    steady (never past the run's budget: then the digest is empty and not steady)."""
    digest, steady, _ = _stat_listing(data_dir)
    return digest, steady


def folder_contents(root: Path) -> bytes:
    """The content key of `checked_result` for the data folder of `root` (without `datum`):
    a digest of every entry under it and the bytes of every file.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    tree = find_files(root)
    return _inputs_digest(tree, _read_known(tree))


def installed(*packages: str) -> tuple[list[Path], list[str]]:
    """`_installed`: the RECORD of each package's distribution, found without importing it."""
    return _installed(*packages)
