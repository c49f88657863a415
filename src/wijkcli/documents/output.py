"""Writing documents: atomically, and never over a file somebody edited by hand.

Each output folder keeps a small manifest (`.wijkcli-uitvoer.json`) with the SHA-256 of every
file wijkcli wrote there. A file that exists but is not in the manifest, or whose bytes no longer
match, was made or changed by someone else: it is only replaced with `force=True`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

from wijkcli.problems import UsageMistake, WijkcliError

MANIFEST = ".wijkcli-uitvoer.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(folder: Path) -> dict[str, str]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`. The file
    gets the mode a new file gets (0644 under `umask 022`), not mkstemp's private 0600: a
    letter or a schema is meant to be read by others."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_document(
    path: Path, content: str | bytes, *, force: bool = False, track: bool = True
) -> bool:
    """Write `content` (text as UTF-8, or bytes: a PDF, a Word file) to `path`; returns False
    when the file already had these bytes.
    With `track=False` (generated files kept in git, like the schema) no manifest is kept.

    Raises:
        WijkcliError: the file was edited by hand (and `force` is False), or cannot be written.
    """
    data = content if isinstance(content, bytes) else content.encode("utf-8")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        manifest = _read_manifest(folder)
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            # A device, a pipe or a link: never read it (/dev/zero has no end) and never
            # rename a regular file over it.
            raise UsageMistake(
                f"'{path}' is geen gewoon bestand; wijkcli schrijft alleen gewone bestanden "
                "(zonder --uit komt het document op het scherm, en met > in een bestand)"
            )
        if mode is not None:
            current = path.read_bytes()
            if current == data:
                return False
            if not force and manifest.get(path.name) != _sha(current):
                raise WijkcliError(
                    f"'{path}' bestaat al en is niet (meer) door wijkcli gemaakt; "
                    "gebruik --force om het te overschrijven"
                )
        _atomic_write(path, data)
        if not track:
            return True
        manifest[path.name] = _sha(data)
        _atomic_write(
            folder / MANIFEST,
            (json.dumps(dict(sorted(manifest.items())), indent=2) + "\n").encode("utf-8"),
        )
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet schrijven: {exc.strerror}") from None
    return True
