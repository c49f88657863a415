"""Hostile files, third round (issue 31): each reproduction of the red team's report, as a
test that failed on b8d1bab. The logos are in test_logo.py."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import LEDEN
from tests.test_client_completion import complete
from wijkcli.cli.app import app

# --- item 8: --uit never writes into the data or the cache ----------------------------------


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(
    "target",
    [
        LEDEN,  # the red team's: the member list replaced by the letter
        "data/gebieden/szh/",
        "data/",
        "data/rondes/ronde-2017-2/../../gebieden/nieuw.md",
        ".wijkcli-cache/brief.md",
    ],
)
@pytest.mark.parametrize("force", [True, False])
def test_uit_never_writes_into_the_data(example_repo: Path, target: str, force: bool) -> None:
    before = _digest(example_repo / "data")
    result = CliRunner().invoke(
        app,
        ["advies", "ronde-2017-2", "--uit", str(example_repo / target), "--data", str(example_repo),
         *(["--force"] if force else [])],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert (
        "wijkcli schrijft nooit in de gegevens of de cache, ook niet met --force" in result.output
    )
    assert _digest(example_repo / "data") == before
    assert not (example_repo / ".wijkcli-cache" / "brief.md").exists()


def test_uit_through_a_link_into_the_data_is_refused(example_repo: Path) -> None:
    (example_repo / "brieven").symlink_to(example_repo / "data" / "gebieden")
    before = _digest(example_repo / "data")
    result = CliRunner().invoke(
        app,
        ["advies", "ronde-2017-2", "--uit", str(example_repo / "brieven") + "/",
         "--data", str(example_repo / "data"), "--force"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert _digest(example_repo / "data") == before


def test_completion_offers_only_ids(example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rondes = example_repo / "data" / "rondes"
    for name in ("ronde-$(touch PWNED)", "ronde-a\nronde-b", "Ronde-2018", "ronde-2018-1"):
        (rondes / name).mkdir()
    assert complete("wijk advies ", example_repo, monkeypatch) == ["ronde-2017-2", "ronde-2018-1"]
    assert complete("wijk tally ronde-", example_repo, monkeypatch) == [
        "ronde-2017-2",
        "ronde-2018-1",
    ]
