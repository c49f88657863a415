"""`wijk export` and `wijk verifieer`: the exports conform to their standards' own validators
(pySHACL on Flanders' shapes, jsonschema on Popolo's and 360Giving's schemas, copies in
tests/data/standards/, see SOURCES there), say what the tally says, keep private what is
private, and `wijk verifieer` finds a single changed vote, attendance or amount."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.helpers import AANVRAAG, LEDEN, RONDE, VERGADERING, edit
from wijkcli.cli.app import app

STANDARDS = Path(__file__).resolve().parent / "data" / "standards"
BESLUIT = "http://data.vlaanderen.be/ns/besluit#"
M = "urn:wijkcli:szh:mandataris:"
A02 = "urn:wijkcli:szh:ronde-2017-2:a02-wijkgids:stemming"


def export(repo: Path, standaard: str, *extra: str) -> str:
    result = CliRunner().invoke(
        app, ["export", "ronde-2017-2", "--standaard", standaard, "--data", str(repo), *extra]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def verifieer(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["verifieer", str(path)])
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The example's exports (the repository's own data, read-only)."""
    repo = Path(__file__).resolve().parent.parent
    return {
        "jsonld": export(repo, "oslo"),
        "turtle": export(repo, "oslo", "--format", "turtle"),
        "popolo": export(repo, "popolo"),
        "360giving": export(repo, "360giving"),
    }


def graph(text: str, fmt: str):  # type: ignore[no-untyped-def]
    from rdflib import Graph

    return Graph().parse(data=text, format=fmt)


def objects(g: Any, s: str, p: str) -> set[str]:
    from rdflib import URIRef

    return {str(o) for o in g.objects(URIRef(s), URIRef(BESLUIT + p))}


# --- the validators -------------------------------------------------------------------------


def shacl(text: str, fmt: str) -> tuple[bool, str]:
    from pyshacl import validate
    from rdflib import Graph

    shapes = Graph().parse(STANDARDS / "oslo" / "meeting.ttl", format="turtle")
    conforms, _, report = validate(graph(text, fmt), shacl_graph=shapes)
    return bool(conforms), str(report)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonld", "turtle"])
def test_oslo_conforms_to_the_besluit_publicatie_shapes(exports: dict[str, str], fmt: str) -> None:
    conforms, report = shacl(exports[fmt], "json-ld" if fmt == "jsonld" else "turtle")
    assert conforms, report


@pytest.mark.slow
def test_the_shapes_do_reject_a_stemming_without_stemmers(exports: dict[str, str]) -> None:
    # The validator is real: without heeftStemmer a Stemming does not conform.
    doc = json.loads(exports["jsonld"])
    for node in doc["@graph"]:
        node.pop("besluit:heeftStemmer", None)
    conforms, report = shacl(json.dumps(doc), "json-ld")
    assert not conforms
    assert "heeftStemmer" in report


