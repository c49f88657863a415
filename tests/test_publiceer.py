"""`wijk publiceer`: the static site of a data repository.

Built by the real command on a copy of the example: the same data gives the same bytes, every
relative link of every page exists (the site works from file://) and nothing is loaded from
elsewhere, the feed and the calendar read back with feedparser and icalendar, the meeting page
carries a schema.org Event, the minutes appear only once adopted, and no contact data or
name of a resident applicant planted in the data comes out anywhere in the site."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from tests.helpers import AANVRAAG, LEDEN, edit
from wijkcli.cli.app import app

pytestmark = pytest.mark.slow

RONDE_DIR = "szh/ronde-2017-2"


def publish(repo: Path, out: Path, *extra: str) -> dict[str, bytes]:
    result = CliRunner().invoke(app, ["publiceer", "--data", str(repo), "--uit", str(out), *extra])
    assert result.exit_code == 0, result.output
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    from tests.clients import REPO

    tmp = tmp_path_factory.mktemp("site")
    repo = tmp / "repo"
    shutil.copytree(REPO / "data", repo / "data")
    out = tmp / "site"
    return out, publish(repo, out)


def test_the_site_has_every_page(site: tuple[Path, dict[str, bytes]]) -> None:
    _, files = site
    assert sorted(f for f in files if not f.endswith(".wijkcli-uitvoer.json")) == [
        "index.html",
        "szh/actiepunten.html",
        "szh/feed.atom",
        "szh/index.html",
        "szh/jaarverslag-2017.html",
        "szh/ronde-2017-2/advies-ronde-2017-2-szh.html",
        "szh/ronde-2017-2/advies-ronde-2017-2-szh.pdf",
        "szh/ronde-2017-2/agenda-ronde-2017-2-szh.html",
        "szh/ronde-2017-2/index.html",
        "szh/vergaderingen.ics",
        "szh/voortgang-2017.html",
        "szh/wijkplan-2017.html",
    ]
    assert files[f"{RONDE_DIR}/advies-ronde-2017-2-szh.pdf"].startswith(b"%PDF-")
    # The example's minutes are not adopted (no notulen_vastgesteld): no minutes page.
    page = files[f"{RONDE_DIR}/index.html"].decode()
    assert "De notulen komen hier zodra het team ze heeft vastgesteld." in page


def test_besluitenlijst_names_organisations_only(site: tuple[Path, dict[str, bytes]]) -> None:
    _, files = site
    page = files[f"{RONDE_DIR}/index.html"].decode()
    rows = re.findall(r"<tr><td>(A\d\d)</td><td>[^<]*</td><td>([^<]*)</td>.*?<td>([^<]*)</td><td "
                      r'class="bedrag">([^<]*)</td>', page)  # fmt: skip
    assert rows == [
        ("A01", "Stichting Wijkhuiskamer Schothorst (organisatie)", "gedeeltelijk toekennen",
         "€&nbsp;6.500,00"),
        ("A02", "een groep bewoners", "toekennen", "€&nbsp;3.450,00"),
        ("A03", "een groep bewoners", "toekennen", "€&nbsp;4.212,50"),
        ("A04", "een groep bewoners", "toekennen", "€&nbsp;2.750,00"),
        ("A05", "Stichting Sport en Spel Noord (organisatie)", "aanhouden", "€&nbsp;0,00"),
        ("A06", "een groep bewoners", "toekennen", "€&nbsp;1.149,95"),
        ("A07", "een groep bewoners", "afwijzen", "€&nbsp;0,00"),
        ("A08", "Stichting Taalvrienden (organisatie)", "toekennen", "€&nbsp;2.300,00"),
    ]  # fmt: skip


def test_two_builds_are_byte_identical(site: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    from tests.clients import REPO

    _, files = site
    repo = tmp_path / "elders"  # another folder: no path of the build leaks into the site
    shutil.copytree(REPO / "data", repo / "data")
    again = publish(repo, tmp_path / "opnieuw")
    assert again.keys() == files.keys()
    assert [f for f in files if files[f] != again[f]] == []
    # Building into the same folder again changes nothing.
    out, _ = site
    result = CliRunner().invoke(app, ["publiceer", "--data", str(repo), "--uit", str(out)])
    assert result.exit_code == 0 and "0 nieuw of gewijzigd" in result.stderr


class Links(HTMLParser):
    """Every link (`a`, `link` href) and every loaded resource (`src`) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id") is not None:
            self.ids.add(str(a["id"]))
        if a.get("href") is not None:
            (self.loads if tag == "link" else self.hrefs).append(str(a["href"]))
        if a.get("src") is not None:
            self.loads.append(str(a["src"]))


