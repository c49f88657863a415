"""How often one `wijk advies ronde-2017-2` looks the round up and counts a meeting (issue #26:
one lookup of the round, one count), and its CPU time next to another commit's.

    uv run python benchmarks/profile_advies.py                 # the counts (cProfile)
    uv run python benchmarks/profile_advies.py --vs b8d1bab    # CPU time, this tree vs a commit

The comparison runs `wijk check` and `wijk advies` of both trees in turn (interleaved, `--runs`
times each, without the cache) and reports the median of user+sys CPU time of the whole process.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import os
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
WATCHED = {
    ("dataset.py", "ronde"): "Dataset.ronde (lookups of a round)",
    ("dataset.py", "meeting"): "Dataset.meeting (a round and gebied resolved)",
    ("tally.py", "tally_meeting"): "count.tally.tally_meeting (meetings counted)",
    ("pipeline.py", "check_repo"): "pipeline.check_repo",
}


def counts() -> dict[str, int]:
    from wijkcli.cli.app import app

    sys.argv = ["wijk", "--geen-cache", "advies", "ronde-2017-2", "--data", str(REPO)]
    profile = cProfile.Profile()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        profile.enable()
        app(standalone_mode=False)
        profile.disable()
    found = dict.fromkeys(WATCHED.values(), 0)
    for (path, _, name), (_, ncalls, *_rest) in pstats.Stats(profile).stats.items():  # type: ignore[attr-defined]
        label = WATCHED.get((os.path.basename(path), name))
        if label is not None and "wijkcli" in path:
            found[label] += ncalls
    return found


def cpu(cmd: list[str], cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        cmd, cwd=cwd, check=False, capture_output=True, env={**os.environ, "WIJK_GEEN_CACHE": "1"}
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compare(commit: str, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        other = Path(tmp) / "other"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(other), commit], cwd=REPO, check=True
        )
        try:
            subprocess.run(["uv", "sync", "-q"], cwd=other, check=True)
            trees = {"nu": REPO, commit: other}
            for args in (["check"], ["advies", "ronde-2017-2"]):
                times: dict[str, list[float]] = {k: [] for k in trees}
                for _ in range(runs):
                    for name, tree in trees.items():
                        exe = str(tree / ".venv" / "bin" / "wijk")
                        times[name].append(cpu([exe, *args, "--data", str(REPO)], tree))
                line = ", ".join(f"{k} {statistics.median(v):.3f} s" for k, v in times.items())
                print(f"wijk {' '.join(args)}: {line} (mediaan van {runs}, CPU user+sys)")
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(other)], cwd=REPO, check=False
            )
            shutil.rmtree(other, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--vs", help="a commit to compare CPU time with")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    if args.vs:
        compare(args.vs, args.runs)
        return
    for label, n in counts().items():
        print(f"{n:4d}  {label}")


if __name__ == "__main__":
    main()
