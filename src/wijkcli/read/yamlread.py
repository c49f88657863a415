"""Read stage, strict YAML: reading with a file:line:column mark for every value.

Volunteers type these files by hand, so the reader refuses what YAML allows but nobody means:
duplicate keys, anchors and aliases, tags, several documents, very deep nesting and huge files.
Every scalar stays text (so `no`, `19:30` and `0612345670` mean what they look like); the
schema gives it a type later. Built on libyaml's event stream (PyYAML's C parser when present)
with our own explicit stack, so nesting depth is checked before anything can recurse.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from typing import Any

import yaml

from wijkcli.problems import Location, Problem
from wijkcli.text import visible

MAX_FILE_BYTES = 1_000_000
"""Larger files are refused unread: no wijkcli file comes near this, a mistake or attack does."""

MAX_RUN_ENTRIES = 50_000
"""The budget of one run, in entries: files, folders and links that wijkcli lists under the
data folder (or finds in one git version of it, for `wijk verschil`). A whole city (9 gebieden,
10 years, 40 rounds) has about 11,700."""

MAX_RUN_BYTES = 64 * 1024 * 1024
"""The budget of one run, in bytes: the YAML files wijkcli reads from the data folder (or from
one git version of it) together, 64 MiB. A whole city has 16 MB; memory grows with what is
read, so without this a pull request of 1500 names for one 1 MB blob (a 2 MB commit) costs
gigabytes."""


def over_budget(what: str, where: str) -> Exception:
    """The error for data beyond the budget of one run (`MAX_RUN_ENTRIES`, `MAX_RUN_BYTES`):
    `what` says which, `where` names the data folder or git version."""
    from wijkcli.problems import WijkcliError

    return WijkcliError(
        f"{where} is te groot voor wijkcli: {what} (de grens per run; zie 'Grenzen' in "
        "docs/formaat.md). Staan er bestanden in die er niet horen, haal ze dan weg"
    )


MAX_DEPTH = 32
"""Deeper nesting is refused: libyaml's C composer recurses and would crash on very deep input."""

Path = tuple[str | int, ...]

_EventLoader: Any
try:
    # libyaml's parser alone: the event stream is all we use (CSafeLoader would also set up a
    # constructor and a resolver for every file).
    from yaml._yaml import CParser

    _EventLoader = CParser
except ImportError:  # pragma: no cover - PyYAML without libyaml
    _EventLoader = yaml.SafeLoader


class Marks:
    """Where each value (and each mapping key) of one file stands.

    `values` and `keys` map a path such as ("leden", 3, "wijk") to its (line, column). A file
    that was read without problems keeps only its text and records the marks on first use:
    most files never need one (marks are only looked up to report a problem), so this saves
    both the time to record them and the memory to hold them.
    """

    __slots__ = ("_keys", "_text", "_values", "path")

    def __init__(
        self,
        path: str,
        values: dict[Path, tuple[int, int]] | None = None,
        keys: dict[Path, tuple[int, int]] | None = None,
        *,
        text: str | None = None,
    ) -> None:
        self.path = path
        self._values: dict[Path, tuple[int, int]] = {} if values is None else values
        self._keys: dict[Path, tuple[int, int]] = {} if keys is None else keys
        self._text = text
        """The file's text while its marks are not recorded yet."""

    def _record(self) -> None:
        text, self._text = self._text, None
        if text is not None:
            # The same text parsed before, so this cannot fail; if it ever did, `at` would fall
            # back to the start of the file rather than crash.
            with contextlib.suppress(yaml.YAMLError):
                _build(self.path, text, self._values, self._keys)

    @property
    def unrecorded_text(self) -> str | None:
        """The text the marks will be recorded from (None once they are)."""
        return self._text

    @property
    def values(self) -> dict[Path, tuple[int, int]]:
        if self._text is not None:
            self._record()
        return self._values

    @property
    def keys(self) -> dict[Path, tuple[int, int]]:
        if self._text is not None:
            self._record()
        return self._keys

    def at(self, loc: Path, *, key: bool = False) -> Location:
        """The location of the value (or key) at `loc`, else of its deepest recorded parent."""
        values, keys = self.values, self.keys
        probe = tuple(loc)
        while True:
            table = keys if key and probe in keys else values
            if probe in table:
                line, col = table[probe]
                return Location(self.path, line, col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]
            key = False

    def __repr__(self) -> str:
        return f"Marks({self.path!r}, {len(self.values)} values)"


