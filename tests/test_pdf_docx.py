"""The letter as PDF (Typst) and Word (python-docx): read back and compared with the Markdown
letter; A4, pages, the signature, no contact data, same files → same bytes, escaping, logo."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import screenshot_is_blank
from tests.helpers import AANVRAAG, GEBIED, check, edit
from tests.test_advies import _private_strings, letter
from wijkcli.cli.app import app
from wijkcli.documents.markup import Table, parse, plain
from wijkcli.text import dutch_quotes

pytestmark = pytest.mark.slow

A4 = (595.28, 841.89)


def _advies(runner, repo: Path, fmt: str, *extra: str) -> bytes:  # type: ignore[no-untyped-def]
    out = repo / "brieven"
    result = runner.invoke(
        app,
        [
            "advies",
            "ronde-2017-2",
            "--format",
            fmt,
            "--uit",
            f"{out}/",
            "--data",
            str(repo),
            *extra,
        ],
    )
    assert result.exit_code == 0, result.output
    return (out / f"advies-ronde-2017-2-szh.{fmt}").read_bytes()


def _pdf_text(data: bytes) -> tuple[list[str], object]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [
        " ".join((p.extract_text() or "").replace("\u00a0", " ").split()) for p in reader.pages
    ]
    return pages, reader


def _md_facts(md: str) -> list[str]:
    """Every amount, name and advice the Markdown letter states."""
    parsed = parse(md)
    facts = set(re.findall(r"€ [0-9.]+,[0-9]{2}", md.replace("\\", "")))
    for block in parsed.blocks:
        if isinstance(block, Table) and plain(block.header[0]) == "nr":
            for row in block.rows:
                facts.update(plain(c) for c in row if plain(c))
    for name in (
        "Joke Aldersveld",
        "Tineke van 't Zand",
        "Mirjam Lagerweij",
        "Ahmet Yıldız",
        "Kees van der Pol",
        "Anneloes Verhagen",
        "Bas Rietveld",
        "Martijn Zwart",
    ):
        assert name in md
        facts.add(name)
    for advice in re.findall(r"\*\*Advies: ([^*]+)\*\*", md):
        facts.add(advice.replace("\\", ""))
    return sorted(facts)


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_letter_is_a4_and_says_what_the_markdown_says(
    runner, example_repo: Path, example_dataset
) -> None:  # type: ignore[no-untyped-def]
    data = _advies(runner, example_repo, "pdf")
    pages, reader = _pdf_text(data)
    assert data.startswith(b"%PDF-")
    assert len(pages) == 4
    for page in reader.pages:  # type: ignore[attr-defined]
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4
    text = " ".join(pages)
    md = letter(example_dataset)
    missing = [f for f in _md_facts(md) if f not in text]
    assert missing == []
    for n, page in enumerate(pages, 1):
        assert f"pagina {n} van 4" in page
        # Not in git: a concept, marked on every page; the data version is only in the metadata.
        assert "CONCEPT · SZH/ronde-2017-2" in page
        assert "gegevensversie" not in page and "onbekend" not in page
    assert pages[0].count("CONCEPT") >= 2  # the footer and the warning above the text
    assert reader.metadata["/Keywords"] == (  # type: ignore[attr-defined]
        "kenmerk SZH/ronde-2017-2, gegevensversie onbekend (geen git-repository)"
    )
    assert "Gemaakt met wijkcli" not in text
    assert "voorzitter Bewonersteam SZH" in pages[-1] and "secretaris Bewonersteam SZH" in pages[-1]
    assert "p/a Mirjam Lagerweij, buurtnetwerker SZH" in pages[0]
    private = [s for s in _private_strings() if s in text]
    assert private == []


def test_pdf_budget_table_stays_on_one_page(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    pages, _ = _pdf_text(_advies(runner, example_repo, "pdf"))
    rows = ["Budget deze ronde", "Beschikbaar € 22.000,00", "Restant, schuift door"]
    holding = [i for i, p in enumerate(pages) if all(r in p for r in rows)]
    assert len(holding) == 1


def test_pdf_same_files_same_bytes_dated_by_the_letter(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    first = _advies(runner, example_repo, "pdf")
    shutil.rmtree(example_repo / "brieven")
    assert _advies(runner, example_repo, "pdf") == first
    _, reader = _pdf_text(first)
    assert str(reader.metadata["/CreationDate"]).startswith("D:20170419")  # type: ignore[attr-defined]
    other = _advies(runner, example_repo, "pdf", "--datum", "2017-04-18", "--force")
    _, reader = _pdf_text(other)
    assert str(reader.metadata["/CreationDate"]).startswith("D:20170418")  # type: ignore[attr-defined]


def test_pdf_user_text_is_never_typst_code(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = '#panic("x") $x^2$ *vet* _schuin_ @ref <label> [haak] \\ // geen commentaar'
    escaped = hostile.replace("\\", "\\\\").replace('"', '\\"')
    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst", f'titel: "{escaped}"')
    pages, _ = _pdf_text(_advies(runner, example_repo, "pdf"))
    text = " ".join(pages)
    assert dutch_quotes(hostile) in text  # as written (with the letter's typographic quotes)
    assert "Huiskamer" not in text


def test_pdf_goes_to_a_pipe_not_a_terminal(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["advies", "ronde-2017-2", "--format", "pdf", "--data", str(example_repo)]
    )
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"%PDF-")


@pytest.mark.clients
def test_pdf_page_one_renders(runner, example_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The real PDF reader poppler (pdftoppm) draws page 1, and it is not blank."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        if os.environ.get("WIJK_REQUIRE_PDFTOPPM"):
            pytest.fail("pdftoppm is required (WIJK_REQUIRE_PDFTOPPM) but not installed")
        pytest.skip("pdftoppm not installed (apt-get install poppler-utils)")
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(_advies(runner, example_repo, "pdf"))
    subprocess.run(
        [exe, "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    (png,) = tmp_path.glob("p*.png")
    assert not screenshot_is_blank(png)


def test_letterhead_logo_and_colour(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    Image.new("RGB", (60, 20), (31, 111, 139)).save(example_repo / "data/gebieden/szh/logo.png")
    edit(
        example_repo,
        GEBIED,
        "website:",
        'briefhoofd:\n  logo: logo.png\n  kleur: "#1F6F8B"\nwebsite:',
    )
    # A good logo and colour are no problem: only the example's own warnings.
    check(example_repo)
    from wijkcli.documents.advies import advies_context
    from wijkcli.pipeline import load_clean
    from wijkcli.read.logo import Logo

    dataset, _ = load_clean(example_repo)
    ctx = advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="x")
    # Typst gets a folder of its own holding only the logo (never the data folder).
    logo_bytes = (example_repo / "data/gebieden/szh/logo.png").read_bytes()
    assert ctx["briefhoofd"] == {
        "logo": "/logo.png",
        "logo_bestand": Logo("logo.png", logo_bytes),
        "kleur": "#1f6f8b",
    }
    _, reader = _pdf_text(_advies(runner, example_repo, "pdf"))
    assert len(reader.pages[0].images) == 1  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("logo", "why"),
    [
        ("../../../README.md", "geen png, jpg of svg"),
        ("../../../../buiten.png", "buiten de data-map"),
        ("/etc/logo.png", "absoluut pad"),
        ("ontbreekt.png", "bestaat niet"),
        ("nep.png", "geen echt png-bestand"),
        ("groot.svg", "hoogstens 1000 kB"),
        ("link.png", "buiten de data-map"),
    ],
)
def test_letterhead_logo_is_checked(example_repo: Path, logo: str, why: str) -> None:
    from wijkcli.pipeline import check_repo

    folder = example_repo / "data/gebieden/szh"
    (folder / "nep.png").write_text("geen plaatje")
    (folder / "groot.svg").write_text("<svg>" + " " * 1_000_001 + "</svg>")
    (example_repo / "buiten.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "link.png").symlink_to(example_repo / "buiten.png")
    line, _ = edit(example_repo, GEBIED, "website:", f"briefhoofd:\n  logo: {logo}\nwebsite:")
    # An error stops the hours checks (they need clean data), so their warning goes: `check`
    # then expects only the scoring evening's own warnings besides the bad logo.
    # The symbolic link is a warning where it stands, whether the letterhead uses it or not
    # (wijkcli never follows links); the other files beside gebied.yaml are no problem.
    check(
        example_repo,
        (GEBIED, line + 1, len("  logo: ") + 1, "bad-logo"),
        ("data/gebieden/szh/link.png", 0, 0, "not-a-file"),
    )
    _, problems = check_repo(example_repo)
    assert next(p.message for p in problems if p.code == "bad-logo").count(why) == 1


def test_letterhead_colour_is_checked(example_repo: Path) -> None:
    from wijkcli.pipeline import check_repo

    line, _ = edit(example_repo, GEBIED, "website:", "briefhoofd:\n  kleur: blauw\nwebsite:")
    # As with the logo, the error stops the hours checks and their warning goes.
    check(example_repo, (GEBIED, line + 1, len("  kleur: ") + 1, "invalid-value"))
    _, problems = check_repo(example_repo)
    (new,) = [p for p in problems if p.location and p.location.path == GEBIED]
    assert "'blauw' is geen kleur" in new.message


# --- Word ------------------------------------------------------------------------------------


def test_docx_letter_has_headings_tables_language_and_signatures(
    runner, example_repo: Path, example_dataset
) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    data = _advies(runner, example_repo, "docx")
    document = docx.Document(io.BytesIO(data))
    md = letter(example_dataset).replace("TESTVERSIE", "onbekend (geen git-repository)")
    parsed = parse(md)
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert headings[0] == ("Title", "Advies Subsidieronde 2 (2017), gebied SZH")
    assert ("Heading 1", "Budget") in headings
    assert ("Heading 2", "A02 Wijkgids SZH 2017 „Wegwijs”") in headings
    md_tables = [b for b in parsed.blocks if isinstance(b, Table)]
    word_tables = document.tables[: len(md_tables)]
    for md_table, word in zip(md_tables, word_tables, strict=True):
        want = [
            [plain(c) for c in row]
            for row in ([md_table.header] if any(plain(c) for c in md_table.header) else [])
            + md_table.rows
        ]
        assert [[c.text for c in r.cells] for r in word.rows] == want
    overview = word_tables[2]
    assert overview.rows[0].cells[4].text == "bedrag"
    # Aligned through named styles (a user restyles them), not on the paragraph.
    amount, name = overview.rows[1].cells[4].paragraphs[0], overview.rows[1].cells[1].paragraphs[0]
    assert (amount.style.name, amount.alignment) == ("Tabelgetal", None)
    assert amount.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert (name.style.name, name.style.paragraph_format.alignment) == ("Tabeltekst", None)
    lang = (
        document.styles.element.find(qn("w:docDefaults"))
        .find(qn("w:rPrDefault"))
        .find(qn("w:rPr"))
        .find(qn("w:lang"))
    )
    assert lang.get(qn("w:val")) == "nl-NL"
    signatures = document.tables[-1]
    assert [c.text.split("\n")[1:] for c in signatures.rows[0].cells] == [
        ["Joke Aldersveld", "voorzitter Bewonersteam SZH"],
        ["Tineke van 't Zand", "secretaris Bewonersteam SZH"],
    ]
    # The footer: title and page number; the data version is in the properties, not on paper.
    footer = document.sections[0].footer.paragraphs[0].text
    assert footer == "Advies Subsidieronde 2 (2017), gebied SZH · pagina  van "  # two fields
    assert document.core_properties.keywords == "Gegevensversie onbekend (geen git-repository)."
    # Not in git: the letter says CONCEPT above its text.
    first = next(p.text for p in document.paragraphs if p.text.strip() and p.style.name != "Title")
    assert first.startswith("CONCEPT — niet versturen: de gegevens")
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Gemaakt met wijkcli" not in text
    everything = text + "".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert [s for s in _private_strings() if s in everything] == []


def test_docx_same_files_same_bytes(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    import time

    first = _advies(runner, example_repo, "docx")
    shutil.rmtree(example_repo / "brieven")
    time.sleep(2.1)  # zip entries would otherwise carry the clock (two-second resolution)
    assert _advies(runner, example_repo, "docx") == first


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_plan_and_beoordeling_as_pdf_and_docx(runner, example_repo: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    out = example_repo / "uit"
    for args, name in (
        (["plan", "szh", "2017"], "wijkplan-szh-2017"),
        (["beoordeling", "sbi-aanbesteding-2016"], "beoordeling-sbi-aanbesteding-2016"),
    ):
        result = runner.invoke(
            app, [*args, "--format", fmt, "--uit", f"{out}/", "--data", str(example_repo)]
        )
        assert result.exit_code == 0, result.output
        data = (out / f"{name}.{fmt}").read_bytes()
        if fmt == "pdf":
            pages, _ = _pdf_text(data)
            assert pages and all(
                f"pagina {i} van {len(pages)}" in p for i, p in enumerate(pages, 1)
            )
            text = " ".join(pages)
        else:
            import docx

            d = docx.Document(io.BytesIO(data))
            text = " ".join(p.text for p in d.paragraphs) + " ".join(
                c.text for t in d.tables for r in t.rows for c in r.cells
            )
        assert (
            "Wijkplan SZH 2017" if name.startswith("wijkplan") else "Advies van bewoners"
        ) in text
