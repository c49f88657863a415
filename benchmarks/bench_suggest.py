"""The did-you-mean lookup at scale (#20 item 13): 5,000 unknown member ids against 5,000
members, through the whole `wijk check` (best of 3), and one unbounded `suggest` call for
comparison.

Run: uv run python benchmarks/bench_suggest.py   (the machine is shared, so repeat)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
N = 5000


def make_tree(root: Path, typo: bool = True) -> None:
    """The example with N more members in leden.yaml and N unknown ids in `aanwezig`, each
    one letter off a real member (so every one of them has a close match); with `typo`
    False the same ids spelt right, for comparison."""
    shutil.copytree(REPO / "data", root / "data")
    leden = root / "data/gebieden/szh/leden.yaml"
    extra = "".join(
        f"  - id: lid-{i:05}-bewoner\n    naam: Lid {i}\n    wijk: zielhorst\n    rol: bewoner\n"
        for i in range(N)
    )
    leden.write_text(leden.read_text(encoding="utf-8") + extra, encoding="utf-8")
    minutes = root / "data/rondes/ronde-2017-2/vergadering-szh.yaml"
    text = minutes.read_text(encoding="utf-8")
    end = "bewonr" if typo else "bewoner"
    typos = "".join(f"  - lid-{i:05}-{end}\n" for i in range(N))
    minutes.write_text(text.replace("aanwezig:\n", "aanwezig:\n" + typos, 1), encoding="utf-8")


def check(root: Path) -> tuple[float, subprocess.CompletedProcess[str]]:
    """`wijk check` on `root`: best of 3 wall-clock seconds and the last run."""
    times = []
    for _ in range(3):
        t = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "wijkcli", "--geen-cache", "check", "--format", "parsable",
             "--data", str(root)],
            capture_output=True, text=True,
        )  # fmt: skip
        times.append(time.perf_counter() - t)
    return min(times), done


def main() -> None:
    from wijkcli.problems import suggest

    with tempfile.TemporaryDirectory() as tmp:
        for typo in (False, True):
            root = Path(tmp) / str(typo)
            make_tree(root, typo)
            took, done = check(root)
            unknown = [x for x in done.stdout.splitlines() if x.endswith("[unknown-member]")]
            hinted = [x for x in unknown if "bedoelde je" in x]
            what = f"{N} unknown ids" if typo else f"{N} ids spelt right"
            print(f"wijk check, {what} x {N} members: {took:.2f} s (best of 3), exit "
                  f"{done.returncode}, {len(unknown)} unknown-member, {len(hinted)} with a hint")  # fmt: skip
    members = [f"lid-{i:05}-bewoner" for i in range(N)]
    t = time.perf_counter()
    suggest("lid-04999-bewonr", members)
    one = time.perf_counter() - t
    print(f"one suggest() against {N} ids: {one * 1000:.1f} ms "
          f"(unbounded, {N} of them would take about {one * N:.0f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
