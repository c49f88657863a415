"""`wijk publiceer`: the static site of a data repository. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ForceOpt, err, parse_date, protected_folders
from wijkcli.cli.dutch import WijkCommand


def publiceer(
    uit: Annotated[
        Path,
        typer.Option(
            "--uit", help="De map waarin de site komt (een lege map, of een eerdere site)."
        ),
    ],
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Peildatum (JJJJ-MM-DD) voor wat over tijd is; standaard de nieuwste datum "
            "in de gegevens (zo geven dezelfde gegevens dezelfde site).",
        ),
    ] = None,
    stad: Annotated[
        Path | None,
        typer.Option(
            "--stad",
            help="Zet ook het overzicht van de stad op de site (stad.html, zoals wijk stad "
            "STAD.yaml --format html het maakt), gelinkt vanaf de voorpagina.",
        ),
    ] = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Maak de openbare website van de gegevens: per gebied het wijkplan, elke vergadering
    (agenda, besluitenlijst, advies ook als pdf, de notulen zodra ze zijn vastgesteld), de
    actiepunten, de voortgang, de jaarverslagen, een Atom-feed en een agenda (iCalendar).
    Zonder contactgegevens en zonder namen van bewoners die aanvragen; werkt ook zonder
    server (dubbelklik op index.html). Zie docs/publiceren.md.

    Voorbeeld: wijk publiceer --uit site/
    """
    from wijkcli.documents.output import write_document
    from wijkcli.pipeline import load_clean
    from wijkcli.publish.site import build_site, newest_date

    peildatum = parse_date(datum)
    dataset, _ = load_clean(data)
    extra: dict[str, tuple[str, bytes]] = {}
    if stad is not None:
        from wijkcli.stad.document import stad_pagina
        from wijkcli.stad.overview import lees_stad

        city = lees_stad(stad, datum=peildatum or newest_date(dataset))
        page = stad_pagina(city, "html")
        assert isinstance(page, str)
        extra["stad.html"] = (f"Overzicht {city.naam}", page.encode("utf-8"))
    files, notes = build_site(dataset, peildatum=peildatum, extra=extra)
    for note in notes:
        err(note)
    protected = protected_folders(data)
    changed = 0
    for rel, content in files.items():
        changed += write_document(uit / rel, content, force=force, protected=protected)
    err(f"Site geschreven in {uit}: {len(files)} bestanden, {changed} nieuw of gewijzigd")


def register(app: typer.Typer) -> None:
    app.command("publiceer", cls=WijkCommand)(publiceer)
