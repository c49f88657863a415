"""Time `wijk check` (and `wijk advies`): on the example data next to yamllint, and on a city
of files with and without its cache at three sizes, with the targets of issue 32.

    uv run python benchmarks/bench_check.py [--repeat 5] [--schaal 1,2,4] [--full] [--readme]

In one run:

- on the example data (data/): `wijk check` with a warm cache, without a cache
  (`--geen-cache`), `wijk advies ronde-2017-2` (warm) and `yamllint` on the same folder, the
  runs interleaved;
- on the generated city (benchmarks/generate_city.py: 9 gebieden x 10 years x 4 rounds x 30
  applications, about 11,300 files, in benchmarks/out/), each round of runs in turn: cold (an
  empty cache, which is then filled), warm (nothing changed), warm after editing one file (a
  comment line added to one application), and without a cache;
- the same at x2 and x4 (20 and 40 years; `--schaal`), with a least-squares line through the
  three sizes for each kind of run (time and peak memory per 1,000 files) and how far the
  middle size lies from it;
- `wijk check` on the city with 1,000 injected faults (and whether all of them are reported);
- `wijk --help` start-up time, of this checkout and of another commit (`--vergelijk REV`: a
  temporary `git worktree`, run with this virtualenv, removed afterwards);
- Equal Shares + Add1 against pabutools on every shared pabulib file (../shared/pabulib;
  benchmarks/bench_pb.py's measurements; `--zonder-pb` skips it), and in the end one table of
  every target of issue 32 with what this run measured;
- with `--full`: yamllint and check-jsonschema on the city, and how `wijk check` grows from 1
  to 9 gebieden and from 1 to 10 years.

Each figure is the median CPU time (user + system, the process and its children, from
os.wait4) of N runs, with the least CPU time, the median wall-clock time and the peak resident
memory (the largest of the N). Every program runs with its bytecode compiled
(PYTHONDONTWRITEBYTECODE is removed from the environment and each command runs once before it
is timed), as installed programs do. The full pb table (every rule, parsing) is
benchmarks/bench_pb.py's. `--readme` writes the tables into benchmarks/README.md between its
markers (`<!-- bench-check:begin -->`, at the end). Other processes on the machine slow the
wall-clock figures down; the CPU figures are steadier; the load average is printed with the
results.
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
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
SCHEMAS = REPO / "schema"

ENV = {
    k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "WIJK_GEEN_CACHE")
}


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
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env={**ENV, **(env or {})}
    )
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, output
    )


def best(
    cmd: list[str],
    repeat: int,
    env: dict[str, str] | None = None,
    before: Callable[[], None] | None = None,
) -> Run:
    """The fastest of `repeat` runs of `cmd` (`before` runs before each, untimed)."""
    runs = []
    for _ in range(repeat):
        if before is not None:
            before()
        runs.append(run_once(cmd, env))
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
        # In a process of its own: a child's peak memory (wait4) starts at what its parent
        # held when it was started, and generating a city takes hundreds of MB.
        options = [f"--{k}={v}" for k, v in kwargs.items()]
        subprocess.run(
            [sys.executable, str(HERE / "generate_city.py"), str(root), *options],
            check=True, stdout=subprocess.DEVNULL, env=ENV,
        )  # fmt: skip
        stamp.write_text(params)
    return root


def count_files(root: Path) -> int:
    return sum(1 for _ in (root / "data").rglob("*.yaml"))


def wijk(root: Path, *root_options: str) -> list[str]:
    return [str(BIN / "wijk"), *root_options, "check", "--data", str(root), "--format", "parsable"]


def yamllint(folder: Path) -> list[str]:
    return [str(BIN / "yamllint"), "-f", "parsable", "-d", YAMLLINT_CONFIG, str(folder)]


def drop_cache(root: Path) -> None:
    shutil.rmtree(root / ".wijkcli-cache", ignore_errors=True)


def interleaved(cmds: dict[str, list[str]], repeat: int) -> dict[str, Run]:
    """Best of `repeat` for each command, run in turn (A B C A B C …) so load hits them alike."""
    runs: dict[str, list[Run]] = {name: [] for name in cmds}
    for cmd in cmds.values():
        run_once(cmd)  # compile bytecode, fill caches
    for _ in range(repeat):
        for name, cmd in cmds.items():
            runs[name].append(run_once(cmd))
    out = {}
    for name, rs in runs.items():
        fastest = min(rs, key=lambda r: r.cpu)
        fastest.median = statistics.median(r.cpu for r in rs)
        out[name] = fastest
    return out


def help_at(rev: str) -> Path:
    """A temporary worktree of `rev` (its src/ is put first on PYTHONPATH)."""
    folder = Path(tempfile.mkdtemp(prefix="wijk-bench-")) / "wt"
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(folder), rev],
        check=True,
    )
    return folder


def remove_worktree(folder: Path) -> None:
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "remove", "--force", str(folder)], check=False
    )
    shutil.rmtree(folder.parent, ignore_errors=True)


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


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def edit_one(root: Path) -> Callable[[], None]:
    """A `before` hook: give one application new bytes (a comment line) before every run."""
    target = sorted((root / "data" / "rondes").glob("*/aanvragen/*.yaml"))[0]
    original = target.read_bytes()
    count = [0]

    def edit() -> None:
        count[0] += 1
        target.write_bytes(original + f"# bewerking {count[0]} {time.time_ns()}\n".encode())

    edit.restore = lambda: target.write_bytes(original)  # type: ignore[attr-defined]
    return edit


CITY_RUNS = (
    ("koud", "koud: lege cache (die hierbij gevuld wordt)"),
    ("warm", "warm: niets veranderd"),
    ("bewerkt", "warm, na het bewerken van één bestand"),
    ("geen", "zonder cache (`--geen-cache`)"),
)
CITY_SHORT = (
    ("koud", "koud"),
    ("warm", "warm"),
    ("bewerkt", "één bewerkt"),
    ("geen", "zonder cache"),
)


def city_runs(root: Path, repeat: int) -> dict[str, Run]:
    """`repeat` rounds of: cold, warm, warm after one edit, without a cache; per kind the run
    with the least CPU, carrying the median CPU (`median`), the median wall time (`wall`) and
    the largest peak memory of the rounds."""
    edit = edit_one(root)
    run_once(wijk(root))  # bytecode
    runs: dict[str, list[Run]] = {k: [] for k, _ in CITY_RUNS}
    try:
        for _ in range(repeat):
            drop_cache(root)
            runs["koud"].append(run_once(wijk(root)))
            time.sleep(2.1)  # what the cold run wrote is older than the stat key's 2 s
            runs["warm"].append(run_once(wijk(root)))
            edit()
            runs["bewerkt"].append(run_once(wijk(root)))
            runs["geen"].append(run_once(wijk(root, "--geen-cache")))
    finally:
        edit.restore()  # type: ignore[attr-defined]
    out = {}
    for name, rs in runs.items():
        least = min(rs, key=lambda r: r.cpu)
        out[name] = Run(
            statistics.median(r.wall for r in rs),
            least.cpu,
            max(r.rss_mb for r in rs),
            max(r.code for r in rs),
            least.output,
            statistics.median(r.cpu for r in rs),
        )
    return out


def fit(xs: list[int], ys: list[float]) -> tuple[float, float, float]:
    """The least-squares line y = a·x + b through the points: (a, b, the largest distance of
    a point from the line as a share of that point)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    a = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    b = my - a * mx
    worst = max(abs(y - (a * x + b)) / y for x, y in zip(xs, ys, strict=True) if y)
    return a, b, worst


