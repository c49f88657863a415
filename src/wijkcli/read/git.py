"""Git, read-only: the data version a document names, and the data files as they were at a ref.

Every git call is read-only, runs without a shell (arguments as a list) and with
`--no-optional-locks`, so it never competes with the user's own git for the index lock. The old
version of the data is read from git's objects directly (`ls-tree` + `cat-file --batch`): no
work tree, no temporary copy on disk (leden.yaml holds contact data), and neither
`.gitattributes` (`export-ignore`, filters) nor the user's checkout changes what is read.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from wijkcli.problems import Location, Problem, Severity, UsageMistake, WijkcliError, suggest
from wijkcli.read.yamlread import (
    MAX_FILE_BYTES,
    MAX_RUN_BYTES,
    MAX_RUN_ENTRIES,
    over_budget,
    too_large,
)
from wijkcli.text import visible

_GIT = ("git", "--no-optional-locks", "--literal-pathspecs")
# GIT_OPTIONAL_LOCKS=0 as well, for git that git itself starts (hooks, fsmonitor).
_ENV = {"GIT_OPTIONAL_LOCKS": "0"}

_PLAIN_NAME = re.compile(r"[\w./-]+")

TIMEOUT = 120.0
"""Seconds one git call may take; past that it is stopped and counts as failed."""


def _run(cwd: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            [*_GIT, "-C", str(cwd), *args],
            input=stdin,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env={**os.environ, **_ENV},
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise WijkcliError(f"git is niet te gebruiken: {exc}") from None


def data_version(data_dir: Path) -> str:
    """The data version a document names: `a1b2c3d4e5f6` (the commit, and the files under
    `data_dir` are as committed), `a1b2c3d4e5f6 met niet-vastgelegde wijzigingen`, or
    `onbekend (…)` with the reason. A commit is named as clean only when `git status` answered
    that it is: a git that fails or hangs makes the version unknown, never clean."""
    try:
        head = _run(data_dir, "rev-parse", "--verify", "--quiet", "--short=12", "HEAD")
    except WijkcliError:
        return "onbekend (git is niet te gebruiken)"
    commit = head.stdout.decode("ascii", "replace").strip()
    if head.returncode != 0 or not commit:
        try:
            inside = _run(data_dir, "rev-parse", "--git-dir").returncode == 0
        except WijkcliError:
            return "onbekend (git is niet te gebruiken)"
        return (
            "onbekend (nog niets vastgelegd in git)" if inside else "onbekend (geen git-repository)"
        )
    try:
        status = _run(data_dir, "status", "--porcelain", "--untracked-files=all", "--", ".")
    except WijkcliError:
        status = None
    if status is None or status.returncode != 0:
        return f"onbekend (git status gaf geen antwoord; laatste commit {commit})"
    return f"{commit} met niet-vastgelegde wijzigingen" if status.stdout.strip() else commit


@dataclass
class DataAt:
    """The data folder's files as they were at one commit, read into memory."""

    ref: str
    """The ref as the user gave it (for messages)."""
    commit: str
    """The full commit id it stands for."""
    files: dict[tuple[str, ...], bytes] = field(default_factory=dict)
    """Regular files by their path parts below the data folder, in sorted order."""
    problems: list[Problem] = field(default_factory=list)
    """What was not read, and why: warnings for entries that are not regular files (symbolic
    links, submodules), errors for a name that is not UTF-8 or a file over the size limit."""


