"""The strict YAML reader: every refusal has its code and its 1-based line and column."""

from __future__ import annotations

import pytest

from wijkcli.read.yamlread import MAX_DEPTH, MAX_FILE_BYTES, read_yaml


def problems(raw: bytes) -> list[tuple[int, int, str]]:
    doc, found = read_yaml("f.yaml", raw)
    assert (doc is None) == bool(found)
    return [(p.location.line, p.location.column, p.code) for p in found if p.location]


def test_scalars_stay_text() -> None:
    doc, found = read_yaml(
        "f.yaml", b"a: no\nb: 19:30\nc: 0612345670\nd: 1e3\ne: on\nf: 2017-04-13\ng:\n"
    )
    assert not found and doc is not None
    assert doc.data == {
        "a": "no",
        "b": "19:30",
        "c": "0612345670",
        "d": "1e3",
        "e": "on",
        "f": "2017-04-13",
        "g": None,
    }


def test_marks_point_at_values_and_keys() -> None:
    doc, _ = read_yaml("f.yaml", b"a: 1\nlijst:\n  - x: waarde\n")
    assert doc is not None
    assert doc.marks.at(("lijst", 0, "x")).line == 3
    assert doc.marks.at(("lijst", 0, "x")).column == 8
    assert doc.marks.at(("lijst", 0, "x"), key=True).column == 5
    # A missing path falls back to its deepest recorded parent.
    assert doc.marks.at(("lijst", 0, "nope")).line == 3


def test_duplicate_key_is_an_error_at_the_second_key() -> None:
    assert problems(b"a: 1\nb: 2\na: 3\n") == [(3, 1, "duplicate-key")]


def test_duplicate_key_in_nested_flow_mapping() -> None:
    assert problems(b"x:\n  y: {a: 1, a: 2}\n") == [(2, 13, "duplicate-key")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: &x 1\nb: *x\n", [(1, 4, "anchor")]),
        (b"a: !!int 1\n", [(1, 4, "tag")]),
        (b"a: !!map {b: 1}\n", [(1, 4, "tag")]),
        (b"a: 1\n---\nb: 2\n", [(2, 1, "multiple-documents")]),
        (b"a: [1, 2\nb: 3\n", [(2, 2, "yaml-syntax")]),
        (b"a: 1\nb: caf\xe9\n", [(2, 7, "encoding")]),
    ],
)
def test_refusals(raw: bytes, expected: list[tuple[int, int, str]]) -> None:
    assert problems(raw) == expected


def test_bom_and_crlf_do_not_shift_positions() -> None:
    doc, found = read_yaml("f.yaml", b"\xef\xbb\xbfa: 1\r\nb: [x, x, {c: 1, c: 2}]\r\n")
    assert doc is None
    assert [(p.location.line, p.location.column) for p in found if p.location] == [(2, 18)]


def test_deep_nesting_is_refused_before_the_parser_recurses() -> None:
    deep = b"a: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    found = problems(deep)
    assert found and found[0][2] == "too-deep"
    block = "".join("  " * i + f"k{i}:\n" for i in range(MAX_DEPTH + 5)).encode()
    assert problems(block)[0][2] == "too-deep"


def test_huge_file_is_refused_unread() -> None:
    assert problems(b"#" * (MAX_FILE_BYTES + 1)) == [(1, 1, "file-too-large")]


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"a: [1, 2\nb: 3\n", "een lijst tussen [ ] is niet afgesloten"),
        (b"a: b: c\n", "dubbele punt die YAML niet verwacht"),
        (b"a:\n\tb: 1\n", "een tab-teken"),
        (b'a: "x\n', "aanhalingsteken niet gesloten"),
        (b"a:\n  - 1\n b: 2\n", "de inspringing klopt hier niet"),
        (b"a: @x\n", "kan niet beginnen met '@'"),
    ],
)
def test_syntax_errors_in_dutch(raw: bytes, words: str) -> None:
    _, found = read_yaml("f.yaml", raw)
    (p,) = found
    assert p.code == "yaml-syntax" and words in p.message
    assert "did not" not in p.message and "found" not in p.message


def _one(raw: bytes) -> tuple[int, int, str]:
    _, found = read_yaml("f.yaml", raw)
    assert [(p.location.line, p.location.column, p.code) for p in found if p.location] == [
        (found[0].location.line, found[0].location.column, "yaml-syntax")  # type: ignore[union-attr]
    ], found
    (p,) = found
    assert p.location is not None
    return p.location.line, p.location.column, p.message


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # The quote runs to the end of the file.
        (b"titel: Huiskamer De Koperhorst", b'titel: "Huiskamer De Koperhorst'),
        (b"titel: Huiskamer De Koperhorst", b"titel: 'Huiskamer De Koperhorst"),
    ],
)
def test_an_unclosed_quote_is_reported_at_the_opening_quote(old: bytes, new: bytes) -> None:
    from pathlib import Path

    from tests.helpers import AANVRAAG

    raw = (Path(__file__).parent.parent / AANVRAAG).read_bytes()
    assert raw.count(old) == 1
    line, column, message = _one(raw.replace(old, new))
    assert (line, column) == (5, 8)
    assert "aanhalingsteken niet gesloten" in message


def test_an_unclosed_quote_closed_by_a_later_quote_is_reported_at_its_start() -> None:
    """libyaml gives up at line 21 (where the next '"' closes the text); the fault is on 5."""
    from pathlib import Path

    raw = (
        Path(__file__).parent.parent / "data/rondes/ronde-2017-2/aanvragen/a04-muziekcafe.yaml"
    ).read_bytes()
    old = 'titel: "Muziekcafé \'t Middelpunt"'.encode()
    assert raw.count(old) == 1
    line, column, message = _one(raw.replace(old, old[:-1]))
    assert (line, column) == (5, 8)
    assert "aanhalingsteken niet gesloten" in message and "regel 21" in message


