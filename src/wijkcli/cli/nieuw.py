"""`wijk init` and `wijk nieuw aanvraag|ronde|wijkplan`: start new files, then check them."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from wijkcli.cli.common import (
    DataOpt,
    RondeArg,
    complete_gebied,
    err,
)
from wijkcli.cli.dutch import WijkCommand, WijkGroup

T = TypeVar("T")

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


def _read_answer(label: str, default: str | None) -> str:
    """One answer from standard input; end of input (Ctrl-D) is a clean Dutch message, exit 1."""
    from wijkcli.problems import WijkcliError

    shown = f"{label} [{default}]: " if default is not None else f"{label}: "
    typer.echo(shown, nl=False)
    line = sys.stdin.readline()
    if not line:  # end of input: nobody is there to answer
        typer.echo("")
        raise WijkcliError("geen antwoord meer (de invoer is gesloten); er is niets geschreven")
    answer = line.rstrip("\r\n")
    return default if not answer.strip() and default is not None else answer


def _ask(label: str, check: Callable[[str], T], default: str | None = None) -> T:
    """Ask until the answer passes `check`; a wrong answer is said (with the suggestion) and
    asked again, so the answers before it are kept."""
    from wijkcli.problems import WijkcliError

    while True:
        answer = _read_answer(label, default)
        try:
            return check(answer)
        except WijkcliError as exc:
            from wijkcli.text import visible

            err(f"wijk: {visible(str(exc))}")


def _given_or_asked(
    value: str | None, label: str, check: Callable[[str], T], default: str | None = None
) -> T:
    """An option given on the command line is checked once (a mistake there is a usage error,
    exit 2); a missing one is asked for."""
    return check(value) if value is not None else _ask(label, check, default)


def _date_check(text: str) -> date:
    from wijkcli.problems import UsageMistake

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageMistake(f"'{text.strip()}' is geen datum; schrijf JJJJ-MM-DD") from None


@nieuw_app.command("aanvraag", cls=WijkCommand)
def nieuw_aanvraag(
    ronde: RondeArg,
    titel: Annotated[str | None, typer.Option(help="Titel van het initiatief.")] = None,
    wijk: Annotated[str | None, typer.Option(help="Wijk-id(s), meer met komma's: a,b.")] = None,
    thema: Annotated[str | None, typer.Option(help="Thema-id uit het wijkplan.")] = None,
    aanvrager: Annotated[str | None, typer.Option(help="Naam aanvrager.")] = None,
    soort: Annotated[str | None, typer.Option(help="organisatie, groep of bewoner.")] = None,
    bedrag: Annotated[str | None, typer.Option(help="Bijv. 2300 of 2300.50.")] = None,
    id: Annotated[
        str | None, typer.Option("--id", help="Id; standaard nummer en titel (a09-titel).")
    ] = None,
    gebied: Annotated[str | None, typer.Option(help="Gebied; mag weg bij één gebied.")] = None,
    eigen_bijdrage: Annotated[str, typer.Option(help="Eigen bijdrage.")] = "0",
    nummer: Annotated[
        str | None, typer.Option(help="Agendanummer; standaard het volgende vrije (A09).")
    ] = None,
    ingediend: Annotated[
        str | None, typer.Option(help="Datum van indienen (JJJJ-MM-DD); standaard vandaag.")
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Begin een aanvraag in een ronde. Vraagt wat ontbreekt, en vraagt opnieuw bij een fout
    antwoord (wijk, thema en soort moeten bestaan); alles kan ook als optie.

    Voorbeeld: wijk nieuw aanvraag ronde-2017-2 --titel "Buurtmoestuin" --wijk zielhorst
    --thema ontmoeten --aanvrager "Moestuingroep" --soort groep --bedrag 1200
    """
    from wijkcli.nieuw import (
        SOORTEN,
        NieuweAanvraag,
        aanvraag_id,
        aanvraag_keuzes,
        aanvraag_text,
        check_choice,
        check_choices,
        check_id,
        check_text,
        write_new,
    )
    from wijkcli.pipeline import read_dataset

    dataset = read_dataset(data)
    # An unknown ronde or gebied is a usage error before anything is asked.
    meeting = dataset.meeting(ronde, gebied)
    keuzes = aanvraag_keuzes(meeting)
    wijken = ", ".join(keuzes.wijken)
    themas = ", ".join(keuzes.themas)
    asked = any(v is None for v in (titel, wijk, thema, aanvrager, soort, bedrag))
    new = NieuweAanvraag(
        id="",
        titel=_given_or_asked(titel, "Titel", lambda t: check_text(t, "titel")),
        gebied=keuzes.gebied,
        wijken=_given_or_asked(
            wijk, f"Wijk ({wijken}; meer met komma's)",
            lambda w: check_choices(w, keuzes.wijken, "wijk"),
        ),
        thema=_given_or_asked(
            thema, f"Thema ({themas})", lambda t: check_choice(t, keuzes.themas, "thema")
        ),
        aanvrager=_given_or_asked(aanvrager, "Naam aanvrager", lambda n: check_text(n, "naam")),
        soort=_given_or_asked(
            soort, f"Soort ({', '.join(SOORTEN)})", lambda x: check_choice(x, SOORTEN, "soort")
        ),
        bedrag=_given_or_asked(bedrag, "Gevraagd bedrag", _money),
        eigen_bijdrage=_money(eigen_bijdrage),
        nummer=check_text(nummer, "nummer") if nummer is not None else keuzes.nummer,
        ingediend=(
            _ask("Ingediend op (JJJJ-MM-DD)", _date_check, date.today().isoformat())
            if ingediend is None and asked
            else _date_check(ingediend) if ingediend is not None else date.today()
        ),
    )  # fmt: skip
    new.id = check_id(id, "aanvraag") if id else aanvraag_id(new.nummer, new.titel)
    path = dataset.root / "rondes" / ronde / "aanvragen" / f"{new.id}.yaml"
    write_new(path, aanvraag_text(new, ronde))
    _check_after_writing(data, [path])


