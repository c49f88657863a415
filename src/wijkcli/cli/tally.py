"""`wijk tally`: count a round's votes. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, GebiedOpt, RondeArg, TableFormat, terminal_width
from wijkcli.cli.dutch import WijkCommand


def tally(
    ronde: RondeArg,
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
    from wijkcli.count.ledger import Ledger
    from wijkcli.documents.tally import tally_json, tally_table, tally_terminal
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, ronde=ronde)
    result = Ledger.of(dataset).tally_ronde(dataset.meetings(ronde, gebied))
    names = {lid.id: lid.naam for g in dataset.gebieden.values() for lid in g.leden}
    if format is TableFormat.json:
        out = tally_json(result)
    elif format is TableFormat.tabel and sys.stdout.isatty():
        out = tally_terminal(result, width=terminal_width(), names=names, colour=True)
    else:
        out = tally_table(result, format.value, names)
    sys.stdout.write(out)


def register(app: typer.Typer) -> None:
    app.command("tally", cls=WijkCommand)(tally)
