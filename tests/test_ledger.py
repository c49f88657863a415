"""The ledger (issue #27, docs/formaat.md §12): money over time, one order of rounds, a sent
letter that never changes, and the year's balance in which every euro is in one place.

The properties are tested with Hypothesis (a well-kept property-testing library) on whole years
generated from the example: rounds on random and equal dates, budgets that do or do not fit,
Indebuurt033 granting less or more than advised, advances and final payments, money returned
before and after later rounds, projects that close with money unpaid."""

from __future__ import annotations

import copy
import json
import shutil
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.helpers import edit
from wijkcli.cli.app import app
from wijkcli.count.ledger import Ledger, tally
from wijkcli.dataset import Dataset, RondeData
from wijkcli.model import Ronde, Voortgang
from wijkcli.pipeline import check_repo, load_clean

REPO = Path(__file__).resolve().parents[1]
RONDE = "data/rondes/ronde-2017-2"
ZERO = Decimal(0)


# --- the example ---------------------------------------------------------------------------


def test_kasboek_golden(runner: CliRunner, golden) -> None:  # type: ignore[no-untyped-def]
    for fmt, name in [("md", "kasboek-2017.md"), ("json", "kasboek-2017.json"),
                      ("tabel", "kasboek-2017.txt")]:  # fmt: skip
        result = runner.invoke(
            app, ["kasboek", "szh", "2017", "--format", fmt, "--data", str(REPO)]
        )
        assert result.exit_code == 0, result.output
        golden(f"szh/{name}", result.stdout)


def test_the_example_balance_adds_up_on_every_date(example_dataset: Dataset) -> None:
    """Every day of 2017 (and the day before it starts): the places add up to what the rounds
    had, and each place is what a treasurer works out by hand on three dates."""
    ledger = Ledger.of(example_dataset)
    day = date(2016, 12, 31)
    while day <= date(2018, 1, 1):
        kb = ledger.kasboek("szh", 2017, op=day)
        assert sum((a for _, a in kb.balans), ZERO) == kb.rondebudgetten == Decimal("22000")
        day += timedelta(days=1)

    def places(op: date | None) -> dict[str, Decimal]:
        return {k: v for k, v in ledger.kasboek("szh", 2017, op=op).balans if v}

    assert places(date(2017, 4, 12)) == {"nog te verdelen in een volgende ronde": Decimal("22000")}
    # After the meeting, before Indebuurt033's decision of 28 April: all advice is open.
    assert places(date(2017, 4, 20)) == {
        "over na de laatste ronde": Decimal("1637.55"),
        "geadviseerd, besluit van Indebuurt033 nog niet bekend": Decimal("20362.45"),
    }
    # Everything recorded: A01 holds € 150 of its paid € 6.500 (spent 6.350), A03 € 262,50 of
    # its grant paid with the decision (spent 3.950); € 2.940 came back after the last round.
    assert places(None) == {
        "over na de laatste ronde": Decimal("1637.55"),
        "betaald, nog bij de aanvragers": Decimal("412.50"),
        "besteed": Decimal("17009.95"),
        "terug naar het fonds": Decimal("2940.00"),
    }


def test_kasboek_json_reads_back_every_figure(runner: CliRunner) -> None:
    result = runner.invoke(app, ["kasboek", "szh", "2017", "--datum", "2017-06-01",
                                 "--format", "json", "--data", str(REPO)])  # fmt: skip
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    a01 = next(t for t in out["toekenningen"] if t["aanvraag"] == "a01-huiskamer")
    assert (a01["voorschot"], a01["eindbetaling"], a01["nog_te_betalen"]) == (
        "4875.00", "0.00", "1625.00",
    )  # fmt: skip
    total = sum(Decimal(p["bedrag"]) for p in out["balans"]["plaatsen"])
    assert total == Decimal(out["balans"]["totaal"]) == Decimal("22000")
    assert [f["aanvraag"] for f in out["naar_fonds"]] == ["a08-taalcafe"]  # € 300, 28 April


# --- a third round of 2017 (the repro of the issue) -----------------------------------------


