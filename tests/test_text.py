"""Dutch formatting: the house style's examples for money, dates and times, and name sorting."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest

from wijkcli.text import (
    format_date,
    format_date_long,
    format_date_short,
    format_int,
    format_money,
    format_percent,
    format_time,
    format_time_range,
    join_dutch,
    name_sort_key,
    number_word,
)


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("1250.5", "€ 1.250,50"),
        ("0.5", "€ 0,50"),
        ("1000000", "€ 1.000.000,00"),
        ("20362.45", "€ 20.362,45"),
        ("999", "€ 999,00"),
        ("-1250.5", "€ -1.250,50"),
        ("0.005", "€ 0,01"),  # half up
    ],
)
def test_money(amount: str, text: str) -> None:
    assert format_money(Decimal(amount)) == text


def test_money_in_html_keeps_the_unit_with_the_number() -> None:
    assert format_money(Decimal("1250.5"), "&nbsp;") == "€&nbsp;1.250,50"


def test_dates_and_times() -> None:
    assert format_date(date(2017, 5, 11)) == "11 mei 2017"
    assert format_date_long(date(2017, 5, 11)) == "donderdag 11 mei 2017"
    assert format_date_long(date(2017, 4, 13)) == "donderdag 13 april 2017"
    assert format_date_short(date(2017, 5, 11)) == "11-05-2017"
    assert format_time_range(time(19, 0), time(21, 30)) == "19.00-21.30 uur"
    assert format_time(time(9, 5)) == "9.05 uur"
    assert format_time_range(time(19, 30), None) == "19.30 uur"


def test_numbers_and_lists() -> None:
    assert format_int(1845) == "1.845"
    assert format_percent(Decimal("1275"), Decimal("4725")) == "27,0%"
    assert format_percent(Decimal(1), Decimal(0)) == "-"
    assert join_dutch(["a"]) == "a" and join_dutch(["a", "b", "c"]) == "a, b en c"
    assert join_dutch([]) == ""
    assert number_word(8) == "acht" and number_word(13) == "13"


def test_names_sort_on_surname_without_tussenvoegsel() -> None:
    names = ["Kees van der Pol", "Tineke van 't Zand", "Fatima el Amrani", "Noël Brouwer",
             "Sjoerd de Bruijn-Oosterveld", "Ahmet Yıldız", "Priya"]  # fmt: skip
    assert sorted(names, key=name_sort_key) == [
        "Fatima el Amrani", "Noël Brouwer", "Sjoerd de Bruijn-Oosterveld", "Kees van der Pol",
        "Priya", "Ahmet Yıldız", "Tineke van 't Zand",
    ]  # fmt: skip


def test_os_errors_are_dutch() -> None:
    import errno

    from wijkcli.text import os_error_words

    assert os_error_words(FileNotFoundError(errno.ENOENT, "No such file or directory")) == (
        "bestaat niet"
    )
    assert os_error_words(PermissionError(errno.EACCES, "Permission denied")) == (
        "geen toestemming"
    )
    assert os_error_words(OSError(errno.ENOSPC, "No space left on device")) == "de schijf is vol"
    assert os_error_words(OSError(errno.ECHILD, "No child processes")) == (
        "No child processes (ECHILD)"
    )
