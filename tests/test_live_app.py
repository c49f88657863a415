"""`wijk vergadering` driven by key presses (Textual's Pilot, headless, 80×24): a whole meeting
with a proxy, a departure, a recusal declared at the meeting, a tie and (in a round with a
secret ballot) counts gives minutes that pass `wijk check` and the same `wijk tally` as the
same meeting written by hand; the app stopped after item 3 loses nothing and goes on at item 4.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from pathlib import Path

import pytest
from textual import events
from textual.geometry import Region
from textual.pilot import Pilot
from typer.testing import CliRunner

from tests.helpers import check, problem_list
from wijkcli.cli.app import app as wijk
from wijkcli.live import store
from wijkcli.live.app import MeetingApp
from wijkcli.live.state import LiveMeeting
from wijkcli.nieuw import vergadering_text, write_new
from wijkcli.pipeline import load_clean
from wijkcli.problems import WijkcliError

pytestmark = pytest.mark.slow  # a check of the whole repository after every step

RONDE = "data/rondes/ronde-2017-2"
MINUTES = f"{RONDE}/vergadering-szh.yaml"


def _prepare(repo: Path, *, regels: str) -> None:
    """The example round before its meeting: no minutes, no follow-up; the round's rules."""
    (repo / MINUTES).unlink()
    shutil.rmtree(repo / RONDE / "voortgang")
    ronde = repo / RONDE / "ronde.yaml"
    text = ronde.read_text(encoding="utf-8")
    ronde.write_text(text.replace("regels:\n", regels), encoding="utf-8")


def _open(repo: Path) -> LiveMeeting:
    """What `wijk vergadering ronde-2017-2 szh --data REPO` opens (cli/vergadering.py)."""
    dataset, known = load_clean(repo, ronde="ronde-2017-2")
    meeting = dataset.meeting("ronde-2017-2", "szh")
    path = repo / MINUTES
    if not path.exists():
        write_new(path, vergadering_text(meeting))
    return LiveMeeting(meeting, path, store.read(path), repo=repo, known=known)


KEY_NAMES = {" ": "space", ":": "colon", "-": "minus", ".": "full_stop", "?": "question_mark"}


def keys(text: str) -> list[str]:
    return [KEY_NAMES.get(c, c) for c in text]


async def _run(live: LiveMeeting, *presses: str | list[str]) -> list[str]:
    """Press the keys (a list is typed text) in the app, headless at 80×24; then the app
    ends without quitting, as when the laptop is closed. The text of the screen at each
    "SNAP" and at the end. The keys between two SNAPs are sent in one burst, without waiting
    for the app (as a fast typist, or tmux, sends them): none may be lost or overtaken."""
    app = MeetingApp(live)
    screens: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        burst: list[str] = []
        for p in [*presses, "SNAP"]:
            for key in p if isinstance(p, list) else [p]:
                if key == "SNAP":
                    await _send(pilot, burst)
                    burst = []
                    screens.append(_text(app))
                else:
                    burst.append(key)
    return screens


async def _send(pilot: Pilot[None], keys: list[str]) -> None:
    """The keys as the terminal sends them (`App.post_message`, Textual's public way in),
    all at once; then wait until the app handled every one (it counts them) and the screen
    is drawn."""
    app = pilot.app
    assert isinstance(app, MeetingApp)
    target = app.keys_handled + len(keys)
    chars = {v: k for k, v in KEY_NAMES.items()}
    for key in keys:
        app.post_message(events.Key(key, chars.get(key, key if len(key) == 1 else None)))
    for _ in range(3000):
        if app.keys_handled >= target:
            break
        await pilot.pause(0.01)
    assert app.keys_handled == target, (app.keys_handled, target)
    await pilot.pause()


def _text(app: MeetingApp) -> str:
    """The characters on the screen, line by line: each widget shown, top to bottom (they
    are stacked, the full width), as it renders itself (`Widget.render_lines`)."""
    lines: list[str] = []
    for widget in app.screen.children:
        if widget.display and widget.size.height:
            region = Region(0, 0, widget.size.width, widget.size.height)
            lines += [strip.text.rstrip() for strip in widget.render_lines(region)]
    return "\n".join(lines)


def _tally(repo: Path) -> object:
    result = CliRunner().invoke(wijk, ["tally", "ronde-2017-2", "--format", "json", "--data",
                                       str(repo)])  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


