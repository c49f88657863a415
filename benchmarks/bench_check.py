"""Time `wijk check` on a city of files, side by side with yamllint and check-jsonschema.

    uv run python benchmarks/bench_check.py [--repeat 5] [--quick] [--readme]

In one run, on the same generated tree (benchmarks/generate_city.py: 9 gebieden x 10 years x
4 rounds x 30 applications, about 11,300 files, in benchmarks/out/):

- `wijk check` (full semantic validation), through the installed entry point in a subprocess;
- `yamllint` on the same tree (syntax and style only);
- `check-jsonschema` with the schemas in schema/ (structure only), one run per file kind,
  summed;
- how `wijk check` grows from 1 to 9 gebieden and from 1 to 10 years;
- `wijk check` on the city with 1,000 injected faults (and whether all of them are reported);
- `wijk --help` start-up time.

Each figure is the best wall-clock time of N runs, with the CPU time (user + system, the
process and its children) and the peak resident memory (largest process) of that run, taken
from the kernel with os.wait4. `--readme` writes the tables into benchmarks/README.md between
its markers. Other processes on the machine slow the wall-clock figures down; the CPU figures
are steadier.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
SCHEMAS = REPO / "schema"

sys.path.insert(0, str(HERE))
from generate_city import generate  # noqa: E402

YAMLLINT_CONFIG = "{extends: default, rules: {document-start: disable, line-length: {max: 120}}}"
KIND_GLOBS = {
    "gebied": "gebieden/*/gebied.yaml",
    "leden": "gebieden/*/leden.yaml",
    "wijkplan": "gebieden/*/wijkplan-*.yaml",
    "ronde": "rondes/*/ronde.yaml",
    "aanvraag": "rondes/*/aanvragen/*.yaml",
    "vergadering": "rondes/*/vergadering-*.yaml",
}


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mb: float
    code: int
    output: bytes = b""
    median: float = 0.0
    """Median wall time of the runs this one is the best of (machine noise shows here)."""


def run_once(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run `cmd`; wall time, CPU time (user+sys incl. children) and peak RSS via wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})}
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, output
    )


def best(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> Run:
    runs = [run_once(cmd, env) for _ in range(repeat)]
    fastest = min(runs, key=lambda r: r.wall)
    fastest.median = statistics.median(r.wall for r in runs)
    return fastest


def best_of_many(cmds: list[list[str]], repeat: int) -> Run:
    """Several commands run one after the other count as one tool run: times add up."""
    totals = []
    for _ in range(repeat):
        runs = [run_once(c) for c in cmds]
        totals.append(
            Run(
                sum(r.wall for r in runs),
                sum(r.cpu for r in runs),
                max(r.rss_mb for r in runs),
                max(r.code for r in runs),
                b"".join(r.output for r in runs),
            )
        )
    return min(totals, key=lambda r: r.wall)


def tree(name: str, **kwargs: int) -> Path:
    """A generated tree under benchmarks/out/ (made once, reused while its parameters hold)."""
    root = OUT / name
    stamp = root / "params.json"
    params = json.dumps(kwargs, sort_keys=True)
    if not (stamp.exists() and stamp.read_text() == params):
        if root.exists():
            shutil.rmtree(root)
        root.mkdir(parents=True)
        generate(root, **kwargs)
        stamp.write_text(params)
    return root


def count_files(root: Path) -> int:
    return sum(1 for _ in (root / "data").rglob("*.yaml"))


def wijk(root: Path) -> list[str]:
    return [str(BIN / "wijk"), "check", "--data", str(root), "--format", "parsable"]


def jsonschema_cmds(root: Path) -> list[list[str]]:
    cmds = []
    for kind, pattern in KIND_GLOBS.items():
        files = sorted(str(p) for p in (root / "data").glob(pattern))
        if files:
            cmds.append(
                [
                    str(BIN / "check-jsonschema"),
                    "--schemafile",
                    str(SCHEMAS / f"{kind}.schema.json"),
                    *files,
                ]
            )
    return cmds


def lines_of(run: Run) -> int:
    return run.output.count(b"\n")


def fmt(run: Run) -> str:
    median = f" (mediaan {run.median:.2f} s)" if run.median else ""
    return f"{run.wall:.2f} s{median} | {run.cpu:.2f} s | {run.rss_mb:.0f} MB"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=5, help="runs per figure (the best counts)")
    ap.add_argument("--quick", action="store_true", help="fewer runs, no scaling series")
    ap.add_argument(
        "--readme", action="store_true", help="write the tables into benchmarks/README.md"
    )
    args = ap.parse_args()
    repeat = 2 if args.quick else args.repeat
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    city = tree("city", gebieden=9, jaren=10, rondes=4, aanvragen=30)
    n = count_files(city)
    say(
        f"Stad: 9 gebieden x 10 jaar x 4 rondes x 30 aanvragen = {n} bestanden "
        f"({sum(p.stat().st_size for p in (city / 'data').rglob('*.yaml')) / 1e6:.0f} MB); "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores."
    )
    say()
    say("| wat | tijd (wall, beste van N) | CPU (user+sys) | piekgeheugen | uitkomst |")
    say("|---|---|---|---|---|")
    w = best(wijk(city), repeat)
    say(
        f"| `wijk check` (alles: schema, verwijzingen, stemmen, budget, uren) | {fmt(w)} | exit {w.code}, {lines_of(w)} meldingen |"
    )
    y = best(
        [str(BIN / "yamllint"), "-f", "parsable", "-d", YAMLLINT_CONFIG, str(city / "data")],
        max(1, repeat // 2),
    )
    say(
        f"| `yamllint` (alleen syntax en stijl) | {fmt(y)} | exit {y.code}, {lines_of(y)} meldingen |"
    )
    j = best_of_many(jsonschema_cmds(city), max(1, repeat // 2))
    say(
        f"| `check-jsonschema` met schema/ (alleen structuur; 6 runs opgeteld) | {fmt(j)} | exit {j.code} |"
    )
    say()
    say(
        f"`wijk check` is {y.wall / w.wall:.1f}x zo snel als yamllint en {j.wall / w.wall:.1f}x zo snel "
        f"als check-jsonschema (CPU: {y.cpu / w.cpu:.1f}x en {j.cpu / w.cpu:.1f}x)."
    )
    say()

    faulty = tree("city-faults", gebieden=9, jaren=10, rondes=4, aanvragen=30, faults=1000)
    faults = json.loads((faulty / "faults.json").read_text(encoding="utf-8"))
    fr = best([*wijk(faulty)[:-1], "json"], max(1, repeat // 2))
    reported = json.loads(fr.output[fr.output.index(b"{") :])["problemen"]
    got = {(p["pad"], p["regel"], p["code"]) for p in reported}
    got_file = {(p["pad"], p["code"]) for p in reported}
    missing = [
        f
        for f in faults
        if (
            (f["path"], f["line"], f["code"]) not in got
            if f["line"]
            else (f["path"], f["code"]) not in got_file
        )
    ]
    say(
        f"Met 1.000 ingevoegde fouten: `wijk check` {fmt(fr).replace(' | ', ', ')}; "
        f"{len(reported)} meldingen, {len(faults) - len(missing)} van {len(faults)} fouten gemeld "
        f"op de juiste plek{'' if not missing else ' (MIST: ' + str(missing[:3]) + ')'}."
    )
    say()

    h = best([str(BIN / "wijk"), "--help"], 10)
    say(f"`wijk --help`: {h.wall:.3f} s (beste van 10), {h.rss_mb:.0f} MB.")
    say()

    if not args.quick:
        say("Groei (beste van 3, wall / CPU):")
        say()
        say(
            "| gebieden (10 jaar) | bestanden | wall | CPU | | jaren (9 gebieden) | bestanden | wall | CPU |"
        )
        say("|---|---|---|---|---|---|---|---|---|")
        by_gebied = []
        for g in (1, 3, 5, 7, 9):
            root = city if g == 9 else tree(f"g{g}", gebieden=g, jaren=10, rondes=4, aanvragen=30)
            by_gebied.append((g, count_files(root), best(wijk(root), 3)))
        by_year = []
        for y_ in (1, 4, 7, 10):
            root = (
                city if y_ == 10 else tree(f"j{y_}", gebieden=9, jaren=y_, rondes=4, aanvragen=30)
            )
            by_year.append((y_, count_files(root), best(wijk(root), 3)))
        for i in range(max(len(by_gebied), len(by_year))):
            left = (
                f"| {by_gebied[i][0]} | {by_gebied[i][1]} | {by_gebied[i][2].wall:.2f} s | {by_gebied[i][2].cpu:.2f} s |"
                if i < len(by_gebied)
                else "| | | | |"
            )
            right = (
                f" {by_year[i][0]} | {by_year[i][1]} | {by_year[i][2].wall:.2f} s | {by_year[i][2].cpu:.2f} s |"
                if i < len(by_year)
                else " | | | |"
            )
            say(left + right)
        say()
        per = [
            (r.cpu - by_gebied[0][2].cpu) / max(1, f - by_gebied[0][1]) * 1000
            for _, f, r in by_gebied[1:]
        ]
        say(
            "CPU per extra bestand (ms), van 1 naar 3/5/7/9 gebieden: "
            + ", ".join(f"{x:.3f}" for x in per)
        )
        say()

    if args.readme:
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
        block = begin + "\n" + "\n".join(lines) + "\n" + end
        if begin in text and end in text:
            text = text[: text.index(begin)] + block + text[text.index(end) + len(end) :]
        else:
            text += "\n" + block + "\n"
        readme.write_text(text, encoding="utf-8")
        print(f"geschreven: {readme}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
