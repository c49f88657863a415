"""The one error handler of `wijk`: every command runs inside it (`WijkGroup.invoke`).

Exit codes, as the README promises: 0 in order, 1 problems in the data or a `WijkcliError`
(its Dutch message), 2 a usage error (Click's own, worded by `cli.dutch`, or a `UsageMistake`
such as an unknown ronde or gebied on the command line), 130 interrupted with
Ctrl-C, 3 a bug in wijkcli (one line that asks to rerun with `--debug`; never a traceback).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from typer._click.exceptions import ClickException
from typer.exceptions import Abort, Exit, TyperException

from wijkcli.cli.common import err

STATE = {"debug": bool(os.environ.get("WIJK_DEBUG"))}
"""`--debug` (or WIJK_DEBUG=1): an internal error shows its traceback instead of the hint."""


@contextlib.contextmanager
def error_handler() -> Iterator[None]:
    """Turn what a command raises into a Dutch message and an exit code (see module doc)."""
    from wijkcli.problems import DataProblemsError, UsageMistake, WijkcliError
    from wijkcli.text import visible  # a file name or value in a message stays on its line

    try:
        yield
    except (Exit, Abort, TyperException, ClickException):
        raise  # Click's own: exit codes, Ctrl-C at a prompt, usage errors (2)
    except DataProblemsError as exc:
        from wijkcli.documents.check import format_human

        err(f"wijk: {visible(str(exc))}")
        err(format_human(exc.problems).rstrip("\n"))
        raise Exit(1) from None
    except UsageMistake as exc:
        err(f"wijk: {visible(str(exc))}")
        raise Exit(2) from None
    except WijkcliError as exc:
        err(f"wijk: {visible(str(exc))}")
        raise Exit(1) from None
    except KeyboardInterrupt:
        err("wijk: afgebroken")
        raise Exit(130) from None
    except Exception as exc:
        if STATE["debug"]:
            raise
        err(
            f"wijk: interne fout ({type(exc).__name__}). Dit is een fout in wijkcli, niet in "
            "je gegevens; je bestanden zijn niet veranderd. Draai opnieuw met --debug en "
            "meld de uitvoer."
        )
        raise Exit(3) from None
