"""Every PDF wijkcli makes is archival and accessible (issue 29): PDF/A-2a and PDF/UA-1 as the
real PDF readers see it (pikepdf reads the XMP identification, the structure tree, `/Lang`,
the fonts; pypdf the text), A4, with title, author, subject and the data version in the
metadata and never on paper; a letter from uncommitted data is a CONCEPT. Data cannot bend the
layout: a long word or words glued by word joiners stay in their table cell (poppler's
pdftotext gives every word's box), and text no font can show is a warning at its place in the
data files, never an empty box or a failed PDF."""

from __future__ import annotations

import io
import os
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.clients import program
from tests.helpers import AANVRAAG
from tests.test_registry import VERSIE, _options, _subject
from wijkcli.cli.app import app
from wijkcli.dataset import Dataset
from wijkcli.documents import registry
from wijkcli.documents.pdf import compile_pdf, markdown_to_typst

PDF_DOCUMENTS = [n for n in registry.REGISTRY if "pdf" in registry.document(n).formats]
A4 = (595, 842)
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"


def _pdf_and_md(name: str, dataset: Dataset) -> tuple[bytes, str]:
    made = registry.make(name, _subject(name, dataset), _options(name))
    pdf, md = made.render("pdf"), made.render("md")
    assert isinstance(pdf, bytes) and isinstance(md, str)
    return pdf, md


