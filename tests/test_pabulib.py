"""Tests for the pabulib reader/writer: real files, odd formatting, malformed input."""

from __future__ import annotations

import hashlib
import re
from fractions import Fraction
from pathlib import Path

import pytest

from wijkcli.allocate import Election, Project
from wijkcli.allocate.pabulib import PabulibError, format_pb, parse_pb, read_pb, write_pb

PABULIB = Path(__file__).resolve().parent / "data" / "pabulib"
FILES = sorted(p.name for p in PABULIB.glob("*.pb"))


def _git_blob_id(data: bytes) -> str:
    """What ``git hash-object`` prints for a file with these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def test_every_file_is_the_attributed_copy() -> None:
    # SOURCES.md names each file with the git blob id of the pabulib original: the copies
    # are byte for byte, and none is without its attribution.
    sources = (PABULIB / "SOURCES.md").read_text(encoding="utf-8")
    listed = dict(
        re.findall(r"^\| (\S+\.pb) \|.*\| ([0-9a-f]{40})(?: \(of the copy\))? \|$", sources, re.M)
    )
    assert sorted(listed) == FILES
    assert len(FILES) == 7
    for name in FILES:
        assert _git_blob_id((PABULIB / name).read_bytes()) == listed[name], name


@pytest.mark.parametrize("name", FILES)
def test_file_parses_consistently(name: str) -> None:
    pb = read_pb(PABULIB / name)
    e = pb.election
    assert pb.warnings == ()
    assert len(e.projects) == int(pb.meta["num_projects"])
    assert len(e.ballots) == int(pb.meta["num_votes"])
    assert e.budget == int(pb.meta["budget"])
    counted: dict[str, int] = {p.id: 0 for p in e.projects}
    for ballot in e.ballots:
        for pid in ballot:
            counted[pid] += 1
    text = (PABULIB / name).read_text(encoding="utf-8-sig")
    assert str(max(counted.values())) in text  # the votes column is there too


def test_selected_column_is_read() -> None:
    # Warsaw's threshold and selected column are checked from benchmarks/ (3 MB file).
    pb = read_pb(PABULIB / "Netherlands_Assen_2024.pb")
    assert pb.rule == "equalshares/add1"
    assert pb.selected is not None
    assert len(pb.selected) == 14
    assert sorted((pid for pid, v in pb.selected.items() if v == 1), key=int) == [
        "2",
        "3",
        "5",
        "6",
        "9",
        "11",
        "12",
        "13",
        "14",
    ]


def test_category_budgets_follow_meta_categories() -> None:
    pb = read_pb(PABULIB / "Netherlands_Amsterdam_179.pb")
    assert pb.election.category_budgets == {"Jeugd": 82000, "Groen": 53000, "Ontmoeting": 115000}


MINIMAL = (
    '\ufeffMETA\r\nkey;value\r\nbudget;"1000,50"\r\nvote_type;approval\r\nrule;greedy\r\n'
    'PROJECTS\r\nproject_id;cost;name\r\n1;"500,25";"Bankje; met ""rugleuning"""\r\n'
    "2;300;Boom\r\n"
    "VOTES\r\nvoter_id;vote\r\nv1;1,2\r\nv2;2\r\nv3;\r\n"
)


def test_bom_crlf_quotes_and_decimal_commas() -> None:
    pb = parse_pb(MINIMAL, "mini.pb")
    e = pb.election
    assert e.unit == 100
    assert e.budget == 100050
    assert {p.id: p.cost for p in e.projects} == {"1": 50025, "2": 30000}
    assert pb.names["1"] == 'Bankje; met "rugleuning"'
    assert e.ballots == (frozenset({"1", "2"}), frozenset({"2"}), frozenset())
    assert pb.amount(e.budget) == Fraction(2001, 2)


def test_round_trip(tmp_path: Path) -> None:
    election = Election(
        projects=(Project("1", 1250, "groen"), Project("10", 300), Project("2", 700, "groen")),
        budget=2000,
        ballots=(frozenset({"1", "10"}), frozenset({"2"}), frozenset()),
        unit=100,
    )
    path = tmp_path / "ronde.pb"
    write_pb(
        path,
        election,
        meta={"description": "Ronde; test", "rule": "greedy"},
        names={"1": 'Bank "groot"'},
        selected={"1": 1},
    )
    pb = read_pb(path)
    assert pb.election == election
    assert pb.names["1"] == 'Bank "groot"'
    assert pb.selected == {"1": 1, "10": 0, "2": 0}
    assert pb.meta["description"] == "Ronde; test"
    assert "12.50" in path.read_text(encoding="utf-8")


def test_weights_round_trip() -> None:
    election = Election(
        projects=(Project("a", 5),),
        budget=5,
        ballots=(frozenset({"a"}), frozenset()),
        weights=(Fraction(1, 2), 2),
    )
    assert parse_pb(format_pb(election)).election == election


def _error(text: str) -> PabulibError:
    with pytest.raises(PabulibError) as info:
        parse_pb(text, "kapot.pb")
    return info.value


GOOD = MINIMAL.replace("\ufeff", "").replace("\r\n", "\n").splitlines()


def _with(line_no: int, new: str) -> str:
    lines = list(GOOD)
    lines[line_no - 1] = new
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (_with(3, "budget;veel"), 3, "geen getal"),
        (_with(8, "1;duur;Bankje"), 8, "kosten"),
        (_with(9, "1;300;Boom"), 9, "twee keer"),
        (_with(12, "v1;1,7"), 12, "onbekend project '7'"),
        (_with(13, "v2;2;extra"), 13, "velden"),
        (_with(12, "v1;1,1"), 12, "twee keer"),
        (_with(4, "vote_type;ordinal"), 4, "ordinal"),
        (_with(7, "project_id;name"), 7, "cost"),
        (_with(9, "2;-5;Boom"), 9, "negatief"),
        (_with(5, "rule"), 5, "2 velden"),
    ],
)
def test_malformed_file_reports_the_line(text: str, line: int, fragment: str) -> None:
    err = _error(text)
    assert err.line == line
    assert fragment in err.message
    assert str(err).startswith(f"kapot.pb:{line}: ")


def test_missing_section() -> None:
    text = "\n".join(GOOD[:9]) + "\n"
    err = _error(text)
    assert "VOTES" in err.message
    assert str(err).startswith("kapot.pb: ")


def test_text_before_first_section() -> None:
    err = _error("hallo\n" + "\n".join(GOOD))
    assert err.line == 1


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(PabulibError, match="kan het bestand niet lezen"):
        read_pb(tmp_path / "bestaat-niet.pb")
    bad = tmp_path / "latin1.pb"
    bad.write_bytes(b"META\nkey;value\nbudget;1\ndescription;caf\xe9\n")
    with pytest.raises(PabulibError) as info:
        read_pb(bad)
    assert info.value.line == 4
