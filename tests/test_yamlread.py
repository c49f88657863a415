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
        (b'a: "x\n', "houdt onverwacht op"),
        (b"a:\n  - 1\n b: 2\n", "de inspringing klopt hier niet"),
        (b"a: @x\n", "kan niet beginnen met '@'"),
    ],
)
def test_syntax_errors_in_dutch(raw: bytes, words: str) -> None:
    _, found = read_yaml("f.yaml", raw)
    (p,) = found
    assert p.code == "yaml-syntax" and words in p.message
    assert "did not" not in p.message and "found" not in p.message