def test_every_relative_link_exists_and_nothing_is_loaded_from_elsewhere(
    site: tuple[Path, dict[str, bytes]],
) -> None:
    out, files = site
    checked = 0
    for rel, content in files.items():
        if not rel.endswith(".html"):
            continue
        page = Links()
        page.feed(content.decode())
        for link in page.hrefs + page.loads:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                assert link not in page.loads, f"{rel} loads {link}"
                continue
            if not parts.path:  # a place on the page itself
                assert parts.fragment in page.ids, f"{rel}: {link}"
                continue
            target = (out / rel).parent / parts.path
            assert target.resolve().is_file(), f"{rel}: {link}"
            assert target.resolve().is_relative_to(out.resolve()), f"{rel}: {link}"
            checked += 1
        text = content.decode()
        assert "@import" not in text and "url(" not in text, rel
    assert checked > 30  # the site's own navigation, at least


def test_the_feed_reads_back_with_feedparser(site: tuple[Path, dict[str, bytes]]) -> None:
    import feedparser

    out, files = site
    feed = feedparser.parse(files["szh/feed.atom"])
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert feed.feed.title == "Bewonersteam SZH: vergaderingen en adviezen"
    assert feed.feed.updated == "2017-04-19T00:00:00+00:00"  # the advice's date, no clock
    [entry] = feed.entries
    assert entry.title == "Subsidieronde 2 (2017) (donderdag 13 april 2017)"
    assert entry.link == "ronde-2017-2/index.html"
    assert (out / "szh" / entry.link).is_file()
    assert entry.summary == (
        "Beoordelingsvergadering van Bewonersteam SZH op donderdag 13 april 2017. Advies over 8 "
        "aanvragen, waarvan 6 (deels) toekennen."
    )
    assert entry.id.startswith("urn:uuid:")


def test_the_calendar_reads_back_with_icalendar(site: tuple[Path, dict[str, bytes]]) -> None:
    from icalendar import Calendar

    _, files = site
    cal = Calendar.from_ical(files["szh/vergaderingen.ics"])
    [event] = cal.walk("VEVENT")
    assert str(event["UID"]) == "ronde-2017-2.szh@wijkcli"
    ams = ZoneInfo("Europe/Amsterdam")
    assert event.decoded("DTSTART") == datetime(2017, 4, 13, 19, 30, tzinfo=ams)
    assert event.decoded("DTEND") == datetime(2017, 4, 13, 21, 45, tzinfo=ams)
    assert str(event["LOCATION"]) == "'t Middelpunt (Zielhorst)"
    assert [str(t["TZID"]) for t in cal.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


def test_meeting_page_has_a_schema_org_event(site: tuple[Path, dict[str, bytes]]) -> None:
    _, files = site
    page = files[f"{RONDE_DIR}/index.html"].decode()
    m = re.search(r'<script type="application/ld\+json">\n(.*?)\n</script>', page, re.S)
    assert m is not None
    assert json.loads(m[1]) == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Subsidieronde 2 (2017): beoordelingsvergadering Bewonersteam SZH",
        "startDate": "2017-04-13T19:30:00+02:00",
        "endDate": "2017-04-13T21:45:00+02:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": "'t Middelpunt (Zielhorst)"},
        "organizer": {"@type": "Organization", "name": "Bewonersteam SZH"},
    }


