"""Lines of YAML a secretary types by hand for the example round (ronde-2017-2 of szh), with the
`wijk nieuw` scaffolds of a given wijkcli source tree: the round, its 8 applications and the
minutes are scaffolded again with the options the commands take (values read from the example
files), and each scaffold is compared with the example file it has to become.

A target line counts as typed when it is a YAML line (not blank, not only a comment) that the
scaffold does not already have, in order (difflib on lines with trailing `   # ...` comments and
surrounding spaces removed). Lines the secretary only deletes (a scaffolded member who was not
there) are counted apart. What the commands take as options is typed too, but on the command
line, not in YAML: counted apart as options.

The round gets a predecessor, ronde-2017-1 (a copy of ronde-2017-2's ronde.yaml three months
earlier, without applications or minutes), because the example has none and the new
`wijk nieuw ronde` carries regeling, rules, place and times from the previous round of the
gebied; the free hours are given with `--uren` (options), not carried.

    uv run python benchmarks/scaffold_lines.py               # this tree
    uv run python benchmarks/scaffold_lines.py --src /tmp/old/src   # another (e.g. git archive)
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
RONDE = "ronde-2017-2"
EARLIER = {"2017-03-31": "2016-12-30", "2017-04-05": "2017-01-05", "2017-04-07": "2017-01-06",
           "2017-04-13": "2017-01-12", "2017-04-19": "2017-01-19", "2017-04-28": "2017-01-27",
           "2017-05-11": "2017-02-09"}  # fmt: skip
"""The dates of ronde-2017-2, three months earlier: its predecessor ronde-2017-1."""


def _norm(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        text = re.sub(r"\s{2,}#.*$", "", line).strip()
        if text and not text.startswith("#"):
            out.append(text)
    return out


def typed(scaffold: str, target: str) -> tuple[int, int]:
    """(lines of `target` the scaffold lacks, scaffold lines the target lacks)."""
    have, want = _norm(scaffold.splitlines()), _norm(target.splitlines())
    add = delete = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, have, want, autojunk=False
    ).get_opcodes():
        if tag in ("insert", "replace"):
            add += j2 - j1
        if tag in ("delete", "replace"):
            delete += i2 - i1
    return add, delete


def run(src: Path, repo: Path, args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(src), "WIJK_GEEN_CACHE": "1"}
    code = "import sys; from wijkcli.cli.app import main; sys.argv[0] = 'wijk'; main()"
    done = subprocess.run(
        [sys.executable, "-c", code, *args, "--data", str(repo)],
        env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise SystemExit(f"{args}: {done.returncode}\n{done.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--src", type=Path, default=REPO / "src")
    parser.add_argument("--old", action="store_true", help="the scaffold has no --betrokken/--uren")
    a = parser.parse_args()
    example = REPO / "data"
    with tempfile.TemporaryDirectory() as tmp:
        repo = Path(tmp) / "repo"
        shutil.copytree(example, repo / "data")
        base = repo / "data" / "rondes" / RONDE
        shutil.rmtree(base)
        prev = repo / "data" / "rondes" / "ronde-2017-1"
        prev.mkdir(parents=True)
        text = (example / "rondes" / RONDE / "ronde.yaml").read_text(encoding="utf-8")
        text = text.replace(RONDE, "ronde-2017-1").replace("Subsidieronde 2", "Subsidieronde 1")
        for was, becomes in EARLIER.items():
            text = text.replace(was, becomes)
        (prev / "ronde.yaml").write_text(text, encoding="utf-8")
        r = yaml.safe_load((example / "rondes" / RONDE / "ronde.yaml").read_text("utf-8"))
        options = 0
        ronde_args = ["nieuw", "ronde", RONDE, "--indienen-tot", str(r["indienen_tot"]),
                      "--vergadering", str(r["vergadering"]["datum"]),
                      "--advies-uiterlijk", str(r["advies_uiterlijk"]), "--budget",
                      ",".join(f"{g}={b}" for g, b in r["budget"].items())]  # fmt: skip
        options += 4
        if not a.old:
            for prof, n in r["uren"].items():
                ronde_args += ["--uren", f"{prof}={n}"]
                options += 1
        run(a.src, repo, ronde_args)
        rows = [("ronde.yaml", base / "ronde.yaml", example / "rondes" / RONDE / "ronde.yaml")]
        for f in sorted((example / "rondes" / RONDE / "aanvragen").glob("*.yaml")):
            d = yaml.safe_load(f.read_text(encoding="utf-8"))
            args = ["nieuw", "aanvraag", RONDE, "--id", d["id"], "--nummer", d["nummer"],
                    "--titel", d["titel"], "--wijk", ",".join(d["wijken"]), "--thema", d["thema"],
                    "--aanvrager", d["aanvrager"]["naam"], "--soort", d["aanvrager"]["soort"],
                    "--bedrag", str(d["bedrag"]), "--eigen-bijdrage",
                    str(d.get("eigen_bijdrage", 0)), "--ingediend", str(d["ingediend"])]  # fmt: skip
            options += 10
            if not a.old:
                for lid in d["betrokken_leden"]:
                    args += ["--betrokken", lid]
                    options += 1
                for prof, n in (d.get("uren") or {}).items():
                    args += ["--uren", f"{prof}={n}"]
                    options += 1
            run(a.src, repo, args)
            rows.append((f"aanvragen/{f.name}", base / "aanvragen" / f.name, f))
        run(a.src, repo, ["nieuw", "vergadering", RONDE, "szh"])
        rows.append(("vergadering-szh.yaml", base / "vergadering-szh.yaml",
                     example / "rondes" / RONDE / "vergadering-szh.yaml"))  # fmt: skip
        total_add = total_del = total_target = 0
        print(f"{'bestand':42} {'regels':>6} {'getypt':>6} {'weg':>4}")
        for name, made, target in rows:
            want = target.read_text(encoding="utf-8")
            got = made.read_text(encoding="utf-8") if made.exists() else ""
            add, delete = typed(got, want)
            n = len(_norm(want.splitlines()))
            total_add, total_del, total_target = (
                total_add + add,
                total_del + delete,
                total_target + n,
            )
            print(f"{name:42} {n:6} {add:6} {delete:4}")
        print(f"{'totaal':42} {total_target:6} {total_add:6} {total_del:4}")
        print(f"opties op de opdrachtregel: {options}")


if __name__ == "__main__":
    main()
