"""One job in a forked child process, its result sent back as bytes through a pipe.

Used to put a machine's second core to work on a big tree (`tree`, `pipeline`) and on a long
Equal Shares search (`allocate.add1`). The child inherits everything this process has
(modules, loaded files) without copying, which is why only fork is used: where the platform
cannot fork, callers simply do the job themselves. `Forked` sends one result at the end;
`ForkedStream` sends messages as the child goes.
"""

from __future__ import annotations

import os
import select
import signal
import sys
from collections.abc import Callable

_HEADER = 4  # bytes of a message's length (big-endian) before the message in a stream


def forced_workers() -> int | None:
    """The number of processes asked for in the environment variable WIJK_WORKERS (1 or 2:
    any larger number means 2), or None when it is not set to a number."""
    wanted = os.environ.get("WIJK_WORKERS", "")
    if not (wanted.isascii() and wanted.isdigit()):
        return None
    return 2 if int(wanted) > 1 else 1


def second_core() -> bool:
    """Whether this process may use more than one core. (sched_getaffinity counts the cores
    this process may use; Linux has it, and only Linux forks here: see `can_fork`.)"""
    return hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) > 1


def can_fork() -> bool:
    """Only on Linux: macOS can fork, but its system libraries are not safe in a forked child
    (Python itself no longer forks there by default); Windows cannot. And only while no other
    Python thread runs (a lock one holds would stay locked in the child for ever) and child
    processes are not reaped behind our back (SIGCHLD ignored, as some supervisors leave it):
    then their end could not be told from their success."""
    if not (sys.platform.startswith("linux") and hasattr(os, "fork")):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    return signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN


def _reap(pid: int, kill: bool) -> int | None:
    """Wait for the child `pid` (killing it first with `kill`); its wait status, or None when
    it was reaped already (which `can_fork` rules out; an error here would be a crash)."""
    try:
        if kill:
            os.kill(pid, signal.SIGKILL)  # a child that has exited is not yet reaped: no error
        return os.waitpid(pid, 0)[1]
    except (ProcessLookupError, ChildProcessError):  # pragma: no cover - see can_fork
        return None


def _stop(pid: int, pipe: int) -> None:
    """Stop the child `pid` (if it still runs), reap it and close its pipe."""
    os.close(pipe)
    _reap(pid, kill=True)


def _fork(child: Callable[[int], None]) -> tuple[int, int] | None:
    """Fork a process that runs `child(write end of a pipe)` and then exits (status 0 when
    `child` returned, 1 when it raised). Here: the child's pid and the read end of the pipe,
    or None when no pipe or process could be had (the caller then does the job itself)."""
    try:
        read_fd, write_fd = os.pipe()
    except OSError:  # out of file descriptors
        return None
    try:
        pid = os.fork()
    except OSError:  # no process to be had
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # pragma: no cover - the child (coverage does not follow a fork)
        code = 1
        try:
            os.close(read_fd)
            child(write_fd)
            code = 0
        finally:
            # Never return into the parent's code (no atexit handlers, no flushing of the
            # parent's buffered output): whatever happened, the child ends here.
            os._exit(code)
    os.close(write_fd)
    return pid, read_fd


class Forked:
    """`job()` running in a child process; `result()` waits for its bytes."""

    def __init__(self, job: Callable[[], bytes]) -> None:
        self._pid = 0
        self._pipe = -1

        def run(write_fd: int) -> None:  # pragma: no cover - in the child
            data = job()
            with os.fdopen(write_fd, "wb") as pipe:
                pipe.write(data)

        forked = _fork(run)
        if forked is not None:
            self._pid, self._pipe = forked

    def result(self) -> bytes | None:
        """The child's bytes; None when the child failed (the caller then does the job)."""
        if not self._pid:
            return None  # pragma: no cover - the fork failed
        try:
            with os.fdopen(self._pipe, "rb") as pipe:
                data = pipe.read()
        finally:
            status = _reap(self._pid, kill=False)
            self._pid = 0
        return data if status == 0 else None

    def cancel(self) -> None:
        """Stop the child when its result is no longer wanted."""
        if self._pid:
            _stop(self._pid, self._pipe)
            self._pid = 0


class ForkedStream:
    """`job(send)` running in a child process; every `send(bytes)` there is one message here.

    `messages()` returns the messages that have arrived (waiting for at least one more with
    `wait=True`); `ended` tells that the child has stopped sending, by finishing or failing.
    Messages sent before a failure are whole and kept; a message cut off is dropped.
    """

    def __init__(self, job: Callable[[Callable[[bytes], None]], None]) -> None:
        self._pid = 0
        self._pipe = -1
        self._buffer = bytearray()
        self.ended = True

        def run(write_fd: int) -> None:  # pragma: no cover - in the child
            with os.fdopen(write_fd, "wb") as pipe:

                def send(data: bytes) -> None:
                    pipe.write(len(data).to_bytes(_HEADER, "big") + data)
                    pipe.flush()

                job(send)

        forked = _fork(run)
        if forked is not None:
            self._pid, self._pipe = forked
            self.ended = False

    def _read(self, wait: bool) -> None:
        if not wait:
            ready = select.poll()  # (not select.select: it fails on descriptors over 1023)
            ready.register(self._pipe, select.POLLIN)
            if not ready.poll(0):
                return
        chunk = os.read(self._pipe, 1 << 16)
        if chunk:
            self._buffer += chunk
        else:
            self.close()

    def _take(self) -> list[bytes]:
        out = []
        buffer = self._buffer
        while len(buffer) >= _HEADER:
            size = int.from_bytes(buffer[:_HEADER], "big")
            if len(buffer) < _HEADER + size:
                break
            out.append(bytes(buffer[_HEADER : _HEADER + size]))
            del buffer[: _HEADER + size]
        return out

    def messages(self, wait: bool = False) -> list[bytes]:
        """The messages that have arrived; with `wait`, at least one unless the child ended."""
        if not self.ended:
            self._read(wait=False)
        out = self._take()
        while wait and not out and not self.ended:
            self._read(wait=True)
            out = self._take()
        return out

    def close(self) -> None:
        """Stop the child (if it still runs) and free the pipe; `ended` is then true."""
        if self._pid:
            _stop(self._pid, self._pipe)
            self._pid = 0
        self.ended = True