def _money(text: str) -> Decimal:
    """An amount typed on the command line, with the loader's rules and messages."""
    from pydantic_core import PydanticCustomError

    from wijkcli.model.scalars import parse_money
    from wijkcli.problems import WijkcliError

    try:
        return parse_money(text.strip())
    except PydanticCustomError as exc:
        raise WijkcliError(exc.message()) from None


@nieuw_app.command("ronde", cls=WijkCommand)
def nieuw_ronde(
    ronde: Annotated[str, typer.Argument(help="Id van de ronde, bijvoorbeeld ronde-2017-3.")],
    indienen_tot: Annotated[str | None, typer.Option(help="Sluitingsdatum (JJJJ-MM-DD).")] = None,
    vergadering: Annotated[str | None, typer.Option(help="Vergaderdatum (JJJJ-MM-DD).")] = None,
    advies_uiterlijk: Annotated[
        str | None, typer.Option(help="Advies uiterlijk (JJJJ-MM-DD).")
    ] = None,
    budget: Annotated[str | None, typer.Option(help="gebied=bedrag; meer met komma's.")] = None,
    naam: Annotated[
        str | None, typer.Option(help="Naam; standaard 'Subsidieronde N (JAAR)'.")
    ] = None,
    stemming: Annotated[str, typer.Option(help="openbaar of geheim.")] = "openbaar",
    data: DataOpt = Path("."),
) -> None:
    """Begin een nieuwe subsidieronde (vraagt wat ontbreekt).

    Voorbeeld: wijk nieuw ronde ronde-2017-3 --indienen-tot 2017-06-30 --vergadering 2017-07-13
    --advies-uiterlijk 2017-07-19 --budget szh=21000
    """
    from wijkcli.nieuw import (
        STEMMINGEN,
        NieuweRonde,
        check_choice,
        check_id,
        check_text,
        default_ronde_naam,
        ronde_text,
        write_new,
    )
    from wijkcli.read.tree import find_data_dir

    check_id(ronde, "ronde")
    vote = check_choice(stemming, STEMMINGEN, "stemming")
    title = check_text(naam, "naam") if naam is not None else None
    folder = find_data_dir(data)
    deadline = _given_or_asked(indienen_tot, "Indienen tot (JJJJ-MM-DD)", _date_check)
    meeting = _given_or_asked(vergadering, "Vergaderdatum (JJJJ-MM-DD)", _date_check)
    advice = _given_or_asked(advies_uiterlijk, "Advies uiterlijk (JJJJ-MM-DD)", _date_check)
    amounts = _given_or_asked(budget, "Budget (gebied=bedrag)", _budget)
    new = NieuweRonde(
        id=ronde, naam=title or default_ronde_naam(ronde, deadline.year), jaar=deadline.year,
        indienen_tot=deadline, vergadering=meeting, advies_uiterlijk=advice, budget=amounts,
        stemming=vote,
    )  # fmt: skip
    path = folder / "rondes" / ronde / "ronde.yaml"
    write_new(path, ronde_text(new))
    _check_after_writing(data, [path])


