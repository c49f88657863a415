"""`wijk init` and `wijk nieuw aanvraag|ronde|wijkplan`: start new files, then check them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    RondeArg,
    complete_gebied,
    err,
    parse_date,
    single_gebied,
)
from wijkcli.cli.dutch import WijkCommand, WijkGroup

nieuw_app = typer.Typer(
    cls=WijkGroup,
    help="Begin een nieuw bestand: aanvraag, ronde, wijkplan of vergadering (notulen). "
    "Overschrijft nooit iets.",
    no_args_is_help=True,
)


def _check_after_writing(root: Path, written: list[Path]) -> None:
    """Run `wijk check` on the repository with the new files; exit 1 when errors remain."""
    from wijkcli.documents.check import print_human
    from wijkcli.pipeline import check_repo

    for path in written:
        err(f"Nieuw: {path}")
    _, problems = check_repo(root)
    if problems:
        print_human(problems)
    raise typer.Exit(1 if any(p.is_error for p in problems) else 0)


@nieuw_app.command("aanvraag", cls=WijkCommand)
def nieuw_aanvraag(
    ronde: RondeArg,
    titel: Annotated[str, typer.Option(prompt="Titel", help="Titel van het initiatief.")],
    wijk: Annotated[
        str, typer.Option(prompt="Wijk (id; meer wijken met komma's)", help="Wijk-id(s), a,b.")
    ],
    thema: Annotated[str, typer.Option(prompt="Thema (id uit het wijkplan)", help="Thema-id.")],
    aanvrager: Annotated[str, typer.Option(prompt="Naam aanvrager", help="Naam aanvrager.")],
    soort: Annotated[
        str, typer.Option(prompt="Soort (organisatie/groep/bewoner)", help="Soort aanvrager.")
    ],
    bedrag: Annotated[str, typer.Option(prompt="Gevraagd bedrag", help="Bijv. 2300 of 2300.50.")],
    id: Annotated[str | None, typer.Option("--id", help="Id; standaard uit de titel.")] = None,
    gebied: Annotated[str | None, typer.Option(help="Gebied; mag weg bij één gebied.")] = None,
    eigen_bijdrage: Annotated[str, typer.Option(help="Eigen bijdrage.")] = "0",
    nummer: Annotated[str | None, typer.Option(help="Agendanummer, bijv. A09.")] = None,
    ingediend: Annotated[str | None, typer.Option(help="Datum van indienen (JJJJ-MM-DD).")] = None,
    data: DataOpt = Path("."),
) -> None:
    """Begin een aanvraag in een ronde (vraagt wat ontbreekt; alles kan ook als optie).

    Voorbeeld: wijk nieuw aanvraag ronde-2017-2 --titel "Buurtmoestuin" --wijk zielhorst
    --thema ontmoeten --aanvrager "Moestuingroep" --soort groep --bedrag 1200
    """
    from wijkcli.load import load_repo
    from wijkcli.nieuw import NieuweAanvraag, aanvraag_text, slug, write_new

    dataset = load_repo(data).dataset
    gid = single_gebied(dataset, ronde, gebied)
    aid = id or slug(titel)
    new = NieuweAanvraag(
        id=aid,
        titel=titel,
        gebied=gid,
        wijken=[w.strip() for w in wijk.split(",") if w.strip()],
        thema=thema,
        aanvrager=aanvrager,
        soort=soort,
        bedrag=_money(bedrag),
        eigen_bijdrage=_money(eigen_bijdrage),
        nummer=nummer,
        ingediend=parse_date(ingediend),
    )
    path = dataset.root / "rondes" / ronde / "aanvragen" / f"{aid}.yaml"
    write_new(path, aanvraag_text(new, ronde))
    _check_after_writing(data, [path])


def _money(text: str) -> Decimal:
    """An amount typed on the command line, with the loader's rules and messages."""
    from pydantic_core import PydanticCustomError

    from wijkcli.model.scalars import parse_money
    from wijkcli.problems import WijkcliError

    try:
        return parse_money(text)
    except PydanticCustomError as exc:
        raise WijkcliError(exc.message()) from None