def popolo_registry():  # type: ignore[no-untyped-def]
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    resources = []
    for path in sorted((STANDARDS / "popolo").glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append((schema["id"], Resource(schema, specification=DRAFT3)))
    return Registry().with_resources(resources)


POPOLO_SCHEMA = {
    "organizations": "organization",
    "persons": "person",
    "memberships": "membership",
    "events": "event",
    "motions": "motion",
    "vote_events": "vote_event",
}


def popolo_errors(doc: dict[str, Any]) -> list[str]:
    from jsonschema import Draft3Validator

    registry = popolo_registry()
    errors = []
    for key, name in POPOLO_SCHEMA.items():
        schema = json.loads((STANDARDS / "popolo" / f"{name}.json").read_text(encoding="utf-8"))
        validator = Draft3Validator(
            schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for i, obj in enumerate(doc[key]):
            errors += [f"{key}[{i}]: {e.message}" for e in validator.iter_errors(obj)]
    return errors


def test_popolo_validates_against_the_popolo_schemas(exports: dict[str, str]) -> None:
    doc = json.loads(exports["popolo"])
    assert all(doc[key] for key in POPOLO_SCHEMA)
    assert popolo_errors(doc) == []
    # The schemas are applied: a count without its value is refused.
    del doc["vote_events"][0]["counts"][0]["value"]
    assert popolo_errors(doc) == ["vote_events[0]: 'value' is a required property"]


def giving_errors(doc: dict[str, Any]) -> list[str]:
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    folder = STANDARDS / "360giving"
    package = json.loads((folder / "360-giving-package-schema.json").read_text(encoding="utf-8"))
    grant = json.loads((folder / "360-giving-schema.json").read_text(encoding="utf-8"))
    # The grant schema says draft/2020-12 over http, which `referencing` does not know.
    resource = Resource(grant, specification=DRAFT202012)
    registry = Registry().with_resources(
        [(grant["$id"], resource), (grant["$id"].replace("/1.4.3/", "/1.4.2/"), resource)]
    )
    # With formats checked: `issued` and `awardDate` are a date or a date-time, exactly one
    # of the two (oneOf), which only holds when date-time is checked (rfc3339-validator).
    validator = Draft202012Validator(
        package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


def test_360giving_validates_against_its_package_schema(exports: dict[str, str]) -> None:
    doc = json.loads(exports["360giving"])
    assert giving_errors(doc) == []
    assert [g["id"] for g in doc["grants"]] == [
        f"360G-wijkcli-szh-ronde-2017-2-{a}"
        for a in ("a01-huiskamer", "a02-wijkgids", "a03-samen-op-stap", "a04-muziekcafe",
                  "a06-repair-cafe", "a08-taalcafe")
    ]  # fmt: skip
    a01 = doc["grants"][0]
    assert (a01["amountAppliedFor"], a01["amountAwarded"], a01["awardDate"]) == (
        8500,
        6500,
        "2017-04-28",
    )
    assert '"amountAwarded": 4212.50' in exports["360giving"]  # an exact number, no float
    doc["grants"][0]["amountAwarded"] = "6500"
    assert giving_errors(doc) == ["['grants', 0, 'amountAwarded']: '6500' is not of type 'number'"]


# --- what the exports say -------------------------------------------------------------------


def test_a_recused_member_is_present_but_not_a_voter(exports: dict[str, str]) -> None:
    # Tineke van 't Zand has a personal interest in A02 (betrokken_leden) and was there.
    for text, fmt in ((exports["jsonld"], "json-ld"), (exports["turtle"], "turtle")):
        g = graph(text, fmt)
        tineke = M + "tineke-van-t-zand"
        assert tineke in objects(g, A02, "heeftAanwezige")
        assert tineke not in objects(g, A02, "heeftStemmer")
        assert tineke not in objects(g, A02, "heeftOnthouder")
    doc = json.loads(exports["popolo"])
    a02 = next(v for v in doc["vote_events"] if v["motion_id"].endswith("a02-wijkgids"))
    row = next(r for r in a02["votes"] if r["voter_id"] == "tineke-van-t-zand")
    assert row == {
        "vote_event_id": "ronde-2017-2-szh-a02-wijkgids-stemming",
        "voter_id": "tineke-van-t-zand",
        "option": "not voting",
        "note": "persoonlijk belang: aanwezig, stemde niet mee",
    }


def test_the_counts_add_up(exports: dict[str, str]) -> None:
    g = graph(exports["turtle"], "turtle")
    from rdflib import URIRef
    from rdflib.namespace import RDF

    stemmingen = sorted(str(s) for s in g.subjects(RDF.type, URIRef(BESLUIT + "Stemming")))
    assert len(stemmingen) == 8
    seen = []
    for s in stemmingen:
        names = {}
        for who, count in (("heeftVoorstander", "aantalVoorstanders"),
                           ("heeftTegenstander", "aantalTegenstanders"),
                           ("heeftOnthouder", "aantalOnthouders")):  # fmt: skip
            names[who] = objects(g, s, who)
            (n,) = objects(g, s, count)
            assert len(names[who]) == int(n), (s, who)
        stemmers = objects(g, s, "heeftStemmer")
        assert stemmers == set().union(*names.values())
        seen.append(tuple(len(x) for x in names.values()))
    # The tally of the example (wijk tally ronde-2017-2), in agenda order by id.
    assert seen == [(8, 2, 1), (9, 1, 0), (11, 0, 0), (6, 4, 1), (5, 5, 1), (9, 1, 0),
                    (9, 0, 2), (7, 3, 0)]  # fmt: skip
    doc = json.loads(exports["popolo"])
    roll = sum(1 for m in doc["memberships"] if m["role"] == "bewonersteam")
    for ve in doc["vote_events"]:
        counts = {c["option"]: c["value"] for c in ve["counts"]}
        assert sum(counts.values()) == roll == len({r["voter_id"] for r in ve["votes"]})
        for option in ("yes", "no", "abstain"):
            assert counts[option] == sum(r.get("weight", 0) for r in ve["votes"]
                                         if r["option"] == option)  # fmt: skip


def test_motions_carry_the_requirement_and_the_rules(exports: dict[str, str]) -> None:
    doc = json.loads(exports["popolo"])
    assert {m["requirement"] for m in doc["motions"] if "requirement" in m} == {
        "gewone meerderheid"
    }
    assert doc["wijkcli"]["regels"] == {
        "quorum": "helft",
        "meerderheid": "gewoon",
        "staking": "aanhouden",
        "toewijzing": "steun-overslaan",
        "stemrecht": "bewonersteam",
        "stemming": "openbaar",
    }
    assert doc["wijkcli"]["budget"]["beschikbaar"] == "22000.00"


def test_two_thirds_is_the_motions_requirement(example_repo: Path) -> None:
    edit(example_repo, RONDE, "regels:\n", "regels:\n  meerderheid: twee-derde\n")
    doc = json.loads(export(example_repo, "popolo"))
    assert {m.get("requirement") for m in doc["motions"]} == {"tweederdemeerderheid"}
    by_id = {m["wijkcli"]["aanvraag"]: m["result"] for m in doc["motions"]}
    assert by_id["a04-muziekcafe"] == "verworpen"  # 6 of 11 is less than two-thirds
    path = example_repo / "p.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert verifieer(path)[0] == 0


@pytest.mark.slow
def test_a_proxy_vote_is_a_weight(example_repo: Path) -> None:
    edit(example_repo, RONDE, "regels:\n", "regels:\n  volmacht: true\n")
    path = example_repo / VERGADERING
    path.write_text(
        path.read_text(encoding="utf-8") + "volmachten:\n  anneloes-verhagen: joke-aldersveld\n",
        encoding="utf-8",
    )
    edit(example_repo, VERGADERING, "        - kees-van-der-pol\n        - sjoerd-de-bruijn-oosterveld\n      tegen: []\n      onthouding: []\n  a04",
         "        - kees-van-der-pol\n        - sjoerd-de-bruijn-oosterveld\n        - anneloes-verhagen\n      tegen: []\n      onthouding: []\n  a04")  # fmt: skip
    doc = json.loads(export(example_repo, "popolo"))
    a03 = next(v for v in doc["vote_events"] if v["motion_id"].endswith("a03-samen-op-stap"))
    rows = {r["voter_id"]: r for r in a03["votes"]}
    assert rows["joke-aldersveld"] == {
        "vote_event_id": a03["id"],
        "voter_id": "joke-aldersveld",
        "option": "yes",
        "weight": 2,
        "namens": ["anneloes-verhagen"],
    }
    assert rows["anneloes-verhagen"]["option"] == "absent"
    assert {c["option"]: c["value"] for c in a03["counts"]}["yes"] == 12
    (example_repo / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    g = graph(export(example_repo, "oslo"), "json-ld")
    s = "urn:wijkcli:szh:ronde-2017-2:a03-samen-op-stap:stemming"
    assert M + "anneloes-verhagen" in objects(g, s, "heeftVoorstander")
    assert M + "anneloes-verhagen" not in objects(g, s, "heeftAanwezige")
    (example_repo / "o.jsonld").write_text(export(example_repo, "oslo"), encoding="utf-8")
    assert verifieer(example_repo / "p.json")[0] == 0
    assert verifieer(example_repo / "o.jsonld")[0] == 0


@pytest.mark.slow
def test_privacy_no_contact_data_and_anonymous_residents(example_repo: Path) -> None:
    edit(example_repo, AANVRAAG, "  soort: organisatie", "  soort: bewoner")
    canaries = ["example.org", "0612345670", "0334567801", "Gerrit Hofstede",
                "Stichting Wijkhuiskamer Schothorst"]  # fmt: skip
    texts = [export(example_repo, s) for s in ("oslo", "popolo", "360giving")]
    texts.append(export(example_repo, "oslo", "--format", "turtle"))
    for text in texts:
        assert [c for c in canaries if c in text] == []
    doc = json.loads(texts[2])
    assert doc["grants"][0]["recipientIndividual"] == {
        "id": "360G-wijkcli-IND-ronde-2017-2-a01-huiskamer",
        "name": "Individual Recipient",
    }
    assert "recipientOrganization" not in doc["grants"][0]
    assert giving_errors(doc) == []


def secret_ballot(repo: Path) -> None:
    """Make the example's ballot secret: each list of names becomes its count."""
    import re

    edit(repo, RONDE, "stemming: openbaar", "stemming: geheim")
    path = repo / VERGADERING
    lists = re.compile(
        r"^      (voor|tegen|onthouding):( \[([^\]]*)\]\n|\n((?:        - .*\n)*))", re.M
    )

    def count(m: re.Match[str]) -> str:
        if m.group(3) is not None:
            n = len([x for x in m.group(3).split(",") if x.strip()])
        else:
            n = m.group(4).count("- ")
        return f"      {m.group(1)}: {n}\n"

    text, n = lists.subn(count, path.read_text(encoding="utf-8"))
    assert n == 24
    path.write_text(text, encoding="utf-8")


def test_a_secret_ballot_is_only_counts(example_repo: Path) -> None:
    secret_ballot(example_repo)
    popolo = export(example_repo, "popolo")
    oslo = export(example_repo, "oslo")
    doc = json.loads(popolo)
    assert {r["option"] for v in doc["vote_events"] for r in v["votes"]} == {
        "present", "absent", "not voting"
    }  # fmt: skip
    assert "heeftVoorstander" not in oslo and "heeftTegenstander" not in oslo
    assert '"besluit:geheim": [\n        true' in oslo
    for name, text in (("p.json", popolo), ("o.jsonld", oslo)):
        (example_repo / name).write_text(text, encoding="utf-8")
        assert verifieer(example_repo / name) == (
            0,
            f"klopt: {name} ({'popolo' if name == 'p.json' else 'oslo'}, ronde-2017-2, gebied "
            "szh): 8 agendapunten nageteld (quorum, meerderheid, staking, budget)\n",
        )


def test_exports_are_deterministic(exports: dict[str, str]) -> None:
    repo = Path(__file__).resolve().parent.parent
    for key, args in (("jsonld", ("oslo",)), ("turtle", ("oslo", "--format", "turtle")),
                      ("popolo", ("popolo",)), ("360giving", ("360giving",))):  # fmt: skip
        assert export(repo, *args) == exports[key]


@pytest.mark.slow
def test_turtle_is_the_same_under_another_hash_seed(exports: dict[str, str]) -> None:
    repo = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, "-m", "wijkcli", "--geen-cache", "export", "ronde-2017-2",
         "--standaard", "oslo", "--format", "turtle", "--data", str(repo)],
        capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "12345",
                                                         "PATH": "/usr/bin:/bin"},
    ).stdout  # fmt: skip
    assert out == exports["turtle"]


def test_turtle_only_for_oslo(runner: CliRunner) -> None:
    result = runner.invoke(app, ["export", "ronde-2017-2", "--standaard", "popolo",
                                 "--format", "turtle"])  # fmt: skip
    assert result.exit_code == 2
    assert "turtle kan alleen bij --standaard oslo" in result.output


def test_leden_contact_fields_exist_in_the_example() -> None:
    # The privacy canaries above are real: the example does hold them.
    repo = Path(__file__).resolve().parent.parent
    assert "0612345670" in (repo / LEDEN).read_text(encoding="utf-8")
    assert "0334567801" in (repo / AANVRAAG).read_text(encoding="utf-8")


# --- wijk verifieer -------------------------------------------------------------------------

KLOPT = "klopt: {name} ({std}, ronde-2017-2, gebied szh): 8 agendapunten nageteld (quorum, " \
    "meerderheid, staking, budget)\n"  # fmt: skip


@pytest.mark.parametrize(
    ("key", "name", "std"),
    [("popolo", "r.popolo.json", "popolo"), ("jsonld", "r.jsonld", "oslo"),
     ("turtle", "r.ttl", "oslo")],
)  # fmt: skip
def test_verifieer_passes_on_the_example(
    exports: dict[str, str], tmp_path: Path, key: str, name: str, std: str
) -> None:
    (tmp_path / name).write_text(exports[key], encoding="utf-8")
    assert verifieer(tmp_path / name) == (0, KLOPT.format(name=name, std=std))


def changed_popolo(exports: dict[str, str], tmp_path: Path, change) -> Path:  # type: ignore[no-untyped-def]
    doc = json.loads(exports["popolo"])
    change(doc)
    path = tmp_path / "r.popolo.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def vote_rows(doc: dict[str, Any], aid: str) -> dict[str, dict[str, Any]]:
    (ve,) = [v for v in doc["vote_events"] if v["motion_id"] == f"ronde-2017-2-szh-{aid}"]
    return {r["voter_id"]: r for r in ve["votes"]}


def test_verifieer_finds_one_changed_vote_in_popolo(
    exports: dict[str, str], tmp_path: Path
) -> None:
    def change(doc: dict[str, Any]) -> None:
        vote_rows(doc, "a01-huiskamer")["kees-van-der-pol"]["option"] = "no"

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A01 (a01-huiskamer): 7 stemmen voor volgens de namen, 8 volgens de telling\n"
        "A01 (a01-huiskamer): 3 stemmen tegen volgens de namen, 2 volgens de telling\n"
        "klopt niet: 2 verschillen in r.popolo.json\n",
    )


