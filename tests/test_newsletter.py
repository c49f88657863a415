"""The newsletter section: reviewed golden files, layout limits, privacy, escaping, honest status
wording, the e-mail fragment in a real browser, and `wijk nieuwsbrief`."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
import typer
import yaml

from tests.conftest import console_errors, screenshot_is_blank
from tests.helpers import GEBIED, RONDE, VERGADERING, edit
from wijkcli.cli.app import app as wijk_app
from wijkcli.documents.nieuwsbrief import nieuwsbrief_context, render_nieuwsbrief, wrap_tekst
from wijkcli.pipeline import load_clean

REPO = Path(__file__).resolve().parents[1]
A03 = "data/rondes/ronde-2017-2/aanvragen/a03-samen-op-stap.yaml"
A07 = "data/rondes/ronde-2017-2/aanvragen/a07-buurtbarbecue.yaml"
ADVISED = (
    "Huiskamer De Koperhorst",
    "Wijkgids SZH 2017",
    "Samen op Stap",
    "Muziekcafé",
    "Repair Café Schothorst",
    "Taalcafé Zielhorst",
)
NOT_ADVISED = ("Chill &", "Chill & Skill", "Buurtbarbecue")  # A05 aanhouden, A07 afwijzen
FORMATS = ("html", "tekst")


def section(dataset, fmt: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    ctx = nieuwsbrief_context(dataset.meeting("ronde-2017-2", "szh"), **kwargs)
    return render_nieuwsbrief(ctx, fmt)  # type: ignore[arg-type]


def both(dataset) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {fmt: section(dataset, fmt) for fmt in FORMATS}


class Parsed(HTMLParser):
    """Start tags with their attributes, and the text a reader sees."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.start: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.start.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def visible_text(html: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join("".join(Parsed(html).text).split())


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    return Parsed(html).start


# --- golden files -------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "ext"), [("html", "html"), ("tekst", "txt")])
def test_golden_section(example_dataset, golden, fmt: str, ext: str) -> None:  # type: ignore[no-untyped-def]
    golden(f"szh/nieuwsbrief-ronde-2017-2.{ext}", section(example_dataset, fmt))


def test_section_states_the_expected_results(example_dataset) -> None:  # type: ignore[no-untyped-def]
    out = both(example_dataset)
    text, html = out["tekst"], visible_text(out["html"])
    for body in (" ".join(text.split()), html.replace("\xa0", " ")):
        # Indebuurt033's decision is recorded for all six (voortgang/, 28 April 2017): the
        # section says what it granted, A08 less than advised.
        assert "Subsidieronde 2 (2017): subsidie voor zes initiatieven" in body
        assert "besprak op donderdag 13 april 2017 acht aanvragen" in body
        assert "Op advies van het team kende Indebuurt033 zes initiatieven subsidie toe" in body
        assert "in totaal € 20.062,45" in body
        assert "Huiskamer De Koperhorst: € 6.500,00 (een deel van de aanvraag)" in body
        assert "Repair Café Schothorst: € 1.149,95" in body
        assert "Taalcafé Zielhorst: € 2.000,00 (een deel van de aanvraag)" in body
        assert "Twee andere aanvragen kregen (nog) geen subsidie" in body
        assert "Indebuurt033 beslist. Dat besluit viel op vrijdag 28 april 2017." in body
        assert "blijft volgens het advies € 1.637,55 over" in body
        assert "Wijknetwerk Zielhorst: dinsdag 23 mei 2017, 19.30-21.30 uur, 't Middelpunt" in body
    assert "\nhttps://example.invalid/szh\n" in text
    assert 'href="https://example.invalid/szh"' in out["html"]


def test_length_is_a_newsletter_section(example_dataset) -> None:  # type: ignore[no-untyped-def]
    """About 100-250 words (the length of a newsletter section), in both forms."""
    out = both(example_dataset)
    for words in (len(out["tekst"].split()), len(visible_text(out["html"]).split())):
        assert 100 <= words <= 250


# --- layout limits ------------------------------------------------------------------------------


