"""Load stage, part 2: typing the text scalars of the files (money, hours, dates, times, ids).

The YAML reader keeps every scalar as text; these parsers decide what the text means, on the raw
characters, with Dutch messages. Money is `Decimal` with at most two decimals, never a float.
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MONEY_RE = re.compile(r"^[0-9]+(?:\.[0-9]{1,2})?$")
THOUSANDS_RE = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?$")
HOURS_RE = re.compile(r"^[0-9]+$")

# Sane upper bounds. A neighbourhood's budget is tens of thousands of euros; above these limits a
# value is a typing mistake (or an attempt to overflow the decimal context, which rounds silently
# from about 10^26 on). Sums of many bounded amounts stay far inside the 28 digits of Decimal.
MAX_MONEY = Decimal("99999999.99")
MAX_HOURS = 99_999
MAX_COUNT = 9_999_999
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
TIME_RE = re.compile(r"^([0-9]{1,2})[:.]([0-9]{2})$")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("wijk", message)


def _text(value: Any) -> str:
    if type(value) is str:  # the common case first: every scalar from the reader is text
        return value.strip()
    if isinstance(value, (dict, list)):
        raise _fail("hier hoort één waarde, geen lijst of sleutels")
    if value is None:
        raise _fail("hier ontbreekt een waarde")
    return str(value).strip()


def parse_money(value: Any) -> Decimal:
    """'1250' or '1250.50' → Decimal; '1.250', '1e3', '.inf', '12,50' are refused with a hint."""
    if isinstance(value, Decimal):
        return value
    text = _text(value)
    if MONEY_RE.match(text):
        amount = Decimal(text)
        if amount > MAX_MONEY:
            raise _fail(
                f"bedrag '{_short(text)}' is te groot: het hoogste bedrag is 99999999.99 "
                "(bijna honderd miljoen euro)"
            )
        return amount
    if THOUSANDS_RE.match(text) or re.match(r"^[0-9]+\.[0-9]{3,}$", text):
        plain = text.replace(".", "").replace(",", ".")
        raise _fail(
            f"bedrag '{text}' is dubbelzinnig: schrijf geen punt voor duizendtallen "
            f"(bedoelde je {plain}?)"
        )
    if re.match(r"^[0-9]+,[0-9]{1,2}$", text):
        raise _fail(f"bedrag '{text}': schrijf centen met een punt, dus {text.replace(',', '.')}")
    if re.match(r"^[0-9]+\.[0-9]*$", text):
        raise _fail(f"bedrag '{text}' heeft meer dan twee cijfers achter de punt")
    if text.startswith("-"):
        raise _fail(f"bedrag '{text}' mag niet negatief zijn")
    raise _fail(f"'{text}' is geen bedrag; schrijf euro's als 1250 of 1250.50")


def _short(text: str) -> str:
    """A long value shortened for a message (a 5,000-digit number is not read back in full)."""
    return text if len(text) <= 24 else text[:20] + "…"


def _whole(value: Any, pattern: re.Pattern[str], message: str, maximum: int) -> int:
    """A whole number written as digits (matching `pattern`), at most `maximum`; `message` names
    what is wrong (`{}` stands for the text)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
        text = str(value) if value.bit_length() < 64 else "?"
    else:
        text = _text(value)
        if not pattern.match(text):
            raise _fail(message.format(_short(text)))
        # Compare the digits before converting: int() refuses strings of over 4,300 digits.
        digits = text.lstrip("0") or "0"
        number = int(digits) if len(digits) <= len(str(maximum)) else maximum + 1
    if number > maximum:
        raise _fail(f"'{_short(text)}' is te groot: hoogstens {maximum}")
    return number


YEAR_RE = re.compile(r"^(19|20)[0-9]{2}$")


def parse_hours(value: Any) -> int:
    """A whole number of hours, zero or more."""
    return _whole(
        value, HOURS_RE, "'{}' is geen heel aantal uren (schrijf bijvoorbeeld 40)", MAX_HOURS
    )


def parse_count(value: Any) -> int:
    """A whole number, zero or more (people, votes, priorities)."""
    return _whole(value, HOURS_RE, "'{}' is geen geheel getal", MAX_COUNT)


def parse_year(value: Any) -> int:
    return _whole(value, YEAR_RE, "'{}' is geen jaartal (schrijf bijvoorbeeld 2017)", 2099)


def parse_date(value: Any) -> date:
    """ISO date `2017-04-13`; impossible dates such as 2017-02-30 are refused."""
    if isinstance(value, date):
        return value
    text = _text(value)
    m = DATE_RE.match(text)
    if not m:
        raise _fail(f"'{text}' is geen datum; schrijf jaar-maand-dag, bijvoorbeeld 2017-04-13")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise _fail(f"datum '{text}' bestaat niet") from None


