"""Tables for a terminal, with Rich: they fit the terminal's width (80 columns stay readable:
long names wrap inside their cell, never across rows). Rich is imported only when a terminal
asks for a table; on a pipe the commands print plain text (tabulate)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any


def rich_tables(
    blocks: Sequence[tuple[str, list[str], list[list[Any]], Sequence[str]] | str],
    *,
    width: int,
    colour: bool = False,
) -> str:
    """Render `blocks` at `width` columns: each a plain line of text, or (title, header,
    rows, alignment per column: left, right, or nowrap = right and never broken). Without
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
                no_wrap=how == "nowrap",
                overflow="fold",
            )
        for row in rows:
            table.add_row(*(str(c) for c in row))
        console.print(table)
    return out.getvalue()
