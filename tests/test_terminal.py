"""`wijk tally` and `wijk uren` in a terminal: Rich tables that fit 80 columns where their
numbers do (never cropping one), names not ids."""

from __future__ import annotations

import re

import pytest

from wijkcli.count.ledger import Ledger
from wijkcli.count.uren import hours_report
from wijkcli.documents.tally import tally_table, tally_terminal
from wijkcli.documents.uren import hours_terminal


def _names(dataset) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {lid.id: lid.naam for g in dataset.gebieden.values() for lid in g.leden}


@pytest.mark.parametrize("width", [80, 120])
def test_tally_fits_the_terminal_and_names_members(example_dataset, width: int) -> None:  # type: ignore[no-untyped-def]
    out = tally_terminal(
        Ledger.of(example_dataset).tally_ronde("ronde-2017-2", None),
        width=width,
        names=_names(example_dataset),
        colour=False,
    )
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    flat = " ".join(" ".join(lines).split())
    # Every item is there, with its advice, amount and votes (one row per item: the id starts it).
    for aid in ("a01-huis", "a05-chill", "a08-taal"):
        assert sum(1 for line in lines if line.strip().startswith(aid)) == 1
    assert "€ 6.500,00" in out and "€ 20.362,45" in out and "8-2-1," in out
    assert "tineke-van-t-zand" not in out and "mirjam-lagerweij" not in out
    assert "Tineke" in flat and "Mirjam" in flat


def test_plain_tally_on_a_pipe_names_members_and_md_keeps_ids(example_dataset) -> None:  # type: ignore[no-untyped-def]
    result = Ledger.of(example_dataset).tally_ronde("ronde-2017-2", None)
    plain = tally_table(result, "tabel", _names(example_dataset))
    assert "Tineke van 't Zand" in plain and "tineke-van-t-zand" not in plain
    assert "\x1b[" not in plain
    md = tally_table(result, "md", _names(example_dataset))
    assert "tineke-van-t-zand" in md


def _numbers(table: str) -> list[list[str]]:
    """The numbers (with their `!` mark) of each row of the first table in `table`, in column
    order: the lines from the rule under the header to the first blank line."""
    lines = table.splitlines()
    start = next(i for i, x in enumerate(lines) if x.strip() and set(x) <= {"─", "-", " "})
    rows = []
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        rows.append(re.findall(r"(?<![\w-])-?\d+(?: !)?(?![\w-])", line))
    return [r for r in rows if r]


@pytest.mark.parametrize("width", [80, 120])
def test_hours_in_a_terminal_crop_no_number(example_dataset, width: int) -> None:  # type: ignore[no-untyped-def]
    """The professionals' table has more numbers than 80 (or 120) columns hold: it is then
    printed wider than the terminal, every number whole and in its place, every name there
    (Rich's last resort crops `720` to `72` and drops the name columns). The organisations
    table fits."""
    from wijkcli.documents.uren import hours_table

    report = hours_report(example_dataset, "szh", 2017)
    out = hours_terminal(report, width=width, colour=False)
    cut = out.index("\n organisatie ")
    people, orgs = out[:cut], out[cut:]
    plain = _numbers(hours_table(report, "tabel"))
    assert len(plain) == 6 and plain[4][:3] == ["720", "120", "200"]
    assert _numbers(people) == plain
    flat = " ".join(people.split())
    for p in report.professionals:
        assert p.naam.split()[-1] in flat
    assert re.search(r"80 !", out)  # the overrun mark survives
    assert max(len(line) for line in orgs.splitlines()) <= width
    assert "Indebuurt033 (Welzin)" in out and "1260" in out