def test_verifieer_finds_one_changed_attendance_in_popolo(
    exports: dict[str, str], tmp_path: Path
) -> None:
    # Ahmet Yıldız left before A08; the copy says he was there and did not vote.
    def change(doc: dict[str, Any]) -> None:
        vote_rows(doc, "a08-taalcafe")["ahmet-yildiz"]["option"] = "not voting"

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A08 (a08-taalcafe): 1 stemgerechtigde afwezig volgens de namen, 2 volgens de telling\n"
        "klopt niet: 1 verschil in r.popolo.json\n",
    )


def test_verifieer_finds_one_changed_amount_in_popolo(
    exports: dict[str, str], tmp_path: Path
) -> None:
    def change(doc: dict[str, Any]) -> None:
        (a03,) = [m for m in doc["motions"] if m["id"].endswith("a03-samen-op-stap")]
        a03["wijkcli"]["voorgesteld"] = "4312.50"

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A03 (a03-samen-op-stap): geadviseerd is € 4.212,50, nageteld € 4.312,50\n"
        "budget: geadviseerd is € 20.362,45, nageteld € 20.462,45\n"
        "budget: over is € 1.637,55, nageteld € 1.537,55\n"
        "klopt niet: 3 verschillen in r.popolo.json\n",
    )


def changed_jsonld(exports: dict[str, str], tmp_path: Path, node: str, change) -> Path:  # type: ignore[no-untyped-def]
    doc = json.loads(exports["jsonld"])
    (found,) = [n for n in doc["@graph"] if n["@id"] == node]
    change(found)
    path = tmp_path / "r.jsonld"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def test_verifieer_finds_one_changed_vote_in_oslo(exports: dict[str, str], tmp_path: Path) -> None:
    # A04 was adopted 6 to 4; the copy moves one vote from voor to tegen: a tie.
    s = "urn:wijkcli:szh:ronde-2017-2:a04-muziekcafe:stemming"

    def change(n: dict[str, Any]) -> None:
        who = {"@id": M + "ruud-kamperman"}
        n["besluit:heeftVoorstander"].remove(who)
        n["besluit:heeftTegenstander"].append(who)

    assert verifieer(changed_jsonld(exports, tmp_path, s, change)) == (
        1,
        "A04 (a04-muziekcafe): 5 stemmen voor volgens de namen, 6 volgens de telling\n"
        "A04 (a04-muziekcafe): 5 stemmen tegen volgens de namen, 4 volgens de telling\n"
        "A04 (a04-muziekcafe): de uitkomst is 'aangenomen', nageteld 'staking' (11 van de "
        "nodige 7 aanwezig, 5 voor, 5 tegen, 1 onthouding, meerderheid gewoon)\n"
        "A04 (a04-muziekcafe): het advies is 'toekennen', nageteld 'aanhouden'\n"
        "A04 (a04-muziekcafe): geadviseerd is € 2.750,00, nageteld € 0,00\n"
        "budget: geadviseerd is € 20.362,45, nageteld € 17.612,45\n"
        "budget: over is € 1.637,55, nageteld € 4.387,55\n"
        "klopt niet: 7 verschillen in r.jsonld\n",
    )


