"""Fuzzing the loader and `check`: mutated and random YAML never crashes wijkcli.

Whatever the bytes, the loader returns a document or problems (never both, never an exception),
`check_repo` returns problems, no data file changes, and `wijk check` exits 0 or 1. Kept short
for CI (a few hundred examples in all); benchmarks/fuzz_long.py is the long run.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from wijkcli.cli.app import app
from wijkcli.load import load_file
from wijkcli.model import FILE_MODELS
from wijkcli.pipeline import check_repo
from wijkcli.problems import Problem
from wijkcli.read.yamlread import MAX_DEPTH, MAX_FILE_BYTES, read_yaml

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data"
FILES = {
    "gebied": "gebieden/szh/gebied.yaml",
    "leden": "gebieden/szh/leden.yaml",
    "wijkplan": "gebieden/szh/wijkplan-2017.yaml",
    "ronde": "rondes/ronde-2017-2/ronde.yaml",
    "aanvraag": "rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml",
    "vergadering": "rondes/ronde-2017-2/vergadering-szh.yaml",
    "voortgang": "rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml",
}
ORIGINAL = {kind: (EXAMPLE / rel).read_bytes() for kind, rel in FILES.items()}
TOKENS = [
    b"\t", b"\r\n", b"\xef\xbb\xbf", b": ", b"- ", b"[", b"]", b"{", b"}", b"&a ", b"*a",
    b"!!str ", b"? ", b"---\n", b"...\n", b"'", b'"', b"#", b"|\n", b"\x00", b"\xff", b"\xc3",
    "ı€😀".encode(), b"\n  ", b"\n", b"~", b"no", b"1:30", b"1.250", b".inf", b"2017-02-30",
    b"%YAML 1.1\n", b"\\", b"\x85", "\u2028".encode(),
]  # fmt: skip

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    """An example file of some kind with a few byte and line mutations."""
    kind = draw(st.sampled_from(sorted(FILES)))
    data = bytearray(ORIGINAL[kind])
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.integers(0, 5))
        pos = draw(st.integers(0, len(data)))
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = draw(st.integers(0, 255))
        elif op == 1:
            data[pos:pos] = draw(st.sampled_from(TOKENS))
        elif op == 2:
            del data[pos : pos + draw(st.integers(1, 200))]
        else:
            lines = bytes(data).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            j = draw(st.integers(0, len(lines) - 1))
            if op == 3:
                lines[i], lines[j] = lines[j], lines[i]
            elif op == 4:
                lines.insert(i, lines[j])
            else:
                lines[i] = b" " * draw(st.integers(0, 9)) + lines[i].lstrip()
            data = bytearray(b"\n".join(lines))
    return kind, bytes(data)


def assert_loader_contract(kind: str, raw: bytes) -> None:
    doc, problems = read_yaml("f.yaml", raw)
    assert (doc is None) == bool(problems)
    for p in problems:
        assert isinstance(p, Problem) and p.location is not None
        assert p.location.path == "f.yaml" and p.location.line >= 1 and p.location.column >= 1
    obj, src, problems = load_file("f.yaml", kind, raw)
    assert all(isinstance(p, Problem) for p in problems)
    # A file without problems is built whole; one with problems as far as it can be (its
    # failed fields left out), or not at all when it is no mapping or cannot be read.
    assert obj is not None or problems
    if obj is not None:
        assert isinstance(obj, FILE_MODELS[kind]) and src is not None
        if not problems:
            assert FILE_MODELS[kind].model_validate(obj.model_dump()) == obj


@FUZZ
@given(mutated())
def test_mutated_example_files_give_problems_not_exceptions(case: tuple[str, bytes]) -> None:
    assert_loader_contract(*case)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["no", "19:30", "0612345670", "1.250", "2017-02-30", "", "~", "-"]),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(
            st.text(max_size=12) | st.sampled_from(["id", "uren", "leden"]), inner, max_size=5
        ),
    ),
    max_leaves=40,
)


@FUZZ
@given(
    kind=st.sampled_from(sorted(FILES)),
    data=structures,
    flow=st.booleans(),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_random_yaml_structures_give_problems_not_exceptions(
    kind: str, data: object, flow: bool, crlf: bool, bom: bool
) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    raw = text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8")
    assert_loader_contract(kind, (b"\xef\xbb\xbf" if bom else b"") + raw)


@FUZZ
@given(kind=st.sampled_from(sorted(FILES)), junk=st.binary(max_size=300))
def test_random_bytes_give_problems_not_exceptions(kind: str, junk: bytes) -> None:
    assert_loader_contract(kind, junk)


@pytest.mark.parametrize("depth", [MAX_DEPTH - 1, MAX_DEPTH + 1, 5_000, 100_000])
@pytest.mark.parametrize("style", ["flow-list", "flow-map", "block"])
def test_deep_nesting_is_refused_before_anything_recurses(depth: int, style: str) -> None:
    if style == "flow-list":
        raw = b"a: " + b"[" * depth + b"]" * depth
        containers = depth + 1
    elif style == "flow-map":
        raw = b"a: " + b"{b: " * depth + b"}" * depth
        containers = depth + 1
    else:
        containers = min(depth, 1_000)  # indentation grows: 1,000 levels is 0.5 MB
        raw = "".join(" " * i + "a:\n" for i in range(containers)).encode() + b"x: 1\n"
    doc, problems = read_yaml("f.yaml", raw)
    if containers > MAX_DEPTH:
        assert [p.code for p in problems] == ["too-deep"]
    else:
        assert problems == [] and doc is not None


def test_huge_files_and_scalars() -> None:
    big = b"titel: " + b"x" * (MAX_FILE_BYTES + 1)
    _, problems = read_yaml("f.yaml", big)
    assert [p.code for p in problems] == ["file-too-large"]
    # Just under the limit: a huge scalar is read (and the schema decides about it).
    almost = b"titel: " + b"x" * (MAX_FILE_BYTES - 100)
    doc, problems = read_yaml("f.yaml", almost)
    assert problems == [] and doc is not None and len(doc.data["titel"]) == MAX_FILE_BYTES - 100


@settings(max_examples=25, deadline=None)
@given(kind=st.sampled_from(sorted(FILES)), bom=st.booleans())
def test_bom_and_crlf_change_no_data_and_no_line_numbers(kind: str, bom: bool) -> None:
    plain, _ = read_yaml("f.yaml", ORIGINAL[kind])
    raw = (b"\xef\xbb\xbf" if bom else b"") + ORIGINAL[kind].replace(b"\n", b"\r\n")
    other, problems = read_yaml("f.yaml", raw)
    assert problems == [] and plain is not None and other is not None
    assert other.data == plain.data
    assert other.marks.values == plain.marks.values and other.marks.keys == plain.marks.keys


# --- the whole pipeline on a tree ------------------------------------------------------------


def _tree_digest(root: Path) -> str:
    """A hash of every data file (the cache next to data/ may change; data/ may not)."""
    h = hashlib.sha256()
    for p in sorted((root / "data").rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


class _Tree:
    """A private copy of the example tree in which one file at a time is replaced."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="wijk-fuzz-"))
        shutil.copytree(EXAMPLE, self.root / "data")

    def put(self, kind: str, raw: bytes) -> None:
        (self.root / "data" / FILES[kind]).write_bytes(raw)