def test_json_ld_cannot_be_closed_by_a_value_from_the_data() -> None:
    from wijkcli.publish.site import RondePage, _event_json

    page = RondePage("szh", "r", "</script><script>alert(1)</script>", "T & co", date(2017, 4, 13),
                     None, None, "<b>", "openbaar", date(2017, 4, 19))  # fmt: skip
    text = _event_json(page)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script><script>alert(1)</script>")


def test_minutes_are_published_once_adopted(example_dataset) -> None:  # type: ignore[no-untyped-def]
    """The example's minutes are not adopted (no `notulen_vastgesteld`): no minutes page. With
    the date set on the loaded minutes, the page is there and linked."""
    from wijkcli.publish.site import build_site

    files, _ = build_site(example_dataset, versie="test")
    assert not any("notulen" in f for f in files)
    adopted = copy.deepcopy(example_dataset)
    v = adopted.rondes["ronde-2017-2"].vergaderingen["szh"]
    object.__setattr__(v, "notulen_vastgesteld", date(2017, 6, 1))
    files, _ = build_site(adopted, versie="test")
    name = f"{RONDE_DIR}/notulen-ronde-2017-2-szh.html"
    assert name in files
    page = files[f"{RONDE_DIR}/index.html"].decode()
    assert (
        '<a href="notulen-ronde-2017-2-szh.html">Notulen</a>, vastgesteld op donderdag 1 juni 2017'
        in page
    )
    # The feed entry is dated by the adoption, the newest date of what it publishes.
    assert b"<updated>2017-06-01T00:00:00+00:00</updated>" in files["szh/feed.atom"]


CANARIES = [
    "kanarie.lid.q7f3@example.org",
    "0699123987",
    "kanarie.aanvrager.k29x@example.org",
    "0655443322",
    "Kanarie Contactpersoon",
    "Bewonersgroep Kanarievogel",
    "Kanarie Bewonersnaam",
]


def planted(tmp_path: Path) -> Path:
    """A copy of the example with unique contact data and names of resident applicants."""
    from tests.clients import REPO

    repo = tmp_path / "kanarie"
    shutil.copytree(REPO / "data", repo / "data")
    edit(repo, LEDEN, "joke.aldersveld@example.org", CANARIES[0])
    edit(repo, LEDEN, "telefoon: 0612345670", f'telefoon: "{CANARIES[1]}"')
    a06 = "data/rondes/ronde-2017-2/aanvragen/a06-repair-cafe.yaml"
    edit(repo, a06, "repaircafe.schothorst@example.org", CANARIES[2])
    edit(repo, a06, "    naam: Hans Kuipers", f"    naam: {CANARIES[4]}\n    telefoon: "
         f'"{CANARIES[3]}"')  # fmt: skip
    edit(repo, a06, "naam: bewonersgroep Repair Café", f"naam: {CANARIES[5]}")
    a07 = "data/rondes/ronde-2017-2/aanvragen/a07-buurtbarbecue.yaml"
    text = (repo / a07).read_text(encoding="utf-8")
    old = re.search(r"aanvrager:\n  naam: ([^\n]*)\n  soort: (\w+)", text)
    assert old is not None
    edit(repo, a07, old[0], f"aanvrager:\n  naam: {CANARIES[6]}\n  soort: bewoner")
    return repo


def test_no_contact_data_or_resident_applicant_anywhere(tmp_path: Path) -> None:
    repo = planted(tmp_path)
    raw = {f: (repo / f).read_text(encoding="utf-8") for f in (LEDEN, AANVRAAG)}
    assert CANARIES[0] in raw[LEDEN]
    out = tmp_path / "site"
    files = publish(repo, out)
    # The planted data is there and the site is made from it: the rejected resident's
    # application is on the besluitenlijst, as "een bewoner".
    assert "<td>een bewoner</td>" in files[f"{RONDE_DIR}/index.html"].decode()
    texts = {f: c.decode("utf-8", "replace") for f, c in files.items()}
    pdftotext = shutil.which("pdftotext")
    for f, content in files.items():
        if f.endswith(".pdf") and pdftotext is not None:
            done = subprocess.run([pdftotext, "-", "-"], input=content, capture_output=True,
                                  check=True)  # fmt: skip
            texts[f] += done.stdout.decode()
            assert "Repair Café Schothorst" in done.stdout.decode()  # the text is read
    found = [(f, c) for f, t in texts.items() for c in CANARIES if c in t]
    assert found == []
    emails = [(f, m) for f, t in texts.items() for m in re.findall(r"[\w.+-]+@[\w-]+\.\w+", t)]
    assert emails == []


