"""Cross-file checks: each problem class has its (file, line, column, code)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import (
    AANVRAAG,
    GEBIED,
    LEDEN,
    RONDE,
    VERGADERING,
    WIJKPLAN,
    check,
    edit,
)
from wijkcli.pipeline import check_repo

A08_VOTES = "      onthouding: []\nopmerkingen:"


def test_vote_by_member_who_had_left(example_repo: Path) -> None:
    # Ahmet Yıldız left before A08; a vote from him there is refused.
    line, col = edit(
        example_repo, VERGADERING, A08_VOTES, "      onthouding: [ahmet-yildiz]\nopmerkingen:"
    )
    check(example_repo, (VERGADERING, line, col + len("      onthouding: ["), "absent-vote"))


def test_vote_by_member_who_sent_apologies(example_repo: Path) -> None:
    line, col = edit(
        example_repo, VERGADERING, A08_VOTES, "      onthouding: [anneloes-verhagen]\nopmerkingen:"
    )
    check(example_repo, (VERGADERING, line, col + 19, "absent-vote"))


def test_recused_member_may_not_vote(example_repo: Path) -> None:
    # Tineke van 't Zand has a personal interest in A02.
    line, col = edit(
        example_repo,
        VERGADERING,
        "      tegen: [kees-van-der-pol]",
        "      tegen: [kees-van-der-pol, tineke-van-t-zand]",
    )
    check(
        example_repo,
        (VERGADERING, line, col + len("      tegen: [kees-van-der-pol, "), "recused-vote"),
    )


def test_member_votes_twice(example_repo: Path) -> None:
    line, col = edit(
        example_repo, VERGADERING, A08_VOTES, "      onthouding: [priya-ramdin]\nopmerkingen:"
    )
    check(example_repo, (VERGADERING, line, col + 19, "duplicate-vote"))


def test_professional_has_no_vote(example_repo: Path) -> None:
    line, col = edit(
        example_repo, VERGADERING, A08_VOTES, "      onthouding: [mirjam-lagerweij]\nopmerkingen:"
    )
    check(example_repo, (VERGADERING, line, col + 19, "not-a-voter"))


def test_unknown_member_with_suggestion(example_repo: Path) -> None:
    line, col = edit(
        example_repo, VERGADERING, A08_VOTES, "      onthouding: [priya-ramdn]\nopmerkingen:"
    )
    check(example_repo, (VERGADERING, line, col + 19, "unknown-member"))
    _, problems = check_repo(example_repo)
    (p,) = [p for p in problems if p.code == "unknown-member"]
    assert p.hint == "bedoelde je 'priya-ramdin'?"


def test_reference_checks(example_repo: Path) -> None:
    line, col = edit(example_repo, AANVRAAG, "thema: ontmoeten", "thema: ontmoet")
    edit(example_repo, AANVRAAG, "wijken: [schothorst]", "wijken: [schothorst, soesterkwartier]")
    check(
        example_repo, (AANVRAAG, line, col + 7, "unknown-thema"), (AANVRAAG, 7, 22, "unknown-wijk")
    )


def test_id_must_match_file_name(example_repo: Path) -> None:
    line, col = edit(example_repo, AANVRAAG, "id: a01-huiskamer", "id: a01-woonkamer")
    check(example_repo, (AANVRAAG, line, col + 4, "id-mismatch"))


def test_dates_in_order(example_repo: Path) -> None:
    line, col = edit(
        example_repo, RONDE, "advies_uiterlijk: 2017-04-19", "advies_uiterlijk: 2017-04-12"
    )
    check(example_repo, (RONDE, line, col + 18, "date-order"))


def test_two_themes_with_the_same_priority_is_a_warning(example_repo: Path) -> None:
    """Hours go to themes in order of priority; a tie would leave it to the file's order."""
    lines = (example_repo / WIJKPLAN).read_text(encoding="utf-8").splitlines()
    line = lines.index("    prioriteit: 4") + 1  # jeugd's; omzien has 3
    edit(example_repo, WIJKPLAN, "    prioriteit: 4\n", "    prioriteit: 3\n")
    check(example_repo, (WIJKPLAN, line, 17, "duplicate-priority"))
    _, problems = check_repo(example_repo)
    [tie] = [p for p in problems if p.code == "duplicate-priority"]
    assert not tie.is_error
    assert "'jeugd'" in tie.message and "'omzien'" in tie.message