@dataclass
class YamlDocument:
    """The plain data of one file (dicts, lists, str, None) with its marks."""

    data: Any
    marks: Marks


def _loc(path: str, mark: Any) -> Location:
    return Location(path, mark.line + 1, mark.column + 1)


_TAB = "een tab-teken: gebruik spaties om in te springen"
_SYNTAX_WORDS = (
    # libyaml's wording first, then PyYAML's where it differs (its pure-Python parser).
    ("did not find expected ',' or ']'", "een lijst tussen [ ] is niet afgesloten (mist er een"
     " ']' of een komma?)"),
    ("expected ',' or ']'", "een lijst tussen [ ] is niet afgesloten (mist er een ']' of een"
     " komma?)"),
    ("did not find expected ',' or '}'", "een blok tussen { } is niet afgesloten (mist er een"
     " '}' of een komma?)"),
    ("expected ',' or '}'", "een blok tussen { } is niet afgesloten (mist er een '}' of een"
     " komma?)"),
    ("mapping values are not allowed", "hier staat een dubbele punt die YAML niet verwacht: zet"
     " tekst met ': ' tussen aanhalingstekens, of zet de sleutel op een nieuwe regel"),
    ("block sequence entries are not allowed", "hier kan geen lijst ('- ') beginnen: klopt de"
     " inspringing, of hoort de '-' bij de tekst (zet die dan tussen aanhalingstekens)?"),
    ("mapping keys are not allowed", "hier kan geen sleutel beginnen: klopt de inspringing?"),
    ("did not find expected key", "de inspringing klopt hier niet (staat de regel even ver"
     " naar rechts als de regels van hetzelfde blok?)"),
    ("did not find expected '-' indicator", "in een lijst begint elke regel met '- '"),
    ("expected <block end>", "de inspringing klopt hier niet"),
    ("could not find expected ':'", "hier mist een dubbele punt na de sleutel"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("expected the node content", "hier ontbreekt een waarde"),
    ("tab character", _TAB),
    ("found unexpected end of stream", "het bestand houdt onverwacht op (is er een"
     " aanhalingsteken niet gesloten?)"),
    ("found unexpected document indicator", "een regel met '---' of '...' midden in een tekst"
     " tussen aanhalingstekens (is er een aanhalingsteken niet gesloten?)"),
    ("found unknown escape character", "onbekende code met \\ in tekst tussen dubbele"
     " aanhalingstekens (gebruik enkele aanhalingstekens)"),
    ("expected escape sequence of", "na \\x, \\u of \\U in tekst tussen dubbele"
     " aanhalingstekens horen hexadecimale cijfers (gebruik enkele aanhalingstekens)"),
    ("hexdecimal number", "na \\x, \\u of \\U in tekst tussen dubbele aanhalingstekens horen"
     " hexadecimale cijfers (gebruik enkele aanhalingstekens)"),
    ("invalid Unicode character escape", "deze code met \\ in tekst tussen dubbele"
     " aanhalingstekens is geen geldig teken"),
    ("alphabetic or numeric character", "na '&', '*' of '!' hoort een naam: zet tekst die met"
     " zo'n teken begint tussen aanhalingstekens"),
    ("expected comment or line break", "na '|' of '>' mag op dezelfde regel alleen commentaar"
     " staan"),
    ("indentation indicator equal to 0", "het getal na '|' of '>' moet 1 tot 9 zijn"),
    ("<document start>", "na het einde van het document ('...') staat nog tekst"),
    ("directive", "regels die met '%' beginnen zijn niet toegestaan: zet de tekst tussen"
     " aanhalingstekens"),
    ("tag", "YAML-tags ('!') zijn niet toegestaan; schrijf alleen de waarde"),
)  # fmt: skip


def syntax_in_words(problem: str, char: str, context: str = "") -> str:
    """libyaml's English problem text in the volunteers' words (the original in brackets when
    there is no translation); `char` is the character at the problem's position, `context`
    libyaml's "while scanning a tag" (used when the problem itself has no translation)."""
    if "cannot start any token" in problem:
        if char == "\t":
            return _TAB
        return f"een waarde kan niet beginnen met '{char}': zet de tekst tussen aanhalingstekens"
    for english, dutch in _SYNTAX_WORDS:
        if english in problem:
            return dutch
    for english, dutch in _SYNTAX_WORDS:
        if context and english in context:
            return dutch
    return f"onleesbare YAML ({problem})" if problem else "onleesbare YAML"


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    line: int = mark.line
    column: int = mark.column
    return lines[line][column : column + 1] if line < len(lines) else ""


_CONTROL_CLASS = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
)
_NONCHARACTER_CLASS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 17)
)
"""Unicode's noncharacters (U+FDD0-U+FDEF and the last two code points of every plane): no
text holds them, XML 1.0 (Word, Excel) cannot hold U+FFFE and U+FFFF at all, and python-docx
and openpyxl stopped with a traceback on them. YAML's reader refuses U+FFFE and U+FFFF written
as themselves; an escape such as `\\ufffe` between double quotes, and the others, pass it."""
_NONCHARACTER = re.compile(f"[{_NONCHARACTER_CLASS}]")
_RAW_CONTROL = re.compile(f"[{_CONTROL_CLASS}\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]")
"""Characters refused anywhere in a file (also in comments): C0 controls except tab, line feed
and carriage return (YAML's own whitespace), DEL, C1 controls, line and paragraph separators
and the bidi controls (marks, embeddings, overrides, isolates) that reorder text on screen, and
the noncharacters; the ones outside the Basic Multilingual Plane are found as any character
there and then told apart (`_refused`): a class of those 32 code points made Python's `re` test
each character of every file against each of them, 14x slower (1.2 s over the city's 15 MB)."""


