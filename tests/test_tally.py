"""Counting votes under the round's rules, and fitting the advice to the budget."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import RONDE, VERGADERING, Found, check, edit
from wijkcli.count.ledger import Ledger, tally
from wijkcli.count.tally import majority, quorum_needed
from wijkcli.model import Regels
from wijkcli.pipeline import load_clean


def items_by_id(dataset):  # type: ignore[no-untyped-def]
    return {i.aanvraag_id: i for i in tally(dataset.meeting("ronde-2017-2", "szh")).items}


def test_example_outcomes(example_dataset) -> None:  # type: ignore[no-untyped-def]
    items = items_by_id(example_dataset)
    a05 = items["a05-chill-en-skill"]
    assert (a05.voor, a05.tegen, a05.onthouding) == (5, 5, 1)
    assert a05.uitkomst == "staking" and a05.advies == "aanhouden" and a05.bedrag == 0
    assert items["a02-wijkgids"].recused == ("tineke-van-t-zand",)
    assert items["a06-repair-cafe"].recused == ("sjoerd-de-bruijn-oosterveld",)
    assert items["a08-taalcafe"].present == 10  # Ahmet Yıldız had left
    assert items["a07-buurtbarbecue"].advies == "afwijzen"
    assert items["a03-samen-op-stap"].unaniem
    assert [i.voor for i in items.values()] == [8, 9, 11, 6, 5, 9, 9, 7]


def test_example_budget(example_dataset) -> None:  # type: ignore[no-untyped-def]
    g = tally(example_dataset.meeting("ronde-2017-2", "szh"))
    assert g.beschikbaar == Decimal("22000.00")
    assert g.gevraagd == Decimal("29112.45")
    assert g.geadviseerd == Decimal("20362.45")
    assert g.over == Decimal("1637.55")
    assert g.uren == {"gerda-wolters": 70, "linda-hoogeveen": 10, "mirjam-lagerweij": 64}
    assert g.toewijzing is None


@pytest.mark.parametrize(
    ("rule", "voor", "tegen", "onth", "expected"),
    [
        ("gewoon", 5, 5, 1, None),
        ("gewoon", 6, 5, 0, True),
        ("gewoon", 0, 0, 3, None),
        ("volstrekt", 5, 4, 1, False),  # 5 of 10 cast is not more than half
        ("volstrekt", 6, 4, 1, True),
        ("twee-derde", 6, 3, 0, True),  # two-thirds of 9 is 6
        ("twee-derde", 5, 3, 1, False),
        ("twee-derde", 0, 0, 0, None),  # as many for as against: a tie
        ("volstrekt", 5, 5, 0, None),
        ("twee-derde", 4, 4, 2, None),
    ],
)
def test_majority_rules(rule: str, voor: int, tegen: int, onth: int, expected: bool | None) -> None:
    assert majority(Regels(meerderheid=rule), voor, tegen, onth) is expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("roll", "need"), [(12, 7), (11, 6), (9, 5), (1, 1), (0, 1)])
def test_quorum_is_more_than_half(roll: int, need: int) -> None:
    assert quorum_needed(Regels(), roll) == need


def test_without_quorum_the_advice_is_aanhouden(example_repo: Path) -> None:
    # Six members send apologies: 5 of 12 present is not more than half.
    absent = ["ruud-kamperman", "fatima-el-amrani", "henk-jan-bosveld", "marieke-dorrestein",
              "noel-brouwer", "priya-ramdin"]  # fmt: skip
    text = (example_repo / VERGADERING).read_text(encoding="utf-8")
    for lid in absent:
        text = text.replace(f"  - {lid}\n", "", 1)
        text = text.replace(f"        - {lid}\n", "").replace(f"{lid}, ", "")
        text = text.replace(f", {lid}]", "]").replace(f"[{lid}]", "[]")
    text = text.replace(
        "afgemeld: [anneloes-verhagen]", f"afgemeld: [anneloes-verhagen, {', '.join(absent)}]"
    )
    (example_repo / VERGADERING).write_text(text, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    items = items_by_id(dataset)
    assert all(not i.quorum_met and i.advies == "aanhouden" for i in items.values())
    assert tally(dataset.meeting("ronde-2017-2", "szh")).geadviseerd == 0


def test_chair_decides_a_tie_when_the_rules_say_so(example_repo: Path) -> None:
    edit(example_repo, RONDE, "regels:\n", "regels:\n  staking: voorzitter\n")
    edit(example_repo, RONDE, "  szh: 21000", "  szh: 25000")  # so that A05 also fits
    edit(
        example_repo,
        VERGADERING,
        "    bedrag: 4000\n",
        "    bedrag: 4000\n    voorzitter_beslist: aangenomen\n",
    )
    dataset, _ = load_clean(example_repo)
    a05 = items_by_id(dataset)["a05-chill-en-skill"]
    assert a05.uitkomst == "voorzitter-aangenomen" and a05.advies == "gedeeltelijk"


def _adopt_a05(repo: Path) -> None:
    """Turn one tegen into voor on A05: 6–4, adopted at € 4.000,00 (total € 24.362,45)."""
    text = (repo / VERGADERING).read_text(encoding="utf-8")
    start = text.index("  a05-chill-en-skill:")
    end = text.index("  a06-repair-cafe:")
    block = text[start:end]
    voor_start = block.index("      voor:")
    tegen_start = block.index("      tegen:")
    tegen_block = block[tegen_start:]
    first = tegen_block.split("\n")[1].strip()
    assert first.startswith("- ")
    lid = first[2:]
    block = block.replace(f"        - {lid}\n", "", 1)
    block = (
        block[:voor_start]
        + "      voor:\n        - "
        + lid
        + block[voor_start + len("      voor:") :]
    )
    (repo / VERGADERING).write_text(text[:start] + block + text[end:], encoding="utf-8")


@pytest.mark.parametrize("rule", ["steun-overslaan", "steun-stoppen", "gelijke-delen"])
def test_over_budget_is_fitted_by_the_rounds_rule(example_repo: Path, rule: str) -> None:
    _adopt_a05(example_repo)
    edit(example_repo, RONDE, "toewijzing: steun-overslaan", f"toewijzing: {rule}")
    dataset, _ = load_clean(example_repo)
    g = tally(dataset.meeting("ronde-2017-2", "szh"))
    a05 = {i.aanvraag_id: i for i in g.items}["a05-chill-en-skill"]
    assert a05.adopted
    assert g.toewijzing == rule
    assert g.geadviseerd <= g.beschikbaar
    if rule != "gelijke-delen":
        # By support A05 (6 voor, € 4.000) ranks last with A04 (6 voor, cheaper): it does not fit.
        assert a05.buiten_budget and a05.advies == "aanhouden" and a05.bedrag == 0
        assert g.geadviseerd == Decimal("20362.45")


def _named_lists(repo: Path, rel: str) -> list[Found]:
    """A named-secret-vote at every non-empty voor/tegen/onthouding list of names in repo/rel,
    at the list's start (found from the YAML, not from the checker)."""
    import yaml

    def walk(node: yaml.Node) -> Iterator[Found]:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if (
                    key.value in ("voor", "tegen", "onthouding")
                    and isinstance(value, yaml.SequenceNode)
                    and value.value
                ):
                    mark = value.start_mark
                    yield (rel, mark.line + 1, mark.column + 1, "named-secret-vote")
                yield from walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item)

    return list(walk(yaml.compose((repo / rel).read_text(encoding="utf-8"))))


