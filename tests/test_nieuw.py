"""`wijk nieuw` and `wijk init` as a secretary uses them: prompts that ask again, files that
follow the example, nothing injected, nothing half-made, and next year's plan that does not
stop this year's work."""

from __future__ import annotations

from pathlib import Path

from wijkcli.cli.app import app


def test_next_years_wijkplan_blocks_only_that_years_commands(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    data = ["--data", str(example_repo)]
    made = runner.invoke(app, ["nieuw", "wijkplan", "szh", "2018", *data])
    assert made.exit_code == 1 and "hours-no-year" in made.stdout  # check says what is missing
    assert runner.invoke(app, ["check", *data]).exit_code == 1
    for this_year in (["tally", "ronde-2017-2"], ["advies", "ronde-2017-2"],
                      ["agenda", "ronde-2017-2"], ["plan", "szh", "2017"]):  # fmt: skip
        result = runner.invoke(app, [*this_year, *data])
        assert result.exit_code == 0, (this_year, result.output)
    next_year = runner.invoke(app, ["plan", "szh", "2018", *data])
    assert next_year.exit_code == 1
    assert "de gegevens bevatten fouten" in next_year.stderr
    assert next_year.stderr.count("[hours-no-year]") == 6