def test_verifieer_finds_one_changed_attendance_in_oslo(
    exports: dict[str, str], tmp_path: Path
) -> None:
    s = "urn:wijkcli:szh:ronde-2017-2:a01-huiskamer:stemming"

    def change(n: dict[str, Any]) -> None:
        n["besluit:heeftAanwezige"].remove({"@id": M + "priya-ramdin"})

    assert verifieer(changed_jsonld(exports, tmp_path, s, change)) == (
        1,
        "A01 (a01-huiskamer): 10 stemgerechtigden aanwezig volgens de namen, 11 volgens de "
        "telling\n"
        "A01 (a01-huiskamer): priya-ramdin stemde voor maar was niet aanwezig\n"
        "klopt niet: 2 verschillen in r.jsonld\n",
    )


def test_verifieer_finds_one_changed_amount_in_turtle(
    exports: dict[str, str], tmp_path: Path
) -> None:
    text = exports["turtle"]
    old = "wijk:budget 21000.00 ;"
    assert text.count(old) == 1
    path = tmp_path / "r.ttl"
    path.write_text(text.replace(old, "wijk:budget 22000.00 ;"), encoding="utf-8")
    assert verifieer(path) == (
        1,
        "budget: beschikbaar is € 22.000,00, nageteld € 23.000,00 (budget + doorgeschoven + "
        "teruggevloeid)\n"
        "budget: over is € 1.637,55, nageteld € 2.637,55\n"
        "klopt niet: 2 verschillen in r.ttl\n",
    )


