"""Rendering that data cannot bend (issue 29.6, the red team's inputs): a value that is a
Markdown block construct stays text in md, html, Word and PDF; a noncharacter (U+FFFE, ...)
is a located problem at `wijk check`, never a traceback of the Word or Excel writer; a date
before 1980 or after 2107 (what zip cannot stamp) gives a clean Word and Excel file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from markdown_it import MarkdownIt

from tests.helpers import AANVRAAG, check, edit
from wijkcli.cli.app import app
from wijkcli.documents.office import ZIP_EPOCH
from wijkcli.documents.render import md_escape

AVOND = "data/beoordelingen/sbi-aanbesteding-2016/avond.yaml"
BLOCKS = ["---", "===", "-- -", "***", "___", "## kop", "#kop", "> citaat", "- punt",
          "+ punt", "1. punt", "| a | b |", "```", "~~~", "<div>html</div>",
          "<!-- commentaar -->", "    ingesprongen"]  # fmt: skip
"""What opens a block at the start of a line in CommonMark (a rule, a heading or its
underline, a quote, a list, a table, a fence, HTML, indented code)."""
AFTER = "De avond was op"
"""The sentence of the scoring report that follows its introduction paragraphs."""


@pytest.mark.parametrize("value", BLOCKS)
def test_md_escape_keeps_every_block_construct_text(value: str) -> None:
    """As a paragraph of its own, after a paragraph (a heading underline) and in a list item:
    CommonMark (markdown-it-py) reads one paragraph with exactly the text."""
    for md in (f"{md_escape(value)}\n", f"tekst\n{md_escape(value)}\n", f"- {md_escape(value)}\n"):
        tokens = MarkdownIt("commonmark").enable("table").parse(md)
        types = [t.type for t in tokens]
        assert types.count("paragraph_open") == 1, (md, types)
        assert not {"hr", "heading_open", "blockquote_open", "fence", "code_block",
                    "html_block", "table_open", "ordered_list_open"} & set(types)  # fmt: skip
        (inline,) = [t for t in tokens if t.type == "inline"]
        text = "".join(c.content for c in inline.children or [] if c.type == "text")
        assert text.endswith(value.strip()), (md, text)
    assert md_escape("-10 !") == "-10 !"  # a negative number in a table stays as it is


def _scoring(repo: Path, fmt: str, runner) -> bytes:  # type: ignore[no-untyped-def]
    out = repo / "uit"
    result = runner.invoke(
        app,
        ["beoordeling", "sbi-aanbesteding-2016", "--format", fmt, "--uit", f"{out}/",
         "--data", str(repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return (out / f"beoordeling-sbi-aanbesteding-2016.{fmt}").read_bytes()


def _with_block_paragraphs(repo: Path) -> None:
    items = "".join(f"  - {value!r}\n".replace("'", '"') for value in BLOCKS)
    edit(repo, AVOND, "inleiding:\n", f"inleiding:\n{items}")


def test_block_paragraphs_stay_text_in_md_html_and_word(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    def kinds(md: str) -> list[str]:
        return sorted(t.type for t in MarkdownIt("commonmark").enable("table").parse(md))

    plain_footer = docx.Document(io.BytesIO(_scoring(example_repo, "docx", runner)))
    footer = plain_footer.sections[0].footer.paragraphs[0].text
    before = kinds(_scoring(example_repo, "md", runner).decode())
    _with_block_paragraphs(example_repo)
    md = _scoring(example_repo, "md", runner).decode()
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    # Only paragraphs more (open, inline, close for each value): no rule, heading, list, ...
    extra = ["inline", "paragraph_close", "paragraph_open"] * len(BLOCKS)
    assert kinds(md) == sorted(before + extra)
    paragraphs = [
        "".join(c.content for c in t.children or [] if c.type == "text")
        for t in tokens
        if t.type == "inline"
    ]
    assert [v.strip() for v in BLOCKS] == [p for p in paragraphs if p in
                                           {v.strip() for v in BLOCKS}]  # fmt: skip
    html = _scoring(example_repo, "html", runner).decode()
    assert "<hr" not in html and "<div>html" not in html and "&lt;div&gt;html" in html
    word = docx.Document(io.BytesIO(_scoring(example_repo, "docx", runner)))
    texts = [p.text for p in word.paragraphs]
    assert [v.strip() for v in BLOCKS] == [t for t in texts if t in {v.strip() for v in BLOCKS}]
    assert sum(AFTER in t for t in texts) == 1  # the rest of the document stays in the body
    assert word.sections[0].footer.paragraphs[0].text == footer


@pytest.mark.slow
def test_block_paragraphs_stay_text_in_the_pdf(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    _with_block_paragraphs(example_repo)
    reader = PdfReader(io.BytesIO(_scoring(example_repo, "pdf", runner)))
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    text = " ".join(pages)
    assert text.count(AFTER) == 1  # not repeated in every page's footer
    for n, page in enumerate(pages, 1):
        assert f"pagina {n} van {len(pages)}" in page
    for value in ("-- -", "## kop", "> citaat", "| a | b |", "<div>html</div>"):
        assert value in text


NONCHARACTERS = ["\\ufffe", "\\uffff", "\\ufdd0", "\\ufdef", "\\U0001fffe", "\\U0010ffff"]


@pytest.mark.parametrize("escape", NONCHARACTERS)
def test_a_noncharacter_is_a_located_problem_not_a_crash(
    runner, example_repo: Path, escape: str
) -> None:  # type: ignore[no-untyped-def]
    line, column = edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst",
                        f'titel: "Huiskamer{escape} De Koperhorst"')  # fmt: skip
    check(example_repo, (AANVRAAG, line, column + len("titel: "), "noncharacter"))
    for args in (["advies", "ronde-2017-2", "--format", "docx"],
                 ["jaarverslag", "szh", "2017", "--format", "xlsx"]):  # fmt: skip
        result = runner.invoke(app, [*args, "--data", str(example_repo)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and "interne fout" not in result.output


def test_a_noncharacter_written_as_itself_is_the_same_problem(example_repo: Path) -> None:
    path = example_repo / AANVRAAG
    text = path.read_text(encoding="utf-8")
    line = text[: text.index("titel:")].count("\n") + 1
    path.write_text(text.replace("titel: Huiskamer", "titel: Huis\ufdd0kamer"), encoding="utf-8")
    check(example_repo, (AANVRAAG, line, len("titel: Huis") + 1, "noncharacter"))


@pytest.mark.parametrize("datum", ["1970-01-01", "2200-01-01"])
def test_dates_zip_cannot_stamp_give_clean_word_and_excel(
    runner, example_repo: Path, tmp_path: Path, datum: str
) -> None:  # type: ignore[no-untyped-def]
    """The document's own date (here `--datum`, or a wijkplan's year) stays in its properties;
    the zip entries carry zip's first moment, 1980-01-01, whatever the date."""
    made = []
    runs = [
        (["kasboek", "szh", "2017", "--datum", datum, "--format", "docx"], "kasboek-szh-2017.docx"),
        (["voortgang", "szh", "--jaar", "2017", "--datum", datum, "--format", "docx"],
         "voortgang-szh-2017.docx"),
    ]  # fmt: skip
    if datum > "2017-04-13":  # the letter may not be dated before its meeting
        runs.append((["advies", "ronde-2017-2", "--datum", datum, "--format", "docx"],
                     "advies-ronde-2017-2-szh.docx"))  # fmt: skip
    for args, name in runs:
        result = runner.invoke(app, [*args, "--uit", f"{tmp_path}/", "--data", str(example_repo)])
        assert result.exit_code == 0, result.output
        made.append(tmp_path / name)
    # The year report's workbook is dated the last day of its year (a wijkplan's year may be
    # 1900-2099): the writer itself, with the example's figures and another year.
    from wijkcli.documents.jaarverslag import jaarverslag_context, jaarverslag_xlsx
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(example_repo)
    ctx = jaarverslag_context(dataset, "szh", 2017, versie="x")
    book = tmp_path / "jaarverslag.xlsx"
    book.write_bytes(jaarverslag_xlsx({**ctx, "jaar": int(datum[:4])}))
    made.append(book)
    for path in made:
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None
            assert {i.date_time for i in archive.infolist()} == {ZIP_EPOCH}
        if path.suffix == ".docx":
            props = docx.Document(str(path)).core_properties
            assert props.created is not None and props.created.year == int(datum[:4]), path
