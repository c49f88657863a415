"""Load stage, part 1: strict YAML reading with a file:line:column mark for every value.

Volunteers type these files by hand, so the reader refuses what YAML allows but nobody means:
duplicate keys, anchors and aliases, tags, several documents, very deep nesting and huge files.
Every scalar stays text (so `no`, `19:30` and `0612345670` mean what they look like); the
schema gives it a type later. Built on libyaml's event stream (PyYAML's C parser when present)
with our own explicit stack, so nesting depth is checked before anything can recurse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from wijkcli.problems import Location, Problem

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused unread: no wijkcli file comes near this, a mistake or attack does."""

MAX_DEPTH = 32
"""Deeper nesting is refused: libyaml's C composer recurses and would crash on very deep input."""

Path = tuple[str | int, ...]

try:
    _EventLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _EventLoader = yaml.SafeLoader


@dataclass
class Marks:
    """Where each value (and each mapping key) of one file stands."""

    path: str
    values: dict[Path, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def at(self, loc: Path, *, key: bool = False) -> Location:
        """The location of the value (or key) at `loc`, else of its deepest recorded parent."""
        probe = tuple(loc)
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]
            key = False


@dataclass
class YamlDocument:
    """The plain data of one file (dicts, lists, str, None) with its marks."""

    data: Any
    marks: Marks


def _loc(path: str, mark: Any) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only, a BOM is dropped; other bytes give a problem with a line."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Problem(
                Location(path, 1, 1),
                "file-too-large",
                f"bestand is te groot ({len(raw):,} bytes; de grens is {MAX_FILE_BYTES:,})".replace(
                    ",", "."
                ),
            )
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        return None, [
            Problem(
                Location(path, line, col),
                "encoding",
                f"het bestand is geen UTF-8 (byte 0x{raw[exc.start]:02x}); sla het op als UTF-8",
                hint="kies in je editor 'opslaan als' met codering UTF-8",
            )
        ]


def read_yaml(path: str, raw: bytes) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse one file strictly. Returns the document (None when unusable) and its problems."""
    text, problems = decode(path, raw)
    if text is None:
        return None, problems
    marks = Marks(path)
    try:
        data, problems = _build(path, text, marks)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _loc(path, mark) if mark is not None else Location(path, 1, 1)
        what = exc.problem or exc.context or "onleesbare YAML"
        return None, [
            Problem(
                loc,
                "yaml-syntax",
                f"de YAML is hier niet te lezen ({what})",
                hint="let op inspringing, dubbele punten en aanhalingstekens",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(path, 1, 1), "yaml-syntax", f"onleesbare YAML ({exc})")]
    if problems:
        return None, problems
    return YamlDocument(data, marks), []


class _Frame:
    __slots__ = ("container", "key_mark", "path", "pending_key")

    def __init__(self, container: dict[str, Any] | list[Any], path: Path) -> None:
        self.container = container
        self.path = path
        self.pending_key: str | None = None
        self.key_mark: tuple[int, int] | None = None


def _build(path: str, text: str, marks: Marks) -> tuple[Any, list[Problem]]:
    problems: list[Problem] = []
    parser = _EventLoader(text)
    stack: list[_Frame] = []
    root: Any = None
    documents = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(
                        Problem(
                            _loc(path, event.start_mark),
                            "multiple-documents",
                            "een bestand bevat precies één YAML-document; hier begint een tweede",
                            hint="verwijder de regel met '---' of splits het bestand",
                        )
                    )
                    break
                continue
            if isinstance(event, (yaml.DocumentEndEvent, yaml.StreamStartEvent)):
                continue
            if isinstance(event, yaml.AliasEvent):
                problems.append(
                    Problem(
                        _loc(path, event.start_mark),
                        "alias",
                        f"verwijzingen (*{event.anchor}) zijn niet toegestaan; "
                        "schrijf de waarde voluit",
                    )
                )
                break
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                if not stack:
                    root = done.container
                continue
            # A node: scalar, mapping start or sequence start.
            if getattr(event, "anchor", None):
                problems.append(
                    Problem(
                        _loc(path, event.start_mark),
                        "anchor",
                        f"ankers (&{event.anchor}) zijn niet toegestaan; schrijf de waarde voluit",
                    )
                )
                break
            # Plain and quoted values carry no tag; any tag here was written explicitly.
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                problems.append(
                    Problem(
                        _loc(path, event.start_mark),
                        "tag",
                        f"YAML-tags ({tag}) zijn niet toegestaan; schrijf alleen de waarde",
                    )
                )
                break
            mark = (event.start_mark.line + 1, event.start_mark.column + 1)
            if isinstance(event, yaml.ScalarEvent):
                value: Any
                if not event.style and event.value in ("", "~", "null", "Null", "NULL"):
                    value = None
                else:
                    value = event.value
                # Key position in a mapping?
                if (
                    stack
                    and isinstance(stack[-1].container, dict)
                    and stack[-1].pending_key is None
                ):
                    frame = stack[-1]
                    key = "" if value is None else str(value)
                    if key in frame.container:
                        first = marks.keys.get((*frame.path, key))
                        where = f" (eerder op regel {first[0]})" if first else ""
                        problems.append(
                            Problem(
                                Location(path, *mark),
                                "duplicate-key",
                                f"sleutel '{key}' staat twee keer in dezelfde lijst{where}; "
                                "YAML zou stilletjes de laatste houden",
                            )
                        )
                    frame.pending_key = key
                    frame.key_mark = mark
                    continue
                _attach(stack, value, mark, marks)
                if not stack:
                    root = value
                continue
            # Mapping or sequence start.
            if len(stack) >= MAX_DEPTH:
                problems.append(
                    Problem(
                        Location(path, *mark),
                        "too-deep",
                        f"de gegevens zijn hier dieper genest dan {MAX_DEPTH} niveaus",
                    )
                )
                break
            container: dict[str, Any] | list[Any] = (
                {} if isinstance(event, yaml.MappingStartEvent) else []
            )
            child_path = _attach(stack, container, mark, marks)
            stack.append(_Frame(container, child_path))
    finally:
        parser.dispose()
    if stack and not problems:  # pragma: no cover - the parser reports unclosed blocks itself
        root = stack[0].container
    return root, problems


def _attach(stack: list[_Frame], value: Any, mark: tuple[int, int], marks: Marks) -> Path:
    """Put a finished value (or a new container) into its parent; return its path."""
    if not stack:
        marks.values[()] = mark
        return ()
    frame = stack[-1]
    parent = frame.container
    if isinstance(parent, dict):
        key = frame.pending_key
        assert key is not None
        child: Path = (*frame.path, key)
        if key not in parent:
            parent[key] = value
            marks.values[child] = mark
            if frame.key_mark is not None:
                marks.keys[child] = frame.key_mark
        frame.pending_key = None
        frame.key_mark = None
        return child
    child = (*frame.path, len(parent))
    parent.append(value)
    marks.values[child] = mark
    return child
