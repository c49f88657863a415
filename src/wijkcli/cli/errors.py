"""The one error handler of `wijk`: every command runs inside it (`WijkGroup.invoke`).

Exit codes, as the README promises: 0 in order, 1 problems in the data or a `WijkcliError`
(its Dutch message), 2 a usage error (Click's own, worded by `cli.dutch`, or a `UsageMistake`
such as an unknown ronde or gebied on the command line), 130 interrupted with
Ctrl-C, 143 stopped with SIGTERM and 129 with SIGHUP (temporary files removed as for Ctrl-C),
3 a bug in wijkcli (one line that asks to rerun with `--debug`; never a traceback; with
`--debug` the traceback and still 3). When the reader of stdout goes away (`wijk check | head`)
the rest of the output is dropped quietly and the exit code is the one the command would
have had (`exit_code_if_output_cut`; 0 for a command that says nothing else).
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from types import FrameType

from typer._click.exceptions import ClickException
from typer.exceptions import Abort, Exit, TyperException

from wijkcli.cli.common import err

STATE = {"debug": bool(os.environ.get("WIJK_DEBUG")), "exit_if_cut": 0}
"""`debug`: `--debug` (or WIJK_DEBUG=1), an internal error shows its traceback as well;
`exit_if_cut`: the exit code when stdout's reader goes away (`exit_code_if_output_cut`)."""

STOP_SIGNALS = tuple(
    s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s
)


class Stopped(BaseException):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C, so every `except BaseException` that
    removes a temporary file (`documents.output`) runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


def exit_code_if_output_cut(code: int) -> None:
    """Tell the error handler which exit code to give when stdout's reader goes away while
    the command writes its output (`wijk check | head`: 1 only when there are errors)."""
    STATE["exit_if_cut"] = code


def _silence_stdout() -> None:
    """Point stdout at /dev/null: what is still buffered, and Python's flush at exit, go
    nowhere instead of failing again on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _flush_stdout() -> bool:
    """Flush stdout; False (and stdout silenced) when its reader has gone."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        return False
    except (OSError, ValueError):
        pass
    return True


@contextlib.contextmanager
def _stop_signals_unwind() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Stopped` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _stop) for s in STOP_SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextlib.contextmanager
def error_handler() -> Iterator[None]:
    """Turn what a command raises into a Dutch message and an exit code (see module doc)."""
    from wijkcli.problems import DataProblemsError, UsageMistake, WijkcliError
    from wijkcli.text import visible  # a file name or value in a message stays on its line

    STATE["exit_if_cut"] = 0
    try:
        with _stop_signals_unwind():
            yield
            if not _flush_stdout():
                raise Exit(STATE["exit_if_cut"])
    except BrokenPipeError:
        _silence_stdout()
        raise Exit(STATE["exit_if_cut"]) from None
    except Exit:
        _flush_stdout()
        raise
    except (Abort, TyperException, ClickException):
        raise  # Click's own: exit codes, Ctrl-C at a prompt, usage errors (2)
    except Stopped as exc:
        err("wijk: afgebroken")
        raise Exit(128 + exc.signum) from None
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
            traceback.print_exc(file=sys.stderr)
            err(f"wijk: interne fout ({type(exc).__name__}); meld de uitvoer hierboven.")
            raise Exit(3) from None
        err(
            f"wijk: interne fout ({type(exc).__name__}). Dit is een fout in wijkcli, niet in "
            "je gegevens; je bestanden zijn niet veranderd. Draai opnieuw met --debug en "
            "meld de uitvoer."
        )
        raise Exit(3) from None
