"""`wijk vergadering` writes the minutes as a round trip: a file opened and saved without a
change is the same bytes (comments, flow lists, quotes, times and amounts as they were); the
write is atomic and never goes through a symbolic link."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from wijkcli.live import store
from wijkcli.live.state import LiveMeeting
from wijkcli.pipeline import load_clean
from wijkcli.problems import WijkcliError

MINUTES = "data/rondes/ronde-2017-2/vergadering-szh.yaml"
EXAMPLE = Path(__file__).resolve().parents[1] / "data"

# The example with a comment in every place a secretary puts one.
COMMENTED = """\
# Notulen (concept) -- met commentaar overal
gebied: szh   # het gebied
datum: 2017-04-13
voorzitter: joke-aldersveld

# wie er waren
aanwezig: [joke-aldersveld, ruud-kamperman, tineke-van-t-zand, fatima-el-amrani,
  henk-jan-bosveld, marieke-dorrestein, ahmet-yildiz, noel-brouwer, priya-ramdin,
  kees-van-der-pol, sjoerd-de-bruijn-oosterveld]
afgemeld:
  - anneloes-verhagen   # ziek
vertrokken: {ahmet-yildiz: a08-taalcafe}
vertrokken_om:
  ahmet-yildiz: '21.15'
besluiten:
  # eerst de huiskamer
  a01-huiskamer:
    voorstel: gedeeltelijk
    bedrag: 6500.00   # minder dan gevraagd
    uren: {mirjam-lagerweij: 30}
    motivering:
      - "Past bij thema ontmoeten (T2)."
      - 'De maaltijd: uit de bijdragen.'
      - >-
        Een lange reden die over
        twee regels loopt.
    stemmen:
      voor: [joke-aldersveld, ruud-kamperman, tineke-van-t-zand, fatima-el-amrani,
             marieke-dorrestein, noel-brouwer, priya-ramdin, kees-van-der-pol]
      tegen:
        - henk-jan-bosveld
        # na lang twijfelen
        - sjoerd-de-bruijn-oosterveld
      onthouding: [ahmet-yildiz]
  a02-wijkgids:
    voorstel:    # nog niet besproken
    stemmen: {voor: [], tegen: [], onthouding: []}
  a03-samen-op-stap: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}
  a04-muziekcafe: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}
  a05-chill-en-skill: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}
  a06-repair-cafe: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}  # later
  a07-buurtbarbecue: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}
  a08-taalcafe: {voorstel: null, stemmen: {voor: [], tegen: [], onthouding: []}}
sluiting: 21:40
# einde
"""


def _open(repo: Path) -> LiveMeeting:
    dataset, known = load_clean(repo, ronde="ronde-2017-2")
    path = repo / MINUTES
    meeting = dataset.meeting("ronde-2017-2", "szh")
    return LiveMeeting(meeting, path, store.read(path), known=known)


@pytest.mark.parametrize("text", [None, COMMENTED], ids=["example", "commented"])
def test_open_and_save_without_a_change_is_the_same_bytes(
    example_repo: Path, text: str | None
) -> None:
    path = example_repo / MINUTES
    if text is not None:
        shutil.rmtree(example_repo / "data/rondes/ronde-2017-2/voortgang")
        path.write_text(text, encoding="utf-8")
    before = path.read_bytes()
    live = _open(example_repo)
    live.change(lambda doc: None)  # through the document: dumped, checked
    live.save()
    assert path.read_bytes() == before
    assert sorted(os.listdir(path.parent)) == sorted(
        ["aanvragen", "ronde.yaml", "vergadering-szh.yaml"]
        + (["voortgang"] if text is None else [])
    )  # no temporary file left


def test_a_change_keeps_every_comment(example_repo: Path) -> None:
    path = example_repo / MINUTES
    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2/voortgang")
    path.write_text(COMMENTED, encoding="utf-8")
    live = _open(example_repo)
    live.add_text("a01-huiskamer", "voorwaarden", "Verslag na 6 maanden.")
    live.set_closing("21:45")
    live.save()
    after = path.read_text(encoding="utf-8")
    # Only what changed is new; the rest, a list over two lines included, is as it was.
    assert after == COMMENTED.replace(
        "    stemmen:\n      voor: [joke",
        '    voorwaarden:\n      - "Verslag na 6 maanden."\n    stemmen:\n      voor: [joke',
    ).replace("sluiting: 21:40", "sluiting: 21:45")


def test_a_link_is_never_followed(tmp_path: Path) -> None:
    real = tmp_path / "elders.yaml"
    real.write_bytes(b"gebied: szh\n")
    link = tmp_path / "vergadering-szh.yaml"
    link.symlink_to(real)
    with pytest.raises(WijkcliError, match="symbolische link"):
        store.write(link, b"x: 1\n")
    with pytest.raises(WijkcliError, match="symbolische link"):
        store.read(link)
    assert real.read_bytes() == b"gebied: szh\n" and link.is_symlink()
