"""One job in a forked child process, its result sent back as bytes through a pipe.

Used to put a machine's second core to work on a big tree (`tree`, `pipeline`). The child
inherits everything this process has (modules, loaded files) without copying, which is why
only fork is used: where the platform cannot fork, callers simply do the job themselves.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def can_fork() -> bool:
    """Only on Linux: macOS can fork, but its system libraries are not safe in a forked child
    (Python itself no longer forks there by default); Windows cannot."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


class Forked:
    """`job()` running in a child process; `result()` waits for its bytes."""

    def __init__(self, job: Callable[[], bytes]) -> None:
        self._pid = 0
        self._pipe = -1
        read_fd, write_fd = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # pragma: no cover - no process to be had: result() is then None
            os.close(read_fd)
            os.close(write_fd)
            return
        if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
            code = 1
            try:
                os.close(read_fd)
                data = job()
                with os.fdopen(write_fd, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                # Never return into the parent's code (no atexit handlers, no flushing of
                # the parent's buffered output): whatever happened, the child ends here.
                os._exit(code)
        os.close(write_fd)
        self._pid, self._pipe = pid, read_fd

    def result(self) -> bytes | None:
        """The child's bytes; None when the child failed (the caller then does the job)."""
        if not self._pid:
            return None  # pragma: no cover - the fork failed
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
        return data if status == 0 else None

    def cancel(self) -> None:
        """Stop the child when its result is no longer wanted."""
        if not self._pid:
            return
        import signal

        os.kill(self._pid, signal.SIGKILL)
        os.close(self._pipe)
        os.waitpid(self._pid, 0)
        self._pid = 0
