"""`wijk check`: check every file and cross-reference; all problems in one run. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ProblemFormat, parse_date
from wijkcli.cli.dutch import WijkCommand
from wijkcli.cli.errors import exit_code_if_output_cut


def check(
    data: DataOpt = Path("."),
    format: Annotated[
        ProblemFormat,
        typer.Option(
            "--format",
            help="tekst (per bestand), parsable (één regel per probleem), "
            "json of github (annotaties in een pull request).",
        ),
    ] = ProblemFormat.tekst,
    strict: Annotated[
        bool, typer.Option("--strict", help="Waarschuwingen tellen ook als fout.")
    ] = False,
    uitleg: Annotated[
        str | None,
        typer.Option(
            "--uitleg",
            help="Leg een probleemcode uit, met een voorbeeld (bijv. --uitleg recused-vote).",
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Waarschuw ook voor actiepunten uit de notulen die op deze datum (JJJJ-MM-DD) "
            "over tijd zijn.",
        ),
    ] = None,
) -> None:
    """Controleer alle bestanden en verwijzingen; meldt alle problemen in één keer.

    Voorbeeld: wijk check --format parsable
    """
    if uitleg is not None:
        from wijkcli.pipeline import explanations
        from wijkcli.problems import UsageMistake, suggest

        codes = explanations()
        if uitleg not in codes:
            hint = suggest(uitleg, codes)
            raise UsageMistake(
                f"onbekende code '{uitleg}'"
                + (f"; {hint}" if hint else f"; bekend: {', '.join(sorted(codes))}")
            )
        sys.stdout.write(codes[uitleg].text())
        return
    from wijkcli.documents.check import format_problems, print_human
    from wijkcli.pipeline import check_repo

    _, problems = check_repo(data, parse_date(datum))
    failing = [p for p in problems if p.is_error or strict]
    exit_code_if_output_cut(1 if failing else 0)  # `wijk check | head`: the data decides
    if format is ProblemFormat.tekst:
        print_human(problems)
    else:
        sys.stdout.write(format_problems(problems, format.value))
    raise typer.Exit(1 if failing else 0)


def register(app: typer.Typer) -> None:
    app.command("check", cls=WijkCommand)(check)
