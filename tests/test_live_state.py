"""What `wijk vergadering` lets the secretary enter (`wijkcli.live.state`), without a screen:
proxies only where the round allows them and to members under the cap, refusals in the words
of `wijk check`, and nothing on disk until a step is finished."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wijkcli.live import store
from wijkcli.live.state import LiveMeeting, Refused, Step
from wijkcli.nieuw import vergadering_text, write_new
from wijkcli.pipeline import load_clean

pytestmark = pytest.mark.slow  # a check of the minutes after every change

RONDE = "data/rondes/ronde-2017-2"
MINUTES = f"{RONDE}/vergadering-szh.yaml"


@pytest.fixture
def live(tmp_path: Path) -> LiveMeeting:
    """The example round before its meeting, proxies allowed (one per member)."""
    shutil.copytree(Path(__file__).resolve().parents[1] / "data", tmp_path / "data")
    (tmp_path / MINUTES).unlink()
    shutil.rmtree(tmp_path / RONDE / "voortgang")
    ronde = tmp_path / RONDE / "ronde.yaml"
    text = ronde.read_text(encoding="utf-8").replace("regels:\n", "regels:\n  volmacht: true\n")
    ronde.write_text(text, encoding="utf-8")
    dataset, _ = load_clean(tmp_path, ronde="ronde-2017-2")
    meeting = dataset.meeting("ronde-2017-2", "szh")
    write_new(tmp_path / MINUTES, vergadering_text(meeting))
    return LiveMeeting(meeting, tmp_path / MINUTES, store.read(tmp_path / MINUTES))


def test_a_proxy_goes_only_to_a_member_under_the_cap(live: LiveMeeting) -> None:
    voters = live.voters()
    assert "joke-aldersveld" in live.proxy_holders("anneloes-verhagen")
    live.next_proxy("anneloes-verhagen")  # the first who may hold it: Joke Aldersveld
    assert live.holder_of("anneloes-verhagen") == "joke-aldersveld"
    assert live.status("anneloes-verhagen") == "volmacht"
    assert "joke-aldersveld" not in live.proxy_holders("kees-van-der-pol")  # holds one already
    live.next_proxy("anneloes-verhagen")  # again: the next one
    assert live.holder_of("anneloes-verhagen") == "fatima-el-amrani"
    # A member who holds a proxy cannot be away himself.
    with pytest.raises(Refused, match=r"maar 'fatima-el-amrani' staat niet bij aanwezig$"):
        live.set_status("fatima-el-amrani", "afgemeld")
    # Only Joke, Fatima and Kees are left; Ruud's proxy goes to Fatima (Joke holds one) ...
    stay = ("joke-aldersveld", "fatima-el-amrani", "kees-van-der-pol", "ruud-kamperman")
    for x in voters:
        if x not in (*stay, "anneloes-verhagen"):
            live.set_status(x, "afgemeld")
    live.next_proxy("anneloes-verhagen")  # the next after Fatima, in the order of the names
    assert live.holder_of("anneloes-verhagen") == "ruud-kamperman"
    live.set_status("anneloes-verhagen", "afgemeld")  # no proxy
    assert live.holder_of("anneloes-verhagen") is None
    live.next_proxy("anneloes-verhagen")  # the first again
    assert live.holder_of("anneloes-verhagen") == "joke-aldersveld"
    assert live.proxy_holders("ruud-kamperman") == ["fatima-el-amrani", "kees-van-der-pol"]
    # (Joke holds one already; Ruud himself is not offered)
    live.next_proxy("ruud-kamperman")
    assert live.holder_of("ruud-kamperman") == "fatima-el-amrani"
    # ... and Kees can give his to nobody: every member there holds as many as allowed.
    assert live.proxy_holders("kees-van-der-pol") == []
    with pytest.raises(Refused) as refused:
        live.next_proxy("kees-van-der-pol")
    assert str(refused.value) == (
        "'joke-aldersveld' heeft al 1 volmacht; meer mag niet volgens de regels van de ronde "
        "(max_per_lid: 1)"
    )
    assert live.status("kees-van-der-pol") == "aanwezig"


def test_refusals_use_the_words_of_check(live: LiveMeeting) -> None:
    on_disk = live.path.read_bytes()
    live.set_voorstel("a01-huiskamer", "gedeeltelijk")  # no amount yet: fine until the votes
    live.set_voorstel("a02-wijkgids", "afwijzen")
    before = live.raw
    with pytest.raises(Refused, match=r"^'25:00' is geen tijd; schrijf uren:minuten"):
        live.set_opening("25:00")
    with pytest.raises(Refused, match=r"^het voorstel \(€ 9\.000,00\) is meer dan gevraagd"):
        live.set_amount("a01-huiskamer", "9000")  # judged before anyone voted
    with pytest.raises(Refused, match=r"^bij voorstel 'afwijzen' hoort geen bedrag"):
        live.set_amount("a02-wijkgids", "100")
    with pytest.raises(Refused, match=r"^eerst het voorstel: 1 toekennen"):
        live.vote("a03-samen-op-stap", "joke-aldersveld", "voor")
    with pytest.raises(Refused, match="volgens de aanvraag een persoonlijk belang"):
        live.toggle_interest("a02-wijkgids", "tineke-van-t-zand")
    with pytest.raises(Refused, match=r"^'tineke-van-t-zand' heeft een persoonlijk belang"):
        live.vote("a02-wijkgids", "tineke-van-t-zand", "voor")
    with pytest.raises(Refused, match=r"^de stemming in deze ronde is openbaar"):
        live.set_count("a02-wijkgids", "voor", "3")
    with pytest.raises(Refused, match=r"^agendapunt 'a01-huiskamer' is nog niet afgehandeld"):
        live.finish(Step("punt", "a01-huiskamer"))
    assert live.raw == before  # each refused change was undone
    assert live.path.read_bytes() == on_disk  # and nothing was written


def test_the_file_is_written_when_a_step_is_finished(live: LiveMeeting) -> None:
    on_disk = live.path.read_bytes()
    live.set_voorstel("a01-huiskamer", "toekennen")
    live.vote_rest("a01-huiskamer", "voor")
    assert live.path.read_bytes() == on_disk  # not yet
    live.finish(Step("punt", "a01-huiskamer"))
    assert live.path.read_bytes() == live.raw != on_disk
    item = live.outcome("a01-huiskamer")
    assert item is not None and (item.voor, item.uitkomst) == (12, "aangenomen")
