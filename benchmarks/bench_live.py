"""`wijk vergadering` measured (issue 28): key presses for the example round, start-up to the
first screen, and `wijk --help` with and without the command.

    uv run python benchmarks/bench_live.py [--basis COMMIT] [--alleen toetsen|opstarten|help]

1. Key presses: the example minutes (data/rondes/ronde-2017-2/vergadering-szh.yaml) entered
   in the app from the scaffold of `wijk nieuw vergadering`, headless (Textual's Pilot) at
   80×24. The keys are worked out from the file the way a secretary would press them (per
   vote the smallest group is ticked by name, the rest with one capital key; every typed
   character is a key press). Afterwards `wijk tally` of the result must be the example's.
2. Start-up: the command itself (`python -m wijkcli vergadering ronde-2017-2 szh`) in a
   pseudo-terminal of 80×24 with NO_COLOR, the cache of `wijk check` warm (as on a second
   start), on the example minutes (it opens at the closing): the CPU time (user + system, of
   all its threads, from /proc) when the first screen is written and when the data is on the
   screen; median of 7, this tree and (with --basis) the commit interleaved, bytecode
   compiled.
3. `wijk --help`: median of 10 fresh processes, this tree and (with --basis) the commit,
   on the same installed libraries.
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
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

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
    for role, key in (("voorzitter", "c"), ("notulist", "n")):  # the scaffold may have them
        if want.get(role) and getattr(live.model, role) != want[role]:
            goto(people, want[role])
            keys.append(key)
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
        if b.get("uren") and a is not None:  # the hours asked are offered
            offered = " ".join(f"{k}={n}" for k, n in a.uren.items())
            wanted = " ".join(f"{k}={n}" for k, n in b["uren"].items())
            keys.append("u")
            if wanted != offered:
                keys += ["backspace"] * len(offered)
                typed(wanted)
            else:
                keys.append("enter")
        if aid in (want.get("toelichting") or []):
            keys.append("a")  # the applicant came to explain
        if b.get("toelichting"):
            keys.append("i")  # who explained: "de aanvrager" is offered after a
            offered = "de aanvrager" if aid in (want.get("toelichting") or []) else ""
            if str(b["toelichting"]).startswith(offered):
                typed(str(b["toelichting"])[len(offered) :])
            else:
                keys += ["backspace"] * len(offered)
                typed(str(b["toelichting"]))
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
    # (the last item's Enter went on to the action points; round 2 pressed one Enter more
    # here, which skipped them: its count entered the action points as rondvraag)
    present = [x for x in people if x in want["aanwezig"]]
    pos = 0
    for punt in want.get("actiepunten", []):
        goto(present, punt["wie"])
        keys.append("n")
        typed(punt["wat"])
        typed(str(punt["uiterlijk"]))
    for number, punt in enumerate(want.get("actiepunten", []), 1):
        if "gedaan" in punt:
            keys.append("g")
            typed(str(number))
            keys += ["backspace"] * len(date.today().isoformat())  # today is offered
            typed(str(punt["gedaan"]))
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
    for remark in want.get("opmerkingen") or []:
        keys.append("o")
        typed(str(remark))
    keys.append("enter")
    not_entered = [k for k in ("notulen_vastgesteld",) if want.get(k)]
    if isinstance(want.get("opening"), dict) and "voorzitter" in want["opening"]:
        not_entered.append("opening.voorzitter")
    return keys, chars, not_entered


async def _enter(repo: Path, keys: list[str]) -> list[str]:
    """Press `keys` in the app on the scaffold; the fields of the minutes that are then not
    the example's."""
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
        for key in keys:  # in one burst, as a terminal sends typed-ahead keys
            app.post_message(events.Key(names.get(key, key), key if len(key) == 1 else None))
        while app.keys_handled < len(keys):
            await pilot.pause(0.05)
        await pilot.pause()
    # the model of the result must be the example's (every field entered)
    got = LiveMeeting(meeting, repo / MINUTES, store.read(repo / MINUTES)).model
    want = LiveMeeting(meeting, REPO / MINUTES, (REPO / MINUTES).read_bytes()).model
    return _differ(got, want)


def _differ(got: Any, want: Any) -> list[str]:
    """The fields of two minutes that differ (the order of ids in a list does not count:
    who was present, who voted how)."""

    def plain(value: Any) -> Any:
        if isinstance(value, BaseModel):
            return {k: plain(getattr(value, k)) for k in type(value).model_fields}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list) and all(isinstance(x, str) and " " not in x for x in value):
            return sorted(value)
        if isinstance(value, list):
            return [plain(x) for x in value]
        return value

    return [k for k in type(want).model_fields if plain(getattr(got, k)) != plain(getattr(want, k))]


def _tally(repo: Path) -> object:
    out = subprocess.run([sys.executable, "-m", "wijkcli", "tally", "ronde-2017-2", "--format",
                          "json", "--data", str(repo)], capture_output=True, text=True,
                         check=True)  # fmt: skip
    return json.loads(out.stdout)


