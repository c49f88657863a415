"""Mutation testing with mutmut: how many small changes to the code the tests notice.

mutmut (https://mutmut.readthedocs.io, configured in pyproject.toml `[tool.mutmut]`) copies the
project into `mutants/` (git-ignored), changes one thing at a time in `src/wijkcli/count/`
(a `<` into `<=`, a `+ 1` into `+ 2`, a string into `"XXstringXX"`, an argument into `None`)
and runs the tests of the configured selection that reach the changed function. A mutant the
tests notice is *killed*; one they do not notice *survived*: either a test is missing, or the
change makes no difference a user could see (an equivalent mutant, explained in
benchmarks/README.md).

    uv run python benchmarks/mutation.py            # run (resumes where it stopped), then the table
    uv run python benchmarks/mutation.py --report   # only the table and the survivors

Slow on purpose and not part of .ci/run: about 1,300 mutants, one worker process at `nice 15`
on a shared 2-core machine. mutmut remembers results in `mutants/`, so an interrupted run goes
on where it stopped; `rm -rf mutants` starts afresh.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATUS = re.compile(r"^\s*(?P<name>wijkcli\.[\w.]+?)\.x_\w+__mutmut_\d+: (?P<status>.+)$")
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
"""mutmut's verdicts that mean the change was noticed (a timeout is an endless loop the tests
stopped)."""


def run_mutmut(children: int) -> None:
    """`mutmut run`, niced, with `children` worker processes."""
    cmd = ["nice", "-n", "15", sys.executable, "-m", "mutmut", "run", "--max-children",
           str(children)]  # fmt: skip
    subprocess.run(cmd, cwd=ROOT, check=False, env={**os.environ, "NO_COLOR": "1"})


def results() -> list[tuple[str, str, str]]:
    """(module, mutant, status) of every mutant mutmut made."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rows = []
    for line in out.splitlines():
        m = STATUS.match(line)
        if m:
            rows.append((m["name"], line.strip().split(":")[0], m["status"].strip()))
    return rows


def report(rows: list[tuple[str, str, str]]) -> str:
    """A Markdown table per module: mutants, killed by a test, caught by mypy, survived, not
    yet tested, and the score (killed and caught, of the mutants tried); then the survivors."""
    by_module: dict[str, Counter[str]] = defaultdict(Counter)
    for module, _, status in rows:
        by_module[module][status] += 1
    lines = [
        "| module | mutants | killed by a test | caught by mypy | survived | not tried yet | score |",
        "|---|---|---|---|---|---|---|",
    ]
    total: Counter[str] = Counter()
    for module in sorted(by_module):
        total += by_module[module]
        lines.append(_row(module, by_module[module]))
    lines.append(_row("**total**", total))
    survivors = [m for _, m, s in rows if s not in KILLED | {"not checked", "skipped"}]
    lines += ["", f"Survivors ({len(survivors)}):", *(f"- `{m}`" for m in survivors)]
    return "\n".join(lines)


def _row(module: str, c: Counter[str]) -> str:
    n = sum(c.values())
    tests = c["killed"] + c["timeout"] + c["segfault"]
    mypy = c["caught by type check"]
    pending = c["not checked"] + c["skipped"]
    survived = n - tests - mypy - pending  # survived, no tests, suspicious
    tried = n - pending
    score = f"{100 * (tests + mypy) / tried:.1f} %" if tried else "-"
    return f"| {module} | {n} | {tests} | {mypy} | {survived} | {pending} | {score} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--report", action="store_true", help="only show the last results")
    parser.add_argument("--children", type=int, default=1, help="worker processes (default 1)")
    args = parser.parse_args()
    if not args.report:
        run_mutmut(args.children)
    print(report(results()))


if __name__ == "__main__":
    main()