def _refused(char: str) -> bool:
    """Whether a character `_RAW_CONTROL` found is refused: all are, except the characters
    outside the Basic Multilingual Plane that are no noncharacter (an emoji, say)."""
    return char <= "\uffff" or ord(char) & 0xFFFE == 0xFFFE


_VALUE_CONTROL = re.compile(f"[\t\r{_CONTROL_CLASS}{_NONCHARACTER_CLASS}]")
"""Characters refused inside a key or value, however they got there (a raw tab inside the text,
or an escape such as `\\e`, `\\t`, `\\x1b` or `\\u202e` between double quotes). Only the line
feed is kept: a block of text (`|`) needs it. No field of the format needs any of the others,
and in output they can forge lines, terminal sequences or reversed amounts."""


def _control_problem(path: str, line: int, column: int, char: str) -> Problem:
    if _NONCHARACTER.match(char):
        return Problem(
            Location(path, line, column),
            "noncharacter",
            f"een teken dat geen tekst is ({visible(char)}); haal het weg",
            hint="Word en Excel kunnen zo'n teken niet opslaan; typ de tekst opnieuw als je "
            "niet ziet waar het staat",
        )
    if char == "\t":
        return Problem(
            Location(path, line, column),
            "control-character",
            "een tab-teken in de tekst; gebruik een spatie",
        )
    return Problem(
        Location(path, line, column),
        "control-character",
        f"een onzichtbaar stuurteken ({visible(char)}) in de tekst; haal het weg",
        hint="zo'n teken kan meldingen, de terminal of een bedrag op het scherm vervalsen; typ "
        "de tekst opnieuw als je niet ziet waar het staat",
    )


