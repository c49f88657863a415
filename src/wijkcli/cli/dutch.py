"""Typer's own words in Dutch: mistakes on the command line and the help pages' frame.

Click, inside Typer, words these in English ("Error: Missing argument 'ronde'.", "Usage:",
"Options:", "Show this message and exit."). `WijkGroup` catches usage errors where Typer would
print them and says the same in the volunteers' words, with the same exit code 2; the help
pages of every command are written by `DutchHelpFormatter`, through `WijkGroup` and
`WijkCommand` (a test checks that every command uses them). Only typer is imported here, so
`wijk --help` stays fast.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from typing import Any

from typer._click import exceptions as click_errors
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import Abort

# Click's English wording → ours; the groups of the pattern fill the {} in the Dutch text.
_VALUE_WORDS = [
    (r"^(?:Value error, )?'(.*)' is not one of (.*)\.$", "'{0}' kan hier niet; kies uit {1}"),
    (r"^'(.*)' is not a valid int(?:eger)?(?: range)?\.$", "hier hoort een geheel getal"),
    (r"^'(.*)' is not a valid float(?: range)?\.$", "hier hoort een getal"),
    (r"^(.*) is not in the range x>=(.*)\.$", "hier hoort een getal van minstens {1}"),
    (r"^(?:File|Directory|Path) '(.*)' does not exist\.?$", "'{0}' bestaat niet"),
    (r"^Value error, (.*)$", "{0}"),
]
_USAGE_WORDS = [
    (
        r"^No such command '(.*)'\. Did you mean (.*)\?$",
        "onbekende opdracht '{0}'; bedoelde je {1}?",
    ),
    (r"^No such command '(.*)'\.$", "onbekende opdracht '{0}'"),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", "te veel argumenten: {0}"),
    (r"^Option '(.*)' requires an argument\.$", "optie '{0}' heeft een waarde nodig"),
    (r"^Option '(.*)' requires (\d+) arguments\.$", "optie '{0}' heeft {1} waarden nodig"),
    (r"^Option '(.*)' does not take a value\.$", "optie '{0}' heeft geen waarde"),
    (r"^Missing command\.$", "geef een opdracht"),
]


def _translate(text: str, table: list[tuple[str, str]]) -> str:
    for pattern, dutch in table:
        m = re.match(pattern, text)
        if m:
            return dutch.format(*m.groups())
    return text


def _hint(error: click_errors.BadParameter) -> str:
    hint: Sequence[str] | str | None = error.param_hint
    if hint is None and error.param is not None and error.ctx is not None:
        hint = error.param.get_error_hint(error.ctx)
    if hint is None:
        return ""
    return " / ".join(hint) if not isinstance(hint, str) else hint


def usage_message(error: click_errors.UsageError) -> str:
    """What went wrong, in Dutch (one line, no 'Fout:' in front)."""
    if isinstance(error, click_errors.NoSuchOption):
        text = f"onbekende optie {error.option_name}"
        if error.possibilities:
            text += f" (bedoelde je {' of '.join(sorted(error.possibilities))}?)"
        return text
    if isinstance(error, click_errors.MissingParameter):
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        what = {"argument": "het argument", "option": "de optie"}.get(kind, "de waarde")
        hint = _hint(error)
        return f"{what} {hint} ontbreekt".replace("  ", " ")
    if isinstance(error, click_errors.BadParameter):
        message = _translate(error.message, _VALUE_WORDS)
        hint = _hint(error)
        return (
            f"ongeldige waarde voor {hint}: {message}" if hint else f"ongeldige waarde: {message}"
        )
    return _translate(error.message, _USAGE_WORDS)


def show_usage_error(error: click_errors.UsageError) -> None:
    """The usage line, where to find help, and the problem; on stderr, like Click does."""
    ctx = error.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"Zie '{ctx.command_path} {ctx.help_option_names[0]}' voor uitleg.")
        lines.append("")
    lines.append(f"Fout: {usage_message(error)}")
    sys.stderr.write("\n".join(lines) + "\n")


_HEADINGS = {"Usage": "Gebruik", "Arguments": "Argumenten", "Options": "Opties",
             "Commands": "Opdrachten"}  # fmt: skip
_HELP_WORDS = [
    ("Show this message and exit.", "Toon deze uitleg."),
    ("Install completion for the current shell.", "Installeer aanvullen met Tab voor deze shell."),
    (
        "Show completion for the current shell, to copy it or customize the installation.",
        "Toon het aanvullen voor deze shell, om zelf te kopiëren of aan te passen.",
    ),
    ("[required]", "[verplicht]"),
    ("[default: ", "[standaard: "),
]


COMPLETION_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _completion_shell(value: Any) -> str:
    """The shell asked for (`--install-completion zsh`) or the one `wijk` runs in; an
    unsupported or undetectable shell is a usage error in Dutch (exit 2)."""
    from typer._completion_shared import _get_shell_name

    shell = value if isinstance(value, str) else _get_shell_name()
    if shell not in COMPLETION_SHELLS:
        which = f"de shell '{shell}'" if shell else "deze shell (niet herkend)"
        sys.stderr.write(
            f"wijk: Tab-aanvulling kan niet voor {which}; wel voor bash, zsh, fish en "
            "powershell (start wijk vanuit een van die shells)\n"
        )
        sys.exit(2)
    return shell


def install_completion(ctx: Context, param: Any, value: Any) -> Any:
    """`--install-completion`: Typer's installer, with Dutch words."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import install

    shell, path = install(shell=_completion_shell(value))
    sys.stdout.write(
        f"Tab-aanvulling voor {shell} staat in {path}.\n"
        "Open een nieuwe terminal om haar te gebruiken.\n"
    )
    sys.exit(0)


