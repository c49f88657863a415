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


def export_data_at(data_dir: Path, ref: str, dest: Path) -> Path:
    """Write the data folder as it was at git `ref` into `dest`; returns the copy's data folder.

    Raises:
        WijkcliError: not a git repository, or `ref` unknown there.
    """
    import io
    import tarfile

    from wijkcli.problems import WijkcliError

    def git(*args: str) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(
                ["git", "-C", str(data_dir), *args], capture_output=True, timeout=60, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise WijkcliError(f"git is niet te gebruiken: {exc}") from None

    prefix = git("rev-parse", "--show-prefix")
    if prefix.returncode != 0:
        raise WijkcliError(f"'{data_dir}' staat niet in een git-repository")
    rel = prefix.stdout.decode().strip().rstrip("/") or "."
    if git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise WijkcliError(f"git kent '{ref}' niet (een commit, tak of tag)")
    archive = git("archive", "--format=tar", ref, "--", ".")
    if archive.returncode != 0:
        raise WijkcliError(f"'{rel}' bestond nog niet in {ref}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(dest / "data", filter="data")
    return dest / "data"
