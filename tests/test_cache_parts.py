"""The whole result of `wijk check` put together from its parts (`load.walk.PartChecks`, #32):
the gebieden with the rounds of one year, and the scoring evenings.

What the parts give must be exactly what one run over everything gives (`--geen-cache`), on
clean data and with faults, after an edit anywhere, and whenever the parts cannot stand for
the whole (a round folder without a year, a round of another year than its folder, more
did-you-mean hints than one run looks for) the whole is checked. After an edit in one year's
rounds, only that year is loaded and checked again.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import wijkcli.load.walk as walk
import wijkcli.read.cache as file_cache
from wijkcli.pipeline import check_repo
from wijkcli.problems import MAX_SUGGESTIONS, Problem, WijkcliError

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
from generate_city import FAULT_KINDS, generate  # noqa: E402

YEARS = {"gebieden": 2, "jaren": 3, "rondes": 2, "aanvragen": 6}
"""A city of three years: 2017, 2018 and 2019, two rounds each."""


@pytest.fixture(autouse=True)
def own_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A signing secret of this test's own (never the user's), cache switched on, and every
    file counted as left alone at once (the stat keys are written)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg")))
    monkeypatch.delenv(file_cache.ENV_OFF, raising=False)
    file_cache.set_enabled(True)
    monkeypatch.setattr(walk, "STEADY_NS", 0)


def _keys(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [
        (p.location, p.code, p.message, p.severity, p.hint) if p.location else (p.code, p.message)
        for p in problems
    ]


class Spy:
    """Which parts were checked, and which files were loaded, in one run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parts: list[str] = []
        self.loaded: list[list[str]] = []
        check_part, load_cached = walk._check_part, walk.load_cached

        def spy_part(sub: Any, store: Any, raws: Any, name: str, *args: Any) -> Any:
            self.parts.append(name)
            return check_part(sub, store, raws, name, *args)

        def spy_load(tree: Any, *args: Any) -> Any:
            self.loaded.append([f.path for f in tree.files])
            return load_cached(tree, *args)

        monkeypatch.setattr(walk, "_check_part", spy_part)
        monkeypatch.setattr(walk, "load_cached", spy_load)

    def reset(self) -> None:
        self.parts.clear()
        self.loaded.clear()


def _city(root: Path, faults: int = 0, seed: int = 1) -> Path:
    root.mkdir(exist_ok=True)
    generate(root, **YEARS, faults=faults, seed=seed)
    return root


def _same_as_one_run(root: Path, datum: date | None = None) -> list[Problem]:
    _, cached = check_repo(root, datum, cache=True)
    _, whole = check_repo(root, datum, cache=False)
    assert _keys(cached) == _keys(whole)
    return cached


