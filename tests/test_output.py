"""Writing documents with `--uit` (#20 items 11 and 12): an unbounded or non-regular target is
never read and never replaced, the manifest is locked and its failure reported as it is, and
`wijk schema --uit` keeps hand-made files."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import wijkcli.documents.output as output
from wijkcli.cli.app import app
from wijkcli.documents.output import MANIFEST, write_document
from wijkcli.problems import UsageMistake, WijkcliError


def advies(runner, repo: Path, *extra: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(repo), *extra])


def refused(target: Path) -> str:
    return (
        f"wijk: '{target}' is geen gewoon bestand; wijkcli schrijft alleen gewone bestanden "
        "(zonder --uit komt het document op het scherm, en met > in een bestand)\n"
    )


# --- 20.11: targets ----------------------------------------------------------------------------


@pytest.mark.slow
def test_dev_stdout_on_a_pipe_is_refused_at_once(example_repo: Path) -> None:
    """`--uit /dev/stdout` with stdout a pipe: refused (a link), no hang, nothing written."""
    proc = subprocess.run(
        [sys.executable, "-m", "wijkcli", "advies", "ronde-2017-2", "--uit", "/dev/stdout",
         "--data", str(example_repo)],
        capture_output=True, text=True, timeout=60,  # stdout is a pipe
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == refused(Path("/dev/stdout"))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/full"])
def test_an_endless_device_is_refused_unread(runner, example_repo: Path, device: str) -> None:  # type: ignore[no-untyped-def]
    for extra in ([], ["--force"]):
        result = advies(runner, example_repo, "--uit", device, *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr == refused(Path(device))
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_fifo_is_refused_without_waiting(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = example_repo / "pijp.md"
    os.mkfifo(fifo)
    for extra in ([], ["--force"]):
        result = advies(runner, example_repo, "--uit", str(fifo), *extra)
        assert result.exit_code == 2
        assert result.stderr == refused(fifo)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_force_never_replaces_a_device_or_a_link(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    real = example_repo / "echt.md"
    real.write_text("van mij\n", encoding="utf-8")
    link = example_repo / "link.md"
    link.symlink_to(real)
    targets = [link]
    device = example_repo / "apparaat.md"
    try:
        os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # as /dev/null
        targets.append(device)
    except PermissionError:
        pass  # not root: the link still shows --force is refused
    for target in targets:
        result = advies(runner, example_repo, "--uit", str(target), "--force")
        assert result.exit_code == 2
        assert result.stderr == refused(target)
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "van mij\n"
    if device in targets:
        assert stat.S_ISCHR(device.lstat().st_mode)
    assert not list(example_repo.glob(".*.tmp"))


def test_a_huge_target_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 6 GB file in the target's place is not wijkcli's (no document is that large): it is
    refused without --force, replaced with it, and not a byte of it is read."""
    target = tmp_path / "brief.md"
    with open(target, "wb") as fh:
        fh.truncate(6_000_000_000)
    taken: list[int] = []
    real_read = os.read

    def counting(fd: int, n: int) -> bytes:
        chunk = real_read(fd, n)
        taken.append(len(chunk))
        return chunk

    monkeypatch.setattr(output.os, "read", counting)
    with pytest.raises(WijkcliError, match="niet \\(meer\\) door wijkcli gemaakt"):
        write_document(target, "nieuw\n")
    assert write_document(target, "nieuw\n", force=True)
    monkeypatch.undo()
    assert sum(taken) == 0
    assert target.read_text(encoding="utf-8") == "nieuw\n"


# --- 20.12: the manifest -----------------------------------------------------------------------


def test_two_writers_at_once_both_keep_their_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads write eight documents into one folder at the same moment; reading the
    manifest is made slow, so without the lock each would write back only its own entry."""
    real = output._read_manifest

    def slow(folder: Path) -> dict[str, str]:
        found = real(folder)
        time.sleep(0.05)
        return found

    monkeypatch.setattr(output, "_read_manifest", slow)
    start = threading.Barrier(8)
    failures: list[BaseException] = []

    def writer(i: int) -> None:
        start.wait()
        try:
            write_document(tmp_path / f"brief-{i}.md", f"brief {i}\n")
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == [f"brief-{i}.md" for i in range(8)]
    # So each can be rewritten without --force: none is taken for a hand-made file.
    for i in range(8):
        assert write_document(tmp_path / f"brief-{i}.md", f"brief {i}, nieuw\n")


def test_two_processes_at_once_both_keep_their_entry(tmp_path: Path) -> None:
    """The same with two processes, each writing 30 documents."""
    script = (
        "import sys; from pathlib import Path\n"
        "from wijkcli.documents.output import write_document\n"
        "for i in range(30):\n"
        "    write_document(Path(sys.argv[1]) / f'{sys.argv[2]}-{i}.md', f'{i}\\n')\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), name]) for name in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest) == sorted(f"{n}-{i}.md" for n in "ab" for i in range(30))


def test_a_failed_manifest_write_says_the_document_was_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.md"
    real = os.replace

    def full_disk_for_the_manifest(src: str, dst: object) -> None:
        if Path(str(dst)).name == MANIFEST:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(output.os, "replace", full_disk_for_the_manifest)
    with pytest.raises(WijkcliError) as caught:
        write_document(target, "de brief\n")
    monkeypatch.undo()
    assert str(caught.value) == (
        f"'{target}' is geschreven, maar {MANIFEST} in die map niet (de schijf is vol); "
        "een volgende keer ziet wijkcli het bestand als met de hand gemaakt (overschrijf het "
        "dan met --force)"
    )
    assert target.read_text(encoding="utf-8") == "de brief\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md"]  # no temporary file


def test_a_manifest_that_is_a_link_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elders.json"
    elsewhere.write_text('{"brief.md": "x"}\n', encoding="utf-8")
    folder = tmp_path / "brieven"
    folder.mkdir()
    (folder / MANIFEST).symlink_to(elsewhere)
    with pytest.raises(UsageMistake, match="is geen gewoon bestand"):
        write_document(folder / "brief.md", "de brief\n")
    assert (folder / MANIFEST).is_symlink() and not (folder / "brief.md").exists()
    assert elsewhere.read_text(encoding="utf-8") == '{"brief.md": "x"}\n'


# --- 20.12: wijk schema --uit ------------------------------------------------------------------


def test_schema_keeps_hand_made_files_without_force(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "schema"
    assert runner.invoke(app, ["schema", "--uit", str(out)]).exit_code == 0
    generated = (out / "ronde.schema.json").read_text(encoding="utf-8")
    # An older generated schema (wijkcli's $id) is replaced without --force ...
    old = json.loads(generated)
    old["title"] = "Oude versie"
    (out / "ronde.schema.json").write_text(json.dumps(old), encoding="utf-8")
    assert runner.invoke(app, ["schema", "--uit", str(out)]).exit_code == 0
    assert (out / "ronde.schema.json").read_text(encoding="utf-8") == generated
    # ... a hand-made file is not.
    hand = '{"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "van mij"}\n'
    (out / "ronde.schema.json").write_text(hand, encoding="utf-8")
    result = runner.invoke(app, ["schema", "--uit", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"wijk: '{out / 'ronde.schema.json'}' bestaat al en is niet (meer) door wijkcli "
        "gemaakt; gebruik --force om het te overschrijven\n"
    )
    assert (out / "ronde.schema.json").read_text(encoding="utf-8") == hand
    result = runner.invoke(app, ["schema", "--uit", str(out), "--force"])
    assert result.exit_code == 0
    assert (out / "ronde.schema.json").read_text(encoding="utf-8") == generated
    assert not (out / MANIFEST).exists()
