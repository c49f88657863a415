"""The meeting itself: agenda pack, minutes scaffold, new minutes fields, notulen, action points
and proxy votes (issue #17)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, RONDE, VERGADERING, edit
from wijkcli.cli.app import app
from wijkcli.count.ledger import tally
from wijkcli.documents.agenda import agenda_context
from wijkcli.documents.notulen import notulen_context
from wijkcli.documents.render import render
from wijkcli.pipeline import check_repo, load_clean

BASELINE = {  # the example's own warnings, outside the minutes
    ("data/beoordelingen/sbi-aanbesteding-2016/formulieren/f21.yaml", "missing-score"),
    ("data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml", "too-few-scores"),
    ("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", "hours-used-above-granted"),
    ("data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml", "hours-used-above-granted"),
}
ITEMS = ["a01-huiskamer", "a02-wijkgids", "a03-samen-op-stap", "a04-muziekcafe",
         "a05-chill-en-skill", "a06-repair-cafe", "a07-buurtbarbecue", "a08-taalcafe"]  # fmt: skip
A03_VOOR_END = "        - sjoerd-de-bruijn-oosterveld\n      tegen: []\n      onthouding: []\n  a04"
A08_TEGEN = "      tegen:\n        - marieke-dorrestein\n"


def problems(repo: Path, datum=None) -> set[tuple[str, int, int, str, str]]:  # type: ignore[no-untyped-def]
    """Every problem as (path, line, column, code, severity) except the example's baseline."""
    _, found = check_repo(repo, datum)
    out = set()
    for p in found:
        assert p.location is not None
        if (p.location.path, p.code) in BASELINE:
            continue
        out.add((p.location.path, p.location.line, p.location.column, p.code, p.severity.value))
    return out


def line_of(repo: Path, rel: str, needle: str) -> int:
    text = (repo / rel).read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


# --- agenda --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_agenda(example_dataset, golden, fmt: str) -> None:  # type: ignore[no-untyped-def]
    ctx = agenda_context(example_dataset.meeting("ronde-2017-2", "szh"))
    golden(f"szh/agenda-ronde-2017-2.{fmt}", render(f"agenda.{fmt}.j2", ctx))


