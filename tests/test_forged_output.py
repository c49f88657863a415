"""Values from the files cannot forge output: control and invisible characters in a file name
or a quoted value are written out visibly in every line format of `wijk check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, GEBIED, LEDEN, RONDE, VERGADERING, edit, found
from wijkcli.cli.app import app
from wijkcli.text import visible

KANDIDATEN = "data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml"

FORGED = r"x\n::error file=data/gebieden/szh/leden.yaml,line=1::vervalst"
"""A YAML double-quoted id whose escape makes a newline and a GitHub command. The reader keeps a
newline in a value (a block of text needs it) and refuses the other control characters."""


def test_visible_escapes_controls_and_invisible_characters() -> None:
    assert visible("anna\u200b-jansen") == "anna\\u200b-jansen"
    assert visible("a\nb\tc\rd") == "a\\nb\\tc\\rd"
    assert visible("\x1b[31mrood\x9b") == "\\x1b[31mrood\\x9b"
    assert visible("€ 1.250,\u202e05") == "€ 1.250,\\u202e05"
    assert visible("Jan\u00a0de Vries") == "Jan\\xa0de Vries"
    assert visible("„Wegwijs” – café") == "„Wegwijs” – café"


def _problem_count(runner, repo: Path) -> int:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--format", "json", "--data", str(repo)])
    return len(json.loads(result.stdout)["problemen"])


@pytest.mark.parametrize("fmt", ["tekst", "parsable", "github"])
def test_a_forged_value_stays_on_its_line(runner, example_repo: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    edit(example_repo, VERGADERING, "- joke-aldersveld\n", f'- "{FORGED}"\n')
    result = runner.invoke(app, ["check", "--format", fmt, "--data", str(example_repo)])
    assert result.exit_code == 1
    out = result.stdout
    assert "\x1b" not in out and "\x07" not in out
    lines = out.splitlines()
    forged = [line for line in lines if "vervalst" in line]
    assert len(forged) == 1, out
    assert "\\n::error file=data/gebieden/szh/leden.yaml,line=1::vervalst" in (
        forged[0].replace("%3A", ":").replace("%2C", ",")
    )
    if fmt != "tekst":  # exactly one line per problem
        assert len(lines) == _problem_count(runner, example_repo), out
        prefix = "data/" if fmt == "parsable" else "::"
        assert all(line.startswith(prefix) for line in lines), out


@pytest.mark.parametrize("fmt", ["tekst", "parsable", "github", "json"])
def test_a_file_name_with_control_characters_is_shown_escaped(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, fmt: str
) -> None:
    bad = example_repo / "data" / "gebieden" / "szh" / "oud\n::error ::x\x1b]0;t\x07\x9b\x7f.yaml"
    bad.write_text("a: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--format", fmt, "--data", str(example_repo)])
    out = result.stdout
    assert not any(c in out for c in "\x1b\x07\x9b\x7f"), out
    escaped = "data/gebieden/szh/oud\\n::error ::x\\x1b]0;t\\x07\\x9b\\x7f.yaml"
    message = (
        "wijkcli kent dit bestand niet (verkeerde naam of map?); het wordt overgeslagen (zie "
        "docs/formaat.md voor de namen van de bestanden)"
    )
    if fmt == "json":  # JSON escapes by itself; the name stays exact for a program
        (item,) = [p for p in json.loads(out)["problemen"] if "oud" in (p["pad"] or "")]
        assert item["pad"] == "data/gebieden/szh/oud\n::error ::x\x1b]0;t\x07\x9b\x7f.yaml"
        return
    lines = [line for line in out.splitlines() if "oud" in line]
    if fmt == "parsable":
        assert lines == [f"{escaped}: waarschuwing: {message} [unknown-file]"]
        assert len(out.splitlines()) == _problem_count(runner, example_repo)
    elif fmt == "github":
        assert lines == [
            "::warning file=" + escaped.replace(":", "%3A") + ",title=unknown-file::" + message
        ]
        assert len(out.splitlines()) == _problem_count(runner, example_repo)
    else:
        assert lines == [escaped]  # the file's heading; its problem is on the next line
        at = out.splitlines().index(escaped)
        assert out.splitlines()[at + 1 : at + 3] == [
            "           waarschuwing: wijkcli kent dit bestand niet (verkeerde naam of map?); het "
            "wordt overgeslagen [unknown-file]",
            "           → zie docs/formaat.md voor de namen van de bestanden",
        ]


@pytest.mark.parametrize("fmt", ["tekst", "parsable", "github"])
def test_invisible_characters_in_an_id_are_shown(runner, example_repo: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    """A zero-width space or a no-break space makes an id that looks right but is not: the
    message shows where it is (`joke\\u200b-aldersveld`)."""
    edit(example_repo, VERGADERING, "- joke-aldersveld\n", "- joke\u200b-aldersveld\n")
    edit(example_repo, VERGADERING, "- mirjam-lagerweij\n", "- mirjam\u00a0lagerweij\n")
    result = runner.invoke(app, ["check", "--format", "parsable", "--data", str(example_repo)])
    errors = [line for line in result.stdout.splitlines() if ": fout: " in line]
    example = "gebruik kleine letters, cijfers en streepjes (bijvoorbeeld joke-aldersveld)"
    assert errors == [
        f"{VERGADERING}:8:5: fout: 'joke\\u200b-aldersveld' is geen geldige id: {example} "
        "[invalid-value]",
        f"{VERGADERING}:20:5: fout: 'mirjam\\xa0lagerweij' is geen geldige id: {example} "
        "[invalid-value]",
    ]
    other = runner.invoke(app, ["check", "--format", fmt, "--data", str(example_repo)])
    assert "joke\\u200b-aldersveld" in other.stdout and "mirjam\\xa0lagerweij" in other.stdout
    assert "\u200b" not in other.stdout and "\u00a0" not in other.stdout


KINDS = [
    (LEDEN, "naam: Joke Aldersveld", 'naam: "Joke\\e]8;;https://x.example/\\e\\\\Aldersveld"'),
    (AANVRAAG, "titel: Huiskamer De Koperhorst", 'titel: "Huiskamer\\u202e De Koperhorst"'),
    (RONDE, "naam: Subsidieronde 2 (2017)", 'naam: "Subsidieronde\\r2 (2017)"'),
    (GEBIED, "naam: SZH", 'naam: "SZH\\x9b2J"'),
    (KANDIDATEN, "naam: Welzijn Samen", "naam: Welzijn\x7fSamen"),
]


@pytest.mark.parametrize(("rel", "old", "new"), KINDS, ids=[k[0].split("/")[-1] for k in KINDS])
def test_every_kind_of_file_refuses_control_characters(
    example_repo: Path, rel: str, old: str, new: str
) -> None:
    line, column = edit(example_repo, rel, old, new)
    column += new.index(":") + 2  # the value, after the key
    if "\x7f" in new:
        column += new.index("\x7f") - new.index(":") - 2  # a raw character: at itself
    # The complete list for the refused file; what other files then miss is issue 15.2's.
    assert {p for p in found(example_repo) if p[0] == rel} == {
        (rel, line, column, "control-character")
    }


def test_a_folder_name_with_a_newline_cannot_forge_an_error_line(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "x\n::error file=data/gebieden/szh/leden.yaml::vervalst\x1b]0;t\x07"
    result = runner.invoke(app, ["check", "--data", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wijk: de map '{tmp_path}/x\\n::error file=data/gebieden/szh/leden.yaml::vervalst"
        "\\x1b]0;t\\x07' bestaat niet (geef een andere map op met --data)\n"
    )