def test_text_lines_fit_72_columns(example_dataset) -> None:  # type: ignore[no-untyped-def]
    text = section(example_dataset, "tekst")
    assert all(len(line) <= 72 for line in text.splitlines()), text
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\xa0" not in text  # plain text uses a normal space
    lines = text.splitlines()
    assert lines[1] == "=" * len(lines[0])
    kop = lines.index("Volgende bijeenkomst")
    assert lines[kop + 1] == "-" * len("Volgende bijeenkomst")


def test_html_is_a_mail_fragment(example_dataset) -> None:  # type: ignore[no-untyped-def]
    html = section(example_dataset, "html")
    lowered = html.lower()
    for forbidden in ("<style", "<html", "<head", "<body", "<script", "<!doctype", "<link"):
        assert forbidden not in lowered
    assert len(html.encode("utf-8")) < 10_000  # far under Gmail's ~102 kB clipping
    found = tags(html)
    assert [t for t, _ in found].count("table") == 1
    tag, attrs = found[0]
    assert tag == "table" and attrs["role"] == "presentation" and attrs["width"] == "100%"
    assert "max-width:600px" in (attrs["style"] or "")
    for tag, attrs in found:
        assert attrs.get("style"), f"<{tag}> has no inline style"
        assert "url(" not in (attrs.get("style") or "")  # no background images
    for _, attrs in found:
        for key in ("href", "src"):
            if key in attrs:
                assert (attrs[key] or "").startswith("https://")
    assert "&nbsp;" in html and "€&nbsp;20.062,45" in html


# --- privacy ------------------------------------------------------------------------------------


def _yaml_values(node: object, keys: set[str]) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k in keys and isinstance(v, dict):
                found.update(str(x) for x in v.values() if x)
            elif k in keys and v:
                found.add(str(v))
            found |= _yaml_values(v, keys)
    elif isinstance(node, list):
        for v in node:
            found |= _yaml_values(v, keys)
    return found


def test_only_advised_items_are_named(example_dataset) -> None:  # type: ignore[no-untyped-def]
    for fmt, out in both(example_dataset).items():
        for title in ADVISED:
            assert title in out.replace("&#39;", "'"), (fmt, title)
        for title in NOT_ADVISED:
            assert title not in out and title.replace("&", "&amp;") not in out, (fmt, title)


def test_no_applicants_members_or_contact_data(example_dataset) -> None:  # type: ignore[no-untyped-def]
    private: set[str] = set()
    for path in (REPO / "data").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        private |= _yaml_values(data, {"contact", "email", "telefoon"})
    leden = yaml.safe_load((REPO / "data/gebieden/szh/leden.yaml").read_text("utf-8"))["leden"]
    private |= {lid["naam"] for lid in leden}
    for path in (REPO / "data/rondes/ronde-2017-2/aanvragen").glob("*.yaml"):
        private.add(yaml.safe_load(path.read_text("utf-8"))["aanvrager"]["naam"])
    assert "e.vonk@example.org" in private and "Esther Vonk" in private and "drie buren" in private
    for out in both(example_dataset).values():
        decoded = out.replace("&#39;", "'")
        assert not [p for p in private if p in decoded]
        assert "@" not in out


def test_rejected_private_person_is_never_named(example_repo: Path) -> None:
    edit(
        example_repo,
        A07,
        "naam: drie buren\n  soort: groep",
        "naam: Bart Buurman\n  soort: bewoner",
    )
    dataset, _ = load_clean(example_repo)
    assert (
        dataset.rondes["ronde-2017-2"].aanvragen["a07-buurtbarbecue"].aanvrager.soort == "bewoner"
    )
    for out in both(dataset).values():
        assert "Buurtbarbecue" not in out and "Bart Buurman" not in out
        assert "Esther Vonk" not in out and "0612345673" not in out


def test_advised_private_person_is_named_by_title_only(example_repo: Path) -> None:
    edit(
        example_repo,
        A03,
        "naam: vrijwilligersgroep Samen op Stap\n  soort: groep",
        "naam: Wilma Goedhart\n  soort: bewoner",
    )
    dataset, _ = load_clean(example_repo)
    for out in both(dataset).values():
        assert "Samen op Stap" in out and "Wilma Goedhart" not in out


