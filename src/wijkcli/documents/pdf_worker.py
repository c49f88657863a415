"""The process that runs Typst for `documents.pdf.compile_pdf`: `python -I -m
wijkcli.documents.pdf_worker`.

Typst runs in a process of its own so that a signal (Ctrl-C, SIGTERM) or the time limit stops it
(the compiler, once called, never returns to Python until it is done), and so that whatever it
does with memory cannot take wijk down with it: the process has a limit on its memory and CPU
time (`resource.setrlimit`, where the platform has it).

Input on stdin, JSON: `source` (the Typst source), `timestamp` (seconds since 1970, the
document's date), `root` (the folder Typst may read: a temporary one that holds only the
logo, made and removed by the caller), `standards` (Typst's names of the PDF standards the file
must meet, `a-2a` and `ua-1`), `memory` and `cpu` (limits in bytes and seconds).
Output: the PDF on stdout and Typst's warnings on stderr (JSON, a list of one-line messages),
exit 0; or Typst's message on stderr, exit 1; or, when the only errors are text that no font of
the PDF can show (which PDF/A refuses), the texts on stderr (JSON, a list), exit 2.
"""

from __future__ import annotations

import json
import re
import sys

_NO_GLYPH = re.compile(r'^error: .*the text `"((?:[^"\\]|\\.)*)"` could not be displayed', re.M)
_ESCAPE = re.compile(r"\\(u\{([0-9a-fA-F]+)\}|.)")


def _unescape(text: str) -> str:
    """A Typst string literal's contents as text (`\\u{200d}`, `\\"`, `\\\\`, `\\n`, `\\t`)."""

    def one(m: re.Match[str]) -> str:
        if m[2] is not None:
            return chr(int(m[2], 16))
        return {"n": "\n", "t": "\t", "r": "\r"}.get(m[1], m[1])

    return _ESCAPE.sub(one, text)


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
        pdf, warnings = typst.compile_with_warnings(
            job["source"].encode("utf-8"),
            root=job["root"],
            format="pdf",
            ignore_system_fonts=True,
            timestamp=int(job["timestamp"]),
            pdf_standards=list(job["standards"]),
        )
    except RuntimeError as exc:
        diagnostic = str(getattr(exc, "diagnostic", ""))
        errors = [line for line in diagnostic.splitlines() if line.startswith("error:")]
        missing = [_unescape(m) for m in _NO_GLYPH.findall(diagnostic)]
        if errors and len(missing) == len(errors):
            sys.stderr.write(json.dumps(list(dict.fromkeys(missing))))
            return 2
        text = str(exc).strip()
        sys.stderr.write(text.splitlines()[0] if text else type(exc).__name__)
        return 1
    if not isinstance(pdf, bytes):
        return 1
    sys.stderr.write(json.dumps([str(w.message).strip().splitlines()[0] for w in warnings]))
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