def test_text_after_a_closing_quote_is_named() -> None:
    line, column, message = _one(b'titel: "Huiskamer "De" Koperhorst"\n')
    assert (line, column) == (1, 20)  # the D after the closing quote
    assert "na het sluitende aanhalingsteken staat nog tekst" in message


TAB_PLACES = [
    b"a: 1\nlijst:\n  - x: 1\n\t    y: 2\n",
    b"a: 1\nlijst:\n  - x: 1\n    \ty: 2\n",
    b"a: 1\nlijst:\n  - x: 1\n\t  - z\n",
    b"a: 1\nlijst:\n  \t- z\n  -\n",
    b"a: 1\n\tlijst:\n  - z\n",
    b"a: 1\nm:\n  k: v\n\t  l:\n    - s\n",
    b"a: |\n  regel\n\t tab\n",
]


@pytest.mark.parametrize("raw", TAB_PLACES)
def test_a_tab_is_named_in_dutch_wherever_it_stands(raw: bytes) -> None:
    line, column, message = _one(raw)
    tab_line = next(i for i, text in enumerate(raw.split(b"\n"), 1) if b"\t" in text)
    assert (line, column) == (tab_line, raw.split(b"\n")[tab_line - 1].index(b"\t") + 1)
    assert (
        message == "de YAML is hier niet te lezen: een tab-teken: gebruik spaties om in te springen"
    )


@pytest.mark.parametrize(
    "raw",
    [
        b"a: &\n",
        b"a: *\n",
        b"%FOO\n---\na: 1\n",
        b"a: 1\n...\nb\n",
        b'a: "\\xZZ"\n',
        b"a: |x\n  b\n",
        b"a: |0\n  b\n",
        b"a:\n  - 1\n  b: 2\n",
        b"a: 1\n- b\n",
        b'a: "x\n---\ny"\n',
        b"a: [b, c]]\n",
        b"- a\nb: 1\n",
        b"a:\n  b: 1\n c: 2\n",
        b"[a, b\n",
        b"{a: b\n",
        b"a: !<x\n",
    ],
)
def test_common_syntax_errors_have_dutch_words(raw: bytes) -> None:
    _, _, message = _one(raw)
    assert message.startswith("de YAML is hier niet te lezen: ")
    assert "onleesbare YAML" not in message, message
    assert not any(w in message for w in ("found", "expected", "while", "not allowed")), message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Escapes between double quotes: at the value.
        (b'a: "x\\e]52;c;aGk=\\a"\n', [(1, 4, "control-character")]),
        (b'a: "\\x1b[31mrood"\n', [(1, 4, "control-character")]),
        (b'a: "\\u202e05,052 \\u20ac"\n', [(1, 4, "control-character")]),
        (b'a: "\\x85"\nb: "\\x7f"\n', [(1, 4, "control-character"), (2, 4, "control-character")]),
        (b'a: "x\\ry"\n', [(1, 4, "control-character")]),
        (b'a: "x\\ty"\n', [(1, 4, "control-character")]),
        (b'"k\\u2066ey": 1\n', [(1, 1, "control-character")]),
        # Raw characters: at the character, also in a comment.
        (b"a: 1\nb: x\x1b[2Jy\n", [(2, 5, "control-character")]),
        (b"a: x\xe2\x80\xaey\n", [(1, 5, "control-character")]),
        (b"# \xe2\x81\xa6 omgekeerd\na: 1\n", [(1, 3, "control-character")]),
        (b"a: \x7f\nb: \xc2\x9b\n", [(1, 4, "control-character"), (2, 4, "control-character")]),
        (b"a: \xef\xbf\xbe\n", [(1, 4, "noncharacter")]),  # U+FFFE: a code of its own
        # The noncharacters outside the Basic Multilingual Plane (U+1FFFE, U+10FFFF), after an
        # emoji that is allowed (U+1F600) and one that stands next to the end (U+10FFFD).
        (
            "a: \U0001f600 \U0001fffe\nb: \U0010fffd\U0010ffff\n".encode(),
            [(1, 6, "noncharacter"), (2, 5, "noncharacter")],
        ),
        # A tab inside the text (not around it).
        (b"a: Huiskamer\tDe Koperhorst\n", [(1, 13, "control-character")]),
        (b"lijst:\n  - 'een\ttwee'\n", [(2, 5, "control-character")]),
    ],
)
def test_control_characters_are_refused_at_their_place(
    raw: bytes, expected: list[tuple[int, int, str]]
) -> None:
    assert problems(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        b"a:\tb  \t\n",  # tabs around a value are YAML's whitespace
        b"a: b\r\nc: d\r\n",  # Windows line ends
        b"a: |\n  regel een\n  regel twee\n",  # a block of text keeps its line feeds
        b'a: "een\\ntwee"\n',
        b"a: \xe2\x80\x9eWegwijs\xe2\x80\x9d \xe2\x80\x93 caf\xc3\xa9 \xe2\x82\xac 5\n",
        b"a: 'C:\\pad\\naar'\nb: x\\y\n",  # a backslash outside double quotes is just text
        "a: feest \U0001f389 \U0001f600\n# \U00020000\n".encode(),  # emoji, a CJK ideograph
    ],
)
def test_ordinary_text_passes(raw: bytes) -> None:
    assert problems(raw) == []


def test_a_file_full_of_control_characters_gives_a_bounded_list() -> None:
    from wijkcli.read.yamlread import MAX_CONTROL_PROBLEMS

    found = problems(b"a: " + b"\x01" * 5000 + b"\n")
    assert found == [(1, 4 + i, "control-character") for i in range(MAX_CONTROL_PROBLEMS)]
