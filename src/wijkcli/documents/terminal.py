"""Tables for a terminal, with Rich: they fit the terminal's width (80 columns stay readable:
long names wrap inside their cell, never across rows). Numbers are never cropped: a table
whose numbers alone are wider than the terminal is printed wider than the terminal. Rich is
imported only when a terminal asks for a table; on a pipe the commands print plain text
(tabulate)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table


def rich_tables(
    blocks: Sequence[tuple[str, list[str], list[list[Any]], Sequence[str]] | str],
    *,
    width: int,
    colour: bool = False,
) -> str:
    """Render `blocks` at `width` columns: each a plain line of text, or (title, header,
    rows, alignment per column: left, right, nowrap = right and never broken, or keep = left
    and never broken: a short code or date). Without
    `colour` the output is plain text (for tests and dumb terminals)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        color_system="standard" if colour else None,
        force_terminal=colour,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for block in blocks:
        if isinstance(block, str):
            console.print(block, soft_wrap=False, overflow="fold")
            continue
        title, head, rows, align = block
        table = Table(
            title=title or None,
            title_justify="left",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            expand=False,
            collapse_padding=True,
        )
        for name, how in zip(head, align, strict=True):
            # Numbers and amounts never break; text wraps between words inside its cell.
            table.add_column(
                name,
                justify="right" if how in ("right", "nowrap") else "left",
                no_wrap=how in NEVER_BROKEN,
                overflow="fold",
            )
        for row in rows:
            table.add_row(*(str(c) for c in row))
        # Rich's last resort for a table wider than the terminal crops every column, numbers
        # too, and drops whole columns: when the numbers cannot fit, print the table wider
        # than the terminal (which wraps its lines) instead.
        console.width = width
        console.width = max(width, _width_needed(console, table, head, rows, align))
        console.print(table)
    return out.getvalue()


NEVER_BROKEN = ("nowrap", "keep")
"""Alignments of columns that are never broken nor cropped."""

TEXT_MIN = 6
"""A text column is folded to no fewer characters than this (or its longest word) to make a
table fit."""


def _width_needed(
    console: Console, table: Table, head: list[str], rows: list[list[Any]], align: Sequence[str]
) -> int:
    """The least width at which every `nowrap` column is whole: the table's borders and
    padding, each `nowrap` column's widest cell, and each text column's longest word, capped
    at `TEXT_MIN` as long as that makes the table fit in the console's width."""
    from rich.cells import cell_len

    columns = [[str(h), *(str(r[i]) for r in rows)] for i, h in enumerate(head)]
    widest = [max(cell_len(c) for c in col) for col in columns]
    natural = console.measure(table, options=console.options.update_width(10_000)).maximum
    frame = natural - sum(widest)
    numbers = sum(w for how, w in zip(align, widest, strict=True) if how in NEVER_BROKEN)
    words = [
        max((cell_len(x) for c in col for x in c.split()), default=1)
        for how, col in zip(align, columns, strict=True)
        if how not in NEVER_BROKEN
    ]
    folded = frame + numbers + sum(min(w, TEXT_MIN) for w in words)
    return folded if folded <= console.width else frame + numbers + sum(words)