def _round_3(repo: Path, meeting: str = "2017-07-13") -> None:
    """ronde-2017-3: budget € 10.000, meeting on `meeting` (in July, or later: then every
    later date of the round moves as much), two applications of € 8.000 and € 5.000, both
    adopted by everyone present (A01 first)."""
    src, dst = repo / RONDE, repo / "data/rondes/ronde-2017-3"
    (dst / "aanvragen").mkdir(parents=True)
    text = (src / "ronde.yaml").read_text(encoding="utf-8")
    for old, new in [("ronde-2017-2", "ronde-2017-3"), ("Subsidieronde 2", "Subsidieronde 3"),
                     ("2017-03-31", "2017-06-30"), ("2017-04-05", "2017-07-03"),
                     ("2017-04-07", "2017-07-05"), ("2017-04-13", meeting),
                     ("2017-04-19", "2017-07-19"), ("2017-04-28", "2017-07-28"),
                     ("2017-05-11", "2017-08-10"), ("  szh: 21000", "  szh: 10000"),
                     ("doorgeschoven:\n  szh: 1000\n", "")]:  # fmt: skip
        text = text.replace(old, new)
    shift = date.fromisoformat(meeting) - date(2017, 7, 13)
    for later in ("2017-07-19", "2017-07-28", "2017-08-10"):
        text = text.replace(later, (date.fromisoformat(later) + shift).isoformat())
    (dst / "ronde.yaml").write_text(text, encoding="utf-8")
    for aid, nummer, bedrag in [("a01-speeltuin", "A01", 8000), ("a02-buurtfeest", "A02", 5000)]:
        (dst / "aanvragen" / f"{aid}.yaml").write_text(
            f"id: {aid}\nnummer: {nummer}\ngebied: szh\nwijken: [zielhorst]\n"
            f"titel: {aid}\nthema: ontmoeten\naanvrager: {{naam: Buurtgroep, soort: groep}}\n"
            f"bedrag: {bedrag}\ningediend: 2017-06-20\nbetrokken_leden: []\n",
            encoding="utf-8",
        )
    voters = ["joke-aldersveld", "ruud-kamperman", "tineke-van-t-zand", "fatima-el-amrani",
              "henk-jan-bosveld", "marieke-dorrestein", "ahmet-yildiz", "noel-brouwer",
              "priya-ramdin", "kees-van-der-pol", "sjoerd-de-bruijn-oosterveld"]  # fmt: skip
    items = "".join(
        f"  {aid}:\n    voorstel: toekennen\n    stemmen:\n      voor: [{', '.join(voters)}]\n"
        for aid in ("a01-speeltuin", "a02-buurtfeest")
    )
    (dst / "vergadering-szh.yaml").write_text(
        f"gebied: szh\ndatum: {meeting}\naanwezig: [{', '.join(voters)}]\n"
        f"afgemeld: [anneloes-verhagen]\nbesluiten:\n{items}",
        encoding="utf-8",
    )


