"""The `wijk` command: the Typer app, its root options and the list of its commands.

Each command lives in a module of its own in this package (`cli/<command>.py`) and adds itself
with `register(app)`; every one runs inside the one error handler of `cli.errors` (through
`WijkGroup`). Command modules import only typer and the shared CLI pieces at module level, so
`wijk --help` stays fast; the library is imported inside the commands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.dutch import WijkGroup
from wijkcli.cli.errors import STATE

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
    ctx: typer.Context,
    debug: Annotated[
        bool, typer.Option("--debug", help="Toon bij een interne fout de volledige melding.")
    ] = False,
    geen_cache: Annotated[
        bool,
        typer.Option(
            "--geen-cache",
            help="Lees elk bestand opnieuw, zonder .wijkcli-cache/ te gebruiken of te vullen "
            "(ook: WIJK_GEEN_CACHE=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", help="Toon de versie.", callback=_version, is_eager=True),
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help="Map van de gegevensrepository voor elk commando (wijk --data PAD check); "
            "een --data achter het commando gaat voor.",
        ),
    ] = None,
) -> None:
    if data is not None:
        _data_for_every_command(ctx, data)
    if debug:
        STATE["debug"] = True
    from wijkcli.read import cache

    cache.set_enabled(not geen_cache)


# --- wijk --data PAD <commando> ------------------------------------------------------------
def _data_for_every_command(ctx: typer.Context, data: Path) -> None:
    """`wijk --data PAD check`: the root's --data becomes the default of the --data option of
    every command below it, through Click's `default_map` (so the command's own --data, when
    given too, wins: a value on the command line beats a default)."""

    def defaults(command: object) -> dict[str, object]:
        found: dict[str, object] = {}
        if any(getattr(p, "name", None) == "data" for p in getattr(command, "params", [])):
            found["data"] = data
        for name, sub in (getattr(command, "commands", None) or {}).items():
            below = defaults(sub)
            if below:
                found[name] = below
        return found

    ctx.default_map = {**(ctx.default_map or {}), **defaults(ctx.command)}


def _register_commands() -> None:
    """Add every command, in the order `wijk --help` lists them."""
    from wijkcli.cli import (
        actiepunt,
        actiepunten,
        advies,
        agenda,
        beoordeling,
        check,
        export,
        jaarverslag,
        kasboek,
        nieuw,
        nieuwsbrief,
        notulen,
        pb,
        plan,
        publiceer,
        schema,
        stad,
        tally,
        uren,
        vergadering,
        verifieer,
        verschil,
        voortgang,
    )

    for module in (check, schema, agenda, vergadering, tally, notulen, advies, actiepunten,
                   actiepunt, uren, verschil, pb, plan, voortgang, kasboek, jaarverslag,
                   beoordeling, nieuwsbrief, nieuw, publiceer, export, verifieer,
                   stad):  # fmt: skip
        module.register(app)


_register_commands()


def main() -> None:
    """Entry point of the `wijk` script."""
    app()
