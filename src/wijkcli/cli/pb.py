"""``wijk pb``: budget allocation on pabulib ``.pb`` files (Typer sub-app ``pb_app``).

Heavy modules (the engine and the parser) are imported inside the commands, so that
importing this module stays cheap.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    ForceOpt,
    GebiedOpt,
    UitOpt,
    complete_ronde,
    emit,
    single_gebied,
)
from wijkcli.cli.dutch import WijkCommand, WijkGroup

pb_app = typer.Typer(
    cls=WijkGroup,
    help="Werken met pabulib-bestanden (.pb): stemmingen over buurtbudgetten.",
    no_args_is_help=True,
)

# pabulib META ``rule`` values this tool can reproduce, and our rule name for each.
META_RULES = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-stop",
    "greedy-threshold": "greedy",
    "equalshares": "equalshares",
    "equalshares/add1": "equalshares-add1",
}


@pb_app.callback()
def _pb() -> None:
    """Werken met pabulib-bestanden (.pb): stemmingen over buurtbudgetten."""


class Formaat(StrEnum):
    tabel = "tabel"
    json = "json"


def _fail(message: str) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(1)


def regel_uit_meta(meta: dict[str, str]) -> str | None:
    """Our rule name for the file's META (``None`` when not supported)."""
    rule = (meta.get("rule") or "").strip().lower()
    name = META_RULES.get(rule)
    if name == "greedy" and "partially fund" in meta.get("leftover_budget", "").lower():
        return "greedy-stop-deels"
    return name


def _bedrag(value: int, unit: int) -> str:
    """`3.450` or `4.212,50`: Dutch digits, decimals only where the file's unit has them."""
    from wijkcli.text import format_int

    whole, rest = divmod(value, unit)
    text = format_int(whole)
    if unit > 1 and rest:
        digits = len(str(unit)) - 1
        text += "," + f"{rest:0{digits}d}"
    return text


@pb_app.command("verdeel", cls=WijkCommand)
def verdeel(
    bestand: Annotated[
        Path, typer.Argument(help="Het pabulib-bestand (.pb) met projecten en stemmen.")
    ],
    regel: Annotated[
        str | None,
        typer.Option(
            "--regel",
            "-r",
            help=(
                "Verdeelregel: greedy, greedy-stop, greedy-stop-deels, equalshares, "
                "equalshares-add1 of equalshares-add1-greedy. Zonder deze optie: de regel "
                "uit META van het bestand."
            ),
        ),
    ] = None,
    formaat: Annotated[
        Formaat,
        typer.Option("--format", "-f", help="Uitvoer als leesbare tabel of als JSON."),
    ] = Formaat.tabel,
) -> None:
    """Verdeel het budget van een pabulib-bestand volgens een verdeelregel.

    Toont de gekozen projecten, wat ze kosten en wat er overblijft.

    Voorbeeld:

        wijk pb verdeel Netherlands_Assen_2024.pb --regel equalshares-add1 --format json
    """
    from wijkcli.allocate import RULES
    from wijkcli.allocate.pabulib import PabulibError, read_pb

    try:
        pb = read_pb(bestand)
    except PabulibError as exc:
        _fail(str(exc))
        return
    for warning in pb.warnings:  # on stderr: --format json stays clean
        typer.echo(f"{bestand}: waarschuwing: {warning}", err=True)
    naam = regel
    if naam is None:
        naam = regel_uit_meta(dict(pb.meta))
        if naam is None:
            _fail(
                f"{bestand}: de regel '{pb.rule or '(geen)'}' uit META wordt niet ondersteund; "
                f"kies er een met --regel ({', '.join(RULES)})"
            )
            return
    naam = naam.strip().lower()
    if naam not in RULES:
        _fail(f"onbekende regel '{naam}'; kies uit: {', '.join(RULES)}")
        return
    try:
        uitkomst = RULES[naam](pb.election)
    except ValueError as exc:
        _fail(f"{bestand}: {exc}")
        return
    unit = pb.election.unit
    kosten = {p.id: p.cost for p in pb.election.projects}
    if formaat is Formaat.json:
        data = {
            "bestand": str(bestand),
            "regel": naam,
            "gekozen": list(uitkomst.selected),
            "toegekend": {p: _json_amount(v, unit) for p, v in uitkomst.funded.items()},
            "besteed": _json_amount(uitkomst.spent, unit),
            "over": _json_amount(uitkomst.left, unit),
            "budget": _json_amount(pb.election.budget, unit),
            "opmerkingen": list(uitkomst.notes),
        }
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    tabel = Table(title=f"{bestand.name} — regel {naam}")
    tabel.add_column("project")
    tabel.add_column("naam")
    tabel.add_column("kosten", justify="right")
    tabel.add_column("toegekend", justify="right")
    for pid in uitkomst.selected:
        tabel.add_row(
            pid,
            pb.names.get(pid, ""),
            _bedrag(kosten[pid], unit),
            _bedrag(uitkomst.funded[pid], unit),
        )
    console = Console()
    console.print(tabel)
    console.print(
        f"budget {_bedrag(pb.election.budget, unit)}, besteed {_bedrag(uitkomst.spent, unit)}, "
        f"over {_bedrag(uitkomst.left, unit)}"
    )
    for note in uitkomst.notes:
        console.print(f"opmerking: {note}")


def _json_amount(value: int, unit: int) -> int | str:
    if unit == 1 or value % unit == 0:
        return value // unit
    digits = len(str(unit)) - 1
    whole, rest = divmod(value, unit)
    return f"{whole}.{rest:0{digits}d}"


@pb_app.command("export", cls=WijkCommand)
def export(
    ronde: Annotated[
        str,
        typer.Argument(
            help="Id van de ronde, bijvoorbeeld ronde-2017-2.", autocompletion=complete_ronde
        ),
    ],
    gebied: GebiedOpt = None,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Schrijf de stemmen van een ronde als pabulib-bestand (voor = goedkeuring), zodat
    onderzoekstools BuurtBestuurt-rondes kunnen lezen. Kan niet bij een geheime stemming.

    Voorbeeld: wijk pb export ronde-2017-2 --uit ronde-2017-2-szh.pb
    """
    from wijkcli.documents.pb_export import ronde_to_pb
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data)
    gid = single_gebied(dataset, ronde, gebied)
    emit(ronde_to_pb(dataset, ronde, gid), uit, force, f"{ronde}-{gid}.pb")


def register(app: typer.Typer) -> None:
    app.add_typer(pb_app, name="pb")