def resolve_commit(data_dir: Path, ref: str) -> str:
    """The full commit id `ref` stands for in the repository holding `data_dir`.

    The ref goes to git as one argument after `--end-of-options`, so a ref such as
    `--output=x` is only ever a (non-existent) name, never an option.

    Raises:
        UsageMistake: `ref` is not a commit there (with a close branch or tag name, if any).
        WijkcliError: not a git repository.
    """
    if _run(data_dir, "rev-parse", "--git-dir").returncode != 0:
        raise WijkcliError(f"'{visible(str(data_dir))}' staat niet in een git-repository")
    # First the object the ref names, then the commit it stands for (a tag is peeled): a suffix
    # on the ref itself would become part of the search text of `:/<text>`.
    done = _run(data_dir, "rev-parse", "--verify", "--quiet", "--end-of-options", ref)
    if done.returncode == 0:
        oid = done.stdout.decode("ascii", "replace").strip()
        done = _run(data_dir, "rev-parse", "--verify", "--quiet", f"{oid}^{{commit}}")
    commit = done.stdout.decode("ascii", "replace").strip()
    if done.returncode != 0 or not commit:
        names = _run(data_dir, "for-each-ref", "--format=%(refname:short)",
                     "refs/heads", "refs/tags", "refs/remotes")  # fmt: skip
        known = names.stdout.decode("utf-8", "replace").split() if names.returncode == 0 else []
        # A close branch or tag name only for a plain name (`mian`), not for an expression.
        hint = suggest(ref, known) if _PLAIN_NAME.fullmatch(ref) else None
        if _run(data_dir, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
            hint = "er is nog niets vastgelegd in git (git add en git commit)"
        raise UsageMistake(
            f"git kent '{visible(ref)}' niet (een commit, tak of tag)"
            + (f"; {visible(hint)}" if hint else "")
        )
    return commit


def data_at(data_dir: Path, ref: str) -> DataAt:
    """Every file under `data_dir`'s gebieden/ and rondes/ as it was at `ref`, read from
    git's objects, with the rules of the reader on disk (`read.tree`).

    A data folder that did not exist yet at `ref` gives no files (everything is new).
    Symbolic links and submodules are not followed (a warning each): wijkcli reads files only.
    Hidden entries (a name that starts with a dot, and everything below one) are left out, as
    on disk. A name that is not UTF-8 and a file larger than `MAX_FILE_BYTES` are errors of
    that version and are not read, so a version can never make wijkcli read more than the
    limit per file.

    Raises:
        UsageMistake: `ref` is unknown.
        WijkcliError: not a git repository, or git fails.
    """
    commit = resolve_commit(data_dir, ref)
    top = _run(data_dir, "rev-parse", "--show-toplevel")
    prefix = _run(data_dir, "rev-parse", "--show-prefix")
    if top.returncode != 0 or prefix.returncode != 0:
        raise WijkcliError(
            f"'{visible(str(data_dir))}' staat niet in een git-repository met een werkmap"
        )
    root = Path(top.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))
    rel = prefix.stdout.decode("utf-8", "surrogateescape").rstrip("\n").rstrip("/")
    shown = data_dir.name or "data"
    in_ref = f"in {visible(ref)}"
    # Only what wijkcli reads from a version (gebieden/ and rondes/, as `read.tree` on disk).
    specs = [f"{rel}/{sub}" if rel else sub for sub in ("gebieden", "rondes")]
    listing = _run(root, "ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *specs)
    if listing.returncode != 0:
        raise WijkcliError(f"git kan de bestanden van {visible(ref)} niet opsommen")
    result = DataAt(ref, commit)
    wanted: list[tuple[tuple[str, ...], str]] = []
    entries = listing.stdout.count(b"\0")
    if entries > MAX_RUN_ENTRIES:
        raise over_budget(
            f"meer dan {MAX_RUN_ENTRIES:,} bestanden".replace(",", "."),
            f"de gegevens in {visible(ref)}",
        )
    total = 0
    cut = len(rel.encode("utf-8", "surrogateescape")) + 1 if rel else 0
    for entry in listing.stdout.split(b"\0"):
        if not entry:
            continue
        meta, _, raw_path = entry.partition(b"\t")
        mode, kind, sha, size = meta.decode("ascii").split()
        try:
            path = raw_path[cut:].decode("utf-8")
        except UnicodeDecodeError:
            where = raw_path[cut:].decode("utf-8", "backslashreplace")
            result.problems.append(
                Problem(
                    Location(visible("/".join((shown, where)))),
                    "bad-file-name",
                    f"{in_ref} is de naam geen UTF-8; wijkcli slaat het over",
                    hint="geef het bestand of de map een naam met gewone letters, cijfers en "
                    "streepjes",
                )
            )
            continue
        parts = tuple(path.split("/"))
        if any(part.startswith(".") for part in parts):
            continue  # hidden, as on disk (where the reader warns about it in the working tree)
        where = visible("/".join((shown, *parts)))
        if kind != "blob" or mode not in ("100644", "100755"):
            what = {"120000": "een symbolische link", "160000": "een submodule"}.get(
                mode, "iets anders dan een bestand"
            )
            result.problems.append(
                Problem(
                    Location(where),
                    "not-a-file",
                    f"{in_ref} is dit {what}, geen gewoon bestand; wijkcli leest het niet en "
                    "slaat het over",
                    severity=Severity.WARNING,
                    hint="wijkcli volgt geen symbolische links of submodules: zet het echte "
                    "bestand of de echte map hier",
                )
            )
            continue
        if int(size) > MAX_FILE_BYTES:
            big = too_large(where, int(size))  # as on disk, said of the old version
            result.problems.append(replace(big, message=f"{in_ref}: {big.message}"))
            continue
        total += int(size)
        if total > MAX_RUN_BYTES:
            raise over_budget(
                f"de YAML-bestanden zijn samen meer dan {MAX_RUN_BYTES // (1024 * 1024)} MiB",
                f"de gegevens in {visible(ref)}",
            )
        wanted.append((parts, sha))
    if wanted:
        batch = _run(
            root, "cat-file", "--batch", stdin=b"".join(f"{s}\n".encode() for _, s in wanted)
        )
        if batch.returncode != 0:
            raise WijkcliError(f"git kan de bestanden van {visible(ref)} niet lezen")
        out, pos = batch.stdout, 0
        for parts, sha in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split(b" ")
            if len(header) != 3 or header[0].decode() != sha or header[1] != b"blob":
                raise WijkcliError(f"git gaf onverwachte uitvoer bij het lezen van {visible(ref)}")
            size_read = int(header[2])
            result.files[parts] = out[end + 1 : end + 1 + size_read]
            pos = end + 1 + size_read + 1
    result.files = dict(sorted(result.files.items()))
    return result


TOOL_PATHS = (".github", "pyproject.toml", "uv.lock")
"""The files of a repository that decide which wijkcli judges a pull request (the workflow,
CODEOWNERS, the pinned version): `nieuw.TOOL_FILES`, as git pathspecs from the top."""


def tool_changes(data_dir: Path, commit: str) -> list[str]:
    """The files of `TOOL_PATHS` that differ between `commit` and the working files (changed,
    added, removed, or new and not ignored), as paths from the top of the repository; sorted.

    Raises:
        WijkcliError: not in git, or git fails.
    """
    top = _run(data_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise WijkcliError(
            f"'{visible(str(data_dir))}' staat niet in een git-repository met een werkmap"
        )
    root = Path(top.stdout.decode("utf-8", "surrogateescape").rstrip("\n"))
    diff = _run(root, "diff", "--no-ext-diff", "--no-renames", "--name-only", "-z", commit,
                "--", *TOOL_PATHS)  # fmt: skip
    new = _run(root, "ls-files", "--others", "--exclude-standard", "-z", "--", *TOOL_PATHS)
    if diff.returncode != 0 or new.returncode != 0:
        raise WijkcliError("git kan niet zeggen welke bestanden van het gereedschap veranderden")
    names = {
        visible(n.decode("utf-8", "backslashreplace"))
        for n in (*diff.stdout.split(b"\0"), *new.stdout.split(b"\0"))
        if n
    }
    return sorted(names)