@pytest.fixture(scope="module")
def fuzz_tree():  # type: ignore[no-untyped-def]
    tree = _Tree()
    yield tree
    shutil.rmtree(tree.root, ignore_errors=True)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_check_repo_on_a_mutated_tree_reports_and_changes_nothing(fuzz_tree, case) -> None:  # type: ignore[no-untyped-def]
    kind, raw = case
    fuzz_tree.put(kind, raw)
    try:
        before = _tree_digest(fuzz_tree.root)
        _, problems = check_repo(fuzz_tree.root)
        assert all(isinstance(p, Problem) for p in problems)
        assert _tree_digest(fuzz_tree.root) == before
    finally:
        fuzz_tree.put(kind, ORIGINAL[kind])


@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
@given(mutated())
def test_wijk_check_exits_0_or_1_on_mutated_data(fuzz_tree, case) -> None:  # type: ignore[no-untyped-def]
    kind, raw = case
    fuzz_tree.put(kind, raw)
    try:
        result = CliRunner().invoke(app, ["check", "--data", str(fuzz_tree.root)])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "interne fout" not in result.output
    finally:
        fuzz_tree.put(kind, ORIGINAL[kind])


# --- regressions found by fuzzing --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("{[a]: b}\n", 1, 2),
        ("? [a]\n: b\n", 1, 3),
        ("id: x\nwijken:\n  ? {id: a}\n  : b\n", 3, 5),
        ("a: {? [b]: c}\n", 1, 7),
    ],
)
def test_a_list_or_mapping_as_key_is_a_problem_not_a_crash(
    text: str, line: int, column: int
) -> None:
    # Found by fuzz_long.py: a mapping key that is itself a list or mapping hit an assert
    # (AssertionError in the reader, so `wijk check` exited 3 with "interne fout").
    doc, problems = read_yaml("f.yaml", text.encode())
    assert doc is None
    assert [(p.code, p.location.line, p.location.column) for p in problems] == [
        ("complex-key", line, column)
    ]


def test_wijk_check_reports_a_complex_key_with_exit_1(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLE, tmp_path / "data")
    path = tmp_path / "data" / FILES["aanvraag"]
    path.write_text(path.read_text(encoding="utf-8") + "? [extra]\n: x\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "--data", str(tmp_path), "--format", "parsable"])
    assert result.exit_code == 1
    assert "[complex-key]" in result.output and "interne fout" not in result.output
