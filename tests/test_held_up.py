"""What a hostile review tried and what held up (issue 20's last list): these stay true.

Each test feeds a hostile value through the real command and asserts that it stays inert text:
numbers that are not amounts, Rich markup in a message, JSON escaping, and HTML, Markdown and
Jinja syntax in every HTML and Markdown document."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.helpers import AANVRAAG, edit
from wijkcli.cli.app import app
from wijkcli.pipeline import check_repo

HOSTILE_TITLE = "[bold red]X[/] {{ 7*7 }} {% if 1 %}J{% endif %} <script>alert(1)</script> [k](javascript:alert(1))"


@pytest.mark.parametrize("value", ["1e400", ".inf", "-.inf", ".nan", "NaN", "1e3", "0x10"])
def test_numbers_that_are_not_amounts_are_refused_at_their_place(
    example_repo: Path, value: str
) -> None:
    line, col = edit(example_repo, AANVRAAG, "bedrag: 8500", f"bedrag: {value}")
    _, problems = check_repo(example_repo)
    mine = [
        (p.location.line, p.location.column, p.code, p.message)
        for p in problems
        if p.location is not None and p.location.path == AANVRAAG
    ]
    if value.startswith("-"):
        message = f"bedrag '{value}' mag niet negatief zijn"
    else:
        message = f"'{value}' is geen bedrag; schrijf euro's als 1250 of 1250.50"
    assert mine == [(line, col + len("bedrag: "), "invalid-value", message)]


def test_json_output_escapes_quotes_backslashes_and_newlines(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    key = 'a"b\\\\c\\nd'  # in YAML double quotes: a"b\c + newline + d
    edit(
        example_repo,
        AANVRAAG,
        "bedrag: 8500",
        f'bedrag: 8500\n"{key.replace(chr(34), chr(92) + chr(34))}": 1',
    )
    result = runner.invoke(app, ["check", "--data", str(example_repo), "--format", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problemen"]
    unknown = [p for p in problems if p["code"] == "unknown-key"]
    assert len(unknown) == 1
    assert 'a"b\\c' in unknown[0]["boodschap"]


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


HTML_DOCUMENTS = [
    ["advies", "ronde-2017-2", "--format", "html"],
    ["agenda", "ronde-2017-2", "--format", "html"],
    ["notulen", "ronde-2017-2", "--format", "html"],
    ["nieuwsbrief", "ronde-2017-2", "--format", "html"],
]
MD_DOCUMENTS = [
    ["advies", "ronde-2017-2", "--format", "md"],
    ["agenda", "ronde-2017-2", "--format", "md"],
    ["notulen", "ronde-2017-2", "--format", "md"],
]


def _hostile_repo(example_repo: Path) -> Path:
    edit(
        example_repo,
        AANVRAAG,
        "titel: Huiskamer De Koperhorst",
        "titel: " + json.dumps(HOSTILE_TITLE),
    )
    return example_repo


@pytest.mark.slow
@pytest.mark.parametrize("command", HTML_DOCUMENTS, ids=lambda c: c[0])
def test_html_documents_keep_markup_in_a_title_as_text(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, command: list[str]
) -> None:
    repo = _hostile_repo(example_repo)
    result = runner.invoke(app, [*command, "--data", str(repo)])
    assert result.exit_code == 0, result.output
    parsed = _Elements()
    parsed.feed(result.stdout)
    assert "script" not in parsed.tags
    assert not [h for h in parsed.hrefs if h.startswith("javascript:")]
    text = "".join(parsed.text)
    assert "<script>alert(1)</script>" in text  # shown to the reader, as text
    assert "{{ 7*7 }} {% if 1 %}J{% endif %}" in text  # not rendered by Jinja


@pytest.mark.slow
@pytest.mark.parametrize("command", MD_DOCUMENTS, ids=lambda c: c[0])
def test_markdown_documents_keep_markup_in_a_title_as_text(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, command: list[str]
) -> None:
    plain = runner.invoke(app, [*command, "--data", str(example_repo)])
    repo = _hostile_repo(example_repo)
    result = runner.invoke(app, [*command, "--data", str(repo)])
    assert result.exit_code == 0, result.output

    def walk(ts):  # type: ignore[no-untyped-def]
        for t in ts:
            yield t
            yield from walk(t.children or [])

    def raw_html(text: str) -> list[str]:
        tokens = MarkdownIt("commonmark").parse(text)
        return [t.content for t in walk(tokens) if t.type in ("html_inline", "html_block")]

    # Only the template's own comments are raw HTML, as without the hostile title.
    assert raw_html(result.stdout) == raw_html(plain.stdout)
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    links = [t.attrs.get("href") for t in walk(tokens) if t.type == "link_open"]
    assert not [h for h in links if str(h).startswith("javascript:")]
    rendered = MarkdownIt("commonmark").render(result.stdout)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered
    assert "{{ 7*7 }} {% if 1 %}J{% endif %}" in rendered
