"""The live meeting, the file: read and write vergadering-<gebied>.yaml as a round trip.

ruamel.yaml keeps what the file had (comments, key order, flow lists, quotes): a file opened
and saved without a change is the same bytes. Writing is atomic: a temporary file in the same
folder, flushed to disk, then `os.replace`; a file that is a symbolic link (or whose folder
is one) is refused, never followed. Values go in as YAML that the strict reader of `wijk
check` reads back as the same value (free text always double-quoted).
"""

from __future__ import annotations

import io
import os
import stat
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from wijkcli.problems import WijkcliError
from wijkcli.text import os_error_words

__all__ = ["CommentedMap", "CommentedSeq", "dump", "flow_list", "load", "read", "text", "write"]


def _decimal(representer: RoundTripRepresenter, value: Decimal) -> Any:
    """An amount as the file writes it: 6500, 4212.5 (never a float's rounding)."""
    text_ = format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text_ else "tag:yaml.org,2002:float"
    return representer.represent_scalar(tag, text_)


def _yaml() -> YAML:
    y = YAML()  # round trip
    y.preserve_quotes = True
    y.width = 4096  # never fold a line the file did not fold
    y.indent(mapping=2, sequence=4, offset=2)
    y.representer.add_representer(Decimal, _decimal)
    return y


def load(raw: bytes) -> CommentedMap:
    """The document of a minutes file (already accepted by the loader of `wijk check`)."""
    doc = _yaml().load(raw)
    if not isinstance(doc, CommentedMap):
        raise WijkcliError("de notulen zijn geen YAML-tabel")
    return doc


def dump(doc: CommentedMap) -> bytes:
    out = io.BytesIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def keeping(old_raw: bytes, new_raw: bytes) -> bytes:
    """`new_raw` with the text of `old_raw` wherever a key's value did not change.

    ruamel.yaml keeps comments, order and quotes, but writes a flow list that the file spread
    over several lines on one line. So the new text is put together key by key (in block
    mappings, at every depth): a key whose value is the same as before keeps its old lines
    exactly; only what changed is written anew.
    """
    if old_raw == new_raw:
        return new_raw
    try:
        old_lines = old_raw.decode("utf-8").splitlines(keepends=True)
        new_lines = new_raw.decode("utf-8").splitlines(keepends=True)
        old, new = load(old_raw), load(new_raw)
    except (UnicodeDecodeError, WijkcliError, YAMLError):
        return new_raw
    out = _merge(old, new, old_lines, new_lines, (0, len(old_lines)), (0, len(new_lines)))
    merged = "".join(out).encode("utf-8")
    # Never trust the merge over the dump: the same data, or the dump as it is.
    try:
        if _plain(load(merged)) == _plain(new):
            return merged
    except (WijkcliError, YAMLError):  # any doubt: the plain dump
        pass
    return new_raw


def _plain(value: Any) -> Any:
    """A value without its formatting, to compare (type and text of each scalar)."""
    if isinstance(value, dict):
        return [(str(k), _plain(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return (type(value).__name__ if value is None or isinstance(value, bool) else "", str(value))


def _starts(m: CommentedMap) -> list[int] | None:
    try:
        lines = [m.lc.key(k)[0] for k in m]
    except (AttributeError, KeyError, TypeError):
        return None
    return lines if lines == sorted(lines) else None


def _merge(
    old: Any,
    new: Any,
    ol: list[str],
    nl: list[str],
    orange: tuple[int, int],
    nrange: tuple[int, int],
) -> list[str]:
    """The lines of the new mapping `new` (lines `nrange` of `nl`), with the old lines of
    each key whose value is unchanged."""
    ostarts, nstarts = _starts(old), _starts(new)
    if ostarts is None or nstarts is None or not nstarts:
        return nl[nrange[0] : nrange[1]]
    olds = {str(k): (v, a, b) for (k, v), a, b in
            zip(old.items(), ostarts, [*ostarts[1:], orange[1]], strict=True)}  # fmt: skip
    out = nl[nrange[0] : nstarts[0]]
    for (k, nv), a, b in zip(new.items(), nstarts, [*nstarts[1:], nrange[1]], strict=True):
        if str(k) in olds:
            ov, oa, ob = olds[str(k)]
            if _plain(ov) == _plain(nv):
                out += ol[oa:ob]  # unchanged: the old lines, as they were
                continue
            if _block_map(ov) and _block_map(nv) and len(ov) and len(nv):
                out += _merge(ov, nv, ol, nl, (oa, ob), (a, b))
                continue
        out += nl[a:b]
    return out


def _block_map(value: Any) -> bool:
    return isinstance(value, CommentedMap) and not value.fa.flow_style()


def text(value: str) -> DoubleQuotedScalarString:
    """Free text typed in the meeting: always quoted, so it stays text."""
    quoted: DoubleQuotedScalarString = DoubleQuotedScalarString(value)
    return quoted


def flow_list(items: list[Any]) -> CommentedSeq:
    """A list written on one line, `[a, b]`, as the example writes short lists."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _refuse_link(path: Path) -> None:
    for p in (path, path.parent):
        try:
            if stat.S_ISLNK(os.lstat(p).st_mode):
                raise WijkcliError(
                    f"'{p}' is een symbolische link; wijkcli schrijft de notulen niet via een link"
                )
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WijkcliError(f"kan '{p}' niet lezen: {os_error_words(exc)}") from None


def read(path: Path) -> bytes:
    """The bytes of the minutes file (not through a link)."""
    _refuse_link(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            return f.read()
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet lezen: {os_error_words(exc)}") from None


def write(path: Path, raw: bytes) -> None:
    """Replace `path` by `raw` atomically: a temporary file beside it, then `os.replace`.
    A crash leaves the old file or the new one, never half of one.

    Raises:
        WijkcliError: the file or its folder is a symbolic link, or cannot be written.
    """
    _refuse_link(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) if path.exists() else 0o644
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(tmp, flags, mode)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(raw)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet schrijven: {os_error_words(exc)}") from None
