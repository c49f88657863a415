"""Problems to text: the human view (grouped per file), `parsable`, `json` and `github`.

Pure functions returning strings; the CLI decides where they go (stderr for diagnostics).
Every text that can come from the files (a message quoting a value, a file name, a hint) passes
through `text.visible` in the line formats, so it stays on its line and shows what is there.
"""

from __future__ import annotations

import json
import os
import sys
from itertools import groupby

from wijkcli.problems import Problem, Severity, sort_problems
from wijkcli.text import json_visible, visible

FORMATS = ("tekst", "parsable", "json", "github")


def format_parsable(problems: list[Problem]) -> str:
    """`pad:regel:kolom: fout: boodschap [code]`, one per line."""
    lines = []
    for p in sort_problems(problems):
        where = visible(str(p.location)) if p.location else "data"
        hint = f" ({visible(p.hint)})" if p.hint else ""
        lines.append(f"{where}: {p.severity.value}: {visible(p.message)}{hint} [{p.code}]")
    return "\n".join(lines) + ("\n" if lines else "")


def format_json(problems: list[Problem]) -> str:
    """The problems as JSON; values stay exact (escaped the JSON way, `\\u009b`), so a program
    reads the real name and a terminal shows no control sequence."""
    items = [
        {
            "pad": p.location.path if p.location else None,
            "regel": p.location.line if p.location else None,
            "kolom": p.location.column if p.location else None,
            "ernst": p.severity.value,
            "code": p.code,
            "boodschap": p.message,
            "hint": p.hint,
        }
        for p in sort_problems(problems)
    ]
    text = json.dumps({"problemen": items}, ensure_ascii=False, indent=2)
    return json_visible(text) + "\n"


def _escape_github(text: str, *, prop: bool = False) -> str:
    text = visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so problems show on the lines of a pull request."""
    lines = []
    for p in sort_problems(problems):
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = []
        if p.location:
            props.append(f"file={_escape_github(p.location.path, prop=True)}")
            if p.location.line:
                props.append(f"line={p.location.line}")
                props.append(f"col={p.location.column}")
        props.append(f"title={_escape_github(p.code, prop=True)}")
        hint = f" ({p.hint})" if p.hint else ""
        lines.append(f"::{level} {','.join(props)}::{_escape_github(p.message + hint)}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if not problems:
        return "Geen problemen gevonden."
    parts = []
    if errors:
        parts.append(f"{errors} {'fout' if errors == 1 else 'fouten'}")
    if warnings:
        parts.append(f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}")
    return " en ".join(parts) + " gevonden."


def format_human(problems: list[Problem]) -> str:
    """Grouped per file, one indented line per problem, hints on their own line."""
    out: list[str] = []
    for path, group in groupby(
        sort_problems(problems), key=lambda p: p.location.path if p.location else "data"
    ):
        out.append(visible(path))
        for p in group:
            pos = f"{p.location.line}:{p.location.column}" if p.location and p.location.line else ""
            out.append(f"  {pos:>7}  {p.severity.value}: {visible(p.message)} [{p.code}]")
            if p.hint:
                out.append(f"  {'':>7}  → {visible(p.hint)}")
        out.append("")
    out.append(summary(problems))
    return "\n".join(out) + "\n"


def print_human(problems: list[Problem]) -> None:
    """The human view on stdout through Rich: colour only on a terminal (and never with
    NO_COLOR), no wrapping, so the text is exactly `format_human`'s. Written straight when
    Rich would add no colour anyway (stdout not a terminal, and neither FORCE_COLOR nor
    TTY_COMPATIBLE asks for colour), so a piped `wijk check` does not import Rich."""
    if not _may_colour():
        sys.stdout.write(format_human(problems))
        return
    from rich.console import Console
    from rich.text import Text

    styles = {"fout": "bold red", "waarschuwing": "yellow", "→": "cyan"}
    console = Console(soft_wrap=True, highlight=False)
    for line in format_human(problems).rstrip("\n").split("\n"):
        text = Text(line)
        if line and not line.startswith(" ") and not line.endswith("gevonden."):
            text.stylize("bold")
        for word, style in styles.items():
            start = line.find(word + (":" if word != "→" else ""))
            if start >= 0:
                text.stylize(style, start, start + len(word))
        console.print(text)


def _may_colour() -> bool:
    """Whether Rich could colour stdout: a terminal, or an environment that forces it
    (Rich's own rules: FORCE_COLOR, TTY_COMPATIBLE)."""
    if "FORCE_COLOR" in os.environ or "TTY_COMPATIBLE" in os.environ:
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def format_problems(problems: list[Problem], fmt: str) -> str:
    if fmt == "parsable":
        return format_parsable(problems)
    if fmt == "json":
        return format_json(problems)
    if fmt == "github":
        return format_github(problems)
    return format_human(problems)