VOTERS = [  # by name: the order of the screen
    "joke-aldersveld", "fatima-el-amrani", "henk-jan-bosveld", "noel-brouwer",
    "sjoerd-de-bruijn-oosterveld", "marieke-dorrestein", "ruud-kamperman", "kees-van-der-pol",
    "priya-ramdin", "anneloes-verhagen", "ahmet-yildiz", "tineke-van-t-zand",
]  # fmt: skip
ENTER, DOWN = "enter", "down"

ATTENDANCE = [
    *[DOWN] * 9, "v",  # Anneloes Verhagen: afgemeld, proxy to the first who may hold it
    *[DOWN] * 3, "a",  # Youssef Bakkali, professional: present
    ENTER, ENTER,  # opening at the round's begin time (19:30), offered
]  # fmt: skip
MEDEDELINGEN = ["n", keys("Anneloes Verhagen heeft zich afgemeld."), ENTER, ENTER]
ITEMS_1_3 = [
    # a01: toekennen (the amount asked), the rest of the room voor (the proxy too)
    "1", "J", ENTER,
    # a02: gedeeltelijk € 3000; Ruud Kamperman declares an interest at the meeting
    "2", "e", *["backspace"] * 6, keys("3000"), ENTER, *[DOWN] * 6, "b", "J", ENTER,
    # a03: Ahmet Yıldız left before it; a tie, 5 to 5 and the proxy abstains
    "1", *[DOWN] * 9, "l", "j", "SNAP",  # his vote is refused: he left
]  # fmt: skip


def a03_votes() -> list[str]:
    """From the top of the list: five for, four against, skip Ahmet (left), Tineke against,
    Anneloes (proxy) abstains."""
    return [*["up"] * 12, "j", "j", "j", "j", "j", "n", "n", "n", "n", DOWN, "n", "o", ENTER]


ITEMS_4_8 = [
    "1", "J", ENTER,  # a04
    "4", "J", ENTER,  # a05
    "1", "J", ENTER,  # a06 (Sjoerd de Bruijn-Oosterveld has an interest by the application)
    "3", "J", ENTER,  # a07
    "1", "J", ENTER,  # a08
    "n", keys("Verslag sturen"), ENTER, keys("2017-05-01"), ENTER, ENTER,  # actiepunt, Joke
    DOWN, "n", keys("Wanneer is de volgende ronde?"), ENTER, ENTER,  # rondvraag, Fatima
    "t", keys("21:40"), ENTER, "d", keys("2017-07-13"), ENTER, ENTER,
]  # fmt: skip

PRESENT = [v for v in VOTERS if v != "anneloes-verhagen"]
AFTER = [v for v in PRESENT if v != "ahmet-yildiz"]


