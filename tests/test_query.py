"""The query API of `Dataset` (load.py) and its one error for an unknown id, on the example data;
on the command line an unknown ronde or gebied is a usage mistake: exit 2."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcli.cli.app import app
from wijkcli.dataset import Dataset, RondeData
from wijkcli.model import Regels
from wijkcli.problems import UnknownIdError, UsageMistake, WijkcliError

TEAM = [
    "ahmet-yildiz", "anneloes-verhagen", "fatima-el-amrani", "henk-jan-bosveld",
    "joke-aldersveld", "kees-van-der-pol", "marieke-dorrestein", "noel-brouwer",
    "priya-ramdin", "ruud-kamperman", "sjoerd-de-bruijn-oosterveld", "tineke-van-t-zand",
]  # fmt: skip
PROFESSIONALS = [
    "bas-rietveld", "gerda-wolters", "linda-hoogeveen", "martijn-zwart", "mirjam-lagerweij",
    "youssef-bakkali",
]  # fmt: skip


def test_ronde_and_gebied_by_id(example_dataset: Dataset) -> None:
    r = example_dataset.ronde("ronde-2017-2")
    assert r.id == "ronde-2017-2"
    assert r.info.jaar == 2017 and r.info.id == "ronde-2017-2"
    g = example_dataset.gebied("szh")
    assert g.id == "szh" and g.info.naam == "SZH"


def test_lid_by_id(example_dataset: Dataset) -> None:
    lid = example_dataset.gebied("szh").lid("tineke-van-t-zand")
    assert (lid.id, lid.rol) == ("tineke-van-t-zand", "bewonersteam")


def test_voting_members(example_dataset: Dataset) -> None:
    g = example_dataset.gebied("szh")
    assert g.voters(Regels()) == TEAM
    both = Regels(stemrecht="bewonersteam-en-professionals")
    assert g.voters(both) == sorted(TEAM + PROFESSIONALS)


def _with_rounds(dataset: Dataset, *rounds: tuple[str, int, date]) -> Dataset:
    """The example gebied with copies of ronde-2017-2 under other ids, years and dates."""
    base = dataset.ronde("ronde-2017-2")
    rondes = {}
    for rid, jaar, datum in rounds:
        vergadering = base.info.vergadering.model_copy(update={"datum": datum})
        ronde = base.info.model_copy(update={"id": rid, "jaar": jaar, "vergadering": vergadering})
        rondes[rid] = RondeData(rid, ronde=ronde, ronde_src=base.ronde_src)
    return replace(dataset, rondes=rondes)


def test_rondes_in_year_in_meeting_date_order(example_dataset: Dataset) -> None:
    ds = _with_rounds(
        example_dataset,
        ("ronde-b", 2017, date(2017, 9, 1)),
        ("ronde-a", 2017, date(2017, 3, 1)),
        ("ronde-z", 2017, date(2017, 3, 1)),  # same date: by id
        ("ronde-c", 2018, date(2018, 1, 1)),  # another year
    )
    ids = [r.id for r in ds.rondes_in_year(2017, "szh")]
    assert ids == ["ronde-a", "ronde-z", "ronde-b"]
    assert ds.rondes_in_year(2017, "elders") == []
    assert [r.id for r in ds.rondes_in_year(2018, "szh")] == ["ronde-c"]


def test_unknown_ronde_message_with_suggestion(example_dataset: Dataset) -> None:
    with pytest.raises(UnknownIdError) as exc:
        example_dataset.ronde("ronde-2017-3")
    assert str(exc.value) == (
        "ronde 'ronde-2017-3' bestaat niet in data/rondes (wel: ronde-2017-2); "
        "bedoelde je 'ronde-2017-2'?"
    )
    assert isinstance(exc.value, UsageMistake) and isinstance(exc.value, WijkcliError)


def test_unknown_ids_without_a_close_match(example_dataset: Dataset) -> None:
    with pytest.raises(UnknownIdError) as exc:
        example_dataset.gebied("xyz")
    assert str(exc.value) == "gebied 'xyz' bestaat niet in data/gebieden (wel: szh)"
    with pytest.raises(UnknownIdError) as exc:
        example_dataset.gebied("szh").lid("tineke")
    assert str(exc.value).startswith(
        "lid 'tineke' bestaat niet in data/gebieden/szh/leden.yaml (wel: ahmet-yildiz, "
    )
    with pytest.raises(UnknownIdError) as exc:
        example_dataset.gebied("szh").lid("tineke-van-zand")
    assert str(exc.value).endswith(" en nog 8); bedoelde je 'tineke-van-t-zand'?")


def test_unknown_id_in_empty_and_long_lists() -> None:
    assert str(UnknownIdError("ronde", "r1", "data/rondes", [])) == (
        "ronde 'r1' bestaat niet in data/rondes (er is er nog geen)"
    )
    known = [f"ronde-{i:05d}" for i in range(20000)]
    start = time.perf_counter()
    message = str(UnknownIdError("ronde", "ronde-0x123", "data/rondes", known))
    elapsed = time.perf_counter() - start
    assert message.startswith(
        "ronde 'ronde-0x123' bestaat niet in data/rondes (wel: ronde-00000, ronde-00001, "
    )
    assert " en nog 19990)" in message
    assert elapsed < 5  # bounded: generous for a loaded machine; unbounded takes far longer
    long = "x" * 10_000
    text = str(UnknownIdError("gebied", long, "data/gebieden", ["szh"]))
    assert text == f"gebied '{long[:79]}…' bestaat niet in data/gebieden (wel: szh)"
    # Too long to compare: no suggestion even when one is close.
    assert "bedoelde" not in str(UnknownIdError("gebied", long, "data/gebieden", [long + "y"]))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["advies", "ronde-2071-2"], "ronde 'ronde-2071-2' bestaat niet in data/rondes"),
        (["tally", "onbekend"], "ronde 'onbekend' bestaat niet in data/rondes (wel: ronde-2017-2)"),
        (["plan", "xyz", "2017"], "gebied 'xyz' bestaat niet in data/gebieden (wel: szh)"),
        (["advies", "ronde-2017-2", "--gebied", "szj"], "bedoelde je 'szh'?"),
        (["pb", "export", "ronde-2017-3"], "bedoelde je 'ronde-2017-2'?"),
    ],
)
def test_unknown_id_on_the_command_line_exits_2(
    runner: CliRunner, example_repo: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*args, "--data", str(example_repo)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("wijk: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
