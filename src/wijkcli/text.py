"""Dutch formatting for documents and messages: money, dates, times, names.

Small pure functions with our own month and weekday tables: no locale, no Babel (their
defaults give `19:00` and a non-breaking space where the house style wants `19.00 uur`).
"""

from __future__ import annotations

import re
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, localcontext

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
NBSP = "\u00a0"
CENT = Decimal("0.01")


def format_amount(amount: Decimal) -> str:
    """`1250.5` → `1.250,50` (dot for thousands, comma for cents, always two decimals)."""
    q = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, cents = f"{abs(q):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{'.'.join(groups)},{cents or '00'}"


def json_amount(amount: Decimal) -> str:
    """An amount for JSON: `Decimal("84000")` → `"84000.00"`, `Decimal("8.4E+4")` → `"84000.00"`.

    Exact (never rounded: an amount with more decimals keeps them all), plain digits (never
    exponent notation), at least two decimals; the one helper every `--format json` uses."""
    if amount.is_zero():
        amount = abs(amount)  # no "-0.00"
    digits, exponent = amount.as_tuple()[1:]
    if isinstance(exponent, int) and exponent > -2:
        # Fewer than two decimals: adding zeros is exact, given a context wide enough.
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, len(digits) + exponent + 2)
            amount = amount.quantize(CENT)
    return f"{amount:f}"


def format_money(amount: Decimal, space: str = " ") -> str:
    """`€ 1.250,50`; negative amounts as `€ -1.250,50`. Pass `space=NBSP` for HTML."""
    return f"€{space}{format_amount(amount)}"


def format_int(n: int) -> str:
    """`1845` → `1.845`."""
    return f"{n:,}".replace(",", ".")


def format_date(d: date) -> str:
    """`11 mei 2017`."""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def format_date_long(d: date) -> str:
    """`donderdag 11 mei 2017`."""
    return f"{WEEKDAYS[d.weekday()]} {format_date(d)}"


def format_date_short(d: date) -> str:
    """`11-05-2017`."""
    return f"{d.day:02d}-{d.month:02d}-{d.year}"


def format_clock(t: time) -> str:
    """`19.30` (no leading zero on the hour: `9.05`)."""
    return f"{t.hour}.{t.minute:02d}"


def format_time(t: time, space: str = " ") -> str:
    """`19.30 uur`."""
    return f"{format_clock(t)}{space}uur"


def format_time_range(begin: time, end: time | None, space: str = " ") -> str:
    """`19.30-21.45 uur`, or `19.30 uur` without an end."""
    if end is None:
        return format_time(begin, space)
    return f"{format_clock(begin)}-{format_clock(end)}{space}uur"


