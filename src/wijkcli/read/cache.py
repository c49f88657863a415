"""Read stage, the cache: results kept in store files in `.wijkcli-cache/`, keyed on bytes.

Reading and validating a file gives the same result for the same bytes, path and code; checking
the whole data folder gives the same problems for the same files, code and `--datum`. The store
keeps both: one entry per data file, and one entry for the whole checked result (`load.walk`
decides what goes in and which sources make a key). This module is generic: it stores and
returns any picklable value under a key.

Where: `.wijkcli-cache/` in the folder that holds the data folder (never inside it), and only
when the data folder is called `data` (the layout `wijk init` makes). A data folder with another
name (`--data` pointing at it directly) is checked without a cache, so wijkcli never writes into
a folder the user did not name. Entries are never needed: delete the folder at any time.

Layout: four store files, each one `FileCache`: `.wijkcli-cache/store` holds the per-file
entries (for the code that reads and validates one file), `.wijkcli-cache/results` the whole
results (for all of wijkcli's code; at most `keep` entries, the oldest unused go first), so that
a run whose whole result is known reads a few kilobytes, not the models of every file;
`.wijkcli-cache/parts` the results of the parts of the data (one year each, `load.walk`), so
that an edit in one year checks that year alone; `.wijkcli-cache/rendered` the letters
`wijk advies` made (`wijkcli.rendered`). Each is
a header with this install's fingerprint, a signature (over the file's name too), and a pickled
table of entries (each entry itself pickled bytes, unpickled only when asked for). Files rather
than one per entry: a cold run of 11,000 files made 11,000 files and renames (more time than no
cache at all) and a warm run opened them all.
A packed file rather than SQLite: SQLite opens its database and its `-wal`/`-journal` files by
name, so a pull request could plant them as links; one file that wijkcli opens itself can be
opened without following links, read with a size cap, and replaced in one rename. Besides them:
`gemaakt-door-wijkcli` (the mark, below), `lock` (serialises writers), `.gitignore`, and
`CACHEDIR.TAG`.

Trust: an entry is a pickle, and unpickling runs code, so the store must come from this user's
own earlier run. A pull request can contain a `.wijkcli-cache/` folder too (ignoring it in git
does not stop a committed one). Hence, with this user's secret (`$XDG_CACHE_HOME/wijkcli/sleutel`
or `~/.cache/…`, mode 0600, made on first use, outside any checkout):
- the folder counts only when it holds the mark `gemaakt-door-wijkcli` with a MAC that only the
  holder of the secret can write (wijkcli writes it when it makes the folder). A folder without
  a valid mark, or one that git tracks, is not used at all (not read, not written) and wijkcli
  says so once on stderr;
- the fingerprint of the code is keyed with the secret, and so is every key: nobody can compute
  the keys of another install;
- the store is signed as a whole (keyed BLAKE2b over header and payload) and nothing is
  unpickled before the signature and the keyed fingerprint match. Without a secret, no cache.

Links and sizes: nothing is read or written through a symbolic link at any level below the
repository: the folder is `lstat`-ed and opened with `O_NOFOLLOW | O_DIRECTORY`, every file in
it is opened relative to that folder with `O_NOFOLLOW` and must be a regular file (a FIFO, a
device or `/dev/zero` behind a link is never read). The store is read only up to `STORE_MAX`
bytes and an entry larger than `ENTRY_MAX` is not kept. On a system without `O_NOFOLLOW` or
`dir_fd` (Windows) there is no cache.

Writes: all at the end of a run (`save`), in one go: under an exclusive lock on `lock`, the
store is read again (another run may have written meanwhile), merged with this run's new
entries, written to a temporary file in the folder and renamed over `store`. Readers take no
lock: a rename is atomic, so a reader sees the old or the new store, whole. Entries not used by
the last run are dropped when they outnumber the used ones, so the store stays within about
twice the size of the data. A cache that cannot be read or written (read-only checkout, full
disk) is never an error: the run goes on without it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import hmac
import io
import os
import pickle
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = ".wijkcli-cache"
STORE = "store"
RESULTS = "results"
PARTS = "parts"
MARK = "gemaakt-door-wijkcli"
LOCK = "lock"
MAGIC = b"WIJKSTORE3\n"
_FP = 32
_SIG = 32
HEAD = len(MAGIC) + _FP + _SIG
STORE_MAX = 1 << 30
"""The largest store read (1 GiB; the store of a city of 11,000 files is far below it)."""
ENTRY_MAX = 32 << 20
"""The largest single entry kept (32 MiB; one data file is at most 1 MB)."""
ENV_OFF = "WIJK_GEEN_CACHE"

_switch: dict[str, bool] = {"enabled": True}
"""`wijk --geen-cache` turns the cache off for one invocation (set by the CLI every run)."""
_warned: set[str] = set()

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_READ |= _CLOEXEC
_SAFE = bool(_NOFOLLOW and _DIRECTORY) and os.open in os.supports_dir_fd


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
    """Where the cache of `data_dir` goes: next to it, if it is called `data` (else None)."""
    data_dir = Path(os.path.abspath(data_dir))
    if data_dir.name != "data":
        return None
    return data_dir.parent / CACHE_DIR


def fingerprint(sources: list[Path], *extra: str) -> str:
    """A short hash of the bytes of `sources` (files or folders of .py files) and `extra`."""
    h = hashlib.blake2b(digest_size=16)
    for part in (*extra, sys.version, str(pickle.HIGHEST_PROTOCOL)):
        h.update(part.encode() + b"\0")
    for source in sources:
        files = sorted(source.rglob("*.py")) if source.is_dir() else [source]
        for f in files:
            h.update(str(f.relative_to(source) if source.is_dir() else f.name).encode() + b"\0")
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
            secret = fh.read(65)
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
            # Never replace a secret another run made meanwhile (its marks and stores would
            # no longer verify): link the new one in only where there is none.
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)  # mkstemp made it 0600
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        # Another run may have won the race: use whatever is there now.
        with open(path, "rb") as fh:
            secret = fh.read(65)
        return secret[:64] if len(secret) >= 32 else None
    except OSError:
        return None


def _mac(secret: bytes, *parts: bytes, size: int = 32) -> bytes:
    h = hashlib.blake2b(key=secret, digest_size=size)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def _warn_once(folder: Path, why: str) -> None:
    if why in _warned:
        return
    _warned.add(why)
    sys.stderr.write(
        f"waarschuwing: de map {CACHE_DIR} naast data/ wordt niet gebruikt: {why}; "
        "wijk werkt zonder cache (verwijder de map, dan maakt wijk een nieuwe)\n"
    )


def _read_regular(dir_fd: int, name: str, limit: int) -> bytes | None:
    """The bytes of regular file `name` in `dir_fd`, never through a link, at most `limit`
    bytes (None when it is absent, a link, not a regular file or larger)."""
    try:
        fd = os.open(name, _READ, dir_fd=dir_fd)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(os.dup(fd), "rb") as fh:
            blob = fh.read(limit + 1)
        return blob if len(blob) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_new(dir_fd: int, name: str, *data: bytes) -> None:
    """Write `data` (in parts, not joined in memory) into a new file `name` in `dir_fd` (never
    through a link: O_EXCL)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    fd = os.open(name, flags, 0o600, dir_fd=dir_fd)
    with os.fdopen(fd, "wb") as fh:
        for part in data:
            fh.write(part)


