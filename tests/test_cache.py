"""The content-keyed cache of `wijk check` (`read/cache.py`, `load.load_cached`).

A cached run must report exactly what an uncached one reports, in the same order; the cache
never lives inside data/, never changes a data file, and a broken, foreign or unwritable
cache is passed over without a word.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import wijkcli.read.cache as file_cache
from wijkcli.cli.app import app
from wijkcli.load import code_fingerprint, load_cached
from wijkcli.pipeline import check_repo
from wijkcli.problems import Problem
from wijkcli.read.tree import find_files

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate_city import FAULT_KINDS, generate  # noqa: E402

SMALL = {"gebieden": 2, "jaren": 1, "rondes": 2, "aanvragen": 8}


@pytest.fixture(autouse=True)
def own_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A signing secret of this test's own (never the user's), cache switched on."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(file_cache.ENV_OFF, raising=False)
    file_cache.set_enabled(True)
    return home


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


def _keys(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [_key(p) for p in problems]


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def _entries(root: Path) -> list[Path]:
    return sorted(p for p in (root / ".wijkcli-cache").glob("*/*") if not p.name.startswith("."))


def _store(root: Path) -> file_cache.FileCache:
    store = file_cache.FileCache.open(root / "data", code_fingerprint())
    assert store is not None
    return store


def _known_files(root: Path) -> int:
    return sum(1 for f in find_files(root).files if f.kind is not None)


@pytest.fixture
def faulty_tree(tmp_path: Path) -> Path:
    root = tmp_path / "faults"
    root.mkdir()
    generate(root, **SMALL, faults=len(FAULT_KINDS))
    return root


@pytest.fixture
def faulty_example(example_repo: Path) -> Path:
    """The example data with a few faults a volunteer makes: a Dutch amount, a misspelt key,
    a tab, an unknown member in the votes."""
    a01 = example_repo / "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
    a01.write_text(a01.read_text(encoding="utf-8").replace("thema:", "tema:"), encoding="utf-8")
    a02 = example_repo / "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
    a02.write_text(a02.read_text(encoding="utf-8") + "\tkapot: ja\n", encoding="utf-8")
    v = example_repo / "data/rondes/ronde-2017-2/vergadering-szh.yaml"
    v.write_text(
        v.read_text(encoding="utf-8").replace("bedrag: 4212.50", "bedrag: 4.212,50", 1),
        encoding="utf-8",
    )
    return example_repo


@pytest.mark.slow
@pytest.mark.parametrize("which", ["generated", "example"])
def test_a_warm_run_reports_the_same_problems_in_the_same_order(
    which: str, faulty_tree: Path, faulty_example: Path
) -> None:
    root = faulty_tree if which == "generated" else faulty_example
    _, uncached = check_repo(root, cache=False)
    assert not (root / ".wijkcli-cache").exists()
    assert len(uncached) >= 3
    _, cold = check_repo(root, cache=True)
    assert len(_entries(root)) == _known_files(root)
    _, warm = check_repo(root, cache=True)
    assert _keys(cold) == _keys(uncached)
    assert _keys(warm) == _keys(uncached)
    # The warm run took every file from the cache.
    store = _store(root)
    load_cached(find_files(root), store)
    assert (store.hits, store.misses) == (_known_files(root), 0)


@pytest.mark.slow
def test_cached_models_and_marks_equal_fresh_ones(example_repo: Path) -> None:
    fresh, _ = check_repo(example_repo, cache=False)
    check_repo(example_repo, cache=True)
    warm, _ = check_repo(example_repo, cache=True)
    # (Sources hold marks, compared below by what they answer.)
    for gid, g in fresh.gebieden.items():
        w = warm.gebieden[gid]
        assert (w.gebied, w.leden, w.wijkplannen, w.seen) == (
            g.gebied,
            g.leden,
            g.wijkplannen,
            g.seen,
        )
    for rid, r in fresh.rondes.items():
        w2 = warm.rondes[rid]
        assert (w2.ronde, w2.aanvragen, w2.vergaderingen, w2.aanvraag_files, w2.seen) == (
            r.ronde, r.aanvragen, r.vergaderingen, r.aanvraag_files, r.seen
        )  # fmt: skip
    # A mark looked up later (the lazy marks of a clean file) is the same line:column.
    r_fresh, r_warm = fresh.rondes["ronde-2017-2"], warm.rondes["ronde-2017-2"]
    for stem, src in r_fresh.aanvraag_src.items():
        assert r_warm.aanvraag_src[stem].at("thema") == src.at("thema")
        assert r_warm.aanvraag_src[stem].at("titel", key=True) == src.at("titel", key=True)


@pytest.mark.slow
def test_a_warm_run_after_editing_one_file_reports_the_edit(example_repo: Path) -> None:
    _, before = check_repo(example_repo, cache=True)
    assert [p for p in before if p.is_error] == []
    a03 = example_repo / "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml"
    a03.write_text(a03.read_text(encoding="utf-8").replace("thema:", "tema:"), encoding="utf-8")
    _, after = check_repo(example_repo, cache=True)
    assert _keys(after) == _keys(check_repo(example_repo, cache=False)[1])
    assert [(p.location.path, p.code) for p in after if p.is_error and p.location] == [
        ("data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml", "missing-field"),
        ("data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml", "unknown-key"),
    ]
    # Editing it back finds the first entry again: nothing new is written.
    entries = len(_entries(example_repo))
    a03.write_text(a03.read_text(encoding="utf-8").replace("tema:", "thema:"), encoding="utf-8")
    assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(before)
    assert len(_entries(example_repo)) == entries


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b"",  # empty
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped in the payload
        lambda b: b"\0" * len(b),  # garbage
    ],
    ids=["truncated", "empty", "bit-flipped", "garbage"],
)
@pytest.mark.slow
def test_a_corrupt_entry_is_rebuilt_with_the_same_result(faulty_tree: Path, damage: Any) -> None:
    _, cold = check_repo(faulty_tree, cache=True)
    entries = _entries(faulty_tree)
    for entry in entries:
        entry.write_bytes(damage(entry.read_bytes()))
    _, rebuilt = check_repo(faulty_tree, cache=True)
    assert _keys(rebuilt) == _keys(cold)
    store = _store(faulty_tree)
    load_cached(find_files(faulty_tree), store)
    assert (store.hits, store.misses) == (len(entries), 0)  # every entry rewritten whole


@pytest.mark.slow
def test_an_entry_from_elsewhere_is_never_unpickled(example_repo: Path, tmp_path: Path) -> None:
    """A pull request may commit a .wijkcli-cache/ with entries under the right names (the
    keys can be computed by anyone) whose pickles run code: they are refused unread."""
    _, cold = check_repo(example_repo, cache=True)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    for entry in _entries(example_repo):
        payload = pickle.dumps((entry.name, Evil()))
        forged = file_cache.MAGIC + b"\0" * 32 + payload
        entry.write_bytes(forged)
    _, warm = check_repo(example_repo, cache=True)
    assert not marker.exists()
    assert _keys(warm) == _keys(cold)


@pytest.mark.slow
def test_an_entry_under_another_files_name_is_ignored(example_repo: Path) -> None:
    _, cold = check_repo(example_repo, cache=True)
    entries = _entries(example_repo)
    first = entries[0].read_bytes()
    for entry in entries[1:]:
        entry.write_bytes(first)  # validly signed, but for another key
    _, warm = check_repo(example_repo, cache=True)
    assert _keys(warm) == _keys(cold)


@pytest.mark.slow
def test_another_users_secret_does_not_verify(
    example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    check_repo(example_repo, cache=True)
    store = _store(example_repo)
    assert load_cached(find_files(example_repo), store) and store.misses == 0
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    other = _store(example_repo)
    load_cached(find_files(example_repo), other)
    assert other.hits == 0


@pytest.mark.slow
@pytest.mark.parametrize("how", ["option", "env"])
def test_geen_cache_and_the_environment_variable_write_nothing(
    how: str, example_repo: Path, runner: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["check", "--data", str(example_repo), "--format", "parsable"]
    if how == "option":
        args = ["--geen-cache", *args]
    else:
        monkeypatch.setenv("WIJK_GEEN_CACHE", "1")
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert not (example_repo / ".wijkcli-cache").exists()
    # Without them, the same command does use the cache (so the test above can fail).
    monkeypatch.delenv("WIJK_GEEN_CACHE", raising=False)
    again = runner.invoke(app, args[1:] if how == "option" else args)
    assert again.exit_code == 0
    assert again.output == result.output
    assert len(_entries(example_repo)) == _known_files(example_repo)


@pytest.mark.slow
def test_two_runs_writing_at_once_leave_a_valid_cache(faulty_tree: Path) -> None:
    _, expected = check_repo(faulty_tree, cache=False)
    code = (
        "import sys; from pathlib import Path; from wijkcli.pipeline import check_repo; "
        "print(len(check_repo(Path(sys.argv[1]), cache=True)[1]))"
    )
    for _ in range(2):
        shutil.rmtree(faulty_tree / ".wijkcli-cache", ignore_errors=True)
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code, str(faulty_tree)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for _ in range(3)
        ]
        outs = [p.communicate() for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], outs
        assert {o.strip() for o, _ in outs} == {str(len(expected)).encode()}
        folder = _entries(faulty_tree)[0].parent
        assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []
        store = _store(faulty_tree)
        load_cached(find_files(faulty_tree), store)
        assert (store.hits, store.misses) == (_known_files(faulty_tree), 0)
        assert _keys(check_repo(faulty_tree, cache=True)[1]) == _keys(expected)


@pytest.mark.slow
@pytest.mark.parametrize("blocked", ["cache-folder", "fingerprint-folder"])
def test_an_unwritable_cache_still_gives_the_full_result(
    blocked: str, faulty_example: Path, runner: Any
) -> None:
    # A file where a folder should be: mkdir fails, also for root (who ignores permissions).
    if blocked == "cache-folder":
        (faulty_example / ".wijkcli-cache").write_text("geen map\n")
    else:
        (faulty_example / ".wijkcli-cache").mkdir()
        (faulty_example / ".wijkcli-cache" / code_fingerprint()).write_text("geen map\n")
    _, expected = check_repo(faulty_example, cache=False)
    _, got = check_repo(faulty_example, cache=True)
    assert _keys(got) == _keys(expected)
    result = runner.invoke(app, ["check", "--data", str(faulty_example), "--format", "parsable"])
    assert result.exit_code == 1
    assert result.output.count("\n") == len(expected)


def test_the_cache_never_appears_inside_data(example_repo: Path) -> None:
    before = _snapshot(example_repo / "data")
    check_repo(example_repo, cache=True)
    check_repo(example_repo / "data", cache=True)  # --data pointing at the data folder itself
    check_repo(example_repo, cache=True)
    assert _snapshot(example_repo / "data") == before
    assert (example_repo / ".wijkcli-cache").is_dir()
    assert sorted(p.name for p in example_repo.iterdir()) == [".wijkcli-cache", "data"]


def test_a_data_folder_with_another_name_is_checked_without_a_cache(
    example_repo: Path, tmp_path: Path
) -> None:
    other = tmp_path / "elders" / "gegevens"
    shutil.copytree(example_repo / "data", other)
    before = _snapshot(tmp_path / "elders")
    _, problems = check_repo(other, cache=True)
    assert problems != [] and all(
        p.location.path.startswith("gegevens/") for p in problems if p.location
    )
    assert _keys(problems) == _keys(check_repo(other, cache=False)[1])
    assert _snapshot(tmp_path / "elders") == before


def test_a_linked_cache_folder_is_never_written_through(example_repo: Path, tmp_path: Path) -> None:
    """A repository that arrives with `.wijkcli-cache` as a link to another folder is checked
    without a cache: nothing is written where the link points."""
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (example_repo / ".wijkcli-cache").symlink_to(elsewhere, target_is_directory=True)
    _, problems = check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert list(elsewhere.iterdir()) == []
