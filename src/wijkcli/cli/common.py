"""Shared pieces of the `wijk` commands: options, completion and output.

Imports only typer at module level, so every command module stays cheap to import.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

if TYPE_CHECKING:
    from decimal import Decimal  # not imported by `wijk --help` (#32)

T = TypeVar("T")


def _ids(ctx: typer.Context, incomplete: str, folder: str) -> list[str]:
    """The ids (folder names) in data/<folder>/ that start with `incomplete`, for Tab
    completion; `--data` counts when it is already on the command line. Only lists folders:
    nothing is read or parsed, and nothing goes wrong on a folder without data. Only names
    that are ids (`SLUG_RE`: lower-case letters, digits, hyphens) are offered: a folder named
    `ronde-$(touch PWNED)` or with a newline in its name never reaches the shell."""
    from wijkcli.model.scalars import SLUG_RE

    root = data_on_line(ctx)
    base = root if (root / folder).is_dir() else root / "data"
    try:
        names = sorted(p.name for p in (base / folder).iterdir() if p.is_dir())
    except OSError:
        return []
    return [n for n in names if n.startswith(incomplete) and SLUG_RE.fullmatch(n)]


def data_on_line(ctx: typer.Context) -> Path:
    """For Tab: the data folder named on the command line so far: the command's own --data,
    else the root's (`wijk --data PAD ...`), else the current folder."""
    own = ctx.params.get("data")
    source = ctx.get_parameter_source("data") if "data" in ctx.params else None
    if own is not None and source is not None and source.name != "DEFAULT":
        return Path(own)
    return Path(ctx.find_root().params.get("data") or own or ".")


def complete_ronde(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "rondes")


def complete_gebied(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "gebieden")


def complete_ronde_or_gebied(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "rondes") + _ids(ctx, incomplete, "gebieden")


def complete_beoordeling(ctx: typer.Context, incomplete: str) -> list[str]:
    return _ids(ctx, incomplete, "beoordelingen")


RondeArg = Annotated[
    str,
    typer.Argument(
        help="Id van de ronde, bijvoorbeeld ronde-2017-2.", autocompletion=complete_ronde
    ),
]
DataOpt = Annotated[
    Path,
    typer.Option(
        "--data",
        help="Map van de gegevensrepository (met data/ erin), of de data-map zelf.",
        show_default=True,
    ),
]
GebiedOpt = Annotated[
    str | None,
    typer.Option(
        "--gebied",
        help="Alleen dit gebied (id, bijvoorbeeld szh).",
        autocompletion=complete_gebied,
    ),
]
UitOpt = Annotated[
    str | None,
    typer.Option(
        "--uit",
        help="Schrijf naar dit bestand, of naar deze map (een bestaande map, of een naam die "
        "op / eindigt) in plaats van het scherm.",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Overschrijf ook een bestand dat met de hand is aangepast.")
]


class ProblemFormat(StrEnum):
    tekst = "tekst"
    parsable = "parsable"
    json = "json"
    github = "github"


class TableFormat(StrEnum):
    tabel = "tabel"
    json = "json"
    md = "md"


class TableDocFormat(StrEnum):
    """A table that is also a document: `wijk voortgang`, `wijk kasboek`."""

    tabel = "tabel"
    json = "json"
    md = "md"
    pdf = "pdf"
    docx = "docx"
    csv = "csv"
    xlsx = "xlsx"


class DocFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


def terminal_width() -> int:
    """Columns of the terminal (COLUMNS wins), at least 40."""
    import shutil

    return max(40, shutil.get_terminal_size((80, 24)).columns)


def err(message: str) -> None:
    typer.echo(message, err=True)


def emit(
    content: str | bytes,
    uit: str | None,
    force: bool,
    default_name: str,
    *,
    data: Path,
    also: tuple[Path, ...] = (),
) -> None:
    """Write a document to stdout, or with `--uit` to a file (into a folder: `default_name`).
    A PDF or Word file goes to stdout only when that is a pipe or file, never a terminal.
    `data` is the `--data` option: nothing is ever written inside the data folder or the
    cache folder beside it, also not with `--force` (exit 2)."""
    if uit is None:
        if isinstance(content, bytes):
            if sys.stdout.isatty():
                raise typer.BadParameter(
                    f"een {default_name.rsplit('.', 1)[-1].upper()}-bestand hoort niet op het "
                    "scherm; schrijf het met --uit PAD (bijvoorbeeld --uit brieven/), of stuur "
                    "het door met > bestand",
                    param_hint="--uit",
                )
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        sys.stdout.write(content)
        return
    from wijkcli.documents.output import write_document

    folder = uit.endswith(("/", os.sep)) or Path(uit).is_dir()
    target = Path(uit) / default_name if folder else Path(uit)
    protected = tuple(p for d in (data, *also) for p in protected_folders(d))
    changed = write_document(target, content, force=force, protected=protected)
    err(f"{'Geschreven' if changed else 'Ongewijzigd'}: {target}")


def protected_folders(data: Path) -> tuple[Path, ...]:
    """The folders `--uit` may never write into: the data folder that `data` (the `--data`
    option) names and the cache folder beside it."""
    from wijkcli.read.cache import CACHE_DIR
    from wijkcli.read.tree import find_data_dir

    try:
        data_dir = find_data_dir(data)
    except Exception:  # no data folder there: still never write into what --data names
        data_dir = data
    return (data_dir, data_dir.parent / CACHE_DIR)


def parse_date(value: str | None, option: str = "--datum") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is geen datum; schrijf JJJJ-MM-DD", param_hint=option
        ) from None


