"""The example letter as PDF (under 1 s), and `wijk advies --format md` without Typst.

Run: uv run python benchmarks/bench_pdf.py   (best of 5; the machine is shared, so repeat).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best(args: list[str], n: int = 5) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(args, cwd=REPO, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    wijk = [sys.executable, "-m", "wijkcli"]
    md = best([*wijk, "advies", "ronde-2017-2", "--format", "md"])
    pdf = best([*wijk, "advies", "ronde-2017-2", "--format", "pdf", "--uit", "/tmp/wijk-bench/"])
    typst = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "wijkcli", "advies", "ronde-2017-2"],
        cwd=REPO, capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    print(f"wijk advies --format md : {md:.3f} s (best of 5)")
    print(f"wijk advies --format pdf: {pdf:.3f} s (best of 5, whole command)")
    print(f"typst imported for md   : {'typst' in typst}")


if __name__ == "__main__":
    main()
