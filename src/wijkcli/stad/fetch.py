"""Fetching a gebied repository named by a git address into the git cache of `wijk stad`.

Every repository gets a folder of its own, `<cache>/<naam>/`, that only this module writes:
an empty repository (`git init` without templates, so without hooks), into which the newest
commit of the branch or tag is fetched shallowly (`--depth 1`) and checked out. A next run
fetches again into the same folder. The address and the ref were judged by the model
(`stad.model.parse_git_url`); git gets them after `--`, never through a shell, with
GIT_ALLOW_PROTOCOL limited to https, ssh and file (so `ext::` and `fd::` are refused by git
itself too), hooks switched off (`core.hooksPath=/dev/null`), no submodules, no prompt for a
password (GIT_TERMINAL_PROMPT=0) and a time limit.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from wijkcli.text import visible

TIMEOUT = 300.0
"""Seconds one git call may take (a clone over a slow line); past that it counts as failed."""

ALLOWED = "https:ssh:file"

_CONFIG = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "protocol.ext.allow=never",
    "-c",
    "protocol.fd.allow=never",
    "-c",
    "submodule.recurse=false",
    "-c",
    "init.templateDir=",
    "-c",
    "advice.detachedHead=false",
)

MARK = ".wijkcli-stad-bron"
"""A file in `.git/` of a cache folder: wijkcli made it (a folder without it is never used)."""


class FetchError(Exception):
    """The repository could not be fetched; the message is Dutch and one line."""


def _git(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "GIT_ALLOW_PROTOCOL": ALLOWED,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_OPTIONAL_LOCKS": "0",
    }
    cmd = ["git", *_CONFIG, *(("-C", str(cwd)) if cwd is not None else ()), *args]
    try:
        return subprocess.run(
            cmd,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
            env=env,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise FetchError(f"git gaf na {int(TIMEOUT)} s nog geen antwoord") from None
    except OSError as exc:
        raise FetchError(f"git is niet te gebruiken: {visible(str(exc))}") from None


def _why(done: subprocess.CompletedProcess[bytes]) -> str:
    """What git said went wrong (its first `fatal:` or `error:` line, else its first line),
    as one visible line: it may quote the remote."""
    lines = [x.strip() for x in done.stderr.decode("utf-8", "replace").splitlines() if x.strip()]
    said = [x for x in lines if x.startswith(("fatal:", "error:"))] or lines
    first = said[0] if said else f"git stopte met code {done.returncode}"
    return visible(first[:300])


def fetch(url: str, ref: str | None, dest: Path) -> str:
    """The newest commit of `ref` (or the default branch) of `url`, checked out in `dest`;
    returns its full commit id.

    Raises:
        FetchError: `dest` exists but is not a cache folder of wijkcli, or git fails.
    """
    if dest.is_symlink() or (dest.exists() and not (dest / ".git" / MARK).is_file()):
        raise FetchError(
            f"de map {visible(str(dest))} bestaat al en is niet door wijk stad gemaakt; "
            "wijk stad gebruikt hem niet (verwijder hem, of kies een andere --cache)"
        )
    if not dest.exists():
        try:
            dest.mkdir(parents=True)
        except OSError as exc:
            raise FetchError(f"de map kan niet worden gemaakt: {visible(str(exc))}") from None
        done = _git("init", "--quiet", "--template=", "--", str(dest))
        if done.returncode != 0:
            raise FetchError(f"git init mislukte: {_why(done)}")
        try:
            (dest / ".git" / MARK).write_text("gemaakt door wijk stad\n", encoding="utf-8")
        except OSError as exc:
            raise FetchError(f"de map kan niet worden gemaakt: {visible(str(exc))}") from None
    done = _git(
        "fetch",
        "--quiet",
        "--depth",
        "1",
        "--no-tags",
        "--no-recurse-submodules",
        "--",
        url,
        ref or "HEAD",
        cwd=dest,
    )
    if done.returncode != 0:
        raise FetchError(f"ophalen met git mislukte: {_why(done)}")
    done = _git("checkout", "--quiet", "--force", "--detach", "FETCH_HEAD", cwd=dest)
    if done.returncode != 0:
        raise FetchError(f"uitpakken met git mislukte: {_why(done)}")
    done = _git("rev-parse", "--verify", "HEAD", cwd=dest)
    commit = done.stdout.decode("ascii", "replace").strip()
    if done.returncode != 0 or not commit:
        raise FetchError(f"git kent de opgehaalde versie niet: {_why(done)}")
    return commit