PB_GOAL = 20.0
"""ES+Add1 in-process rule time at least this many times faster than pabutools' (#32)."""


def pb_goal(say: Callable[..., None], repeat: int) -> list[tuple[str, str, bool]]:
    """ES+Add1 (`equalshares-add1`) against pabutools' `method_of_equal_shares` with Add1 on
    every shared pabulib file pabutools is run on (benchmarks/bench_pb.py: each measurement in
    a fresh process, in-process rule time, `repeat` times interleaved, medians); the goal row
    for the files on which pabutools needs more than a second."""
    sys.path.insert(0, str(HERE))
    import bench_pb

    names = sorted(
        (p.name for p in bench_pb.SHARED.glob("*.pb") if p.name not in bench_pb.NO_PABUTOOLS),
        key=lambda n: (bench_pb.SHARED / n).stat().st_size,
    )
    if not names:
        say(f"pb: geen gedeelde pabulib-bestanden in {bench_pb.SHARED}; overgeslagen.")
        say()
        return []
    say(
        f"pb: Equal Shares + Add1, wijk tegen pabutools (rekentijd van de regel in het proces, "
        f"mediaan van {repeat}, om en om; geheugen: het grootste van het hele proces):"
    )
    say()
    say("| bestand | wijk ES+Add1 | pabutools ES+Add1 | sneller | piekgeheugen wijk / pabutools |")
    say("|---|---|---|---|---|")
    slow: list[tuple[float, str]] = []
    for name in names:
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        for _ in range(repeat):
            one = bench_pb._once(name, "ours", 600.0)
            other = bench_pb._once(name, "pabutools", 600.0)
            if one is None or other is None:
                break
            ours.append(one)
            theirs.append(other)
        if not ours:
            say(f"| {name} | over 600 s | | | |")
            continue
        mine = statistics.median(r["equalshares-add1"] for r in ours)
        pab = statistics.median(r["es-add1"] for r in theirs)
        ratio = pab / mine if mine else float("inf")
        if pab > 1.0:
            slow.append((ratio, name))
        say(
            f"| {name} | {mine:.3f} s | {pab:.3f} s | {ratio:.1f}× | "
            f"{max(r['maxrss_mb'] for r in ours):.0f} / {max(r['maxrss_mb'] for r in theirs):.0f} MB |"
        )
    say()
    if not slow:
        return []
    worst, name = min(slow)
    return [
        (
            f"pb: ES+Add1 ≥ {PB_GOAL:.0f}× pabutools op elk bestand waar pabutools > 1 s nodig "
            f"heeft ({len(slow)})",
            f"laagste {worst:.1f}× ({name})",
            worst >= PB_GOAL,
        )
    ]


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--repeat", type=int, default=5, help="runs per figure (the best counts)")
    ap.add_argument(
        "--full",
        action="store_true",
        help="also yamllint/check-jsonschema on the city and the growth series",
    )
    ap.add_argument(
        "--vergelijk", default="0c3eea9", help="commit whose `wijk --help` to time alongside"
    )
    ap.add_argument(
        "--readme", action="store_true", help="write the tables into benchmarks/README.md"
    )
    ap.add_argument(
        "--zonder-pb",
        action="store_true",
        help="skip ES+Add1 against pabutools on the shared pabulib files (a few minutes)",
    )
    ap.add_argument("--pb-repeat", type=int, default=3, help="pb runs per side (interleaved)")
    ap.add_argument("--schaal", default="1,2,4", help="city sizes (multiples of 10 years)")
    ap.add_argument("--schaal-repeat", type=int, default=3, help="runs per figure at x2, x4")
    args = ap.parse_args()
    repeat = args.repeat
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    say(
        f"Commit {commit}{' (met wijzigingen)' if dirty else ''}; "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores; "
        f"load bij de start {load()}."
    )
    say()

    # --- the example data ---------------------------------------------------------------------
    example = OUT / "voorbeeld"
    if example.exists():
        shutil.rmtree(example)
    shutil.copytree(REPO / "data", example / "data")
    n_example = sum(1 for _ in (example / "data").rglob("*.yaml"))
    ex = interleaved(
        {
            "warm": wijk(example),
            "geen": wijk(example, "--geen-cache"),
            "advies": [str(BIN / "wijk"), "advies", "ronde-2017-2", "--data", str(example)],
            "yamllint": yamllint(example / "data"),
        },
        max(repeat, 10),
    )
    say(f"Voorbeeld (data/, {n_example} bestanden), beste van {max(repeat, 10)} op CPU, om en om:")
    say()
    say("| wat | wall | CPU (user+sys; mediaan) | piekgeheugen | uitkomst |")
    say("|---|---|---|---|---|")
    for name, label in (
        ("warm", "`wijk check`, warme cache"),
        ("geen", "`wijk --geen-cache check`"),
        ("advies", "`wijk advies ronde-2017-2`, warme cache"),
        ("yamllint", "`yamllint` (alleen syntax en stijl)"),
    ):
        r = ex[name]
        say(
            f"| {label} | {r.wall:.2f} s | {r.cpu:.2f} s ({r.median:.2f} s) | {r.rss_mb:.0f} MB | exit {r.code}, {lines_of(r)} regels uitvoer |"
        )
    say()
    say(
        f"CPU van `wijk check` (warm) / yamllint: {ex['warm'].cpu / ex['yamllint'].cpu:.2f}x "
        f"(mediaan {ex['warm'].median / ex['yamllint'].median:.2f}x); `wijk advies` / yamllint "
        f"{ex['advies'].cpu / ex['yamllint'].cpu:.2f}x "
        f"(mediaan {ex['advies'].median / ex['yamllint'].median:.2f}x)."
    )
    say()

    # --- the city, at one, two and four times its size ---------------------------------------
    scales = [int(x) for x in args.schaal.split(",")]
    rows: list[tuple[int, int, dict[str, Run]]] = []
    for factor in scales:
        root = tree(
            "city" if factor == 1 else f"city-x{factor}",
            gebieden=9, jaren=10 * factor, rondes=4, aanvragen=30,
        )  # fmt: skip
        reps = repeat if factor == 1 else max(1, args.schaal_repeat)
        rows.append((factor, count_files(root), city_runs(root, reps)))
    city = OUT / "city"
    factor, n, runs = rows[0]
    say(
        f"Stad: 9 gebieden x 10 jaar x 4 rondes x 30 aanvragen = {n} bestanden "
        f"({sum(p.stat().st_size for p in (OUT / 'city' / 'data').rglob('*.yaml')) / 1e6:.0f} MB), "
        f"mediaan van {repeat} rondes (koud, warm, één bewerking, zonder cache om en om):"
    )
    say()
    say(
        "| `wijk check` op de stad | CPU mediaan (minst) | wall mediaan | piekgeheugen | uitkomst |"
    )
    say("|---|---|---|---|---|")
    for name, label in CITY_RUNS:
        r = runs[name]
        say(
            f"| {label} | {r.median:.2f} s ({r.cpu:.2f} s) | {r.wall:.2f} s | {r.rss_mb:.0f} MB "
            f"| exit {r.code}, {lines_of(r)} regels |"
        )
    say()
    ratio_cold = runs["koud"].median / runs["geen"].median
    ex_ratio = ex["warm"].median / ex["yamllint"].median
    adv_ratio = ex["advies"].median / ex["yamllint"].median
    goals = [
        ("voorbeeld: warm `wijk check` ≤ 0,5× yamllint", f"{ex_ratio:.2f}×", ex_ratio <= 0.5),
        ("voorbeeld: `wijk advies` ≤ 0,6× yamllint", f"{adv_ratio:.2f}×", adv_ratio <= 0.6),
        ("stad koud ≤ 1,1× `--geen-cache`", f"{ratio_cold:.2f}×", ratio_cold <= 1.1),
        ("stad warm, niets veranderd ≤ 0,5 s", f"{runs['warm'].median:.2f} s", runs["warm"].median <= 0.5),
        ("stad warm na één bewerkt bestand ≤ 1,0 s", f"{runs['bewerkt'].median:.2f} s", runs["bewerkt"].median <= 1.0),
    ]  # fmt: skip
    if len(rows) > 1:
        say(
            f"Schaal (mediaan CPU en piekgeheugen; ×1 {repeat} rondes, de andere "
            f"{max(1, args.schaal_repeat)}):"
        )
        say()
        say("| schaal | bestanden | " + " | ".join(label for _, label in CITY_SHORT) + " |")
        say("|---|---|" + "---|" * len(CITY_SHORT))
        for factor, n, runs_ in rows:
            cells = [f"{runs_[k].median:.2f} s, {runs_[k].rss_mb:.0f} MB" for k, _ in CITY_SHORT]
            say(f"| ×{factor} | {n} | " + " | ".join(cells) + " |")
        say()
        say(
            "Rechte lijn door de drie groottes (kleinste kwadraten; helling per 1.000 bestanden; "
            "afwijking: het grootste verschil van een gemeten punt met de lijn, als deel van "
            "dat punt):"
        )
        say()
        say("| run | CPU: helling, begin | afwijking | geheugen: helling, begin | afwijking |")
        say("|---|---|---|---|---|")
        xs = [n for _, n, _ in rows]
        for k, label in CITY_SHORT:
            cpu = fit(xs, [r[k].median for _, _, r in rows])
            mem = fit(xs, [r[k].rss_mb for _, _, r in rows])
            say(
                f"| {label} | {cpu[0] * 1000:.3f} s, {cpu[1]:.2f} s | {cpu[2]:.0%} "
                f"| {mem[0] * 1000:.1f} MB, {mem[1]:.0f} MB | {mem[2]:.0%} |"
            )
        say()

    faulty = tree("city-faults", gebieden=9, jaren=10, rondes=4, aanvragen=30, faults=1000)
    faults = json.loads((faulty / "faults.json").read_text(encoding="utf-8"))
    fr = best([*wijk(faulty)[:-1], "json"], 1, before=lambda: drop_cache(faulty))
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
        f"Met 1.000 ingevoegde fouten (één run, koude cache): `wijk check` {fmt(fr).replace(' | ', ', ')}; "
        f"{len(reported)} meldingen, {len(faults) - len(missing)} van {len(faults)} fouten gemeld "
        f"op de juiste plek{'' if not missing else ' (MIST: ' + str(missing[:3]) + ')'}."
    )
    say()

    # --- start-up ----------------------------------------------------------------------------
    other = help_at(args.vergelijk)
    try:
        helps = interleaved(
            {
                "hier": [sys.executable, "-m", "wijkcli", "--help"],
                "daar": [
                    "env",
                    f"PYTHONPATH={other / 'src'}",
                    sys.executable,
                    "-m",
                    "wijkcli",
                    "--help",
                ],
            },
            20,
        )
    finally:
        remove_worktree(other)
    say(
        f"`wijk --help` (20 om en om; beste op CPU, mediaan {helps['hier'].median:.3f} s): "
        f"deze commit {helps['hier'].wall:.3f} s wall, {helps['hier'].cpu:.3f} s CPU, {helps['hier'].rss_mb:.0f} MB; {args.vergelijk} "
        f"{helps['daar'].wall:.3f} s wall, {helps['daar'].cpu:.3f} s CPU, {helps['daar'].rss_mb:.0f} MB."
    )
    say()

    if args.full:
        say("Groei zonder cache (beste van 3, wall / CPU):")
        say()
        say(
            "| gebieden (10 jaar) | bestanden | wall | CPU | | jaren (9 gebieden) | bestanden | wall | CPU |"
        )
        say("|---|---|---|---|---|---|---|---|---|")
        by_gebied = []
        for g in (1, 3, 5, 7, 9):
            root = city if g == 9 else tree(f"g{g}", gebieden=g, jaren=10, rondes=4, aanvragen=30)
            by_gebied.append((g, count_files(root), best(wijk(root, "--geen-cache"), 3)))
        by_year = []
        for y_ in (1, 4, 7, 10):
            root = (
                city if y_ == 10 else tree(f"j{y_}", gebieden=9, jaren=y_, rondes=4, aanvragen=30)
            )
            by_year.append((y_, count_files(root), best(wijk(root, "--geen-cache"), 3)))
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

    help_cpu = helps["hier"].median
    goals.append(("`wijk --help` ≤ 0,09 s", f"{help_cpu:.3f} s", help_cpu <= 0.09))
    if not args.zonder_pb:
        goals.extend(pb_goal(say, args.pb_repeat))
    say("Doelen van issue 32 (CPU-mediaan; de pb-tabel: benchmarks/bench_pb.py):")
    say()
    say("| doel | gemeten | gehaald |")
    say("|---|---|---|")
    for goal, got, ok in goals:
        say(f"| {goal} | {got} | {'ja' if ok else '**nee**'} |")
    say()
    say(f"Load aan het eind: {load()}.")

    if args.readme:
        readme = HERE / "README.md"
        text = readme.read_text(encoding="utf-8") if readme.exists() else ""
        begin, end = "<!-- bench-check:begin -->", "<!-- bench-check:end -->"
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