def test_peildatum_is_the_newest_date_in_the_data(example_dataset) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.publish.site import newest_date

    # `grep -r 2018-01-31 data/`: the last payment of the example's follow-up.
    assert newest_date(example_dataset) == date(2018, 1, 31)


# --- the GitHub Pages workflow of a data repository -----------------------------------------

PAGES_WORKFLOW = Path(__file__).resolve().parents[1] / "templates/site/publiceer.yml"


@pytest.mark.clients
def test_pages_workflow_is_valid_for_github_actions(tmp_path: Path) -> None:
    """The template passes check-jsonschema's GitHub workflow schema (as wijk.yml does in
    test_workflow), and the schema catches a broken copy of it."""
    from tests.test_workflow import _tool

    exe = _tool("check-jsonschema")
    args = [exe, "--builtin-schema", "vendor.github-workflows"]
    done = subprocess.run([*args, str(PAGES_WORKFLOW)], capture_output=True, text=True,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    bad = tmp_path / "kapot.yml"
    bad.write_text(PAGES_WORKFLOW.read_text(encoding="utf-8").replace("needs:", "need:"))
    done = subprocess.run([*args, str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode == 1


def test_pages_workflow_publishes_what_wijk_publiceer_writes(tmp_path: Path) -> None:
    """The step that builds the site writes where the artifact is taken from, only on a push
    to main, and only the deploying job may write to Pages."""
    import yaml

    flow = yaml.safe_load(PAGES_WORKFLOW.read_text(encoding="utf-8"))
    assert flow[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # `on:`
    assert flow["permissions"] == {"contents": "read"}
    steps = flow["jobs"]["site"]["steps"]
    [build] = [s["run"] for s in steps if s.get("name") == "Site maken"]
    [upload] = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    uit = build.split("--uit ", 1)[1].strip()
    assert build.startswith("uv run --no-sync wijk publiceer ")
    assert upload["with"]["path"] == uit
    assert flow["jobs"]["online"]["permissions"] == {"pages": "write", "id-token": "write"}
    # The command line of the step works as written (here on the example).
    from tests.clients import REPO

    shutil.copytree(REPO / "data", tmp_path / "data")
    args = build.split("wijk ", 1)[1].split()
    result = CliRunner().invoke(app, [*args[:-1], str(tmp_path / uit), "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / uit / "index.html").is_file()


def test_never_writes_into_the_data(tmp_path: Path) -> None:
    from tests.clients import REPO

    shutil.copytree(REPO / "data", tmp_path / "data")
    result = CliRunner().invoke(
        app, ["publiceer", "--data", str(tmp_path), "--uit", str(tmp_path / "data" / "site")]
    )
    assert result.exit_code == 2 and "schrijft nooit in de gegevens" in result.stderr
    assert not (tmp_path / "data" / "site").exists()


def test_text_from_the_data_stays_text_in_pages_feed_and_calendar(tmp_path: Path) -> None:
    import feedparser
    from icalendar import Calendar

    from tests.clients import REPO

    repo = tmp_path / "lastig"
    shutil.copytree(REPO / "data", repo / "data")
    edit(repo, AANVRAAG, "titel: Huiskamer De Koperhorst",
         "titel: 'Huiskamer </script><b>De \"Koperhorst\"</b> & co'")  # fmt: skip
    edit(repo, "data/rondes/ronde-2017-2/ronde.yaml", "naam: Subsidieronde 2 (2017)",
         "naam: 'Ronde </script><i>2</i> & zo'")  # fmt: skip
    files = publish(repo, tmp_path / "site")
    page = files[f"{RONDE_DIR}/index.html"].decode()
    assert "<td>Huiskamer &lt;/script&gt;&lt;b&gt;De „Koperhorst”&lt;/b&gt; &amp; co</td>" in page
    assert (
        "<title>Ronde &lt;/script&gt;&lt;i&gt;2&lt;/i&gt; &amp; zo, Bewonersteam SZH</title>"
        in page
    )
    script = page.split('<script type="application/ld+json">\n', 1)[1].split("\n</script>", 1)[0]
    assert json.loads(script)["name"].startswith("Ronde </script><i>2</i> & zo")
    [entry] = feedparser.parse(files["szh/feed.atom"]).entries
    assert entry.title.startswith("Ronde </script><i>2</i> & zo (")
    [event] = Calendar.from_ical(files["szh/vergaderingen.ics"]).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Ronde </script><i>2</i> & zo:")


def test_voortgang_names_each_grant_by_number_and_title(
    site: tuple[Path, dict[str, bytes]],
) -> None:
    """What `wijk voortgang szh --format json` says of 2017, per grant by number and title
    (A05 was held, A07 rejected: not granted, not followed up)."""
    _, files = site
    page = files["szh/voortgang-2017.html"].decode()
    rows = re.findall(r'<tr><td>([^<]*)</td><td>([^<]*)</td><td class="bedrag">([^<]*)</td>'
                      r'<td class="bedrag">([^<]*)</td>', page)  # fmt: skip
    assert rows == [
        ("A01 Huiskamer De Koperhorst", "uitgevoerd (17 oktober 2017)", "€&nbsp;6.500,00",
         "€&nbsp;6.350,00"),
        ("A02 Wijkgids SZH 2017 „Wegwijs”", "afgerond (20 november 2017)", "€&nbsp;3.450,00",
         "€&nbsp;3.380,00"),
        ("A03 Samen op Stap", "uitgevoerd (15 december 2017)", "€&nbsp;4.212,50",
         "€&nbsp;3.950,00"),
        ("A04 Muziekcafé &#39;t Middelpunt", "niet-doorgegaan (12 juni 2017)", "€&nbsp;2.750,00",
         "€&nbsp;180,00"),
        ("A06 Repair Café Schothorst", "afgerond (21 oktober 2017)", "€&nbsp;1.149,95",
         "€&nbsp;1.149,95"),
        ("A08 Taalcafé Zielhorst", "afgerond (19 december 2017)", "€&nbsp;2.000,00",
         "€&nbsp;2.000,00"),
    ]  # fmt: skip
    assert '<h2><a href="ronde-2017-2/index.html">Subsidieronde 2 (2017)</a></h2>' in page


@pytest.mark.slow
def test_the_city_overview_on_the_site(example_repo: Path, tmp_path: Path) -> None:
    """`--stad STAD.yaml`: the city overview is on the site as `wijk stad --format html` makes
    it (same peildatum), linked from the front page; without `--stad` there is no such page."""
    city = tmp_path / "stad"
    city.mkdir()
    (city / "STAD.yaml").write_text(
        f"stad: Amersfoort\nrepositories:\n  - naam: szh\n    pad: {example_repo}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    site = tmp_path / "site"
    result = runner.invoke(app, ["publiceer", "--data", str(example_repo), "--uit", str(site),
                                 "--datum", "2018-02-01", "--stad", str(city / "STAD.yaml")])  # fmt: skip
    assert result.exit_code == 0, result.output
    alone = runner.invoke(app, ["stad", str(city / "STAD.yaml"), "--datum", "2018-02-01",
                                "--format", "html"])  # fmt: skip
    assert alone.exit_code == 0, alone.output
    assert (site / "stad.html").read_text(encoding="utf-8") == alone.stdout
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<li><a href="stad.html">Overzicht Amersfoort</a></li>' in index
    plain = tmp_path / "plain"
    result = runner.invoke(app, ["publiceer", "--data", str(example_repo), "--uit", str(plain),
                                 "--datum", "2018-02-01"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert not (plain / "stad.html").exists()
    assert "stad.html" not in (plain / "index.html").read_text(encoding="utf-8")
