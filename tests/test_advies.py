"""The adviesbrief: reviewed golden files, privacy, escaping, reproducibility, `wijk advies`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.helpers import AANVRAAG, RONDE, VERGADERING, edit, git_commit_all
from wijkcli.cli.app import app
from wijkcli.documents.advies import advies_context
from wijkcli.documents.render import render

REPO = Path(__file__).resolve().parents[1]


def letter(dataset, fmt: str = "md") -> str:  # type: ignore[no-untyped-def]
    ctx = advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="TESTVERSIE")
    return render(f"adviesbrief.{fmt}.j2", ctx)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden_letter(example_dataset, golden, fmt: str) -> None:  # type: ignore[no-untyped-def]
    golden(f"szh/advies-ronde-2017-2.{fmt}", letter(example_dataset, fmt))


def test_letter_states_the_expected_results(example_dataset) -> None:  # type: ignore[no-untyped-def]
    md = letter(example_dataset)
    assert "| **Totaal geadviseerd** | **€ 20.362,45** |" in md
    assert "| Restant, schuift door naar de volgende ronde | € 1.637,55 |" in md
    assert (
        "Tineke van 't Zand nam wegens persoonlijke betrokkenheid niet deel aan de "
        "beraadslaging en de stemming." in md
    )
    assert "Sjoerd de Bruijn-Oosterveld nam wegens persoonlijke betrokkenheid niet deel" in md
    assert "Ahmet Yıldız vertrok om 21.15 uur, vóór de behandeling van A08" in md
    # The real times from the minutes (opening 19.30, sluiting 21.40), not the planned 21.45.
    assert "donderdag 13 april 2017, 19.30-21.40 uur" in md
    # The date line has no weekday; the rules in force are named once.
    assert "| **Datum** | Amersfoort, 19 april 2017 |" in md
    assert md.count("- Stemregels: besluiten met gewone meerderheid") == 1
    assert "- Wijken: Schothorst, Zielhorst en Hoefkwartier; thema: T1" in md
    assert "- Wijk: Zielhorst; thema: T3" in md
    assert (
        "- De voorzitter stelde voor de aanvraag gedeeltelijk toe te kennen: € 6.500,00 en 40 "
        "uur (Linda Hoogeveen 10, Mirjam Lagerweij 30).\n" in md
    )
    assert "- De voorzitter stelde voor de aanvraag af te wijzen.\n" in md
    assert "Voorstel van de voorzitter" not in md
    a05 = md[md.index("### A05") : md.index("### A06")]
    assert "**Advies: aanhouden**" in a05
    assert "5 voor, 5 tegen, 1 onthouding" in a05 and "de stemmen staakten" in a05
    assert "*Gegevensversie TESTVERSIE.*" in md
    assert "Gemaakt met wijkcli" not in md  # a formal letter carries no tool advertisement
    assert "het advies luidt: aanhouden" in a05 and "het advies wordt aanhouden" not in md
    assert "(Indebuurt033, Welzin)" in md and "((" not in md and "))" not in md
    assert "„Wegwijs”" in md and '"Wegwijs"' not in md


def _private_strings() -> set[str]:
    """E-mail addresses, phone numbers and contact persons in the data (contact persons who are
    also members are left out: members are named in the letter in their public role)."""
    found: set[str] = set()
    members = {
        lid["naam"]
        for lid in yaml.safe_load((REPO / "data/gebieden/szh/leden.yaml").read_text("utf-8"))[
            "leden"
        ]
    }
    for path in (REPO / "data").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))

        def walk(node: object, key: str = "") -> None:
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "contact" and isinstance(v, dict):
                        found.update(str(x) for x in v.values() if x)
                    elif k in ("email", "telefoon") and v:
                        found.add(str(v))
                    else:
                        walk(v, k)
            elif isinstance(node, list):
                for v in node:
                    walk(v, key)

        walk(data)
    return found - members


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_contact_data_in_the_letter(example_dataset, fmt: str) -> None:  # type: ignore[no-untyped-def]
    private = _private_strings()
    assert len(private) >= 6  # the example has e-mail addresses and phone numbers
    out = letter(example_dataset, fmt)
    leaked = [s for s in private if s in out]
    assert leaked == []


def test_private_applicant_is_not_named(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    edit(example_repo, AANVRAAG, "soort: organisatie", "soort: bewoner")
    dataset, _ = load_clean(example_repo)
    assert "Stichting Wijkhuiskamer" not in letter(dataset)


def test_secret_ballot_hides_who_voted_what(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    text = (example_repo / VERGADERING).read_text(encoding="utf-8")
    text = re.sub(
        r"(      (voor|tegen|onthouding):)((\n        - [a-z-]+)+| \[[^\]]*\])",
        lambda m: f"{m[1]} {len(re.findall(r'[a-z]+-[a-z-]+', m[3]))}",
        text,
    )
    (example_repo / VERGADERING).write_text(text, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    for fmt in ("md", "html"):
        out = letter(dataset, fmt)
        assert "5 voor, 5 tegen, 1 onthouding" in out
        # Only the members present are named (in the attendance list), never next to a vote.
        for line in out.splitlines():
            if "Stemming:" in line:
                assert not re.search(r"[A-Z][a-z]+ [A-Z]", line.split(";")[0]), line


def test_user_text_is_inert(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    edit(
        example_repo,
        AANVRAAG,
        "titel: Huiskamer De Koperhorst",
        'titel: "<script>alert(1)</script> *vet* {{ 7*7 }} [link](http://x)"',
    )
    dataset, _ = load_clean(example_repo)
    html = letter(dataset, "html")
    assert "<script>" not in html and "{{" not in html and "&lt;script&gt;" in html
    md = letter(dataset, "md")
    assert "<script>" not in md and "\\*vet\\*" in md and "\\[link\\]" in md and "{{" not in md


def test_same_files_same_bytes(example_dataset) -> None:  # type: ignore[no-untyped-def]
    assert letter(example_dataset) == letter(example_dataset)
    assert letter(example_dataset, "html") == letter(example_dataset, "html")


# --- the command --------------------------------------------------------------------------------


def test_wijk_advies_prints_the_letter(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Advies Subsidieronde 2 (2017), gebied SZH")
    assert "onbekend (geen git-repository)" in result.stdout


@pytest.mark.clients
def test_wijk_advies_names_the_git_version(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    commit = git_commit_all(example_repo)
    out = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(example_repo)]).stdout
    assert f"Gegevensversie {commit}." in out
    edit(example_repo, AANVRAAG, "omschrijving:", "omschrijving:", count=1)
    (example_repo / AANVRAAG).write_text((example_repo / AANVRAAG).read_text() + "# x\n")
    out = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(example_repo)]).stdout
    assert f"Gegevensversie {commit} met niet-vastgelegde wijzigingen." in out


def test_wijk_advies_refuses_data_with_errors(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 1e3")
    result = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "a01-huiskamer.yaml" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_wijk_advies_writes_atomically_and_protects_hand_edits(
    runner, example_repo: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "brieven"
    out.mkdir()
    args = [
        "advies",
        "ronde-2017-2",
        "--data",
        str(example_repo),
        "--format",
        "html",
        "--uit",
        str(out),
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    target = out / "advies-ronde-2017-2-szh.html"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    # Regenerating an untouched file is fine.
    assert runner.invoke(app, args).exit_code == 0
    target.write_text(
        target.read_text(encoding="utf-8") + "<!-- met de hand -->\n", encoding="utf-8"
    )
    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst", "titel: Huiskamer Koperhorst")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1 and "--force" in refused.stderr
    assert target.read_text(encoding="utf-8").endswith("<!-- met de hand -->\n")
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0
    assert "Huiskamer Koperhorst" in target.read_text(encoding="utf-8")


def test_unknown_ronde(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["advies", "ronde-2099-1", "--data", str(example_repo)])
    assert result.exit_code == 2
    assert "ronde 'ronde-2099-1' bestaat niet" in result.stderr


def test_uit_to_a_new_folder(runner, example_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`--uit brieven/` creates the folder and names the file, as the README shows."""
    folder = tmp_path / "brieven"
    result = runner.invoke(
        app, ["advies", "ronde-2017-2", "--data", str(example_repo), "--uit", f"{folder}/"]
    )
    assert result.exit_code == 0, result.output
    assert (
        (folder / "advies-ronde-2017-2-szh.md").read_text(encoding="utf-8").startswith("# Advies")
    )