def _text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [
        " ".join((p.extract_text() or "").replace("\u00a0", " ").replace("\u200b", "").split())
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def _fonts(pdf: Any) -> list[tuple[str, bool]]:
    """(base font, embedded) of every font on every page, descendant fonts included."""
    found = []
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            for f in [font, *(font.get("/DescendantFonts") or [])]:
                descriptor = f.get("/FontDescriptor")
                if descriptor is None:
                    continue  # a Type0 font: its descendant has the descriptor
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found.append((str(f.BaseFont), embedded))
    return found


def test_every_pdf_document_is_in_this_test() -> None:
    assert set(PDF_DOCUMENTS) == {
        "advies", "agenda", "notulen", "plan", "jaarverslag", "voortgang", "kasboek",
        "beoordeling",
    }  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize("name", PDF_DOCUMENTS)
def test_every_pdf_is_pdf_a_2a_and_pdf_ua_1_on_a4(example_dataset: Dataset, name: str) -> None:
    import pikepdf

    data, md = _pdf_and_md(name, example_dataset)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2"
        assert meta["pdfaid:conformance"] == "A"
        assert meta["pdfuaid:part"] == "1"
        assert meta["dc:language"] == {"nl-NL"}
        root = pdf.Root
        assert "/StructTreeRoot" in root
        assert len(root.StructTreeRoot.K) > 0 or "/Type" in root.StructTreeRoot.K
        assert bool(root.MarkInfo.Marked)
        assert str(root.Lang) == "nl-NL"
        assert bool(root.ViewerPreferences.DisplayDocTitle)  # the title, not the file name
        fonts = _fonts(pdf)
        assert fonts and all(embedded for _, embedded in fonts), fonts
        info = pdf.docinfo
        front = registry.make(name, _subject(name, example_dataset), _options(name))
        made_front = front.document.front(front.subject, front.context)
        title = str(info["/Title"])
        assert title.endswith(made_front.title) and title == meta["dc:title"]
        assert str(info["/Author"]) == made_front.author != ""
        subject = registry.SUBJECTS[name]
        if name == "advies":  # the letter's own Typst template says which round and gebied
            subject = (
                "Advies van Bewonersteam SZH aan Indebuurt033 over de aanvragen van "
                "Subsidieronde 2 (2017), gebied SZH"
            )
        assert str(info["/Subject"]) == subject == meta["dc:description"]
        for page in pdf.pages:
            box = page.MediaBox
            assert (round(float(box[2] - box[0])), round(float(box[3] - box[1]))) == A4
    text = " ".join(_text(data))
    # The data version is in the metadata of the documents that name one, and never on paper.
    if VERSIE in md:
        assert VERSIE in str(info["/Keywords"])
    assert VERSIE not in text and "gegevensversie" not in text
    # Every amount and every application the Markdown names, the PDF says too.
    plain_md = md.replace("\\", "").replace("\u00a0", " ")
    amounts = set(re.findall(r"€ -?[0-9.]+,[0-9]{2}", plain_md))
    titles = {
        t
        for r in example_dataset.rondes.values()
        for a in r.aanvragen.values()
        for t in (a.titel, f"{a.nummer} {a.titel}")
    }
    names = {t for t in titles if t in plain_md}
    applicants = {
        a.aanvrager.naam
        for r in example_dataset.rondes.values()
        for a in r.aanvragen.values()
        if getattr(a.aanvrager, "naam", None) and a.aanvrager.naam in plain_md
    }
    missing = sorted(f for f in amounts | names | applicants if f not in text)
    assert missing == []


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def _letter(runner, repo: Path, *extra: str) -> tuple[bytes, str]:  # type: ignore[no-untyped-def]
    out = repo.parent / "brieven"
    result = runner.invoke(
        app,
        ["advies", "ronde-2017-2", "--format", "pdf", "--uit", f"{out}/", "--force",
         "--data", str(repo), *extra],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return (out / "advies-ronde-2017-2-szh.pdf").read_bytes(), result.stderr


@pytest.mark.slow
@pytest.mark.clients  # git
def test_a_letter_from_committed_data_is_clean_and_from_changed_data_a_concept(
    runner, example_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    import pikepdf

    program("git", "apt-get install git")
    _git(example_repo, "init", "-q")
    _git(example_repo, "add", "-A")
    _git(example_repo, "commit", "-q", "-m", "voorbeeld")
    head = subprocess.run(["git", "-C", str(example_repo), "rev-parse", "--short=12", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    clean, _ = _letter(runner, example_repo)
    pages = _text(clean)
    assert not any("CONCEPT" in p for p in pages)
    assert all(head not in p for p in pages)  # no hash on paper
    with pikepdf.open(io.BytesIO(clean)) as pdf:
        assert str(pdf.docinfo["/Keywords"]) == f"kenmerk SZH/ronde-2017-2, gegevensversie {head}"
        assert str(pdf.docinfo["/Title"]) == "Advies Subsidieronde 2 (2017), gebied SZH"

    (example_repo / AANVRAAG).write_text(
        (example_repo / AANVRAAG).read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    concept, _ = _letter(runner, example_repo)
    pages = _text(concept)
    assert all("CONCEPT · SZH/ronde-2017-2" in p for p in pages)  # every page's footer
    assert "CONCEPT — niet versturen" in pages[0]
    assert all(head not in p for p in pages)
    with pikepdf.open(io.BytesIO(concept)) as pdf:
        assert str(pdf.docinfo["/Keywords"]) == (
            f"kenmerk SZH/ronde-2017-2, gegevensversie {head} met niet-vastgelegde wijzigingen"
        )
        assert str(pdf.docinfo["/Title"]) == "CONCEPT Advies Subsidieronde 2 (2017), gebied SZH"


# --- data cannot bend the layout ---------------------------------------------------------------

LONG = "Buurt\u2060moestuin\u2060voor\u2060alle\u2060bewoners\u2060van\u2060de\u2060Koperhorst"
WORD = "Wijk" + "ontwikkelings" * 6 + "plan"


def _boxes(pdf: bytes, tmp_path: Path) -> list[list[tuple[str, float, float, float]]]:
    """Per page, every word with its left and right edge and its top (`pdftotext -bbox`)."""
    exe = program("pdftotext", "apt-get install poppler-utils")
    (tmp_path / "in.pdf").write_bytes(pdf)
    out = subprocess.run([exe, "-bbox", str(tmp_path / "in.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    word = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
    )
    return [
        [(w, float(x0), float(x1), float(y)) for x0, y, x1, w in word.findall(page)]
        for page in out.split("<page ")[1:]
    ]


def _title_left_of_amounts(
    pages: list[list[tuple[str, float, float, float]]], pieces: tuple[str, ...]
) -> None:
    """In every table row that holds a piece of the title and an amount: the title ends left
    of the row's first `€` (a row's amounts stand on its first line, the title may wrap below
    it); and every word stays inside the page's right margin."""
    rows = 0
    for words in pages:
        for w, _, right, y in words:
            if not any(p in w.replace("\u200b", "") for p in pieces):
                continue
            euros = [x for e, x, _, ey in words if e == "€" and y - 30 < ey < y + 1]
            if euros:
                rows += 1
                assert right <= min(euros), (w, right, min(euros))
        assert all(right <= 595 - 56 for _, _, right, _ in words)
    assert rows >= 1


@pytest.mark.slow
@pytest.mark.clients  # poppler
@pytest.mark.parametrize("titel", [LONG, WORD], ids=["woordverbinders", "lang-woord"])
def test_a_title_that_cannot_break_stays_in_its_cell_in_the_letter(
    runner, example_repo: Path, tmp_path: Path, titel: str
) -> None:  # type: ignore[no-untyped-def]
    path = example_repo / AANVRAAG
    path.write_text(path.read_text(encoding="utf-8").replace(
        "titel: Huiskamer De Koperhorst", f"titel: {titel}"), encoding="utf-8")  # fmt: skip
    pdf, stderr = _letter(runner, example_repo)
    assert "missing-glyph" not in stderr
    pieces = ("Buurt", "moestuin", "Koperhorst") if titel == LONG else ("ontwikkelings",)
    _title_left_of_amounts(_boxes(pdf, tmp_path), pieces)
    exe = program("pdftotext", "apt-get install poppler-utils")
    text = subprocess.run([exe, str(tmp_path / "in.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    # All of it is there, in reading order (wrapped: without the line breaks).
    assert titel.replace("\u2060", "") in re.sub(r"[\s\u200b]", "", text)


@pytest.mark.clients  # poppler
def test_a_long_word_in_a_markdown_table_stays_in_its_cell(tmp_path: Path) -> None:
    md = (
        "# Tabel\n\n| aanvraag | gevraagd | advies |\n|---|---:|---:|\n"
        f"| A01 {WORD} | € 6.500,00 | € 6.500,00 |\n| A02 {LONG} | € 3.450,00 | € 3.450,00 |\n"
    )
    when = date(2018, 2, 15)
    pdf = compile_pdf(markdown_to_typst(md, title="t", author="a", when=when), when=when)
    _title_left_of_amounts(_boxes(pdf, tmp_path), ("ontwikkelings", "moestuin", "Koperhorst"))


@pytest.mark.slow
def test_text_no_font_can_show_is_a_warning_at_its_place_in_the_data(
    runner, example_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    path = example_repo / AANVRAAG
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("titel: Huiskamer")].count("\n") + 1
    path.write_text(text.replace("titel: Huiskamer De Koperhorst",
                                 "titel: Huiskamer 中文 De Koperhorst 🎉"), encoding="utf-8")  # fmt: skip
    pdf, stderr = _letter(runner, example_repo)
    glyphs = [ln for ln in stderr.splitlines() if ln.endswith("[missing-glyph]")]
    assert glyphs == [
        f"{AANVRAAG}:{line}:{col}: waarschuwing: het teken '{ch}' ({code}) staat in geen "
        f"lettertype van de PDF; in de PDF staat er \ufffd [missing-glyph]"
        for ch, code, col in [("中", "U+4E2D", 18), ("文", "U+6587", 19),
                              ("🎉", "U+1F389", 35)]
    ]  # fmt: skip
    words = " ".join(_text(pdf))
    assert "Huiskamer \ufffd\ufffd De Koperhorst \ufffd" in words
    assert "中" not in words and "🎉" not in words


def test_typst_warnings_are_kept_not_dropped() -> None:
    """A template that asks Typst for something it cannot do still gets its PDF, and the
    warning reaches the command (`pdf-layout`) instead of vanishing."""
    from wijkcli.documents.pdf import Layout, layout_notes, layout_problems

    when = date(2018, 2, 15)
    source = '#set document(title: "t")\n#set text(lang: "nl")\n#text(font: "Geen")[tekst]\n'
    with layout_notes() as notes:
        pdf = compile_pdf(source, when=when)
    assert pdf.startswith(b"%PDF-")
    assert notes == [Layout(missing=[], warnings=["unknown font family: geen"])]
    problems = layout_problems(notes, [])
    assert [(p.location, p.code, p.message) for p in problems] == [
        (None, "pdf-layout", "Typst: unknown font family: geen")
    ]
