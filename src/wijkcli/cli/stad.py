"""`wijk stad STAD.yaml`: the city overview of several gebied repositories. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import ForceOpt, UitOpt, err, parse_date
from wijkcli.cli.dutch import WijkCommand


class StadFormat(StrEnum):
    md = "md"
    html = "html"
    xlsx = "xlsx"


def stad(
    bestand: Annotated[
        Path,
        typer.Argument(
            help="Het stadsbestand: welke gegevensrepositories (mappen of git-adressen) erin "
            "staan (docs/stad.md).",
            metavar="STAD.yaml",
        ),
    ],
    format: Annotated[
        StadFormat,
        typer.Option("--format", help="md, html of xlsx (de tabellen voor een spreadsheet)."),
    ] = StadFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Peildatum JJJJ-MM-DD voor actiepunten en verslagen over tijd (standaard: "
            "vandaag).",
        ),
    ] = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Map voor de opgehaalde git-repositories (standaard .wijkcli-stad/ naast "
            "STAD.yaml).",
        ),
    ] = None,
    sla_fouten_over: Annotated[
        bool,
        typer.Option(
            "--sla-fouten-over",
            help="Laat een repository met fouten weg (het overzicht noemt haar) in plaats "
            "van te stoppen.",
        ),
    ] = False,
) -> None:
    """Maak het overzicht van een stad: per gebied, per thema en per ronde het geld en de uren,
    open actiepunten en verslagen over de termijn, uit de gegevensrepositories van de
    gebieden die STAD.yaml noemt. Elke repository wordt eerst gecontroleerd; de totalen zijn
    de som van de eigen jaarverslagen en kasboeken van de gebieden.

    Voorbeeld: wijk stad amersfoort.yaml --format html --uit overzicht/
    """
    from datetime import date

    from wijkcli.cli.common import emit
    from wijkcli.stad.document import DOCUMENT
    from wijkcli.stad.overview import CACHE_DIR, lees_stad

    if not bestand.is_file():
        raise typer.BadParameter(
            f"'{bestand}' is geen bestand; geef het stadsbestand (STAD.yaml)",
            param_hint="STAD.yaml",
        )
    peildatum = parse_date(datum) or date.today()
    city = lees_stad(
        bestand, datum=peildatum, cache=cache, sla_fouten_over=sla_fouten_over, shown=str(bestand)
    )
    if city.meldingen:
        from wijkcli.documents.check import format_parsable

        err(format_parsable(city.meldingen).rstrip("\n"))
    made = DOCUMENT.make(city)
    content = made.render(format.value)
    # Never inside a repository's data folder or the git cache (`emit`), also not with --force.
    cache_dir = cache if cache is not None else bestand.parent / CACHE_DIR
    emit(
        content,
        uit,
        force,
        made.filename(format.value),
        data=cache_dir,
        also=tuple(b.pad for b in city.bronnen),
    )


def register(app: typer.Typer) -> None:
    app.command("stad", cls=WijkCommand)(stad)
