"""A data folder that arrives through a pull request is hostile (#20 items 1, 9 and 15): only
`.yaml` files count, leftovers and links are skipped with a warning each, nothing is followed
out of the repository, nothing is read whole that is too large, and nothing hangs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import wijkcli.read.tree
from wijkcli.cli.app import app
from wijkcli.pipeline import check_repo
from wijkcli.read.tree import read_data_file

RONDE = "data/rondes/ronde-2017-2"
AANVRAGEN = f"{RONDE}/aanvragen"
A01 = f"{AANVRAGEN}/a01-huiskamer.yaml"

Row = tuple[str, int, int, str, str]


def problems(repo: Path) -> list[Row]:
    """Every problem of `wijk check`, complete and in order: (path, line, column, code,
    severity)."""
    _, found = check_repo(repo)
    return [
        (p.location.path, p.location.line, p.location.column, p.code, p.severity.value)
        for p in found
        if p.location is not None
    ]


def with_baseline(repo: Path, extra: list[Row]) -> list[Row]:
    """The problems of the untouched example (its scoring evening has warnings) plus `extra`,
    in the order `wijk check` gives them (by file, line, column, code)."""
    fresh = repo.parent / "baseline"
    if not fresh.exists():
        shutil.copytree(Path(__file__).resolve().parents[1] / "data", fresh / "data")
    return sorted([*problems(fresh), *extra], key=lambda r: (r[0], r[1], r[2], r[3]))


EVENING = [
    ("data/beoordelingen/sbi-aanbesteding-2016/formulieren/f21.yaml", 9, 3, "missing-score",
     "waarschuwing"),
    ("data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml", 24, 9, "too-few-scores",
     "waarschuwing"),
]  # fmt: skip
"""The warnings of the example's scoring evening, there in every run."""

HOURS_USED = [
    ("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", 36, 21, "hours-used-above-granted",
     "waarschuwing"),
    ("data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml", 24, 18,
     "hours-used-above-granted", "waarschuwing"),
]  # fmt: skip
"""The example's two projects that used more hours than granted: checked from the files."""


def warn(path: str, code: str) -> Row:
    return (path, 0, 0, code, "waarschuwing")


# --- 20.1: only *.yaml counts ------------------------------------------------------------------