# --- votes that do not add up to the members present, and the letter's date (issue 15.6) ------


def _stemming_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "Stemming:" in line and " voor, " in line]


@pytest.mark.slow
def test_members_present_who_did_not_vote_are_counted_in_the_letter(
    runner, example_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    """A01: 11 present and 11 votes; without Noël and Priya in `voor` there are 9 votes, and
    the letter says so instead of "11 leden aanwezig" over 9 votes. A03: only Noël missing."""
    from wijkcli.pipeline import load_clean

    vergadering = example_repo / VERGADERING
    text = vergadering.read_text(encoding="utf-8")
    a01, a02 = text.index("  a01-huiskamer:"), text.index("  a02-wijkgids:")
    a03, a04 = text.index("  a03-samen-op-stap:"), text.index("  a04-muziekcafe:")
    first = text[a01:a02].replace("        - noel-brouwer\n        - priya-ramdin\n", "", 1)
    third = text[a03:a04].replace("        - noel-brouwer\n", "", 1)
    vergadering.write_text(text[:a01] + first + text[a02:a03] + third + text[a04:])
    dataset, _ = load_clean(example_repo)
    md, html = letter(dataset, "md"), letter(dataset, "html")
    expected = [
        "6 voor, 2 tegen, 1 onthouding (11 leden aanwezig, van wie 2 niet stemden); aangenomen.",
        "9 voor, 1 tegen, 0 onthoudingen (11 leden aanwezig); aangenomen.",
        "10 voor, 0 tegen, 0 onthoudingen (11 leden aanwezig, van wie 1 niet stemde); "
        "aangenomen, unaniem.",
        "6 voor, 4 tegen, 1 onthouding (11 leden aanwezig); aangenomen.",
    ]
    for out in (md, html):
        lines = [re.sub(r"<[^>]+>", "", line) for line in _stemming_lines(out)]
        assert [line.split("Stemming: ", 1)[1] for line in lines[:4]] == expected
    pdf = runner.invoke(
        app, ["advies", "ronde-2017-2", "--format", "pdf", "--uit", str(example_repo / "a.pdf"),
              "--data", str(example_repo)],
    )  # fmt: skip
    assert pdf.exit_code == 0, pdf.output
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((example_repo / "a.pdf").read_bytes()))
    words = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "(11 leden aanwezig, van wie 2 niet stemden)" in words
    assert "(11 leden aanwezig, van wie 1 niet stemde)" in words


