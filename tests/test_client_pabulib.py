"""pabulib: the real `pabulib-checker` (PyPI; pabulib.org's own file checker) finds no errors
and no warnings in what `wijk pb export` writes, for a round that fitted its budget with each
`toewijzing`; the rule name in META is one of the checker's, and `wijk pb verdeel` reads it."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.clients import REPO, missing
from tests.helpers import RONDE, edit
from wijkcli.allocate.pabulib import read_pb
from wijkcli.cli.app import app
from wijkcli.documents.pb_export import TOEWIJZING_META
from wijkcli.documents.pb_verdeel import META_RULES
from wijkcli.documents.pb_verdeel import rule_from_meta as regel_uit_meta

pytestmark = pytest.mark.clients


def checker_results(path: Path) -> dict[str, Any]:
    if importlib.util.find_spec("pabulib") is None:
        missing("pabulib-checker", "uv sync (dev dependency)")
    from pabulib.checker import Checker

    results: dict[str, Any] = Checker().process_files([str(path)])
    assert results["metadata"]["processed"] == 1
    return results


def rules_of_the_checker() -> list[str]:
    if importlib.util.find_spec("pabulib_helpers") is None:
        missing("pabulib-checker", "uv sync (dev dependency)")
    from pabulib_helpers.fields_validations import RULES

    return list(RULES)


def export(repo: Path, out: Path) -> Path:
    result = CliRunner().invoke(
        app, ["pb", "export", "ronde-2017-2", "--uit", str(out), "--data", str(repo)]
    )
    assert result.exit_code == 0, result.output
    return out


CASES = [  # (toewijzing, or None for a budget that was large enough; rule in META)
    (None, "greedy-custom"),
    ("steun-overslaan", "greedy"),
    ("steun-stoppen", "greedy-no-skip"),
    ("gelijke-delen", "equalshares/add1"),
]


@pytest.mark.parametrize(("toewijzing", "rule"), CASES)
def test_export_passes_the_pabulib_checker(
    tmp_path: Path, toewijzing: str | None, rule: str
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "data", repo / "data")
    if toewijzing is not None:  # a budget too small for everything adopted
        edit(repo, RONDE, "budget:\n  szh: 21000", "budget:\n  szh: 12000")
        edit(repo, RONDE, "toewijzing: steun-overslaan", f"toewijzing: {toewijzing}")
    path = export(repo, tmp_path / "ronde.pb")
    results = checker_results(path)
    assert results["metadata"]["valid"] == 1, results
    assert results["summary"] == {}
    (file_result,) = (v for k, v in results.items() if k not in ("metadata", "summary"))
    assert file_result["results"] == {"errors": {}, "warnings": {}}
    pb = read_pb(path)
    assert pb.meta["rule"] == rule
    assert pb.meta["date_begin"] == "13.04.2017"
    assert pb.warnings == ()
    selected = {pid for pid, s in (pb.selected or {}).items() if s}
    if toewijzing is None:
        assert len(selected) == 6
    else:
        assert 0 < len(selected) < 6
        # `wijk pb verdeel` takes the rule from META and names it.
        result = CliRunner().invoke(app, ["pb", "verdeel", str(path)])
        assert result.exit_code == 0, result.output
        assert regel_uit_meta(dict(pb.meta)) in result.output


def test_rule_names_follow_the_checkers_list() -> None:
    known = rules_of_the_checker()
    assert set(TOEWIJZING_META.values()) | {"greedy-custom"} <= set(known)
    assert set(META_RULES) <= set(known)
    for name in TOEWIJZING_META.values():  # what we write, verdeel reads back
        assert regel_uit_meta({"rule": name}) is not None, name


def test_legacy_target_column_gets_the_rename_hint(tmp_path: Path) -> None:
    """Since April 2026 pabulib calls the PROJECTS column `beneficiaries`; the checker refuses
    `target`. We read both, and say so for `target`."""
    text = export(REPO, tmp_path / "r.pb").read_text(encoding="utf-8")
    header = "project_id;cost;votes;name;selected"
    assert header in text and "target" not in text
    new = tmp_path / "new.pb"
    lines = text.splitlines(keepends=True)
    start = lines.index(header + "\n")
    end = lines.index("VOTES\n")
    for i in range(start, end):  # the column goes before `selected`, in pabulib's order
        row, _, sel = lines[i].rpartition(";")
        lines[i] = f"{row};{'beneficiaries' if i == start else 'kinderen'};{sel}"
    new.write_text("".join(lines), encoding="utf-8")
    assert read_pb(new).warnings == ()
    assert checker_results(new)["summary"] == {}
    old = tmp_path / "old.pb"
    old.write_text(new.read_text().replace(";beneficiaries;", ";target;"), encoding="utf-8")
    assert read_pb(old).warnings == (
        "PROJECTS-kolom 'target' heet sinds april 2026 'beneficiaries'",
    )
    shown = CliRunner().invoke(app, ["pb", "verdeel", str(old), "--regel", "greedy"])
    assert shown.exit_code == 0, shown.output
    assert shown.stderr == (
        f"{old}: waarschuwing: PROJECTS-kolom 'target' heet sinds april 2026 'beneficiaries'\n"
    )
    refused = checker_results(old)
    assert refused["metadata"]["invalid"] == 1
    assert "beneficiaries" in str(refused)