def _raw_control_problems(path: str, text: str) -> list[Problem]:
    """Every refused character that stands in the file itself, at its line and column."""
    problems = []
    for found in _RAW_CONTROL.finditer(text):
        if not _refused(found.group()):
            continue
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problems.append(_control_problem(path, line, column, found.group()))
        if len(problems) >= MAX_CONTROL_PROBLEMS:
            break
    return problems


MAX_CONTROL_PROBLEMS = 100
"""A file full of control characters (a binary file, say) gives this many problems, not more."""


def _value_control_problem(path: str, event: Any, value: str) -> Problem | None:
    found = _VALUE_CONTROL.search(value)
    if found is None:
        return None
    start, end = event.start_mark, event.end_mark
    column = start.column + 1
    if not event.style and start.line == end.line:
        column += found.start()  # a plain one-line value: the character's own column
    return _control_problem(path, start.line + 1, column, found.group())


_LOOKS_LIKE_A_LINE = re.compile(r"^[ ]*(?:- |-$|[^\s#'\"][^:]*:(?: |$))")
"""A line that reads as a key or a list item of its own."""


def _quote_problem(text: str, exc: yaml.MarkedYAMLError) -> tuple[Any, str] | None:
    """An unclosed quote as the cause of a syntax error: its mark and our words, or None.

    libyaml reports an unclosed quote where it gives up, often many lines further (where the
    next quote character closes the text and what follows makes no sense). Find the quoted
    text that swallowed whole lines, or the quote that runs to the end of the file."""
    if (
        exc.context
        and "quoted scalar" in exc.context
        and "end of stream" in (exc.problem or "")
        and exc.context_mark is not None
    ):
        return exc.context_mark, (
            "aanhalingsteken niet gesloten (de tekst loopt door tot het eind van het bestand)"
        )
    problem = exc.problem_mark
    parser = _EventLoader(text)
    quoted: list[Any] = []
    try:
        while (token := parser.get_token()) is not None:
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"'):
                quoted.append(token)
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    lines = text.split("\n")
    for token in quoted:
        start, end = token.start_mark, token.end_mark
        if problem is not None and start.index >= problem.index:
            break
        swallowed = lines[start.line + 1 : end.line + 1]
        if any(_LOOKS_LIKE_A_LINE.match(line) for line in swallowed):
            return start, (
                f"aanhalingsteken niet gesloten (de tekst loopt door tot regel {end.line + 1})"
            )
    if problem is not None:
        for token in quoted:
            end = token.end_mark
            if end.line == problem.line and end.column == problem.column:
                return problem, (
                    "na het sluitende aanhalingsteken staat nog tekst: zet de hele tekst tussen"
                    " aanhalingstekens en gebruik binnen de tekst het andere soort"
                )
    return None


_ESCAPE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _surrogate_escape(text: str, exc: yaml.MarkedYAMLError) -> tuple[Any, str] | None:
    """A `\\uD800`-style escape between double quotes (half of a UTF-16 pair, no character of
    its own) as the cause of libyaml's "invalid Unicode character escape": its mark (at the
    backslash) and our words, or None."""
    problem = exc.problem_mark
    if "invalid Unicode character escape" not in (exc.problem or "") or problem is None:
        return None
    line_start = text.rfind("\n", 0, problem.index) + 1
    line_end = text.find("\n", problem.index)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    for match in _ESCAPE.finditer(line):
        if line_start + match.start() > problem.index:
            break
        value = int(match.group(1) or match.group(2), 16)
        if line_start + match.end() >= problem.index and 0xD800 <= value <= 0xDFFF:
            index = line_start + match.start()
            mark = yaml.Mark("", index, problem.line, match.start(), None, 0)
            return mark, (
                f"'{match.group(0)}' is de helft van een UTF-16-tekenpaar (een surrogaat), geen "
                "teken; wijkcli leest alleen hele tekens"
            )
    return None


