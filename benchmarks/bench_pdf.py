"""Every document wijk makes as PDF, on the example in `data/`: the whole command, best of 5
(each must stay under 1 s), and `wijk advies --format md` without Typst.

Run: uv run python benchmarks/bench_pdf.py   (the machine is shared, so repeat).
`--other PATH` times another checkout too, with its own environment (e.g. an older commit:
`git archive COMMIT | tar -x -C PATH && (cd PATH && uv sync --frozen)`) on this `data/`, so two
versions are compared on the same machine state; `--rounds N` alternates the two N times.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

DOCUMENTS = {
    "advies": ["advies", "ronde-2017-2"],
    "agenda": ["agenda", "ronde-2017-2"],
    "notulen": ["notulen", "ronde-2017-2"],
    "plan": ["plan", "szh", "2017"],
    "jaarverslag": ["jaarverslag", "szh", "2017"],
    "voortgang": ["voortgang", "szh", "--jaar", "2017"],
    "kasboek": ["kasboek", "szh", "2017"],
    "beoordeling": ["beoordeling", "sbi-aanbesteding-2016"],
}
"""The command of every document that has a PDF, on the example."""


def best(args: list[str], env: dict[str, str], n: int = 5, cwd: Path = REPO) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(args, cwd=cwd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - t)
    return min(times)


def _python(checkout: Path) -> str:
    """The Python of `checkout`'s own environment (its Typst worker runs with `-I`, so only
    its own installation counts)."""
    return sys.executable if checkout == REPO else str(checkout / ".venv" / "bin" / "python")


def timings(checkout: Path, out: Path, n: int) -> dict[str, float]:
    """Each command in a copy of `data/` of its own per version, so that the two versions do
    not take turns at one `.wijkcli-cache/` (each keeps its own warm cache)."""
    env = dict(os.environ)
    wijk = [_python(checkout), "-m", "wijkcli"]
    repo = out / f"repo-{abs(hash(checkout))}"
    if not repo.exists():
        shutil.copytree(REPO / "data", repo / "data")
    return {
        name: best([*wijk, *args, "--format", "pdf", "--uit", f"{out}/", "--force"], env, n, repo)
        for name, args in DOCUMENTS.items()
    }


INNER = """
import json, sys, time
from datetime import date
from pathlib import Path
from wijkcli.beoordeling import Scored, load_beoordeling, score
from wijkcli.documents.registry import GebiedJaar, Options, make
from wijkcli.pipeline import load_clean
root = Path(sys.argv[1])
dataset, _ = load_clean(root)
b, _ = load_beoordeling(root / "data", "sbi-aanbesteding-2016")
subjects = {
    "advies": dataset.meeting("ronde-2017-2", "szh"),
    "agenda": dataset.meeting("ronde-2017-2", "szh"),
    "notulen": dataset.meeting("ronde-2017-2", "szh"),
    "plan": GebiedJaar(dataset, "szh", 2017),
    "jaarverslag": GebiedJaar(dataset, "szh", 2017),
    "voortgang": GebiedJaar(dataset, "szh", 2017),
    "kasboek": GebiedJaar(dataset, "szh", 2017),
    "beoordeling": Scored(b, score(b), root / "data"),
}
out = {}
for name, subject in subjects.items():
    made = make(name, subject, Options(versie="0123456789ab", datum=date(2018, 2, 15)))
    times = []
    for _ in range(int(sys.argv[2])):
        t = time.perf_counter()
        made.render("pdf")
        times.append(time.perf_counter() - t)
    out[name] = min(times)
print(json.dumps(out))
"""
"""Only the PDF step (context built once, then `Made.render('pdf')`: the Typst source and the
Typst process), in one Python process per version."""


def layout(checkout: Path, n: int) -> dict[str, float]:
    env = dict(os.environ)
    done = subprocess.run([_python(checkout), "-c", INNER, str(REPO), str(n)], cwd=REPO,
                          check=True, capture_output=True, text=True, env=env)  # fmt: skip
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--other", type=Path, help="another checkout (with .venv), to compare")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    here = REPO
    with tempfile.TemporaryDirectory(prefix="wijk-bench-") as out:
        runs: dict[str, list[dict[str, float]]] = {"nu": [], "nu, alleen de PDF": []}
        if args.other:
            runs["ander"], runs["ander, alleen de PDF"] = [], []
        for _ in range(args.rounds):
            runs["nu"].append(timings(here, Path(out), 5))
            runs["nu, alleen de PDF"].append(layout(here, 5))
            if args.other:
                runs["ander"].append(timings(args.other.resolve(), Path(out), 5))
                runs["ander, alleen de PDF"].append(layout(args.other.resolve(), 5))
        for label, rounds in runs.items():
            print(f"{label}: best of 5 per round, min over {len(rounds)} round(s), whole command")
            for name in DOCUMENTS:
                print(f"  {name:12} {min(r[name] for r in rounds):.3f} s")
            print(f"  {'totaal':12} {sum(min(r[n] for r in rounds) for n in DOCUMENTS):.3f} s")
        env = dict(os.environ)
        md = best(
            [sys.executable, "-m", "wijkcli", "advies", "ronde-2017-2", "--format", "md"], env
        )
        typst = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "wijkcli", "advies", "ronde-2017-2"],
            cwd=REPO, capture_output=True, text=True, check=True, env=env,
        ).stderr  # fmt: skip
        print(f"wijk advies --format md : {md:.3f} s (best of 5)")
        print(f"typst imported for md   : {'typst' in typst}")


if __name__ == "__main__":
    main()
