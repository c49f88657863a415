"""Every HTML document in a real browser (issue 29): axe-core (npm, pinned in
tests/package.json) runs inside Debian's headless Chromium on each and finds no violation of
WCAG 2.1 A or AA (contrast, `lang`, title, table headers, headings, ...); and Chromium prints
each on A4 with the page number at the foot of every page.

axe is loaded the way a page loads a script: a copy of the document gets `<script
src="axe.min.js">` and a script that runs `axe.run` and writes the violations into an attribute
of `<html>`, which `--dump-dom` returns once the page is idle (`--virtual-time-budget`). The
newsletter is a fragment for a mail program's page, so it is checked inside the same minimal
page as the HTML checker uses (tests/test_client_html.py), and not printed (the mail
program's page decides its paper)."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients import npm_file
from tests.test_client_html import PAGE
from tests.test_html_print import _chromium, _flags
from tests.test_registry import _options, _subject
from wijkcli.dataset import Dataset
from wijkcli.documents import registry

pytestmark = [pytest.mark.clients, pytest.mark.slow]

HTML_DOCUMENTS = [n for n in registry.REGISTRY if "html" in registry.document(n).formats]
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """<script src="axe.min.js"></script>
<script>
axe.run(document, {runOnly: {type: "tag", values: %s}, resultTypes: ["violations"]}).then(
  r => document.documentElement.setAttribute("data-axe", JSON.stringify(r.violations.map(
    v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(" "))})))),
  e => document.documentElement.setAttribute("data-axe", JSON.stringify([{id: "axe", nodes: [String(e)]}])));
</script>
</body>"""


def _html(name: str, dataset: Dataset) -> str:
    text = registry.make(name, _subject(name, dataset), _options(name)).render("html")
    assert isinstance(text, str)
    return PAGE.format(text) if name == "nieuwsbrief" else text


def test_every_html_document_is_in_this_test() -> None:
    assert set(HTML_DOCUMENTS) == {
        "advies", "agenda", "notulen", "nieuwsbrief", "plan", "jaarverslag", "beoordeling",
        "stad",
    }  # fmt: skip


@pytest.mark.parametrize("name", HTML_DOCUMENTS)
def test_axe_finds_no_wcag_2_1_aa_violation(
    example_dataset: Dataset, tmp_path: Path, name: str
) -> None:
    axe = npm_file("axe-core/axe.min.js", "axe-core")
    exe = _chromium()
    shutil.copy(axe, tmp_path / "axe.min.js")
    page = tmp_path / f"{name}.html"
    text = _html(name, example_dataset)
    assert text.count("</body>") == 1
    page.write_text(text.replace("</body>", RUN_AXE % json.dumps(WCAG21AA)), encoding="utf-8")
    done = subprocess.run(
        [exe, *_flags(tmp_path), "--allow-file-access-from-files", "--virtual-time-budget=20000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    found = re.search(r'<html[^>]* data-axe="([^"]*)"', done.stdout)
    assert found, done.stdout[:500]
    violations = json.loads(html.unescape(found[1]))
    assert violations == []


@pytest.mark.parametrize("name", [n for n in HTML_DOCUMENTS if n != "nieuwsbrief"])
def test_printed_by_chromium_on_a4_with_page_numbers(
    example_dataset: Dataset, tmp_path: Path, name: str
) -> None:
    from pypdf import PdfReader

    text = _html(name, example_dataset)
    # The city overview's wide tables print across the page (A4 landscape).
    across = name == "stad"
    size = "@page { size: A4 landscape;" if across else "@page { size: A4;"
    assert size in text and '"pagina " counter(page) " van " counter(pages)' in text
    exe = _chromium()
    page, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
    page.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [exe, *_flags(tmp_path), "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    for n, p in enumerate(reader.pages, 1):
        shape = (round(float(p.mediabox.width)), round(float(p.mediabox.height)))
        assert shape == ((842, 595) if across else (595, 842))
        assert f"pagina {n} van {len(pages)}" in pages[n - 1]
    # No page ends with a heading (it goes with what follows it to the next page).
    headings = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split())
        for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", text, re.S)
    ]
    for n, body in enumerate(pages[:-1], 1):
        end = body.removesuffix(f"pagina {n} van {len(pages)}").strip()
        assert not any(h and end.endswith(h) for h in headings), (n, end[-80:])
