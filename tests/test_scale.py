"""Whole-pipeline properties on generated trees (benchmarks/generate_city.py, kept small here).

- Injected faults of every kind are all reported, each at its file and line, in one run, in
  a stable order (the same whatever order the files are read in, by one process or two).
- Dump-then-load returns equal data: every model dumped to YAML and read back is equal.
- Renaming a member id consistently in every file changes no tally outcome.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import wijkcli.read.tree
from wijkcli.count.ledger import Ledger
from wijkcli.dataset import Dataset
from wijkcli.load import load_repo
from wijkcli.pipeline import check_repo
from wijkcli.problems import Problem, sort_problems

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate_city import FAULT_KINDS, generate  # noqa: E402

pytestmark = pytest.mark.slow

SMALL = {"gebieden": 2, "jaren": 1, "rondes": 2, "aanvragen": 8}


@pytest.fixture(scope="module")
def clean_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("clean")
    generate(root, **SMALL)
    return root


@pytest.fixture(scope="module")
def faulty_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    root = tmp_path_factory.mktemp("faults")
    faults = generate(root, **SMALL, faults=len(FAULT_KINDS))
    return root, faults


def _key(p: Problem) -> tuple[Any, ...]:
    loc = p.location
    return (
        loc.path if loc else "",
        loc.line if loc else 0,
        loc.column if loc else 0,
        p.code,
        p.message,
        p.severity,
        p.hint,
    )


def test_generated_tree_passes_check_without_any_problem(clean_tree: Path) -> None:
    _, problems = check_repo(clean_tree)
    assert problems == []


def test_every_injected_fault_is_reported_at_its_line(faulty_tree: tuple[Path, list[Any]]) -> None:
    root, faults = faulty_tree
    assert {f.kind for f in faults} == set(FAULT_KINDS)  # every kind once
    _, problems = check_repo(root)
    at_line = {(p.location.path, p.location.line, p.code) for p in problems if p.location}
    in_file = {(p.location.path, p.code) for p in problems if p.location}
    missing = [
        f
        for f in faults
        if ((f.path, f.line, f.code) not in at_line if f.line else (f.path, f.code) not in in_file)
    ]
    assert missing == []
    # Nothing else is reported: each fault gives exactly one problem.
    assert len(problems) == len(faults)


def test_problems_come_in_a_stable_order(
    faulty_tree: tuple[Path, list[Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = faulty_tree
    _, first = check_repo(root)
    assert first == sort_problems(first)
    assert [_key(p) for p in first] == [_key(p) for p in check_repo(root)[1]]
    # Files read in the reverse order give the same problems in the same order.
    forward = wijkcli.read.tree.walk_data

    def backward(d: Path, *subs: Any) -> wijkcli.read.tree.Walk:
        walk = forward(d, *subs)
        return wijkcli.read.tree.Walk(walk.files[::-1], walk.problems[::-1])

    monkeypatch.setattr(wijkcli.read.tree, "walk_data", backward)
    assert [_key(p) for p in check_repo(root)[1]] == [_key(p) for p in first]


# --- dump, then load --------------------------------------------------------------------------


def _models(ds: Dataset) -> dict[str, Any]:
    """Every model of a dataset by its file (relative to data/)."""
    out: dict[str, Any] = {}
    for gid, g in ds.gebieden.items():
        out[f"gebieden/{gid}/gebied.yaml"] = g.gebied
        out[f"gebieden/{gid}/leden.yaml"] = {"leden": g.leden}
        for jaar, plan in g.wijkplannen.items():
            out[f"gebieden/{gid}/wijkplan-{jaar}.yaml"] = plan
    for rid, r in ds.rondes.items():
        out[f"rondes/{rid}/ronde.yaml"] = r.ronde
        for aid, a in r.aanvragen.items():
            out[f"rondes/{rid}/aanvragen/{aid}.yaml"] = a
        for gid, v in r.vergaderingen.items():
            out[f"rondes/{rid}/vergadering-{gid}.yaml"] = v
    return out


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(model: Any) -> str:
    if isinstance(model, dict):  # leden.yaml: a mapping with a list of models
        data = {k: [m.model_dump(mode="json") for m in v] for k, v in model.items()}
    else:
        data = model.model_dump(mode="json")
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("which", ["example", "generated"])
def test_dump_then_load_gives_equal_data(which: str, clean_tree: Path, tmp_path: Path) -> None:
    root = REPO if which == "example" else clean_tree
    before = load_repo(root)
    assert before.problems == []
    for rel, model in _models(before.dataset).items():
        path = tmp_path / "data" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_dump(model), encoding="utf-8")
    dataset, problems = check_repo(tmp_path)
    assert [p for p in problems if p.is_error] == []
    assert _models(dataset) == _models(before.dataset)
    for rid in before.dataset.rondes:
        assert Ledger.of(dataset).tally_ronde(dataset.meetings(rid)) == Ledger.of(
            before.dataset
        ).tally_ronde(before.dataset.meetings(rid))


# --- renaming a member ------------------------------------------------------------------------


def _outcomes(ds: Dataset, rename: dict[str, str]) -> list[Any]:
    def m(x: str) -> str:
        return rename.get(x, x)

    out = []
    for rid in sorted(ds.rondes):
        for g in Ledger.of(ds).tally_ronde(ds.meetings(rid)).gebieden:
            out.append((rid, g.gebied, g.beschikbaar, g.geadviseerd, g.over))
            for i in g.items:
                out.append(
                    (
                        i.aanvraag_id, i.advies, i.uitkomst, i.bedrag, {m(k): v for k, v in i.uren.items()},
                        i.voor, i.tegen, i.onthouding, i.present, i.quorum_met,
                        sorted(m(x) for x in i.recused),
                        sorted(m(x) for x in i.voor_ids or ()),
                    )
                )  # fmt: skip
    return out


def _copy(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src / "data", dst / "data")
    return dst


def _rename_everywhere(root: Path, old: str, new: str) -> int:
    pattern = re.compile(rf"(?<![a-z0-9-]){re.escape(old)}(?![a-z0-9-])")
    changed = 0
    for path in (root / "data").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        text, n = pattern.subn(new, text)
        if n:
            path.write_text(text, encoding="utf-8")
            changed += n
    return changed


def _member_ids(root: Path) -> list[str]:
    ds = load_repo(root).dataset
    return sorted(lid.id for g in ds.gebieden.values() for lid in g.leden)


EXAMPLE_IDS = _member_ids(REPO)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    old=st.sampled_from(EXAMPLE_IDS),
    new=st.from_regex(r"\A[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,6}){0,2}\Z"),
)
def test_renaming_a_member_everywhere_changes_no_outcome(
    tmp_path_factory: pytest.TempPathFactory, old: str, new: str
) -> None:
    # The new id must be new: not an id, key or word that already occurs in the files.
    text = "".join(p.read_text(encoding="utf-8") for p in (REPO / "data").rglob("*.yaml"))
    assume(not re.search(rf"(?<![a-z0-9-]){re.escape(new)}(?![a-z0-9-])", text))
    root = _copy(REPO, tmp_path_factory.mktemp("renamed"))
    assert _rename_everywhere(root, old, new) > 0
    dataset, problems = check_repo(root)
    assert [p for p in problems if p.is_error] == []
    expected = _outcomes(load_repo(REPO).dataset, {old: new})
    assert _outcomes(dataset, {}) == expected


def test_renaming_every_voter_of_a_generated_tree_changes_no_outcome(
    clean_tree: Path, tmp_path: Path
) -> None:
    root = _copy(clean_tree, tmp_path / "renamed")
    ds = load_repo(clean_tree).dataset
    rename = {}
    for g in ds.gebieden.values():
        for n, lid in enumerate(g.leden):
            rename[lid.id] = f"lid-{g.id}-{n:02d}"
            assert _rename_everywhere(root, lid.id, rename[lid.id]) > 0
    dataset, problems = check_repo(root)
    assert problems == []
    assert _outcomes(dataset, {}) == _outcomes(ds, rename)
