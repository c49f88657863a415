"""The content-keyed cache of `wijk check` (`read/cache.py`, `load.load_cached`).

A cached run must report exactly what an uncached one reports, in the same order; the cache
never lives inside data/, never changes a data file, and a broken, foreign or unwritable
cache is passed over without a word.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import wijkcli.load.walk as walk
import wijkcli.read.cache as file_cache
from tests.helpers import edit_keeping_times
from wijkcli.cli.app import app
from wijkcli.load.walk import code_fingerprint, load_cached, load_repo
from wijkcli.pipeline import check_repo
from wijkcli.problems import Problem, sort_problems
from wijkcli.read.tree import find_files, read_tree

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
    file_cache._warned.clear()
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


def _store(root: Path) -> file_cache.FileCache:
    store = file_cache.FileCache.open(root / "data", code_fingerprint())
    assert store is not None
    return store


def _entries(root: Path) -> int:
    """How many entries the per-file store of `root` holds (0 when there is none)."""
    if not (root / ".wijkcli-cache" / file_cache.STORE).is_file():
        return 0
    return len(_store(root))


def _results(root: Path, name: str = file_cache.RESULTS) -> int:
    """How many keys the store of whole results (or `name`, another store for all of
    wijkcli's code: the parts') of `root` holds (0 when there is none)."""
    if not (root / ".wijkcli-cache" / name).is_file():
        return 0
    store = file_cache.FileCache.open(root / "data", walk.whole_fingerprint(), name=name)
    assert store is not None
    return len(store)


@pytest.fixture(autouse=True)
def just_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file counts as just changed (no stat key), however long the machine took to make
    the test's tree: what these tests count does not depend on the machine's speed. A test
    that wants the stat key asks for `steady`."""
    monkeypatch.setattr(walk, "STEADY_NS", 10**18)


@pytest.fixture
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as left alone at once (not after two seconds): the stat key is written."""
    monkeypatch.setattr(walk, "STEADY_NS", 0)


def _store_file(root: Path) -> Path:
    return root / ".wijkcli-cache" / file_cache.STORE


def _known_files(root: Path) -> int:
    return sum(1 for f in find_files(root).files if f.kind is not None)


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, loading any file fails the test: only a whole result can answer."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a file was loaded")

    monkeypatch.setattr(walk, "load_cached", refuse)
    monkeypatch.setattr(walk, "load_tree", refuse)


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, finding or reading any data file fails the test: only the stat key of a
    whole result can answer."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a data file was read")

    _no_loading(monkeypatch)
    monkeypatch.setattr(walk, "find_files", refuse)
    monkeypatch.setattr(walk, "read_data_file", refuse)


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


@pytest.mark.parametrize("which", ["generated", "example"])
def test_a_warm_run_reports_the_same_problems_in_the_same_order(
    which: str, faulty_tree: Path, faulty_example: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = faulty_tree if which == "generated" else faulty_example
    _, uncached = check_repo(root, cache=False)
    assert not (root / ".wijkcli-cache").exists()
    assert len(uncached) >= 3
    _, cold = check_repo(root, cache=True)
    # One entry per known file; the whole checked result under its content key (the files
    # were just written: not yet under their times).
    assert (_entries(root), _results(root)) == (_known_files(root), 1)
    assert _keys(cold) == _keys(uncached)
    # Each file's own part from the cache (the per-file layer) ...
    store = _store(root)
    loaded = load_cached(find_files(root), store)
    assert (store.hits, store.misses) == (_known_files(root), 0)
    assert _keys(sort_problems(loaded.problems)) == _keys(
        sort_problems(walk.load_tree(read_tree(root)).problems)
    )
    # ... and the whole result (cross-file problems and counts included): nothing is loaded.
    with monkeypatch.context() as m:
        _no_loading(m)
        _, warm = check_repo(root, cache=True)
    assert _keys(warm) == _keys(uncached)
    # Once the files are left alone, the same whole result under their times too, and from
    # then on no data file is even read.
    monkeypatch.setattr(walk, "STEADY_NS", 0)
    assert _keys(check_repo(root, cache=True)[1]) == _keys(uncached)
    assert _results(root) == 2
    _no_reading(monkeypatch)
    dataset, by_stat = check_repo(root, cache=True)
    assert _keys(by_stat) == _keys(uncached)
    monkeypatch.undo()
    # The dataset behind it still loads when something looks at it.
    assert sorted(dataset.rondes) == sorted(check_repo(root, cache=False)[0].rondes)


def test_a_change_that_keeps_size_and_mtime_is_still_seen(example_repo: Path, steady: None) -> None:
    """The stat key holds the ctime (set by the kernel on every change, not settable by a
    user or by git): a file whose bytes change while its size and mtime are put back misses
    it, and the run reports the change."""
    _, before = check_repo(example_repo, cache=True)
    assert _results(example_repo) == 2
    a03 = example_repo / "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml"
    edit_keeping_times(a03, b"thema:", b"tema: ")
    _, after = check_repo(example_repo, cache=True)
    assert _keys(after) == _keys(check_repo(example_repo, cache=False)[1]) != _keys(before)
    assert ("unknown-key", "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml") in [
        (p.code, p.location.path) for p in after if p.location
    ]


def test_a_result_made_while_a_file_changed_is_not_kept(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved while the run reads the data (here a scoring form, which its check reads
    after the whole result's key was made): the run's result stands for neither version, so
    it is not kept; with the file back as it was, the next run reports what is in the files."""
    form = sorted((example_repo / "data/beoordelingen").rglob("f*.yaml"))[0]
    original = form.read_bytes()
    _, clean = check_repo(example_repo, cache=False)
    load = walk.load_cached

    def load_then_edit(*args: Any, **kwargs: Any) -> Any:
        loaded = load(*args, **kwargs)
        form.write_bytes(original + b"extra: 1\n")
        return loaded

    with monkeypatch.context() as m:
        m.setattr(walk, "load_cached", load_then_edit)
        _, during = check_repo(example_repo, cache=True)
    assert _keys(during) != _keys(clean)  # the check saw the edited form
    assert _results(example_repo) == 0
    form.write_bytes(original)
    assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(clean)


