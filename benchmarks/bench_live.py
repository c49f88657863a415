"""`wijk vergadering` measured (issue 28): key presses for the example round, start-up to the
first screen, and `wijk --help` with and without the command.

    uv run python benchmarks/bench_live.py [--basis COMMIT]

1. Key presses: the example minutes (data/rondes/ronde-2017-2/vergadering-szh.yaml) entered
   in the app from the scaffold of `wijk nieuw vergadering`, headless (Textual's Pilot) at
   80×24. The keys are worked out from the file the way a secretary would press them (per
   vote the smallest group is ticked by name, the rest with one capital key; every typed
   character is a key press). Afterwards `wijk tally` of the result must be the example's.
2. Start-up: `wijk vergadering` in tmux (80×24) until the first screen shows, with the
   cache of `wijk check` warm (as on a second start), on the example minutes (it opens at the
   closing); median of 5.
3. `wijk --help`: median of 10 fresh processes, this tree and (with --basis) the commit
   before the command, on the same installed libraries.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RONDE = "data/rondes/ronde-2017-2"
MINUTES = f"{RONDE}/vergadering-szh.yaml"


def _copy(tmp: Path, minutes: bool) -> Path:
    repo = tmp / uuid.uuid4().hex[:6]
    shutil.copytree(REPO / "data", repo / "data")
    if not minutes:
        (repo / MINUTES).unlink()
    return repo


# --- 1. key presses ------------------------------------------------------------------------


def example_keys(repo: Path) -> tuple[list[str], int, list[str]]:
    """The keys that enter the example minutes, how many of them are typed text (characters
    of names, reasons, times, dates, amounts), and what the app does not enter."""
    from wijkcli.live import store
    from wijkcli.live.state import VOORSTELLEN, LiveMeeting
    from wijkcli.nieuw import vergadering_text, write_new
    from wijkcli.pipeline import load_clean

    want = store.load((REPO / MINUTES).read_bytes())  # YAML 1.2: 19:30 is text
    dataset, _ = load_clean(repo)
    meeting = dataset.meeting("ronde-2017-2", "szh")
    (repo / MINUTES).unlink()  # the follow-up files need the minutes to load clean
    write_new(repo / MINUTES, vergadering_text(meeting))
    live = LiveMeeting(meeting, repo / MINUTES, store.read(repo / MINUTES))
    keys: list[str] = []
    pos = 0
    chars = 0

    def goto(rows: list[str], who: str) -> None:
        nonlocal pos
        target = rows.index(who)
        keys.extend(["down" if target > pos else "up"] * abs(target - pos))
        pos = target

    def typed(text: str) -> None:
        nonlocal chars
        keys.extend(text)
        keys.append("enter")
        chars += len(text)

    # Attendance: the scaffold has every member with a vote present.
    people = [*live.voters(), *live.professionals()]
    for who in people:
        status = (
            "afgemeld" if who in want.get("afgemeld", [])
            else "aanwezig" if who in want["aanwezig"]
            else "schriftelijk" if who in want.get("schriftelijke_inbreng", [])
            else "afwezig"
        )  # fmt: skip
        if status != live.status(who):
            goto(people, who)
            keys.append({"afgemeld": "f", "aanwezig": "a", "schriftelijk": "s",
                         "afwezig": "x"}[status])  # fmt: skip
            live.set_status(who, status)
    keys += ["enter"]  # Enter: the opening time is asked, the round's begin offered
    begin = f"{meeting.info.vergadering.begin:%H:%M}"
    opening = str(want["opening"]["tijd"]) if "opening" in want else begin
    if opening != begin:
        keys += ["backspace"] * len(begin)
        keys += list(opening)
    keys += ["enter"]
    live.set_opening(opening)
    for m in want.get("mededelingen", []):
        keys.append("n")
        typed(m)
    keys.append("enter")
    vertrokken = want.get("vertrokken", {})
    for aid, b in want["besluiten"].items():
        pos = 0
        rows = live.members_for(aid)
        keys.append(str(VOORSTELLEN.index(b["voorstel"]) + 1))
        live.set_voorstel(aid, b["voorstel"])
        a = live.aanvraag(aid)
        if "bedrag" in b and a is not None:
            keys.append("e")
            keys += ["backspace"] * len(str(a.bedrag))
            typed(str(b["bedrag"]))
        if b.get("uren") and a is not None and b["uren"] != a.uren:
            default = " ".join(f"{k}={n}" for k, n in a.uren.items())
            keys.append("u")
            keys += ["backspace"] * len(default)
            typed(" ".join(f"{k}={n}" for k, n in b["uren"].items()))
        for field, key in (("motivering", "m"), ("voorwaarden", "w"), ("vervolg", "v"),
                           ("bespreking", "k")):  # fmt: skip
            for line in b.get(field) or []:
                keys.append(key)
                typed(line)
        for who in b.get("betrokken") or []:
            goto(rows, who)
            keys.append("b")
        for who, first in vertrokken.items():
            if first == aid:
                goto(rows, who)
                keys.append("l")
                live.toggle_left(aid, who)
                if who in want.get("vertrokken_om", {}):
                    keys.append("t")
                    typed(str(want["vertrokken_om"][who]))
        votes = {k: list(b["stemmen"].get(k) or []) for k in ("voor", "tegen", "onthouding")}
        most = max(votes, key=lambda k: len(votes[k]))
        for kind, names in votes.items():
            if kind == most:
                continue
            for who in sorted(names, key=rows.index):
                goto(rows, who)
                keys.append({"voor": "j", "tegen": "n", "onthouding": "o"}[kind])
                pos += 1  # a vote moves the cursor down
        keys.append({"voor": "J", "tegen": "N", "onthouding": "O"}[most])
        keys.append("enter")
    keys.append("enter")  # mededelingen were before; now: actiepunten
    present = [x for x in people if x in want["aanwezig"]]
    pos = 0
    for punt in want.get("actiepunten", []):
        goto(present, punt["wie"])
        keys.append("n")
        typed(punt["wat"])
        typed(str(punt["uiterlijk"]))
    keys.append("enter")
    pos = 0
    for inbreng in want.get("rondvraag", []):
        goto(present, inbreng["lid"])
        keys.append("n")
        typed(inbreng["tekst"])
    keys.append("enter")
    if "sluiting" in want:
        keys.append("t")
        typed(str(want["sluiting"]))
    if "volgende_vergadering" in want:
        keys.append("d")
        typed(str(want["volgende_vergadering"]))
    keys.append("enter")
    not_entered = [k for k in ("toelichting", "opmerkingen") if want.get(k)]
    not_entered += [f"besluiten.{aid}.toelichting" for aid, b in want["besluiten"].items()
                    if b.get("toelichting")]  # fmt: skip
    not_entered += ["actiepunten.gedaan" for p in want.get("actiepunten", []) if "gedaan" in p]
    return keys, chars, not_entered


async def _enter(repo: Path, keys: list[str]) -> None:
    from textual import events

    from wijkcli.live import store
    from wijkcli.live.app import MeetingApp
    from wijkcli.live.state import LiveMeeting
    from wijkcli.nieuw import vergadering_text, write_new
    from wijkcli.pipeline import load_clean

    (repo / MINUTES).write_bytes((REPO / MINUTES).read_bytes())
    dataset, known = load_clean(repo)
    meeting = dataset.meeting("ronde-2017-2", "szh")
    (repo / MINUTES).unlink()
    write_new(repo / MINUTES, vergadering_text(meeting))
    live = LiveMeeting(meeting, repo / MINUTES, store.read(repo / MINUTES), repo, known)
    app = MeetingApp(live)
    names = {" ": "space", ":": "colon", "-": "minus", ".": "full_stop"}
    async with app.run_test(size=(80, 24)) as pilot:
        for key in keys:
            char = key if len(key) == 1 else None
            app._driver.send_message(events.Key(names.get(key, key), char))  # type: ignore[union-attr]
            await pilot.pause(0)
            await pilot.pause(0)


def _tally(repo: Path) -> object:
    out = subprocess.run([sys.executable, "-m", "wijkcli", "tally", "ronde-2017-2", "--format",
                          "json", "--data", str(repo)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return json.loads(out.stdout)


def key_presses(tmp: Path) -> None:
    repo = _copy(tmp, minutes=True)
    keys, typed, not_entered = example_keys(repo)
    asyncio.run(_enter(repo, keys))
    same = _tally(repo) == _tally(_copy(tmp, minutes=True))
    lines = [x for x in (REPO / MINUTES).read_text(encoding="utf-8").splitlines()
             if x.strip() and not x.lstrip().startswith("#")]  # fmt: skip
    print(
        f"key presses for the example meeting: {len(keys)} "
        f"({typed} characters of typed text, {len(keys) - typed} commands, arrows and Enter)"
    )
    chars = sum(len(x.strip()) for x in lines)
    print(f"the hand-written example minutes: {len(lines)} lines of YAML, {chars} characters "
          "without indentation and comments")  # fmt: skip
    print(f"same wijk tally as the example: {same}; not entered in the app: {not_entered}")


# --- 2. start-up ---------------------------------------------------------------------------


def startup(tmp: Path, runs: int = 5) -> None:
    tmux = shutil.which("tmux") or "/usr/bin/tmux"
    repo = _copy(tmp, minutes=True)
    env_cache = tmp / "xdg"
    subprocess.run([sys.executable, "-m", "wijkcli", "check", "--data", str(repo)],
                   capture_output=True, check=False,
                   env={**_env(), "XDG_CACHE_HOME": str(env_cache)})  # fmt: skip
    times = []
    for _ in range(runs):
        sock = ["-L", f"bench-{uuid.uuid4().hex[:6]}", "-f", "/dev/null"]
        cmd = (f"XDG_CACHE_HOME={env_cache} {sys.executable} -m wijkcli vergadering "
               f"ronde-2017-2 szh --data {repo}")  # fmt: skip
        start = time.perf_counter()
        subprocess.run([tmux, *sock, "new-session", "-d", "-x", "80", "-y", "24", cmd],
                       check=True, env=_env())  # fmt: skip
        end = start + 60
        while time.perf_counter() < end:
            shown = subprocess.run([tmux, *sock, "capture-pane", "-p"], capture_output=True,
                                   text=True, check=False).stdout  # fmt: skip
            if "PgUp/PgDn" in shown:  # the last line of the screen is drawn
                break
            time.sleep(0.01)
        else:
            raise SystemExit(f"no first screen after 60 s:\n{shown}")
        times.append(time.perf_counter() - start)
        subprocess.run([tmux, *sock, "kill-server"], check=False)
    print(
        f"start-up to the first screen: median {statistics.median(times):.2f} s "
        f"(runs: {', '.join(f'{t:.2f}' for t in times)})"
    )


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "TMUX")}


# --- 3. wijk --help ------------------------------------------------------------------------


def help_time(src: Path, runs: int = 10) -> tuple[float, float]:
    """Median wall and CPU seconds of `wijk --help` (CPU: the child's user + system time,
    which a busy machine changes less than the wall time)."""
    import resource

    code = "from wijkcli.cli.app import main; main()"
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code, "--help"], capture_output=True, check=False,
                       env={**_env(), "PYTHONPATH": str(src)})  # fmt: skip
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def first_screen_cpu(tmp: Path) -> None:
    """CPU seconds from the start of the process to the first screen (headless), by phase."""
    repo = _copy(tmp, minutes=True)
    code = f"""
