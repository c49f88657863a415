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
        Ledger.of(example_dataset).tally_ronde(example_dataset.meetings("ronde-2017-2")),
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
    result = Ledger.of(example_dataset).tally_ronde(example_dataset.meetings("ronde-2017-2"))
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
    """Every number of a professional's row in the plain table is in the terminal's tables,
    whole (Rich's last resort would crop `720` to `72`): the year (beschikbaar, wijkplan,
    over), the wijkplan per theme (themes, pool, wijkplan again) and the round (vrijgemaakt,
    gevraagd, geadviseerd, with the `!` mark)."""
    from wijkcli.documents.uren import hours_table

    report = hours_report(example_dataset, "szh", 2017)
    out = hours_terminal(report, width=width, colour=False)
    plain = hours_table(report, "tabel")
    number = r"(?<![\w-])-?\d+(?: !)?(?![\w-])"
    for p in report.professionals:
        row = next(x for x in plain.splitlines() if x.startswith(p.naam))
        want = re.findall(number, row.removeprefix(p.naam).replace(p.organisatie, ""))
        got = [
            n
            for x in out.splitlines()
            if x.strip().startswith(p.naam)
            for n in re.findall(number, x.replace(p.naam, "").replace(p.organisatie, ""))
        ]
        assert sorted(got) == sorted([*want, str(p.wijkplan)]), p.naam
    assert re.search(r"80 !", out)  # the overrun mark survives
    assert "Indebuurt033 (Welzin)" in out and "1260" in out


# --- voortgang, uren and actiepunten fit 80 columns (#29 item 7) -----------------------------


def test_hours_fit_80_columns_and_say_over_and_vrijgemaakt(example_dataset) -> None:  # type: ignore[no-untyped-def]
    """The example's professionals, themes and round fit 80 columns as narrow tables; "vrij"
    is no longer used for two things: the year's "over" and the round's "vrijgemaakt"."""
    report = hours_report(example_dataset, "szh", 2017)
    out = hours_terminal(report, width=80, colour=False)
    assert max(len(line) for line in out.splitlines()) <= 80
    assert " vrij " not in out and not re.search(r"\bvrij\b", out)
    assert "vrijgemaakt" in out and " over " in out
    # Every professional in every table, by name, and the overrun mark kept.
    for p in report.professionals:
        assert out.count(p.naam) == 3
    assert re.search(r"Youssef Bakkali\s+60\s+80 !\s+0", out)


def test_voortgang_fits_80_columns(example_dataset) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from wijkcli.documents.voortgang import voortgang_table, voortgang_terminal

    out = voortgang_terminal(example_dataset, "szh", 2017, date(2018, 2, 15), width=80,
                             colour=False)  # fmt: skip
    assert max(len(line) for line in out.splitlines()) <= 80
    plain = voortgang_table(example_dataset, "szh", 2017, date(2018, 2, 15), "tabel")
    # Every amount of the plain table is there, whole, as often.
    for amount in sorted(set(re.findall(r"€ [\d.]+,\d\d", plain))):
        assert out.count(amount) == plain.count(amount), amount
    assert out.count(" !") == plain.count(" !") == 1  # A03's report, overdue
    assert "- Samen op Stap: verslag (uiterlijk 31 januari 2018)" in out


def test_actiepunten_fit_80_columns_and_every_column_has_a_header(example_dataset) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from wijkcli.documents.actiepunten import (
        actiepunten_table,
        actiepunten_terminal,
        open_actiepunten,
    )

    day = date(2017, 5, 13)
    punten = open_actiepunten(example_dataset, None, day)
    out = actiepunten_terminal(punten, day, width=80, colour=False)
    assert max(len(line) for line in out.splitlines()) <= 80
    flat = " ".join(out.split())
    assert "ronde nr wat wie uiterlijk termijn" in flat
    assert "11 mei 2017 over tijd !" in flat and "15 mei 2017 op tijd" in flat
    plain = actiepunten_table(punten, day, "tabel").splitlines()
    assert plain[2].split() == ["gebied", "vergadering", "nr", "wat", "wie", "uiterlijk", "termijn"]


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["tally", "ronde-2017-2"],
        ["uren", "szh"],
        ["voortgang", "szh", "--datum", "2018-02-15"],
        ["actiepunten", "--datum", "2017-05-13"],
    ],
)
def test_commands_fit_a_real_80_column_terminal(example_repo, args: list[str]) -> None:  # type: ignore[no-untyped-def]
    """Run in a pseudo-terminal with COLUMNS=80, as a secretary would: every line ≤ 80."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "80", "LINES": "50", "WIJK_GEEN_CACHE": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "wijkcli", *args, "--data", str(example_repo)],
        stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the program closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=60)
    os.close(master)
    assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
    text = re.sub(r"\x1b\[[0-9;]*m", "", b"".join(chunks).decode("utf-8"))
    lines = text.replace("\r\n", "\n").splitlines()
    assert len(lines) > 5
    assert max(len(line.rstrip()) for line in lines) <= 80, max(lines, key=len)