def too_large(path: str, size: int | None, limit: int = MAX_FILE_BYTES) -> Problem:
    """The problem for a file over `limit` bytes (`size` None: more than that, size unknown)."""
    what = f"{size:,} bytes" if size is not None else f"meer dan {limit:,} bytes"
    return Problem(
        Location(path, 1, 1),
        "file-too-large",
        f"bestand is te groot ({what}; de grens is {limit:,})".replace(",", "."),
    )


def decode(path: str, raw: bytes) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 only, a BOM is dropped; other bytes give a problem with a line."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [too_large(path, len(raw))]
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
    problems = _raw_control_problems(path, text)
    if problems:
        return None, problems
    try:
        # Fast pass without marks; a file with problems is read again with marks, so every
        # message (such as "eerder op regel 4") is as complete as from one careful pass.
        data, problems = _build(path, text, None, None)
        if problems:
            data, problems = _build(path, text, {}, {})
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        quote = _quote_problem(text, exc)
        if quote is not None:
            mark, words = quote
            hint = "sluit de tekst af met hetzelfde aanhalingsteken (\" of ') als aan het begin"
        else:
            words = syntax_in_words(
                exc.problem or exc.context or "", _char_at(text, mark), exc.context or ""
            )
            hint = "let op inspringing, dubbele punten en aanhalingstekens"
        surrogate = _surrogate_escape(text, exc)
        if surrogate is not None:
            mark, words = surrogate
            hint = "schrijf het teken zelf, of de code van het hele teken (\\U0001F600 voor 😀)"
        loc = _loc(path, mark) if mark is not None else Location(path, 1, 1)
        message = f"de YAML is hier niet te lezen: {words}"
        return None, [Problem(loc, "yaml-syntax", message, hint=hint)]
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow at all; the ones we know were refused above.
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        return None, [_control_problem(path, line, column, chr(exc.character))]
    except yaml.YAMLError as exc:
        return None, [Problem(Location(path, 1, 1), "yaml-syntax", f"onleesbare YAML ({exc})")]
    if problems:
        return None, problems
    return YamlDocument(data, Marks(path, text=text)), []


_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceEndEvent = yaml.SequenceEndEvent


