"""Long fuzz run of the loader and `check_repo` (atheris, coverage-guided; see README.md).

atheris is not a project dependency; install it in a throwaway venv with wijkcli itself:

    uv venv /tmp/atheris-venv --python 3.11
    VIRTUAL_ENV=/tmp/atheris-venv uv pip install atheris -e .
    nice -n 19 /tmp/atheris-venv/bin/python benchmarks/fuzz_long.py -max_total_time=900

Without atheris (`uv run python benchmarks/fuzz_long.py --seconds 600`) a plain random
mutation loop over the same targets runs instead (not coverage-guided).

Each input is one file's bytes plus a selector byte: read it with the strict YAML reader, load
it as one of the six file kinds, and every so often drop it into a copy of the example tree
and run the whole `check_repo` (and now and then the `wijk check` CLI and the renderers: the
letter as docx, the year report as csv and xlsx, and now and then the letter as PDF). Three
more kinds are the letterhead's logo (svg, png, jpg): judged by `read.logo`, and in the tree
`wijk check` must either refuse it (`bad-logo`) or the PDF letter with it must be made. Anything but a list of
problems is a bug: the exception and a reproducer are written to benchmarks/out/fuzz/ and the
run goes on (so one bug does not hide the next). Data files are hashed before and after: a
change is a bug too. At the end the executions count and the distinct bugs are printed.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
EXAMPLE = REPO / "data"
OUT = HERE / "out" / "fuzz"

KINDS = ("gebied", "leden", "wijkplan", "ronde", "aanvraag", "vergadering")
# Where a file of each kind sits in the example tree (relative to the tree root).
TARGETS = {
    "gebied": "data/gebieden/szh/gebied.yaml",
    "leden": "data/gebieden/szh/leden.yaml",
    "wijkplan": "data/gebieden/szh/wijkplan-2017.yaml",
    "ronde": "data/rondes/ronde-2017-2/ronde.yaml",
    "aanvraag": "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml",
    "vergadering": "data/rondes/ronde-2017-2/vergadering-szh.yaml",
}

LOGO_KINDS = ("logo.svg", "logo.png", "logo.jpg")
ALL_KINDS = KINDS + LOGO_KINDS
GEBIED = TARGETS["gebied"]

STATS = {"execs": 0, "tree_runs": 0, "cli_runs": 0, "renders": 0, "pdfs": 0, "bugs": 0,
         "logo_typst_only": 0}  # fmt: skip
START = time.monotonic()
SEEN_BUGS: dict[str, str] = {}


def _imports() -> None:
    global read_yaml, load_file, check_repo, Problem, CliRunner, app, check_svg, check_raster
    global LogoRefused
    from typer.testing import CliRunner

    from wijkcli.cli.app import app
    from wijkcli.load import load_file
    from wijkcli.pipeline import check_repo
    from wijkcli.problems import Problem
    from wijkcli.read.logo import LogoRefused, check_raster, check_svg
    from wijkcli.read.yamlread import read_yaml


def _tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


class Tree:
    """A private copy of the example tree in which one file is replaced per run."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="wijk-fuzz-"))
        shutil.copytree(EXAMPLE, self.root / "data")
        self.originals = {k: (self.root / rel).read_bytes() for k, rel in TARGETS.items()}

    def run(self, kind: str, raw: bytes, cli: bool, pdf: bool = False) -> None:
        target = self.root / TARGETS[kind]
        target.write_bytes(raw)
        try:
            # data/ only: the cache beside it (.wijkcli-cache/) is wijkcli's own to write.
            before = _tree_hash(self.root / "data")
            _, problems = check_repo(self.root)
            assert all(isinstance(p, Problem) for p in problems)
            STATS["tree_runs"] += 1
            if cli:
                result = CliRunner().invoke(
                    app, ["check", "--data", str(self.root), "--format", "json"]
                )
                STATS["cli_runs"] += 1
                assert result.exit_code in (0, 1), f"exit {result.exit_code}: {result.output}"
                assert "Traceback" not in result.output
                if not any(p.is_error for p in problems):
                    self.render(pdf)
            assert _tree_hash(self.root / "data") == before, "check changed a data file"
        finally:
            target.write_bytes(self.originals[kind])

    def render(self, pdf: bool) -> None:
        """The renderers on data `wijk check` accepts: each makes its file or says why in
        Dutch (exit 1), never exit 3 or a traceback."""
        out = Path(tempfile.mkdtemp(prefix="wijk-fuzz-out-"))
        jobs = [
            ["advies", "ronde-2017-2", "--format", "docx"],
            ["jaarverslag", "szh", "2017", "--format", "csv"],
            ["jaarverslag", "szh", "2017", "--format", "xlsx"],
        ]
        if pdf:
            jobs.append(["advies", "ronde-2017-2", "--format", "pdf"])
        try:
            for job in jobs:
                result = CliRunner().invoke(
                    app, [*job, "--uit", f"{out}/", "--force", "--data", str(self.root)]
                )
                STATS["renders"] += 1
                STATS["pdfs"] += "pdf" in job
                assert result.exit_code in (0, 1), (
                    f"{job}: exit {result.exit_code}: {result.output}"
                )
                assert "Traceback" not in result.output and "interne fout" not in result.output
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def run_logo(self, name: str, raw: bytes, pdf: bool) -> None:
        """`raw` as the letterhead's logo: `wijk check` refuses it (`bad-logo`), or it passes
        and the PDF letter with it is made (exit 0)."""
        logo = self.root / "data/gebieden/szh" / name
        gebied = self.root / GEBIED
        logo.write_bytes(raw)
        gebied.write_bytes(
            self.originals["gebied"].replace(
                b"website:", f"briefhoofd:\n  logo: {name}\nwebsite:".encode(), 1
            )
        )
        try:
            before = _tree_hash(self.root / "data")
            _, problems = check_repo(self.root)
            STATS["tree_runs"] += 1
            refused = [p for p in problems if p.code == "bad-logo"]
            assert len(refused) <= 1
            if not refused and pdf:
                out = Path(tempfile.mkdtemp(prefix="wijk-fuzz-out-"))
                try:
                    result = CliRunner().invoke(
                        app,
                        ["advies", "ronde-2017-2", "--format", "pdf", "--uit", f"{out}/",
                         "--data", str(self.root)],
                    )  # fmt: skip
                finally:
                    shutil.rmtree(out, ignore_errors=True)
                STATS["renders"] += 1
                STATS["pdfs"] += 1
                # Typst's image decoders are not Pillow's: a logo only Typst refuses is the
                # documented Dutch error at briefhoofd.logo (file:line:column), exit 1.
                named = result.output.startswith(f"wijk: {GEBIED}:") and "het logo" in result.output
                assert result.exit_code == 0 or (result.exit_code == 1 and named), (
                    f"logo passed check, PDF: exit {result.exit_code}: {result.output}"
                )
                STATS["logo_typst_only"] += result.exit_code == 1
            assert _tree_hash(self.root / "data") == before, "check changed a data file"
        finally:
            logo.unlink()
            gebied.write_bytes(self.originals["gebied"])