def test_the_store_of_whole_results_keeps_the_latest(
    example_repo: Path, steady: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At most RESULTS_KEPT whole results stay (the oldest unused go first, both their keys),
    and the one just made is among them."""
    monkeypatch.setattr(walk, "RESULTS_KEPT", 2)
    datums = [date(2030, 1, d) for d in (1, 2, 3)]
    for d in datums:
        check_repo(example_repo, d, cache=True)
    assert _results(example_repo) == 2 * 2  # two results, each by its bytes and its times
    expected = {d: _keys(check_repo(example_repo, d, cache=False)[1]) for d in datums}
    _no_loading(monkeypatch)
    for d in datums[1:]:  # the two latest answer without loading anything
        assert _keys(check_repo(example_repo, d, cache=True)[1]) == expected[d]


def test_recently_changed_files_are_not_trusted_by_their_times(example_repo: Path) -> None:
    """A file changed within two seconds before the run could change again within the same
    clock tick: no stat key is written then, only the content key."""
    check_repo(example_repo, cache=True)
    check_repo(example_repo, cache=True)
    assert _results(example_repo) == 1


def test_touching_a_file_finds_the_result_by_its_bytes(
    example_repo: Path, steady: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, before = check_repo(example_repo, cache=True)
    a01 = example_repo / "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
    a01.write_bytes(a01.read_bytes())  # new times, same bytes
    with monkeypatch.context() as m:
        _no_loading(m)
        assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(before)
    assert _results(example_repo) == 3  # and under the new times as well


def test_the_whole_result_depends_on_datum(example_repo: Path) -> None:
    """--datum is part of the key: the overdue action points of another date are not reused."""
    late = date(2030, 1, 1)
    _, plain = check_repo(example_repo, cache=True)
    _, with_datum = check_repo(example_repo, datum=late, cache=True)
    assert _keys(with_datum) == _keys(check_repo(example_repo, datum=late, cache=False)[1])
    assert _keys(with_datum) != _keys(plain)
    assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(plain)
    assert _keys(check_repo(example_repo, datum=late, cache=True)[1]) == _keys(with_datum)


@pytest.mark.parametrize(
    "change",
    ["logo", "beoordeling", "unknown-file", "link", "remove"],
)
def test_any_change_under_data_misses_the_whole_result(
    change: str, example_repo: Path, tmp_path: Path
) -> None:
    """Every entry under data/ is an input of the whole result, also the files the walk of the
    known files passes over: a logo, a scoring evening's form, a stray file, a link."""
    data = example_repo / "data"
    gebied = next(p for p in sorted((data / "gebieden").iterdir()) if p.is_dir())
    check_repo(example_repo, cache=True)
    if change == "logo":
        (gebied / "logo.png").write_bytes(b"geen png")
    elif change == "beoordeling":
        form = next(iter(sorted((data / "beoordelingen").rglob("f*.yaml"))))
        form.write_text(form.read_text(encoding="utf-8") + "extra: 1\n", encoding="utf-8")
    elif change == "unknown-file":
        (gebied / "notities.yaml").write_text("a: 1\n", encoding="utf-8")
    elif change == "link":
        (gebied / "leden-kopie.yaml").symlink_to(tmp_path)
    else:
        next(iter(sorted((data / "rondes").rglob("a0*.yaml")))).unlink()
    _, warm = check_repo(example_repo, cache=True)
    uncached = check_repo(example_repo, cache=False)[1]
    assert _keys(warm) == _keys(uncached)


def test_cached_models_and_marks_equal_fresh_ones(example_repo: Path) -> None:
    fresh, _ = check_repo(example_repo, cache=False)
    check_repo(example_repo, cache=True)
    whole, _ = check_repo(example_repo, cache=True)  # the whole result
    per_file = load_repo(example_repo, cache=True).dataset  # each file's entry
    for warm in (whole, per_file):
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
        # Models come back with the same fields set (what `exclude_unset` and the checks of
        # "was this given" look at), nested ones too.
        for rid, r in fresh.rondes.items():
            for stem, a in r.aanvragen.items():
                back = warm.rondes[rid].aanvragen[stem]
                assert type(back) is type(a) and back.model_fields_set == a.model_fields_set
                assert back.model_dump(exclude_unset=True) == a.model_dump(exclude_unset=True)
        # A mark looked up later (the lazy marks of a clean file) is the same line:column.
        r_fresh, r_warm = fresh.rondes["ronde-2017-2"], warm.rondes["ronde-2017-2"]
        for stem, src in r_fresh.aanvraag_src.items():
            assert r_warm.aanvraag_src[stem].at("thema") == src.at("thema")
            assert r_warm.aanvraag_src[stem].at("titel", key=True) == src.at("titel", key=True)


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
    # Editing it back finds the first whole result again: the store is not written.
    store = _store_file(example_repo)
    written = (store.stat().st_ino, store.read_bytes())
    a03.write_text(a03.read_text(encoding="utf-8").replace("tema:", "thema:"), encoding="utf-8")
    assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(before)
    assert (store.stat().st_ino, store.read_bytes()) == written


EDITED = {
    "gebied": "data/gebieden/szh/gebied.yaml",
    "leden": "data/gebieden/szh/leden.yaml",
    "wijkplan": "data/gebieden/szh/wijkplan-2017.yaml",
    "ronde": "data/rondes/ronde-2017-2/ronde.yaml",
    "aanvraag": "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml",
    "vergadering": "data/rondes/ronde-2017-2/vergadering-szh.yaml",
    "voortgang": "data/rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml",
    "beoordeling": "data/beoordelingen/sbi-aanbesteding-2016/formulieren/f01.yaml",
}


def _edit(path: Path, how: str) -> None:
    if how == "remove":
        path.unlink()
    elif how == "extra-key":
        path.write_bytes(path.read_bytes() + b"onbekend: 1\n")
    else:  # another year: dates, years and references move (cross-file checks see it)
        text = path.read_text(encoding="utf-8")
        assert "2017" in text or "2016" in text
        path.write_text(text.replace("2017", "2018").replace("2016", "2018"), encoding="utf-8")


@pytest.mark.parametrize("how", ["extra-key", "other-year", "remove"])
@pytest.mark.parametrize("kind", sorted(EDITED))
def test_after_editing_one_file_of_any_kind_the_problems_are_those_of_an_uncached_run(
    kind: str, how: str, example_repo: Path, steady: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each kind of file edited once after a warm run: the next run (the edited file read
    again, the others from the per-file store, every cross-file check and count run again)
    and the one after it (the whole result) report exactly what an uncached run reports."""
    path = example_repo / EDITED[kind]
    if kind == "beoordeling" and not path.exists():
        path = sorted(path.parent.glob("*.yaml"))[0]
    check_repo(example_repo, cache=True)
    _edit(path, how)
    _, uncached = check_repo(example_repo, cache=False)
    _, edited = check_repo(example_repo, cache=True)
    assert _keys(edited) == _keys(uncached)
    _no_loading(monkeypatch)
    assert _keys(check_repo(example_repo, cache=True)[1]) == _keys(uncached)


@pytest.mark.parametrize("which", [file_cache.STORE, file_cache.RESULTS, file_cache.PARTS])
@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],  # truncated
        lambda b: b"",  # empty
        lambda b: b[:-1] + bytes([b[-1] ^ 1]),  # one bit flipped in the payload
        lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:],  # one bit flipped in the fingerprint
        lambda b: b"\0" * len(b),  # garbage
    ],
    ids=["truncated", "empty", "bit-flipped", "fingerprint-flipped", "garbage"],
)
def test_a_corrupt_store_is_rebuilt_with_the_same_result(
    faulty_tree: Path, damage: Any, which: str
) -> None:
    _, cold = check_repo(faulty_tree, cache=True)

    def counts() -> tuple[int, int, int]:
        parts = _results(faulty_tree, file_cache.PARTS)
        return (_entries(faulty_tree), _results(faulty_tree), parts)

    entries = counts()
    assert min(entries) > 0
    store = faulty_tree / ".wijkcli-cache" / which
    store.write_bytes(damage(store.read_bytes()))
    damaged = [file_cache.STORE, file_cache.RESULTS, file_cache.PARTS].index(which)
    assert counts()[damaged] == 0
    if which == file_cache.PARTS:  # the whole result answers before the parts are looked at
        (faulty_tree / ".wijkcli-cache" / file_cache.RESULTS).unlink()
    _, rebuilt = check_repo(faulty_tree, cache=True)
    assert _keys(rebuilt) == _keys(cold)
    assert _keys(load_repo(faulty_tree, cache=True).problems) == _keys(
        load_repo(faulty_tree, cache=False).problems
    )
    # each store written whole again
    assert counts() == entries


def _evil_payload(marker: Path) -> bytes:
    class Evil:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    return pickle.dumps({"x": pickle.dumps(("x", Evil())), "y": Evil()})


@pytest.mark.parametrize("which", [file_cache.STORE, file_cache.RESULTS, file_cache.PARTS])
@pytest.mark.parametrize("header", ["zeros", "copied"])
def test_a_store_from_elsewhere_is_never_unpickled(
    header: str, which: str, example_repo: Path, tmp_path: Path
) -> None:
    """A pull request may commit a .wijkcli-cache/ whose store holds pickles that run code: a
    store without this install's fingerprint and signature is refused unread. ('copied': the
    header of this user's own store, with the payload swapped.)"""
    _, cold = check_repo(example_repo, cache=True)
    marker = tmp_path / "pwned"
    store = example_repo / ".wijkcli-cache" / which
    own = store.read_bytes()
    head = own[: file_cache.HEAD] if header == "copied" else file_cache.MAGIC + b"\0" * 64
    store.write_bytes(head + _evil_payload(marker))
    _, warm = check_repo(example_repo, cache=True)
    loaded = load_repo(example_repo, cache=True)  # reads the per-file store
    assert not marker.exists()
    assert _keys(warm) == _keys(cold)
    assert _keys(loaded.problems) == _keys(load_repo(example_repo, cache=False).problems)


def test_another_install_cannot_use_or_precompute_the_store(
    example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys and the fingerprint are keyed with the install's secret: another install (or a
    pull request) computes other keys, and its store is not this one's."""
    check_repo(example_repo, cache=True)
    store = _store(example_repo)
    assert load_cached(find_files(example_repo), store) and store.misses == 0
    key = store.key(b"data/gebieden/x/gebied.yaml", b"gebied", b"id: x\n")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-user"))
    # The other install does not trust this folder (not its mark) ...
    assert file_cache.FileCache.open(example_repo / "data", code_fingerprint()) is None
    # ... and with its own store object, nothing verifies and its keys differ.
    secret = file_cache._secret()
    assert secret is not None
    other = file_cache.FileCache(
        example_repo / ".wijkcli-cache", store._dir_fd, code_fingerprint(), secret
    )
    assert len(other) == 0
    assert other.key(b"data/gebieden/x/gebied.yaml", b"gebied", b"id: x\n") != key


def test_another_code_version_starts_a_new_store(example_repo: Path) -> None:
    check_repo(example_repo, cache=True)
    secret = file_cache._secret()
    assert secret is not None and len(_store(example_repo)) > 0
    other = file_cache.FileCache.open(example_repo / "data", "een-andere-versie")
    assert other is not None and len(other) == 0


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
    assert (_entries(example_repo), _results(example_repo)) == (_known_files(example_repo), 1)


_RUN = (
    "import sys, datetime; from pathlib import Path; from wijkcli.pipeline import check_repo; "
    "from wijkcli.load import walk; walk.STEADY_NS = int(sys.argv[3]); "
    "d = datetime.date.fromisoformat(sys.argv[2]) if sys.argv[2] else None; "
    "print('\\n'.join(repr(p) for p in check_repo(Path(sys.argv[1]), d, cache=True)[1]))"
)


def _at_once(root: Path, datums: list[str]) -> list[bytes]:
    """Runs of `wijk check` on `root` at the same time, one per `--datum` (empty: none), with
    this process's idea of how long a file must be left alone (`walk.STEADY_NS`)."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _RUN, str(root), d, str(walk.STEADY_NS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for d in datums
    ]
    outs = [p.communicate() for p in procs]
    assert [p.returncode for p in procs] == [0] * len(procs), outs
    assert [e for _, e in outs] == [b""] * len(procs)
    return [o.strip() for o, _ in outs]


def test_runs_writing_at_once_leave_a_valid_cache(
    faulty_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, expected = check_repo(faulty_tree, cache=False)
    for _ in range(2):
        shutil.rmtree(faulty_tree / ".wijkcli-cache", ignore_errors=True)
        outs = _at_once(faulty_tree, ["", "", ""])
        assert outs == [_printed(expected)] * 3
        assert [p.name for p in (faulty_tree / ".wijkcli-cache").iterdir() if "tmp" in p.name] == []
        store = _store(faulty_tree)
        load_cached(find_files(faulty_tree), store)
        assert (store.hits, store.misses) == (_known_files(faulty_tree), 0)
        assert _keys(check_repo(faulty_tree, cache=True)[1]) == _keys(expected)


def _printed(problems: list[Problem]) -> bytes:
    return "\n".join(repr(p) for p in problems).encode()


def test_two_runs_at_once_after_an_edit_report_what_an_uncached_run_reports(
    faulty_tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs on one store, at the same time, after one file changed: both report the
    problems of an uncached run, and the store they leave gives them again (whole result,
    and each file's entry)."""
    check_repo(faulty_tree, cache=True)
    target = sorted((faulty_tree / "data/rondes").rglob("aanvragen/*.yaml"))[0]
    _edit(target, "extra-key")
    _, expected = check_repo(faulty_tree, cache=False)
    assert _at_once(faulty_tree, ["", ""]) == [_printed(expected)] * 2
    store = _store(faulty_tree)
    load_cached(find_files(faulty_tree), store)
    assert (store.hits, store.misses) == (_known_files(faulty_tree), 0)
    _no_loading(monkeypatch)
    assert _keys(check_repo(faulty_tree, cache=True)[1]) == _keys(expected)


def test_two_runs_at_once_keep_both_their_results(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs with different --datum write at the same time: the second to write merges the
    store the first wrote, so both whole results are there afterwards."""
    late, early = date(2030, 1, 1), date(2017, 1, 1)
    expected = {d: check_repo(example_repo, d, cache=False)[1] for d in (late, early)}
    check_repo(example_repo, cache=True)  # the per-file entries are there already
    _at_once(example_repo, [late.isoformat(), early.isoformat()])
    assert (_entries(example_repo), _results(example_repo)) == (_known_files(example_repo), 3)
    _no_loading(monkeypatch)
    for d in (late, early):
        assert _keys(check_repo(example_repo, d, cache=True)[1]) == _keys(expected[d])


@pytest.mark.parametrize("blocked", ["cache-folder", "store", "lock"])
def test_an_unwritable_cache_still_gives_the_full_result(
    blocked: str, faulty_example: Path, runner: Any
) -> None:
    # A file where a folder should be (or a folder where a file should be): writing fails, also
    # for root (who ignores permissions).
    if blocked == "cache-folder":
        (faulty_example / ".wijkcli-cache").write_text("geen map\n")
    else:
        _make_marked_folder(faulty_example)
        (faulty_example / ".wijkcli-cache" / blocked).mkdir()
    _, expected = check_repo(faulty_example, cache=False)
    _, got = check_repo(faulty_example, cache=True)
    assert _keys(got) == _keys(expected)
    result = runner.invoke(app, ["check", "--data", str(faulty_example), "--format", "parsable"])
    assert result.exit_code == 1
    assert result.output.count("\n") == len(expected)


def _make_marked_folder(root: Path) -> None:
    """The cache folder as wijkcli makes it, with nothing in it yet."""
    store = file_cache.FileCache.open(root / "data", "leeg")
    assert store is not None
    store.put("x", 1)
    store.save()
    for name in (file_cache.STORE, file_cache.LOCK):
        (root / ".wijkcli-cache" / name).unlink()
    assert not (root / ".wijkcli-cache" / file_cache.RESULTS).exists()


def test_the_cache_never_appears_inside_data(example_repo: Path) -> None:
    before = _snapshot(example_repo / "data")
    check_repo(example_repo, cache=True)
    check_repo(example_repo / "data", cache=True)  # --data pointing at the data folder itself
    check_repo(example_repo, cache=True)
    assert _snapshot(example_repo / "data") == before
    assert (example_repo / ".wijkcli-cache").is_dir()
    assert sorted(p.name for p in example_repo.iterdir()) == [".wijkcli-cache", "data"]
    assert sorted(p.name for p in (example_repo / ".wijkcli-cache").iterdir()) == [
        ".gitignore", "CACHEDIR.TAG", file_cache.MARK, file_cache.LOCK, file_cache.PARTS,
        file_cache.RESULTS, file_cache.STORE,
    ]  # fmt: skip


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


# --- a cache folder that arrives in a pull request (issue 31, item 2) ---------------------


_WARNING = "waarschuwing: de map .wijkcli-cache naast data/ wordt niet gebruikt"


def test_a_linked_cache_folder_is_never_written_through(
    example_repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A repository that arrives with `.wijkcli-cache` as a link to another folder is checked
    without a cache: nothing is written where the link points; wijk says so once."""
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    (example_repo / ".wijkcli-cache").symlink_to(elsewhere, target_is_directory=True)
    _, problems = check_repo(example_repo, cache=True)
    check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert list(elsewhere.iterdir()) == []
    assert capsys.readouterr().err.count(_WARNING) == 1


def _committed_folder(root: Path, target: str | Path) -> Path:
    """A `.wijkcli-cache/` as a pull request can commit it: every name wijkcli opens in it (and
    the per-key folders of the old layout) a link to `target`, with a mark copied from
    somewhere (it cannot be valid: the pull request does not know the secret)."""
    folder = root / ".wijkcli-cache"
    folder.mkdir()
    (folder / file_cache.MARK).write_bytes(b"wijkcli " + b"0" * 64 + b"\n")
    for name in (
        file_cache.STORE,
        file_cache.RESULTS,
        file_cache.PARTS,
        file_cache.LOCK,
        ".gitignore",
    ):
        (folder / name).symlink_to(target)
    (folder / code_fingerprint()).symlink_to(target)
    return folder


@pytest.mark.parametrize("target", ["/dev/zero", "fifo", "data-folder"])
def test_a_committed_cache_folder_is_not_used(
    target: str, example_repo: Path, tmp_path: Path
) -> None:
    """The reproductions of issue 31 item 2: links to /dev/zero (memory without bound), to a
    FIFO (a hang, as /dev/stdin), to a folder inside data/ (pickles written there). The run,
    under a memory limit and a time limit, reports what an uncached run reports, warns once,
    and writes nothing anywhere."""
    if target == "fifo":
        link: str | Path = tmp_path / "fifo"
        os.mkfifo(link)
    elif target == "data-folder":
        link = example_repo / "data" / "rondes" / "ronde-2017-2"
    else:
        link = target
    folder = _committed_folder(example_repo, link)
    before = _snapshot(example_repo / "data"), sorted(os.listdir(folder))
    expected = subprocess.run(
        [sys.executable, "-m", "wijkcli", "--geen-cache", "check", "--data", str(example_repo),
         "--format", "parsable"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    limited = (
        "import resource, runpy, sys; "
        "resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31)); "
        "sys.argv = ['wijk', *sys.argv[1:]]; runpy.run_module('wijkcli', run_name='__main__')"
    )
    got = subprocess.run(
        [sys.executable, "-c", limited, "check", "--data", str(example_repo), "--format",
         "parsable"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (got.returncode, got.stdout) == (expected.returncode, expected.stdout)
    assert got.stderr.count(_WARNING) == 1 and "wijk heeft hem niet gemaakt" in got.stderr
    assert (_snapshot(example_repo / "data"), sorted(os.listdir(folder))) == before


def test_a_mark_from_another_install_is_not_trusted(
    example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Someone commits their own (validly marked and signed) cache: for anyone else it is a
    foreign folder, ignored with a warning, never written."""
    check_repo(example_repo, cache=True)
    before = _snapshot(example_repo / ".wijkcli-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    _, problems = check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert _snapshot(example_repo / ".wijkcli-cache") == before
    assert capsys.readouterr().err.count(_WARNING) == 1


def test_a_mark_through_a_link_is_not_trusted(example_repo: Path, tmp_path: Path) -> None:
    check_repo(example_repo, cache=True)
    mark = example_repo / ".wijkcli-cache" / file_cache.MARK
    kept = tmp_path / "mark"
    mark.rename(kept)
    mark.symlink_to(kept)
    assert file_cache.FileCache.open(example_repo / "data", code_fingerprint()) is None


def test_a_linked_store_is_never_read_or_written_through(example_repo: Path) -> None:
    """Inside the user's own folder, a store that is a link (to a data file) is neither read
    nor written through: the data file stays as it was; the run replaces the link."""
    check_repo(example_repo, cache=True)
    target = example_repo / "data/rondes/ronde-2017-2/ronde.yaml"
    before = target.read_bytes()
    names = (file_cache.STORE, file_cache.RESULTS, file_cache.PARTS)
    stores = [example_repo / ".wijkcli-cache" / n for n in names]
    for store in stores:
        store.unlink()
        store.symlink_to(target)
    assert (_entries(example_repo), _results(example_repo)) == (0, 0)
    _, problems = check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert target.read_bytes() == before
    assert not any(store.is_symlink() for store in stores)
    assert (_entries(example_repo), _results(example_repo)) == (_known_files(example_repo), 1)


def test_a_folder_git_tracks_is_not_used(
    example_repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    check_repo(example_repo, cache=True)

    def run(*args: str) -> None:
        subprocess.run([git, "-C", str(example_repo), *args], check=True, capture_output=True)

    run("init", "-q")
    run("add", "-f", ".wijkcli-cache/store")
    before = _snapshot(example_repo / ".wijkcli-cache")
    (example_repo / "data/gebieden/extra.txt").write_text("x\n", encoding="utf-8")  # a change
    capsys.readouterr()
    _, problems = check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert _snapshot(example_repo / ".wijkcli-cache") == before
    assert "hij staat in git" in capsys.readouterr().err


def test_sizes_are_capped(example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store larger than the cap is not read (a sparse 2 GB file, as a pull request could
    hold); an entry larger than its cap is not kept; the result is the same."""
    check_repo(example_repo, cache=True)
    store = _store_file(example_repo)
    for name in (file_cache.STORE, file_cache.RESULTS, file_cache.PARTS):
        with open(example_repo / ".wijkcli-cache" / name, "r+b") as fh:
            fh.truncate(file_cache.STORE_MAX + 1)
    assert (_entries(example_repo), _results(example_repo)) == (0, 0)
    monkeypatch.setattr(file_cache, "ENTRY_MAX", 3000)
    _, problems = check_repo(example_repo, cache=True)
    assert _keys(problems) == _keys(check_repo(example_repo, cache=False)[1])
    assert store.stat().st_size < file_cache.STORE_MAX
    assert 0 < _entries(example_repo) < _known_files(example_repo)


def test_a_dataset_from_the_whole_result_layer_can_be_copied_with_changes(
    example_repo: Path,
) -> None:
    """`dataclasses.replace` of the dataset a cached whole result gives (loaded on first
    use): a dataset with the change, its own count (nothing derived is shared)."""
    from dataclasses import replace

    from wijkcli.count.ledger import Ledger
    from wijkcli.load.walk import _DeferredDataset

    check_repo(example_repo, cache=True)  # fills the cache
    dataset, _ = check_repo(example_repo, cache=True)  # the whole result from it
    assert isinstance(dataset, _DeferredDataset)
    Ledger.of(dataset)
    changed = replace(dataset, rondes={})
    assert changed.rondes == {} and changed.gebieden == dataset.gebieden
    assert changed.derived == {} and "ledger" in dataset.derived
