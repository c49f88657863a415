"""The larger shared pabulib files, next to the repository (../shared/pabulib): official
outcomes, Warsaw's threshold, greedy-stop-deels on 509, and cross-checks with pabutools.

These files are not in the repository (Warsaw alone is 3 MB), so ``uv run pytest`` does not
run this; tests/data/pabulib holds the small ones. Run it with
``uv run pytest benchmarks/test_shared_pabulib.py``. Without the shared folder it is skipped;
CI sets WIJK_REQUIRE_SHARED=1, which turns the skip into a failure.
"""

from __future__ import annotations

import dataclasses
import json
import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from tests.test_allocate import _plain, pabutools_greedy
from tests.test_cli_pb import _json

from wijkcli.allocate import RULES, greedy
from wijkcli.allocate.pabulib import PbFile, read_pb

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"

if not SHARED.is_dir():
    if os.environ.get("WIJK_REQUIRE_SHARED"):
        pytest.fail(f"shared pabulib files missing: {SHARED}", pytrace=False)
    pytest.skip(f"shared pabulib files missing: {SHARED}", allow_module_level=True)

FILES = sorted(p.name for p in SHARED.glob("*.pb"))


@cache
def load(name: str) -> PbFile:
    return read_pb(SHARED / name)


@cache
def official(name: str) -> set[str]:
    data = json.loads((SHARED / "official-outcomes.json").read_text(encoding="utf-8"))
    return {pid for pid, v in data[name]["selected"].items() if v in (1, 2)}


def test_all_twelve_files_present() -> None:
    assert len(FILES) == 12


@pytest.mark.parametrize("name", FILES)
def test_shared_file_parses_consistently(name: str) -> None:
    pb = load(name)
    e = pb.election
    assert pb.warnings == ()
    assert len(e.projects) == int(pb.meta["num_projects"])
    assert len(e.ballots) == int(pb.meta["num_votes"])
    assert e.budget == int(pb.meta["budget"])


REPRODUCIBLE = [
    ("Netherlands_Assen_2024.pb", "equalshares-add1"),
    ("Netherlands_Assen_2025.pb", "equalshares-add1"),
    ("Netherlands_Amsterdam_643.pb", "greedy"),
    ("Netherlands_Amsterdam_179.pb", "greedy"),
    ("Netherlands_Amsterdam_522.pb", "greedy"),
    ("Netherlands_Amsterdam_288.pb", "greedy"),
    ("Netherlands_Amsterdam_212.pb", "greedy-stop"),
    ("Netherlands_Amsterdam_309.pb", "greedy-stop"),
    ("Netherlands_Amsterdam_509.pb", "greedy-stop-deels"),
    ("Poland_Warszawa_2026.pb", "greedy"),  # with META min_project_score_threshold 3000
]


@pytest.mark.parametrize(("name", "rule"), REPRODUCIBLE)
def test_reproduces_official_outcome(name: str, rule: str) -> None:
    pb = load(name)
    result = RULES[rule](pb.election)
    assert set(result.selected) == official(name)
    assert result.spent <= pb.election.budget
    assert result.spent + result.left == pb.election.budget


def test_warsaw_reads_threshold_and_selected() -> None:
    pb = load("Poland_Warszawa_2026.pb")
    assert pb.election.min_votes == 3000
    assert pb.rule == "greedy-threshold"
    assert pb.selected is not None and pb.selected["214"] == 1


def test_warsaw_threshold_matters() -> None:
    pb = load("Poland_Warszawa_2026.pb")
    without = greedy(dataclasses.replace(pb.election, min_votes=0))
    assert set(without.selected) != official("Poland_Warszawa_2026.pb")


def test_509_part_funds_the_first_misfit() -> None:
    pb = load("Netherlands_Amsterdam_509.pb")
    result = RULES["greedy-stop-deels"](pb.election)
    cost = {p.id: p.cost for p in pb.election.projects}
    assert result.selected[-1] == "41219"
    assert 0 < result.funded["41219"] < cost["41219"]
    assert result.left == 0


def test_285_is_not_reproducible() -> None:
    # See docs/toewijzing.md: the official outcome overspends a category budget and skips
    # projects that fit with more votes.
    name = "Netherlands_Amsterdam_285.pb"
    pb = load(name)
    for rule in ("greedy", "greedy-stop", "greedy-stop-deels"):
        assert set(RULES[rule](pb.election).selected) != official(name)
        plain = dataclasses.replace(pb.election, category_budgets=None)
        assert set(RULES[rule](plain).selected) != official(name)


# Greedy against pabutools on the shared files not in tests/data/pabulib, but Warsaw
# (pabutools needs ~10 s just to build its 61,668-ballot profile).
@pytest.mark.parametrize(
    "name",
    [
        "Netherlands_Amsterdam_288.pb",
        "Netherlands_Amsterdam_285.pb",
        "Netherlands_Amsterdam_509.pb",
        "Netherlands_Amsterdam_309.pb",
    ],
)
def test_greedy_matches_pabutools(name: str) -> None:
    election = _plain(load(name))
    assert set(greedy(election).selected) == pabutools_greedy(election)


@pytest.mark.parametrize(
    ("name", "regel"),
    [
        ("Netherlands_Amsterdam_509.pb", "greedy-stop-deels"),
        ("Poland_Warszawa_2026.pb", "greedy"),
    ],
)
def test_wijk_pb_verdeel_takes_the_rule_from_meta(name: str, regel: str) -> None:
    data = _json(str(SHARED / name))
    assert data["regel"] == regel
    assert set(data["gekozen"]) == official(name)  # type: ignore[arg-type]
    # Amounts are strings of exact decimals in JSON.
    assert Decimal(data["besteed"]) + Decimal(data["over"]) == Decimal(data["budget"])
