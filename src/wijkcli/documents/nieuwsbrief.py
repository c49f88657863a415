"""Document stage: the section for the digitale nieuwsbrief about one round.

`nieuwsbrief_context` builds a plain dict (every count, total and choice of wording made here,
never in a template) for `templates/nieuwsbrief.html.j2` (a fragment for Laposta/Mailchimp) and
`templates/nieuwsbrief.tekst.j2` (its plain-text twin). `render_nieuwsbrief` renders either; for
text it lays the template's logical lines out at 72 columns with `wrap_tekst`.

Privacy (docs/formaat.md, section 10 and rule 9 of section 9): only applications with a
positive advice (toekennen, gedeeltelijk) are named, by title only. Rejected and postponed
applications are counted, never named, whoever applied; no applicant names, member names or
contact data enter the context.

Status: until Indebuurt033's decision is recorded (`besluit` in `voortgang/<aanvraag>.yaml`,
dated on or before the publication date) for every positively advised application, the section
says the team *advised*, and when Indebuurt033 was to decide. Once it is recorded for all of
them, the section names what Indebuurt033 granted (its amounts) and the date it decided.

No clock: the publication date is a parameter (default: the round's `bekendmaking`).
"""

from __future__ import annotations

import re
import textwrap
from datetime import date, time
from decimal import Decimal
from typing import Literal, TypedDict

from wijkcli.count.ledger import tally
from wijkcli.dataset import Meeting
from wijkcli.documents.formats import meeting_front
from wijkcli.documents.registry import Document
from wijkcli.model import Gebied
from wijkcli.problems import WijkcliError
from wijkcli.text import number_word

WIDTH = 72
"""Plain-text line width: a newsletter's plain-text part stays within about 70-72 characters."""

POSITIEF = ("toekennen", "gedeeltelijk")

_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)
_NBSP = "\u00a0"
# Keep a unit with its number when wrapping text: `€ 1.250,50`, `21.30 uur`.
_KEEP_TOGETHER = (
    (re.compile(r"€ (?=-?\d)"), f"€{_NBSP}"),
    (re.compile(r"(?<=\d) uur\b"), f"{_NBSP}uur"),
    (re.compile(r"(?<!\S)'t "), f"'t{_NBSP}"),
)


class Bijeenkomst(TypedDict):
    """A wijknetwerk's next meeting."""

    netwerk: str
    datum: date
    begin: time
    eind: time | None
    plek: str | None


class LeesVerder(TypedDict):
    url: str
    tekst: str


class Initiatief(TypedDict):
    """A positively advised application: by title only."""

    titel: str
    bedrag: Decimal
    gedeeltelijk: bool


class Kop(TypedDict):
    id: str
    naam: str


class Vergadering(TypedDict):
    datum: date


class Positief(TypedDict):
    aantal: int
    woorden: str


class Besluit(TypedDict):
    datum: date | None
    voorbij: bool
    genomen: date | None
    """When Indebuurt033 decided (the latest decision date), once its decision is recorded for
    every positively advised application; None before that."""


class NieuwsbriefContext(TypedDict):
    """Everything the newsletter section shows (`templates/nieuwsbrief.*.j2`)."""

    team: str
    ronde: Kop
    vergadering: Vergadering
    besproken: str
    positief: Positief
    overig: str | None
    items: list[Initiatief]
    totaal: Decimal
    beschikbaar: Decimal
    over: Decimal
    besluit: Besluit
    bijeenkomsten: list[Bijeenkomst]
    lees_verder: LeesVerder | None


def _count(n: int, singular: str, plural: str) -> str:
    """`één aanvraag`, `acht aanvragen`."""
    return f"{number_word(n)} {singular if n == 1 else plural}"


def _sentence_start(phrase: str) -> str:
    # Dutch capitalises a sentence-initial "één" as "Eén", not "Één".
    if phrase.startswith("één"):
        return "Eén" + phrase[3:]
    return phrase[:1].upper() + phrase[1:]