def test_gelijke_delen_needs_an_open_ballot(example_repo: Path) -> None:
    _adopt_a05(example_repo)
    edit(example_repo, RONDE, "toewijzing: steun-overslaan", "toewijzing: gelijke-delen")
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    # With a secret ballot the minutes hold counts; the named lists are an error first: one at
    # every list of names in the minutes (each is a place where names must become a count),
    # and nothing else (the count that needs the ballot cannot run on these errors).
    named = _named_lists(example_repo, VERGADERING)
    assert len(named) == 18  # eight votes: 8 voor, 6 tegen and 4 onthouding lists
    check(example_repo, *named)


def test_carry_over_chains_through_the_year(example_repo: Path) -> None:
    """A later round of the same year receives what this round left (€ 1.637,55)."""
    import shutil

    src = example_repo / "data/rondes/ronde-2017-2"
    dst = example_repo / "data/rondes/ronde-2017-3"
    (dst / "aanvragen").mkdir(parents=True)
    text = (src / "ronde.yaml").read_text(encoding="utf-8")
    text = text.replace("id: ronde-2017-2", "id: ronde-2017-3")
    for old, new in [("2017-03-31", "2017-06-30"), ("2017-04-05", "2017-07-05"),
                     ("2017-04-07", "2017-07-07"), ("2017-04-13", "2017-07-13"),
                     ("2017-04-19", "2017-07-19"), ("2017-04-28", "2017-07-28"),
                     ("2017-05-11", "2017-08-10")]:  # fmt: skip
        text = text.replace(old, new)
    text = text.replace("doorgeschoven:\n  szh: 1000\n", "")
    (dst / "ronde.yaml").write_text(text, encoding="utf-8")
    shutil.copy(src / "aanvragen/a04-muziekcafe.yaml", dst / "aanvragen/a04-muziekcafe.yaml")
    dataset, _ = load_clean(example_repo)
    later = Ledger.of(dataset).tally_ronde(dataset.meetings("ronde-2017-3")).gebieden[0]
    assert later.doorgeschoven == Decimal("1637.55")
    # The follow-up records of ronde-2017-2 give € 2.940,00 back (A08 € 300,00 not granted,
    # A02 € 70,00 and A04 € 2.570,00 returned): a line of its own, part of what is available.
    assert later.teruggevloeid == Decimal("2940.00")
    assert later.beschikbaar == Decimal("21000") + Decimal("1637.55") + Decimal("2940.00")
    shutil.rmtree(src / "voortgang")
    dataset, _ = load_clean(example_repo)
    later = Ledger.of(dataset).tally_ronde(dataset.meetings("ronde-2017-3")).gebieden[0]
    assert (later.doorgeschoven, later.teruggevloeid) == (Decimal("1637.55"), Decimal("0"))
    assert later.beschikbaar == Decimal("22637.55")


# --- properties ---------------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    rule=st.sampled_from(["gewoon", "volstrekt", "twee-derde"]),
    voor=st.integers(0, 30),
    tegen=st.integers(0, 30),
    onth=st.integers(0, 30),
)
def test_one_more_voor_never_rejects_an_adopted_proposal(
    rule: str, voor: int, tegen: int, onth: int
) -> None:
    regels = Regels(meerderheid=rule)  # type: ignore[arg-type]
    if majority(regels, voor, tegen, onth):
        assert majority(regels, voor + 1, tegen, onth)
    # ... nor does moving an abstention or a tegen to voor.
    if onth and majority(regels, voor, tegen, onth):
        assert majority(regels, voor + 1, tegen, onth - 1)
    if tegen and majority(regels, voor, tegen, onth):
        assert majority(regels, voor + 1, tegen - 1, onth)
