"""An application without a decision in the minutes is listed as *niet behandeld* with its asked
amount (letter in every format, `wijk tally`), `wijk advies` warns, and every total agrees with
its rows (issue 15.5: the rows added up to less than "Totaal gevraagd")."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from tests.helpers import VERGADERING, without_a07_decision
from wijkcli.cli.app import app

MONEY = re.compile(r"€\s?(-?[0-9.]+,[0-9]{2})")
EXAMPLE_ROWS = [
    ("A01", "€ 8.500,00", "gedeeltelijk toekennen", "€ 6.500,00"),
    ("A02", "€ 3.450,00", "toekennen", "€ 3.450,00"),
    ("A03", "€ 4.212,50", "toekennen", "€ 4.212,50"),
    ("A04", "€ 2.750,00", "toekennen", "€ 2.750,00"),
    ("A05", "€ 5.900,00", "aanhouden", "€ 0,00"),
    ("A06", "€ 1.149,95", "toekennen", "€ 1.149,95"),
]
MISSING_ROWS = [
    *EXAMPLE_ROWS,
    ("A08", "€ 2.300,00", "toekennen", "€ 2.300,00"),
    ("A07", "€ 850,00", "niet behandeld", "€ 0,00"),
]
FULL_ROWS = [
    *EXAMPLE_ROWS,
    ("A07", "€ 850,00", "afwijzen", "€ 0,00"),
    ("A08", "€ 2.300,00", "toekennen", "€ 2.300,00"),
]
WARNING = (
    f"{VERGADERING}:32:1: waarschuwing: aanvraag 'a07-buurtbarbecue' heeft geen besluit in deze "
    "notulen; de adviesbrief noemt haar als niet behandeld, met het gevraagde bedrag "
    "[not-discussed]\n"
)


def _euro(text: str) -> Decimal:
    m = MONEY.search(text.replace("\u00a0", " "))
    assert m is not None, text
    return Decimal(m[1].replace(".", "").replace(",", "."))


@pytest.fixture(params=["volledig", "a07-zonder-besluit"])
def case(request: pytest.FixtureRequest, example_repo: Path) -> tuple[Path, list[tuple[str, ...]]]:
    if request.param == "volledig":
        return example_repo, FULL_ROWS
    return without_a07_decision(example_repo), MISSING_ROWS


def _run(repo: Path, *args: str) -> tuple[str, str]:
    result = CliRunner().invoke(app, [*args, "--data", str(repo)])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def _letter(repo: Path, fmt: str) -> tuple[bytes, str]:
    out = repo / "brieven"
    _, stderr = _run(repo, "advies", "ronde-2017-2", "--format", fmt, "--uit", f"{out}/")
    return (out / f"advies-ronde-2017-2-szh.{fmt}").read_bytes(), stderr


def _check(rows: list[tuple[str, str, str, str]], totals: dict[str, str]) -> None:
    """The overview's rows and every total that the letter states about them agree."""
    asked = sum((_euro(r[1]) for r in rows), Decimal(0))
    advised = sum((_euro(r[3]) for r in rows), Decimal(0))
    assert {k: _euro(v) for k, v in totals.items()} == {
        "totaal gevraagd": asked,
        "totaal geadviseerd": advised,
        "rij totaal gevraagd": asked,
        "rij totaal geadviseerd": advised,
    }