def absolute_url(value: str | None) -> str | None:
    """The URL when it is an absolute http(s) address, else None (no relative or `javascript:`)."""
    if value is None:
        return None
    url = value.strip()
    return url if _URL.match(url) else None


def _lees_verder(gebied: Gebied) -> LeesVerder | None:
    website = absolute_url(gebied.website)
    if website:
        return {"url": website, "tekst": "Lees verder op de wijkwebsite"}
    if gebied.nieuwsbrief is not None:
        url = absolute_url(gebied.nieuwsbrief.url)
        if url:
            return {"url": url, "tekst": f"Lees verder bij {gebied.nieuwsbrief.naam}"}
    return None


def next_meetings(gebied: Gebied, after: date, *, inclusive: bool) -> list[Bijeenkomst]:
    """Per wijknetwerk its first planned meeting on (or after) `after`, sorted by date.

    A network without a planned meeting is left out. The place is the meeting's own, else the
    network's usual place, else None.
    """
    found: list[Bijeenkomst] = []
    for wijk in gebied.wijken:
        netwerk = wijk.netwerk
        if netwerk is None:
            continue
        upcoming = [
            b for b in netwerk.bijeenkomsten if b.datum > after or (inclusive and b.datum == after)
        ]
        if not upcoming:
            continue
        first = min(upcoming, key=lambda b: (b.datum, b.begin))
        found.append(
            {
                "netwerk": netwerk.naam,
                "datum": first.datum,
                "begin": first.begin,
                "eind": first.eind,
                "plek": first.plek or netwerk.plek,
            }
        )
    return sorted(found, key=lambda m: (m["datum"], m["begin"], m["netwerk"]))


def nieuwsbrief_context(
    meeting: Meeting,
    *,
    datum: date | None = None,
) -> NieuwsbriefContext:
    """Everything the newsletter section about one round in one gebied shows.

    `datum` is the publication date (default: the round's `bekendmaking`); it picks the next
    wijknetwerk meetings and whether Indebuurt033's decision is still ahead.

    Raises:
        UnknownIdError: unknown ronde or gebied.
        WijkcliError: no minutes (or no decisions) for it yet.
    """
    r, ronde_id, gebied_id = meeting.ronde, meeting.ronde_id, meeting.gebied_id
    ronde = r.info
    gebied = meeting.gebied.info
    vergadering = meeting.vergadering
    if vergadering is None or not vergadering.besluiten:
        raise WijkcliError(
            f"er zijn nog geen besluiten van {ronde_id} voor gebied '{gebied_id}' "
            f"(verwacht: data/rondes/{ronde_id}/vergadering-{gebied_id}.yaml)"
        )
    result = tally(meeting)
    published = datum or ronde.bekendmaking
    # Indebuurt033's decision per positively advised application, when recorded by then.
    decided = {
        aid: v.besluit
        for aid, v in r.voortgang.items()
        if published is None or v.besluit.datum <= published
    }
    positive = [i for i in result.items if i.advies in POSITIEF]
    genomen = (
        max(decided[i.aanvraag_id].datum for i in positive)
        if positive and all(i.aanvraag_id in decided for i in positive)
        else None
    )
    # Privacy: only positively advised (or granted) items leave this function, by title (see
    # module doc).
    items: list[Initiatief] = []
    for i in positive:
        asked = r.aanvragen[i.aanvraag_id].bedrag
        bedrag = decided[i.aanvraag_id].bedrag if genomen is not None else i.bedrag
        if bedrag > 0:
            items.append(
                {
                    "titel": r.aanvragen[i.aanvraag_id].titel,
                    "bedrag": bedrag,
                    "gedeeltelijk": bedrag < asked,
                }
            )
    besproken = len(result.items)
    overig = besproken - len(items)
    if published is not None:
        meetings = next_meetings(gebied, published, inclusive=True)
    else:
        meetings = next_meetings(gebied, vergadering.datum, inclusive=False)
    besluit = ronde.besluit_verwacht
    over = result.over if result.over > 0 else Decimal(0)
    return {
        "team": gebied.bewonersteam.naam,
        "ronde": {"id": ronde.id, "naam": ronde.naam},
        "vergadering": {"datum": vergadering.datum},
        "besproken": _count(besproken, "aanvraag", "aanvragen"),
        "positief": {
            "aantal": len(items),
            "woorden": _count(len(items), "initiatief", "initiatieven"),
        },
        "overig": (
            _sentence_start(_count(overig, "andere aanvraag", "andere aanvragen"))
            + (" kreeg" if overig == 1 else " kregen")
            + (" (nog) geen subsidie." if genomen is not None else " (nog) geen positief advies.")
            # With nothing advised the template already says so; "andere" would be wrong.
            if overig and items
            else None
        ),
        "items": items,
        "totaal": sum((i["bedrag"] for i in items), Decimal(0)),
        "beschikbaar": result.beschikbaar,
        "over": over,
        "besluit": {
            "datum": besluit,
            # Past tense only when the publication date is known to be after the planned date.
            "voorbij": besluit is not None and published is not None and published > besluit,
            "genomen": genomen,
        },
        "bijeenkomsten": meetings,
        "lees_verder": _lees_verder(gebied),
    }


