"""`wijk verschil`: what changes in the advice between a git version and now. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, complete_ronde
from wijkcli.cli.dutch import WijkCommand


def verschil(
    ronde: Annotated[
        str,
        typer.Argument(
            help="Id van de ronde, bijvoorbeeld ronde-2017-2.", autocompletion=complete_ronde
        ),
    ],
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

    from wijkcli.count.tally import tally_ronde
    from wijkcli.documents.verschil import diff_results, format_changes
    from wijkcli.pipeline import load_clean
    from wijkcli.read.git import export_data_at
    from wijkcli.read.tree import find_data_dir

    dataset, _ = load_clean(data)
    with tempfile.TemporaryDirectory() as tmp:
        old_data = export_data_at(find_data_dir(data), sinds, Path(tmp))
        old, _ = load_clean(old_data)
        changes = diff_results(tally_ronde(old, ronde), tally_ronde(dataset, ronde))
    sys.stdout.write(format_changes(ronde, sinds, changes))


def register(app: typer.Typer) -> None:
    app.command("verschil", cls=WijkCommand)(verschil)