def test_verifieer_refuses_what_is_no_export(exports: dict[str, str], tmp_path: Path) -> None:
    cases = {
        "a.json": exports["360giving"],
        "b.json": "{ niet json",
        "c.ttl": "dit is geen turtle",
        "d.json": json.dumps({"vote_events": [], "wijkcli": {"regels": {}}}),
        "e.json": json.dumps({"@context": "http://127.0.0.1:9/ctx.jsonld", "@graph": []}),
        "f.json": json.dumps({**json.loads(exports["popolo"]), "memberships": 5}),
        "g.json": exports["popolo"].replace('"volgorde": 1,', '"volgorde": null,', 1),
    }
    out = {}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        code, output = verifieer(tmp_path / name)
        assert code == 1, output
        assert "Traceback" not in output
        out[name] = output.splitlines()[-1]
    assert out == {
        "a.json": f"wijk: {tmp_path}/a.json: geen export van OSLO of Popolo (wijk export)",
        "b.json": f"wijk: {tmp_path}/b.json: geen geldige JSON (Expecting property name "
        "enclosed in double quotes: line 1 column 3 (char 2))",
        "c.ttl": f"wijk: {tmp_path}/c.ttl: geen geldige Turtle",
        "d.json": f"wijk: {tmp_path}/d.json: wijkcli: 'budget' ontbreekt",
        "e.json": f"wijk: {tmp_path}/e.json: JSON-LD met een @context van elders wordt niet "
        "gevolgd",
        "f.json": f"wijk: {tmp_path}/f.json: export: 'memberships' moet een lijst zijn",
        "g.json": f"wijk: {tmp_path}/g.json: motions[0].wijkcli.volgorde: geen aantal: null",
    }