def _letter(repo: Path, ronde: str) -> str:
    result = CliRunner().invoke(app, ["advies", ronde, "--data", str(repo)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_december_record_never_changes_the_july_letter(example_repo: Path) -> None:
    """Why 1 of the issue: round 3 meets in July and advises A02 € 5.000; its letter is sent.
    In December Indebuurt033's decision on round 2's Huiskamer is recorded: € 9.000 instead of
    the € 6.500 advised. Dated in December, it comes after the last round of the year: the July
    letter stays byte-identical, `wijk check` says nothing about it, and the year's ledger
    takes the € 2.500 more from the fund."""
    a01 = example_repo / RONDE / "voortgang/a01-huiskamer.yaml"
    a01.unlink()  # not recorded yet in July
    _round_3(example_repo)
    runner = CliRunner()
    sent = runner.invoke(app, ["advies", "ronde-2017-3", "--verzonden", "2017-07-19",
                               "--data", str(example_repo)])  # fmt: skip
    assert sent.exit_code == 0, sent.output
    july = _letter(example_repo, "ronde-2017-3")
    assert "| A02 " in july and "€ 5.000,00" in july
    a01.write_text(
        "aanvraag: a01-huiskamer\nbesluit:\n  datum: 2017-12-04\n  bedrag: 9000\n"
        "  reden: De gemeente verhoogde het budget van de huiskamers.\n",
        encoding="utf-8",
    )
    assert problems_of(example_repo) == []
    assert _letter(example_repo, "ronde-2017-3") == july
    dataset, _ = load_clean(example_repo)
    kb = Ledger.of(dataset).kasboek("szh", 2017)
    assert ("a01-huiskamer", Decimal("-2500")) in [(f.aanvraag, f.bedrag) for f in kb.naar_fonds]
    assert sum((a for _, a in kb.balans), ZERO) == kb.rondebudgetten


def test_a_back_dated_grant_fails_at_its_line_once_the_letter_is_sent(example_repo: Path) -> None:
    """The issue's repro as it was typed: the December change is written into the April
    decision (`besluit: bedrag: 9000` dated 28 April). That € 2.500 would come out of the July
    round: once the July letter is sent, `wijk check` fails at that line, with both figures."""
    _round_3(example_repo)
    sent = CliRunner().invoke(app, ["advies", "ronde-2017-3", "--verzonden", "2017-07-19",
                                    "--data", str(example_repo)])  # fmt: skip
    assert sent.exit_code == 0, sent.output
    a01 = f"{RONDE}/voortgang/a01-huiskamer.yaml"
    line, col = edit(example_repo, a01, "  bedrag: 6500\n",
                     "  bedrag: 9000\n  reden: De gemeente verhoogde het budget.\n")  # fmt: skip
    assert problems_of(example_repo) == [
        (a01, line, col + len("  bedrag: "), "sent-advice-changed")
    ]
    _, found = check_repo(example_repo)
    assert [p.message for p in found if p.code == "sent-advice-changed"] == [
        "de verzonden brief (19 juli 2017) telde als geld terug van 'a01-huiskamer' "
        "(ronde-2017-2, niet toegekend) niets; nu is het € -2.500,00 (28 april 2017)"
    ]


def problems_of(repo: Path) -> list[tuple[str, int, int, str]]:
    """Problems other than the example's own warnings."""
    from tests.helpers import EXAMPLE_PROBLEMS

    _, found = check_repo(repo)
    got = [
        (p.location.path, p.location.line, p.location.column, p.code) for p in found if p.location
    ]
    return [p for p in got if p not in EXAMPLE_PROBLEMS]


def test_a_back_dated_change_to_a_sent_letter_fails_at_the_changed_line(example_repo: Path) -> None:
    """After `wijk advies --verzonden`, money returned dated before the July meeting would
    change the July letter: `wijk check` fails at the changed line with the figure before and
    after; dated after the meeting it is fine; a herziening makes the new figures hold."""
    _round_3(example_repo)
    runner = CliRunner()
    sent = runner.invoke(app, ["advies", "ronde-2017-3", "--verzonden", "2017-07-19",
                               "--data", str(example_repo)])  # fmt: skip
    assert sent.exit_code == 0, sent.output
    july = _letter(example_repo, "ronde-2017-3")
    a04 = f"{RONDE}/voortgang/a04-muziekcafe.yaml"
    line, _col = edit(
        example_repo,
        a04,
        "terugbetaald: 2570\n",
        "terugbetaald: 2570\nterugbetaald_op: 2017-07-01\n",
    )
    # Was dated by its last status (12 June): still before 13 July, so nothing changes.
    assert problems_of(example_repo) == []
    edit(example_repo, a04, "terugbetaald: 2570\n", "terugbetaald: 2500\n")
    assert problems_of(example_repo) == [(a04, line, 15, "sent-advice-changed")]
    _, found = check_repo(example_repo)
    assert [p.message for p in found if p.code == "sent-advice-changed"] == [
        "de verzonden brief (19 juli 2017) telde als geld terug van 'a04-muziekcafe' "
        "(ronde-2017-2, terugbetaald) € 2.570,00 (12 juni 2017); nu is het € 2.500,00 "
        "(1 juli 2017)"
    ]
    # The whole € 2.570, but paid back after the meeting: it leaves July's money.
    edit(example_repo, a04, "terugbetaald: 2500\nterugbetaald_op: 2017-07-01",
         "terugbetaald: 2570\nterugbetaald_op: 2017-07-20")  # fmt: skip
    assert problems_of(example_repo) == [(a04, line, 15, "sent-advice-changed")]
    edit(example_repo, a04, "terugbetaald_op: 2017-07-20", "terugbetaald_op: 2017-07-01")
    assert problems_of(example_repo) == []
    assert _letter(example_repo, "ronde-2017-3") == july
    # A changed decision in the July minutes: at that decision.
    minutes = "data/rondes/ronde-2017-3/vergadering-szh.yaml"
    line, _ = edit(example_repo, minutes, "  a02-buurtfeest:\n    voorstel: toekennen\n",
                   "  a02-buurtfeest:\n    voorstel: gedeeltelijk\n    bedrag: 4000\n")  # fmt: skip
    assert problems_of(example_repo) == [(minutes, line, 3, "sent-advice-changed")]
    herzien = runner.invoke(app, ["advies", "ronde-2017-3", "--herzien",
                                  "Het buurtfeest wordt kleiner.", "--datum", "2017-08-01",
                                  "--data", str(example_repo)])  # fmt: skip
    assert herzien.exit_code == 0, herzien.output
    assert problems_of(example_repo) == []
    letter = _letter(example_repo, "ronde-2017-3")
    assert "- Dit advies is herzien op 1 augustus 2017: Het buurtfeest wordt kleiner.\n" in letter
    assert "| **Datum** | Amersfoort, 19 juli 2017 |" in letter


def test_two_rounds_on_one_day_each_receive_exactly_what_the_round_before_left(
    example_repo: Path,
) -> None:
    """Why 2 of the issue: rounds 2 and 2b on 13 April, round 3 in September. One order
    (meeting date, then id): 2 → 2b → 3; 2b gets 2's leftover, round 3 gets 2b's leftover and
    everything that came back since 13 April. Nothing vanishes, nothing is counted twice."""
    rondes = example_repo / "data/rondes"
    shutil.copytree(
        rondes / "ronde-2017-2",
        rondes / "ronde-2017-2b",
        ignore=shutil.ignore_patterns("voortgang"),
    )
    for f in sorted((rondes / "ronde-2017-2b").rglob("*.yaml")):
        f.write_text(f.read_text(encoding="utf-8").replace("ronde-2017-2", "ronde-2017-2b")
                     .replace("doorgeschoven:\n  szh: 1000\n", "")
                     .replace("  szh: 21000", "  szh: 15000"), encoding="utf-8")  # fmt: skip
    _round_3(example_repo, meeting="2017-09-14")
    dataset, _ = load_clean(example_repo)
    r2 = tally(dataset.meeting("ronde-2017-2", "szh"))
    r2b = tally(dataset.meeting("ronde-2017-2b", "szh"))
    r3 = tally(dataset.meeting("ronde-2017-3", "szh"))
    assert r2.over == Decimal("1637.55")
    assert (r2b.doorgeschoven, r2b.teruggevloeid) == (Decimal("1637.55"), ZERO)
    assert r3.doorgeschoven == r2b.over
    assert r3.teruggevloeid == Decimal("2940.00")  # everything round 2 gave back by September
    kb = Ledger.of(dataset).kasboek("szh", 2017)
    assert sum((a for _, a in kb.balans), ZERO) == kb.rondebudgetten == Decimal("47000")


# --- whole years, generated -----------------------------------------------------------------


@st.composite
def years(draw: st.DrawFn) -> tuple[Dataset, list[date]]:
    """The example's gebied with 1–4 copies of its round 2 on random (possibly equal) dates,
    random budgets, and for every adopted application a random follow-up record."""
    base: Dataset = _example()
    template: RondeData = base.rondes["ronde-2017-2"]
    dataset = copy.deepcopy(base)
    dataset.rondes = {}
    n = draw(st.integers(1, 4))
    days = sorted(draw(st.lists(st.integers(10, 330), min_size=n, max_size=n)))
    events: list[date] = []
    for k, day in enumerate(days):
        rid = f"ronde-2017-{k + 1}"
        meeting = date(2017, 1, 1) + timedelta(days=day)
        events.append(meeting)
        info = template.info.model_copy(
            update={
                "id": rid,
                "budget": {"szh": Decimal(draw(st.integers(0, 30_000)))},
                "doorgeschoven": {},
                "vergadering": template.info.vergadering.model_copy(update={"datum": meeting}),
            }
        )
        r = copy.deepcopy(template)
        r.id, r.ronde, r.voortgang, r.voortgang_src = (
            rid,
            Ronde.model_validate(info.model_dump()),
            {},
            {},
        )
        r.vergaderingen = {
            "szh": template.vergaderingen["szh"].model_copy(update={"datum": meeting})
        }
        dataset.rondes[rid] = r
        result = tally(dataset.meeting(rid, "szh"))
        dataset.derived.clear()  # the follow-up records below change the count
        for item in result.items:
            if item.advies not in ("toekennen", "gedeeltelijk") or not draw(st.booleans()):
                continue
            besluit = meeting + timedelta(days=draw(st.integers(0, 60)))
            granted = max(ZERO, item.bedrag + Decimal(draw(st.integers(-2000, 1500))))
            paid: list[dict[str, object]] = []
            if draw(st.booleans()):
                advance = (granted * Decimal(draw(st.integers(0, 75))) / 100).quantize(
                    Decimal("0.01")
                )
                paid.append({"datum": besluit + timedelta(days=3), "bedrag": advance})
            spent = (granted * Decimal(draw(st.integers(0, 100))) / 100).quantize(Decimal("0.01"))
            back_on = besluit + timedelta(days=draw(st.integers(1, 300)))
            status = [{"status": "toegekend", "datum": besluit}]
            if draw(st.booleans()):
                status.append({"status": "afgerond", "datum": back_on})
            total_paid = sum((Decimal(str(p["bedrag"])) for p in paid), ZERO)
            returned = (total_paid - min(spent, total_paid)) if paid else granted - spent
            v = Voortgang.model_validate({
                "aanvraag": item.aanvraag_id,
                "besluit": {"datum": besluit, "bedrag": granted,
                            "reden": "meer" if granted > item.bedrag else None},
                "status": status,
                "betalingen": paid,
                "besteed": min(spent, total_paid) if paid else spent,
                "terugbetaald": returned,
                "terugbetaald_op": back_on,
            })  # fmt: skip
            r.voortgang[item.aanvraag_id] = v
            events += [besluit, back_on, besluit + timedelta(days=3)]
    return dataset, sorted(set(events))


_EXAMPLE: list[Dataset] = []


def _example() -> Dataset:
    if not _EXAMPLE:
        _EXAMPLE.append(load_clean(REPO)[0])
    return _EXAMPLE[0]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years())
def test_every_euro_is_in_one_place_on_every_date(year: tuple[Dataset, list[date]]) -> None:
    dataset, events = year
    ledger = Ledger.of(dataset)
    for day in [date(2016, 12, 31), *events, *(e - timedelta(days=1) for e in events), None]:
        kb = ledger.kasboek("szh", 2017, op=day)
        assert sum((a for _, a in kb.balans), ZERO) == kb.rondebudgetten
        for t in kb.toekenningen:  # granted = paid + outstanding (+ released at the end)
            assert (
                t.toegekend or ZERO
            ) == t.betaald + t.nog_te_betalen + t.vervallen or t.toegekend is None
            assert t.betaald == t.besteed + t.terugbetaald + t.bij_aanvrager


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(years(), st.data())
def test_an_event_after_a_round_never_changes_that_round(
    year: tuple[Dataset, list[date]], data: st.DataObject
) -> None:
    """A decision of Indebuurt033 recorded for any grant, dated after round k's meeting, with
    money not granted and money returned later still: round k's figures, and those of every
    round before it, stay the same."""
    dataset, _ = year
    ledger = Ledger.of(dataset)
    rounds = ledger.year_rounds(2017, "szh")
    k = data.draw(st.integers(0, len(rounds) - 1))
    before = [ledger.stand(dataset.meeting(r.id, "szh")) for r in rounds[: k + 1]]
    open_grants = [
        (r, item)
        for r in rounds
        for item in tally(dataset.meeting(r.id, "szh")).items
        if item.advies in ("toekennen", "gedeeltelijk") and item.aanvraag_id not in r.voortgang
    ]
    if not open_grants:
        return
    r, item = data.draw(st.sampled_from(open_grants))
    start = max(rounds[k].info.vergadering.datum, r.info.vergadering.datum)
    besluit = start + timedelta(days=data.draw(st.integers(1, 100)))
    granted = max(ZERO, item.bedrag - Decimal(data.draw(st.integers(0, 500))))
    changed = copy.deepcopy(dataset)
    changed.rondes[r.id].voortgang[item.aanvraag_id] = Voortgang.model_validate(
        {
            "aanvraag": item.aanvraag_id,
            "besluit": {"datum": besluit, "bedrag": granted},
            "besteed": (granted / 2).quantize(Decimal("0.01")),
            "terugbetaald": (granted / 4).quantize(Decimal("0.01")),
            "terugbetaald_op": besluit + timedelta(days=data.draw(st.integers(0, 100))),
        }
    )
    again = [Ledger.of(changed).stand(changed.meeting(x.id, "szh")) for x in rounds[: k + 1]]
    assert again == before
    # ... while the ledger on the day of that decision and after still balances
    kb = Ledger.of(changed).kasboek("szh", 2017, op=besluit)
    assert sum((a for _, a in kb.balans), ZERO) == kb.rondebudgetten


def test_the_letter_cites_a_legal_basis_only_when_the_round_gives_one(example_repo: Path) -> None:
    closing = "Wijkt u af van dit advies, dan horen wij graag waarom."
    letter = _letter(example_repo, "ronde-2017-2")
    assert f"{closing}\n" in letter and "Awb" not in letter and "artikel" not in letter
    edit(example_repo, f"{RONDE}/ronde.yaml", 'regeling: "Projecten#Indebuurt, versie 2016"\n',
         "regeling:\n  naam: Projecten#Indebuurt, versie 2016\n"
         "  grondslag: artikel 3:50 van de Algemene wet bestuursrecht (Awb)\n"
         "  slotzin: Wijkt u af van dit advies, dan vermeldt u dat met de redenen in uw besluit.\n")  # fmt: skip
    letter = _letter(example_repo, "ronde-2017-2")
    assert (
        "## Grondslag\n\n- Subsidieregeling Projecten#Indebuurt, versie 2016\n"
        "- artikel 3:50 van de Algemene wet bestuursrecht (Awb)\n- Wijkplan SZH 2017" in letter
    )
    assert (
        "verwachten. Wijkt u af van dit advies, dan vermeldt u dat met de redenen in uw "
        "besluit.\n" in letter
    )
    assert closing not in letter


def test_the_regeling_as_a_mapping_is_checked_at_its_keys(example_repo: Path) -> None:
    from tests.helpers import check

    edit(example_repo, f"{RONDE}/ronde.yaml", 'regeling: "Projecten#Indebuurt, versie 2016"\n',
         "regeling:\n  naam: Projecten#Indebuurt, versie 2016\n  grondslg: artikel 3:50\n")  # fmt: skip
    check(example_repo, (f"{RONDE}/ronde.yaml", 8, 3, "unknown-key"))
    edit(example_repo, f"{RONDE}/ronde.yaml",
         "regeling:\n  naam: Projecten#Indebuurt, versie 2016\n  grondslg: artikel 3:50\n",
         "regeling: [Projecten#Indebuurt]\n")  # fmt: skip
    check(example_repo, (f"{RONDE}/ronde.yaml", 6, 11, "wrong-type"))
