"""User text stays text (issue 20.7): names and organisations in `wijk uren --format md`, a
leading `1.` in any Markdown document, mail-merge tags in the plain-text newsletter. Each output
is read back by a real parser: markdown-it-py (CommonMark + tables) and Jinja2 for `{{ }}`."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import jinja2
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from tests.helpers import LEDEN, VERGADERING, edit
from wijkcli.cli.app import app
from wijkcli.documents.render import md_escape, text_plain
from wijkcli.pipeline import load_clean

A03 = "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml"
NAME = "Bas | <img src=x onerror=alert(1)> [klik](https://x.invalid) *vet* <b>"
ORG = "Politie | Oost <!-- c -->"


def _tokens(md: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(md)


def _inline_kinds(tokens: list[Token]) -> set[str]:
    return {c.type for t in tokens for c in (t.children or [])} | {t.type for t in tokens}


def _table_rows(tokens: list[Token]) -> list[list[str]]:
    """The rows of every table, each as the text of its cells (what a reader sees)."""
    rows: list[list[str]] = []
    for prev, t in pairwise(tokens):
        if t.type == "tr_open":
            rows.append([])
        elif t.type == "inline" and prev.type in ("th_open", "td_open"):
            rows[-1].append("".join(c.content for c in t.children or []))
    return rows


def test_uren_md_escapes_names_and_organisations(example_repo: Path) -> None:
    edit(example_repo, LEDEN, "    naam: Bas Rietveld\n", f"    naam: '{NAME}'\n")
    edit(example_repo, LEDEN, "    organisatie: Politie\n", f"    organisatie: '{ORG}'\n")
    result = CliRunner().invoke(
        app, ["uren", "szh", "--jaar", "2017", "--format", "md", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    tokens = _tokens(result.stdout)
    kinds = _inline_kinds(tokens)
    assert {"html_inline", "html_block", "link_open", "em_open", "image"} & kinds == set()
    rows = _table_rows(tokens)
    professionals = [r for r in rows if len(r) == 13]
    organisations = [r for r in rows if len(r) == 5]
    assert len(professionals) == 7 and len(organisations) == 6  # header + 6, header + 5
    assert len(rows) == 13  # no row split or shifted by a `|`
    bas = next(r for r in professionals if r[0] == NAME)
    assert bas[:3] == [NAME, ORG, "90"]
    assert [r[0] for r in organisations[1:]] == [
        "Indebuurt033 (MEE)", "Indebuurt033 (Welzin)", ORG, "Portaal", "de Alliantie",
    ]  # fmt: skip


@pytest.mark.slow
def test_uren_tables_never_read_text_as_a_number(example_repo: Path) -> None:
    """tabulate reads a column of number-like texts as numbers: one organisation `1e3` for
    everyone would show as `1000.0`."""
    leden = example_repo / LEDEN
    leden.write_text(
        re.sub(r"organisatie: .*", "organisatie: '1e3'", leden.read_text(encoding="utf-8"))
    )
    for fmt in ("md", "tabel"):
        out = CliRunner().invoke(
            app, ["uren", "szh", "--jaar", "2017", "--format", fmt, "--data", str(example_repo)]
        )
        assert out.exit_code == 0, out.output
        lines = out.stdout.splitlines()
        assert sum("1e3" in line for line in lines) == 7  # 6 professionals, 1 organisation
        assert "1000" not in out.stdout


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("1. Eerste", "1\\. Eerste"),
        ("12) Twaalf", "12\\) Twaalf"),
        ("- streep", "\\- streep"),
        ("# kop", "\\# kop"),
        ("1.5 kilo", "1.5 kilo"),
        ("2017. Een jaar", "2017\\. Een jaar"),
    ],
)
def test_md_escape_line_starts(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped
    tokens = _tokens(f"- {md_escape(text)}\n\n{md_escape(text)}\n")
    assert {"ordered_list_open", "heading_open"} & {t.type for t in tokens} == set()
    assert [c.content for t in tokens if t.type == "inline" for c in t.children or []] == [
        text,
        text,
    ]


@pytest.mark.slow
def test_letter_motivering_starting_with_a_number_stays_a_bullet(example_repo: Path) -> None:
    from wijkcli.documents.advies import advies_context
    from wijkcli.documents.render import render

    edit(
        example_repo,
        VERGADERING,
        "      - Past bij thema ontmoeten (T2).\n      - Veel vrijwilligers (14).",
        "      - 1. Past bij thema ontmoeten (T2).\n      - 2) Veel vrijwilligers (14).",
    )
    dataset, _ = load_clean(example_repo)
    md = render(
        "adviesbrief.md.j2", advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="x")
    )
    tokens = _tokens(md)
    assert "ordered_list_open" not in {t.type for t in tokens}
    html = MarkdownIt("commonmark").enable("table").render(md)
    assert "<li>1. Past bij thema ontmoeten (T2).</li>" in html
    assert "<li>2) Veel vrijwilligers (14).</li>" in html


MERGE = "Samen *|EMAIL|* {{ voornaam }} %%FIRSTNAME%% {% if x %}"
LIVE_TAGS = re.compile(r"\*\|[^|]*\|\*|%%[^%\s]+%%")


def test_text_newsletter_neutralises_mail_merge_tags(example_repo: Path) -> None:
    from wijkcli.documents.nieuwsbrief import nieuwsbrief_context, render_nieuwsbrief

    edit(example_repo, A03, "titel: Samen op Stap", f'titel: "{MERGE}"')
    dataset, _ = load_clean(example_repo)
    text = render_nieuwsbrief(nieuwsbrief_context(dataset.meeting("ronde-2017-2", "szh")), "tekst")
    flat = " ".join(text.split())
    assert "* Samen * |EMAIL| * { { voornaam } } % %FIRSTNAME% % { % if x % }: € 4.212,50" in flat
    assert LIVE_TAGS.findall(text) == []
    # A template engine (what Laposta and other mail tools run) finds nothing to fill in.
    engine = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    assert engine.from_string(text).render() == text
    html = render_nieuwsbrief(nieuwsbrief_context(dataset.meeting("ronde-2017-2", "szh")), "html")
    assert LIVE_TAGS.findall(html) == [] and "{{" not in html and "{%" not in html


def test_text_plain_keeps_ordinary_text() -> None:
    assert text_plain("100% zeker | 3 * 4 {a}") == "100% zeker | 3 * 4 {a}"
    assert text_plain("*|EMAIL|*") == "* |EMAIL| *"