def format_percent(part: Decimal, whole: Decimal) -> str:
    """`27,0%`, one decimal; `-` when the whole is zero."""
    if not whole:
        return "-"
    pct = (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{pct}".replace(".", ",") + "%"


PARTICLES = {"van", "de", "der", "den", "het", "'t", "te", "ter", "ten", "in", "el", "al", "op"}


def name_sort_key(name: str) -> tuple[str, str]:
    """Sort Dutch names on the surname without tussenvoegsel: 'Kees van der Pol' under P."""
    parts = name.split()
    if len(parts) < 2:
        return (name.casefold(), "")
    i = 1
    while i < len(parts) - 1 and parts[i].casefold() in PARTICLES:
        i += 1
    surname = " ".join(parts[i:])
    return (surname.casefold(), " ".join(parts[:i]).casefold())


def join_dutch(items: list[str]) -> str:
    """`a, b en c`."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


NUMBER_WORDS = (
    "nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
    "elf", "twaalf",
)  # fmt: skip


def number_word(n: int) -> str:
    """`6` → `zes` up to twelve, digits above."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


_INVISIBLE = frozenset(
    [*range(0x00, 0x20), *range(0x7F, 0xA0), 0xA0, 0xAD, 0x061C, *range(0x200B, 0x2010),
     *range(0x2028, 0x202F), *range(0x2060, 0x2070), 0xFEFF]
)  # fmt: skip
"""Control characters (C0, DEL, C1) and characters a reader cannot see or that reorder text:
no-break and soft hyphen, zero-width characters, bidi marks, embeddings, overrides and
isolates, line and paragraph separators, word joiners, the byte-order mark."""


def visible(value: str) -> str:
    """`value` with every control or invisible character written out as an escape
    (`anna\\u200b-jansen`, `\\x1b[31m`, `\\n`): one message stays one line, a file name cannot
    forge another problem or a GitHub command, and a terminal gets no escape sequence."""
    if value.isprintable() and not any(ord(c) in _INVISIBLE for c in value):
        return value
    out = []
    for c in value:
        n = ord(c)
        if n not in _INVISIBLE and c.isprintable():
            out.append(c)
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif n < 0x100:
            out.append(f"\\x{n:02x}")
        else:
            out.append(f"\\u{n:04x}")
    return "".join(out)


_JSON_UNSAFE = re.compile(
    "[" + "".join(re.escape(chr(n)) for n in sorted(_INVISIBLE) if n >= 0x20) + "]"
)
"""What `visible` writes out, less C0 (which JSON escapes itself)."""


def json_visible(json_text: str) -> str:
    """JSON (from `json.dumps(..., ensure_ascii=False)`) with what JSON may leave raw but a
    terminal would act on or hide (DEL, C1 controls, invisible and bidi characters) escaped the
    JSON way (`\\u009b`): a program still reads the exact value. JSON escapes C0 itself, and
    outside its strings JSON is plain ASCII, so only values change."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


_OS_ERRORS = {
    "ENOENT": "bestaat niet",
    "EACCES": "geen toestemming",
    "EPERM": "geen toestemming",
    "EISDIR": "is een map",
    "ENOTDIR": "een deel van het pad is geen map",
    "ENOSPC": "de schijf is vol",
    "EDQUOT": "de schijfruimte (quota) is op",
    "EROFS": "alleen-lezen bestandssysteem",
    "ELOOP": "te veel symbolische links",
    "ENAMETOOLONG": "de naam is te lang",
    "EEXIST": "bestaat al",
    "EIO": "lees- of schrijffout van het apparaat",
    "EBUSY": "is in gebruik",
    "ETXTBSY": "is in gebruik",
    "EFBIG": "het bestand is te groot",
    "EMFILE": "te veel open bestanden",
    "ENXIO": "het apparaat is er niet",
}


def os_error_words(exc: OSError) -> str:
    """The reason of an `OSError` in Dutch (`bestaat niet`, `geen toestemming`); the system's
    own English text, with its errno name, only for a rare one."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERRORS.get(name) or f"{exc.strerror or exc} ({name or 'onbekende fout'})"


def unbracket(text: str) -> str:
    """`Indebuurt033 (Welzin)` → `Indebuurt033, Welzin`: for text that itself goes between
    brackets, so a letter never shows nested brackets."""
    out = text
    while True:
        open_at = out.rfind("(")
        close_at = out.find(")", open_at + 1) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            return out
        inner = out[open_at + 1 : close_at].strip()
        before = out[:open_at].rstrip()
        joined = f"{before}, {inner}" if before and inner else before or inner
        out = joined + out[close_at + 1 :]


def dutch_quotes(text: str) -> str:
    """Straight double quotes as Dutch typographic ones: `"Wegwijs"` → `„Wegwijs”`.

    A quote opens at the start or after a space or bracket, otherwise it closes. Single quotes
    stay as they are: `'t Middelpunt` uses an apostrophe, not a quote.
    """
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch == '"':
            opening = i == 0 or text[i - 1].isspace() or text[i - 1] in "([{"
            out.append("„" if opening else "”")
        else:
            out.append(ch)
    return "".join(out)
