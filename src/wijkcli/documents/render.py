"""Document stage, rendering: one Jinja environment factory, Dutch formatting filters,
`render(...) -> str`.

Templates live in `templates/` (shipped inside the package as `wijkcli/templates`). They get
their numbers ready-made from the context builders (`documents.advies`…); filters only format.
StrictUndefined catches typos; HTML is autoescaped, and every expression in Markdown or text
output passes through an escape function too, so user text (a title with `<script>`, `*`, `{{ }}`)
stays inert wherever the document ends up.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from wijkcli import text
from wijkcli.problems import WijkcliError

if TYPE_CHECKING:
    import jinja2  # imported where a template is rendered: `template_dirs` alone needs none

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~{}]|&(?=#?[0-9A-Za-z]+;))")
_MD_LINE_START = re.compile(r"^(#|[+\-=>](?=\s|$)|[-=](?=[-=\s]*$))")
_MD_LIST_NUMBER = re.compile(r"^([0-9]+)([.)])(?=\s|$)")
# Mail-merge tags that a mailing tool would fill in: Mailchimp `*|EMAIL|*`, Laposta and
# others `{{ ... }}`, `%%...%%` (Sendinblue/Brevo, Campaign Monitor and older tools).
_MERGE_TAG = re.compile(r"\*\||\|\*|\{\{|\}\}|%%|\{%|%\}")


def md_escape(value: Any) -> str:
    """Make user text inert in Markdown: escape markup characters, keep one line. A value may
    start a line, so what would open a block there is escaped: a leading `#` always (`## kop`),
    `+`, `-`, `=` or `>` before a space or the end (a list, a quote), and a value of only
    `-`, `=` and spaces (`---`, `===`, `-- -`: a rule or a heading underline; a lone `---`
    used to move the rest of the PDF and Word file into the footer). `-10` stays as it is.
    A leading `1.` or `1)` (an ordered list) becomes `1\\.`: a backslash escapes only
    punctuation."""
    if value is None:
        return ""
    s = " ".join(str(value).split())
    s = _MD_SPECIAL.sub(r"\\\1", s)
    s = _MD_LINE_START.sub(r"\\\1", s)
    return _MD_LIST_NUMBER.sub(r"\1\\\2", s)


def html_escape(value: Any) -> Markup:
    """HTML-escape, and neutralise `{{ }}` (Laposta), `*|...|*` (Mailchimp) and `%%...%%` so
    mail tools' merge tags in user text cannot fire."""
    if isinstance(value, Markup):
        return value
    text = str(escape(value)).replace("{", "&#123;").replace("}", "&#125;")
    return Markup(text.replace("*|", "*&#124;").replace("|*", "&#124;*").replace("%%", "%&#37;"))


class TypstCode(str):
    """Typst source made by wijkcli itself (not user text): passes the escaping unchanged."""

    __slots__ = ()


def typst_string(value: Any) -> TypstCode:
    """A Typst string literal `"..."` with `\\` and `"` escaped: for code mode (arguments)."""
    s = " ".join(str(value).split()) if value is not None else ""
    return TypstCode('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"')


def typst_escape(value: Any) -> TypstCode:
    """User text made inert in Typst markup: inserted as a string literal (`#"...";`), so `#`,
    `$`, `*`, `_`, `@`, `<`, `[`, `//` and `\\` come out as written and never run as code.
    The `;` ends the embedded expression, so a following `.` or `(` cannot continue it."""
    if isinstance(value, TypstCode):
        return value
    if value is None or value == "":
        return TypstCode("")
    return TypstCode("#" + typst_string(value) + ";")


def text_plain(value: Any) -> str:
    """Plain text keeps user text as written, on one line, except mail-merge tags: `*|EMAIL|*`,
    `{{ naam }}` and `%%voornaam%%` get a space inside their brackets (`* |EMAIL| *`, `{ {`,
    `% %`), so a mailing tool that receives the text never fills them in."""
    if value is None:
        return ""
    s = " ".join(str(value).split())
    return _MERGE_TAG.sub(lambda m: f"{m[0][0]} {m[0][1]}", s)


def template_dirs() -> list[Path]:
    package = Path(__file__).resolve().parents[1]  # src/wijkcli, or wijkcli in a wheel
    return [p for p in (package / "templates", package.parents[1] / "templates") if p.is_dir()]


def _typst_filters() -> dict[str, Any]:
    # Formatted numbers are inert text too; the unit keeps to its number with a no-break space.
    nbsp = text.NBSP
    return {
        "geld": lambda d: text.format_money(d, nbsp),
        "bedrag": text.format_amount,
        "datum": text.format_date,
        "datum_lang": text.format_date_long,
        "tijd": lambda t: text.format_time(t, nbsp),
        "tijdvak": lambda b, e=None: text.format_time_range(b, e, nbsp),
        "getal": text.format_int,
        "in_woorden": text.number_word,
        "opsomming": text.join_dutch,
        "str": typst_string,
        "int": lambda n: TypstCode(str(int(n))),
    }


def _filters(html: bool) -> dict[str, Any]:
    # In HTML the unit never wraps away from the number: `€&nbsp;1.250,50`, `19.30&nbsp;uur`.
    space = "&nbsp;" if html else " "
    wrap: Any = Markup if html else str
    return {
        "geld": lambda d: wrap(text.format_money(d, space)),
        "bedrag": text.format_amount,
        "datum": text.format_date,
        "datum_lang": text.format_date_long,
        "tijd": lambda t: wrap(text.format_time(t, space)),
        "tijdvak": lambda b, e=None: wrap(text.format_time_range(b, e, space)),
        "getal": text.format_int,
        "in_woorden": text.number_word,
        "opsomming": text.join_dutch,
    }


@cache
def environment(kind: str) -> jinja2.Environment:
    """The environment for one output kind: 'html', 'md', 'tekst' or 'typ' (Typst)."""
    import jinja2

    dirs = template_dirs()
    if not dirs:
        raise WijkcliError("de map met sjablonen (templates/) is niet gevonden")
    finalize = {"html": None, "md": md_escape, "tekst": text_plain, "typ": typst_escape}[kind]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=kind == "html",
        finalize=finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    if kind == "html":
        env.finalize = lambda v: html_escape(v) if not isinstance(v, Markup) else v
    env.filters.update(_typst_filters() if kind == "typ" else _filters(html=kind == "html"))
    return env


def render(template: str, context: Mapping[str, Any]) -> str:
    """Render `template` (e.g. 'adviesbrief.md.j2') with a ready-made context.

    Raises:
        WijkcliError: the template does not exist.
    """
    kind = (
        "html"
        if template.endswith(".html.j2")
        else "md"
        if ".md." in template
        else "typ"
        if template.endswith(".typ.j2")
        else "tekst"
    )
    try:
        tpl = environment(kind).get_template(template)
    except jinja2.TemplateNotFound:
        raise WijkcliError(f"sjabloon '{template}' niet gevonden") from None
    out = tpl.render(**context)
    # One trailing newline, no trailing spaces: stable bytes for golden files and diffs.
    lines = [line.rstrip() for line in out.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(_squeeze_blank(lines)) + "\n"


def _squeeze_blank(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if not line and out and not out[-1]:
            continue
        out.append(line)
    return out
