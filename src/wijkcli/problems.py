"""Problems found in the data: small immutable records with a file:line:column location.

Every stage (load, check, tally, hours) returns problems instead of raising, so one run reports
them all. `WijkcliError` is only raised when work cannot continue at all.
"""

from __future__ import annotations

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

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location or Location("")
        return (loc.path, loc.line, loc.column, self.code, self.message)


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


class DataProblemsError(WijkcliError):
    """A command refuses to run because the data has errors; carries the problems."""

    def __init__(self, message: str, problems: list[Problem]) -> None:
        super().__init__(message)
        self.problems = problems
