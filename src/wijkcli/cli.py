"""The `wijk` command: a thin Typer layer over the library. Glue only.

Each command translates options, calls one library function, passes the result to a view or a
template, writes it, and exits: 0 clean, 1 problems in the data or a `WijkcliError`, 2 usage
error (Click's own), 3 internal bug. Heavy imports (pydantic, jinja2) happen inside commands so
`wijk --help` stays fast.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

app = typer.Typer(
    name="wijk",
    help="wijkcli: de besluiten van een Bewonersteam in platte bestanden. Controleer de "
    "gegevens, tel de stemmen, bewaak de uren en maak de adviesbrief.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": bool(os.environ.get("WIJK_DEBUG"))}

F = TypeVar("F", bound=Callable[..., Any])

DataOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Map van de gegevensrepository (met data/ erin), of de data-map zelf.",
        show_default=True,
    ),
]
GebiedOpt = Annotated[
    str | None, typer.Option("--gebied", help="Alleen dit gebied (id, bijvoorbeeld szh).")
]
UitOpt = Annotated[
    Path | None,
    typer.Option("--uit", help="Schrijf naar dit bestand (of deze map) in plaats van het scherm."),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overschrijf ook een bestand dat met de hand is aangepast.")
]


class ProblemFormat(str, Enum):
    tekst = "tekst"
    parsable = "parsable"
    json = "json"
    github = "github"


class TableFormat(str, Enum):
    tabel = "tabel"
    json = "json"
    md = "md"


class DocFormat(str, Enum):
    md = "md"
    html = "html"


def _err(message: str) -> None:
    typer.echo(message, err=True)


def handled(func: F) -> F:
    """Turn library errors into Dutch messages and exit codes; never show a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from wijkcli.problems import DataProblemsError, WijkcliError

        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except DataProblemsError as exc:
            from wijkcli.report import format_human

            _err(f"wijk: {exc}")
            _err(format_human(exc.problems).rstrip("\n"))
            raise typer.Exit(1) from None
        except WijkcliError as exc:
            _err(f"wijk: {exc}")
            raise typer.Exit(1) from None
        except KeyboardInterrupt:
            _err("wijk: afgebroken")
            raise typer.Exit(130) from None
        except Exception as exc:
            if _state["debug"]:
                raise
            _err(
                f"wijk: interne fout ({type(exc).__name__}). Dit is een fout in wijkcli, niet in "
                "je gegevens; je bestanden zijn niet veranderd. Draai opnieuw met --debug en "
                "meld de uitvoer."
            )
            raise typer.Exit(3) from None

    return wrapper  # type: ignore[return-value]


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
        _state["debug"] = True


def _emit(content: str, uit: Path | None, force: bool, default_name: str) -> None:
    if uit is None:
        sys.stdout.write(content)
        return
    from wijkcli.output import write_document

    target = uit / default_name if uit.is_dir() else uit
    changed = write_document(target, content, force=force)
    _err(f"{'Geschreven' if changed else 'Ongewijzigd'}: {target}")


def _single_gebied(dataset: Any, ronde_id: str, gebied: str | None) -> str:
    from wijkcli.problems import WijkcliError

    r = dataset.rondes.get(ronde_id)
    if r is None or r.ronde is None:
        known = ", ".join(sorted(dataset.rondes)) or "geen"
        raise WijkcliError(f"ronde '{ronde_id}' bestaat niet in data/rondes (wel: {known})")
    gebieden = sorted(r.ronde.budget)
    if gebied is not None:
        if gebied not in gebieden:
            raise WijkcliError(
                f"gebied '{gebied}' doet niet mee in {ronde_id} (wel: {', '.join(gebieden)})"
            )
        return gebied
    if len(gebieden) == 1:
        return gebieden[0]
    raise WijkcliError(
        f"{ronde_id} heeft meerdere gebieden ({', '.join(gebieden)}); kies er één met --gebied"
    )


@app.command()
@handled
def check(
    data: DataOpt = Path("."),
    format: Annotated[
        ProblemFormat,
        typer.Option("--format", help="tekst (per bestand), parsable (één regel per probleem), "
                     "json of github (annotaties in een pull request)."),
    ] = ProblemFormat.tekst,
    strict: Annotated[
        bool, typer.Option("--strict", help="Waarschuwingen tellen ook als fout.")
    ] = False,
) -> None:
    """Controleer alle bestanden en verwijzingen; meldt alle problemen in één keer.

    Voorbeeld: wijk check --format parsable
    """
    from wijkcli.pipeline import check_repo
    from wijkcli.report import format_problems

    _, problems = check_repo(data)
    sys.stdout.write(format_problems(problems, format.value))
    failing = [p for p in problems if p.is_error or strict]
    raise typer.Exit(1 if failing else 0)


@app.command()
@handled
def schema(
    uit: Annotated[
        Path | None,
        typer.Option("--uit", help="Schrijf één <soort>.schema.json per bestandssoort in deze map."),
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
        write_document(uit / f"{kind}.schema.json", content, force=True)
    _err(f"{len(schemas)} schema's geschreven in {uit}")


@app.command()
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


@app.command()
@handled
def advies(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-2.")],
    gebied: GebiedOpt = None,
    format: Annotated[DocFormat, typer.Option("--format", help="md of html.")] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    datum: Annotated[
        str | None,
        typer.Option("--datum", help="Datum van de brief (JJJJ-MM-DD); standaard de "
                     "uiterste adviesdatum van de ronde."),
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

    letter_date = _parse_date(datum)
    dataset, _ = load_clean(data)
    gid = _single_gebied(dataset, ronde, gebied)
    context = advies_context(
        dataset, ronde, gid, versie=data_version(dataset.root), datum=letter_date
    )
    content = render(f"adviesbrief.{format.value}.j2", context)
    _emit(content, uit, force, f"advies-{ronde}-{gid}.{format.value}")


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is geen datum; schrijf JJJJ-MM-DD", param_hint="--datum"
        ) from None


@app.command()
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
    from wijkcli.hours import hours_report
    from wijkcli.pipeline import load_clean
    from wijkcli.views import hours_json, hours_table

    dataset, _ = load_clean(data)
    gid, year = _gebied_jaar(dataset, gebied, jaar)
    report = hours_report(dataset, gid, year)
    out = hours_json(report) if format is TableFormat.json else hours_table(report, format.value)
    sys.stdout.write(out)


def _gebied_jaar(dataset: Any, gebied: str | None, jaar: int | None) -> tuple[str, int]:
    from wijkcli.problems import WijkcliError

    gebieden = sorted(dataset.gebieden)
    if gebied is None:
        if len(gebieden) != 1:
            raise WijkcliError(f"kies een gebied: {', '.join(gebieden) or 'geen'}")
        gebied = gebieden[0]
    g = dataset.gebieden.get(gebied)
    if g is None:
        raise WijkcliError(f"gebied '{gebied}' bestaat niet (wel: {', '.join(gebieden)})")
    if jaar is None:
        if not g.wijkplannen:
            raise WijkcliError(f"gebied '{gebied}' heeft nog geen wijkplan; geef --jaar op")
        jaar = max(g.wijkplannen)
    return gebied, jaar


def main() -> None:
    """Entry point of the `wijk` script."""
    app()