def key_presses(tmp: Path) -> None:
    repo = _copy(tmp, minutes=True)
    keys, typed, not_entered = example_keys(repo)
    differ = asyncio.run(_enter(repo, keys))
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
    print(f"same wijk tally as the example: {same}; fields of the minutes not the example's: "
          f"{differ}; not entered in the app: {not_entered}")  # fmt: skip


# --- 2. start-up ---------------------------------------------------------------------------

FIRST = (b"gegevens laden", b"stap ")  # the loading screen (since #28 round 3), or the step
READY = b"stap "  # the header names the step once the data is there


def _cpu_of(pid: int) -> float:
    """User + system CPU seconds of a running process (all its threads), from /proc."""
    import os

    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup_once(src: Path, repo: Path, cache: Path) -> tuple[float, float, float]:
    """`wijk vergadering ronde-2017-2 szh` of the tree `src` in a pseudo-terminal of 80×24
    (NO_COLOR): CPU seconds when the first screen is written and when the data is on it,
    and the wall seconds to the data. Then Ctrl+Q."""
    import fcntl
    import os
    import pty
    import select
    import struct
    import termios

    env = {**_env(), "NO_COLOR": "1", "PYTHONPATH": str(src), "XDG_CACHE_HOME": str(cache),
           "TERM": "xterm-256color"}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = [sys.executable, "-m", "wijkcli", "vergadering", "ronde-2017-2", "szh", "--data",
            str(repo)]  # fmt: skip
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: a terminal of 80×24, then the command
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        os.execve(sys.executable, args, env)
    seen = b""
    first = ready = wall = None
    while ready is None:
        readable, _, _ = select.select([fd], [], [], 60)
        if not readable:
            raise SystemExit(f"no screen after 60 s: {seen[-400:]!r}")
        chunk = os.read(fd, 65536)
        seen += chunk
        if first is None and any(m in seen for m in FIRST):
            first = _cpu_of(pid)
        if READY in seen:
            ready, wall = _cpu_of(pid), time.perf_counter() - start
    os.write(fd, b"\x11")  # Ctrl+Q
    try:
        while os.read(fd, 65536):
            pass
    except OSError:  # the terminal closes with the process
        pass
    os.waitpid(pid, 0)
    os.close(fd)
    assert first is not None and wall is not None
    return first, ready, wall


def startup(tmp: Path, basis: str | None, runs: int = 7) -> None:
    """CPU to the first screen and to the data, this tree and (with --basis) the commit,
    runs interleaved, the cache of `wijk check` warm (as on a second start); medians."""
    repo = _copy(tmp, minutes=True)
    cache = tmp / "xdg"
    trees = {"here": REPO / "src"}
    if basis:
        trees[basis] = _archive(tmp, basis)
    for src in trees.values():  # warm: bytecode and the cache
        subprocess.run([sys.executable, "-m", "wijkcli", "check", "--data", str(repo)],
                       capture_output=True, check=False,
                       env={**_env(), "PYTHONPATH": str(src), "XDG_CACHE_HOME": str(cache)})  # fmt: skip
        startup_once(src, repo, cache)
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in trees}
    for _ in range(runs):
        for name, src in trees.items():
            results[name].append(startup_once(src, repo, cache))
    for name, got in results.items():
        first = statistics.median(r[0] for r in got)
        ready = statistics.median(r[1] for r in got)
        wall = statistics.median(r[2] for r in got)
        print(
            f"wijk vergadering ({name}), pty 80x24, cache warm, median of {runs}: CPU to the "
            f"first screen {first:.2f} s, to the data {ready:.2f} s; wall to the data {wall:.2f} s "
            f"(first: {', '.join(f'{r[0]:.2f}' for r in got)}; "
            f"data: {', '.join(f'{r[1]:.2f}' for r in got)})"
        )


def _archive(tmp: Path, commit: str) -> Path:
    """The `src` of `commit`, unpacked under `tmp`."""
    base = tmp / f"src-{commit}"
    if not base.exists():
        base.mkdir()
        archive = subprocess.run(["git", "-C", str(REPO), "archive", commit, "src"],
                                 capture_output=True, check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
    return base / "src"


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


def main() -> None:
    import os

    parser = argparse.ArgumentParser()
    parser.add_argument("--basis", help="a commit to compare start-up and --help with")
    parser.add_argument("--alleen", choices=["toetsen", "opstarten", "help"],
                        help="only this measurement")  # fmt: skip
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        if args.alleen in (None, "toetsen"):
            key_presses(tmp)
        if args.alleen in (None, "opstarten"):
            startup(tmp, args.basis)
        if args.alleen in (None, "help"):
            wall, cpu = help_time(REPO / "src")
            line = f"wijk --help: median {wall:.3f} s wall, {cpu:.3f} s CPU"
            if args.basis:
                wall, cpu = help_time(_archive(tmp, args.basis))
                line += f"; at {args.basis}: median {wall:.3f} s wall, {cpu:.3f} s CPU"
            print(line)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