def test_verifieer_messages_cannot_be_forged(exports: dict[str, str], tmp_path: Path) -> None:
    # A hostile export puts a newline and an escape sequence in an id: one line, made visible.
    def change(doc: dict[str, Any]) -> None:
        rows = vote_rows(doc, "a02-wijkgids")
        rows["kees-van-der-pol"]["voter_id"] = "kees\nklopt: \x1b[32malles"

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A02 (a02-wijkgids): kees\\nklopt: \\x1b[32malles staat bij de aanwezigen maar heeft "
        "geen stemrecht\n"
        "A02 (a02-wijkgids): 2 stemgerechtigden afwezig volgens de namen, 1 volgens de telling\n"
        "A02 (a02-wijkgids): kees\\nklopt: \\x1b[32malles stemde tegen maar was niet "
        "aanwezig\n"
        "klopt niet: 3 verschillen in r.popolo.json\n",
    )


@pytest.mark.slow
def test_a_secret_ballot_with_a_proxy_verifies(example_repo: Path) -> None:
    # Anneloes Verhagen (absent) gave Joke Aldersveld a proxy; A03 then has 12 votes for, one
    # more than the 11 voters present: the recount knows the proxy from the export alone.
    secret_ballot(example_repo)
    edit(example_repo, RONDE, "regels:\n", "regels:\n  volmacht: true\n")
    edit(example_repo, VERGADERING, "      voor: 11\n", "      voor: 12\n")
    path = example_repo / VERGADERING
    path.write_text(
        path.read_text(encoding="utf-8") + "volmachten:\n  anneloes-verhagen: joke-aldersveld\n",
        encoding="utf-8",
    )
    for name, args in (("p.json", ("popolo",)), ("o.ttl", ("oslo", "--format", "turtle"))):
        (example_repo / name).write_text(export(example_repo, *args), encoding="utf-8")
        assert verifieer(example_repo / name)[0] == 0, verifieer(example_repo / name)
    # Without the proxy in the export, 12 votes from 11 voters do not add up.
    doc = json.loads((example_repo / "p.json").read_text(encoding="utf-8"))
    rows = vote_rows(doc, "a03-samen-op-stap")
    del rows["anneloes-verhagen"]["note"]
    (example_repo / "p.json").write_text(json.dumps(doc), encoding="utf-8")
    assert verifieer(example_repo / "p.json") == (
        1,
        "A03 (a03-samen-op-stap): 12 stemmen geteld, maar hoogstens 11 leden konden stemmen\n"
        "klopt niet: 1 verschil in p.json\n",
    )