# --- escaping -----------------------------------------------------------------------------------


HOSTILE = "<script>alert(1)</script> {{ 7*7 }}"


def test_user_text_is_inert(example_repo: Path) -> None:
    edit(example_repo, A03, "titel: Samen op Stap", f'titel: "{HOSTILE}"')
    edit(
        example_repo, GEBIED, "naam: Wijknetwerk Zielhorst", 'naam: "Wijknetwerk <b>{{ 7*7 }}</b>"'
    )
    dataset, _ = load_clean(example_repo)
    html = section(dataset, "html")
    assert "<script" not in html.lower() and "<b>" not in html
    assert "{{" not in html and "}}" not in html
    assert not re.search(r"\b49\b", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#123;&#123; 7*7 &#125;&#125;" in html
    assert HOSTILE in visible_text(html)
    text = section(dataset, "tekst")
    # Literal, not evaluated, not escaped; only the merge tag is broken up (issue 20.7).
    assert "* <script>alert(1)</script> { { 7*7 } }: € 4.212,50" in text
    assert "Wijknetwerk <b>{ { 7*7 } }</b>: dinsdag" in text
    assert not re.search(r"\b49\b", text)


def test_user_text_cannot_make_headings_or_bullets(example_repo: Path) -> None:
    edit(example_repo, A03, "titel: Samen op Stap", 'titel: "# Kop\\n* punt https://x.invalid"')
    dataset, _ = load_clean(example_repo)
    text = section(dataset, "tekst")
    assert "* # Kop * punt https://x.invalid: € 4.212,50" in text
    assert "\n# Kop" not in text and "\n* punt" not in text


def test_only_absolute_http_links(example_repo: Path) -> None:
    edit(
        example_repo, GEBIED, "website: https://example.invalid/szh", "website: javascript:alert(1)"
    )
    dataset, _ = load_clean(example_repo)
    html = section(dataset, "html")
    assert "javascript" not in html
    assert 'href="https://example.invalid/szh/nieuwsbrief"' in html
    assert "Lees verder bij Nieuwsbrief SZH" in html


# --- honest status wording and the next meeting -------------------------------------------------


def test_says_advised_not_granted_until_every_decision_is_recorded(example_repo: Path) -> None:
    # Indebuurt033's decision on A06 is not recorded: the section speaks of the advice only.
    (example_repo / "data/rondes/ronde-2017-2/voortgang/a06-repair-cafe.yaml").unlink()
    dataset, _ = load_clean(example_repo)
    for fmt, out in both(dataset).items():
        body = " ".join(out.split()) if fmt == "tekst" else visible_text(out).replace("\xa0", " ")
        assert "positief advies voor zes initiatieven" in body
        assert "in totaal € 20.362,45" in body  # the advised amounts, A08 € 2.300,00
        assert "adviseerde Indebuurt033" in body
        assert "Indebuurt033 beslist. Dat besluit stond gepland voor vrijdag 28 april 2017" in body
        for claim in ("kende", "toegekend", "krijgen steun", "kregen steun"):
            assert claim not in body


def test_decision_still_ahead_before_besluit_verwacht(example_dataset) -> None:  # type: ignore[no-untyped-def]
    text = section(example_dataset, "tekst", datum=date(2017, 4, 20))
    assert "Dat besluit volgt naar verwachting op vrijdag 28 april 2017." in " ".join(text.split())
    assert "stond gepland" not in text


def test_a_decision_dated_after_publication_is_not_used_yet(example_dataset) -> None:  # type: ignore[no-untyped-def]
    before = " ".join(section(example_dataset, "tekst", datum=date(2017, 4, 27)).split())
    assert "positief advies voor zes initiatieven" in before
    assert "Taalcafé Zielhorst: € 2.300,00" in before and "kende" not in before
    on_the_day = " ".join(section(example_dataset, "tekst", datum=date(2017, 4, 28)).split())
    assert "subsidie voor zes initiatieven" in on_the_day
    assert "Taalcafé Zielhorst: € 2.000,00 (een deel van de aanvraag)" in on_the_day
    assert "Dat besluit viel op vrijdag 28 april 2017." in on_the_day


def test_next_meeting_on_or_after_publication(example_dataset) -> None:  # type: ignore[no-untyped-def]
    ctx = nieuwsbrief_context(
        example_dataset.meeting("ronde-2017-2", "szh"), datum=date(2017, 5, 23)
    )
    assert [m["datum"] for m in ctx["bijeenkomsten"]] == [date(2017, 5, 23)]
    later = nieuwsbrief_context(
        example_dataset.meeting("ronde-2017-2", "szh"), datum=date(2017, 5, 24)
    )
    assert later["bijeenkomsten"] == []
    text = render_nieuwsbrief(later, "tekst")
    assert "Volgende bijeenkomst" not in text and "Iedereen is welkom" not in text


def test_next_meeting_per_network_sorted(example_repo: Path) -> None:
    edit(
        example_repo,
        GEBIED,
        "      bijeenkomsten: []",
        "      bijeenkomsten:\n"
        "        - {datum: 2017-06-20, begin: '20:00'}\n"
        "        - {datum: 2017-05-16, begin: '19:30', eind: '21:00', plek: Het Klooster}\n"
        "        - {datum: 2017-05-01, begin: '19:30'}",
    )
    dataset, _ = load_clean(example_repo)
    text = " ".join(section(dataset, "tekst").split())
    assert "Volgende bijeenkomsten" in text
    assert (
        "* Wijkraad Schothorst: dinsdag 16 mei 2017, 19.30-21.00 uur, Het Klooster "
        "* Wijknetwerk Zielhorst: dinsdag 23 mei 2017" in text
    )
    assert "1 mei 2017" not in text and "20 juni" not in text


def keep_besluiten(repo: Path, *prefixes: str) -> None:
    """Keep only the decisions on these applications in the minutes (others: not discussed)."""
    path = repo / VERGADERING
    head, _, body = path.read_text(encoding="utf-8").partition("\nbesluiten:\n")
    blocks = re.split(r"(?m)^(?=  [a-z0-9-]+:\n)", body)
    kept = "".join(b for b in blocks if b.startswith(tuple(f"  {p}" for p in prefixes)))
    head = head.replace("vertrokken:\n  ahmet-yildiz: a08-taalcafe\n", "")
    path.write_text(f"{head}\nbesluiten:\n{kept}", encoding="utf-8")


@pytest.mark.parametrize(
    ("keep", "expected", "absent"),
    [
        (
            ("a05-", "a07-"),
            [
                "Subsidieronde 2 (2017): advies over twee aanvragen",
                "besprak op donderdag 13 april 2017 twee aanvragen",
                "Het team gaf geen van de aanvragen een positief advies.",
            ],
            ["andere", "€ 0,00", "Chill", "Buurtbarbecue", "positief advies voor"],
        ),
        (
            ("a05-", "a06-", "a07-"),
            [
                "Subsidieronde 2 (2017): subsidie voor één initiatief",
                "kende Indebuurt033 één initiatief subsidie toe: * Repair Café Schothorst: "
                "€ 1.149,95",
                "Twee andere aanvragen kregen (nog) geen subsidie.",
            ],
            ["in totaal", "Buurtbarbecue", "Chill", "positief advies"],
        ),
    ],
)
def test_wording_follows_the_counts(
    example_repo: Path, keep: tuple[str, ...], expected: list[str], absent: list[str]
) -> None:
    keep_besluiten(example_repo, *keep)
    dataset, _ = load_clean(example_repo)
    for fmt, out in both(dataset).items():
        body = " ".join(out.split()) if fmt == "tekst" else visible_text(out).replace("\xa0", " ")
        for phrase in expected:
            assert phrase.replace("* ", "" if fmt == "html" else "* ") in body, (fmt, phrase)
        for phrase in absent:
            assert phrase not in body, (fmt, phrase)


def test_no_minutes_is_an_error(example_repo: Path) -> None:
    from wijkcli.problems import WijkcliError

    (example_repo / VERGADERING).unlink()
    dataset, _ = load_clean(example_repo)
    with pytest.raises(WijkcliError, match="nog geen besluiten"):
        nieuwsbrief_context(dataset.meeting("ronde-2017-2", "szh"))


# --- the text layout ----------------------------------------------------------------------------


def test_wrap_keeps_urls_amounts_and_times_whole() -> None:
    url = "https://example.invalid/" + "heel-lang-pad/" * 6
    words = "woord " * 11
    out = wrap_tekst(
        f"# Kop\n\n{words}€ 1.250,50 en {words}om 21.30 uur\nin 't Middelpunt.\n{url}\n* {words}{words}\n"
    )
    lines = out.splitlines()
    assert lines[:3] == ["Kop", "===", ""]
    assert url in lines  # on its own line, never broken, even past 72 columns
    assert "€ 1.250,50" in out.replace("\n", "|") and "21.30 uur" in out.replace("\n", "|")
    assert "'t Middelpunt" in out
    bullet = lines[lines.index(url) + 1 :]
    assert bullet[0].startswith("* ") and all(x.startswith("  ") for x in bullet[1:])
    assert all(len(x) <= 72 for x in lines if x != url)


# --- the fragment in a real browser -------------------------------------------------------------


@pytest.mark.clients
def test_fragment_renders_in_chromium(example_dataset, browser, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fragment = section(example_dataset, "html")
    page = tmp_path / "mail.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{fragment}</body></html>",
        encoding="utf-8",
    )
    log, shot = browser(page)
    assert console_errors(log) == []
    # Stricter than console_errors: Chromium logs console.error() at INFO level, so a clean
    # page (no scripts, no resources) must log no console line at all.
    assert [line for line in log.splitlines() if "CONSOLE" in line] == []
    assert shot.exists() and not screenshot_is_blank(shot)


# --- the command --------------------------------------------------------------------------------


@pytest.fixture
def app() -> typer.Typer:
    """The real `wijk` app, so the tests also cover how the command is wired in."""
    return wijk_app


def test_cli_writes_the_section(app, runner, example_repo: Path, example_dataset) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuwsbrief", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == section(example_dataset, "html")
    result = runner.invoke(
        app,
        ["nieuwsbrief", "ronde-2017-2", "--gebied", "szh", "--format", "tekst",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout == section(example_dataset, "tekst")


def test_cli_help(app, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuwsbrief", "--help"])
    assert result.exit_code == 0
    assert "Voorbeeld: wijk nieuwsbrief ronde-2017-2" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ronde-2099-1"], 2, "ronde 'ronde-2099-1' bestaat niet"),
        (["ronde-2017-2", "--gebied", "xyz"], 2, "gebied 'xyz' bestaat niet in data/gebieden"),
        (["ronde-2017-2", "--format", "pdf"], 2, "pdf"),
    ],
)
def test_cli_errors(
    app, runner, example_repo: Path, args: list[str], code: int, message: str
) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuwsbrief", *args, "--data", str(example_repo)])
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_cli_refuses_on_data_errors(app, runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    edit(example_repo, RONDE, "bekendmaking: 2017-05-11", "bekendmaking: 11 mei")
    result = runner.invoke(app, ["nieuwsbrief", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "fouten" in result.stderr


@pytest.mark.slow
def test_cli_uit_never_overwrites_a_hand_edited_file(
    app, runner, example_repo: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "nieuwsbrief"
    out.mkdir()
    args = ["nieuwsbrief", "ronde-2017-2", "--format", "tekst", "--uit", str(out),
            "--data", str(example_repo)]  # fmt: skip
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    target = out / "nieuwsbrief-ronde-2017-2-szh.txt"
    written = target.read_text(encoding="utf-8")
    assert "Geschreven" in first.stderr and first.stdout == ""
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "Ongewijzigd" in again.stderr
    target.write_text(written + "Aangepast door de redactie.\n", encoding="utf-8")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8").endswith("Aangepast door de redactie.\n")
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert target.read_text(encoding="utf-8") == written
