"""The cache of rendered documents (#32): a repeated `wijk advies` whose inputs did not change
gives the letter, and the warnings, it gave before, without loading the data, counting or
rendering (so without importing pydantic, the models or Jinja).

A document is kept in its own store in `.wijkcli-cache/` (`RENDERED`, a `read.cache.FileCache`:
signed with this user's secret, never followed through a link, ignored and rebuilt when corrupt
or foreign, written in one rename). It may never give a stale document. It is a pure function
of what it is made of, and the key holds all of that:

- the data: every entry under the data folder with its bytes (the *content key* of `wijk
  check`'s whole result, `load.walk.folder_contents`), or, tried first, every entry's name,
  type and `lstat` identity (device, inode, size, mtime and ctime in ns: the *stat key*,
  `load.walk.folder_state`). A stat key stands for the bytes only when no entry changed in the
  two seconds before the run (`load.walk.STEADY_NS`); the ctime is set by the kernel on every
  change, so no checkout can give a changed file the times it had. Nothing is kept unless the
  listing was steady and is unchanged after the document was made: then no file changed while
  it was read. A fresh clone has new inodes and times and goes by the content key;
- the data version the document names (`read.git.data_version`: the commit, and whether the
  files under data/ differ from it): asked from git on every run (two git calls), put in the
  key as the very text the document shows, and given to the document, so git is asked once;
- what was asked: the command, its arguments and options (`what`: document, format, ronde,
  gebied, `--datum`), and the absolute path of the data folder;
- the code: all of wijkcli's source (`load.walk.whole_fingerprint`, with the Python version),
  what reads the data files (`load.walk.code_fingerprint`: with the installed pydantic,
  pydantic-core and PyYAML), every file under `templates/`, and the installed Jinja2 and
  MarkupSafe (their `RECORD`: the hash of every file they installed).

Nothing else goes in: the letter reads no clock (its date is the round's, or `--datum`) and no
environment variable. Only documents made as text (md, html) are kept; a PDF or Word file (Typst,
python-docx, fonts) is made each time. A document that cannot be made (errors in the data,
unfinished minutes) is never kept: the next run says why again. The store holds the document
and its warnings as plain text (no contact data: the letter has none, and nothing else is
kept) under keyed hashes; the key's parts themselves are not stored.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RENDERED = "rendered"
"""The store's file name in `.wijkcli-cache/`."""
KEPT = 16
"""Documents kept (each under two keys, its bytes and its stat listing)."""
FORMATS = ("md", "html")
"""The formats that are kept."""


@dataclass(frozen=True)
class Rendered:
    """A document as `wijk` emits it."""

    content: str
    warnings: str
    """What is said on stderr before it ('' when nothing), without the last newline."""
    filename: str
    """Its file name, for `--uit` into a folder."""


def remembered(
    root: Path, what: tuple[str, ...], make: Callable[[str | None], Rendered]
) -> Rendered:
    """`make(versie)` (the document asked for by `what`, naming data version `versie`; None:
    `make` asks git itself), or the same document kept by an earlier run with the same inputs
    (see the module doc). Without a cache (`wijk --geen-cache`, no usable `.wijkcli-cache/`)
    it is `make(None)`. Whatever `make` raises is raised, and nothing is kept."""
    from wijkcli.read import cache as file_cache

    if not file_cache.wanted(None):
        return make(None)
    from wijkcli.load import walk
    from wijkcli.problems import WijkcliError
    from wijkcli.read.git import data_version
    from wijkcli.read.tree import find_data_dir

    try:
        data_dir = find_data_dir(root)
    except WijkcliError:  # said by `make`, as always
        return make(None)
    store = file_cache.FileCache.open(data_dir, fingerprint(), name=RENDERED, keep=2 * KEPT)
    if store is None:
        return make(None)
    listing, steady = walk.folder_state(data_dir)
    versie = data_version(data_dir)
    asked = (*(part.encode() for part in what), versie.encode(), os.fsencode(data_dir.absolute()))
    fast = store.key(b"stat", listing, *asked)
    found = _rendered(store.get(fast))
    if found is not None:
        return found
    try:
        contents = walk.folder_contents(root)
    except WijkcliError:
        return make(versie)
    slow = store.key(b"content", contents, *asked)
    found = _rendered(store.get(slow))
    made = found if found is not None else make(versie)
    if steady and walk.folder_state(data_dir)[0] == listing:
        value = (made.content, made.warnings, made.filename)
        if found is None:
            store.put(slow, value)
        store.put(fast, value)
        store.save()
    return made


def _rendered(value: object) -> Rendered | None:
    """A kept value as a document (None: absent, or not what this code keeps)."""
    if isinstance(value, tuple) and len(value) == 3 and all(isinstance(v, str) for v in value):
        return Rendered(*value)
    return None


_FINGERPRINT: list[str] = []


def fingerprint() -> str:
    """A hash of all the code a document is made by: wijkcli's source, `templates/`, the
    installed pydantic, PyYAML, Jinja2 and MarkupSafe, and Python (see the module doc). Once
    per process."""
    if not _FINGERPRINT:
        from wijkcli.documents.render import template_dirs
        from wijkcli.load import walk
        from wijkcli.read.cache import fingerprint as hash_sources

        templates = hashlib.blake2b(digest_size=16)
        for i, folder in enumerate(template_dirs()):  # the first that has a name wins
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    name = f"{i}/{path.relative_to(folder).as_posix()}".encode()
                    data = path.read_bytes()
                    for part in (name, data):
                        templates.update(len(part).to_bytes(8, "little") + part)
        records, versions = walk.installed("jinja2", "markupsafe")
        _FINGERPRINT.append(
            hash_sources(
                records,
                RENDERED,
                walk.whole_fingerprint(),
                walk.code_fingerprint(),  # with pydantic's and PyYAML's, which read the data
                templates.hexdigest(),
                *versions,
            )
        )
    return _FINGERPRINT[0]
