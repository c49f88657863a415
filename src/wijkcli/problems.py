"""Problems found in the data: small immutable records with a file:line:column location, and
the registry of problem codes with their explanations (`register_code`, `explanation`).

Every stage (read, load, check, count) returns problems instead of raising, so one run reports
them all. `WijkcliError` is only raised when work cannot continue at all. Every code a problem
can carry is registered once, with its severity and the text of `wijk check --uitleg CODE`, in
the module that emits it (a check's module, or `codes.py` of the stage folder).
"""

from __future__ import annotations

import contextlib
import contextvars
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How bad a problem is; the values are the Dutch words shown to users."""

    ERROR = "fout"
    WARNING = "waarschuwing"


@dataclass(frozen=True, order=True)
class Location:
    """A place in a data file: repo-relative POSIX path, 1-based line and column."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}"
        return self.path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the data, in words a volunteer understands.

    Equality and sorting use location and code, never the message text.
    """

    location: Location | None
    code: str
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    hint: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if _require_registered:
            _check_registered(self.code, self.severity)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.column, self.code, self.message)


@dataclass(frozen=True)
class Uitleg:
    """What a problem code means, for `wijk check --uitleg CODE`: a title, the explanation for a
    volunteer, a wrong (`fout`) and a right (`goed`) example, and the severities it comes with."""

    code: str
    titel: str
    uitleg: str
    fout: str
    goed: str
    severities: frozenset[Severity]
    module: str
    """The module that registered it (where the code is emitted, or its stage's `codes.py`)."""

    def text(self) -> str:
        """The page `wijk check --uitleg CODE` shows."""
        fout = "\n".join("    " + line for line in self.fout.splitlines())
        goed = "\n".join("    " + line for line in self.goed.splitlines())
        return f"{self.code}: {self.titel}\n\n{self.uitleg}\n\nFout:\n{fout}\n\nGoed:\n{goed}\n"


CODES: dict[str, Uitleg] = {}
"""Every registered problem code, in order of registration. Complete only once every module
that registers codes is imported: `wijkcli.pipeline.explanations()` does that."""

_CODE_RE = re.compile(r"[a-z]+(?:-[a-z]+)*")


def register_code(
    code: str,
    titel: str,
    uitleg: str,
    *,
    fout: str,
    goed: str,
    severity: Severity | tuple[Severity, ...] = Severity.ERROR,
) -> str:
    """Register `code` (stable, kebab-case) with its explanation: the title, what is wrong and
    how to fix it, a wrong and a right example (`wijk check --uitleg CODE`), and the severity
    problems with this code have (both, for a code that is an error in one place and a warning
    in another). Call it at module level in the module that emits the code; returns `code`.

    Raises:
        ValueError: `code` is not kebab-case, or registered already (one explanation a code).
    """
    import sys

    if not _CODE_RE.fullmatch(code):
        raise ValueError(f"problem code {code!r} is not kebab-case")
    if code in CODES:
        raise ValueError(f"problem code {code!r} is registered twice ({CODES[code].module})")
    severities = frozenset(severity if isinstance(severity, tuple) else (severity,))
    module = str(sys._getframe(1).f_globals.get("__name__", "?"))
    CODES[code] = Uitleg(code, titel, uitleg, fout, goed, severities, module)
    return code


class UnregisteredCodeError(AssertionError):
    """A problem with a code that is not registered, or not with this severity (only raised
    after `require_registered_codes`, in the tests)."""


_require_registered = False


def require_registered_codes(on: bool = True) -> None:
    """From now on, making a `Problem` whose code is not registered (or with a severity its
    code is not registered with) raises `UnregisteredCodeError`. The tests switch it on
    (tests/conftest.py) after importing every module that registers codes; `wijk` itself never
    does, so a user never sees it."""
    global _require_registered
    _require_registered = on


def registered_codes_required() -> bool:
    """Whether `require_registered_codes` is on (the tests): the check runner then also
    requires every check to emit only the codes it declares."""
    return _require_registered


def _check_registered(code: str, severity: Severity) -> None:
    entry = CODES.get(code)
    if entry is None:
        raise UnregisteredCodeError(f"problem code {code!r} is not registered (register_code)")
    if severity not in entry.severities:
        raise UnregisteredCodeError(
            f"problem code {code!r} is registered as {sorted(entry.severities)}, not {severity}"
        )


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, line, column, code; duplicates removed."""
    seen: set[tuple[str, int, int, str, str]] = set()
    out: list[Problem] = []
    for p in sorted(problems, key=Problem.sort_key):
        key = p.sort_key()
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)


class WijkcliError(Exception):
    """Work cannot continue (no data folder, unknown ronde, ...). The message is Dutch."""


class UsageMistake(WijkcliError):
    """The command asked for something the data does not have (a mistyped id on the command
    line): the command line is wrong, not the data, so `wijk` exits with 2 as for a usage error."""


SUGGEST_MAX_LENGTH = 100
"""Ids longer than this get no did-you-mean suggestion (difflib's cost grows with length)."""
SUGGEST_MAX_CANDIDATES = 5000
"""At most this many known ids are compared for a suggestion."""
KNOWN_SHOWN = 10
"""At most this many known ids are listed in a message."""


MAX_SUGGESTIONS = 20
"""How many did-you-mean hints one `wijk check` looks for (`bounded_suggestions`). Each
compares the unknown id with every known one, so thousands of unknown ids against thousands
of members would take minutes; past this many the problems are still all reported, without a
hint."""

_suggestions_left: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar(
    "suggestions_left", default=None
)
"""Inside `bounded_suggestions`: [hints still to look for, hints asked for]."""


@contextlib.contextmanager
def bounded_suggestions(limit: int = MAX_SUGGESTIONS) -> Iterator[None]:
    """Within this block, `suggest` looks for at most `limit` hints (in the order the checks
    ask, so the same files always get the same hints)."""
    token = _suggestions_left.set([limit, 0])
    try:
        yield
    finally:
        _suggestions_left.reset(token)


@contextlib.contextmanager
def unbounded_suggestions() -> Iterator[None]:
    """Within this block, `suggest` looks for a hint every time, also inside
    `bounded_suggestions` (a check that reads its own files keeps its own hints)."""
    token = _suggestions_left.set(None)
    try:
        yield
    finally:
        _suggestions_left.reset(token)


def suggestions_asked() -> int:
    """How many hints `suggest` was asked for in this `bounded_suggestions` block (also those
    past its limit, which got none); 0 outside one."""
    left = _suggestions_left.get()
    return 0 if left is None else left[1]


def suggest(value: str, known: Iterable[str]) -> str | None:
    """A did-you-mean hint for an unknown id (`bedoelde je 'x'?`), or None; bounded in the
    length of `value` and the number of ids compared, so a long list stays fast, and in the
    number of hints inside `bounded_suggestions`."""
    if not value or len(value) > SUGGEST_MAX_LENGTH:
        return None
    left = _suggestions_left.get()
    if left is not None:
        left[1] += 1
        if left[0] <= 0:
            return None
        left[0] -= 1
    candidates = sorted(k for k in known if abs(len(k) - len(value)) <= len(value))
    close = _closest(value, candidates[:SUGGEST_MAX_CANDIDATES], cutoff=0.6)
    return f"bedoelde je '{close}'?" if close else None


def _closest(value: str, candidates: list[str], cutoff: float) -> str | None:
    """What `difflib.get_close_matches(value, candidates, n=1, cutoff=cutoff)` returns (the
    highest ratio, the greatest string among equals), without computing the costly ratio of
    every candidate: `quick_ratio` is an upper bound of `ratio`, so candidates are tried from
    the highest bound down and the search stops below the best ratio found. Against 5,000
    ids that share most letters (lid-00001-bewoner, ...) this is some twenty times faster."""
    import difflib  # only for a message: kept out of start-up

    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(value)
    bounded: list[tuple[float, str]] = []
    for x in candidates:
        matcher.set_seq1(x)
        if matcher.real_quick_ratio() >= cutoff:
            bound = matcher.quick_ratio()
            if bound >= cutoff:
                bounded.append((bound, x))
    bounded.sort(reverse=True)
    best: tuple[float, str] | None = None
    for bound, x in bounded:
        if best is not None and bound < best[0]:
            break
        matcher.set_seq1(x)
        score = matcher.ratio()
        if score >= cutoff and (best is None or (score, x) > best):
            best = (score, x)
    return best[1] if best else None


class UnknownIdError(UsageMistake):
    """An id that is not in the data: the one wording for every lookup,
    `ronde 'x' bestaat niet in data/rondes (wel: a, b); bedoelde je 'a'?`."""

    def __init__(self, kind: str, value: str, where: str, known: Iterable[str]) -> None:
        ids = sorted(set(known))
        self.kind, self.value, self.known = kind, value, tuple(ids)
        shown = ", ".join(ids[:KNOWN_SHOWN])
        if len(ids) > KNOWN_SHOWN:
            shown += f" en nog {len(ids) - KNOWN_SHOWN}"
        listed = f"wel: {shown}" if ids else "er is er nog geen"
        name = value if len(value) <= 80 else value[:79] + "…"
        message = f"{kind} '{name}' bestaat niet in {where} ({listed})"
        close = suggest(value, ids)
        super().__init__(message + (f"; {close}" if close else ""))


class DataProblemsError(WijkcliError):
    """A command refuses to run because the data has errors; carries the problems."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems
