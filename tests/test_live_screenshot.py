"""The screenshot of `wijk vergadering` in the handleiding (docs/vergadering.svg), made from
the example by the app itself (Textual's `App.export_screenshot`, 80×24), and the same screen
as text in docs/handleiding.md: both are regenerated here and compared byte for byte, so
neither can go stale. After a deliberate change of the screen: `uv run pytest
tests/test_live_screenshot.py --update-golden`, then look at the picture."""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import pytest

from tests.test_live_app import _open, _send, _text
from wijkcli.live.app import MeetingApp

pytestmark = pytest.mark.slow  # the app, twice

REPO = Path(__file__).resolve().parents[1]
SVG = REPO / "docs" / "vergadering.svg"
HANDLEIDING = REPO / "docs" / "handleiding.md"
# The text of the screen in the handleiding: the block after this line.
MARK = "<!-- het scherm van docs/vergadering.svg als tekst (tests/test_live_screenshot.py) -->"


def _screen(repo: Path) -> tuple[str, str]:
    """Agenda item A05 of the example meeting, a tie with a toelichting (reopened, it starts
    at the closing; PgUp goes back six steps): the SVG and the text."""

    async def run() -> tuple[str, str]:
        app = MeetingApp(_open(repo))
        async with app.run_test(size=(80, 24)) as pilot:
            await _send(pilot, ["pageup"] * 6)
            return app.export_screenshot(title="wijk vergadering ronde-2017-2 szh"), _text(app)

    return asyncio.run(run())


def test_the_screenshot_in_the_handleiding_is_the_app_now(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO / "data", repo / "data")
    svg, text = _screen(repo)
    assert "A05 Chill & Skill" in text and "de stemmen staakten" in " ".join(text.split())
    assert _screen(repo)[0] == svg  # the same bytes every time
    handleiding = HANDLEIDING.read_text(encoding="utf-8")
    block = re.compile(re.escape(MARK) + r"\n```text\n(.*?)```\n", re.S)
    found = block.search(handleiding)
    assert found is not None, f"docs/handleiding.md has no {MARK!r} with a text block"
    shown = "".join(line.rstrip() + "\n" for line in text.rstrip("\n").split("\n"))
    if request.config.getoption("--update-golden"):
        SVG.write_text(svg, encoding="utf-8")
        HANDLEIDING.write_text(
            handleiding[: found.start(1)] + shown + handleiding[found.end(1) :], encoding="utf-8"
        )
        return
    assert SVG.read_text(encoding="utf-8") == svg, "docs/vergadering.svg is stale: --update-golden"
    assert found.group(1) == shown, "the screen in docs/handleiding.md is stale: --update-golden"
    assert "](vergadering.svg)" in handleiding  # the picture is shown
