"""Read stage, the cache: per-file results kept in `.wijkcli-cache/`, keyed on the file's bytes.

Reading and validating a file gives the same result for the same bytes, path and code. The
cache keeps that result so a later run only has to read the bytes and look it up; cross-file
checks and counting still run every time. This module is generic: it stores and returns any
picklable value under a key; `load` decides what goes in and which sources make the key.

Where: `.wijkcli-cache/` in the folder that holds the data folder (never inside it), and only
when the data folder is called `data` (the layout `wijk init` makes). A data folder with another
name (`--data` pointing at it directly) is checked without a cache, so wijkcli never writes into
a folder the user did not name. Entries are never needed: delete the folder at any time.

Layout: `.wijkcli-cache/<fingerprint>/<key>`, one entry per data file; the fingerprint names
the wijkcli version, the reader and model sources, Python, pydantic and PyYAML.

Trust: an entry is a pickle, and unpickling runs code, so an entry must come from this user's
own earlier run. A pull request can contain a `.wijkcli-cache/` folder too (ignoring it in git
does not stop a committed one), and anyone can compute its keys. Every entry is therefore signed
with a keyed BLAKE2b over its key and payload; the secret lives outside the checkout
(`$XDG_CACHE_HOME/wijkcli/sleutel`, or `~/.cache/…`, mode 0600, made on first use). An entry
whose magic header, signature or key does not match is ignored and rebuilt, before anything is
unpickled. Without a usable secret there is no cache.

Safety: every write goes to a temporary file in the same folder, then `os.replace`, so two runs
writing at once each leave a whole entry (with the same content: the key is the content). A
cache that cannot be read or written (read-only checkout, full disk) is never an error: the run
goes on without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_DIR = ".wijkcli-cache"
MAGIC = b"WIJKCACHE1\n"
_SIG = 32
ENV_OFF = "WIJK_GEEN_CACHE"

_switch: dict[str, bool] = {"enabled": True}
"""`wijk --geen-cache` turns the cache off for one invocation (set by the CLI every run)."""


def set_enabled(enabled: bool) -> None:
    _switch["enabled"] = enabled


def wanted(cache: bool | None) -> bool:
    """Whether to use the cache: an explicit `cache` wins, else not when WIJK_GEEN_CACHE is set
    (to anything but '' or '0') or `--geen-cache` was given."""
    if cache is not None:
        return cache
    if os.environ.get(ENV_OFF, "") not in ("", "0"):
        return False
    return _switch["enabled"]


def cache_folder(data_dir: Path) -> Path | None:
    """Where the cache of `data_dir` goes: next to it, if it is called `data` (else None).
    Never through a symbolic link: a repository that arrives with `.wijkcli-cache` as a link
    (say to a folder outside it) runs without a cache rather than write there."""
    data_dir = Path(os.path.abspath(data_dir))
    if data_dir.name != "data":
        return None
    folder = data_dir.parent / CACHE_DIR
    if os.path.islink(folder):
        return None
    return folder


def fingerprint(sources: list[Path], *extra: str) -> str:
    """A short hash of the bytes of `sources` (files or folders of .py files) and `extra`."""
    h = hashlib.blake2b(digest_size=12)
    for part in (*extra, sys.version, str(pickle.HIGHEST_PROTOCOL)):
        h.update(part.encode() + b"\0")
    for source in sources:
        files = sorted(source.rglob("*.py")) if source.is_dir() else [source]
        for f in files:
            h.update(f.name.encode() + b"\0")
            with contextlib.suppress(OSError):
                h.update(f.read_bytes())
    return h.hexdigest()


def _secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "wijkcli" / "sleutel"


def _secret() -> bytes | None:
    """This user's signing secret (made on first use); None when it cannot be had."""
    path = _secret_path()
    try:
        with open(path, "rb") as fh:
            secret = fh.read()
        if len(secret) >= 32:
            return secret[:64]
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = os.urandom(32)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sleutel-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secret)
            os.replace(tmp, path)  # mkstemp made it 0600
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        # Another run may have won the race: use whatever is there now.
        with open(path, "rb") as fh:
            secret = fh.read()
        return secret[:64] if len(secret) >= 32 else None
    except OSError:
        return None


class FileCache:
    """Entries of one cache folder for one fingerprint."""

    def __init__(self, folder: Path, fingerprint: str, secret: bytes) -> None:
        self.folder = folder / fingerprint
        self._fingerprint = fingerprint.encode()
        self._secret = secret
        self._writable = True
        self._made = False
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, data_dir: Path, fingerprint: str) -> FileCache | None:
        """The cache of `data_dir`, or None when there is none (see the module doc)."""
        folder = cache_folder(data_dir)
        if folder is None:
            return None
        secret = _secret()
        if secret is None:
            return None
        return cls(folder, fingerprint, secret)

    def key(self, *parts: bytes) -> str:
        """The entry name for a value determined by `parts` (path, kind, the file's bytes)."""
        h = hashlib.blake2b(self._fingerprint, digest_size=20)
        for part in parts:
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    def _sign(self, key: str, payload: bytes) -> bytes:
        h = hashlib.blake2b(key=self._secret, digest_size=_SIG)
        h.update(key.encode())
        h.update(payload)
        return h.digest()

    def get(self, key: str) -> Any | None:
        """The value stored under `key`; None when absent, unreadable, corrupt or not signed."""
        try:
            with open(os.path.join(self.folder, key), "rb") as fh:
                blob = fh.read()
        except OSError:
            self.misses += 1
            return None
        head = len(MAGIC) + _SIG
        payload = blob[head:]
        if not (
            blob.startswith(MAGIC)
            and hmac.compare_digest(blob[len(MAGIC) : head], self._sign(key, payload))
        ):
            self.misses += 1
            return None
        try:
            stored_key, value = pickle.loads(payload)
        except Exception:  # signed but unreadable (another pickle format): rebuild it
            self.misses += 1
            return None
        if stored_key != key:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key`; silently nothing when the cache cannot be written."""
        if not self._writable:
            return
        try:
            payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # pragma: no cover - every loaded value pickles
            return
        tmp = None
        try:
            if not self._made:
                self._make_folder()
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(MAGIC + self._sign(key, payload) + payload)
            os.replace(tmp, os.path.join(self.folder, key))
            tmp = None
        except OSError:
            self._writable = False  # read-only checkout, full disk: go on without writing
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def _make_folder(self) -> None:
        top = self.folder.parent
        fresh = not top.exists()
        self.folder.mkdir(parents=True, exist_ok=True)
        if fresh:
            # Like ruff and mypy: the folder ignores itself in git and marks itself as a cache
            # for backup tools, also in a repository whose .gitignore does not list it.
            (top / ".gitignore").write_text("# gemaakt door wijkcli\n*\n", encoding="utf-8")
            (top / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n"
                "# De cache van wijkcli; mag altijd weg (https://bford.info/cachedir/)\n",
                encoding="utf-8",
            )
        self._made = True