@pytest.mark.slow
def test_leftovers_and_other_files_are_skipped_with_one_warning_each(
    runner,  # type: ignore[no-untyped-def]
    example_repo: Path,
) -> None:
    folder = example_repo / AANVRAGEN
    old = (
        (example_repo / A01)
        .read_text(encoding="utf-8")
        .replace("Huiskamer De Koperhorst", "OUDE TITEL")
    )
    for name in ("a01-huiskamer.yaml~", "a01-huiskamer.yml", "a01-huiskamer.yaml.orig",
                 "a01-huiskamer.yaml.bak", ".a01-huiskamer.yaml.swp"):  # fmt: skip
        (folder / name).write_text(old, encoding="utf-8")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / ".gitkeep").write_text("", encoding="utf-8")  # git housekeeping: no warning
    (folder / "README").write_text("Zet hier de aanvragen.\n", encoding="utf-8")
    (folder / "export.pb").write_text("META\nkey;value\n", encoding="utf-8")
    assert problems(example_repo) == with_baseline(
        example_repo,
        [
            warn(f"{AANVRAGEN}/.DS_Store", "skipped-file"),
            warn(f"{AANVRAGEN}/.a01-huiskamer.yaml.swp", "skipped-file"),
            warn(f"{AANVRAGEN}/README", "skipped-file"),
            warn(f"{AANVRAGEN}/a01-huiskamer.yaml.bak", "skipped-file"),
            warn(f"{AANVRAGEN}/a01-huiskamer.yaml.orig", "skipped-file"),
            warn(f"{AANVRAGEN}/a01-huiskamer.yaml~", "skipped-file"),
            warn(f"{AANVRAGEN}/a01-huiskamer.yml", "skipped-file"),
            warn(f"{AANVRAGEN}/export.pb", "skipped-file"),
        ],
    )
    # The letter keeps the real A01, and no command is blocked.
    result = runner.invoke(
        app, ["advies", "ronde-2017-2", "--format", "md", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    assert "Huiskamer De Koperhorst" in result.stdout
    assert "OUDE TITEL" not in result.stdout


@pytest.mark.slow
def test_an_upper_case_extension_is_an_error_not_lost_minutes(
    runner,  # type: ignore[no-untyped-def]
    example_repo: Path,
) -> None:
    minutes = example_repo / RONDE / "vergadering-szh.yaml"
    minutes.rename(minutes.with_name("vergadering-szh.YAML"))
    assert problems(example_repo) == [
        *EVENING,
        (f"{RONDE}/vergadering-szh.YAML", 0, 0, "wrong-extension", "fout"),
        *HOURS_USED,
    ]
    result = runner.invoke(app, ["check", "--data", str(example_repo)])
    assert result.exit_code == 1
    assert "hernoem het naar vergadering-szh.yaml" in result.stdout


def test_two_files_with_the_same_id_are_an_error(example_repo: Path) -> None:
    """A copy of A01 under another .yaml name keeps its id: that id is not its file name."""
    shutil.copy(example_repo / A01, example_repo / AANVRAGEN / "a09-kopie.yaml")
    assert problems(example_repo) == [
        *EVENING,
        (f"{AANVRAGEN}/a09-kopie.yaml", 3, 5, "id-mismatch", "fout"),
        (f"{AANVRAGEN}/a09-kopie.yaml", 4, 9, "duplicate-nummer", "fout"),
        (f"{RONDE}/vergadering-szh.yaml", 32, 1, "not-discussed", "waarschuwing"),
        *HOURS_USED,
    ]


# --- 20.9: links, FIFOs, devices and huge files ------------------------------------------------


@pytest.mark.slow
def test_links_are_never_followed_out_of_the_repository(
    runner,  # type: ignore[no-untyped-def]
    example_repo: Path,
    tmp_path: Path,
) -> None:
    secret = tmp_path / "geheim.yaml"
    secret.write_text("TOPSECRET-TOKEN-abc123\n", encoding="utf-8")
    (example_repo / AANVRAGEN / "a98-lek.yaml").symlink_to(secret)
    (example_repo / AANVRAGEN / "a97-kmsg.yaml").symlink_to("/proc/kmsg")
    (example_repo / "data/rondes/ronde-usr").symlink_to("/usr", target_is_directory=True)
    assert problems(example_repo) == with_baseline(
        example_repo,
        [
            warn(f"{AANVRAGEN}/a97-kmsg.yaml", "not-a-file"),
            warn(f"{AANVRAGEN}/a98-lek.yaml", "not-a-file"),
            warn("data/rondes/ronde-usr", "not-a-file"),
        ],
    )
    result = runner.invoke(app, ["check", "--format", "json", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    assert "TOPSECRET" not in result.output


@pytest.mark.slow
def test_a_linked_rondes_folder_is_not_walked(example_repo: Path, tmp_path: Path) -> None:
    """A `rondes/` that is a link to /usr: one warning, and the data as if it had no rounds."""
    empty = tmp_path / "zonder-rondes"
    shutil.copytree(example_repo, empty)
    shutil.rmtree(empty / "data/rondes")
    rondes = example_repo / "data/rondes"
    shutil.rmtree(rondes)
    rondes.symlink_to("/usr", target_is_directory=True)
    assert problems(example_repo) == sorted(
        [*problems(empty), warn("data/rondes", "not-a-file")],
        key=lambda r: (r[0], r[1], r[2], r[3]),
    )


def test_a_linked_data_folder_is_refused(runner, example_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    real = tmp_path / "elders"
    (example_repo / "data").rename(real)
    (example_repo / "data").symlink_to(real, target_is_directory=True)
    result = runner.invoke(app, ["check", "--data", str(example_repo)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"wijk: '{example_repo}/data' is een symbolische link; wijkcli volgt geen links in een "
        "gegevensrepository (geef de echte map op met --data)\n"
    )


def test_a_fifo_is_warned_about_and_never_waited_for(example_repo: Path) -> None:
    os.mkfifo(example_repo / AANVRAGEN / "a99.yaml")
    assert problems(example_repo) == with_baseline(
        example_repo, [warn(f"{AANVRAGEN}/a99.yaml", "not-a-file")]
    )
    # Opened directly (it turned into a FIFO after the walk), it is refused without waiting.
    raw, found = read_data_file(example_repo / AANVRAGEN / "a99.yaml", "a99.yaml")
    assert raw is None
    assert [(p.code, p.severity.value) for p in found] == [("not-a-file", "waarschuwing")]


@pytest.mark.slow
@pytest.mark.parametrize("cache", [[], ["--geen-cache"]], ids=["cache", "geen-cache"])
def test_a_huge_sparse_file_is_refused_unread(example_repo: Path, cache: list[str]) -> None:
    """A 6 GB file: refused by its size, by a `wijk check` that stays small (its peak memory
    measured by a parent process of its own), with and without the cache."""
    with open(example_repo / A01, "r+b") as fh:
        fh.truncate(6_000_000_000)
    parent = (
        "import json, resource, subprocess, sys\n"
        "r = subprocess.run([sys.executable, '-m', 'wijkcli', *sys.argv[2:], 'check',"
        " '--format', 'parsable', '--data', sys.argv[1]], capture_output=True, text=True,"
        " timeout=60)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([r.returncode, r.stdout, r.stderr, peak]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", parent, str(example_repo), *cache],
        capture_output=True, text=True, timeout=90, check=True,
    )  # fmt: skip
    code, out, err, peak_kb = json.loads(done.stdout)
    assert code == 1, err
    assert [x for x in out.splitlines() if x.startswith(A01)] == [
        f"{A01}:1:1: fout: bestand is te groot (6.000.000.000 bytes; de grens is 1.000.000) "
        "(daardoor zijn de besluiten over deze aanvraag niet tegen de aanvraag gecontroleerd) "
        "[file-too-large]"
    ]
    assert peak_kb < 300_000  # kilobytes: far below the 6 GB a whole read would take


def test_at_most_the_limit_plus_one_byte_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file whose size says nothing (as in /proc) is read up to the limit + 1 byte only."""
    big = tmp_path / "groot.yaml"
    big.write_bytes(b"a" * 5000)
    real_fstat, real_read = os.fstat, os.read
    taken: list[int] = []

    class Unsized:
        def __init__(self, fd: int) -> None:
            self.st_mode = real_fstat(fd).st_mode
            self.st_size = 0

    def counting_read(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        taken.append(len(chunk))
        return chunk

    monkeypatch.setattr(wijkcli.read.tree.os, "fstat", Unsized)
    monkeypatch.setattr(wijkcli.read.tree.os, "read", counting_read)
    raw, found = read_data_file(big, "groot.yaml", limit=1000)
    monkeypatch.undo()
    assert raw is None
    assert [(p.code, p.message) for p in found] == [
        ("file-too-large", "bestand is te groot (meer dan 1.000 bytes; de grens is 1.000)")
    ]
    assert sum(taken) == 1001


# --- 20.15: no internal error from the file system ---------------------------------------------


@pytest.mark.slow
def test_a_name_that_is_not_utf8_under_a_strict_utf8_stdout(example_repo: Path) -> None:
    folder = os.fsencode(example_repo / AANVRAGEN)
    with open(os.path.join(folder, b"a10-caf\xe9.yaml"), "wb") as fh:
        fh.write((example_repo / A01).read_bytes())
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "LC_ALL": "C.UTF-8"}
    shown = f"{AANVRAGEN}/a10-caf\\xe9.yaml"
    for fmt in ("tekst", "parsable", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "wijkcli", "check", "--format", fmt, "--data",
             str(example_repo)],
            capture_output=True, env=env, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 1, (fmt, proc.stderr)
        assert proc.stderr == b"", fmt
        out = proc.stdout.decode("utf-8")  # strict: raw bytes would fail here
        assert shown in out, fmt
    proc = subprocess.run(
        [sys.executable, "-m", "wijkcli", "check", "--format", "json", "--data",
         str(example_repo)],
        capture_output=True, env=env, timeout=120,
    )  # fmt: skip
    doc = json.loads(proc.stdout.decode("utf-8"))
    assert [(p["pad"], p["code"], p["ernst"]) for p in doc["problemen"] if "caf" in p["pad"]] == [
        (shown, "bad-file-name", "fout")
    ]


@pytest.mark.slow
def test_a_folder_that_vanishes_during_the_walk(
    runner,  # type: ignore[no-untyped-def]
    example_repo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Listed by its parent, gone when it is opened: a warning, and the rest as without it."""
    gone = tmp_path / "zonder"
    shutil.copytree(example_repo, gone)
    shutil.rmtree(gone / AANVRAGEN)
    expected = sorted(
        [*problems(gone), warn(AANVRAGEN, "unreadable-folder")],
        key=lambda r: (r[0], r[1], r[2], r[3]),
    )
    real_scandir = os.scandir
    target = str(example_repo / AANVRAGEN)

    def vanishing(path: str) -> object:
        if str(path) == target and (example_repo / AANVRAGEN).exists():
            shutil.rmtree(target)
        return real_scandir(path)

    monkeypatch.setattr(wijkcli.read.tree.os, "scandir", vanishing)
    # Without the cache: its stat listing (`load.walk`) would list the folder first, and the
    # folder would vanish before the walk of the files began.
    monkeypatch.setenv("WIJK_GEEN_CACHE", "1")
    assert problems(example_repo) == expected
    shutil.copytree(Path(__file__).resolve().parents[1] / AANVRAGEN, example_repo / AANVRAGEN)
    result = runner.invoke(app, ["--geen-cache", "check", "--data", str(example_repo)])
    assert result.exit_code == 1, result.output
    assert "interne fout" not in result.output