@pytest.mark.parametrize(
    ("faults", "seed"), [(0, 1), (len(FAULT_KINDS), 1), (len(FAULT_KINDS), 7), (8, 3)]
)
def test_the_parts_report_what_one_run_reports(
    faults: int, seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cold: every part checked once (each year, the evenings); the problems are those of one
    run over everything, in the same order, with the same hints. With an overdue date too."""
    root = _city(tmp_path / "stad", faults, seed)
    spy = Spy(monkeypatch)
    problems = _same_as_one_run(root)
    assert sorted(spy.parts) == ["beoordelingen", "jaar-2017", "jaar-2018", "jaar-2019"]
    if faults == 0:
        assert problems == []
    else:
        assert any(p.is_error for p in problems)
    _same_as_one_run(root, date(2019, 12, 31))


def _year_files(root: Path, year: int) -> list[Path]:
    return sorted((root / "data" / "rondes").glob(f"ronde-{year}-*/**/*.yaml"))


def test_an_edit_in_one_year_checks_that_year_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a warm run, an edit in a 2018 application: only the gebieden and 2018's files are
    loaded, only 2018 is checked, and the result is that of one run (which now has a
    problem in it); the run after it is answered whole."""
    root = _city(tmp_path / "stad")
    assert _same_as_one_run(root) == []
    spy = Spy(monkeypatch)
    target = sorted((root / "data/rondes/ronde-2018-2/aanvragen").glob("*.yaml"))[0]
    target.write_text(
        target.read_text(encoding="utf-8").replace("thema: ", "thema: zomaar-", 1),
        encoding="utf-8",
    )
    problems = _same_as_one_run(root)
    assert [p.code for p in problems] == ["unknown-thema"]
    assert spy.parts == ["jaar-2018"]
    gebieden = sorted(
        p.relative_to(root).as_posix() for p in (root / "data/gebieden").rglob("*.yaml")
    )
    year = [p.relative_to(root).as_posix() for p in _year_files(root, 2018)]
    assert sorted(path for files in spy.loaded for path in files) == sorted(gebieden + year)
    spy.reset()
    _same_as_one_run(root)
    assert spy.parts == []


EDITS: dict[str, Callable[[str], str]] = {
    "extra-key": lambda text: text + "onbekend: 1\n",
    "another-year": lambda text: text.replace("2018", "2019"),
    "first-value": lambda text: re.sub(r": (\S)", r": x\1", text, count=1),
    "empty": lambda text: "",
}


EDITED = [
    "gebieden/*/gebied.yaml",
    "gebieden/*/leden.yaml",
    "gebieden/*/wijkplan-2018.yaml",
    "rondes/ronde-2018-1/ronde.yaml",
    "rondes/ronde-2018-1/aanvragen/*.yaml",
    "rondes/ronde-2018-1/vergadering-*.yaml",
]


@pytest.mark.parametrize(
    ("which", "edit"),
    [
        (which, edit)
        for which in EDITED
        for edit in sorted(EDITS)
        if (which, edit) != ("gebieden/*/gebied.yaml", "another-year")  # no year in it
    ],
)
def test_after_an_edit_anywhere_the_problems_are_those_of_one_run(
    which: str, edit: str, tmp_path: Path
) -> None:
    """Each kind of file, edited in several ways after a warm run (a round moved into another
    year among them: then its year cannot be a part): the problems are those of one run, that
    run and the next."""
    root = _city(tmp_path / "stad")
    _same_as_one_run(root)
    path = sorted((root / "data").glob(which))[0]
    text = path.read_text(encoding="utf-8")
    assert EDITS[edit](text) != text
    path.write_text(EDITS[edit](text), encoding="utf-8")
    first = _same_as_one_run(root)
    assert _keys(_same_as_one_run(root)) == _keys(first)


def test_a_round_folder_without_a_year_is_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder in rondes/ named without a year: the whole is checked. A hidden entry there
    (which the walk skips, with a warning) leaves the parts as they are."""
    root = _city(tmp_path / "stad", len(FAULT_KINDS))
    rondes = root / "data" / "rondes"
    (rondes / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    spy = Spy(monkeypatch)
    assert "skipped-file" in [p.code for p in _same_as_one_run(root)]
    assert sorted(spy.parts) == ["beoordelingen", "jaar-2017", "jaar-2018", "jaar-2019"]
    spy.reset()
    (rondes / "ronde-2019-2").rename(rondes / "najaarsronde")
    _same_as_one_run(root)
    assert spy.parts == []


def test_a_round_of_another_year_than_its_folder_is_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ronde-2018-2 holds a round of 2019 (`jaar: 2019`), and the wijkplan of 2019 has room
    for two rounds of szh but not three: one run warns at the round that passes it
    (`rounds-above-plan`). The year's part would see two rounds of 2019, so the whole is
    checked instead, and the warning is there."""
    import yaml

    root = _city(tmp_path / "stad")
    data = root / "data"
    moved = data / "rondes/ronde-2018-2/ronde.yaml"
    moved.write_text(moved.read_text(encoding="utf-8").replace("jaar: 2018", "jaar: 2019"), "utf-8")
    room = sum(
        yaml.safe_load((data / f"rondes/ronde-2019-{k}/ronde.yaml").read_text("utf-8"))["budget"][
            "szh"
        ]
        for k in (1, 2)
    )
    plan = data / "gebieden/szh/wijkplan-2019.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("budget: 92000", f"budget: {room}"), "utf-8"
    )
    spy = Spy(monkeypatch)
    problems = _same_as_one_run(root)
    assert "rounds-above-plan" in [p.code for p in problems]
    assert "jaar-2018" in spy.parts  # tried, refused: then the whole was loaded
    assert [len(files) for files in spy.loaded][-1] == len(list(data.rglob("*.yaml")))


