"""The cache of rendered letters (`wijkcli/rendered.py`, #32): a repeated `wijk advies` with the
same inputs gives the same letter and the same warnings without making it again, and a change
to any input it depends on (data bytes, the data version git gives, the options, the code and
the templates) gives the letter an uncached run gives. A corrupt, foreign or linked store is
passed over and rebuilt; nothing is kept while files change or when no letter could be made.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import wijkcli.load.walk as walk
import wijkcli.pipeline as pipeline
import wijkcli.read.cache as file_cache
from tests.helpers import (
    AANVRAAG,
    LEDEN,
    edit,
    edit_keeping_times,
    git_commit_all,
    without_a07_decision,
)
from wijkcli import rendered
from wijkcli.cli.app import app
from wijkcli.documents import render

LETTER = ("advies", "ronde-2017-2")
Run = tuple[int, str, str]


@pytest.fixture(autouse=True)
def own_secret(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A signing secret of this test's own (never the user's), the cache switched on, and
    files that count as left alone at once (`walk.STEADY_NS`; a test that wants them just
    changed sets it back)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(file_cache.ENV_OFF, raising=False)
    file_cache.set_enabled(True)
    file_cache._warned.clear()
    monkeypatch.setattr(walk, "STEADY_NS", 0)
    return home


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Path]]:
    """The data folders for which a letter was made (not taken from the cache) so far."""
    calls: list[Path] = []
    real = pipeline.load_clean

    def counting(root: Path, *args: Any, **kwargs: Any) -> Any:
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(pipeline, "load_clean", counting)
    yield calls


def run(repo: Path, *args: str, cache: bool = True) -> Run:
    """`wijk [--geen-cache] advies ronde-2017-2 ARGS --data repo`: exit code, stdout, stderr."""
    first = [] if cache else ["--geen-cache"]
    result = CliRunner().invoke(app, [*first, *LETTER, *args, "--data", str(repo)])
    if result.exit_code == 3:  # wijkcli's own fault: show it
        raise AssertionError(result.output)
    return result.exit_code, result.stdout, result.stderr


def _store_path(repo: Path) -> Path:
    return repo / file_cache.CACHE_DIR / rendered.RENDERED


def _kept(repo: Path) -> int:
    """How many keys the store of letters of `repo` holds (0 when there is none)."""
    if not _store_path(repo).is_file():
        return 0
    store = file_cache.FileCache.open(repo / "data", rendered.fingerprint(), name=rendered.RENDERED)
    assert store is not None
    return len(store)


def _fresh_and_kept(repo: Path, made: list[Path], *args: str) -> Run:
    """The letter with `args`, as an uncached run gives it; then made once more with the cache
    (it was not kept under these inputs) and taken from the cache the time after."""
    uncached = run(repo, *args, cache=False)
    assert uncached[0] == 0, uncached
    before = len(made)
    assert run(repo, *args) == uncached
    assert len(made) == before + 1  # made, not taken from an earlier letter
    assert run(repo, *args) == uncached
    assert len(made) == before + 1  # taken from the cache
    return uncached


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("warns", [False, True])
def test_a_kept_letter_is_the_letter_and_its_warnings_byte_for_byte(
    example_repo: Path, made: list[Path], fmt: str, warns: bool
) -> None:
    repo = without_a07_decision(example_repo) if warns else example_repo
    code, letter, said = _fresh_and_kept(repo, made, "--format", fmt)
    assert code == 0 and "Bewonersteam" in letter
    assert ("[not-discussed]" in said) is warns
    assert _kept(repo) == 2  # one letter, under its stat key and its content key


def test_a_kept_letter_is_written_with_uit_as_a_made_one(
    example_repo: Path, made: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "brieven"
    uncached = run(example_repo, "--uit", f"{out}/", cache=False)
    letter = (out / "advies-ronde-2017-2-szh.md").read_bytes()
    shutil.rmtree(out)
    run(example_repo, "--uit", f"{out}/")
    shutil.rmtree(out)
    assert run(example_repo, "--uit", f"{out}/") == uncached
    assert len(made) == 2  # the uncached run and the first with the cache
    assert (out / "advies-ronde-2017-2-szh.md").read_bytes() == letter
    # written again over the same letter: "Ongewijzigd", as without the cache
    assert (
        run(example_repo, "--uit", f"{out}/")[2]
        == run(example_repo, "--uit", f"{out}/", cache=False)[2]
    )


def test_a_changed_data_file_gives_the_new_letter(example_repo: Path, made: list[Path]) -> None:
    first = _fresh_and_kept(example_repo, made)[1]
    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst", "titel: Huiskamer Koperhorst")
    second = _fresh_and_kept(example_repo, made)[1]
    assert "Huiskamer Koperhorst" in second and second != first
    # the same size and mtime (`touch -r`): the kernel's ctime still tells
    edit_keeping_times(example_repo / AANVRAAG, b"titel: Huiskamer", b"titel: Huiskemer")
    third = _fresh_and_kept(example_repo, made)[1]
    assert "Huiskemer Koperhorst" in third
    # a file the letter does not show (a logo, a note) is data too: made again, not stale
    (example_repo / "data" / "notitie.txt").write_text("x", encoding="utf-8")
    assert _fresh_and_kept(example_repo, made)[1] == third


def test_back_to_earlier_bytes_gives_the_earlier_letter(
    example_repo: Path, made: list[Path]
) -> None:
    """A checkout back to an earlier state (new times, earlier bytes) is found by its bytes."""
    first = _fresh_and_kept(example_repo, made)
    path = example_repo / AANVRAAG
    original = path.read_bytes()
    path.write_bytes(original.replace(b"Koperhorst", b"Koperhorst!"))
    _fresh_and_kept(example_repo, made)
    path.write_bytes(original)
    count = len(made)
    assert run(example_repo) == first
    assert len(made) == count  # by the content key


def test_each_option_gives_its_own_letter(example_repo: Path, made: list[Path]) -> None:
    plain = _fresh_and_kept(example_repo, made)[1]
    later = _fresh_and_kept(example_repo, made, "--datum", "2017-06-01")[1]
    assert later != plain and "1 juni 2017" in later
    assert _fresh_and_kept(example_repo, made, "--gebied", "szh")[1] == plain
    html = _fresh_and_kept(example_repo, made, "--format", "html")[1]
    assert html.startswith("<!DOCTYPE html>")
    # and each is still there, unchanged
    count = len(made)
    assert run(example_repo)[1] == plain
    assert run(example_repo, "--datum", "2017-06-01")[1] == later
    assert len(made) == count


@pytest.mark.clients
def test_the_data_version_is_asked_from_git_every_time(
    example_repo: Path, made: list[Path]
) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    commit = git_commit_all(example_repo)
    assert f"*Gegevensversie {commit}.*" in _fresh_and_kept(example_repo, made)[1]

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=example_repo, check=True, capture_output=True, text=True,
        ).stdout.strip()  # fmt: skip

    # a new commit that changes nothing under data/: the letter names it
    (example_repo / "README.md").write_text("x\n", encoding="utf-8")
    git("add", "README.md")
    git("commit", "-qm", "readme")
    second = git("rev-parse", "--short=12", "HEAD")
    assert f"*Gegevensversie {second}.*" in _fresh_and_kept(example_repo, made)[1]
    # only git's index changes (a data file no longer tracked): the files differ from HEAD
    git("rm", "-q", "--cached", AANVRAAG)
    third = _fresh_and_kept(example_repo, made)[1]
    assert f"*Gegevensversie {second} met niet-vastgelegde wijzigingen.*" in third
    # and back: the clean letter again
    git("add", AANVRAAG)
    assert f"*Gegevensversie {second}.*" in run(example_repo)[1]


def test_another_template_or_code_gives_the_new_letter(
    example_repo: Path,
    made: list[Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """A changed template or source file is a new fingerprint (what a new process computes):
    the letter is made again by the new code, never taken from the old."""
    templates = tmp_path / "templates"
    shutil.copytree(render.template_dirs()[0], templates)
    monkeypatch.setattr(render, "template_dirs", lambda: [templates])

    def new_process() -> None:
        render.environment.cache_clear()
        monkeypatch.setattr(rendered, "_FINGERPRINT", [])

    request.addfinalizer(render.environment.cache_clear)  # the real templates again after

    new_process()
    first = _fresh_and_kept(example_repo, made)[1]
    md = templates / "adviesbrief.md.j2"
    md.write_text(md.read_text(encoding="utf-8") + "\nNieuwe slotregel.\n", encoding="utf-8")
    new_process()
    second = _fresh_and_kept(example_repo, made)[1]
    assert second == first.rstrip("\n") + "\n\nNieuwe slotregel.\n"
    # a template the letter does not use counts too: all of templates/ is the fingerprint
    before = rendered.fingerprint()
    (templates / "site" / "extra.j2").write_text("x", encoding="utf-8")
    new_process()
    assert rendered.fingerprint() != before
    # wijkcli's own source (every .py file: `walk.whole_fingerprint`)
    before = rendered.fingerprint()
    monkeypatch.setattr(walk, "_WHOLE", ["another wijkcli"])
    new_process()
    assert rendered.fingerprint() != before
    # what reads the data: another pydantic or PyYAML (`walk.code_fingerprint`)
    before = rendered.fingerprint()
    monkeypatch.setattr(walk, "_FINGERPRINT", ["another pydantic"])
    new_process()
    assert rendered.fingerprint() != before
    count = len(made)
    assert run(example_repo)[1] == second
    assert len(made) == count + 1  # made again by the new code


def test_jinja_and_markupsafe_are_part_of_the_fingerprint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    asked: list[tuple[str, ...]] = []
    record = tmp_path / "RECORD"
    record.write_text("jinja2/__init__.py,sha256=x,1\n", encoding="utf-8")

    def installed(*packages: str) -> tuple[list[Path], list[str]]:
        asked.append(packages)
        return [record], []

    monkeypatch.setattr(walk, "installed", installed)
    monkeypatch.setattr(rendered, "_FINGERPRINT", [])
    before = rendered.fingerprint()
    assert asked == [("jinja2", "markupsafe")]
    record.write_text("jinja2/__init__.py,sha256=y,1\n", encoding="utf-8")
    monkeypatch.setattr(rendered, "_FINGERPRINT", [])
    assert rendered.fingerprint() != before


def test_nothing_is_kept_while_files_are_being_changed(
    example_repo: Path, made: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # files changed in the last two seconds: their times may not yet tell every change
    monkeypatch.setattr(walk, "STEADY_NS", 10**18)
    assert run(example_repo) == run(example_repo, cache=False)
    assert _kept(example_repo) == 0
    monkeypatch.setattr(walk, "STEADY_NS", 0)
    # a file that changes while the letter is made (an editor saving): not kept
    real = pipeline.load_clean

    def saving_meanwhile(root: Path, *args: Any, **kwargs: Any) -> Any:
        edit(example_repo, AANVRAAG, "Koperhorst", "Kopperhorst")
        return real(root, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(pipeline, "load_clean", saving_meanwhile)
        assert run(example_repo)[0] == 0
    assert _kept(example_repo) == 0
    _fresh_and_kept(example_repo, made)


def test_a_letter_that_cannot_be_made_is_not_kept(example_repo: Path, made: list[Path]) -> None:
    # --datum before the meeting: a usage mistake, said again every time
    first = run(example_repo, "--datum", "2017-01-01")
    assert first[0] == 2 and "vóór de vergadering" in first[1] + first[2]
    assert run(example_repo, "--datum", "2017-01-01") == first
    assert len(made) == 2
    # an error in the data
    edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 8.500,00")
    broken = run(example_repo)
    assert broken[0] == 1
    assert run(example_repo) == broken == run(example_repo, cache=False)
    assert _kept(example_repo) == 0


def test_without_the_cache_nothing_is_read_or_kept(
    example_repo: Path, made: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    uncached = run(example_repo, cache=False)
    assert not _store_path(example_repo).exists()
    run(example_repo)
    assert _kept(example_repo) == 2
    count = len(made)
    assert run(example_repo, cache=False) == uncached
    monkeypatch.setenv(file_cache.ENV_OFF, "1")
    assert run(example_repo) == uncached
    assert len(made) == count + 2


def _forged_payload(marker: Path) -> bytes:
    """A pickle that creates `marker` when it is unpickled."""

    class Bomb:
        def __reduce__(self) -> tuple[Any, ...]:
            return (open, (str(marker), "w"))

    return pickle.dumps({"k": pickle.dumps(("k", Bomb()))})


@pytest.mark.parametrize("how", ["garbage", "truncated", "results", "forged"])
def test_a_corrupt_or_foreign_store_is_passed_over_and_rebuilt(
    example_repo: Path, made: list[Path], tmp_path: Path, how: str
) -> None:
    letter = _fresh_and_kept(example_repo, made)
    store = _store_path(example_repo)
    marker = tmp_path / "unpickled"
    if how == "garbage":
        store.write_bytes(os.urandom(4096))
    elif how == "truncated":
        store.write_bytes(store.read_bytes()[:-100])
    elif how == "results":  # another store of this install, signed for its own name
        shutil.copyfile(store.with_name(file_cache.RESULTS), store)
    else:  # the header of a real store (a pull request could copy one) over a bomb
        head = store.read_bytes()[: file_cache.HEAD]
        store.write_bytes(head + _forged_payload(marker))
    count = len(made)
    assert run(example_repo) == letter
    assert len(made) == count + 1
    assert not marker.exists()
    assert _kept(example_repo) == 2  # rebuilt
    assert run(example_repo) == letter
    assert len(made) == count + 1


def test_the_store_is_never_read_or_written_through_a_link(
    example_repo: Path, made: list[Path], tmp_path: Path
) -> None:
    letter = _fresh_and_kept(example_repo, made)
    store = _store_path(example_repo)
    elsewhere = tmp_path / "elders"
    shutil.move(store, elsewhere)  # a valid store with this letter, behind a link
    kept = elsewhere.read_bytes()
    store.symlink_to(elsewhere)
    count = len(made)
    assert run(example_repo) == letter
    assert len(made) == count + 1  # not read through the link
    assert elsewhere.read_bytes() == kept  # nor written
    assert not store.is_symlink() and _kept(example_repo) == 2


def test_the_store_holds_the_letter_and_no_contact_data(
    example_repo: Path, made: list[Path]
) -> None:
    repo = without_a07_decision(example_repo)
    _, letter, said = _fresh_and_kept(repo, made)
    blob = _store_path(repo).read_bytes()
    assert letter.encode() in blob and said.rstrip("\n").encode() in blob
    leden = yaml.safe_load((repo / LEDEN).read_text(encoding="utf-8"))["leden"]
    private = [str(lid[k]) for lid in leden for k in ("email", "telefoon") if k in lid]
    assert len(private) >= 8
    for value in private:
        assert value.encode() not in blob, value
    assert (_store_path(repo).stat().st_mode & 0o777) == 0o600


WARM = """
import json, sys
from wijkcli.load import walk
walk.STEADY_NS = 0
from wijkcli.cli.app import app
sys.argv = ["wijk", *sys.argv[1:]]
try:
    app()
except SystemExit as exc:
    code = exc.code
print()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def test_a_kept_letter_needs_neither_pydantic_nor_jinja(example_repo: Path, tmp_path: Path) -> None:
    """The second `wijk advies` in a new process: no model, no count, no template engine."""
    env = {k: v for k, v in os.environ.items() if k != file_cache.ENV_OFF}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    argv = [sys.executable, "-c", WARM, *LETTER, "--data", str(example_repo)]
    runs = [
        subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120, check=False)
        for _ in range(2)
    ]
    letters = [r.stdout.rsplit("\n", 2)[0] for r in runs]
    assert letters[0] == letters[1] and "Bewonersteam" in letters[0]
    result = json.loads(runs[1].stdout.splitlines()[-1])
    assert result["code"] == 0
    heavy = ("pydantic", "pydantic_core", "jinja2", "wijkcli.model", "wijkcli.count",
             "wijkcli.pipeline", "wijkcli.documents.registry", "wijkcli.documents.advies")  # fmt: skip
    assert [m for m in result["modules"] if m.startswith(heavy)] == []
