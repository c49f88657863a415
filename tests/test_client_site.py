"""The published site in Debian's Chromium: every page of `wijk publiceer` on the example has
0 axe-core violations of WCAG 2.1 A and AA (axe-core, pinned in tests/package.json) and logs
nothing to the console, opened from file:// with no server."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.clients import REPO, npm_file
from tests.conftest import console_errors, find_chromium
from wijkcli.cli.app import app

pytestmark = pytest.mark.clients

RUN_AXE = """<script src="{axe}"></script>
<script>
axe.run(document, {{runOnly: {{type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
                   resultTypes: ["violations"]}})
  .then(r => document.documentElement.setAttribute("data-axe", JSON.stringify(
    r.violations.map(v => ({{id: v.id, nodes: v.nodes.map(n => n.target.join(" "))}})))))
  .catch(e => document.documentElement.setAttribute("data-axe", "fout: " + e));
</script>
</body>"""


def _chromium() -> str:
    exe = find_chromium()
    if exe is None:
        if os.environ.get("WIJK_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (WIJK_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return exe


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's site, with its minutes adopted (so the minutes page is audited too)."""
    tmp = tmp_path_factory.mktemp("site")
    repo = tmp / "repo"
    shutil.copytree(REPO / "data", repo / "data")
    out = tmp / "site"
    result = CliRunner().invoke(app, ["publiceer", "--data", str(repo), "--uit", str(out)])
    assert result.exit_code == 0, result.output
    from wijkcli.pipeline import load_clean
    from wijkcli.publish.site import build_site

    dataset = copy.deepcopy(load_clean(repo)[0])  # never change what a cache may share
    v = dataset.rondes["ronde-2017-2"].vergaderingen["szh"]
    object.__setattr__(v, "notulen_vastgesteld", date(2017, 6, 1))  # see test_publiceer
    files, _ = build_site(dataset, versie="test")
    minutes = "szh/ronde-2017-2/notulen-ronde-2017-2-szh.html"
    (out / minutes).write_bytes(files[minutes])
    return out


def audit(exe: str, page: Path, axe: Path, work: Path) -> tuple[object, list[str]]:
    """axe-core's violations on `page` (a copy beside it with axe run at the end of the
    body), and the console lines Chromium logged while loading it."""
    probe = page.with_name(f"axe-{page.name}")
    html = page.read_text(encoding="utf-8")
    assert html.count("</body>") == 1
    probe.write_text(html.replace("</body>", RUN_AXE.format(axe=axe.as_uri())), encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             f"--user-data-dir={work / 'profiel'}", "--enable-logging=stderr", "--v=0",
             "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom"]  # fmt: skip
    try:
        done = subprocess.run([exe, *flags, probe.as_uri()], capture_output=True, text=True,
                              timeout=180, check=False)  # fmt: skip
    finally:
        probe.unlink()
    assert done.returncode == 0, done.stderr[-2000:]
    m = re.search(r'data-axe="([^"]*)"', done.stdout)
    assert m, done.stdout[-500:]
    found = unescape(m[1])
    return (json.loads(found) if found.startswith("[") else found), console_errors(done.stderr)


def test_every_page_has_no_axe_violations_and_no_console_errors(site: Path, tmp_path: Path) -> None:
    exe = _chromium()
    axe = npm_file("axe-core/axe.min.js", "axe-core")
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 10
    results = {}
    for page in pages:
        violations, console = audit(exe, page, axe, tmp_path)
        results[page.relative_to(site).as_posix()] = (violations, console)
    assert {p: r for p, r in results.items() if r != ([], [])} == {}


def test_axe_finds_a_violation_when_there_is_one(site: Path, tmp_path: Path) -> None:
    """The audit above means something: an image without a text is a violation, and a script
    error is in the console lines."""
    exe = _chromium()
    axe = npm_file("axe-core/axe.min.js", "axe-core")
    bad = site / "kapot.html"
    text = (site / "index.html").read_text(encoding="utf-8")
    gif = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    broken = f'<main>\n<img src="{gif}">\n<script>console.error("kapot")</script>'
    bad.write_text(text.replace("<main>", broken), encoding="utf-8")
    try:
        violations, console = audit(exe, bad, axe, tmp_path)
    finally:
        bad.unlink()
    assert violations == [{"id": "image-alt", "nodes": ["img"]}]
    assert len(console) == 1 and '"kapot"' in console[0]


def test_every_page_is_valid_html(site: Path) -> None:
    """The Nu HTML Checker (as for the documents in test_client_html): 0 errors, 0 warnings."""
    from tests.test_client_html import vnu

    pages = sorted(site.rglob("*.html"))
    messages = vnu(pages)
    found = [(Path(str(m["url"])).name, m.get("lastLine"), m["message"]) for m in messages
             if m["type"] != "info"]  # fmt: skip
    assert found == []
