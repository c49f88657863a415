"""Start-up of `wijk` (#32 item 2): CPU time (user+sys, this process's children as os.wait4
reports them) of `wijk --help`, a warm `wijk check` and `wijk advies ronde-2017-2` (md on
stdout; also with `--geen-cache`: the letter made from the data, not taken from the cache of
letters) on the example, interleaved with `yamllint data` and `python -c pass`, median of N
rounds; and the top of `python -X importtime` for each command. It prints the commit of each
checkout and the load average before and after the timed rounds.

    uv run python benchmarks/bench_startup.py [--rounds 9] [--other PATH] [--importtime]

`--other PATH`: the same commands from another checkout with its own `.venv` (for example an
older commit: `git worktree add /tmp/before 3d9c2fc && (cd /tmp/before && uv sync)`), in the
same interleaved run, so the two columns are comparable on a shared machine. Bytecode caches
are written as on a user's machine (PYTHONDONTWRITEBYTECODE is unset for the children), and
every command runs once before timing (the cache of `.wijkcli-cache/` is then warm).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def commands(root: Path) -> dict[str, list[str]]:
    bin_ = root / ".venv" / "bin"
    return {
        "wijk --help": [str(bin_ / "wijk"), "--help"],
        "wijk check (warm)": [str(bin_ / "wijk"), "check"],
        "wijk advies ronde-2017-2": [str(bin_ / "wijk"), "advies", "ronde-2017-2"],
        # the same letter made from the data every time (the cache of letters, #32, is off)
        "wijk --geen-cache advies ronde-2017-2": [
            str(bin_ / "wijk"), "--geen-cache", "advies", "ronde-2017-2"
        ],
    }  # fmt: skip


def cpu(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """CPU seconds (user+sys) of one run, its own children included."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.chdir(cwd)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        os.execve(argv[0], argv, env)
    _, _, usage = os.wait4(pid, 0)
    return usage.ru_utime + usage.ru_stime


def importtime(argv: list[str], cwd: Path, env: dict[str, str], top: int = 10) -> list[str]:
    """The `top` largest cumulative imports (at most one level deep) of one run, as
    `-X importtime` prints them (microseconds: self | cumulative | module)."""
    python = str(Path(argv[0]).parent / "python")
    proc = subprocess.run(
        [python, "-X", "importtime", "-m", "wijkcli", *argv[1:]],
        cwd=cwd, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    rows = [  # the imports made at the top level or one below it: who pays
        line
        for line in proc.stderr.splitlines()
        if line.startswith("import time:")
        and "cumulative" not in line
        and len(line.split("|")[2]) - len(line.split("|")[2].lstrip()) <= 3
    ]
    rows.sort(key=lambda line: -int(line.split("|")[1]))
    return rows[:top]


def commit(root: Path) -> str:
    """The commit checked out at `root` (and whether files differ from it), or 'no git'."""
    git = ["git", "-C", str(root)]
    head = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if head.returncode != 0:
        return f"no git ({root})"
    dirty = subprocess.run([*git, "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True).stdout.strip()  # fmt: skip
    return head.stdout.strip() + (" with uncommitted changes" if dirty else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--other", type=Path, help="another checkout with its own .venv")
    parser.add_argument("--importtime", action="store_true", help="also -X importtime tops")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",
                                                            "WIJK_GEEN_CACHE")}  # fmt: skip
    python = str(REPO / ".venv" / "bin" / "python")
    runs: dict[str, tuple[list[str], Path]] = {"python -c pass": ([python, "-c", "pass"], REPO)}
    roots = {"": REPO} | ({"other: ": args.other.resolve()} if args.other else {})
    for prefix, root in roots.items():
        for label, argv in commands(root).items():
            runs[prefix + label] = (argv, root)
    runs["yamllint data"] = ([str(REPO / ".venv" / "bin" / "yamllint"), "data"], REPO)
    for argv, cwd in runs.values():  # warm: bytecode, the cache of .wijkcli-cache/
        cpu(argv, cwd, env)
    load_before = os.getloadavg()[0]
    times: dict[str, list[float]] = {label: [] for label in runs}
    for _ in range(args.rounds):
        for label, (argv, cwd) in runs.items():
            times[label].append(cpu(argv, cwd, env))
    yamllint = statistics.median(times["yamllint data"])
    print(f"commit {commit(REPO)}" + (f", other {commit(args.other)}" if args.other else ""))
    print(
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"{args.rounds} rounds, CPU user+sys"
    )
    print("| run | median s | min s | / yamllint |")
    print("|---|---|---|---|")
    for label, values in times.items():
        median = statistics.median(values)
        print(f"| `{label}` | {median:.3f} | {min(values):.3f} | {median / yamllint:.2f}× |")
    if args.importtime:
        for prefix, root in roots.items():
            for label, argv in commands(root).items():
                print(f"\n{prefix}{label}: python -X importtime, largest cumulative")
                for line in importtime(argv, root, env):
                    print("    " + line)


if __name__ == "__main__":
    main()