import time, asyncio
from pathlib import Path
c = time.process_time
marks = []
from wijkcli.cli.app import app
marks.append(("wijkcli.cli", c()))
from wijkcli.pipeline import load_clean
root = Path({str(repo)!r})
dataset, known = load_clean(root, ronde="ronde-2017-2")
marks.append(("load_clean", c()))
from wijkcli.live import store
from wijkcli.live.state import LiveMeeting
path = root / {MINUTES!r}
live = LiveMeeting(dataset.meeting("ronde-2017-2", "szh"), path, store.read(path), root, known)
marks.append(("ruamel.yaml + LiveMeeting", c()))
from wijkcli.live.app import MeetingApp
marks.append(("textual", c()))
async def main():
    async with MeetingApp(live).run_test(size=(80, 24)) as pilot:
        await pilot.pause(0)
        marks.append(("first screen", c()))
asyncio.run(main())
phases, last = [], 0.0
for name, t in marks:
    phases.append(f"{{name}} {{t - last:.2f}}")
    last = t
print(f"CPU to the first screen: {{last:.2f}} s (" + ", ".join(phases) + ")")
"""
    subprocess.run([sys.executable, "-c", "from wijkcli.cli.app import main; main()", "check",
                    "--data", str(repo)], capture_output=True, check=False)  # fmt: skip
    subprocess.run([sys.executable, "-c", code], check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--basis", help="a commit without wijk vergadering, to compare --help")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        key_presses(tmp)
        startup(tmp)
        first_screen_cpu(tmp)
        wall, cpu = help_time(REPO / "src")
        line = f"wijk --help: median {wall:.3f} s wall, {cpu:.3f} s CPU"
        if args.basis:
            base = tmp / "basis"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(REPO), "archive", args.basis, "src"],
                                     capture_output=True, check=True).stdout  # fmt: skip
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            wall, cpu = help_time(base / "src")
            line += f"; at {args.basis}: median {wall:.3f} s wall, {cpu:.3f} s CPU"
        print(line)


if __name__ == "__main__":
    main()
