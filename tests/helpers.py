"""Test helpers: edit a copy of the example data and find where the edit landed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from wijkcli.pipeline import check_repo


def edit(repo: Path, rel: str, old: str, new: str, *, count: int = 1) -> tuple[int, int]:
    """Replace `old` by `new` in repo/rel (exactly `count` times must match); returns the
    1-based (line, column) where `new` starts (first occurrence)."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count}× in {rel}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    offset = text.index(new)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def git_commit_all(repo: Path) -> str:
    """Make `repo` a git repository (branch main) with everything committed; returns the short
    commit. The commit date is fixed, so the same files give the same commit id."""
    import os

    date = "2017-05-01T12:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo, check=True, capture_output=True, text=True, env=env,
        ).stdout.strip()  # fmt: skip

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "start")
    return git("rev-parse", "--short=12", "HEAD")


def found(repo: Path) -> set[tuple[str, int, int, str]]:
    """(path, line, column, code) of every problem `wijk check` reports."""
    _, problems = check_repo(repo)
    return {
        (p.location.path, p.location.line, p.location.column, p.code)
        for p in problems
        if p.location is not None
    }


Found = tuple[str, int, int, str]

SCORING_WARNINGS: list[Found] = [
    ("data/beoordelingen/sbi-aanbesteding-2016/formulieren/f21.yaml", 9, 3, "missing-score"),
    ("data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml", 24, 9, "too-few-scores"),
]
"""The example scoring evening's own warnings: checked apart from the rounds."""

FILE_WARNINGS: list[Found] = [
    *SCORING_WARNINGS,
    ("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", 36, 21, "hours-used-above-granted"),
    (
        "data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml",
        24,
        18,
        "hours-used-above-granted",
    ),
]
"""The example's warnings that need no count, so they are there also when the data has
errors: the scoring evening's own (a missing score, a candidate with too few forms; a scoring
evening is checked apart from the rounds) and two projects that used more hours of a
professional than Indebuurt033 granted (A02 12 of 10, A03 64 of 60)."""

EXAMPLE_PROBLEMS: list[Found] = [*FILE_WARNINGS]
"""The warnings `wijk check` gives on the unchanged example: the same as `FILE_WARNINGS`.
A05 asks 80 hours of the youth worker where the round frees 60 (`hours-asked-exceed`, counted
only when the data has no errors), but the meeting dealt with it: every application asking
his hours has a decision and the advice fits, so that warning has settled (#28)."""


def problem_list(repo: Path) -> tuple[list[Found], bool]:
    """(path, line, column, code) of every problem `wijk check` reports, in its order, each
    one as often as it is reported; and whether any of them is an error."""
    _, problems = check_repo(repo)
    return [
        (p.location.path, p.location.line, p.location.column, p.code)
        if p.location is not None
        else ("", 0, 0, p.code)
        for p in problems
    ], any(p.is_error for p in problems)


def check(repo: Path, *expected: Found, example: list[Found] | None = None) -> None:
    """Assert that `wijk check` on `repo` reports exactly `expected` plus the example's own
    warnings: the complete list, nothing missing and nothing extra (as yamllint's
    RuleTestCase.check). `example` defaults to `EXAMPLE_PROBLEMS`, or `FILE_WARNINGS` when
    the report has errors (hours are only counted on data without errors; a test of an error
    found while counting, such as `hours-exceeded`, passes `example=EXAMPLE_PROBLEMS`)."""
    got, errors = problem_list(repo)
    if example is None:
        example = FILE_WARNINGS if errors else EXAMPLE_PROBLEMS
        # (a test that leaves out the rounds, or the follow-up files, has not their warnings)
        example = [w for w in example if (repo / w[0]).is_file()]
    want = sorted([*example, *expected])
    assert got == sorted(got), "problems are not reported in sorted order"
    assert got == want, _diff(got, want)


def _diff(got: list[Found], want: list[Found]) -> str:
    extra = [p for p in got if got.count(p) > want.count(p)]
    missing = [p for p in want if want.count(p) > got.count(p)]
    return f"extra problems: {extra}; missing problems: {missing}"


def codes(repo: Path) -> set[str]:
    _, problems = check_repo(repo)
    return {p.code for p in problems}


AANVRAAG = "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
VERGADERING = "data/rondes/ronde-2017-2/vergadering-szh.yaml"
RONDE = "data/rondes/ronde-2017-2/ronde.yaml"
LEDEN = "data/gebieden/szh/leden.yaml"
GEBIED = "data/gebieden/szh/gebied.yaml"
WIJKPLAN = "data/gebieden/szh/wijkplan-2017.yaml"


A08_VOTES = "      onthouding: []\nopmerkingen:"


def broken_example(repo: Path) -> Path:
    """The example with three errors: an ambiguous amount (`1.250`, line 17 column 9), a
    misspelt key (`uuren`) and a vote of a member who had left (a08); the golden `wijk check`
    outputs are of this repository."""
    edit(repo, AANVRAAG, "bedrag: 8500", "bedrag: 1.250")
    edit(repo, AANVRAAG, "\nuren:\n", "\nuuren:\n")
    edit(repo, VERGADERING, A08_VOTES, "      onthouding: [ahmet-yildiz]\nopmerkingen:")
    return repo


def without_a07_decision(repo: Path) -> Path:
    """The example with the decision on A07 (afwijzen, € 850 asked) taken out of the minutes:
    `wijk advies` warns that it was not treated."""
    path = repo / VERGADERING
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  a07-buurtbarbecue:\n"), text.index("  a08-taalcafe:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return repo


def edit_keeping_times(path: Path, old: bytes, new: bytes) -> None:
    """Change `path`'s bytes, keeping its size, mode and mtime (as `touch -r` would)."""
    import os

    before = path.stat()
    text = path.read_bytes()
    assert len(old) == len(new) and old in text
    path.write_bytes(text.replace(old, new, 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
