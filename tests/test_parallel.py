"""A big tree is read, and its votes counted, with a second process: the outcome is exactly
that of one process, also when the second process fails or a file disappears mid-run."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import wijkcli.pipeline
import wijkcli.tree
from tests.helpers import LEDEN, edit
from wijkcli.pipeline import check_repo
from wijkcli.problems import Problem


def _keys(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.location, p.code, p.message, p.severity, p.hint) for p in problems]


def _check(repo: Path, workers: str, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    monkeypatch.setenv("WIJK_WORKERS", workers)
    return check_repo(repo)[1]


@pytest.fixture
def overrun_repo(example_repo: Path) -> Path:
    """The example with bas-rietveld's 2017 hours cut from 90 to 80: the wijkplan now claims
    more than he has, a problem only the count of hours finds (after the checks)."""
    edit(example_repo, LEDEN, "      2017: 90\n", "      2017: 80\n")
    return example_repo


def test_two_processes_report_what_one_does(
    overrun_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(overrun_repo, "1", monkeypatch)
    two = _check(overrun_repo, "2", monkeypatch)
    assert "hours-exceeded" in {p.code for p in two}  # the second process's count came back
    assert _keys(two) == _keys(one)


def _fails_in_a_child(parent: int) -> Any:
    def job(*args: Any, **kwargs: Any) -> Any:
        if os.getpid() != parent:
            raise RuntimeError("the second process breaks down")
        raise AssertionError("only the second process should do this job")

    return job


def test_a_failing_reader_process_changes_nothing(
    overrun_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(overrun_repo, "1", monkeypatch)
    monkeypatch.setattr(wijkcli.tree.Reading, "_parse_rest", _fails_in_a_child(os.getpid()))
    assert _keys(_check(overrun_repo, "2", monkeypatch)) == _keys(one)


def test_a_failing_count_process_changes_nothing(
    overrun_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(overrun_repo, "1", monkeypatch)
    parent = os.getpid()
    counted = wijkcli.pipeline.result_problems

    def result_problems(dataset: Any) -> list[Problem]:
        if os.getpid() != parent:
            raise RuntimeError("the second process breaks down")
        return counted(dataset)

    monkeypatch.setattr(wijkcli.pipeline, "result_problems", result_problems)
    assert _keys(_check(overrun_repo, "2", monkeypatch)) == _keys(one)


def test_no_count_when_the_checks_find_errors(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unknown member is an error: the count started aside is stopped, never reported."""
    edit(example_repo, "data/rondes/ronde-2017-2/vergadering-szh.yaml", "- joke-aldersveld",
         "- joke-aldersveldt")  # fmt: skip
    one = _check(example_repo, "1", monkeypatch)
    assert "unknown-member" in {p.code for p in one}
    assert _keys(_check(example_repo, "2", monkeypatch)) == _keys(one)


def test_a_file_that_disappears_is_reported(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = wijkcli.tree.iter_files
    gone = ("rondes", "ronde-2017-2", "aanvragen", "a99-weg.yaml")
    monkeypatch.setattr(wijkcli.tree, "iter_files", lambda d: sorted([*listed(d), gone]))
    for workers in ("1", "2"):
        problems = _check(example_repo, workers, monkeypatch)
        [problem] = [p for p in problems if p.code == "unreadable-file"]
        assert problem.location is not None
        assert problem.location.path == "data/rondes/ronde-2017-2/aanvragen/a99-weg.yaml"
        assert "kan niet gelezen worden" in problem.message


@pytest.mark.parametrize("call", ["fork", "pipe"])
def test_no_process_to_be_had_changes_nothing(
    call: str, overrun_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    one = _check(overrun_repo, "1", monkeypatch)

    def refuse(*args: Any) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, call, refuse)
    assert _keys(_check(overrun_repo, "2", monkeypatch)) == _keys(one)