def show_completion(ctx: Context, param: Any, value: Any) -> Any:
    """`--show-completion`: the script to copy, from Typer, for a shell we know."""
    if not value or ctx.resilient_parsing:
        return value
    from typer._completion_shared import get_completion_script

    prog_name = ctx.find_root().info_name or "wijk"
    complete_var = "_{}_COMPLETE".format(prog_name.replace("-", "_").upper())
    script = get_completion_script(
        prog_name=prog_name, complete_var=complete_var, shell=_completion_shell(value)
    )
    sys.stdout.write(script + "\n")
    sys.exit(0)


class DutchHelpFormatter(HelpFormatter):
    """Click's help formatter with Dutch headings and Dutch texts for Typer's own options."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "Gebruik: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(_HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        def dutch(text: str) -> str:
            for english, ours in _HELP_WORDS:
                text = text.replace(english, ours)
            return text

        super().write_dl([(term, dutch(text)) for term, text in rows], *args, **kwargs)


class DutchContext(Context):
    formatter_class = DutchHelpFormatter


class WijkCommand(TyperCommand):
    """Typer's command with a Dutch help page."""

    context_class = DutchContext


class WijkGroup(TyperGroup):
    """Typer's group with a Dutch help page and Dutch usage errors (the rest is Typer's own)."""

    context_class = DutchContext

    def invoke(self, ctx: Context) -> Any:
        """Run the command inside the one error handler of wijkcli (`cli.errors`)."""
        from wijkcli.cli.errors import error_handler

        with error_handler():
            return super().invoke(ctx)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        for param in self.params:  # Typer's completion options, with Dutch messages
            if param.name == "install_completion":
                param.callback = install_completion
            elif param.name == "show_completion":
                param.callback = show_completion
        if not standalone_mode:
            return super().main(
                args, prog_name, complete_var, standalone_mode, windows_expand_args, **extra
            )
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except click_errors.NoArgsIsHelpError as error:
            error.show()  # the help page, as asked for by typing just `wijk`
            sys.exit(error.exit_code)
        except click_errors.UsageError as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except click_errors.ClickException as error:  # pragma: no cover - none of ours
            error.show()
            sys.exit(error.exit_code)
        except Abort:
            sys.stderr.write("Afgebroken.\n")
            sys.exit(1)
        # Without standalone mode Click returns an exit code (typer.Exit) or the command's
        # return value (None for every wijk command).
        sys.exit(result if isinstance(result, int) else 0)