@pytest.mark.slow
def test_verifieer_survives_any_one_value_replaced(exports: dict[str, str]) -> None:
    # A hostile Popolo export: every value in turn replaced by a value of another type. The
    # recount either runs or stops with a Dutch message (WijkcliError), never a traceback.
    from wijkcli.opendata.verifieer import read_popolo, recount
    from wijkcli.problems import WijkcliError

    doc = json.loads(exports["popolo"])
    paths: list[tuple[str | int, ...]] = []

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        paths.append(path)
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(
            node, list) else ()  # fmt: skip
        for key, value in items:
            walk(value, (*path, key))

    walk(doc, ())
    assert len(paths) > 900
    crashes = []
    for path in paths[1:]:
        node = doc
        for key in path[:-1]:
            node = node[key]
        original = node[path[-1]]
        for value in (None, 5, [], {}):
            node[path[-1]] = value  # changed in place and put back: the recount only reads
            try:
                recount(read_popolo(doc))
            except WijkcliError:
                pass
            except Exception as exc:  # any other exception is the failure
                crashes.append((path, value, repr(exc)))
        node[path[-1]] = original
    assert crashes == []
    assert recount(read_popolo(doc)) == []  # all put back as it was


def test_the_exports_are_pinned(exports: dict[str, str], golden) -> None:  # type: ignore[no-untyped-def]
    # Reviewed like code: a change in what the open data says shows up in the diff.
    golden("opendata/ronde-2017-2-szh.popolo.json", exports["popolo"])
    golden("opendata/ronde-2017-2-szh.ttl", exports["turtle"])
    golden("opendata/ronde-2017-2-szh.360giving.json", exports["360giving"])


