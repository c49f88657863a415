"""The `wijk` command: a thin Typer layer over the library. Glue only.

Each command translates options, calls one library function, passes the result to a view or a
template, writes it, and exits: 0 clean, 1 problems in the data or a `WijkcliError`, 2 usage
error (Click's own), 3 internal bug. Heavy imports (pydantic, jinja2) happen inside commands so
`wijk --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli_common import (
    STATE,
    DataOpt,
    DocFormat,
    ForceOpt,
    GebiedOpt,
    ProblemFormat,
    TableFormat,
    UitOpt,
    emit,
    err,
    gebied_jaar,
    handled,
    parse_date,
    single_gebied,
)
from wijkcli.cli_dutch import WijkCommand, WijkGroup

app = typer.Typer(
    name="wijk",
    cls=WijkGroup,
    help="wijkcli: de besluiten van een Bewonersteam in platte bestanden. Controleer de "
    "gegevens, tel de stemmen, bewaak de uren en maak de adviesbrief.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from wijkcli import __version__

        typer.echo(f"wijkcli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een interne fout de volledige melding.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Toon de versie.", callback=_version, is_eager=True),
    ] = False,
) -> None:
    if debug:
        STATE["debug"] = True


@app.command(cls=WijkCommand)
@handled
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
) -> None:
    """Controleer alle bestanden en verwijzingen; meldt alle problemen in één keer.

    Voorbeeld: wijk check --format parsable
    """
    if uitleg is not None:
        from wijkcli.explain import CODES, explain
        from wijkcli.problems import WijkcliError

        text = explain(uitleg)
        if text is None:
            raise WijkcliError(f"onbekende code '{uitleg}'; bekend: {', '.join(sorted(CODES))}")
        sys.stdout.write(text)
        return
    from wijkcli.pipeline import check_repo
    from wijkcli.report import format_problems, print_human

    _, problems = check_repo(data)
    if format is ProblemFormat.tekst:
        print_human(problems)
    else:
        sys.stdout.write(format_problems(problems, format.value))
    failing = [p for p in problems if p.is_error or strict]
    raise typer.Exit(1 if failing else 0)


@app.command(cls=WijkCommand)
@handled
def schema(
    uit: Annotated[
        Path | None,
        typer.Option(
            "--uit", help="Schrijf één <soort>.schema.json per bestandssoort in deze map."
        ),
    ] = None,
) -> None:
    """Schrijf het JSON Schema van elke bestandssoort (uit het model gegenereerd).

    Voorbeeld: wijk schema --uit schema/
    """
    from wijkcli.schema import all_schemas, schema_json

    schemas = all_schemas()
    if uit is None:
        sys.stdout.write(schema_json(schemas))
        return
    from wijkcli.output import write_document

    for kind, content in schemas.items():
        write_document(uit / f"{kind}.schema.json", content, force=True, track=False)
    err(f"{len(schemas)} schema's geschreven in {uit}")


@app.command(cls=WijkCommand)
@handled
def tally(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-2.")],
    gebied: GebiedOpt = None,
    format: Annotated[
        TableFormat, typer.Option("--format", help="tabel, json of md.")
    ] = TableFormat.tabel,
    data: DataOpt = Path("."),
) -> None:
    """Tel de stemmen van een ronde: per aanvraag voorstel, aanwezigen, quorum, uitkomst en
    advies; per gebied het budget.

    Voorbeeld: wijk tally ronde-2017-2
    """
    from wijkcli.pipeline import load_clean
    from wijkcli.tally import tally_ronde
    from wijkcli.views import tally_json, tally_table

    dataset, _ = load_clean(data)
    result = tally_ronde(dataset, ronde, gebied)
    out = tally_json(result) if format is TableFormat.json else tally_table(result, format.value)
    sys.stdout.write(out)


@app.command(cls=WijkCommand)
@handled
def advies(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-2.")],
    gebied: GebiedOpt = None,
    format: Annotated[DocFormat, typer.Option("--format", help="md of html.")] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Datum van de brief (JJJJ-MM-DD); standaard de uiterste adviesdatum van de ronde.",
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Maak de adviesbrief aan Indebuurt033 voor een ronde.

    Voorbeeld: wijk advies ronde-2017-2 --format html --uit brieven/
    """
    from wijkcli.documents import advies_context
    from wijkcli.pipeline import load_clean
    from wijkcli.render import render
    from wijkcli.version import data_version

    letter_date = parse_date(datum)
    dataset, _ = load_clean(data)
    gid = single_gebied(dataset, ronde, gebied)
    context = advies_context(
        dataset, ronde, gid, versie=data_version(dataset.root), datum=letter_date
    )
    content = render(f"adviesbrief.{format.value}.j2", context)
    emit(content, uit, force, f"advies-{ronde}-{gid}.{format.value}")


