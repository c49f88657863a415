"""Did-you-mean hints are bounded: every unknown id is reported, the first
`MAX_SUGGESTIONS` with a hint, so thousands of typos cannot make `wijk check` take minutes."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.helpers import VERGADERING, edit
from wijkcli.pipeline import check_repo
from wijkcli.problems import MAX_SUGGESTIONS, bounded_suggestions, suggest


def test_every_unknown_member_is_reported_the_first_ones_with_a_hint(example_repo: Path) -> None:
    n = MAX_SUGGESTIONS + 20
    typos = "".join(f"        - joke-aldersveld{i}\n" for i in range(n))
    edit(example_repo, VERGADERING, "        - joke-aldersveld\n", typos)
    _, problems = check_repo(example_repo)
    unknown = [p for p in problems if p.code == "unknown-member"]
    assert len(unknown) == n
    hints = [p.hint for p in unknown]
    assert hints[:MAX_SUGGESTIONS] == ["bedoelde je 'joke-aldersveld'?"] * MAX_SUGGESTIONS
    assert hints[MAX_SUGGESTIONS:] == [None] * 20


def test_the_bound_applies_only_inside_its_block() -> None:
    with bounded_suggestions(1):
        assert suggest("anna-janssen", ["anna-jansen"]) == "bedoelde je 'anna-jansen'?"
        assert suggest("anna-janssen", ["anna-jansen"]) is None
    assert suggest("anna-janssen", ["anna-jansen"]) == "bedoelde je 'anna-jansen'?"


@settings(max_examples=300, deadline=None)
@given(
    value=st.text(alphabet="abcde-", max_size=12),
    candidates=st.lists(st.text(alphabet="abcde-", min_size=1, max_size=12), max_size=40),
)
def test_the_pruned_search_finds_what_difflib_finds(value: str, candidates: list[str]) -> None:
    """The hint is exactly difflib's best match (highest ratio, the greatest string among
    equals), however many candidates are pruned on the way."""
    import difflib

    from wijkcli.problems import _closest

    close = difflib.get_close_matches(value, candidates, n=1, cutoff=0.6)
    assert _closest(value, candidates, 0.6) == (close[0] if close else None)


def test_a_scoring_evening_keeps_its_own_hints(example_repo: Path) -> None:
    """The bound is for the checks of the rounds together; the scoring evening, read and
    checked apart, gives a hint for each of its own unknown ids, as before the registry."""
    n = MAX_SUGGESTIONS + 20
    typos = "".join(f"        - joke-aldersveld{i}\n" for i in range(n))
    edit(example_repo, VERGADERING, "        - joke-aldersveld\n", typos)
    kandidaten = "data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml"
    edit(example_repo, kandidaten, "id: welzijn-samen\n", "id: welzijn-samen-x\n")
    _, problems = check_repo(example_repo)
    unknown = [p for p in problems if p.code == "unknown-kandidaat"]
    assert len(unknown) == 30  # each of the 30 forms scores the candidate
    assert {p.hint for p in unknown} == {"bedoelde je 'welzijn-samen-x'?"}
