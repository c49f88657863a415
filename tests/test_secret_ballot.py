"""Issue 20, item 8: in a secret ballot, nothing written inside `stemmen` is ever echoed in a
message, in any output format of `wijk check` (GitHub annotations included)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers import RONDE, VERGADERING, check, edit
from wijkcli.cli.app import app

FORMATS = ["tekst", "parsable", "json", "github"]
SECRETS = ["Ruud Kamperman", "Fatima", "henk-jan", "sjoerd", "geheim-lid"]


@pytest.fixture
def secret_minutes(example_repo: Path) -> Path:
    """The example as a secret ballot with counts, then three ways of writing names where a
    count belongs in A01: a text, a list with a name that is no id, and a name as a key."""
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    minutes = example_repo / VERGADERING
    text = minutes.read_text(encoding="utf-8")
    text = re.sub(r"(      (voor|tegen|onthouding):)(\n        - [a-z-]+)+", r"\1 1", text)
    text = re.sub(r"(      (voor|tegen|onthouding):) \[[^\]]*\]", r"\1 1", text)
    first = text.index("    stemmen:\n      voor: 1\n      tegen: 1\n      onthouding: 1\n")
    text = text[:first] + text[first:].replace(
        "    stemmen:\n      voor: 1\n      tegen: 1\n      onthouding: 1\n",
        "    stemmen:\n"
        "      voor: henk-jan-bosveld, sjoerd-de-bruijn-oosterveld\n"
        "      tegen: [Ruud Kamperman, Fatima]\n"
        "      onthouding: 1\n"
        "      geheim-lid: 1\n",
        1,
    )
    minutes.write_text(text, encoding="utf-8")
    return example_repo


def test_names_in_a_secret_ballot_give_problems_at_their_place(secret_minutes: Path) -> None:
    check(
        secret_minutes,
        (VERGADERING, 48, 13, "invalid-value"),
        (VERGADERING, 49, 15, "invalid-value"),
        (VERGADERING, 49, 31, "invalid-value"),
        (VERGADERING, 51, 7, "unknown-key"),
    )


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_no_value_inside_stemmen_is_echoed(runner, secret_minutes: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--format", fmt, "--data", str(secret_minutes)])
    assert result.exit_code == 1
    assert VERGADERING in result.output  # the problems are there ...
    for secret in SECRETS:  # ... without what was written
        assert secret not in result.output, (secret, result.output)