def _budget(text: str) -> dict[str, Decimal]:
    """`szh=21000, noord=5000`: gebied ids and amounts."""
    from wijkcli.nieuw import check_id
    from wijkcli.problems import UsageMistake

    amounts: dict[str, Decimal] = {}
    for item in text.split(","):
        gebied, _, amount = item.partition("=")
        if not amount.strip():
            raise UsageMistake(
                f"budget '{item.strip()}': schrijf gebied=bedrag, bijvoorbeeld szh=21000"
            )
        amounts[check_id(gebied.strip(), "gebied")] = _money(amount)
    return amounts


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
    from wijkcli.nieuw import wijkplan_text, write_new
    from wijkcli.pipeline import read_dataset

    dataset = read_dataset(data)
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
    from wijkcli.nieuw import check_id, vergadering_text, write_new
    from wijkcli.pipeline import read_dataset

    dataset = read_dataset(data)
    check_id(ronde, "ronde")
    check_id(gebied, "gebied")
    meeting = dataset.meeting(ronde, gebied)
    path = dataset.root / "rondes" / ronde / f"vergadering-{gebied}.yaml"
    write_new(path, vergadering_text(meeting))
    _check_after_writing(data, [path])


def init(
    pad: Annotated[Path, typer.Argument(help="Map van de nieuwe gegevensrepository.")],
    gebied: Annotated[str, typer.Option(help="Id van het gebied, bijvoorbeeld noord.")],
    naam: Annotated[str | None, typer.Option(help="Naam van het gebied; standaard het id.")] = None,
    wijk: Annotated[list[str] | None, typer.Option(help="Naam van een wijk (herhaalbaar).")] = None,
    beheerder: Annotated[
        str | None,
        typer.Option(
            help="GitHub-naam (@naam) of team (@organisatie/team) dat wijzigingen aan de "
            "workflow, pyproject.toml en uv.lock goedkeurt (.github/CODEOWNERS)."
        ),
    ] = None,
) -> None:
    """Maak een nieuwe gegevensrepository voor een gebied, die meteen door wijk check komt.

    Voorbeeld: wijk init ../noord --gebied noord --naam Noord --wijk Kattenbroek --wijk Nieuwland
    """
    from wijkcli.nieuw import init_repo, wijkcli_requirement

    requirement, local = wijkcli_requirement()
    written = init_repo(
        pad, gebied, naam or gebied.upper(), list(wijk or []), requirement, beheerder
    )
    if local:
        err(
            f"wijk: let op: deze wijkcli komt van deze computer ({requirement}); zet in "
            "pyproject.toml bij dependencies een bron die GitHub kan bereiken, bijvoorbeeld "
            '"wijkcli @ git+https://<adres van wijkcli>@<versie>"'
        )
    if beheerder is None and pad / ".github" / "CODEOWNERS" in written:
        err(
            "wijk: let op: vul in .github/CODEOWNERS de GitHub-naam in van wie wijzigingen aan "
            "het gereedschap goedkeurt (of gebruik wijk init --beheerder @naam)"
        )
    _check_after_writing(pad, written)


def register(app: typer.Typer) -> None:
    app.add_typer(nieuw_app, name="nieuw")
    app.command("init", cls=WijkCommand)(init)