def _md_tables(md: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts, read by a real CommonMark+tables parser."""
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    tables: list[list[list[str]]] = []
    for prev, t in pairwise(tokens):
        if t.type == "table_open":
            tables.append([])
        elif t.type == "tr_open":
            tables[-1].append([])
        elif t.type == "inline" and prev.type in ("th_open", "td_open"):
            tables[-1][-1].append("".join(c.content for c in t.children or []))
    return tables


def test_markdown_letter(case: tuple[Path, list[tuple[str, ...]]]) -> None:
    repo, expected = case
    data, stderr = _letter(repo, "md")
    md = data.decode("utf-8")
    budget, overview = (t for t in _md_tables(md) if t[0][-1] == "bedrag")
    rows = [(r[0], r[2], r[3], r[4]) for r in overview[1:-1]]
    assert rows == expected
    count = len(expected)
    budget_cells = {r[0]: r[1] for r in budget}
    _check(
        rows,  # type: ignore[arg-type]
        {
            "totaal gevraagd": budget_cells[f"Totaal gevraagd ({count} aanvragen)"],
            "totaal geadviseerd": budget_cells["Totaal geadviseerd"],
            "rij totaal gevraagd": overview[-1][2],
            "rij totaal geadviseerd": overview[-1][4],
        },
    )
    written = f"Geschreven: {repo / 'brieven' / 'advies-ronde-2017-2-szh.md'}\n"
    if expected is MISSING_ROWS:
        assert stderr == WARNING + written
        assert (
            "over de zeven aanvragen voor Projecten#Indebuurt in Subsidieronde 2 (2017) uit "
            "gebied SZH (Schothorst, Zielhorst en Hoefkwartier) die het in de vergadering "
            "behandelde. Aanvraag A07 Buurtbarbecue Hoefkwartier is niet behandeld; daarover "
            "adviseren wij nog niet." in md.replace("\\", "")
        )
        section = md[md.index("### A07 Buurtbarbecue Hoefkwartier") :].split("\n\n")[1]
        assert section.splitlines() == [
            "- Aanvrager: een groep bewoners",
            "- Wijk: Hoefkwartier; thema: T2 Elkaar ontmoeten",
            "- Gevraagd: € 850,00 en geen uren",
            "- **Niet behandeld**: de notulen hebben geen besluit over deze aanvraag; er is nog "
            "geen advies.",
        ]
    else:
        assert stderr == written
        assert "niet behandeld" not in md


@pytest.mark.slow
def test_html_letter(case: tuple[Path, list[tuple[str, ...]]]) -> None:
    import lxml.html

    repo, expected = case
    data, _ = _letter(repo, "html")
    doc = lxml.html.fromstring(data)

    def cells(tr: object) -> list[str]:
        return [" ".join(c.text_content().split()) for c in tr.xpath("./td|./th")]  # type: ignore[attr-defined]

    budget = {cells(tr)[0]: cells(tr)[1] for tr in doc.xpath("//table[@class='budget']//tr")}
    body = [cells(tr) for tr in doc.xpath("//table[@class='overzicht']/tbody/tr")]
    foot = cells(doc.xpath("//table[@class='overzicht']/tfoot/tr")[0])
    rows = [(r[0], r[2], r[3], r[4]) for r in body]
    assert rows == expected
    _check(
        rows,  # type: ignore[arg-type]
        {
            "totaal gevraagd": budget[f"Totaal gevraagd ({len(expected)} aanvragen)"],
            "totaal geadviseerd": budget["Totaal geadviseerd"],
            "rij totaal gevraagd": foot[2],
            "rij totaal geadviseerd": foot[4],
        },
    )
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//h3")]
    assert ("A07 Buurtbarbecue Hoefkwartier" in headings) is True


@pytest.mark.slow
def test_pdf_letter(case: tuple[Path, list[tuple[str, ...]]]) -> None:
    from pypdf import PdfReader

    repo, expected = case
    data, _ = _letter(repo, "pdf")
    text = " ".join(
        " ".join((p.extract_text() or "").replace("\u00a0", " ").split())
        for p in PdfReader(io.BytesIO(data)).pages
    )
    table = text[text.index("nr aanvraag gevraagd advies bedrag") :]
    table = table[: table.index("Advies per aanvraag")]
    found = re.findall(
        r"(A0[0-9]) .+? (€ [0-9.]+,[0-9]{2}) (.+?) (€ [0-9.]+,[0-9]{2})", table.split("totaal")[0]
    )
    assert found == expected
    totals = re.search(r"totaal (€ [0-9.]+,[0-9]{2}) (€ [0-9.]+,[0-9]{2})", table)
    assert totals is not None
    count = len(expected)
    gevraagd = re.search(rf"Totaal gevraagd \({count} aanvragen\) (€ [0-9.]+,[0-9]{{2}})", text)
    geadviseerd = re.search(r"Totaal geadviseerd (€ [0-9.]+,[0-9]{2})", text)
    assert gevraagd is not None and geadviseerd is not None
    _check(
        found,
        {
            "totaal gevraagd": gevraagd[1],
            "totaal geadviseerd": geadviseerd[1],
            "rij totaal gevraagd": totals[1],
            "rij totaal geadviseerd": totals[2],
        },
    )


@pytest.mark.slow
def test_docx_letter(case: tuple[Path, list[tuple[str, ...]]]) -> None:
    import docx

    repo, expected = case
    data, _ = _letter(repo, "docx")
    document = docx.Document(io.BytesIO(data))
    tables = [[[c.text for c in r.cells] for r in t.rows] for t in document.tables]
    budget = next(t for t in tables if any(r[0] == "Budget deze ronde" for r in t))
    overview = next(t for t in tables if t[0] == ["nr", "aanvraag", "gevraagd", "advies", "bedrag"])
    rows = [(r[0], r[2], r[3], r[4]) for r in overview[1:-1]]
    assert rows == expected
    cells = {r[0]: r[1] for r in budget}
    _check(
        rows,  # type: ignore[arg-type]
        {
            "totaal gevraagd": cells[f"Totaal gevraagd ({len(expected)} aanvragen)"],
            "totaal geadviseerd": cells["Totaal geadviseerd"],
            "rij totaal gevraagd": overview[-1][2],
            "rij totaal geadviseerd": overview[-1][4],
        },
    )


@pytest.mark.slow
def test_tally_lists_the_application_without_a_decision(example_repo: Path) -> None:
    repo = without_a07_decision(example_repo)
    md, _ = _run(repo, "tally", "ronde-2017-2", "--format", "md")
    items, budget = _md_tables(md)
    assert items[0][:2] + items[0][-3:] == ["aanvraag", "gevraagd", "advies", "bedrag", "uren"]
    rows = [(r[0], r[1], r[-3], r[-2]) for r in items[1:]]
    assert rows == [
        ("a01-huiskamer", "€ 8.500,00", "gedeeltelijk", "€ 6.500,00"),
        ("a02-wijkgids", "€ 3.450,00", "toekennen", "€ 3.450,00"),
        ("a03-samen-op-stap", "€ 4.212,50", "toekennen", "€ 4.212,50"),
        ("a04-muziekcafe", "€ 2.750,00", "toekennen", "€ 2.750,00"),
        ("a05-chill-en-skill", "€ 5.900,00", "aanhouden", "€ 0,00"),
        ("a06-repair-cafe", "€ 1.149,95", "toekennen", "€ 1.149,95"),
        ("a08-taalcafe", "€ 2.300,00", "toekennen", "€ 2.300,00"),
        ("a07-buurtbarbecue", "€ 850,00", "niet behandeld", "€ 0,00"),
    ]
    assert items[-1] == [
        "a07-buurtbarbecue", "€ 850,00", "-", "-", "-", "-", "-", "-",
        "niet behandeld", "niet behandeld", "€ 0,00", "-",
    ]  # fmt: skip
    cells = {r[0]: r[1] for r in budget}
    assert sum((_euro(r[1]) for r in rows), Decimal(0)) == _euro(cells["gevraagd"])
    assert sum((_euro(r[3]) for r in rows), Decimal(0)) == _euro(cells["geadviseerd"])

    data = json.loads(_run(repo, "tally", "ronde-2017-2", "--format", "json")[0])
    g = data["gebieden"][0]
    assert g["niet_behandeld"] == [
        {"aanvraag": "a07-buurtbarbecue", "gevraagd": "850.00", "uren": {}}
    ]
    listed = [i["gevraagd"] for i in g["items"]] + [a["gevraagd"] for a in g["niet_behandeld"]]
    assert sum(map(Decimal, listed)) == Decimal(g["gevraagd"]) == Decimal("29112.45")
    assert sum(Decimal(i["bedrag"]) for i in g["items"]) == Decimal(g["geadviseerd"])


def test_tally_without_minutes_lists_every_application(example_repo: Path) -> None:
    (example_repo / VERGADERING).unlink()
    data = json.loads(_run(example_repo, "tally", "ronde-2017-2", "--format", "json")[0])
    g = data["gebieden"][0]
    assert g["items"] == []
    assert [a["aanvraag"] for a in g["niet_behandeld"]] == [
        "a01-huiskamer", "a02-wijkgids", "a03-samen-op-stap", "a04-muziekcafe",
        "a05-chill-en-skill", "a06-repair-cafe", "a07-buurtbarbecue", "a08-taalcafe",
    ]  # fmt: skip
    assert sum(Decimal(a["gevraagd"]) for a in g["niet_behandeld"]) == Decimal(g["gevraagd"])
