"""`wijk init` and `wijk nieuw aanvraag|ronde|wijkplan|vergadering|voortgang`: start new files,
then check them."""

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
    data_on_line,
    err,
    option_value,
    parse_hours_pairs,
    parse_money_option,
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
    betrokken: Annotated[
        list[str] | None,
        typer.Option(help="Lid met een persoonlijk belang (id uit leden.yaml; herhaalbaar)."),
    ] = None,
    uren: Annotated[
        list[str] | None,
        typer.Option(
            help="Gevraagde uren: professional=uren (herhaalbaar), bijv. youssef-bakkali=40."
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Begin een aanvraag in een ronde. Vraagt wat ontbreekt, en vraagt opnieuw bij een fout
    antwoord (wijk, thema en soort moeten bestaan); alles kan ook als optie.

    Voorbeeld: wijk nieuw aanvraag ronde-2017-2 --titel "Buurtmoestuin" --wijk zielhorst
    --thema ontmoeten --aanvrager "Moestuingroep" --soort groep --bedrag 1200
    --betrokken noel-brouwer --uren gerda-wolters=10
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
    # Options are checked before anything is asked: a mistake there is a usage error (exit 2).
    leden = sorted(meeting.gebied.leden_by_id)
    interests = [check_choice(x, leden, "lid") for x in betrokken or []]
    profs = sorted(meeting.gebied.professionals)
    asked_hours = parse_hours_pairs(uren)
    for prof in asked_hours:
        check_choice(prof, profs, "professional")
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
        betrokken_leden=list(dict.fromkeys(interests)),
        uren=asked_hours,
    )  # fmt: skip
    new.id = check_id(id, "aanvraag") if id else aanvraag_id(new.nummer, new.titel)
    path = dataset.root / "rondes" / ronde / "aanvragen" / f"{new.id}.yaml"
    write_new(path, aanvraag_text(new, ronde))
    _check_after_writing(data, [path])


def _money(text: str) -> Decimal:
    """An amount typed on the command line or at a prompt, with the loader's rules and
    messages; a wrong one is a usage mistake (exit 2 as an option, asked again at a prompt)."""
    return parse_money_option(text)


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
    stemming: Annotated[
        str | None,
        typer.Option(help="openbaar of geheim; standaard die van de vorige ronde (of openbaar)."),
    ] = None,
    uren: Annotated[
        list[str] | None,
        typer.Option(
            help="Vrije uren: professional=uren (herhaalbaar), bijv. "
            "youssef-bakkali=60; zonder: gevraagd, of die van de vorige ronde."
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Begin een nieuwe subsidieronde (vraagt wat ontbreekt). Regeling, stemregels, plek en
    tijden komen uit de vorige ronde van het gebied; de vrije uren per professional geef je met
    --uren, anders vraagt wijk ze (of neemt het ze over uit de vorige ronde als je alles als
    optie gaf).

    Voorbeeld: wijk nieuw ronde ronde-2017-3 --indienen-tot 2017-06-30 --vergadering 2017-07-13
    --advies-uiterlijk 2017-07-19 --budget szh=21000 --uren youssef-bakkali=60
    """
    from wijkcli.nieuw import (
        STEMMINGEN,
        NieuweRonde,
        check_choice,
        check_id,
        check_text,
        default_ronde_naam,
        ronde_professionals,
        ronde_text,
        vorige_ronde,
        write_new,
    )
    from wijkcli.pipeline import read_dataset

    check_id(ronde, "ronde")
    vote = check_choice(stemming, STEMMINGEN, "stemming") if stemming is not None else None
    title = check_text(naam, "naam") if naam is not None else None
    given_hours = parse_hours_pairs(uren)
    dataset = read_dataset(data)
    asked = any(v is None for v in (indienen_tot, vergadering, advies_uiterlijk, budget))
    deadline = _given_or_asked(indienen_tot, "Indienen tot (JJJJ-MM-DD)", _date_check)
    meeting = _given_or_asked(vergadering, "Vergaderdatum (JJJJ-MM-DD)", _date_check)
    advice = _given_or_asked(advies_uiterlijk, "Advies uiterlijk (JJJJ-MM-DD)", _date_check)
    amounts = _given_or_asked(budget, "Budget (gebied=bedrag)", _budget)
    gebieden = sorted(amounts)
    prev = vorige_ronde(dataset, gebieden, meeting)
    profs = ronde_professionals(dataset, gebieden)
    for prof in given_hours:
        check_choice(prof, [p for p, _ in profs], "professional")
    free: dict[str, int] | None = given_hours or None
    carried = False
    if free is None and profs and asked:
        # Asked like the rest: per professional, the previous round's hours as the default.
        from wijkcli.model.scalars import parse_hours

        before = prev.uren if prev is not None else {}
        free = {
            p: _ask(f"Vrije uren {naam_} ({p})", lambda t: option_value(parse_hours, t),
                    str(before.get(p, 0)))
            for p, naam_ in profs
        }  # fmt: skip
    elif free is None and prev is not None and prev.uren:
        free = {p: n for p, n in prev.uren.items() if p in dict(profs)}
        carried = True
    new = NieuweRonde(
        id=ronde, naam=title or default_ronde_naam(ronde, deadline.year), jaar=deadline.year,
        indienen_tot=deadline, vergadering=meeting, advies_uiterlijk=advice, budget=amounts,
        stemming=vote or (prev.stemming if prev is not None else "openbaar"), uren=free,
        vorige=prev, uren_van_vorige=carried, professionals=profs,
    )  # fmt: skip
    path = dataset.root / "rondes" / ronde / "ronde.yaml"
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


def _complete_new_voortgang(ctx: typer.Context, incomplete: str) -> list[str]:
    """For Tab: the applications of the round on the line that have no follow-up file yet
    (file names only: nothing is read, nothing goes wrong on a folder without data)."""
    from wijkcli.model.scalars import SLUG_RE

    ronde = str(ctx.params.get("ronde") or "")
    if not SLUG_RE.match(ronde):
        return []
    root = data_on_line(ctx)
    base = (root if (root / "rondes").is_dir() else root / "data") / "rondes" / ronde
    try:
        asked = {p.stem for p in (base / "aanvragen").glob("*.yaml")}
        done = {p.stem for p in (base / "voortgang").glob("*.yaml")}
    except OSError:
        return []
    return sorted(a for a in asked - done if a.startswith(incomplete) and not a.startswith("."))


@nieuw_app.command("voortgang", cls=WijkCommand)
def nieuw_voortgang(
    ronde: RondeArg,
    aanvraag: Annotated[
        str,
        typer.Argument(
            help="Id van de aanvraag (a08-taalcafe) of haar agendanummer (A08).",
            autocompletion=_complete_new_voortgang,
        ),
    ],
    data: DataOpt = Path("."),
) -> None:
    """Begin het voortgangsbestand van een aanvraag die het Bewonersteam adviseerde toe te
    kennen: het besluit met het geadviseerde bedrag en de uren, en de status toegekend;
    betalingen (met het hoogste voorschot), besteed, declaratie, terugbetaald, gebruikte uren
    en verslag staan klaar als commentaar. Controleer de datum van het besluit.

    Voorbeeld: wijk nieuw voortgang ronde-2017-2 a08-taalcafe
    """
    from wijkcli.nieuw import find_aanvraag, granted_item, voortgang_text, write_new
    from wijkcli.pipeline import load_clean

    # The advice is a count: like every command that counts, it needs data without errors.
    dataset, _ = load_clean(data, ronde=ronde)
    r = dataset.ronde(ronde)
    aanvraag_id = find_aanvraag(r, aanvraag)
    meeting = dataset.meeting(ronde, r.aanvragen[aanvraag_id].gebied)
    item = granted_item(meeting, aanvraag_id)
    path = dataset.root / "rondes" / ronde / "voortgang" / f"{aanvraag_id}.yaml"
    write_new(path, voortgang_text(meeting, item))
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
