"""`wijk verschil`: what changes between a git version and the working files. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, complete_ronde_or_gebied, err
from wijkcli.cli.dutch import WijkCommand


class VerschilFormat(StrEnum):
    md = "md"
    json = "json"


def verschil(
    onderdeel: Annotated[
        str | None,
        typer.Argument(
            metavar="RONDE|GEBIED",
            help="Alleen deze ronde (ronde-2017-2) of dit gebied (szh); zonder: alles.",
            autocompletion=complete_ronde_or_gebied,
        ),
    ] = None,
    sinds: Annotated[
        str, typer.Option("--sinds", help="Git-versie om mee te vergelijken (commit, tak, tag).")
    ] = "HEAD",
    format: Annotated[
        VerschilFormat, typer.Option("--format", help="md (voor een pull request) of json.")
    ] = VerschilFormat.md,
    data: DataOpt = Path("."),
) -> None:
    """Wat verandert er tussen een git-versie en de bestanden zoals ze nu zijn: wijkplan,
    leden, rondes, aanvragen, het advies en de voortgang. De samenvatting voor een pull request.

    Voorbeeld: wijk verschil --sinds origin/main
    """
    from wijkcli.documents.check import format_parsable
    from wijkcli.documents.verschil_text import format_verschil
    from wijkcli.pipeline import UnknownPartError, compare_with

    try:
        result, warnings = compare_with(data, sinds, onderdeel)
    except UnknownPartError as exc:
        raise typer.BadParameter(str(exc), param_hint="'RONDE|GEBIED'") from None
    if warnings:
        err(format_parsable(warnings).rstrip("\n"))
    sys.stdout.write(format_verschil(result, format.value))


def register(app: typer.Typer) -> None:
    app.command("verschil", cls=WijkCommand)(verschil)
