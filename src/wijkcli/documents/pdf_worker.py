"""The process that runs Typst for `documents.pdf.compile_pdf`: `python -I -m
wijkcli.documents.pdf_worker`.

Typst runs in a process of its own so that a signal (Ctrl-C, SIGTERM) or the time limit stops it
(the compiler, once called, never returns to Python until it is done), and so that whatever it
does with memory cannot take wijk down with it: the process has a limit on its memory and CPU
time (`resource.setrlimit`, where the platform has it).

Input on stdin, JSON: `source` (the Typst source), `timestamp` (seconds since 1970, the
document's date), `root` (the folder Typst may read: a temporary one that holds only the
logo, made and removed by the caller), `memory` and `cpu` (limits in bytes and seconds).
Output: the PDF on stdout, exit 0; or Typst's message on stderr, exit 1.
"""

from __future__ import annotations

import json
import sys


def _limit(memory: int, cpu: int) -> None:
    try:
        import resource
    except ImportError:  # not on Windows: the parent's time limit still holds
        return
    for which, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_CPU, cpu)):
        _, hard = resource.getrlimit(which)
        if hard == resource.RLIM_INFINITY or value < hard:
            resource.setrlimit(which, (value, value if hard == resource.RLIM_INFINITY else hard))


def main() -> int:
    job = json.loads(sys.stdin.buffer.read())
    _limit(int(job["memory"]), int(job["cpu"]))
    import typst

    try:
        pdf = typst.compile(
            job["source"].encode("utf-8"),
            root=job["root"],
            format="pdf",
            ignore_system_fonts=True,
            timestamp=int(job["timestamp"]),
        )
    except RuntimeError as exc:
        text = str(exc).strip()
        sys.stderr.write(text.splitlines()[0] if text else type(exc).__name__)
        return 1
    if not isinstance(pdf, bytes):
        return 1
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
