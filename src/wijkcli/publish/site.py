"""The static site of one data repository (`wijk publiceer`): every file as bytes, by path.

Layout (every link relative, so the site works from `file://` and from any web address):

    index.html                              the gebieden
    <gebied>/index.html                     a gebied: rounds, year documents, feed, calendar
    <gebied>/wijkplan-<jaar>.html           the wijkplan (registry document `plan`)
    <gebied>/jaarverslag-<jaar>.html        the year report with its charts (`jaarverslag`)
    <gebied>/voortgang-<jaar>.html          follow-up per grant (`voortgang`, its JSON)
    <gebied>/actiepunten.html               the action points of every meeting
    <gebied>/feed.atom, vergaderingen.ics   feeds.py
    <gebied>/<ronde>/index.html             a meeting: date, place, besluitenlijst, JSON-LD Event
    <gebied>/<ronde>/agenda-….html          the invitation and meeting pack (`agenda`)
    <gebied>/<ronde>/advies-….html, .pdf    the advice letter (`advies`)
    <gebied>/<ronde>/notulen-….html         the minutes, only once adopted (`notulen_vastgesteld`)

Documents come from the registry exactly as `wijk <document> --format html` makes them, with a
navigation bar put in front of their content. What is left out (contact data, names of
applicants who are residents, minutes not yet adopted) is docs/publiceren.md. Nothing here
reads the clock: every date comes from the data, and `peildatum` (what is overdue) is the
newest date in the data unless the command gives one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from wijkcli.dataset import Dataset, Meeting
from wijkcli.documents.registry import GebiedJaar, Made, Options, make
from wijkcli.problems import WijkcliError

TZ = ZoneInfo("Europe/Amsterdam")
"""Where every meeting is held: its times are local times there."""


@dataclass(frozen=True)
class Besluit:
    """One line of the besluitenlijst: what the team advised on one application."""

    nummer: str
    titel: str
    aanvrager: str
    """`aanvrager_text`: an organisation by name, a resident or a group only as such."""
    gevraagd: Decimal
    advies: str
    bedrag: Decimal
    uitkomst: str


@dataclass
class RondePage:
    """What the site shows of one meeting (one gebied's part of one round)."""

    gebied: str
    ronde: str
    naam: str
    team: str
    datum: date
    begin: time | None
    eind: time | None
    plek: str | None
    stemming: str
    advies_uiterlijk: date
    agenda: str | None = None
    advies: str | None = None
    advies_pdf: str | None = None
    notulen: str | None = None
    notulen_vastgesteld: date | None = None
    besluiten: list[Besluit] = field(default_factory=list)
    niet_behandeld: list[Besluit] = field(default_factory=list)
    advies_datum: date | None = None

    @property
    def folder(self) -> str:
        return self.ronde

    @property
    def start(self) -> datetime | None:
        return None if self.begin is None else datetime.combine(self.datum, self.begin, TZ)

    @property
    def end(self) -> datetime | None:
        return None if self.eind is None else datetime.combine(self.datum, self.eind, TZ)

    @property
    def updated(self) -> date:
        """The newest date of what this page publishes (the feed's date of the entry)."""
        dates = [self.datum, self.advies_datum, self.notulen_vastgesteld]
        return max(d for d in dates if d is not None)


@dataclass(frozen=True)
class Actiepunt:
    ronde: str
    vergadering: date
    wat: str
    wie: str
    uiterlijk: date
    gedaan: date | None
    over_tijd: bool


@dataclass
class GebiedPage:
    id: str
    naam: str
    volledige_naam: str | None
    team: str
    rondes: list[RondePage]
    jaren: list[int]
    wijkplannen: dict[int, str] = field(default_factory=dict)
    jaarverslagen: dict[int, str] = field(default_factory=dict)
    voortgang: dict[int, str] = field(default_factory=dict)


def build_site(
    dataset: Dataset,
    *,
    versie: str | None = None,
    peildatum: date | None = None,
    extra: Mapping[str, tuple[str, bytes]] | None = None,
) -> tuple[dict[str, bytes], list[str]]:
    """Every file of the site of `dataset` ({path relative to the site: bytes}, sorted) and
    the notes for the user (documents that could not be made yet, in Dutch).

    `versie` is the data version the documents name (default: git is asked once);
    `peildatum` the date on which action points and reports are overdue (default: the newest
    date in the data, so the same data gives the same site). `extra`: pages made elsewhere
    ({file name at the top of the site: (link text, bytes)}; the city overview of `wijk
    publiceer --stad`), linked from the front page.
    """
    from wijkcli.publish.feeds import atom_feed, calendar

    peil = peildatum or newest_date(dataset)
    options = Options(versie=versie or Options().version_of(dataset.root))
    files: dict[str, bytes] = {}
    pdfs: dict[str, Made[Any, Any]] = {}
    notes: list[str] = []
    gebieden: list[GebiedPage] = []
    for gid in sorted(dataset.gebieden):
        g = dataset.gebieden[gid]
        if g.gebied is None:
            continue
        page = GebiedPage(
            id=gid,
            naam=g.info.naam,
            volledige_naam=getattr(g.info, "volledige_naam", None),
            team=g.info.bewonersteam.naam,
            rondes=[],
            jaren=sorted(g.wijkplannen),
        )
        for meeting in _meetings(dataset, gid):
            page.rondes.append(_ronde(meeting, options, files, pdfs, notes))
        for jaar in page.jaren:
            _year(dataset, page, jaar, options, peil, files, notes)
        punten = _actiepunten(dataset, gid, peil)
        files[f"{gid}/actiepunten.html"] = _page(
            "actiepunten", gebied=page, punten=punten, peildatum=peil,
            root="../", kruimels=_kruimels(page, "Actiepunten"),
        )  # fmt: skip
        files[f"{gid}/feed.atom"] = atom_feed(page)
        files[f"{gid}/vergaderingen.ics"] = calendar(page)
        files[f"{gid}/index.html"] = _page(
            "gebied", gebied=page, root="../", kruimels=_kruimels(page, None)
        )
        gebieden.append(page)
    meer = sorted((name, text) for name, (text, _) in (extra or {}).items())
    for name, (_, content) in (extra or {}).items():
        files[name] = content
    files["index.html"] = _page(
        "index", gebieden=gebieden, meer=meer, root="", kruimels=[("Gebieden", None)]
    )
    files.update(_lay_out(pdfs))
    return dict(sorted(files.items())), notes


def _lay_out(pdfs: dict[str, Made[Any, Any]]) -> dict[str, bytes]:
    """The letters as PDF, several at once: each is a Typst process of its own
    (`documents.pdf`), most of the time a site takes, so one per core."""
    from concurrent.futures import ThreadPoolExecutor

    def one(made: Made[Any, Any]) -> bytes:
        pdf = made.render("pdf")
        assert isinstance(pdf, bytes)
        return pdf

    with ThreadPoolExecutor(max_workers=_cores()) as pool:
        return dict(zip(pdfs, pool.map(one, pdfs.values()), strict=True))


def _cores() -> int:
    """The cores this process may use (at most 4: each Typst process needs memory)."""
    import os

    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        n = os.cpu_count() or 1
    return max(1, min(4, n))


def _meetings(dataset: Dataset, gid: str) -> list[Meeting]:
    """The meetings of a gebied, by date, then round id."""
    found = [
        (r.info.vergadering.datum, rid, dataset.meeting_of(r, gid))
        for rid, r in dataset.rondes.items()
        if r.ronde is not None and gid in r.info.budget
    ]
    return [m for _, _, m in sorted(found, key=lambda x: (x[0], x[1]))]


def _made(
    name: str, subject: Any, options: Options, notes: list[str], what: str
) -> Made[Any, Any] | None:
    """The registry's document, or None with a note when the data does not allow it yet (an
    advice before every item is decided, a year report without rounds)."""
    try:
        return make(name, subject, options)
    except WijkcliError as exc:
        notes.append(f"{what}: niet gepubliceerd ({exc})")
        return None


def _ronde(
    meeting: Meeting,
    options: Options,
    files: dict[str, bytes],
    pdfs: dict[str, Made[Any, Any]],
    notes: list[str],
) -> RondePage:
    info = meeting.info
    gid, rid = meeting.gebied_id, meeting.ronde_id
    page = RondePage(
        gebied=gid,
        ronde=rid,
        naam=info.naam,
        team=meeting.gebied.info.bewonersteam.naam,
        datum=info.vergadering.datum,
        begin=info.vergadering.begin,
        eind=info.vergadering.eind,
        plek=info.vergadering.plek or meeting.gebied.info.vergaderplek,
        stemming=info.stemming,
        advies_uiterlijk=info.advies_uiterlijk,
    )
    v = meeting.vergadering
    if v is not None:
        page.datum = v.datum
    folder = f"{gid}/{rid}"
    crumbs = [*_kruimels_ids(gid, meeting.gebied.info.naam, 2), (info.naam, "index.html")]
    agenda = _made("agenda", meeting, options, notes, f"agenda {rid} {gid}")
    if agenda is not None:
        page.agenda = agenda.filename("html")
        files[f"{folder}/{page.agenda}"] = _document(agenda, [*crumbs, ("Agenda", None)])
    advies = (
        _made("advies", meeting, options, notes, f"advies {rid} {gid}") if v is not None else None
    )
    if advies is not None:
        ctx = advies.context
        page.advies = advies.filename("html")
        page.advies_pdf = advies.filename("pdf")
        page.advies_datum = ctx["datum"]
        files[f"{folder}/{page.advies}"] = _document(advies, [*crumbs, ("Advies", None)])
        pdfs[f"{folder}/{page.advies_pdf}"] = advies
        page.besluiten = [_besluit(i, i["uitkomst"]) for i in ctx["items"]]
        page.niet_behandeld = [_besluit(i, "niet behandeld") for i in ctx["niet_behandeld"]]
    adopted = v.notulen_vastgesteld if v is not None else None
    if isinstance(adopted, date):
        notulen = _made("notulen", meeting, options, notes, f"notulen {rid} {gid}")
        if notulen is not None:
            page.notulen = notulen.filename("html")
            page.notulen_vastgesteld = adopted
            files[f"{folder}/{page.notulen}"] = _document(notulen, [*crumbs, ("Notulen", None)])
    files[f"{folder}/index.html"] = _page(
        "ronde", ronde=page, event=_event_json(page), root="../../",
        kruimels=[*crumbs[:-1], (info.naam, None)],
    )  # fmt: skip
    return page


def _besluit(item: Any, uitkomst: str) -> Besluit:
    return Besluit(
        nummer=item.get("nummer", ""),
        titel=item["titel"],
        aanvrager=item["aanvrager"],
        gevraagd=item["gevraagd"],
        advies=item["advies"],
        bedrag=item["bedrag"],
        uitkomst=uitkomst,
    )


def _year(
    dataset: Dataset,
    page: GebiedPage,
    jaar: int,
    options: Options,
    peil: date,
    files: dict[str, bytes],
    notes: list[str],
) -> None:
    gid = page.id
    subject = GebiedJaar(dataset, gid, jaar)
    plan = _made("plan", subject, options, notes, f"wijkplan {gid} {jaar}")
    if plan is not None:
        name = f"wijkplan-{jaar}.html"
        page.wijkplannen[jaar] = name
        files[f"{gid}/{name}"] = _document(plan, _kruimels(page, f"Wijkplan {jaar}"))
    verslag = _made("jaarverslag", subject, options, notes, f"jaarverslag {gid} {jaar}")
    if verslag is not None:
        name = f"jaarverslag-{jaar}.html"
        page.jaarverslagen[jaar] = name
        files[f"{gid}/{name}"] = _document(verslag, _kruimels(page, f"Jaarverslag {jaar}"))
    voortgang = _made(
        "voortgang", subject, Options(versie=options.versie, datum=peil), notes,
        f"voortgang {gid} {jaar}",
    )  # fmt: skip
    if voortgang is not None:
        rows = json.loads(str(voortgang.render("json")))
        if any(r["aanvragen"] for r in rows["rondes"]):
            name = f"voortgang-{jaar}.html"
            page.voortgang[jaar] = name
            files[f"{gid}/{name}"] = _page(
                "voortgang", gebied=page, jaar=jaar, peildatum=peil,
                rondes=_voortgang(dataset, rows), root="../",
                kruimels=_kruimels(page, f"Voortgang {jaar}"),
            )  # fmt: skip


def _voortgang(dataset: Dataset, rows: dict[str, Any]) -> list[dict[str, Any]]:
    """`wijk voortgang --format json` as the page shows it: each application by number and
    title (never its applicant), amounts as Decimal, hours summed."""
    from wijkcli.documents.wording import item_name

    out = []
    for r in rows["rondes"]:
        ronde = dataset.rondes[r["ronde"]]
        items = []
        for a in r["aanvragen"]:
            items.append({
                "aanvraag": item_name(ronde.aanvragen.get(a["aanvraag"]), a["aanvraag"]),
                "status": a["status"],
                "status_datum": _date(a["status_datum"]),
                "toegekend": Decimal(a["toegekend"]) if a["toegekend"] is not None else None,
                "besteed": Decimal(a["besteed"]),
                "terugbetaald": Decimal(a["terugbetaald"]),
                "uren_toegekend": sum(a["uren_toegekend"].values()),
                "uren_gebruikt": sum(a["uren_gebruikt"].values()),
                "te_laat": a["te_laat"],
            })  # fmt: skip
        out.append({"ronde": r["ronde"], "naam": ronde.info.naam, "aanvragen": items})
    return out


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _actiepunten(dataset: Dataset, gid: str, peil: date) -> list[Actiepunt]:
    """Every action point of the gebied's meetings (open and done), oldest deadline first;
    who does it by name."""
    leden = dataset.gebieden[gid].leden_by_id
    out = []
    for rid, r in dataset.rondes.items():
        v = r.vergaderingen.get(gid)
        if v is None:
            continue
        for p in v.actiepunten:
            wie = leden[p.wie].naam if p.wie in leden else p.wie
            late = p.gedaan is None and p.uiterlijk < peil
            out.append(Actiepunt(rid, v.datum, p.wat, wie, p.uiterlijk, p.gedaan, late))
    return sorted(out, key=lambda p: (p.uiterlijk, p.vergadering, p.ronde, p.wat))


def newest_date(dataset: Dataset) -> date:
    """The newest date written anywhere in the data (rounds, minutes, follow-up, wijkplannen):
    the site's peildatum when the command gives none, so the same data gives the same site."""
    found: list[date] = []
    for r in dataset.rondes.values():
        models: list[Any] = [r.ronde, *r.vergaderingen.values(), *r.voortgang.values()]
        for m in models:
            found.extend(_dates(m))
    for g in dataset.gebieden.values():
        for w in g.wijkplannen.values():
            found.extend(_dates(w))
    return max(found, default=date(1970, 1, 1))


def _dates(value: object) -> Iterator[date]:
    """Every date in a file's model (its fields, their lists, dicts and sub-models)."""
    from pydantic import BaseModel

    if isinstance(value, date) and not isinstance(value, datetime):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _dates(getattr(value, name))
    elif isinstance(value, dict):
        for v in value.values():
            yield from _dates(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _dates(v)


# --- pages ------------------------------------------------------------------------------------

Kruimel = tuple[str, str | None]
"""A breadcrumb: its text and its relative link (None: the page itself)."""


def _kruimels_ids(gid: str, naam: str, depth: int) -> list[Kruimel]:
    up = "../" * depth
    return [("Gebieden", f"{up}index.html"), (f"Gebied {naam}", f"{up}{gid}/index.html")]


def _kruimels(page: GebiedPage, title: str | None) -> list[Kruimel]:
    crumbs = _kruimels_ids(page.id, page.naam, 1)
    if title is None:
        return [crumbs[0], (crumbs[1][0], None)]
    return [*crumbs, (title, None)]


def _page(template: str, **context: Any) -> bytes:
    from wijkcli.documents.render import render

    return render(f"site/{template}.html.j2", context).encode("utf-8")


def _nav(kruimels: list[Kruimel]) -> str:
    from wijkcli.documents.render import render

    return render("site/kruimels.html.j2", {"kruimels": kruimels})


def _document(made: Made[Any, Any], kruimels: list[Kruimel]) -> bytes:
    """A registry document as `wijk … --format html` makes it, with the site's navigation as
    the first thing in its body."""
    html = made.render("html")
    assert isinstance(html, str)
    head, sep, rest = html.partition("<body>\n")
    if not sep:
        raise WijkcliError(f"het HTML-sjabloon van '{made.document.name}' heeft geen <body>")
    return (head + sep + _nav(kruimels) + rest).encode("utf-8")


def _event_json(page: RondePage) -> str:
    """The schema.org Event of a meeting as JSON-LD, safe inside <script> (no `<`, `>`, `&`)."""
    start: str = page.start.isoformat() if page.start else page.datum.isoformat()
    event: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": f"{page.naam}: beoordelingsvergadering {page.team}",
        "startDate": start,
    }
    if page.end is not None:
        event["endDate"] = page.end.isoformat()
    event["eventStatus"] = "https://schema.org/EventScheduled"
    event["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    if page.plek:
        event["location"] = {"@type": "Place", "name": page.plek}
    event["organizer"] = {"@type": "Organization", "name": page.team}
    text = json.dumps(event, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