def one_input(data: bytes, tree: Tree) -> None:
    """The fuzz target: never raises except for a real bug (which `guarded` records)."""
    if len(data) < 2:
        return
    selector, raw = data[0], data[1:]
    kind = ALL_KINDS[selector % len(ALL_KINDS)]
    STATS["execs"] += 1
    if STATS["execs"] % 1000 == 0:
        report(START, quiet=True)
    if kind in LOGO_KINDS:
        try:
            if kind == "logo.svg":
                check_svg(raw)
            else:
                check_raster(raw, "PNG" if kind == "logo.png" else "JPEG")
        except LogoRefused:
            pass
        if selector >= 200:
            tree.run_logo(kind, raw, pdf=selector >= 240)
        return
    doc, problems = read_yaml("f.yaml", raw)
    assert (doc is None) == bool(problems), "a document with problems, or neither"
    assert all(isinstance(p, Problem) and p.location is not None for p in problems)
    _obj, _src, problems = load_file("f.yaml", kind, raw)
    assert all(isinstance(p, Problem) for p in problems)
    # The whole pipeline on a tree is ~100x slower: only for some inputs.
    if selector >= 200:
        tree.run(kind, raw, cli=selector >= 240, pdf=selector >= 250)


def guarded(data: bytes, tree: Tree) -> None:
    try:
        one_input(data, tree)
    except Exception as exc:  # every exception is a finding
        tb = traceback.extract_tb(exc.__traceback__)
        frame = next((f for f in reversed(tb) if "wijkcli" in f.filename), tb[-1])
        key = f"{type(exc).__name__} at {Path(frame.filename).name}:{frame.lineno}"
        if key not in SEEN_BUGS:
            STATS["bugs"] += 1
            OUT.mkdir(parents=True, exist_ok=True)
            name = hashlib.sha1(key.encode()).hexdigest()[:10]
            (OUT / f"crash-{name}.bin").write_bytes(data)
            (OUT / f"crash-{name}.txt").write_text(
                key + "\n\n" + "".join(traceback.format_exception(exc)), encoding="utf-8"
            )
            SEEN_BUGS[key] = name
            print(f"\nBUG {key} -> {OUT / ('crash-' + name)}.bin", file=sys.stderr, flush=True)