def parse_time(value: Any) -> time:
    """Clock time `19:30` (or `19.30`), 24-hour."""
    if isinstance(value, time):
        return value
    text = _text(value)
    m = TIME_RE.match(text)
    if m and int(m[1]) < 24 and int(m[2]) < 60:
        return time(int(m[1]), int(m[2]))
    raise _fail(f"'{text}' is geen tijd; schrijf uren:minuten, bijvoorbeeld 19:30")


def parse_slug(value: Any) -> str:
    text = _text(value)
    if SLUG_RE.match(text):
        return text
    raise _fail(
        f"'{text}' is geen geldige id: gebruik kleine letters, cijfers en streepjes "
        "(bijvoorbeeld joke-aldersveld)"
    )


COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")


def parse_colour(value: Any) -> str:
    """'#1f6f8b' (a hex colour, as in a style guide); kept in lower case."""
    text = _text(value)
    if COLOUR_RE.match(text):
        return text.lower()
    raise _fail(f"'{text}' is geen kleur; schrijf # en zes hexadecimale cijfers, zoals #1f6f8b")


def parse_text(value: Any) -> str:
    text = _text(value)
    return text


_NOT_IN_A_NUMBER = frozenset(("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp", "Zs", "Mn", "Me"))
"""Unicode categories that no agenda number needs: control and format characters (the
zero-width space, joiners, the byte order mark, direction marks), unassigned and private
code points, line separators, spaces other than the plain one, and combining marks."""


def parse_nummer(value: Any) -> str:
    """An agenda number ('A01'): visible characters only, NFKC-normalised, so 'A\u200b01' or a
    full-width 'Ａ01' can never pass as a second, different 'A01'."""
    import unicodedata

    text = _text(value)
    for char in text:
        if char != " " and unicodedata.category(char) in _NOT_IN_A_NUMBER:
            raise _fail(
                f"in het nummer staat een onzichtbaar of bijzonder teken (U+{ord(char):04X}); "
                "typ het nummer opnieuw met gewone letters en cijfers, bijvoorbeeld A01"
            )
    return unicodedata.normalize("NFKC", text)


def _iso(v: Any) -> str:
    return v.isoformat() if hasattr(v, "isoformat") else str(v)


# The JSON Schemas below describe what an editor's YAML parser hands the schema: it reads
# `0612345670`, `40` or `2017` as numbers and `19.30` as a decimal number, where our reader keeps
# the characters. So every text-like kind also allows a plain scalar of the other types, and
# `pattern`/`minimum` (which JSON Schema applies only to strings/numbers) carry the rules.
TEKST_SCHEMA: dict[str, Any] = {"type": ["string", "number", "boolean"]}

Bedrag = Annotated[
    Decimal,
    PlainValidator(parse_money),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "pattern": MONEY_RE.pattern,
            "minimum": 0,
            "maximum": float(MAX_MONEY),
        }
    ),
]
Uren = Annotated[
    int,
    PlainValidator(parse_hours),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "pattern": HOURS_RE.pattern,
            "minimum": 0,
            "maximum": MAX_HOURS,
        }
    ),
]
Aantal = Annotated[
    int,
    PlainValidator(parse_count),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "pattern": HOURS_RE.pattern,
            "minimum": 0,
            "maximum": MAX_COUNT,
        }
    ),
]
Jaar = Annotated[
    int,
    PlainValidator(parse_year),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "pattern": YEAR_RE.pattern,
            "minimum": 1900,
            "maximum": 2099,
        }
    ),
]
Datum = Annotated[
    date,
    PlainValidator(parse_date),
    PlainSerializer(_iso, return_type=str),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_RE.pattern}),
]
Tijd = Annotated[
    time,
    PlainValidator(parse_time),
    PlainSerializer(lambda t: t.strftime("%H:%M"), return_type=str),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "pattern": "^([01]?[0-9]|2[0-3])[:.][0-5][0-9]$",
            "minimum": 0,
            "exclusiveMaximum": 24,
        }
    ),
]
Id = Annotated[
    str,
    PlainValidator(parse_slug),
    WithJsonSchema({"type": ["string", "integer"], "pattern": SLUG_RE.pattern, "minimum": 0}),
]
Tekst = Annotated[str, PlainValidator(parse_text), WithJsonSchema(TEKST_SCHEMA)]
Nummer = Annotated[str, PlainValidator(parse_nummer), WithJsonSchema(TEKST_SCHEMA)]
"""An agenda number: text without invisible characters, NFKC-normalised (`parse_nummer`)."""
Kleur = Annotated[
    str,
    PlainValidator(parse_colour),
    WithJsonSchema({"type": "string", "pattern": COLOUR_RE.pattern}),
]