@app.command(cls=WijkCommand)
@handled
def uren(
    gebied: Annotated[
        str | None, typer.Argument(help="Id van het gebied; mag weg als er maar één is.")
    ] = None,
    jaar: Annotated[
        int | None, typer.Option("--jaar", help="Het jaar; standaard het nieuwste wijkplan.")
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", help="tabel, json of md.")
    ] = TableFormat.tabel,
    data: DataOpt = Path("."),
) -> None:
    """Uren van professionals: beschikbaar, geclaimd door het wijkplan, pool, vrij en
    geadviseerd per ronde, met een markering waar het over de grens gaat.

    Voorbeeld: wijk uren szh --jaar 2017
    """
    from wijkcli.hours import HOURS_CODES, hours_report
    from wijkcli.pipeline import load_clean
    from wijkcli.report import format_human
    from wijkcli.views import hours_json, hours_table

    dataset, problems = load_clean(data, allow=HOURS_CODES)
    overruns = [p for p in problems if p.code in HOURS_CODES]
    if overruns:
        err(format_human(overruns).rstrip("\n"))
    gid, year = gebied_jaar(dataset, gebied, jaar)
    report = hours_report(dataset, gid, year)
    out = hours_json(report) if format is TableFormat.json else hours_table(report, format.value)
    sys.stdout.write(out)
    raise typer.Exit(1 if any(p.is_error for p in overruns) else 0)


@app.command(cls=WijkCommand)
@handled
def verschil(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-2.")],
    sinds: Annotated[
        str, typer.Option("--sinds", help="Git-versie om mee te vergelijken (commit, tak, tag).")
    ] = "HEAD",
    data: DataOpt = Path("."),
) -> None:
    """Wat verandert er in het advies (uitkomsten, bedragen, uren, totalen) tussen een
    git-versie en de bestanden zoals ze nu zijn: de samenvatting voor een pull request.

    Voorbeeld: wijk verschil ronde-2017-2 --sinds origin/main
    """
    import tempfile

    from wijkcli.diff import diff_results, format_changes
    from wijkcli.pipeline import load_clean
    from wijkcli.tally import tally_ronde
    from wijkcli.tree import find_data_dir
    from wijkcli.version import export_data_at

    dataset, _ = load_clean(data)
    with tempfile.TemporaryDirectory() as tmp:
        old_data = export_data_at(find_data_dir(data), sinds, Path(tmp))
        old, _ = load_clean(old_data)
        changes = diff_results(tally_ronde(old, ronde), tally_ronde(dataset, ronde))
    sys.stdout.write(format_changes(ronde, sinds, changes))


def _register_subcommands() -> None:
    """Commands that live in their own modules (each imports only typer at module level)."""
    from wijkcli import cli_beoordeling, cli_nieuw, cli_nieuwsbrief, cli_plan
    from wijkcli.cli_pb import pb_app

    app.add_typer(pb_app, name="pb")
    cli_plan.register(app)
    cli_beoordeling.register(app)
    cli_nieuwsbrief.register(app)
    cli_nieuw.register(app)


_register_subcommands()


def main() -> None:
    """Entry point of the `wijk` script."""
    app()
