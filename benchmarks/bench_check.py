"""Time `wijk check`: on the example data next to yamllint, and on a city of files with and
without its cache, side by side with yamllint and check-jsonschema.

    uv run python benchmarks/bench_check.py [--repeat 5] [--full] [--readme]

In one run:

- `wijk check` on the example data (data/) with a warm cache, and without a cache
  (`--geen-cache`), against `yamllint` on the same folder, the runs interleaved;
- on the generated tree (benchmarks/generate_city.py: 9 gebieden x 10 years x 4 rounds x 30
  applications, about 11,300 files, in benchmarks/out/), in one process: cold (an empty
  cache, which is then filled), warm, warm after editing one file, and without a cache;
- `wijk check` on the city with 1,000 injected faults (and whether all of them are reported);
- `wijk --help` start-up time, of this checkout and of another commit (`--vergelijk REV`: a
  temporary `git worktree`, run with this virtualenv, removed afterwards);
- with `--full`: yamllint and check-jsonschema on the city, and how `wijk check` grows from 1
  to 9 gebieden and from 1 to 10 years.

Each figure is the best wall-clock time of N runs, with the CPU time (user + system, the
process and its children) and the peak resident memory of that run, taken from the kernel
with os.wait4. Every program runs with its bytecode compiled (PYTHONDONTWRITEBYTECODE is
removed from the environment and each command runs once before it is timed), as installed
programs do. `--readme` writes the tables into benchmarks/README.md between its markers.
Other processes on the machine slow the wall-clock figures down; the CPU figures are steadier;
the load average is printed with the results.
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

sys.path.insert(0, str(HERE))
from generate_city import generate  # noqa: E402

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
        generate(root, **kwargs)
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
        ("yamllint", "`yamllint` (alleen syntax en stijl)"),
    ):
        r = ex[name]
        say(
            f"| {label} | {r.wall:.2f} s | {r.cpu:.2f} s ({r.median:.2f} s) | {r.rss_mb:.0f} MB | exit {r.code}, {lines_of(r)} meldingen |"
        )
    say()
    say(
        f"CPU van `wijk check` (warm) / yamllint: {ex['warm'].cpu / ex['yamllint'].cpu:.2f}x "
        f"(mediaan {ex['warm'].median / ex['yamllint'].median:.2f}x)."
    )
    say()

    # --- the city -----------------------------------------------------------------------------
    city = tree("city", gebieden=9, jaren=10, rondes=4, aanvragen=30)
    n = count_files(city)
    say(
        f"Stad: 9 gebieden x 10 jaar x 4 rondes x 30 aanvragen = {n} bestanden "
        f"({sum(p.stat().st_size for p in (city / 'data').rglob('*.yaml')) / 1e6:.0f} MB), één proces; "
        f"beste van {repeat} (wall):"
    )
    say()
    say("| `wijk check` op de stad | wall (mediaan) | CPU (user+sys) | piekgeheugen | uitkomst |")
    say("|---|---|---|---|---|")
    run_once(wijk(city))  # bytecode
    cold = best(wijk(city), repeat, before=lambda: drop_cache(city))
    say(
        f"| koud: lege cache (die hierbij gevuld wordt) | {fmt(cold)} | exit {cold.code}, {lines_of(cold)} meldingen |"
    )
    run_once(wijk(city))
    warm = best(wijk(city), repeat)
    say(f"| warm: alles in de cache | {fmt(warm)} | exit {warm.code} |")
    edit = edit_one(city)
    try:
        edited = best(wijk(city), repeat, before=edit)
    finally:
        edit.restore()  # type: ignore[attr-defined]
    say(f"| warm, na het bewerken van één bestand | {fmt(edited)} | exit {edited.code} |")
    nocache = best(wijk(city, "--geen-cache"), repeat)
    say(f"| zonder cache (`--geen-cache`) | {fmt(nocache)} | exit {nocache.code} |")
    say()
    say(
        f"Koud / warm na één bewerking: {cold.wall / edited.wall:.1f}x (wall), "
        f"{cold.cpu / edited.cpu:.1f}x (CPU); zonder cache / warm na één bewerking: "
        f"{nocache.wall / edited.wall:.1f}x (wall), {nocache.cpu / edited.cpu:.1f}x (CPU)."
    )
    say()

    if args.full:
        say("| ander programma op de stad | wall | CPU (user+sys) | piekgeheugen | uitkomst |")
        say("|---|---|---|---|---|")
        y = best(yamllint(city / "data"), max(1, repeat // 2))
        say(
            f"| `yamllint` (alleen syntax en stijl) | {fmt(y)} | exit {y.code}, {lines_of(y)} meldingen |"
        )
        j = best_of_many(jsonschema_cmds(city), max(1, repeat // 2))
        say(
            f"| `check-jsonschema` met schema/ (alleen structuur; 6 runs opgeteld) | {fmt(j)} | exit {j.code} |"
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
        f"`wijk --help` (beste van 20 op CPU, om en om): deze commit {helps['hier'].wall:.3f} s wall, "
        f"{helps['hier'].cpu:.3f} s CPU, {helps['hier'].rss_mb:.0f} MB; {args.vergelijk} "
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

    say(f"Load aan het eind: {load()}.")

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
