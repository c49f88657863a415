"""The `wijk` command: the Typer app, its root options and the list of its commands.

Each command lives in a module of its own in this package (`cli/<command>.py`) and adds itself
with `register(app)`; every one runs inside the one error handler of `cli.errors` (through
`WijkGroup`). Command modules import only typer and the shared CLI pieces at module level; the
library is imported inside the commands.

Start-up (#32): a run imports and builds only the command it runs. `COMMANDS` lists every
command, its module and the first paragraph of its help, in the order `wijk --help` shows them;
`WijkApp` (the root group) lists the commands from that table and imports a command's module
only when the command is looked up (Click's lazy-group pattern). tests/test_startup_imports.py
keeps the table equal to what the modules register.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help

from wijkcli.cli.dutch import WijkGroup
from wijkcli.cli.errors import STATE

# Every command: its module in this package and the first paragraph of its help (what
# `wijk --help` shortens to one line), in the order `wijk --help` lists them.
COMMANDS: dict[str, tuple[str, str]] = {
    "check": (
        "check",
        "Controleer alle bestanden en verwijzingen; meldt alle problemen in één keer.",
    ),
    "schema": (
        "schema",
        "Schrijf het JSON Schema van elke bestandssoort (uit het model gegenereerd).",
    ),
    "agenda": (
        "agenda",
        "Maak de uitnodiging en vergaderstukken voor de beoordelingsvergadering van een ronde.",
    ),
    "vergadering": (
        "vergadering",
        "Houd de notulen bij tijdens de vergadering, in de terminal: aanwezigheid, "
        "volmachten, per agendapunt belang, vertrek, voorstel en stemmen met de uitkomst "
        "meteen erbij, actiepunten, rondvraag en sluiting. Na elke stap staat alles in "
        "data/rondes/RONDE/vergadering-GEBIED.yaml; opnieuw openen gaat verder waar je was.",
    ),
    "tally": (
        "tally",
        "Tel de stemmen van een ronde: per aanvraag voorstel, aanwezigen, quorum, uitkomst en"
        " advies; per gebied het budget.",
    ),
    "notulen": (
        "notulen",
        "Maak de notulen van de beoordelingsvergadering van een ronde: een concept tot het "
        "team ze vaststelt (--vastgesteld DATUM legt dat vast in de notulen).",
    ),
    "advies": (
        "advies",
        "Maak de adviesbrief aan Indebuurt033 voor een ronde.",
    ),
    "actiepunten": (
        "actiepunten",
        "Open actiepunten uit de notulen van alle vergaderingen; wat over tijd is staat "
        "gemarkeerd.",
    ),
    "uren": (
        "uren",
        "Uren van professionals: beschikbaar, geclaimd door het wijkplan, pool, vrij en "
        "geadviseerd per ronde, met een markering waar het over de grens gaat.",
    ),
    "verschil": (
        "verschil",
        "Wat verandert er tussen een git-versie en de bestanden zoals ze nu zijn: wijkplan, "
        "leden, rondes, aanvragen, het advies en de voortgang. De samenvatting voor een pull "
        "request.",
    ),
    "plan": (
        "plan",
        "Maak het wijkplan zoals bewoners en professionals het lezen: thema's op volgorde van"
        " belang, acties en uren, het budget en de geadviseerde initiatieven per thema.",
    ),
    "voortgang": (
        "voortgang",
        "Wat er van elke toegekende aanvraag kwam: status, geld en uren na het besluit; "
        "verslagen en voorwaarden over de termijn staan gemarkeerd met '!'.",
    ),
    "kasboek": (
        "kasboek",
        "Het kasboek van een gebied in een jaar: van het wijkplan naar de rondes, wat elke "
        "ronde had en adviseerde, wat er van elke toekenning betaald, besteed en terugbetaald"
        " is, en waar elke euro van het jaar nu is.",
    ),
    "jaarverslag": (
        "jaarverslag",
        "Maak het jaarverslag voor het wijknetwerk: per thema het geld (geadviseerd, "
        "toegekend, besteed, terugbetaald) en de projecten, per professional de uren, per "
        "ronde een samenvatting, bereik en vrijwilligers, en de resultaten naast het "
        "wijkplan.",
    ),
    "beoordeling": (
        "beoordeling",
        "Tel de formulieren van een beoordelingsavond: per kandidaat het gewogen cijfer, per "
        "criterium gemiddelde, mediaan en spreiding, en de rangorde; of maak het advies aan "
        "wie besluit (md of html, met een grafiek).",
    ),
    "nieuwsbrief": (
        "nieuwsbrief",
        "Maak het stukje voor de digitale nieuwsbrief over een ronde: welke initiatieven een "
        "positief advies kregen, het totaal, waar je meer leest en de volgende bijeenkomst "
        "van het wijknetwerk. Afgewezen en aangehouden aanvragen worden niet bij naam "
        "genoemd.",
    ),
    "init": (
        "nieuw",
        "Maak een nieuwe gegevensrepository voor een gebied, die meteen door wijk check komt.",
    ),
    "publiceer": (
        "publiceer",
        "Maak de openbare website van de gegevens: per gebied het wijkplan, elke vergadering "
        "(agenda, besluitenlijst, advies ook als pdf, de notulen zodra ze zijn vastgesteld), "
        "de actiepunten, de voortgang, de jaarverslagen, een Atom-feed en een agenda "
        "(iCalendar). Zonder contactgegevens en zonder namen van bewoners die aanvragen; "
        "werkt ook zonder server (dubbelklik op index.html). Zie docs/publiceren.md.",
    ),
    "export": (
        "export",
        "Schrijf de vergadering van een ronde als open data: OSLO besluit-publicatie (JSON-LD"
        " of Turtle), Popolo (JSON) of 360Giving (de toegekende subsidies). Zonder "
        "contactgegevens; bij een geheime stemming alleen de aantallen. Zie docs/opendata.md.",
    ),
    "verifieer": (
        "verifieer",
        "Tel alle uitkomsten van een export opnieuw (quorum, meerderheid, staking, budget), "
        "uit de export alleen, en vergelijk ze met wat de export publiceert. Elk verschil "
        "noemt het agendapunt; afsluitcode 1 als er een is, 0 als alles klopt.",
    ),
    "stad": (
        "stad",
        "Maak het overzicht van een stad: per gebied, per thema en per ronde het geld en de "
        "uren, open actiepunten en verslagen over de termijn, uit de gegevensrepositories van"
        " de gebieden die STAD.yaml noemt. Elke repository wordt eerst gecontroleerd; de "
        "totalen zijn de som van de eigen jaarverslagen en kasboeken van de gebieden.",
    ),
    "actiepunt": (
        "actiepunt",
        "Werk een actiepunt in de notulen bij.",
    ),
    "pb": (
        "pb",
        "Werken met pabulib-bestanden (.pb): stemmingen over buurtbudgetten.",
    ),
    "nieuw": (
        "nieuw",
        "Begin een nieuw bestand: aanvraag, ronde, wijkplan of vergadering (notulen). "
        "Overschrijft nooit iets.",
    ),
}


class LazyCommands(MutableMapping[str, Command]):
    """The root's commands by name: every name of `COMMANDS`, each command built (its module
    imported) the first time it is looked up, then kept."""

    def __init__(self, load: Callable[[str], Command]) -> None:
        self._load = load
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            self._built[name] = self._load(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        raise TypeError("the commands of wijk are listed in wijkcli.cli.app.COMMANDS")

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of wijk are listed in wijkcli.cli.app.COMMANDS")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def built(self) -> dict[str, Command]:
        """The commands built so far (in a run: the one being run)."""
        return dict(self._built)


class WijkApp(WijkGroup):
    """The root `wijk` group: commands from `COMMANDS`, each imported only when used."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(_build)

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The list of commands in the help page, from the table: no command is imported.
        The same rows as Typer's own `format_commands` (a test compares them)."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [
            (name, make_default_short_help(text, limit)) for name, (_, text) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


app = typer.Typer(
    name="wijk",
    cls=WijkApp,
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
        commands = getattr(command, "commands", None) or {}
        if isinstance(commands, LazyCommands):  # the root: only the command being run is built
            commands = commands.built()
        for name, sub in commands.items():
            below = defaults(sub)
            if below:
                found[name] = below
        return found

    ctx.default_map = {**(ctx.default_map or {}), **defaults(ctx.command)}


def _build(name: str) -> Command:
    """The command `name`: its module imported and registered on a Typer of its own with the
    root's settings, then built by Typer as it builds the commands of any group."""
    one = typer.Typer(
        rich_markup_mode=app.rich_markup_mode,
        pretty_exceptions_short=app.pretty_exceptions_short,
        suggest_commands=app.suggest_commands,
    )
    importlib.import_module(f"wijkcli.cli.{COMMANDS[name][0]}").register(one)
    return typer.main.get_group(one).commands[name]


def main() -> None:
    """Entry point of the `wijk` script."""
    app()
