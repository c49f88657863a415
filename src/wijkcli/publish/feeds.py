"""The feeds of a gebied: an Atom feed of its meetings (feedgen) and an iCalendar file of them
(icalendar).

Both are made from the data alone: every timestamp is a date from the data (the meeting, the
advice, the adoption of the minutes) at midnight UTC, never the clock, so the same data gives
the same bytes. Identifiers stay the same across rebuilds: a calendar event's UID is
`<ronde>.<gebied>@wijkcli` and a feed entry's id a name-based UUID of the same words, so a
calendar program updates a moved meeting instead of adding it twice.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from wijkcli.text import format_date_long

if TYPE_CHECKING:
    from wijkcli.publish.site import GebiedPage, RondePage

PRODID = "-//wijkcli//wijk publiceer//NL"


def uid(page: RondePage) -> str:
    """The calendar UID of a meeting: the same in every build (`ronde-2017-2.szh@wijkcli`)."""
    return f"{page.ronde}.{page.gebied}@wijkcli"


def _urn(*parts: str) -> str:
    """A stable Atom id (an IRI) for a gebied or a meeting: a name-based UUID."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "wijkcli:" + "/".join(parts)).urn


def _at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, tzinfo=UTC)


def _summary(page: RondePage) -> str:
    parts = [f"Beoordelingsvergadering van {page.team} op {format_date_long(page.datum)}."]
    if page.besluiten:
        n = len(page.besluiten)
        toe = sum(1 for b in page.besluiten if b.advies in ("toekennen", "gedeeltelijk toekennen"))
        parts.append(f"Advies over {n} aanvragen, waarvan {toe} (deels) toekennen.")
    else:
        parts.append("Nog geen advies.")
    if page.notulen:
        parts.append("De notulen zijn vastgesteld.")
    return " ".join(parts)


def atom_feed(gebied: GebiedPage) -> bytes:
    """The Atom feed of a gebied (`<gebied>/feed.atom`): one entry per meeting, newest first,
    linking to the meeting's page (relative to the feed)."""
    from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]  # no stubs

    fg = FeedGenerator()
    fg.id(_urn(gebied.id))
    fg.title(f"{gebied.team}: vergaderingen en adviezen")
    fg.author({"name": gebied.team})
    fg.link(href="index.html", rel="alternate", type="text/html")
    fg.link(href="feed.atom", rel="self", type="application/atom+xml")
    fg.language("nl")
    fg.generator("wijkcli")
    rondes = sorted(gebied.rondes, key=lambda r: (r.updated, r.datum, r.ronde), reverse=True)
    fg.updated(_at(max((r.updated for r in rondes), default=date(1970, 1, 1))))
    for page in rondes:
        entry = fg.add_entry(order="append")
        entry.id(_urn(gebied.id, page.ronde))
        entry.title(f"{page.naam} ({format_date_long(page.datum)})")
        entry.link(href=f"{page.folder}/index.html", rel="alternate", type="text/html")
        entry.published(_at(page.datum))
        entry.updated(_at(page.updated))
        entry.summary(_summary(page))
    out: bytes = fg.atom_str(pretty=True)
    return out


def calendar(gebied: GebiedPage) -> bytes:
    """The iCalendar file of a gebied's meetings (`<gebied>/vergaderingen.ics`): local times
    in Europe/Amsterdam with its VTIMEZONE, a whole day when the round gives no time."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Vergaderingen {gebied.team}")
    for page in sorted(gebied.rondes, key=lambda r: (r.datum, r.ronde)):
        event = Event()
        event.add("uid", uid(page))
        event.add("dtstamp", _at(page.updated))
        event.add("summary", f"{page.naam}: beoordelingsvergadering {gebied.team}")
        if page.start is not None:
            event.add("dtstart", page.start)
            event.add("dtend", page.end or page.start + timedelta(hours=2))
        else:
            event.add("dtstart", page.datum)
            event.add("dtend", page.datum + timedelta(days=1))
        if page.plek:
            event.add("location", page.plek)
        event.add("description", _summary(page))
        cal.add_component(event)
    cal.add_missing_timezones()
    out: bytes = cal.to_ical()
    return out