LOGO_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
    b'width="120" height="40" viewBox="0 0 120 40">\n'
    b'<defs><linearGradient id="g"><stop offset="0" stop-color="#1f6f8b"/>'
    b'<stop offset="1" stop-color="#fff"/></linearGradient>'
    b'<clipPath id="c"><circle cx="20" cy="20" r="20"/></clipPath></defs>\n'
    b'<g style="fill:url(#g);stroke:#000"><rect width="120" height="40" rx="4" clip-path="url(#c)"/>'
    b'<path d="M0 0 L10 10 Z"/><text x="10" y="30" font-size="12">SZH</text>'
    b'<image width="4" height="4" href="data:image/png;base64,PNG"/></g>\n</svg>\n'
)


def _raster(fmt: str) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (24, 8), (31, 111, 139)).save(out, fmt)
    return out.getvalue()


def seeds() -> list[bytes]:
    import base64

    out = []
    logos = {
        "logo.svg": LOGO_SVG.replace(b"PNG", base64.b64encode(_raster("PNG"))),
        "logo.png": _raster("PNG"),
        "logo.jpg": _raster("JPEG"),
    }
    for i, kind in enumerate(ALL_KINDS):
        raw = logos[kind] if kind in logos else (EXAMPLE.parent / TARGETS[kind]).read_bytes()
        # The selector picks the kind (i + k × len(ALL_KINDS)); 200+ the tree, 240+ the CLI
        # and the renderers (libFuzzer seldom mutates the first byte that far: seed them).
        for base in (0, 200, 240):
            selector = base + (i - base) % len(ALL_KINDS)
            out.append(bytes([selector]) + raw)
    return out


def report(start: float, quiet: bool = False) -> None:
    took = time.monotonic() - start
    if not quiet:
        print(
            f"\nfuzz_long: {STATS['execs']} executions in {took:.0f} s "
            f"({STATS['execs'] / max(took, 1e-9):.0f}/s); {STATS['tree_runs']} whole-tree checks, "
            f"{STATS['cli_runs']} CLI runs, {STATS['renders']} documents rendered "
            f"({STATS['pdfs']} PDF; {STATS['logo_typst_only']} logos only Typst refused); "
            f"{STATS['bugs']} distinct bugs",
            file=sys.stderr,
        )
        for key, name in SEEN_BUGS.items():
            print(f"  {key}: {OUT / ('crash-' + name)}.txt", file=sys.stderr)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "stats.txt").write_text(
        f"executions {STATS['execs']}\nseconds {took:.0f}\ntree_runs {STATS['tree_runs']}\n"
        f"cli_runs {STATS['cli_runs']}\nrenders {STATS['renders']}\npdfs {STATS['pdfs']}\n"
        f"bugs {STATS['bugs']}\n" + "".join(f"{k}\n" for k in SEEN_BUGS),
        encoding="utf-8",
    )


