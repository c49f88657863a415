"""Add1's search split over two processes gives exactly what one process gives: the same
outcome and notes, whichever process finds the end, also when the second process fails or
cannot be had, and without leaving a process or a pipe behind."""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_allocate import elections
from wijkcli.allocate import (
    Allocation,
    Election,
    Project,
    _equal_shares_add1_naive,
    add1,
    equal_shares,
    forked,
)
from wijkcli.allocate.forked import ForkedStream
from wijkcli.allocate.pabulib import read_pb

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "pabulib"

# Project 1 becomes affordable for its one supporter at raise 81 (budget 91 per voter).
SMALL = Election(
    projects=(Project("1", 90), Project("2", 10)),
    budget=100,
    ballots=(frozenset({"1", "2"}), *[frozenset({"2"})] * 9),
)


@cache
def _election(name: str) -> Election:
    if not SHARED.is_dir():
        pytest.fail(f"shared pabulib files missing: {SHARED}")
    return dataclasses.replace(read_pb(SHARED / name).election, min_votes=0)


def _add1(election: Election, workers: str, monkeypatch: pytest.MonkeyPatch) -> Allocation:
    monkeypatch.setenv("WIJK_WORKERS", workers)
    return equal_shares(election)


def _splits(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records every split search: how many blocks were searched before it split."""
    calls: list[int] = []
    real = add1._search_in_two

    def spy(here: add1._Search, done: list[add1._Block]) -> list[add1._Block]:
        calls.append(len(done))
        return real(here, done)

    monkeypatch.setattr(add1, "_search_in_two", spy)
    return calls


def _searched_here(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records the blocks this process searches (the child's copy of the list stays there)."""
    here: list[int] = []
    real = add1._Search.block
    me = os.getpid()

    def spy(self: add1._Search, index: int) -> add1._Block:
        if os.getpid() == me:
            here.append(index)
        return real(self, index)

    monkeypatch.setattr(add1._Search, "block", spy)
    return here


def _last_raise(result: Allocation) -> int:
    """The raise at which Add1 ended, from its note."""
    note = next(n for n in result.notes if n.startswith("Add1:"))
    match = re.match(r"Add1: (?:uitkomst na )?(\d+) verhogingen", note)
    assert match is not None, note
    return int(match.group(1))


def _block_of(k: int) -> int:
    return next(i for i in itertools.count() if add1.block_range(i)[1] > k)


def test_blocks_cover_every_raise_once_and_grow_to_the_largest_block() -> None:
    ranges = [add1.block_range(i) for i in range(40)]
    assert ranges[:7] == [(0, 1), (1, 2), (2, 3), (3, 5), (5, 7), (7, 11), (11, 15)]
    for (_, hi), (lo, _) in itertools.pairwise(ranges):
        assert hi == lo
    assert max(hi - lo for lo, hi in ranges) == add1._MAX_BLOCK


@pytest.mark.parametrize(
    ("name", "ender"),
    [
        # Add1 ends at raise 274 (block 24, this process) and at raise 31 (block 9, the child).
        ("Netherlands_Amsterdam_166.pb", "parent"),
        ("Netherlands_Amsterdam_285.pb", "child"),
    ],
)
def test_two_processes_find_what_one_finds(
    name: str, ender: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    election = _election(name)
    one = _add1(election, "1", monkeypatch)
    splits = _splits(monkeypatch)
    here = _searched_here(monkeypatch)
    two = _add1(election, "2", monkeypatch)
    assert splits == [0], "a big election is split from the start"
    assert (two.selected, two.notes) == (one.selected, one.notes)
    end = _block_of(_last_raise(two))
    # The child's blocks (the odd ones) came through the pipe, not from this process.
    assert here and not [i for i in here if i % 2]
    assert (end in here) == (ender == "parent")


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    election=elections(max_projects=8, max_voters=30),
    step=st.integers(1, 3),
    largest=st.integers(1, 3),
    at_once=st.booleans(),
    child_fails_at=st.none() | st.integers(1, 12),
)
def test_a_split_search_equals_one_process_on_random_elections(
    election: Election,
    step: int,
    largest: int,
    at_once: bool,
    child_fails_at: int | None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WIJK_WORKERS", "1")
    one = equal_shares(election, step=step)
    assert one.selected == _equal_shares_add1_naive(election, step)
    # Small blocks and no waiting, so that even these searches are split over many blocks.
    monkeypatch.setattr(add1, "_MAX_BLOCK", largest)
    monkeypatch.setattr(add1, "_SPLIT_AT_ONCE", 0 if at_once else 10**9)
    monkeypatch.setattr(add1, "_FORK_AFTER", 0.0)
    if child_fails_at is not None:
        monkeypatch.setattr(add1._Search, "block", _child_fails_from(child_fails_at, os.getpid()))
    monkeypatch.setenv("WIJK_WORKERS", "2")
    two = equal_shares(election, step=step)
    assert (two.selected, two.notes) == (one.selected, one.notes)


def _child_fails_from(block: int, parent: int) -> Callable[[add1._Search, int], add1._Block]:
    real = add1._Search.block

    def flaky(self: add1._Search, index: int) -> add1._Block:
        if os.getpid() != parent and index >= block:
            raise RuntimeError("the second process breaks down")
        return real(self, index)

    return flaky


@pytest.mark.parametrize("block", [1, 5])
def test_a_failing_second_process_changes_nothing(
    block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    election = _election("Netherlands_Amsterdam_285.pb")
    one = _add1(election, "1", monkeypatch)
    monkeypatch.setattr(add1._Search, "block", _child_fails_from(block, os.getpid()))
    two = _add1(election, "2", monkeypatch)
    assert (two.selected, two.notes) == (one.selected, one.notes)


def test_one_worker_never_forks(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork(*args: Any) -> None:
        raise AssertionError("forked although WIJK_WORKERS=1")

    monkeypatch.setattr(add1, "ForkedStream", no_fork)
    monkeypatch.setattr(add1, "_FORK_AFTER", 0.0)
    monkeypatch.setattr(add1, "_SPLIT_AT_ONCE", 0)
    assert _add1(SMALL, "1", monkeypatch).selected == _equal_shares_add1_naive(SMALL)


def test_a_search_still_going_after_the_limit_is_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIJK_WORKERS", raising=False)
    monkeypatch.setattr(add1, "second_core", lambda: True)
    monkeypatch.setattr(add1, "_FORK_AFTER", 0.0)
    splits = _splits(monkeypatch)
    result = equal_shares(SMALL)
    assert result.selected == _equal_shares_add1_naive(SMALL) == ("2", "1")
    assert _last_raise(result) == 81
    assert splits == [1]


def test_a_short_search_is_not_split(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIJK_WORKERS", "2")
    splits = _splits(monkeypatch)
    assert equal_shares(SMALL).selected == ("2", "1")
    assert splits == []


@pytest.mark.parametrize("call", ["fork", "pipe"])
def test_no_second_process_to_be_had_changes_nothing(
    call: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    expected = _equal_shares_add1_naive(SMALL)
    monkeypatch.setattr(add1, "_FORK_AFTER", 0.0)
    monkeypatch.setattr(os, call, refuse)
    assert _add1(SMALL, "2", monkeypatch).selected == expected


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_an_error_here_leaves_no_process_and_no_pipe(monkeypatch: pytest.MonkeyPatch) -> None:
    real = add1._Search.block
    me = os.getpid()

    def breaks_here(self: add1._Search, index: int) -> add1._Block:
        if os.getpid() == me and index == 1:  # its first block after the split
            raise KeyboardInterrupt
        return real(self, index)

    monkeypatch.setattr(add1, "_FORK_AFTER", 0.0)
    monkeypatch.setattr(add1._Search, "block", breaks_here)
    before = _open_descriptors()
    with pytest.raises(KeyboardInterrupt):
        _add1(SMALL, "2", monkeypatch)
    assert _open_descriptors() == before
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no child left, not even one to reap


@pytest.mark.parametrize(
    ("value", "workers"), [("1", 1), ("0", 1), ("2", 2), ("3", 2), ("", None), ("²", None)]
)
def test_the_number_of_workers_asked_for(
    value: str, workers: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIJK_WORKERS", value)
    assert forked.forced_workers() == workers


def test_no_fork_while_another_thread_runs() -> None:
    import threading

    assert forked.can_fork()
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not forked.can_fork()
    finally:
        stop.set()
        other.join()


def test_a_stream_delivers_every_message_in_order_also_when_the_child_fails() -> None:
    def job(send: Callable[[bytes], None]) -> None:
        send(b"een")
        send(b"")
        send(b"drie" * 50_000)  # more than one read of the pipe
        raise RuntimeError("stops mid-way")

    stream = ForkedStream(job)
    got: list[bytes] = []
    while not stream.ended:
        got += stream.messages(wait=True)
    assert got == [b"een", b"", b"drie" * 50_000]
    assert stream.messages(wait=True) == []
    stream.close()  # twice is harmless


def test_a_message_cut_off_is_dropped() -> None:
    stream = ForkedStream(lambda send: send(b"heel"))
    got = stream.messages(wait=True)
    while not stream.ended:
        got += stream.messages(wait=True)
    assert got == [b"heel"]
    # What a child killed while sending leaves: a length of 10 and 3 of those bytes.
    stream._buffer += (10).to_bytes(4, "big") + b"abc"
    assert stream.messages(wait=True) == []
