"""`wijk pb verdeel` with Equal Shares stays within memory proportional to the ballots (#31.6,
#32.3): supporter tables of earlier rounds are freed as the rule goes (and counted again when
needed, with the same outcome), and a run that would need more than its bound stops with a
Dutch message naming the bound (exit 1), never MemoryError (exit 3)."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkcli import allocate
from wijkcli.allocate import Election, Project, equal_shares
from wijkcli.allocate.memory import memory_bound

from .test_allocate import elections


def _random_election(projects: int, voters: int, most: int, seed: int) -> Election:
    rnd = random.Random(seed)
    ps = tuple(Project(str(i + 1), rnd.randint(1, 200) * 1000) for i in range(projects))
    ballots = tuple(
        frozenset(str(p + 1) for p in rnd.sample(range(projects), rnd.randint(1, most)))
        for _ in range(voters)
    )
    return Election(ps, sum(p.cost for p in ps) // 4, ballots)


def _write_pb(path: Path, e: Election) -> None:
    votes = {p.id: 0 for p in e.projects}
    for b in e.ballots:
        for pid in b:
            votes[pid] += 1
    lines = ["META", "key;value", "description;gen", "country;Nederland", "unit;Test",
             "instance;1", f"num_projects;{len(e.projects)}", f"num_votes;{len(e.ballots)}",
             f"budget;{e.budget}", "vote_type;approval", "rule;greedy", "PROJECTS",
             "project_id;cost;votes"]  # fmt: skip
    lines += [f"{p.id};{p.cost};{votes[p.id]}" for p in e.projects]
    lines += ["VOTES", "voter_id;vote"]
    lines += [f"{i + 1};{','.join(sorted(b, key=int))}" for i, b in enumerate(e.ballots)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("completion", ["none", "add1"])
@pytest.mark.parametrize("seed", [1, 2])
def test_freeing_the_tables_of_earlier_rounds_keeps_the_outcome(
    completion: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    e = _random_election(40, 600, 8, seed)
    kept = equal_shares(e, completion=completion)  # type: ignore[arg-type]
    monkeypatch.setattr(allocate.mes, "_TABLE_ENTRIES", 0)  # free them every round
    shed = equal_shares(e, completion=completion)  # type: ignore[arg-type]
    assert shed.selected == kept.selected and len(kept.selected) > 3


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(max_projects=8, max_voters=40), st.integers(1, 3), st.data())
def test_freeing_tables_matches_the_plain_loop(
    election: Election, step: int, data: st.DataObject
) -> None:
    weights = data.draw(
        st.none()
        | st.lists(
            st.sampled_from([Fraction(1, 2), 1, 2]),
            min_size=len(election.ballots),
            max_size=len(election.ballots),
        ).map(tuple)
    )
    e = dataclasses.replace(election, weights=weights)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(allocate.mes, "_TABLE_ENTRIES", 0)
        fast = equal_shares(e, step=step).selected
    assert fast == allocate._equal_shares_add1_naive(e, step=step)


SMALL_BOUND = """
import sys
import wijkcli.allocate.memory as m
m.MEMORY_BASE = 32 << 20
m.MEMORY_PER_APPROVAL = 16
from wijkcli.cli.app import app
sys.argv = ["wijk", "pb", "verdeel", sys.argv[1], "--regel", sys.argv[2]]
app()
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS: Linux only")
@pytest.mark.parametrize("regel", ["equalshares", "equalshares-add1"])
def test_a_run_beyond_its_memory_bound_stops_with_a_dutch_message(
    regel: str, tmp_path: Path
) -> None:
    pb = tmp_path / "groot.pb"
    # About 209,000 approvals: either rule needs more than twice the bound (32 MB + 16 bytes
    # an approval, ~35 MB) on top of what the process uses, so the run stops well past a
    # margin any machine's allocator could eat. With 8,000 ballots the rule needed only 1-3 MB
    # more than a 32 MB bound; a bound of 8 MB instead crashed the interpreter once in CI
    # (SIGSEGV, not reproduced since): so little room can be used up outside the rule.
    e = _random_election(150, 20_000, 20, 1)
    _write_pb(pb, e)
    approvals = sum(map(len, e.ballots))
    bound = (32 << 20) + 16 * approvals
    proc = subprocess.run(
        [sys.executable, "-c", SMALL_BOUND, str(pb), regel],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    dutch = f"{approvals:,}".replace(",", ".")
    assert (proc.returncode, proc.stdout) == (1, ""), proc.stderr
    assert proc.stderr == (
        f"wijk: {pb}: de verdeling heeft meer dan {bound >> 20} MB geheugen nodig, de grens "
        f"voor deze stemming (32 MB plus 16 bytes per stem op een project, {dutch} stemmen; "
        "hoogstens 4 GB of driekwart van het geheugen van deze computer); kies een regel als "
        "greedy, of verdeel de stemming in delen\n"
    )
    # With the real bound a file is allocated as in-process without any bound (a smaller
    # one: Add1 on 8,000 random ballots takes minutes).
    e = _random_election(40, 600, 8, 1)
    _write_pb(pb, e)
    done = subprocess.run(
        [sys.executable, "-m", "wijkcli", "pb", "verdeel", str(pb), "--regel", regel,
         "--format", "json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    completion = "none" if regel == "equalshares" else "add1"
    expected = equal_shares(e, completion=completion).selected  # type: ignore[arg-type]
    assert tuple(json.loads(done.stdout)["gekozen"]) == tuple(expected)


def test_the_bound_grows_with_the_ballots_up_to_its_cap() -> None:
    assert memory_bound(0) == min(512 << 20, memory_bound(10**12))
    assert memory_bound(1000) - memory_bound(0) in (1000 * 1024, 0)
    assert memory_bound(10**12) <= 4 << 30


def test_a_read_file_keeps_one_id_string_per_project_and_one_set_per_distinct_ballot() -> None:
    """Memory of `read_pb` (#32.3): 1.4 GB for a 30 MB file before, because every ballot
    held copies of the ids; now every ballot holds the project's own id string, and
    identical ballots (in any order, with spaces) are one frozenset. The values are equal."""
    from wijkcli.allocate.pabulib import parse_pb

    text = (
        "META\nkey;value\nnum_projects;3\nnum_votes;4\nbudget;10\nvote_type;approval\n"
        "PROJECTS\nproject_id;cost\n1;5\n2;5\n3;5\n"
        "VOTES\nvoter_id;vote\n1;1,2\n2; 2 ,1\n3;3\n4;1,2\n"
    )
    e = parse_pb(text).election
    assert e.ballots == (frozenset({"1", "2"}),) * 2 + (frozenset({"3"}), frozenset({"1", "2"}))
    assert e.ballots[0] is e.ballots[1] is e.ballots[3]
    ids = {p.id: p.id for p in e.projects}
    assert all(pid is ids[pid] for ballot in e.ballots for pid in ballot)
