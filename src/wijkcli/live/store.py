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