def test_agenda_marks_late_applications(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    edit(example_repo, "data/rondes/ronde-2017-2/aanvragen/a08-taalcafe.yaml",
         "ingediend: 2017-03-28", "ingediend: 2017-04-02")  # fmt: skip
    result = runner.invoke(app, ["agenda", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    assert "   - A08 Taalcafé Zielhorst (te laat ingediend)\n" in result.stdout
    assert "   - A07 Buurtbarbecue Hoefkwartier\n" in result.stdout
    assert "Te laat ingediend (na 31 maart 2017): A08." in result.stdout
    assert result.stdout.count("(te laat ingediend)") == 2  # the agenda and the summary


def test_agenda_names_who_will_not_vote(example_dataset) -> None:  # type: ignore[no-untyped-def]
    text = render("agenda.md.j2", agenda_context(example_dataset.meeting("ronde-2017-2", "szh")))
    a02 = text[text.index("### A02") : text.index("### A03")]
    assert "- Tineke van 't Zand heeft een persoonlijk belang en stemt niet mee." in a02
    assert "persoonlijk belang" not in text[text.index("### A03") : text.index("### A06")]


def _private_values(repo: Path) -> set[str]:
    values = set()
    for path in (repo / "data").rglob("*.yaml"):
        for m in re.finditer(r"(?:email|telefoon): *(\S+)", path.read_text(encoding="utf-8")):
            values.add(m[1].strip("\"'"))
    return values


@pytest.mark.parametrize("command", ["agenda", "notulen"])
@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_contact_data(example_repo: Path, runner, command: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    private = _private_values(example_repo)
    assert len(private) > 10
    result = runner.invoke(
        app, [command, "ronde-2017-2", "--format", fmt, "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    assert [v for v in private if v in result.stdout] == []
    assert "Stichting Wijkhuiskamer Schothorst" in result.stdout  # organisations by name
    assert "Buurtbarbecue" in result.stdout


# --- the scaffold --------------------------------------------------------------------------


@pytest.fixture
def without_minutes(example_repo: Path) -> Path:
    (example_repo / VERGADERING).unlink()
    return example_repo


@pytest.mark.slow
def test_scaffold_is_work_in_progress(without_minutes: Path, runner) -> None:  # type: ignore[no-untyped-def]
    repo = without_minutes
    result = runner.invoke(
        app, ["nieuw", "vergadering", "ronde-2017-2", "szh", "--data", str(repo)]
    )
    assert result.exit_code == 0, result.output
    text = (repo / VERGADERING).read_text(encoding="utf-8")
    assert "datum: 2017-04-13\n" in text
    assert "  - anneloes-verhagen   # Anneloes Verhagen\n" in text
    # Professionals (no vote) after the voters, under a comment, to strike who was not there.
    advisers = text.index("  # professionals, met adviserende stem (haal weg wie er niet was)\n")
    assert text.index("  - mirjam-lagerweij   # Mirjam Lagerweij\n") > advisers
    assert text.index("  - anneloes-verhagen   # Anneloes Verhagen\n") < advisers
    assert re.findall(r"^  ([a-z0-9-]+):$", text, re.MULTILINE) == ITEMS
    a02 = text[text.index("  a02-wijkgids:") : text.index("  a03-samen-op-stap:")]
    assert "# persoonlijk belang, stemt niet mee: tineke-van-t-zand" in a02
    expected = {
        (VERGADERING, line_of(repo, VERGADERING, f"  {aid}:"), 3, "unfinished-item", "waarschuwing")
        for aid in ITEMS
    }
    # Before the meeting decides, A05's 80 hours of the youth worker (60 free) is a warning.
    a05 = "data/rondes/ronde-2017-2/aanvragen/a05-chill-en-skill.yaml"
    expected.add((a05, 33, 20, "hours-asked-exceed", "waarschuwing"))
    assert problems(repo) == expected


def test_scaffold_never_overwrites(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    before = (example_repo / VERGADERING).read_bytes()
    result = runner.invoke(
        app, ["nieuw", "vergadering", "ronde-2017-2", "szh", "--data", str(example_repo)]
    )
    assert result.exit_code == 1
    assert "bestaat al; wijkcli overschrijft het niet" in result.output
    assert (example_repo / VERGADERING).read_bytes() == before


@pytest.mark.slow
def test_scaffold_refuses_bad_ids(without_minutes: Path, runner) -> None:  # type: ignore[no-untyped-def]
    for args, said in ((["ronde-2017-2", "Noord"], "gebied 'Noord' is geen geldige id"),
                       (["ronde-2017-2", "noord"], "gebied 'noord' bestaat niet in data/gebieden"),
                       (["ronde-9", "szh"], "ronde 'ronde-9' bestaat niet")):  # fmt: skip
        result = runner.invoke(app, ["nieuw", "vergadering", *args, "--data", str(without_minutes)])
        assert result.exit_code == 2  # a mistake on the command line
        assert said in result.output
    assert not (without_minutes / VERGADERING).exists()


@pytest.mark.slow
def test_advies_refuses_unfinished_minutes(without_minutes: Path, runner) -> None:  # type: ignore[no-untyped-def]
    repo = without_minutes
    runner.invoke(app, ["nieuw", "vergadering", "ronde-2017-2", "szh", "--data", str(repo)])
    # Finish every item but A05 and A07 (a proposal and a vote).
    text = (repo / VERGADERING).read_text(encoding="utf-8")
    for aid in ITEMS:
        if aid in ("a05-chill-en-skill", "a07-buurtbarbecue"):
            continue
        start = text.index(f"  {aid}:")
        part = text[start:]
        part = part.replace("    voorstel:   #", "    voorstel: afwijzen   #", 1)
        part = part.replace("      voor: []", "      voor: [joke-aldersveld]", 1)
        text = text[:start] + part
    (repo / VERGADERING).write_text(text, encoding="utf-8")
    kinds = {(code, sev) for *_, code, sev in problems(repo)}
    # One vote per finished item: the others present are named (missing-votes), a warning too;
    # A05 (asking more hours than are free) is not decided yet, so its warning stays.
    assert kinds == {("unfinished-item", "waarschuwing"), ("missing-votes", "waarschuwing"),
                     ("hours-asked-exceed", "waarschuwing")}  # fmt: skip
    result = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(repo)])
    assert result.exit_code == 1
    assert "nog niet af: a05-chill-en-skill en a07-buurtbarbecue hebben nog geen voorstel" in (
        " ".join(result.output.split())
    )


def test_scaffold_comments_cannot_become_yaml(without_minutes: Path, runner) -> None:  # type: ignore[no-untyped-def]
    # The reader refuses tabs and U+2028 in a value (control-character); a newline it keeps.
    edit(without_minutes, AANVRAAG, "titel: Huiskamer De Koperhorst",
         'titel: "Huiskamer De Koperhorst # x\\nvoorstel: toekennen"')  # fmt: skip
    result = runner.invoke(
        app, ["nieuw", "vergadering", "ronde-2017-2", "szh", "--data", str(without_minutes)]
    )
    text = (without_minutes / VERGADERING).read_text(encoding="utf-8")
    a01 = text[text.index("  a01-huiskamer:") : text.index("  a02-wijkgids:")]
    assert a01.count("voorstel:") == 2  # the title in the comment, and the real key
    assert "\n    voorstel:   #" in a01
    assert result.exit_code == 0, result.output


# --- the new minutes fields -----------------------------------------------------------------


def test_example_minutes_are_clean(example_repo: Path) -> None:
    assert problems(example_repo) == set()


def test_minutes_without_the_new_fields_stay_valid(example_repo: Path) -> None:
    path = example_repo / VERGADERING
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("\nopening:")] + "\n"
    text = re.sub(r"    toelichting: .*\n", "", text)
    text = re.sub(r"    bespreking:\n(      - .*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    assert "bespreking" not in text and "actiepunten" not in text
    assert problems(example_repo) == set()


def test_new_fields_are_checked_at_their_line(example_repo: Path) -> None:
    repo = example_repo
    l1, c1 = edit(repo, VERGADERING, "    wie: fatima-el-amrani", "    wie: fatima-elamrani")
    l2, c2 = edit(repo, VERGADERING, "    uiterlijk: 2017-05-11", "    uiterlijk: 2017-04-01")
    l3, c3 = edit(repo, VERGADERING, "  - lid: priya-ramdin", "  - lid: priya")
    l4, c4 = edit(repo, VERGADERING, "sluiting: 21:40", "sluiting: 19:00")
    l5, c5 = edit(repo, VERGADERING, "volgende_vergadering: 2017-07-13",
                  "volgende_vergadering: 2017-04-13")  # fmt: skip
    assert problems(repo) == {
        (VERGADERING, l1, c1 + 9, "unknown-member", "fout"),
        (VERGADERING, l2, c2 + 15, "date-order", "fout"),
        (VERGADERING, l3, c3 + 9, "unknown-member", "fout"),
        (VERGADERING, l4, c4 + 10, "time-order", "fout"),
        (VERGADERING, l5, c5 + 22, "date-order", "fout"),
    }
    _, found = check_repo(repo)
    messages = {p.code: p.message for p in found if p.location and p.location.line == l4}
    assert messages["time-order"] == "de sluiting (19:00) is niet na de opening (19:30)"


def test_action_point_dates_are_real_dates(example_repo: Path) -> None:
    line, col = edit(example_repo, VERGADERING, "    gedaan: 2017-04-26", "    gedaan: 2017-04-31")
    assert problems(example_repo) == {(VERGADERING, line, col + 12, "invalid-value", "fout")}


def test_unknown_key_in_an_action_point(example_repo: Path) -> None:
    line, _ = edit(example_repo, VERGADERING, "    uiterlijk: 2017-05-15",
                     "    uiterlijk: 2017-05-15\n    klaar: ja")  # fmt: skip
    assert problems(example_repo) == {(VERGADERING, line + 1, 5, "unknown-key", "fout")}


# --- notulen ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_notulen(example_dataset, golden, fmt: str) -> None:  # type: ignore[no-untyped-def]
    ctx = notulen_context(example_dataset.meeting("ronde-2017-2", "szh"))
    golden(f"szh/notulen-ronde-2017-2.{fmt}", render(f"notulen.{fmt}.j2", ctx))


def to_secret(repo: Path) -> None:
    """Make the example a secret ballot: every list of names becomes its count."""
    path = repo / VERGADERING

    def count(m: re.Match[str]) -> str:
        body = m[2]
        if body.startswith("\n"):
            n = body.count("- ")
        else:
            n = len([x for x in body.strip()[1:-1].split(",") if x.strip()])
        return f"{m[1]}: {n}\n"

    pattern = r"(      voor|      tegen|      onthouding):((?:\n        - .*)+|\s*\[.*\])\n"
    path.write_text(re.sub(pattern, count, path.read_text(encoding="utf-8")), encoding="utf-8")
    edit(repo, RONDE, "stemming: openbaar", "stemming: geheim")


def test_notulen_secret_ballot_gives_only_counts(example_repo: Path) -> None:
    to_secret(example_repo)
    dataset, _ = load_clean(example_repo)
    out = render("notulen.md.j2", notulen_context(dataset.meeting("ronde-2017-2", "szh")))
    a01 = out[out.index("### A01") : out.index("### A02")]
    assert "- Stemming (geheim): 8 voor, 2 tegen, 1 onthouding (11 leden aanwezig).\n" in a01
    assert "Henk-Jan Bosveld" not in out[out.index("## 3.") : out.index("## 4.")]


def test_notulen_without_minutes(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    (example_repo / VERGADERING).unlink()
    result = runner.invoke(app, ["notulen", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 1
    assert "wijk nieuw vergadering ronde-2017-2 szh" in result.output


# --- action points --------------------------------------------------------------------------


@pytest.mark.slow
def test_check_datum_warns_about_overdue_action_points(example_repo: Path) -> None:
    from datetime import date

    first = line_of(example_repo, VERGADERING, "    uiterlijk: 2017-05-15")
    third = line_of(example_repo, VERGADERING, "    uiterlijk: 2017-05-11")
    assert problems(example_repo) == set()
    assert problems(example_repo, date(2017, 5, 11)) == set()  # due that day: not overdue
    assert problems(example_repo, date(2017, 5, 12)) == {
        (VERGADERING, third, 16, "overdue-action", "waarschuwing")
    }
    # The one done on 26 April is never overdue.
    assert problems(example_repo, date(2018, 1, 1)) == {
        (VERGADERING, first, 16, "overdue-action", "waarschuwing"),
        (VERGADERING, third, 16, "overdue-action", "waarschuwing"),
    }


def test_check_datum_on_the_command_line(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--datum", "2017-05-12", "--format", "parsable",
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 0
    assert "overdue-action" in result.stdout
    assert runner.invoke(app, ["check", "--datum", "12-05-2017"]).exit_code == 2


def test_actiepunten_lists_open_points_and_marks_overdue(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["actiepunten", "szh", "--datum", "2017-05-12", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Open actiepunten op 12 mei 2017"
    rows = [line for line in lines if line.startswith("szh ")]
    assert len(rows) == 2
    assert "Oproep voor een bewonerslid" in rows[0] and rows[0].endswith("over tijd !")
    assert "Jongerenwerk vragen" in rows[1] and not rows[1].endswith("!")
    assert "Fatima el Amrani" in rows[1]
    assert "Chill & Skill" not in result.stdout  # done
    assert lines[-1] == "2 open, waarvan 1 over tijd ('!')."
    unknown = runner.invoke(app, ["actiepunten", "noord", "--data", str(example_repo)])
    assert unknown.exit_code == 2 and "gebied 'noord' bestaat niet" in unknown.output


# --- proxy votes -----------------------------------------------------------------------------


def allow_proxies(repo: Path, rule: str = "volmacht: true") -> None:
    edit(repo, RONDE, "regels:\n", f"regels:\n  {rule}\n")


def add_proxies(repo: Path, proxies: dict[str, str]) -> int:
    """Append `volmachten:` to the minutes; returns its line."""
    path = repo / VERGADERING
    text = path.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    text += "volmachten:\n" + "".join(f"  {g}: {h}\n" for g, h in proxies.items())
    path.write_text(text, encoding="utf-8")
    return line


def vote_a03(repo: Path, lid: str) -> int:
    """Add a vote for A03 by `lid`; returns the line of that vote."""
    new = A03_VOOR_END.replace("      tegen", f"        - {lid}\n      tegen")
    line, _ = edit(repo, VERGADERING, A03_VOOR_END, new)
    return line + 1


def item(repo: Path, aid: str):  # type: ignore[no-untyped-def]
    dataset, _ = load_clean(repo)
    result = tally(dataset.meeting("ronde-2017-2", "szh"))
    return next(i for i in result.items if i.aanvraag_id == aid), dataset


def test_proxy_vote_counts_but_not_for_the_quorum(example_repo: Path) -> None:
    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld"})
    vote_a03(example_repo, "anneloes-verhagen")
    assert problems(example_repo) == set()
    a03, dataset = item(example_repo, "a03-samen-op-stap")
    assert (a03.voor, a03.present) == (12, 11)  # a vote, but not present
    assert a03.namens == (("joke-aldersveld", "anneloes-verhagen"),)
    # The proxy is said once per meeting; the vote line adds up: 11 present + 1 by proxy = 12.
    letter = render("adviesbrief.md.j2", _letter(dataset))
    assert letter.count("volmacht aan") == 1
    assert "- Anneloes Verhagen gaf een volmacht aan Joke Aldersveld.\n" in letter
    a03_letter = letter[letter.index("### A03") : letter.index("### A04")]
    assert (
        "- Stemming: 12 voor, 0 tegen, 0 onthoudingen (11 leden aanwezig, 1 stem bij "
        "volmacht); aangenomen, unaniem.\n" in a03_letter
    )
    assert letter.count("bij volmacht") == 1  # only A03 had a vote by proxy
    notulen = render("notulen.md.j2", notulen_context(dataset.meeting("ronde-2017-2", "szh")))
    a03_text = notulen[notulen.index("### A03") : notulen.index("### A04")]
    assert "- Stemming (11 leden aanwezig, 1 stem bij volmacht):\n" in a03_text
    assert "Anneloes Verhagen (bij volmacht)" in a03_text
    assert notulen.count("volmacht aan") == 1
    assert "- Anneloes Verhagen gaf een volmacht aan Joke Aldersveld.\n" in notulen


def _letter(dataset):  # type: ignore[no-untyped-def]
    from wijkcli.documents.advies import advies_context

    return advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="TESTVERSIE")


def test_proxies_never_make_the_quorum(write_tree, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    # Six of the twelve are there (seven needed); six absent members gave them a proxy.
    allow_proxies(example_repo)
    here = ["joke-aldersveld", "ruud-kamperman", "fatima-el-amrani", "henk-jan-bosveld",
            "marieke-dorrestein", "noel-brouwer"]  # fmt: skip
    away = ["priya-ramdin", "kees-van-der-pol", "sjoerd-de-bruijn-oosterveld",
            "anneloes-verhagen", "ahmet-yildiz", "tineke-van-t-zand"]  # fmt: skip
    (example_repo / VERGADERING).write_text(
        "gebied: szh\ndatum: 2017-04-13\n"
        f"aanwezig: [{', '.join(here)}]\nafgemeld: [{', '.join(away)}]\n"
        "volmachten:\n"
        + "".join(f"  {g}: {h}\n" for g, h in zip(away, here, strict=True))
        + "besluiten:\n  a03-samen-op-stap:\n    voorstel: toekennen\n"
        f"    stemmen:\n      voor: [{', '.join(here + away)}]\n",
        encoding="utf-8",
    )
    assert {code for *_, code, sev in problems(example_repo) if sev == "fout"} == set()
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.voor, a03.present, a03.quorum_needed) == (12, 6, 7)
    assert a03.uitkomst == "geen-quorum" and a03.advies == "aanhouden"


def test_proxies_need_the_rule(example_repo: Path) -> None:
    line = add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld"})
    vote = vote_a03(example_repo, "anneloes-verhagen")
    assert problems(example_repo) == {
        (VERGADERING, line + 1, 1, "proxy-not-allowed", "fout"),
        (VERGADERING, vote, 11, "absent-vote", "fout"),
    }


def test_proxy_not_on_an_item_where_the_giver_has_an_interest(example_repo: Path) -> None:
    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld"})
    vote = vote_a03(example_repo, "anneloes-verhagen")
    edit(example_repo, VERGADERING, "    voorwaarden:\n      - VOG voor alle maatjes.\n",
         "    voorwaarden:\n      - VOG voor alle maatjes.\n    betrokken: [anneloes-verhagen]\n")  # fmt: skip
    # One line was added above the vote.
    assert problems(example_repo) == {(VERGADERING, vote + 1, 11, "recused-vote", "fout")}
    _, found = check_repo(example_repo)
    assert [p.message for p in found if p.code == "recused-vote"] == [
        "'anneloes-verhagen' heeft een persoonlijk belang bij deze aanvraag en stemt niet mee "
        "(ook niet via een volmacht)"
    ]


@pytest.mark.slow
def test_secret_ballot_counts_usable_proxies_only(example_repo: Path) -> None:
    to_secret(example_repo)
    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld"})
    # A03: 11 present and one proxy, so 12 votes can be cast.
    line, col = edit(example_repo, VERGADERING, "      voor: 11\n      tegen: 0\n      onthouding: 0\n"
                     "  a04", "      voor: 12\n      tegen: 0\n      onthouding: 0\n  a04")  # fmt: skip
    assert problems(example_repo) == set()
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.voor, a03.present, a03.namens) == (
        12,
        11,
        (("joke-aldersveld", "anneloes-verhagen"),),
    )
    # With a personal interest of the giver the proxy cannot be used: 12 is one too many.
    edit(example_repo, VERGADERING, "    voorwaarden:\n      - VOG voor alle maatjes.\n",
         "    voorwaarden:\n      - VOG voor alle maatjes.\n    betrokken: [anneloes-verhagen]\n")  # fmt: skip
    # (at the votes, one line lower now)
    assert problems(example_repo) == {(VERGADERING, line + 1, col + 6, "too-many-votes", "fout")}
    edit(example_repo, VERGADERING, "      voor: 12\n", "      voor: 11\n")
    assert problems(example_repo) == set()
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert a03.namens == ()  # no "stemde ook namens" for a proxy that could not be used


def test_member_who_leaves_early_votes_by_proxy_afterwards(example_repo: Path) -> None:
    # Ahmet Yıldız left before A08 and gave Joke Aldersveld a proxy.
    allow_proxies(example_repo)
    add_proxies(example_repo, {"ahmet-yildiz": "joke-aldersveld"})
    edit(example_repo, VERGADERING, A08_TEGEN, A08_TEGEN.replace("      tegen:\n", "      tegen:\n        - ahmet-yildiz\n"))  # fmt: skip
    assert problems(example_repo) == set()
    a08, _ = item(example_repo, "a08-taalcafe")
    assert (a08.tegen, a08.present) == (4, 10)
    assert a08.namens == (("joke-aldersveld", "ahmet-yildiz"),)
    a01, _ = item(example_repo, "a01-huiskamer")  # he was there himself: no proxy used
    assert a01.namens == ()


def test_proxy_lapses_when_the_holder_leaves(example_repo: Path) -> None:
    # Anneloes Verhagen gave her proxy to Ahmet Yıldız, who left before A08.
    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "ahmet-yildiz"})
    vote_a03(example_repo, "anneloes-verhagen")  # before he left: counts
    line, _ = edit(example_repo, VERGADERING, A08_TEGEN, A08_TEGEN.replace("      tegen:\n", "      tegen:\n        - anneloes-verhagen\n"))  # fmt: skip
    assert problems(example_repo) == {(VERGADERING, line + 1, 11, "proxy-holder-absent", "fout")}


def test_holder_holds_at_most_max_per_lid(example_repo: Path) -> None:
    allow_proxies(example_repo)
    edit(example_repo, VERGADERING, "afgemeld: [anneloes-verhagen]",
         "afgemeld: [anneloes-verhagen, priya-ramdin]")  # fmt: skip
    edit(example_repo, VERGADERING, "  - priya-ramdin\n  - kees", "  - kees", count=1)
    text = (example_repo / VERGADERING).read_text(encoding="utf-8")
    (example_repo / VERGADERING).write_text(
        re.sub(r"\n *- priya-ramdin", "", text), encoding="utf-8"
    )
    line = add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld",
                                      "priya-ramdin": "joke-aldersveld"})  # fmt: skip
    assert problems(example_repo) == {(VERGADERING, line + 2, 3, "proxy-too-many", "fout")}
    edit(example_repo, RONDE, "volmacht: true", "volmacht: {max_per_lid: 2}")
    assert problems(example_repo) == set()


def test_proxy_between_voters_present_at_the_meeting(example_repo: Path) -> None:
    allow_proxies(example_repo)
    line = add_proxies(example_repo, {"anneloes-verhagen": "mirjam-lagerweij",
                                      "ruud-kamperman": "ruud-kamperman",
                                      "priya-ramdin": "bas-rietveld",
                                      "ahmet-yildiz": "nobody"})  # fmt: skip
    assert problems(example_repo) == {
        (VERGADERING, line + 1, 22, "proxy-not-a-voter", "fout"),
        (VERGADERING, line + 2, 19, "proxy-self", "fout"),
        (VERGADERING, line + 3, 17, "proxy-not-a-voter", "fout"),
        (VERGADERING, line + 4, 17, "unknown-member", "fout"),
    }


def test_letter_without_proxies_has_no_proxy_sentence(example_dataset) -> None:  # type: ignore[no-untyped-def]
    letter = render("adviesbrief.md.j2", _letter(example_dataset))
    assert "namens" not in letter


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_agenda_and_notulen_as_pdf_and_docx(example_repo: Path, runner, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """The meeting's documents get the same sendable formats as the letter: the same words
    as their Markdown, the same bytes on every run, no contact data."""
    import io

    out = example_repo / "uit"
    for command, heading, words in (
        ("agenda", "Uitnodiging en vergaderstukken", ["A05 Chill & Skill", "Rondvraag"]),
        ("notulen", "Notulen Bewonersteam SZH", ["Toelichting door de aanvragers", "Sluiting"]),
    ):
        name = out / f"{command}-ronde-2017-2-szh.{fmt}"
        runs = []
        for _ in range(2):
            result = runner.invoke(
                app,
                [command, "ronde-2017-2", "--format", fmt, "--uit", str(name), "--force",
                 "--data", str(example_repo)],
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            runs.append(name.read_bytes())
        assert runs[0] == runs[1]
        if fmt == "pdf":
            from pypdf import PdfReader

            text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(runs[0])).pages)
        else:
            import docx

            d = docx.Document(io.BytesIO(runs[0]))
            text = " ".join(p.text for p in d.paragraphs) + " ".join(
                c.text for t in d.tables for r in t.rows for c in r.cells
            )
        text = " ".join(text.split())
        for expected in (heading, *words):
            assert expected in text, (command, expected)
        assert "@" not in text and "0612345670" not in text


# --- the rules of docs/formaat.md §9 that the hidden decision cases exercise (issue #27) -------


def test_a_proxy_holder_with_an_interest_casts_no_vote_for_the_giver(example_repo: Path) -> None:
    # Tineke van 't Zand has a personal interest in A02 (betrokken_leden); Anneloes Verhagen,
    # absent, gave her a proxy: on A02 that proxy cannot be used, on A03 it can.
    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "tineke-van-t-zand"})
    vote_a03(example_repo, "anneloes-verhagen")
    end = "        - sjoerd-de-bruijn-oosterveld\n      tegen: [kees-van-der-pol]\n"
    line, _ = edit(example_repo, VERGADERING, end, end.replace("      tegen", "        - anneloes-verhagen\n      tegen"))  # fmt: skip
    assert problems(example_repo) == {(VERGADERING, line + 1, 11, "proxy-holder-recused", "fout")}
    _, found = check_repo(example_repo)
    assert [p.message for p in found if p.code == "proxy-holder-recused"] == [
        "'anneloes-verhagen' stemde via een volmacht aan 'tineke-van-t-zand', maar "
        "'tineke-van-t-zand' heeft een persoonlijk belang bij deze aanvraag en stemt niet mee, "
        "ook niet namens een ander"
    ]
    # Without that vote the letter names the proxy only where it was used.
    edit(example_repo, VERGADERING, "        - anneloes-verhagen\n      tegen: [kees", "      tegen: [kees")  # fmt: skip
    assert problems(example_repo) == set()
    a02, dataset = item(example_repo, "a02-wijkgids")
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert a02.namens == () and "tineke-van-t-zand" in a02.recused
    assert a03.namens == (("tineke-van-t-zand", "anneloes-verhagen"),)
    letter = render("adviesbrief.md.j2", _letter(dataset))
    assert letter.count("- Anneloes Verhagen gaf een volmacht aan Tineke van 't Zand.\n") == 1
    a02_letter = letter[letter.index("### A02") : letter.index("### A03")]
    a03_letter = letter[letter.index("### A03") : letter.index("### A04")]
    assert "volmacht" not in a02_letter and "1 stem bij volmacht" in a03_letter


def _tie_minutes(repo: Path, beslist: str | None) -> None:
    """A03 voted 5 for, 5 against, 1 abstention by the eleven present."""
    here = ["joke-aldersveld", "ruud-kamperman", "tineke-van-t-zand", "fatima-el-amrani",
            "henk-jan-bosveld", "marieke-dorrestein", "ahmet-yildiz", "noel-brouwer",
            "priya-ramdin", "kees-van-der-pol", "sjoerd-de-bruijn-oosterveld"]  # fmt: skip
    chair = f"    voorzitter_beslist: {beslist}\n" if beslist else ""
    (repo / VERGADERING).write_text(
        "gebied: szh\ndatum: 2017-04-13\n"
        f"aanwezig: [{', '.join(here)}]\nafgemeld: [anneloes-verhagen]\n"
        "besluiten:\n  a03-samen-op-stap:\n    voorstel: toekennen\n"
        + chair
        + f"    stemmen:\n      voor: [{', '.join(here[:5])}]\n"
        f"      tegen: [{', '.join(here[5:10])}]\n      onthouding: [{here[10]}]\n",
        encoding="utf-8",
    )


@pytest.mark.parametrize("meerderheid", ["gewoon", "volstrekt", "twee-derde"])
def test_the_chair_decides_a_tie_under_every_majority_rule(
    example_repo: Path, meerderheid: str
) -> None:
    edit(example_repo, RONDE, "regels:\n", f"regels:\n  meerderheid: {meerderheid}\n  staking: voorzitter\n")  # fmt: skip
    _tie_minutes(example_repo, "aangenomen")
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.voor, a03.tegen, a03.onthouding) == (5, 5, 1)
    assert (a03.uitkomst, a03.advies) == ("voorzitter-aangenomen", "toekennen")
    _tie_minutes(example_repo, "verworpen")
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.uitkomst, a03.advies) == ("voorzitter-verworpen", "aanhouden")


@pytest.mark.parametrize("meerderheid", ["gewoon", "volstrekt", "twee-derde"])
def test_a_tie_is_held_over_under_every_majority_rule(example_repo: Path, meerderheid: str) -> None:
    edit(example_repo, RONDE, "regels:\n", f"regels:\n  meerderheid: {meerderheid}\n")
    _tie_minutes(example_repo, None)
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.uitkomst, a03.advies) == ("staking", "aanhouden")