def option_value(parse: Callable[[str], T], text: str) -> T:
    """`text` (an option's value, or an answer typed at a prompt) read by one of the model's
    own parsers (`wijkcli.model.scalars`: money, hours, dates), with the loader's Dutch words.
    A wrong value is a usage mistake (exit 2): the command line is wrong, not the data."""
    from pydantic_core import PydanticCustomError

    from wijkcli.problems import UsageMistake

    try:
        return parse(text.strip())
    except PydanticCustomError as exc:
        raise UsageMistake(exc.message()) from None


def parse_money_option(text: str) -> Decimal:
    """An amount on the command line (`--bedrag 2300.50`); `2500,00` or `€2500` is a usage
    mistake with the loader's hint."""
    from wijkcli.model.scalars import parse_money

    return option_value(parse_money, text)


def parse_hours_pairs(values: list[str] | None, what: str = "--uren") -> dict[str, int]:
    """`PROF=N` pairs (a repeatable option; also comma-separated): professional ids and whole
    hours. The ids are only checked to be ids here; the caller checks they exist."""
    from wijkcli.model.scalars import SLUG_RE, parse_hours
    from wijkcli.problems import UsageMistake
    from wijkcli.text import visible

    hours: dict[str, int] = {}
    for value in values or []:
        for item in value.split(","):
            prof, sep, number = item.partition("=")
            prof = prof.strip()
            if not sep or not number.strip() or not SLUG_RE.match(prof):
                raise UsageMistake(
                    f"{what} '{visible(item.strip())}': schrijf professional=uren, "
                    "bijvoorbeeld youssef-bakkali=40"
                )
            if prof in hours:
                raise UsageMistake(f"{what}: '{prof}' staat er twee keer in")
            hours[prof] = option_value(parse_hours, number)
    return hours


def emit_document(
    name: str,
    subject: object,
    fmt: str,
    uit: str | None = None,
    force: bool = False,
    *,
    datum: date | None = None,
    data: Path,
) -> None:
    """Make the registered document `name` of `subject` (a Meeting, a GebiedJaar, …) in `fmt`
    and emit it (`emit`, never inside the data folder `data` names); its warnings go to stderr
    first. The data version comes from git."""
    rendered, warnings, filename = render_document(name, subject, fmt, datum=datum)
    if warnings:
        err(warnings)
    emit(rendered, uit, force, filename, data=data)


def render_document(
    name: str, subject: object, fmt: str, *, datum: date | None = None, versie: str | None = None
) -> tuple[str | bytes, str, str]:
    """The registered document `name` of `subject` in `fmt`, what `wijk` says about it on
    stderr (its warnings, parsable, without the last newline; '' when none) and its file name.
    `versie`: the data version it names (None: ask git)."""
    from wijkcli.documents.registry import Options, make

    made = make(name, subject, Options(versie=versie, datum=datum))
    rendered, layout = made.render_checked(fmt)
    warnings = made.warnings() + layout
    said = ""
    if warnings:
        from wijkcli.documents.check import format_parsable

        said = format_parsable(warnings).rstrip("\n")
    return rendered, said, made.filename(fmt)


def meeting_command(name: str, doc: str) -> Callable[..., None]:
    """The command `wijk <name> RONDE [--gebied] [--format md|html|pdf|docx] [--uit] [--force]`
    of the registered document `name` of a round's meeting (agenda, notulen): they differ only
    in their name and their help (`doc`, the Dutch docstring)."""

    def command(
        ronde: RondeArg,
        gebied: GebiedOpt = None,
        format: Annotated[
            DocFormat, typer.Option("--format", help="md, html, pdf of docx (Word).")
        ] = DocFormat.md,
        uit: UitOpt = None,
        force: ForceOpt = False,
        data: DataOpt = Path("."),
    ) -> None:
        from wijkcli.pipeline import load_clean

        dataset, _ = load_clean(data, ronde=ronde)
        emit_document(name, dataset.meeting(ronde, gebied), format.value, uit, force, data=data)

    command.__name__ = command.__qualname__ = name
    command.__doc__ = doc
    return command
