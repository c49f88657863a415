"""The data version a document names: the git commit of the data, and whether it was dirty."""

from __future__ import annotations

import subprocess
from pathlib import Path


def data_version(data_dir: Path) -> str:
    """`a1b2c3d`, `a1b2c3d met niet-vastgelegde wijzigingen`, or a plain note outside git."""

    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(data_dir), *args],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short=12", "HEAD")
    if not commit:
        return "onbekend (geen git-repository)"
    dirty = git("status", "--porcelain", "--untracked-files=all", "--", ".")
    return f"{commit} met niet-vastgelegde wijzigingen" if dirty else commit
