"""The HTML letter in a real browser: on a 375 px phone the overview keeps its `bedrag` column
(it reflows or scrolls, never cut off), and printed it comes out on A4."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import find_chromium
from tests.test_advies import letter

pytestmark = pytest.mark.clients

MEASURE = """<script>
const t = document.querySelector("table.overzicht");
const w = t.closest(".tabel");
const th = [...t.querySelectorAll("thead th")].pop();
parent.postMessage(JSON.stringify({
  page: document.documentElement.scrollWidth, viewport: window.innerWidth,
  bedrag: th.textContent, right: th.getBoundingClientRect().right,
  wrapper: w.getBoundingClientRect().right, scrolls: w.scrollWidth > w.clientWidth,
  overflow: getComputedStyle(w).overflowX}), "*");
</script>
</body>"""

PHONE = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="brief.html" width="375" height="800" style="border:0"></iframe>
<script>addEventListener("message", e => document.body.setAttribute("data-meting", e.data));</script>
</body></html>"""
"""Headless Chromium keeps its window at least 500 px wide, so the letter is measured in a
375 px wide frame: inside it, the page's viewport is a phone's."""


def _chromium() -> str:
    exe = find_chromium()
    if exe is None:
        if os.environ.get("WIJK_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (WIJK_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return exe


def _flags(tmp_path: Path) -> list[str]:
    return ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", f"--user-data-dir={tmp_path / 'profiel'}"]  # fmt: skip


def test_overview_keeps_its_amounts_on_a_phone(example_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    exe = _chromium()
    page = tmp_path / "brief.html"
    page.write_text(letter(example_dataset, "html").replace("</body>", MEASURE), encoding="utf-8")
    phone = tmp_path / "telefoon.html"
    phone.write_text(PHONE, encoding="utf-8")
    done = subprocess.run(
        [exe, *_flags(tmp_path), "--window-size=800,900", "--virtual-time-budget=3000",
         "--allow-file-access-from-files", "--dump-dom", phone.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    m = re.search(r'data-meting="([^"]*)"', done.stdout)
    assert m, done.stdout[-500:]
    meting = json.loads(m[1].replace("&quot;", '"'))
    assert meting["viewport"] == 375
    assert meting["bedrag"] == "bedrag"
    assert meting["page"] <= meting["viewport"]  # the page itself never scrolls sideways
    # The bedrag column is on screen, or its table scrolls inside the page.
    assert meting["right"] <= meting["wrapper"] + 0.5 or (
        meting["scrolls"] and meting["overflow"] == "auto"
    )


def test_printed_letter_is_a4_and_keeps_tables_and_signatures_whole(
    example_dataset, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    html = letter(example_dataset, "html")
    assert "@page { size: A4;" in html
    assert "table.budget, .tabel table { break-inside: avoid; }" in html
    assert (
        ".ondertekening { display: flex; flex-wrap: wrap; gap: 2em; break-inside: avoid; }" in html
    )
    exe = _chromium()
    page = tmp_path / "brief.html"
    page.write_text(html, encoding="utf-8")
    pdf = tmp_path / "brief.pdf"
    done = subprocess.run(
        [exe, *_flags(tmp_path), "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    for p in reader.pages:
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842)
    pages = [
        " ".join((p.extract_text() or "").replace("\u00a0", " ").split()) for p in reader.pages
    ]
    budget = [
        i for i, t in enumerate(pages) if "Budget deze ronde" in t and "Restant, schuift door" in t
    ]
    assert len(budget) == 1
    signed = [
        i
        for i, t in enumerate(pages)
        if "Joke Aldersveld" in t and "secretaris Bewonersteam SZH" in t
    ]
    assert signed == [len(pages) - 1]