def test_the_example_letter_has_no_members_who_did_not_vote(example_dataset) -> None:  # type: ignore[no-untyped-def]
    assert "niet stemde" not in letter(example_dataset)


def test_a_secret_ballot_never_says_who_or_how_many_did_not_vote(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    text = (example_repo / VERGADERING).read_text(encoding="utf-8")
    text = re.sub(
        r"(      (voor|tegen|onthouding):)((\n        - [a-z-]+)+| \[[^\]]*\])",
        lambda m: f"{m[1]} {len(re.findall(r'[a-z]+-[a-z-]+', m[3]))}",
        text,
    )
    text = text.replace("      voor: 8\n", "      voor: 6\n", 1)  # A01: two present, no vote
    (example_repo / VERGADERING).write_text(text, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    lines = _stemming_lines(letter(dataset))
    assert lines[0] == "- Stemming: 6 voor, 2 tegen, 1 onthouding (11 leden aanwezig); aangenomen."
    assert not [line for line in lines if "niet stemde" in line]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["md", "pdf"])
def test_datum_before_the_meeting_is_a_usage_error(runner, example_repo: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    args = ["advies", "ronde-2017-2", "--format", fmt, "--data", str(example_repo)]
    result = runner.invoke(app, [*args, "--datum", "2017-04-12", "--uit", str(example_repo / "b")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "wijk: --datum 2017-04-12 ligt vóór de vergadering van 13 april 2017: een advies over die "
        "vergadering kan niet eerder gedateerd zijn; kies --datum 2017-04-13 of later (zonder "
        "--datum: de uiterste adviesdatum van de ronde)\n"
    )
    assert not (example_repo / "b").exists()
    same_day = runner.invoke(
        app, [*args, "--datum", "2017-04-13", "--uit", str(example_repo / "c")]
    )
    assert same_day.exit_code == 0, same_day.output
    assert (example_repo / "c").exists()


@pytest.mark.slow
def test_pdf_letter_names_proxy_votes_as_the_markdown_does(example_repo: Path) -> None:
    import io

    from pypdf import PdfReader

    from tests.test_meeting import add_proxies, allow_proxies, vote_a03
    from wijkcli.documents.advies import advies_pdf
    from wijkcli.pipeline import load_clean

    allow_proxies(example_repo)
    add_proxies(example_repo, {"anneloes-verhagen": "joke-aldersveld"})
    vote_a03(example_repo, "anneloes-verhagen")
    dataset, _ = load_clean(example_repo)
    ctx = advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="x")
    md = render("adviesbrief.md.j2", ctx)
    assert md.count("- Anneloes Verhagen gaf een volmacht aan Joke Aldersveld.\n") == 1
    assert "12 voor, 0 tegen, 0 onthoudingen (11 leden aanwezig, 1 stem bij volmacht)" in md
    pdf = advies_pdf(dataset.meeting("ronde-2017-2", "szh"), ctx)
    pages = PdfReader(io.BytesIO(pdf)).pages
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pages)
    assert text.count("Anneloes Verhagen gaf een volmacht aan Joke Aldersveld.") == 1
    assert "(11 leden aanwezig, 1 stem bij volmacht)" in text


def test_one_discussed_application_is_named_in_the_singular(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    path = example_repo / VERGADERING
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  a02-wijkgids:\n")] + text[text.index("opmerkingen:\n") :])
    edit(example_repo, VERGADERING, "vertrokken:\n  ahmet-yildiz: a08-taalcafe\n", "")
    edit(example_repo, VERGADERING, "vertrokken_om:\n  ahmet-yildiz: 21:15\n", "")
    edit(example_repo, VERGADERING, "[a01-huiskamer, a05-chill-en-skill]", "[a01-huiskamer]")
    dataset, _ = load_clean(example_repo)
    for fmt in ("md", "html"):
        out = letter(dataset, fmt)
        assert "adviseert u hierbij over de aanvraag voor Projecten#Indebuurt" in out
        assert "De aanvragen A02 Wijkgids SZH 2017" in out


# --- the letter says what it means (#29 item 5) ---------------------------------------------


def _notulen(dataset) -> str:  # type: ignore[no-untyped-def]
    from wijkcli.documents.notulen import notulen_context

    return render("notulen.md.j2", notulen_context(dataset.meeting("ronde-2017-2", "szh")))


@pytest.mark.parametrize(
    ("rule", "regels", "a04"),
    [
        (
            "twee-derde",
            "- Stemregels: besluiten met twee derde van de uitgebrachte stemmen (onthoudingen "
            "tellen mee); staken de stemmen, dan luidt het advies: aanhouden.\n",
            "- Stemming: 6 voor, 4 tegen, 1 onthouding (11 leden aanwezig); verworpen (twee "
            "derde niet gehaald: 6 van 11, 8 nodig); het advies luidt: aanhouden.\n",
        ),
        (
            "volstrekt",
            "- Stemregels: besluiten met volstrekte meerderheid: meer dan de helft van de "
            "uitgebrachte stemmen (onthoudingen tellen mee); staken de stemmen, dan luidt het "
            "advies: aanhouden.\n",
            "- Stemming: 6 voor, 4 tegen, 1 onthouding (11 leden aanwezig); aangenomen.\n",
        ),
    ],
)
def test_the_rules_are_named_once_and_a_rejection_says_why(
    example_repo: Path, rule: str, regels: str, a04: str
) -> None:
    from wijkcli.pipeline import load_clean

    edit(example_repo, RONDE, "regels:\n", f"regels:\n  meerderheid: {rule}\n")
    dataset, _ = load_clean(example_repo)
    md = letter(dataset)
    assert md.count("Stemregels") == 1 and regels in md
    assert a04 in md[md.index("### A04") : md.index("### A05")]
    if rule == "twee-derde":
        notulen = _notulen(dataset)
        assert (
            "- Uitkomst: verworpen (twee derde niet gehaald: 6 van 11, 8 nodig); het advies "
            "luidt: aanhouden.\n" in notulen
        )


def test_a_rejection_under_the_ordinary_rule_says_why(example_dataset) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from wijkcli.count.ledger import tally
    from wijkcli.documents.wording import uitkomst

    a07 = next(
        i
        for i in tally(example_dataset.meeting("ronde-2017-2", "szh")).items
        if i.aanvraag_id == "a07-buurtbarbecue"
    )
    lost = dataclasses.replace(a07, voor=2, tegen=9, onthouding=0, uitkomst="verworpen")
    assert uitkomst(lost) == "verworpen (meer stemmen tegen dan voor); het advies luidt: aanhouden"
    assert uitkomst(lost, "volstrekt") == (
        "verworpen (volstrekte meerderheid niet gehaald: 2 van 11, 6 nodig); het advies luidt: "
        "aanhouden"
    )


def test_a_late_application_is_named_with_the_teams_decision(example_repo: Path) -> None:
    from wijkcli.pipeline import load_clean

    edit(example_repo, AANVRAAG.replace("a01-huiskamer", "a05-chill-en-skill"),
         "ingediend: 2017-03-31", "ingediend: 2017-04-02")  # fmt: skip
    dataset, _ = load_clean(example_repo)
    late = (
        "- Te laat ingediend (op 2 april 2017, de termijn sloot op 31 maart 2017); het "
        "bewonersteam besloot de aanvraag toch te behandelen.\n"
    )
    md = letter(dataset)
    assert md.count("Te laat ingediend") == 1
    assert late in md[md.index("### A05") : md.index("### A06")]
    notulen = _notulen(dataset)
    assert notulen.count("Te laat ingediend") == 1
    assert late in notulen[notulen.index("### A05") : notulen.index("### A06")]