def test_quorum_geen_is_said_as_such_in_the_letter(example_repo: Path) -> None:
    edit(example_repo, RONDE, "regels:\n", "regels:\n  quorum: geen\n")
    a03, dataset = item(example_repo, "a03-samen-op-stap")
    assert (a03.quorum_needed, a03.quorum_met) == (0, True)
    letter = render("adviesbrief.md.j2", _letter(dataset))
    assert "- Quorum: de regels van deze ronde stellen geen quorum.\n" in letter
    assert "minstens 0" not in letter


def test_the_quorum_base_is_everyone_with_a_vote(example_repo: Path) -> None:
    # With professionals voting, the roll is the 12 residents plus the 6 professionals: 18, so
    # 10 must be present; 11 residents and 4 professionals are.
    edit(example_repo, RONDE, "regels:\n", "regels:\n  stemrecht: bewonersteam-en-professionals\n")
    a03, _ = item(example_repo, "a03-samen-op-stap")
    assert (a03.roll, a03.quorum_needed, a03.present) == (18, 10, 15)


def test_a_partial_advice_funds_whole_activities_only(example_repo: Path) -> None:
    """Amersfoort's rule of July 2017: an application that lists its activities is advised per
    activity; no part of an activity is funded (docs/formaat.md §7, `activiteiten`)."""
    a01 = "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
    edit(example_repo, a01, "betrokken_leden: []\n",
         "betrokken_leden: []\nactiviteiten:\n  - wat: Huiskamer dinsdag\n    bedrag: 4500\n"
         "  - wat: Huiskamer donderdag met maaltijd\n    bedrag: 4000\n")  # fmt: skip
    # A01's advice is gedeeltelijk € 6.500: neither activity, nor both.
    line = (example_repo / VERGADERING).read_text(encoding="utf-8").splitlines().index(
        "    bedrag: 6500"
    ) + 1
    assert problems(example_repo) == {(VERGADERING, line, 13, "partial-activity", "fout")}
    edit(example_repo, VERGADERING, "    bedrag: 6500\n", "    bedrag: 4500\n")
    # One whole activity is fine; the follow-up record (granted € 6.500) is now above the advice.
    follow_up = "data/rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml"
    assert problems(example_repo) == {(follow_up, 6, 11, "granted-above-advice", "waarschuwing")}