def test_360giving_needs_an_awarded_grant(example_repo: Path) -> None:
    import shutil

    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2/voortgang")
    result = CliRunner().invoke(
        app, ["export", "ronde-2017-2", "--standaard", "360giving", "--data", str(example_repo)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "wijk: ronde-2017-2 heeft voor 'szh' nog geen door Indebuurt033 toegekende aanvragen "
        "(voortgang/<aanvraag>.yaml met besluit): een 360Giving-pakket heeft er minstens één\n"
    )


def test_verifieer_recounts_the_quorum(exports: dict[str, str], tmp_path: Path) -> None:
    # A consistent copy: five of A03's voters marked absent and the counts changed to match.
    # Six of the twelve present is no quorum (seven needed); the export still says adopted.
    def change(doc: dict[str, Any]) -> None:
        rows = vote_rows(doc, "a03-samen-op-stap")
        for who in ("ahmet-yildiz", "fatima-el-amrani", "henk-jan-bosveld", "kees-van-der-pol",
                    "noel-brouwer"):  # fmt: skip
            rows[who] = {"vote_event_id": rows[who]["vote_event_id"], "voter_id": who,
                         "option": "absent"}  # fmt: skip
        (ve,) = [v for v in doc["vote_events"] if v["motion_id"].endswith("a03-samen-op-stap")]
        ve["votes"] = list(rows.values())
        ve["counts"] = [{"option": o, "value": n} for o, n in
                        (("yes", 6), ("no", 0), ("abstain", 0), ("absent", 6),
                         ("not voting", 0))]  # fmt: skip

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A03 (a03-samen-op-stap): de uitkomst is 'aangenomen', nageteld 'geen-quorum' (6 van "
        "de nodige 7 aanwezig, 6 voor, 0 tegen, 0 onthouding, meerderheid gewoon)\n"
        "A03 (a03-samen-op-stap): het advies is 'toekennen', nageteld 'aanhouden'\n"
        "A03 (a03-samen-op-stap): geadviseerd is € 4.212,50, nageteld € 0,00\n"
        "budget: geadviseerd is € 20.362,45, nageteld € 16.149,95\n"
        "budget: over is € 1.637,55, nageteld € 5.850,05\n"
        "klopt niet: 5 verschillen in r.popolo.json\n",
    )


def test_verifieer_checks_the_requirement(exports: dict[str, str], tmp_path: Path) -> None:
    def change(doc: dict[str, Any]) -> None:
        doc["motions"][3]["requirement"] = "tweederdemeerderheid"

    assert verifieer(changed_popolo(exports, tmp_path, change)) == (
        1,
        "A04 (a04-muziekcafe): requirement is 'tweederdemeerderheid', de regels zeggen "
        "'gewone meerderheid'\n"
        "klopt niet: 1 verschil in r.popolo.json\n",
    )