def test_professional_without_hours(example_repo: Path) -> None:
    text = (example_repo / LEDEN).read_text(encoding="utf-8")
    before = text[: text.index("    uren:\n      2017: 90\n")]
    item = before.count("\n", 0, before.rindex("  - id: ")) + 1  # the professional's item
    edit(example_repo, LEDEN, "    uren:\n      2017: 90\n", "", count=1)
    check(example_repo, (LEDEN, item, 5, "missing-field"))


def test_unknown_voorzitter(example_repo: Path) -> None:
    line, col = edit(example_repo, GEBIED, "voorzitter: joke-aldersveld", "voorzitter: joke")
    check(example_repo, (GEBIED, line, col + 12, "unknown-member"))


def test_secret_ballot_takes_counts_not_names(example_repo: Path) -> None:
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    # Every list of names is refused at its first name, and nothing else is reported.
    lines = (example_repo / VERGADERING).read_text(encoding="utf-8").splitlines()
    expected = []
    for n, text in enumerate(lines, start=1):
        m = re.fullmatch(r"      (voor|tegen|onthouding):( \[\]| \[| *)(.*)", text)
        if m is None or m[2] == " []":
            continue
        if m[2] == " [":
            expected.append((VERGADERING, n, len("      ") + len(m[1]) + 3, "named-secret-vote"))
        elif lines[n].startswith("        - "):  # a block list: at its first item
            expected.append((VERGADERING, n + 1, 9, "named-secret-vote"))
    assert len(expected) == 18  # every list of names in the example's minutes
    check(example_repo, *expected)


def test_secret_ballot_counts_cannot_exceed_voters(example_repo: Path) -> None:
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    minutes = example_repo / VERGADERING
    text = minutes.read_text(encoding="utf-8")
    # Replace every named vote list by a count.
    text = re.sub(
        r"(      (voor|tegen|onthouding):)(\n        - [a-z-]+)+",
        lambda m: f"{m[1]} 1",
        text,
    )
    text = re.sub(r"(      (voor|tegen|onthouding):) \[[^\]]*\]", lambda m: f"{m[1]} 1", text)
    text = text.replace(
        "      voor: 1\n      tegen: 1\n      onthouding: 1\nopmerkingen:",
        "      voor: 9\n      tegen: 1\n      onthouding: 1\nopmerkingen:",
    )
    minutes.write_text(text, encoding="utf-8")
    # A08: 11 votes, 10 present; nothing else (no names, so no named-secret-vote).
    a08 = text.index("  a08-taalcafe:")
    line = text.count("\n", 0, text.index("    stemmen:", a08)) + 1
    check(example_repo, (VERGADERING, line + 1, 7, "too-many-votes"))  # at the votes


def test_over_budget_without_rule_names_the_shortfall(example_repo: Path) -> None:
    edit(example_repo, RONDE, "  szh: 21000", "  szh: 15000")
    edit(example_repo, RONDE, "  toewijzing: steun-overslaan\n", "")
    _, problems = check_repo(example_repo)
    (p,) = [p for p in problems if p.code == "over-budget"]
    assert p.location is not None and p.location.path == VERGADERING
    assert "€ 4.362,45" in p.message  # 20.362,45 adopted − 16.000,00 available


def test_checks_report_everything_in_one_stable_run(example_repo: Path) -> None:
    edit(example_repo, VERGADERING, A08_VOTES, "      onthouding: [ahmet-yildiz]\nopmerkingen:")
    edit(example_repo, AANVRAAG, "thema: ontmoeten", "thema: ontmoet")
    edit(example_repo, GEBIED, "voorzitter: joke-aldersveld", "voorzitter: joke")
    first = check_repo(example_repo)[1]
    second = check_repo(example_repo)[1]
    assert [p.sort_key() for p in first] == [p.sort_key() for p in second]
    check(
        example_repo,
        (AANVRAAG, 8, 8, "unknown-thema"),
        (GEBIED, 32, 15, "unknown-member"),
        (VERGADERING, 237, 20, "absent-vote"),
    )


def test_hours_belong_to_professionals(example_repo: Path) -> None:
    line, col = edit(example_repo, AANVRAAG, "  linda-hoogeveen: 10", "  joke-aldersveld: 10")
    w_line, w_col = edit(example_repo, RONDE, "  martijn-zwart: 15", "  martijn-zwrat: 15")
    check(
        example_repo,
        (AANVRAAG, line, col + 2, "not-a-professional"),
        (RONDE, w_line, w_col + 2, "unknown-professional"),
        # A01's decision gives Linda the hours the application no longer asks of her.
        (VERGADERING, 38, 7, "hours-not-asked"),
    )