def wrap_tekst(rendered: str, width: int = WIDTH) -> str:
    """Lay out the text template's output at `width` columns.

    Line by line: `# kop` becomes a heading underlined with `=`, `## kop` one underlined with
    `-`, `* punt` a bullet with a hanging indent, a line that is only an http(s) URL stays whole
    on its own line, and consecutive other lines form one paragraph. Every template line starts
    with template text, so user text cannot start a unit. Amounts and times are never split
    from their unit (`€ 1.250,50`, `21.30 uur`), nor `'t` from its word; URLs and words with
    hyphens are never broken.
    """
    out: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            out.extend(_fill(" ".join(paragraph), width))
            paragraph.clear()

    for line in rendered.splitlines():
        if line.strip() and not (_URL.match(line) or line.startswith(("# ", "## ", "* "))):
            paragraph.append(line.strip())
            continue
        flush()
        if not line.strip():
            out.append("")
        elif _URL.match(line):
            out.append(line)
        elif line.startswith("* "):
            out.extend(_fill(line[2:], width, "* ", "  "))
        else:
            mark, _, kop = line.partition(" ")
            lines = _fill(kop, width)
            out.extend(lines)
            out.append(("=" if mark == "#" else "-") * max(len(x) for x in lines))
    flush()
    return "\n".join(out).rstrip("\n") + "\n"


def _fill(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    for pattern, repl in _KEEP_TOGETHER:
        text = pattern.sub(repl, text)
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [x.replace(_NBSP, " ") for x in lines] or [first.rstrip()]


def render_nieuwsbrief(context: NieuwsbriefContext, fmt: Literal["html", "tekst"]) -> str:
    """The section as an HTML fragment or as plain text wrapped at 72 columns.

    Raises:
        WijkcliError: a template is missing.
    """
    from wijkcli.documents.render import render

    out = render(f"nieuwsbrief.{fmt}.j2", context)
    return wrap_tekst(out) if fmt == "tekst" else out


DOCUMENT: Document[Meeting, NieuwsbriefContext] = Document(
    name="nieuwsbrief",
    formats=("html", "tekst"),
    template="nieuwsbrief",
    context=lambda m, o: nieuwsbrief_context(m, datum=o.datum),
    front=lambda m, ctx: meeting_front("Nieuwsbrief", m, ctx["vergadering"]["datum"]),
    filename=lambda m: f"nieuwsbrief-{m.ronde_id}-{m.gebied_id}",
    outputs={"tekst": lambda m, ctx: render_nieuwsbrief(ctx, "tekst")},
)
