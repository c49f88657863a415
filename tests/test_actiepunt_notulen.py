"""`wijk actiepunt gedaan RONDE N` and `wijk notulen RONDE --vastgesteld DATUM` (#28): one
line added to the minutes, every other byte (comments included) the same, written atomically;
what cannot be done is refused in Dutch with exit 2 and the file untouched."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import VERGADERING, check, edit
from wijkcli.cli.app import app

DONE_LINE = "    gedaan: 2017-05-10\n"


def _minutes(repo: Path) -> str:
    return (repo / VERGADERING).read_text(encoding="utf-8")


def _leftovers(repo: Path) -> list[Path]:
    return [p for p in (repo / VERGADERING).parent.iterdir() if p.name.startswith(".")]


def test_an_action_point_is_marked_done_with_one_line(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    # A comment inside and after the action point: kept where it is.
    edit(example_repo, VERGADERING, "    uiterlijk: 2017-05-11\n",
         "    uiterlijk: 2017-05-11   # na de nieuwsbrief van mei\n  # einde actiepunten\n")  # fmt: skip
    before = _minutes(example_repo)
    result = runner.invoke(
        app,
        ["actiepunt", "gedaan", "ronde-2017-2", "3", "--op", "2017-05-10",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    after = _minutes(example_repo)
    anchor = "    uiterlijk: 2017-05-11   # na de nieuwsbrief van mei\n"
    assert after == before.replace(anchor, anchor + DONE_LINE)
    assert _leftovers(example_repo) == []
    check(example_repo)
    listed = runner.invoke(
        app, ["actiepunten", "--datum", "2017-06-01", "--format", "json",
              "--data", str(example_repo)]
    )  # fmt: skip
    assert '"nummer": 3' not in listed.stdout and '"nummer": 1' in listed.stdout


def test_done_today_without_op(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    result = runner.invoke(
        app, ["actiepunt", "gedaan", "ronde-2017-2", "1", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    assert f"    gedaan: {date.today().isoformat()}\n" in _minutes(example_repo)


def test_a_flow_style_action_point_gets_the_key_inside_its_braces(
    runner, example_repo: Path
) -> None:  # type: ignore[no-untyped-def]
    old = ("  - wat: Oproep voor een bewonerslid uit Hoefkwartier in de nieuwsbrief\n"
           "    wie: tineke-van-t-zand\n    uiterlijk: 2017-05-11\n")  # fmt: skip
    new = ("  - {wat: Oproep in de nieuwsbrief, wie: tineke-van-t-zand, uiterlijk: 2017-05-11}"
           "  # flow\n")  # fmt: skip
    edit(example_repo, VERGADERING, old, new)
    before = _minutes(example_repo)
    result = runner.invoke(
        app,
        ["actiepunt", "gedaan", "ronde-2017-2", "3", "--op", "2017-05-10",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _minutes(example_repo) == before.replace(
        "uiterlijk: 2017-05-11}", "uiterlijk: 2017-05-11, gedaan: 2017-05-10}"
    )
    check(example_repo)


def test_what_cannot_be_marked_is_refused_and_nothing_changes(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _minutes(example_repo)
    for args, said in [
        (["2", "--op", "2017-05-10"],
         "wijk: vergadering-szh.yaml: actiepunt 2 is al gedaan (gedaan: 2017-04-26)\n"),
        (["4"], "wijk: vergadering-szh.yaml: actiepunt 4 bestaat niet in deze notulen (er zijn "
                "er 3)\n"),
        (["1", "--op", "2017-04-12"],
         "wijk: 2017-04-12 ligt vóór de vergadering van 13 april 2017, waarin het actiepunt is "
         "afgesproken\n"),
    ]:  # fmt: skip
        result = runner.invoke(
            app, ["actiepunt", "gedaan", "ronde-2017-2", *args, "--data", str(example_repo)]
        )
        assert result.exit_code == 2, (args, result.output)
        assert result.stderr == said
    for args in (["0"], ["een"], ["1", "--op", "2017-05-32"]):
        result = runner.invoke(
            app, ["actiepunt", "gedaan", "ronde-2017-2", *args, "--data", str(example_repo)]
        )
        assert result.exit_code == 2, (args, result.output)
    assert _minutes(example_repo) == before and _leftovers(example_repo) == []


def test_adopting_the_minutes_adds_one_line_after_the_date(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _minutes(example_repo)
    result = runner.invoke(
        app, ["notulen", "ronde-2017-2", "--vastgesteld", "2017-07-13", "--data",
              str(example_repo)]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # recording, not the document
    assert _minutes(example_repo) == before.replace(
        "datum: 2017-04-13\n", "datum: 2017-04-13\nnotulen_vastgesteld: 2017-07-13\n", 1
    )
    assert _leftovers(example_repo) == []
    check(example_repo)
    again = runner.invoke(
        app, ["notulen", "ronde-2017-2", "--vastgesteld", "2017-07-14", "--data",
              str(example_repo)]
    )  # fmt: skip
    assert again.exit_code == 2
    assert again.stderr == (
        "wijk: vergadering-szh.yaml: deze notulen zijn al vastgesteld (notulen_vastgesteld staat erin)\n"
    )


def test_minutes_are_not_adopted_before_the_meeting(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _minutes(example_repo)
    result = runner.invoke(
        app, ["notulen", "ronde-2017-2", "--vastgesteld", "2017-04-12", "--data",
              str(example_repo)]
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "wijk: 2017-04-12 ligt vóór de vergadering van 13 april 2017; notulen worden "
        "vastgesteld in een volgende vergadering\n"
    )
    assert _minutes(example_repo) == before
    # Written by hand: wijk check says it at its place.
    line, _ = edit(example_repo, VERGADERING, "datum: 2017-04-13\n",
                        "datum: 2017-04-13\nnotulen_vastgesteld: 2017-04-01\n")  # fmt: skip
    check(example_repo, (VERGADERING, line + 1, len("notulen_vastgesteld: ") + 1, "date-order"))
