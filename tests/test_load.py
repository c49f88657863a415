"""Loading the format: every schema problem points at file:line:column, with Dutch words."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, LEDEN, RONDE, VERGADERING, check, edit
from wijkcli.load import load_repo
from wijkcli.pipeline import check_repo


def test_example_loads_clean_and_typed(example_dataset) -> None:  # type: ignore[no-untyped-def]
    r = example_dataset.rondes["ronde-2017-2"]
    a = r.aanvragen["a06-repair-cafe"]
    assert a.bedrag == Decimal("1149.95") and isinstance(a.bedrag, Decimal)
    assert str(r.ronde.vergadering.begin) == "19:30:00"
    tineke = example_dataset.gebieden["szh"].lid("tineke-van-t-zand")
    assert tineke.telefoon is not None and tineke.telefoon.startswith("06")


def test_example_passes_check_without_errors() -> None:
    _, problems = check_repo(Path(__file__).resolve().parents[1])
    assert [p for p in problems if p.is_error] == []


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("bedrag: 8500", "bedrag: 1.250", "invalid-value"),  # thousands dot
        ("bedrag: 8500", "bedrag: 1e3", "invalid-value"),
        ("bedrag: 8500", "bedrag: .inf", "invalid-value"),
        ("bedrag: 8500", "bedrag: .nan", "invalid-value"),
        ("bedrag: 8500", "bedrag: 12,50", "invalid-value"),
        ("bedrag: 8500", "bedrag: 8500.505", "invalid-value"),
        ("bedrag: 8500", "bedrag: -8500", "invalid-value"),
        ("ingediend: 2017-", "ingediend: 2017-02-30 #", "invalid-value"),
        ("soort: organisatie", "soort: stichting", "invalid-choice"),
        ("wijken: [schothorst]", "wijken: {a: b}", "wrong-type"),
        ("  mirjam-lagerweij: 40", "  mirjam-lagerweij: veertig", "invalid-value"),
        ("  mirjam-lagerweij: 40", "  mirjam-lagerweij: 1.5", "invalid-value"),
        ("id: a01-huiskamer", "id: A01 Huiskamer", "invalid-value"),
    ],
)
def test_bad_values_point_at_the_value(example_repo: Path, old: str, new: str, code: str) -> None:
    line, column = edit(example_repo, AANVRAAG, old, new)
    value_column = column + new.index(":") + 2
    check(example_repo, (AANVRAAG, line, value_column, code))


def test_misspelled_key_is_an_error_with_a_suggestion(example_repo: Path) -> None:
    line, _ = edit(example_repo, AANVRAAG, "\nuren:\n", "\nuuren:\n")
    check(example_repo, (AANVRAAG, line + 1, 1, "unknown-key"))
    _, problems = check_repo(example_repo)
    (p,) = [p for p in problems if p.code == "unknown-key"]
    assert (p.location.path, p.location.line, p.location.column) == (AANVRAAG, line + 1, 1)
    assert "'uren'" in p.message


def test_missing_field_points_at_the_parent_mapping(example_repo: Path) -> None:
    edit(example_repo, AANVRAAG, "  soort: organisatie\n", "")
    check(example_repo, (AANVRAAG, 10, 3, "missing-field"))


def test_duplicate_key_in_minutes(example_repo: Path) -> None:
    line, _ = edit(
        example_repo, VERGADERING, "datum: 2017-04-13\n", "datum: 2017-04-13\ndatum: 2017-04-14\n"
    )
    check(example_repo, (VERGADERING, line + 1, 1, "duplicate-key"))


def test_yes_no_and_phone_numbers_stay_text(example_repo: Path) -> None:
    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst", "titel: no")
    loaded = load_repo(example_repo)
    a = loaded.dataset.rondes["ronde-2017-2"].aanvragen["a01-huiskamer"]
    assert a.titel == "no"
    assert a.aanvrager.contact is not None and a.aanvrager.contact.telefoon == "0334567801"


def test_all_problems_in_one_run(example_repo: Path) -> None:
    bedrag, _ = edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 1e3")
    stemming, _ = edit(example_repo, RONDE, "stemming: openbaar", "stemming: anoniem")
    rol, _ = edit(example_repo, LEDEN, "rol: bewonersteam", "rol: voorzitter")
    check(
        example_repo,
        (AANVRAAG, bedrag, 9, "invalid-value"),
        (RONDE, stemming, 11, "invalid-choice"),
        (LEDEN, rol, 10, "invalid-choice"),
    )


def test_non_utf8_file(example_repo: Path) -> None:
    path = example_repo / AANVRAAG
    path.write_bytes(path.read_bytes().replace(b"Stichting", b"Sticht\xefng"))
    check(example_repo, (AANVRAAG, 10, 15, "encoding"))


def test_unknown_file_is_a_warning(example_repo: Path) -> None:
    (example_repo / "data/rondes/ronde-2017-2/notulen.yaml").write_text("a: 1\n")
    check(example_repo, ("data/rondes/ronde-2017-2/notulen.yaml", 0, 0, "unknown-file"))
    _, problems = check_repo(example_repo)
    (p,) = [p for p in problems if p.code == "unknown-file"]
    assert not p.is_error


def test_files_are_never_modified(example_repo: Path) -> None:
    edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 1e3")
    # The data files stay as they were (the cache next to data/ is wijkcli's own).
    before = {p: p.read_bytes() for p in (example_repo / "data").rglob("*") if p.is_file()}
    check_repo(example_repo)
    after = {p: p.read_bytes() for p in (example_repo / "data").rglob("*") if p.is_file()}
    assert before == after


def test_garbage_kept_by_one_pause_is_freed_after_the_next() -> None:
    """`gc_paused` freezes what exists when it ends, garbage cycles included; a program that
    loads again and again (a server, the fuzzer) must not keep every earlier load's garbage."""
    import gc
    import weakref

    from wijkcli.read.tree import gc_paused

    class Node:
        link: object = None

    with gc_paused():
        node = Node()
        node.link = node  # a cycle: only the collector frees it
        ref = weakref.ref(node)
        del node
    gc.collect()
    assert ref() is not None  # frozen with everything else (the price of a fast exit)
    with gc_paused():
        assert ref() is None  # the next pause hands it back to the collector first
