"""Writing documents: atomically, and never over a file somebody edited by hand.

Each output folder keeps a small manifest (`.wijkcli-uitvoer.json`) with the SHA-256 of every
file wijkcli wrote there. A file that exists but is not in the manifest, or whose bytes no longer
match, was made or changed by someone else: it is only replaced with `force=True`.

The target is never read unless it is a regular file (a device such as /dev/zero has no end,
a FIFO waits for a writer, /dev/stdout is a link), and then at most `MAX_OURS` bytes of it; a
non-regular target is refused, also with `force`, so nothing is ever renamed over it. The
manifest's read-change-write runs under an exclusive `flock` on the folder, so two wijkcli
runs writing into one folder at once both keep their entry.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from wijkcli.problems import UsageMistake, WijkcliError
from wijkcli.read.tree import OPEN_FLAGS
from wijkcli.text import os_error_words, visible

MANIFEST = ".wijkcli-uitvoer.json"

MAX_OURS = 64 * 1024 * 1024
"""No document wijkcli writes comes near this size: a larger file at the target is not ours
(and is not read to find out)."""

MAX_MANIFEST = 4 * 1024 * 1024
"""A manifest larger than this is not read (it is not one wijkcli wrote)."""


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _not_regular(path: Path) -> UsageMistake:
    return UsageMistake(
        f"'{path}' is geen gewoon bestand; wijkcli schrijft alleen gewone bestanden "
        "(zonder --uit komt het document op het scherm, en met > in een bestand)"
    )


def _open_regular(path: Path) -> int | None:
    """A descriptor of the regular file at `path` (never through a link, never waiting), or
    None when there is nothing there.

    Raises:
        UsageMistake: something else than a regular file is there (checked before opening,
            so a device is never opened, and again on the descriptor).
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(mode):
        raise _not_regular(path)
    try:
        fd = os.open(path, OPEN_FLAGS)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_regular(path) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise _not_regular(path)
    return fd


def _current_sha(path: Path) -> str | None:
    """The SHA-256 of the regular file at `path` (read in pieces), "" when it is too large to
    be ours, None when there is none."""
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        if os.fstat(fd).st_size > MAX_OURS:
            return ""
        h = hashlib.sha256()
        size = 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > MAX_OURS:
                return ""
            h.update(chunk)
        return h.hexdigest()
    finally:
        os.close(fd)


def _read_small(path: Path, limit: int = 1 << 20) -> bytes | None:
    """The bytes of the regular file at `path` when it has at most `limit`, else None."""
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
        raw = os.read(fd, limit + 1) if os.fstat(fd).st_size <= limit else b""
    finally:
        os.close(fd)
    return raw if 0 < len(raw) <= limit else None


def _read_manifest(folder: Path) -> dict[str, str]:
    """The manifest of `folder` ({} when there is none or it is not wijkcli's JSON).

    Raises:
        UsageMistake: the manifest is a link, a FIFO or a device.
    """
    fd = _open_regular(folder / MANIFEST)
    if fd is None:
        return {}
    try:
        raw = os.read(fd, MAX_MANIFEST + 1)
    finally:
        os.close(fd)
    if len(raw) > MAX_MANIFEST:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on `folder` (flock on the folder itself: no lock file is left
    behind) while the manifest is read, changed and written."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:  # a file system without locks (some network shares)
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS):
                raise
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`. The file
    gets the mode a new file gets (0644 under `umask 022`), not mkstemp's private 0600: a
    letter or a schema is meant to be read by others. Interrupted (Ctrl-C, SIGTERM, SIGHUP:
    see `cli.errors`) or failing, it leaves no temporary file behind."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _made_here(
    path: Path, current: str, manifest: dict[str, str], ours: Callable[[bytes], bool] | None
) -> bool:
    """Whether the file at `path` (SHA-256 `current`) is as wijkcli left it."""
    if manifest.get(path.name) == current:
        return True
    if ours is None:
        return False
    raw = _read_small(path)
    return raw is not None and ours(raw)


def refuse_protected(path: Path, protected: tuple[Path, ...]) -> None:
    """Refuse a target inside one of the `protected` folders, however it is written (relative,
    with `..`, through a link to a folder).

    Raises:
        UsageMistake: it is.
    """
    target = path.parent.resolve() / path.name
    for folder in protected:
        base = folder.resolve()
        if target == base or target.is_relative_to(base):
            raise UsageMistake(
                f"--uit '{visible(str(path))}' ligt in '{visible(str(folder))}'; wijkcli schrijft "
                "nooit in de gegevens of de cache, ook niet met --force: kies een map erbuiten "
                "(bijvoorbeeld --uit brieven/)"
            )


def write_document(
    path: Path,
    content: str | bytes,
    *,
    force: bool = False,
    track: bool = True,
    ours: Callable[[bytes], bool] | None = None,
    protected: tuple[Path, ...] = (),
) -> bool:
    """Write `content` (text as UTF-8, or bytes: a PDF, a Word file) to `path`; returns False
    when the file already had these bytes.
    With `track=False` (generated files kept in git, like the schema) no manifest is kept:
    `ours` then tells from a file's bytes whether wijkcli made it (an older schema), and any
    other file is only replaced with `force`.

    Raises:
        UsageMistake: `path` is not a regular file (a device, a FIFO, a link), or lies inside
            one of the `protected` folders (the data folder, the cache), even with `force`.
        WijkcliError: the file was edited by hand (and `force` is False), or cannot be
            written; or it was written but the manifest could not be (the message says so).
    """
    refuse_protected(path, protected)
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder) if track else contextlib.nullcontext():
            manifest = _read_manifest(folder) if track else {}
            current = _current_sha(path)
            new = _sha(data)
            if current == new:
                return False
            if current is not None and not force and not _made_here(path, current, manifest, ours):
                raise WijkcliError(
                    f"'{path}' bestaat al en is niet (meer) door wijkcli gemaakt; "
                    "gebruik --force om het te overschrijven"
                )
            _atomic_write(path, data)
            if not track:
                return True
            manifest[path.name] = new
            try:
                _atomic_write(
                    folder / MANIFEST,
                    (json.dumps(dict(sorted(manifest.items())), indent=2) + "\n").encode("utf-8"),
                )
            except OSError as exc:
                raise WijkcliError(
                    f"'{path}' is geschreven, maar {MANIFEST} in die map niet "
                    f"({os_error_words(exc)}); een volgende keer ziet wijkcli het bestand als "
                    "met de hand gemaakt (overschrijf het dan met --force)"
                ) from None
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet schrijven: {os_error_words(exc)}") from None
    return True
