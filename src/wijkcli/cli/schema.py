"""`wijk schema`: the JSON Schema of every file kind. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import err, protected_folders
from wijkcli.cli.dutch import WijkCommand


def schema(
    uit: Annotated[
        Path | None,
        typer.Option(
            "--uit", help="Schrijf één <soort>.schema.json per bestandssoort in deze map."
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Overschrijf ook schema's die niet door wijkcli gemaakt zijn."
        ),
    ] = False,
) -> None:
    """Schrijf het JSON Schema van elke bestandssoort (uit het model gegenereerd).

    Voorbeeld: wijk schema --uit schema/
    """
    from wijkcli.schema import all_schemas, schema_json

    schemas = all_schemas()
    if uit is None:
        sys.stdout.write(schema_json(schemas))
        return
    from functools import partial

    from wijkcli.documents.output import write_document
    from wijkcli.schema import is_generated

    for kind, content in schemas.items():
        write_document(
            uit / f"{kind}.schema.json",
            content,
            force=force,
            track=False,
            ours=partial(is_generated, kind),
            protected=protected_folders(Path(".")),
        )
    err(f"{len(schemas)} schema's geschreven in {uit}")


def register(app: typer.Typer) -> None:
    app.command("schema", cls=WijkCommand)(schema)