def _ids(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


BY_HAND = f"""\
gebied: szh
datum: 2017-04-13
opening: {{tijd: 19:30}}
aanwezig: {_ids([*PRESENT, "youssef-bakkali"])}
afgemeld: [anneloes-verhagen]
volmachten: {{anneloes-verhagen: joke-aldersveld}}
vertrokken: {{ahmet-yildiz: a03-samen-op-stap}}
mededelingen: [Anneloes Verhagen heeft zich afgemeld.]
besluiten:
  a01-huiskamer:
    voorstel: toekennen
    stemmen: {{voor: {_ids([*PRESENT, "anneloes-verhagen"])}}}
  a02-wijkgids:
    voorstel: gedeeltelijk
    bedrag: 3000
    betrokken: [ruud-kamperman]
    stemmen:
      voor: {
    _ids(
        [
            x
            for x in [*PRESENT, "anneloes-verhagen"]
            if x not in ("ruud-kamperman", "tineke-van-t-zand")
        ]
    )
}
  a03-samen-op-stap:
    voorstel: toekennen
    stemmen:
      voor: [joke-aldersveld, fatima-el-amrani, henk-jan-bosveld, noel-brouwer,
             sjoerd-de-bruijn-oosterveld]
      tegen: [marieke-dorrestein, ruud-kamperman, kees-van-der-pol, priya-ramdin,
              tineke-van-t-zand]
      onthouding: [anneloes-verhagen]
  a04-muziekcafe:
    voorstel: toekennen
    stemmen: {{voor: {_ids([*AFTER, "anneloes-verhagen"])}}}
  a05-chill-en-skill:
    voorstel: aanhouden
    stemmen: {{voor: {_ids([*AFTER, "anneloes-verhagen"])}}}
  a06-repair-cafe:
    voorstel: toekennen
    stemmen:
      voor: {_ids([x for x in [*AFTER, "anneloes-verhagen"] if x != "sjoerd-de-bruijn-oosterveld"])}
  a07-buurtbarbecue:
    voorstel: afwijzen
    stemmen: {{voor: {_ids([*AFTER, "anneloes-verhagen"])}}}
  a08-taalcafe:
    voorstel: toekennen
    stemmen: {{voor: {_ids([*AFTER, "anneloes-verhagen"])}}}
actiepunten:
  - {{wat: Verslag sturen, wie: joke-aldersveld, uiterlijk: 2017-05-01}}
rondvraag:
  - {{lid: fatima-el-amrani, tekst: Wanneer is de volgende ronde?}}
sluiting: 21:40
volgende_vergadering: 2017-07-13
"""


def test_a_whole_meeting_by_key_presses_stopped_after_item_3(tmp_path: Path) -> None:
    live_repo, hand_repo = tmp_path / "live", tmp_path / "hand"
    example = Path(__file__).resolve().parents[1] / "data"
    for repo in (live_repo, hand_repo):
        shutil.copytree(example, repo / "data")
        _prepare(repo, regels="regels:\n  volmacht: true\n")
    (hand_repo / MINUTES).write_text(BY_HAND, encoding="utf-8")
    others = {p: p.read_bytes() for p in (live_repo / "data").rglob("*") if p.is_file()}

    # Session 1: attendance, mededelingen, items 1-3; item 4 half entered, then it stops.
    refused, screen = asyncio.run(_run(_open(live_repo), *ATTENDANCE, *MEDEDELINGEN,
                                       *ITEMS_1_3, *a03_votes(), "1", "j"))  # fmt: skip
    assert "Niet mogelijk: 'ahmet-yildiz' stemde, maar was al vertrokken" in refused
    assert "A04 Muziekcafé 't Middelpunt" in screen and "stap 6/13" in screen
    resumed = _open(live_repo)
    v = resumed.model
    assert v.volmachten == {"anneloes-verhagen": "joke-aldersveld"}
    assert v.vertrokken == {"ahmet-yildiz": "a03-samen-op-stap"}
    assert v.besluiten["a02-wijkgids"].betrokken == ["ruud-kamperman"]
    assert [b.unfinished for b in v.besluiten.values()] == [False] * 3 + [True] * 5
    assert resumed.resume_step() == 5  # item 4, A04
    assert resumed.outcome_words("a03-samen-op-stap").startswith(
        "voor 5, tegen 5, onthouding 1; 10 aanwezig, quorum 7: de stemmen staakten"
    )

    # Session 2: reopened, it goes on at item 4.
    [closed] = asyncio.run(_run(resumed, *ITEMS_4_8))
    assert "De vergadering is gesloten" in closed
    final = _open(live_repo).model
    assert {k: final.besluiten[k] for k in list(final.besluiten)[:3]} == {
        k: v.besluiten[k] for k in list(v.besluiten)[:3]
    }

    check(live_repo)  # the example's own warnings, nothing new
    check(hand_repo)
    assert _tally(live_repo) == _tally(hand_repo)
    changed = {p for p, raw in others.items() if p.read_bytes() != raw}
    assert changed == set()  # only the minutes were written (they did not exist before)


def test_a_refused_key_press_says_why_in_the_words_of_check(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    _prepare(repo, regels="regels:\n")
    live = _open(repo)
    before = (repo / MINUTES).read_bytes()
    [screen] = asyncio.run(_run(live, *[DOWN] * 9, "v"))  # no proxies in this round
    assert "Niet mogelijk: de regels van deze ronde staan geen stemmen bij volmacht toe" in screen
    assert "Anneloes Verhagen                  aanwezig" in screen
    assert (repo / MINUTES).read_bytes() == before


UNFINISHED = "".join(
    f"  {aid}:\n    voorstel:\n    stemmen: {{voor: [], tegen: [], onthouding: []}}\n"
    for aid in ("a03-samen-op-stap", "a04-muziekcafe", "a05-chill-en-skill", "a06-repair-cafe",
                "a07-buurtbarbecue", "a08-taalcafe")
)  # fmt: skip
SECRET_BY_HAND = f"""\
gebied: szh
datum: 2017-04-13
opening: {{tijd: 19:30}}
aanwezig: {_ids(VOTERS)}
besluiten:
  a01-huiskamer:
    voorstel: toekennen
    stemmen: {{voor: 7, tegen: 4, onthouding: 1}}
  a02-wijkgids:
    voorstel: toekennen
    stemmen: {{voor: 5, tegen: 5, onthouding: 1}}
{UNFINISHED}"""


def _codes(repo: Path) -> list[tuple[str, str]]:
    return [(path, code) for path, _, _, code in problem_list(repo)[0]]


def test_a_secret_ballot_by_counts(tmp_path: Path) -> None:
    """Secret ballot: counts, never names; a count above who may vote is refused; a tie."""
    live_repo, hand_repo = tmp_path / "live", tmp_path / "hand"
    example = Path(__file__).resolve().parents[1] / "data"
    for repo in (live_repo, hand_repo):
        shutil.copytree(example, repo / "data")
        _prepare(repo, regels="regels:\n")
        ronde = repo / RONDE / "ronde.yaml"
        text = ronde.read_text(encoding="utf-8").replace("stemming: openbaar", "stemming: geheim")
        ronde.write_text(text, encoding="utf-8")
    (hand_repo / MINUTES).write_text(SECRET_BY_HAND, encoding="utf-8")
    votes = ["j", keys("7"), ENTER, "n", keys("4"), ENTER, "o", keys("1"), ENTER]
    refused, tie, _ = asyncio.run(_run(
        _open(live_repo), ENTER, ENTER, ENTER,  # everyone present, opening 19:30; mededelingen
        "1", *votes, ENTER,  # a01
        "1", "j", keys("20"), ENTER, "SNAP",  # a02: Tineke has an interest: 11 may vote
        "j", keys("5"), ENTER, "n", keys("5"), ENTER, "o", keys("1"), ENTER, "SNAP", ENTER,
    ))  # fmt: skip
    assert "Niet mogelijk: 20 stemmen geteld, maar er waren maar 11 stemgerechtigden" in refused
    assert "voor 5, tegen 5, onthouding 1; 12 aanwezig, quorum 7: de stemmen staakten" in (
        " ".join(tie.split())  # the line wraps at 80 columns
    )
    assert _codes(live_repo) == _codes(hand_repo)
    assert not problem_list(live_repo)[1]  # no errors
    assert _tally(live_repo) == _tally(hand_repo)
    saved = (live_repo / MINUTES).read_text(encoding="utf-8")
    assert "voor: 7" in saved and "joke-aldersveld" not in saved.split("besluiten:")[1]


def test_the_first_screen_comes_before_the_data_and_keys_typed_meanwhile_count(
    tmp_path: Path,
) -> None:
    """The screen says it is loading; keys typed meanwhile wait, and are handled in order
    once the data is there (a proxy given by keys typed during the load)."""
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    _prepare(repo, regels="regels:\n  volmacht: true\n")
    go = threading.Event()

    def load() -> LiveMeeting:
        assert go.wait(60)
        return _open(repo)

    async def run() -> tuple[str, str]:
        app = MeetingApp(load=load, heading="ronde-2017-2 szh")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in [*[DOWN] * 9, "v"]:
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            for _ in range(500):
                if len(app.waiting) == 10:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            loading = _text(app)
            go.set()
            for _ in range(3000):
                if app.keys_handled == 10:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            return loading, _text(app)

    loading, ready = asyncio.run(run())
    assert loading.splitlines()[:3] == [
        " ronde-2017-2 szh · gegevens laden…",
        "Gegevens laden…",
        "(10 toetsen komen daarna)",
    ]
    assert "Anneloes Verhagen                  afgemeld, volmacht aan Joke Aldersveld" in ready
    assert "stap 1/13" in ready


def test_a_load_that_fails_ends_the_app_with_the_failure() -> None:
    """The command raises it after the app (Dutch, exit 1: tests/test_live_tmux.py)."""
    failure = WijkcliError("geen map data/ gevonden")

    def load() -> LiveMeeting:
        raise failure

    async def run() -> MeetingApp:
        app = MeetingApp(load=load, heading="ronde-2017-2 szh")
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(500):
                if not app.is_running:
                    break
                await pilot.pause(0.01)
        return app

    app = asyncio.run(run())
    assert app.failure is failure
    assert app.return_code == 1
    assert not app.loaded


OPMERKINGEN = [
    "Het thema jeugd (T4) kreeg deze ronde maar één aanvraag; het bewonersteam vraagt het "
    "jongerenwerk om jongeren te helpen bij een aanvraag voor ronde-2017-3.",
    "Hoefkwartier heeft nog geen bewonerslid in het bewonersteam; we zoeken een bewoner uit "
    "Hoefkwartier die mee wil doen.",
]


def _without_the_extras(text: str) -> str:
    """The example minutes without what the app could not enter before: the applicants who
    explained (the list and per item), the remarks for the letter, an action point's
    `gedaan`, the chair and the minute-taker."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        if skipping and line.startswith("  "):
            continue
        skipping = line.startswith("opmerkingen:")
        if skipping or line.startswith("toelichting: [") or line.startswith("    toelichting: "):
            continue
        if line.strip() == "gedaan: 2017-04-26" or line.startswith(("voorzitter:", "notulist:")):
            continue
        out.append(line)
    return "".join(out)


def test_toelichting_opmerkingen_gedaan_and_roles_by_key_presses(tmp_path: Path) -> None:
    """The example minutes without toelichting, opmerkingen, gedaan, voorzitter and
    notulist: entered in the app,
    the minutes are the example's again (the same model), and `wijk check` says what it says
    of the example."""
    live_repo, example_repo = tmp_path / "live", tmp_path / "example"
    for repo in (live_repo, example_repo):
        shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    minutes = live_repo / MINUTES
    stripped = _without_the_extras(minutes.read_text(encoding="utf-8"))
    minutes.write_text(stripped, encoding="utf-8")
    before = _open(live_repo).model
    assert (before.toelichting, before.opmerkingen) == ([], [])
    assert [b.toelichting for b in before.besluiten.values()] == [None] * 8
    assert [p.gedaan for p in before.actiepunten] == [None] * 3
    assert (before.voorzitter, before.notulist) == (None, None)

    refused, sluiting, roles, _ = asyncio.run(
        _run(
            _open(live_repo),  # it opens at the closing: step 13
            "o", keys(OPMERKINGEN[0]), ENTER, "o", keys(OPMERKINGEN[1]), ENTER, ENTER,
            "pageup", "pageup", "g", keys("4"), ENTER, "SNAP",  # there are 3 action points
            "escape", "g", keys("2"), ENTER, *["backspace"] * 10, keys("2017-04-26"), ENTER,
            ENTER,  # saved; on to the rondvraag
            *["pageup"] * 9, "a", "i", keys(" (Stichting Wijkhuiskamer Schothorst)"), ENTER,
            ENTER,  # a01 saved
            *["pagedown"] * 3, "a", "i", keys(" (jongerenwerk)"), ENTER, "SNAP", ENTER,
            *["pageup"] * 7, "c", *[DOWN] * 11, "n", "SNAP", ENTER,  # chair, minute-taker
        )
    )  # fmt: skip
    assert "Niet mogelijk: '4' is geen actiepunt van deze vergadering; kies 1 tot en met 3" in (
        refused
    )
    assert "toelichting: de aanvrager (jongerenwerk)" in " ".join(sluiting.split())
    assert "voorzitter: Joke Aldersveld · notulist: Tineke van 't Zand" in roles
    assert "> Tineke van 't Zand                 aanwezig, notulist" in roles
    assert _open(live_repo).model == _open(example_repo).model
    check(live_repo)


def test_an_action_point_done_before_the_meeting_is_refused(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    before = (repo / MINUTES).read_bytes()
    [screen] = asyncio.run(
        _run(_open(repo), "pageup", "pageup", "g", keys("1"), ENTER, *["backspace"] * 10,
             keys("2017-04-01"), ENTER)
    )  # fmt: skip
    assert "Niet mogelijk: gedaan op 1 april 2017, vóór de vergadering (13 april 2017)\nwaarin" in (
        screen
    )
    assert "3 genoteerd, 1 gedaan" in screen
    assert (repo / MINUTES).read_bytes() == before


def test_pasted_text_goes_into_the_question_in_order_its_first_line(tmp_path: Path) -> None:
    """A paste (a terminal's bracketed paste) right after the key that opens the question,
    before Enter: its first line, without control characters, is the answer."""
    repo = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", repo / "data")
    _prepare(repo, regels="regels:\n")

    async def run() -> str:
        app = MeetingApp(_open(repo))
        async with app.run_test(size=(80, 24)) as pilot:
            await _send(pilot, [ENTER, ENTER])  # attendance, the opening at 19:30
            target = app.keys_handled + 3
            app.post_message(events.Key("n", "n"))
            app.post_message(events.Paste("De \x1bzaal is open.\nEen tweede regel"))
            app.post_message(events.Key("enter", None))
            app.post_message(events.Key("enter", None))  # the mededelingen are done: saved
            for _ in range(3000):
                if app.keys_handled == target:
                    break
                await pilot.pause(0.01)
            await pilot.pause()
            return _text(app)

    screen = asyncio.run(run())
    assert "stap 3/13" in screen
    assert _open(repo).model.mededelingen == ["De zaal is open."]
