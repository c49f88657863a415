"""`wijk check` with and without its cache, this checkout next to another commit: CPU-time
medians of interleaved runs (for a machine shared with other work).

    uv run python benchmarks/bench_cache.py [--vergelijk REV] [--repeat 7] [--stad MAP]

Example data (data/) and a generated city (benchmarks/generate_city.py, made in --stad when it
is missing): cold (the cache removed before each run), warm, warm after editing one file (city),
`--geen-cache`; yamllint on the example; `wijk --help`; `python -c pass`. The other commit's
`src/` is unpacked with `git archive` into a temporary folder and run with this virtualenv
(PYTHONPATH), each on its own copy of the data. Each figure: the median and the least CPU time
(user + system, from os.wait4) of N runs, the median wall time and the peak resident memory.
Commands run in turn (A B C A B C …) so that other load hits them alike; bytecode is compiled
(PYTHONDONTWRITEBYTECODE removed; one untimed run of each first). Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
YAMLLINT = str(Path(PY).parent / "yamllint")
YAMLLINT_CONFIG = "{extends: default, rules: {document-start: disable, line-length: {max: 120}}}"
ENV = {
    k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "WIJK_GEEN_CACHE")
}

Spec = tuple[list[str], dict[str, str], Callable[[], None] | None]


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**ENV, **env}
    )
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, time.perf_counter() - start


def wijk(repo: Path, *before: str) -> list[str]:
    return [PY, "-m", "wijkcli", *before, "check", "--data", str(repo), "--format", "parsable"]


def drop(repo: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(repo / ".wijkcli-cache", ignore_errors=True)


def edit(repo: Path) -> Callable[[], None]:
    target = Path(sorted(glob.glob(f"{repo}/data/rondes/*/aanvragen/*.yaml"))[0])
    original = target.read_bytes()
    count = [0]

    def change() -> None:
        count[0] += 1
        target.write_bytes(original + f"# bewerking {count[0]} {time.time_ns()}\n".encode())

    return change


def run(spec: dict[str, Spec], repeat: int) -> None:
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in spec}
    for cmd, env, before in spec.values():
        if before:
            before()
        once(cmd, env)
    for _ in range(repeat):
        for name, (cmd, env, before) in spec.items():
            if before:
                before()
            runs[name].append(once(cmd, env))
    print("| run | CPU median | CPU least | wall median | peak memory |")
    print("|---|---|---|---|---|")
    for name, rs in runs.items():
        cpu = statistics.median(r[0] for r in rs)
        wall = statistics.median(r[2] for r in rs)
        print(f"| {name} | {cpu:.3f} s | {min(r[0] for r in rs):.3f} s | {wall:.2f} s | "
              f"{max(r[1] for r in rs):.0f} MB |")  # fmt: skip
    print(f"\nload average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--vergelijk", default="main", help="the other commit (default main)")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--stad", type=Path, default=HERE / "out" / "cache-stad")
    args = ap.parse_args()
    here = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    if not (args.stad / "data").is_dir():
        # In a process of its own: a child's peak memory (ru_maxrss) starts at what its
        # parent held when it forked, so this script stays small.
        args.stad.mkdir(parents=True, exist_ok=True)
        subprocess.run([PY, str(HERE / "generate_city.py"), str(args.stad)], check=True)
    with tempfile.TemporaryDirectory(prefix="wijk-bench-") as tmp:
        work = Path(tmp)
        other = work / "other"
        other.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", args.vergelijk, "src"],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(other)], input=archive, check=True)
        theirs = {"PYTHONPATH": str(other / "src"), "XDG_CACHE_HOME": str(work / "xdg")}
        ours = {"XDG_CACHE_HOME": str(work / "xdg")}
        sides = {f"{here} (hier)": ours, f"{args.vergelijk}": theirs}
        example: dict[str, Spec] = {}
        city: dict[str, Spec] = {}
        for i, (name, env) in enumerate(sides.items()):
            ex = work / f"voorbeeld-{i}"
            shutil.copytree(REPO / "data", ex / "data")
            st = work / f"stad-{i}"
            shutil.copytree(args.stad / "data", st / "data")
            example[f"{name}: voorbeeld, warm"] = (wijk(ex), env, None)
            example[f"{name}: voorbeeld, koud"] = (wijk(ex), env, drop(ex))
            example[f"{name}: voorbeeld, --geen-cache"] = (wijk(ex, "--geen-cache"), env, None)
            example[f"{name}: wijk --help"] = ([PY, "-m", "wijkcli", "--help"], env, None)
            city[f"{name}: stad, koud"] = (wijk(st), env, drop(st))
            city[f"{name}: stad, warm"] = (wijk(st), env, None)
            city[f"{name}: stad, warm na één bewerkt bestand"] = (wijk(st), env, edit(st))
            city[f"{name}: stad, --geen-cache"] = (wijk(st, "--geen-cache"), env, None)
        yl = [YAMLLINT, "-f", "parsable", "-d", YAMLLINT_CONFIG, str(REPO / "data")]
        example["yamllint: voorbeeld"] = (yl, {}, None)
        example["python -c pass"] = ([PY, "-c", "pass"], {}, None)
        run(example, args.repeat)
        print()
        run(city, max(1, args.repeat // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