@nieuw_app.command("ronde", cls=WijkCommand)
def nieuw_ronde(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-3.")],
    indienen_tot: Annotated[
        str, typer.Option(prompt="Indienen tot (JJJJ-MM-DD)", help="Sluitingsdatum.")
    ],
    vergadering: Annotated[str, typer.Option(prompt="Vergaderdatum (JJJJ-MM-DD)", help="Datum.")],
    advies_uiterlijk: Annotated[
        str, typer.Option(prompt="Advies uiterlijk (JJJJ-MM-DD)", help="Datum.")
    ],
    budget: Annotated[
        str, typer.Option(prompt="Budget (gebied=bedrag)", help="gebied=bedrag; meer met komma's.")
    ],
    naam: Annotated[
        str | None, typer.Option(help="Naam; standaard 'Subsidieronde N (JAAR)'.")
    ] = None,
    stemming: Annotated[str, typer.Option(help="openbaar of geheim.")] = "openbaar",
    data: DataOpt = Path("."),
) -> None:
    """Begin een nieuwe subsidieronde.

    Voorbeeld: wijk nieuw ronde ronde-2017-3 --indienen-tot 2017-06-30 --vergadering 2017-07-13
    --advies-uiterlijk 2017-07-19 --budget szh=21000
    """
    from wijkcli.nieuw import NieuweRonde, default_ronde_naam, ronde_text, write_new
    from wijkcli.problems import WijkcliError
    from wijkcli.read.tree import find_data_dir

    deadline = parse_date(indienen_tot)
    meeting, advice = parse_date(vergadering), parse_date(advies_uiterlijk)
    assert deadline is not None and meeting is not None and advice is not None
    amounts: dict[str, Decimal] = {}
    for item in budget.split(","):
        gebied, _, amount = item.partition("=")
        if not amount:
            raise WijkcliError(f"budget '{item}': schrijf gebied=bedrag, bijvoorbeeld szh=21000")
        amounts[gebied.strip()] = _money(amount)
    new = NieuweRonde(
        id=ronde, naam=naam or default_ronde_naam(ronde, deadline.year), jaar=deadline.year,
        indienen_tot=deadline, vergadering=meeting, advies_uiterlijk=advice, budget=amounts,
        stemming=stemming,
    )  # fmt: skip
    path = find_data_dir(data) / "rondes" / ronde / "ronde.yaml"
    write_new(path, ronde_text(new))
    _check_after_writing(data, [path])


@nieuw_app.command("wijkplan", cls=WijkCommand)
def nieuw_wijkplan(
    gebied: Annotated[
        str, typer.Argument(help="Id van het gebied.", autocompletion=complete_gebied)
    ],
    jaar: Annotated[int, typer.Argument(help="Het jaar van het nieuwe plan.")],
    data: DataOpt = Path("."),
) -> None:
    """Begin het wijkplan van een nieuw jaar, met de thema's en acties van het vorige plan.

    Voorbeeld: wijk nieuw wijkplan szh 2018
    """
    from wijkcli.load import load_repo
    from wijkcli.nieuw import wijkplan_text, write_new

    dataset = load_repo(data).dataset
    path = dataset.root / "gebieden" / gebied / f"wijkplan-{jaar}.yaml"
    write_new(path, wijkplan_text(dataset, gebied, jaar))
    _check_after_writing(data, [path])


@nieuw_app.command("vergadering", cls=WijkCommand)
def nieuw_vergadering(
    ronde: RondeArg,
    gebied: Annotated[
        str,
        typer.Argument(help="Id van het gebied, bijvoorbeeld szh.", autocompletion=complete_gebied),
    ],
    data: DataOpt = Path("."),
) -> None:
    """Begin de notulen van de beoordelingsvergadering: datum, leden en agendapunten uit de
    gegevens; voorstel en stemmen vul je in.

    Voorbeeld: wijk nieuw vergadering ronde-2017-3 szh
    """
    from wijkcli.load import load_repo
    from wijkcli.nieuw import check_id, vergadering_text, write_new

    dataset = load_repo(data).dataset
    check_id(ronde, "ronde")
    check_id(gebied, "gebied")
    path = dataset.root / "rondes" / ronde / f"vergadering-{gebied}.yaml"
    write_new(path, vergadering_text(dataset, ronde, gebied))
    _check_after_writing(data, [path])


def init(
    pad: Annotated[Path, typer.Argument(help="Map van de nieuwe gegevensrepository.")],
    gebied: Annotated[str, typer.Option(help="Id van het gebied, bijvoorbeeld noord.")],
    naam: Annotated[str | None, typer.Option(help="Naam van het gebied; standaard het id.")] = None,
    wijk: Annotated[list[str] | None, typer.Option(help="Naam van een wijk (herhaalbaar).")] = None,
) -> None:
    """Maak een nieuwe gegevensrepository voor een gebied, die meteen door wijk check komt.

    Voorbeeld: wijk init ../noord --gebied noord --naam Noord --wijk Kattenbroek --wijk Nieuwland
    """
    from wijkcli.nieuw import init_repo, wijkcli_requirement

    requirement, local = wijkcli_requirement()
    written = init_repo(pad, gebied, naam or gebied.upper(), list(wijk or []), requirement)
    if local:
        err(
            f"wijk: let op: deze wijkcli komt van deze computer ({requirement}); zet in "
            "pyproject.toml bij dependencies een bron die GitHub kan bereiken, bijvoorbeeld "
            '"wijkcli @ git+https://<adres van wijkcli>@<versie>"'
        )
    _check_after_writing(pad, written)


def register(app: typer.Typer) -> None:
    app.add_typer(nieuw_app, name="nieuw")
    app.command("init", cls=WijkCommand)(init)