def _mutate(rng: random.Random, raw: bytes) -> bytes:
    """A few byte/line mutations (the fallback fuzzer)."""
    b = bytearray(raw)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(7)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(pos, len(b) - 1)] = rng.randrange(256)
        elif op == 1:
            b[pos:pos] = rng.choice(
                [b"\t", b"\r\n", b"\xef\xbb\xbf", b": ", b"- ", b"[", b"{", b"&a ", b"*a", b"!!",
                 b"? ", b"---\n", b"'", b'"', b"#", b"\x00", b"\xff", "ı€".encode(), b"\n  "]
            )  # fmt: skip
        elif op == 2 and b:
            end = min(len(b), pos + rng.randrange(1, 80))
            del b[pos:end]
        elif op == 3:
            lines = bytes(b).split(b"\n")
            if len(lines) > 1:
                i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                b = bytearray(b"\n".join(lines))
        elif op == 4:
            lines = bytes(b).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])
            b = bytearray(b"\n".join(lines))
        elif op == 5:
            b[pos:pos] = b"[" * rng.randrange(1, 60) + b"]" * rng.randrange(0, 60)
        else:
            b[pos:pos] = b"x" * rng.randrange(1, 5000)
    return bytes(b)


YAML_DICT = [
    b": ",
    b"- ",
    b"? ",
    b"---",
    b"...",
    b"&a",
    b"*a",
    b"!!str",
    b"!",
    b"[",
    b"]",
    b"{",
    b"}",
    b"'",
    b'"',
    b"#",
    b"|",
    b">-",
    b"\t",
    b"~",
    b"null",
    b"yes",
    b"no",
    b"1:30",
    b"0612345670",
    b"1.250",
    b"12,50",
    b".inf",
    b".nan",
    b"1e3",
    b"2017-02-30",
    b"2017-04-13",
    b"19:30",
    b"\xef\xbb\xbf",
    b"\r\n",
    b"bedrag",
    b"uren",
    b"stemmen",
    b"voor",
    b"tegen",
    b"onthouding",
    b"besluiten",
    b"aanwezig",
    b"afgemeld",
    b"vertrokken",
    b"leden",
    b"rol",
    b"bewonersteam",
    b"professional",
    b"themas",
    b"budget",
    b"joke-aldersveld",
    b"a01-huiskamer",
    b"szh",
    b"geheim",
    b"openbaar",
    b"toekennen",
    b"afwijzen",
]


def _dict_entry(token: bytes) -> str:
    """One libFuzzer dictionary line: printable ASCII as is, the rest as \\xNN."""
    body = "".join(
        chr(c) if 32 <= c < 127 and chr(c) not in '\\"' else f"\\x{c:02x}" for c in token
    )
    return f'"{body}"\n'


def main() -> int:
    start = START
    try:
        import atheris
    except ImportError:
        atheris = None
    if atheris is None or "--seconds" in sys.argv:
        seconds = (
            float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 600
        )
        _imports()
        tree = Tree()
        rng = random.Random(int(os.environ.get("FUZZ_SEED", "1")))
        corpus = seeds()
        try:
            while time.monotonic() - start < seconds:
                base = rng.choice(corpus)
                # Keep the seed's kind (a PNG is mutated as a logo, not read as YAML).
                kind = base[0] % len(ALL_KINDS)
                selector = rng.randrange(256 // len(ALL_KINDS)) * len(ALL_KINDS) + kind
                data = bytes([min(selector, 255)]) + _mutate(rng, base[1:])
                guarded(data, tree)
        finally:
            report(start)
        return 1 if SEEN_BUGS else 0

    with atheris.instrument_imports(include=["wijkcli", "yaml"]):
        _imports()
    tree = Tree()
    corpus_dir = OUT / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(seeds()):
        (corpus_dir / f"seed-{i}").write_bytes(s)
    import atexit

    atexit.register(report, start)
    args = [a for a in sys.argv if not a.startswith("--seconds")]
    dict_file = OUT / "yaml.dict"
    dict_file.write_text("".join(_dict_entry(t) for t in YAML_DICT), encoding="ascii")
    atheris.Setup(
        # libFuzzer's own findings (slow-unit-*, crash-*) go beside ours, not into the cwd.
        [
            *args,
            str(corpus_dir),
            "-max_len=65536",
            f"-dict={dict_file}",
            f"-artifact_prefix={OUT}/",
        ],
        lambda d: guarded(d, tree),
    )
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main())