def _tracked_by_git(repo: Path) -> bool:
    """Whether git tracks anything in the cache folder of `repo` (False when there is no git)."""
    if not os.path.lexists(repo / ".git"):
        return False
    try:
        out = subprocess.run(
            ["git", "-C", str(repo), "ls-files", "-z", "--", CACHE_DIR],
            capture_output=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return out.returncode == 0 and out.stdout != b""


class FileCache:
    """The store of one data repository, for one code fingerprint: read once when opened,
    entries unpickled when asked for, new ones written by `save`."""

    def __init__(
        self,
        folder: Path,
        dir_fd: int | None,
        fingerprint: str,
        secret: bytes,
        *,
        name: str = STORE,
        keep: int | None = None,
    ) -> None:
        self.folder = folder
        self._dir_fd = dir_fd
        self._secret = secret
        self.name = name
        self._keep = keep
        self._fp = _mac(secret, b"fingerprint", fingerprint.encode(), size=_FP)
        self._keyer = hashlib.blake2b(key=self._fp, digest_size=20)
        self._entries: dict[str, bytes] = {}
        self._used: set[str] = set()
        self._new: dict[str, bytes] = {}
        self._loaded_id: tuple[int, int, int] | None = None
        self.reducers: dict[type, Callable[[Any], Any]] = {}
        """How `put` pickles values of these types (a `pickle.Pickler.dispatch_table`)."""
        self._pickler: tuple[pickle.Pickler, io.BytesIO] | None = None
        self.hits = 0
        self.misses = 0
        if dir_fd is not None:
            self._entries, self._loaded_id = self._read_store(dir_fd)

    @classmethod
    def open(
        cls, data_dir: Path, fingerprint: str, *, name: str = STORE, keep: int | None = None
    ) -> FileCache | None:
        """The store `name` of `data_dir`, or None when there is none (see the module doc).
        `keep`: at most that many entries stay in it (the least recently written go first)."""
        folder = cache_folder(data_dir)
        if folder is None or not _SAFE:
            return None
        secret = _secret()
        if secret is None:
            return None
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            # made by the first `save`
            return cls(folder, None, fingerprint, secret, name=name, keep=keep)
        except OSError:
            return None
        if stat.S_ISLNK(info.st_mode):
            _warn_once(folder, "het is een symbolische link")
            return None
        if not stat.S_ISDIR(info.st_mode):
            return None  # a file in its place: nothing to read, nowhere to write
        try:
            dir_fd = os.open(folder, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC)
        except OSError:
            return None
        mark = _read_regular(dir_fd, MARK, 4096)
        if mark is None or not hmac.compare_digest(mark, cls._mark(secret)):
            os.close(dir_fd)
            _warn_once(folder, "wijk heeft hem niet gemaakt")
            return None
        if _tracked_by_git(folder.parent):
            os.close(dir_fd)
            _warn_once(folder, "hij staat in git")
            return None
        return cls(folder, dir_fd, fingerprint, secret, name=name, keep=keep)

    def sibling(self, fingerprint: str, *, name: str = STORE, keep: int | None = None) -> FileCache:
        """Another store in the same (already trusted) folder, for another code fingerprint."""
        dir_fd = None
        if self._dir_fd is not None:
            dir_fd = os.dup(self._dir_fd)
        return FileCache(self.folder, dir_fd, fingerprint, self._secret, name=name, keep=keep)

    @staticmethod
    def _mark(secret: bytes) -> bytes:
        return b"wijkcli " + _mac(secret, b"cache folder made by wijkcli").hex().encode() + b"\n"

    def close(self) -> None:
        if self._dir_fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._dir_fd)
            self._dir_fd = None

    def __del__(self) -> None:
        self.close()

    def __len__(self) -> int:
        """How many entries the store holds (those read and those kept by this run)."""
        return len(self._entries.keys() | self._new.keys())

    def key(self, *parts: bytes) -> str:
        """The entry name for a value determined by `parts` (path, kind, the file's bytes)."""
        h = self._keyer.copy()
        for part in parts:
            h.update(len(part).to_bytes(8, "little"))
            h.update(part)
        return h.hexdigest()

    # --- reading ---------------------------------------------------------------------------

    def _read_store(self, dir_fd: int) -> tuple[dict[str, bytes], tuple[int, int, int] | None]:
        """The signed entries of the store in `dir_fd` (empty when absent, foreign, corrupt,
        too large or a link), and which file it was (to see later whether it was replaced)."""
        try:
            fd = os.open(self.name, _READ, dir_fd=dir_fd)
        except OSError:
            return {}, None
        try:
            info = os.fstat(fd)
            ident = (info.st_ino, info.st_size, info.st_mtime_ns)
            if not stat.S_ISREG(info.st_mode) or info.st_size > STORE_MAX:
                return {}, ident
            with os.fdopen(os.dup(fd), "rb") as fh:
                head = fh.read(HEAD)
                # Another install's (or a forged) store stops here, before its bulk is read.
                if len(head) < HEAD or head[: len(MAGIC)] != MAGIC:
                    return {}, ident
                if not hmac.compare_digest(head[len(MAGIC) : len(MAGIC) + _FP], self._fp):
                    return {}, ident
                payload = fh.read(STORE_MAX + 1 - HEAD)
        except OSError:
            return {}, None
        finally:
            os.close(fd)
        if not hmac.compare_digest(head[len(MAGIC) + _FP :], self._sign(payload)):
            return {}, ident
        try:
            entries = pickle.loads(payload)
        except Exception:  # signed but unreadable (another pickle format): rebuild it
            return {}, ident
        if not isinstance(entries, dict):
            return {}, ident
        return entries, ident

    def _sign(self, payload: bytes) -> bytes:
        return _mac(self._secret, MAGIC, self.name.encode(), self._fp, payload, size=_SIG)

    def get(self, key: str) -> Any | None:
        """The value stored under `key`; None when absent or unreadable."""
        blob = self._entries.get(key)
        if blob is None:
            self.misses += 1
            return None
        try:
            stored_key, value = pickle.loads(blob)
        except Exception:  # pragma: no cover - the store is signed: only a code change
            self.misses += 1
            return None
        if stored_key != key:
            self.misses += 1
            return None
        self._used.add(key)
        self.hits += 1
        return value

    # --- writing ---------------------------------------------------------------------------

    def put(self, key: str, value: Any) -> None:
        """Keep `value` under `key`, to be written by `save` (not when it is too large)."""
        if self._pickler is None:
            buffer = io.BytesIO()
            pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
            pickler.dispatch_table = self.reducers
            self._pickler = (pickler, buffer)
        pickler, buffer = self._pickler
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()  # each entry a pickle of its own
        try:
            pickler.dump((key, value))
        except Exception:  # pragma: no cover - every loaded value pickles
            return
        blob = buffer.getvalue()
        if len(blob) <= ENTRY_MAX:
            self._new[key] = blob
            self._used.add(key)

    def save(self) -> None:
        """Write this run's new entries to the store (nothing when there are none); silently
        nothing when the cache cannot be written. See the module doc."""
        if not self._new:
            return
        try:
            if self._dir_fd is None:
                self._dir_fd = self._make_folder()
                if self._dir_fd is None:
                    return
            self._write(self._dir_fd)
        except OSError:
            pass  # read-only checkout, full disk, a folder that changed under us: no cache
        self._new = {}

    def _write(self, dir_fd: int) -> None:
        lock = os.open(LOCK, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600, dir_fd=dir_fd)
        try:
            if not stat.S_ISREG(os.fstat(lock).st_mode):
                return
            _lock(lock)
            entries = self._entries
            try:
                now = os.stat(self.name, dir_fd=dir_fd, follow_symlinks=False)
                now_id: tuple[int, int, int] | None = (now.st_ino, now.st_size, now.st_mtime_ns)
            except FileNotFoundError:
                now_id = None
            if now_id != self._loaded_id:  # another run wrote meanwhile: keep its entries too
                theirs, _ = self._read_store(dir_fd)
                entries = {**theirs, **entries}
            entries = {**entries, **self._new}
            unused = [k for k in entries if k not in self._used]
            if self._keep is not None:
                for k in unused[: max(0, len(entries) - self._keep)]:  # the oldest first
                    del entries[k]
            elif len(unused) > len(entries) - len(unused):
                for k in unused:
                    del entries[k]
            payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            if HEAD + len(payload) > STORE_MAX:
                return
            tmp = f".tmp-{os.getpid()}-{os.urandom(6).hex()}"
            try:
                _write_new(dir_fd, tmp, MAGIC + self._fp + self._sign(payload), payload)
                os.rename(tmp, self.name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
                tmp = ""
            finally:
                if tmp:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp, dir_fd=dir_fd)
            self._entries = entries
            info = os.stat(self.name, dir_fd=dir_fd, follow_symlinks=False)
            self._loaded_id = (info.st_ino, info.st_size, info.st_mtime_ns)
        finally:
            os.close(lock)  # releases the lock

    def _make_folder(self) -> int | None:
        """Make the cache folder with its mark, whole: filled under a temporary name next to
        it, then renamed (a run starting meanwhile sees no folder or a marked one). Its
        descriptor, or None when another run's folder is there and not this user's."""
        parent = os.open(self.folder.parent, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        tmp = f"{CACHE_DIR}.tmp-{os.getpid()}-{os.urandom(6).hex()}"
        try:
            os.mkdir(tmp, 0o700, dir_fd=parent)
            try:
                fd = os.open(tmp, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
                try:
                    # Like ruff and mypy: the folder ignores itself in git and marks itself as
                    # a cache for backup tools, also where .gitignore does not list it.
                    _write_new(fd, ".gitignore", b"# gemaakt door wijkcli\n*\n")
                    _write_new(
                        fd,
                        "CACHEDIR.TAG",
                        b"Signature: 8a477f597d28d172789f06886806bc55\n"
                        b"# De cache van wijkcli; mag altijd weg (https://bford.info/cachedir/)\n",
                    )
                    _write_new(fd, MARK, self._mark(self._secret))
                finally:
                    os.close(fd)
                with contextlib.suppress(OSError):  # another run made it first: use that one
                    os.rename(tmp, CACHE_DIR, src_dir_fd=parent, dst_dir_fd=parent)
            finally:
                with contextlib.suppress(OSError):
                    for name in (".gitignore", "CACHEDIR.TAG", MARK):
                        with contextlib.suppress(FileNotFoundError):
                            os.unlink(f"{tmp}/{name}", dir_fd=parent)
                    os.rmdir(tmp, dir_fd=parent)
            fd = os.open(CACHE_DIR, os.O_RDONLY | _DIRECTORY | _NOFOLLOW | _CLOEXEC, dir_fd=parent)
        finally:
            os.close(parent)
        mark = _read_regular(fd, MARK, 4096)
        if mark is None or not hmac.compare_digest(mark, self._mark(self._secret)):
            os.close(fd)
            return None
        return fd


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no fcntl (Windows): there is no cache there
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as exc:  # pragma: no cover - a file system without locks
        if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP):
            raise