def test_more_hints_than_one_run_looks_for_are_checked_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unknown wijken in every year, more than `MAX_SUGGESTIONS` together: one run gives the
    first ones a did-you-mean hint and the rest none; so do the parts, by checking the
    whole."""
    root = _city(tmp_path / "stad")
    edited = 0
    for year in (2017, 2018, 2019):
        for path in _year_files(root, year):
            if "/aanvragen/" in path.as_posix() and edited < MAX_SUGGESTIONS + 5:
                text = path.read_text(encoding="utf-8")
                path.write_text(text.replace("wijken: [", "wijken: [x", 1), encoding="utf-8")
                edited += 1
    assert edited == MAX_SUGGESTIONS + 5
    problems = _same_as_one_run(root)
    assert [p.code for p in problems] == ["unknown-wijk"] * edited
    assert sum(p.hint is not None for p in problems) == MAX_SUGGESTIONS
    # The parts made are kept: after an edit elsewhere the run knows from them, before it
    # reads or checks any part, that the whole must be checked.
    spy = Spy(monkeypatch)
    other = _year_files(root, 2019)[-1]
    other.write_text(other.read_text(encoding="utf-8") + "# bewerkt\n", encoding="utf-8")
    assert _keys(_same_as_one_run(root)) == _keys(problems)
    assert spy.parts == []


def test_the_budget_of_a_run_counts_the_years_from_the_cache_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry budget (made small here): after a warm run, names added to two years, each
    year within the budget alone but not together. A run that takes the other years from the
    cache still stops at the budget, as a run without the cache does."""
    from wijkcli.read import tree

    root = _city(tmp_path / "stad")
    _same_as_one_run(root)
    entries = sum(1 for p in (root / "data").rglob("*") if "/.wijkcli" not in p.as_posix())
    monkeypatch.setattr(tree, "MAX_RUN_ENTRIES", entries + 30)
    for year in (2018, 2019):
        folder = root / f"data/rondes/ronde-{year}-1/aanvragen"
        for i in range(20):
            (folder / f"n{i}.txt").touch()
    for cache in (True, False):
        with pytest.raises(WijkcliError, match=r"meer dan .* bestanden en mappen"):
            check_repo(root, cache=cache)


def test_the_whole_and_the_parts_are_keyed_on_what_reads_the_files(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Another pydantic (or PyYAML) may validate a file differently: the whole results and the
    parts (`whole_fingerprint`) change with it, as each file's part does (`code_fingerprint`)."""
    record = tmp_path / "RECORD"
    record.write_text("pydantic/__init__.py,sha256=x,1\n", encoding="utf-8")
    monkeypatch.setattr(walk, "_WHOLE", [])
    before = walk.whole_fingerprint()
    for other in (([record], []), ([], ["pydantic 9.9"])):
        monkeypatch.setattr(walk, "_installed", lambda *packages, other=other: other)
        monkeypatch.setattr(walk, "_WHOLE", [])
        assert walk.whole_fingerprint() != before


def _shape(dataset: Any) -> tuple[Any, ...]:
    return (
        list(dataset.gebieden),
        [(g.leden, g.wijkplannen, g.gebied) for g in dataset.gebieden.values()],
        list(dataset.rondes),
        [(r.ronde, r.aanvragen, r.vergaderingen, r.voortgang) for r in dataset.rondes.values()],
        sorted(dataset.partial),
    )


@pytest.mark.parametrize("faults", [0, len(FAULT_KINDS)])
def test_the_dataset_is_the_one_of_one_run(
    faults: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a command gets besides the problems (`load_clean`'s dataset): checked by parts in
    this run, or loaded after an edit, it is the dataset of one run without the cache, in the
    same order; checked in this run, it is not loaded a second time."""
    root = _city(tmp_path / "stad", faults)
    whole, _ = check_repo(root, cache=False)
    spy = Spy(monkeypatch)
    cold, _ = check_repo(root, cache=True)
    assert _shape(cold) == _shape(whole)
    assert len(spy.loaded) == 1 + 3  # the gebieden once, each year once: nothing after
    target = _year_files(root, 2018)[0]
    target.write_text(target.read_text(encoding="utf-8") + "# bewerkt\n", encoding="utf-8")
    edited, _ = check_repo(root, cache=True)
    assert _shape(edited) == _shape(check_repo(root, cache=False)[0])


def test_the_record_of_a_distribution_is_found_however_its_folder_is_spelled(
    tmp_path: Path,
) -> None:
    """Older wheels (the lowest versions CI installs) name their folder with the project's own
    capitals (`Jinja2-3.0.0.dist-info`, `MarkupSafe-2.0.0.dist-info`): found all the same, so
    the fingerprint never has to import the package for its version."""
    for folder in (
        "Jinja2-3.0.0.dist-info",
        "markupsafe-3.0.2.dist-info",
        "jinja2_ext-1.dist-info",
    ):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "RECORD").write_text("x,,\n", encoding="utf-8")
    (tmp_path / "Jinja2-2.0.dist-info").mkdir()  # no RECORD: not a distribution it can use
    assert walk._records(tmp_path, "jinja2") == [tmp_path / "Jinja2-3.0.0.dist-info/RECORD"]
    assert walk._records(tmp_path, "markupsafe") == [tmp_path / "markupsafe-3.0.2.dist-info/RECORD"]
    assert walk._records(tmp_path, "MarkupSafe") == walk._records(tmp_path, "markupsafe")
    assert walk._records(tmp_path / "absent", "jinja2") == []