def _build(
    path: str,
    text: str,
    values: dict[Path, tuple[int, int]] | None,
    keys: dict[Path, tuple[int, int]] | None,
) -> tuple[Any, list[Problem]]:
    """Turn libyaml's event stream into plain data; with `values` and `keys` given, record the
    mark of every value and key in them.

    This loop runs once per YAML event of every file, so it is written for speed: dispatch on
    the exact event class, most frequent first, and keep the innermost open container in local
    variables; `stack` holds the enclosing ones as (container, is_dict, path) tuples.
    """
    problems: list[Problem] = []
    parser = _EventLoader(text)
    get_event = parser.get_event
    record = values is not None and keys is not None
    # Only a tab or an escape can put a refused character into a value once the raw text has
    # passed `_raw_control_problems` (also a noncharacter: only as an escape), so most files
    # skip the check per value.
    check_controls = "\t" in text or "\\" in text
    if values is None or keys is None:
        values, keys = {}, {}
    stack: list[tuple[Any, bool, Path]] = []
    container: Any = None  # the innermost open mapping or sequence (None at the top)
    is_dict = False
    cpath: Path = ()
    pending: str | None = None  # a mapping key read, waiting for its value
    key_mark: tuple[int, int] = (0, 0)
    root: Any = None
    documents = 0
    try:
        while True:
            event = get_event()
            cls = type(event)
            if cls is _ScalarEvent:
                if event.anchor is not None:
                    problems.append(_anchor_problem(path, event))
                    break
                # Plain and quoted values carry no tag; any tag here was written explicitly.
                tag = event.tag
                if tag is not None and tag != "!":
                    problems.append(_tag_problem(path, event, tag))
                    break
                value: Any = event.value
                if not event.style and value in _NULLS:
                    value = None
                elif check_controls and (bad := _value_control_problem(path, event, value)):
                    problems.append(bad)
                if record:
                    start = event.start_mark
                    mark = (start.line + 1, start.column + 1)
                if is_dict:
                    if pending is None:  # a key
                        key = "" if value is None else value
                        if key in container:
                            start = event.start_mark
                            mark = (start.line + 1, start.column + 1)
                            problems.append(_duplicate_problem(path, mark, key, keys, cpath))
                        pending = key
                        if record:
                            key_mark = mark
                        continue
                    if pending not in container:
                        container[pending] = value
                        if record:
                            child = (*cpath, pending)
                            values[child] = mark
                            keys[child] = key_mark
                    pending = None
                elif container is not None:
                    if record:
                        values[(*cpath, len(container))] = mark
                    container.append(value)
                else:
                    if record:
                        values[()] = mark
                    root = value
                continue
            if cls is _MappingEndEvent or cls is _SequenceEndEvent:
                done = container
                container, is_dict, cpath = stack.pop()
                pending = None
                if container is None:
                    root = done
                continue
            if cls is _MappingStartEvent or cls is _SequenceStartEvent:
                if event.anchor is not None:
                    problems.append(_anchor_problem(path, event))
                    break
                tag = event.tag
                if tag is not None and tag != "!":
                    problems.append(_tag_problem(path, event, tag))
                    break
                start = event.start_mark
                mark = (start.line + 1, start.column + 1)
                if len(stack) >= MAX_DEPTH:
                    problems.append(
                        Problem(
                            Location(path, *mark),
                            "too-deep",
                            f"de gegevens zijn hier dieper genest dan {MAX_DEPTH} niveaus",
                        )
                    )
                    break
                new: dict[str, Any] | list[Any] = {} if cls is _MappingStartEvent else []
                if is_dict:
                    if pending is None:
                        problems.append(
                            Problem(
                                Location(path, *mark),
                                "complex-key",
                                "een sleutel moet één woord of tekst zijn, geen lijst of "
                                "sleutels met waarden",
                                hint="schrijf 'sleutel: waarde'; staat er een '?' of '[' vóór "
                                "de sleutel, haal die weg",
                            )
                        )
                        break
                    child = (*cpath, pending)
                    if pending not in container:
                        container[pending] = new
                        if record:
                            values[child] = mark
                            keys[child] = key_mark
                    pending = None
                elif container is not None:
                    child = (*cpath, len(container))
                    container.append(new)
                    if record:
                        values[child] = mark
                else:
                    child = ()
                    if record:
                        values[()] = mark
                stack.append((container, is_dict, cpath))
                container, is_dict, cpath = new, cls is _MappingStartEvent, child
                continue
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
            # StreamStart and DocumentEnd carry nothing.
    finally:
        parser.dispose()
    if stack and not problems:  # pragma: no cover - the parser reports unclosed blocks itself
        root = stack[1][0] if len(stack) > 1 else container
    return root, problems


def _anchor_problem(path: str, event: Any) -> Problem:
    return Problem(
        _loc(path, event.start_mark),
        "anchor",
        f"ankers (&{event.anchor}) zijn niet toegestaan; schrijf de waarde voluit",
    )


def _tag_problem(path: str, event: Any, tag: str) -> Problem:
    return Problem(
        _loc(path, event.start_mark),
        "tag",
        f"YAML-tags ({tag}) zijn niet toegestaan; schrijf alleen de waarde",
    )


def _duplicate_problem(
    path: str, mark: tuple[int, int], key: str, keys: dict[Path, tuple[int, int]], cpath: Path
) -> Problem:
    first = keys.get((*cpath, key))
    where = f" (eerder op regel {first[0]})" if first else ""
    return Problem(
        Location(path, *mark),
        "duplicate-key",
        f"sleutel '{key}' staat twee keer in dezelfde lijst{where}; "
        "YAML zou stilletjes de laatste houden",
    )
