"""Hostile logos (issue 31, items 1, 3 and 4): `wijk check` judges the letterhead's logo before
Typst ever sees it (an SVG allowlist, PNG/JPEG sizes from the header), Typst gets a folder that
holds only the logo, and a slow Typst run still stops on SIGTERM, Ctrl-C and a time limit."""

from __future__ import annotations

import base64
import io
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.helpers import GEBIED, check, edit
from wijkcli.cli.app import app

TURBULENCE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
    '<filter id="f"><feTurbulence baseFrequency="0.9" numOctaves="{n}"/></filter>'
    '<rect width="200" height="100" filter="url(#f)"/></svg>'
)
"""The red team's 190-byte logo: compile time grows with numOctaves, without bound."""

GOOD_SVG = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
    '     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"\n'
    '     width="120" height="40" viewBox="0 0 120 40">\n'
    "  <title>Bewonersteam</title>\n"
    "  <metadata><rdf xmlns='urn:x'><anything/></rdf></metadata>\n"
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#1f6f8b"/>'
    '<stop offset="1" stop-color="#fff"/></linearGradient>\n'
    '  <linearGradient id="h" xlink:href="#g"/><clipPath id="c"><circle r="20"/></clipPath></defs>\n'
    '  <g inkscape:label="laag 1" style="fill:url(#g);stroke:#000">\n'
    '    <rect width="120" height="40" rx="4" clip-path="url(#c)"/>\n'
    '    <path d="M0 0 L10 10 Z"/><ellipse cx="5" cy="5" rx="2" ry="1"/>\n'
    '    <text x="10" y="30" font-size="12">SZH<tspan> team</tspan></text>\n'
    '    <image width="4" height="4" href="data:image/png;base64,{png}"/>\n'
    "  </g>\n"
    "</svg>\n"
)


def _png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (31, 111, 139)).save(out, "PNG")
    return out.getvalue()


def _png_bomb() -> bytes:
    """437 KB of PNG that unpacks to 60000 × 60000 pixels (the red team's bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    side = 60000
    row = b"\0" * (1 + side // 8)
    z = zlib.compressobj(9)
    idat = b"".join(z.compress(row * 1000) for _ in range(side // 1000)) + z.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _use_logo(repo: Path, name: str, content: bytes | str) -> int:
    """Put `content` beside gebied.yaml as `name` and make it the letterhead's logo; returns the
    line of `logo:`."""
    path = repo / "data/gebieden/szh" / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    line, _ = edit(repo, GEBIED, "website:", f"briefhoofd:\n  logo: {name}\nwebsite:")
    return line + 1


def _bad_logo(repo: Path, line: int) -> str:
    """Assert that `wijk check` reports exactly one problem besides the example's own: bad-logo
    at briefhoofd.logo; returns its message."""
    from wijkcli.pipeline import check_repo

    check(repo, (GEBIED, line, len("  logo: ") + 1, "bad-logo"))
    _, problems = check_repo(repo)
    (problem,) = [p for p in problems if p.code == "bad-logo"]
    return problem.message


def test_a_filter_in_an_svg_logo_is_refused_by_check(example_repo: Path) -> None:
    line = _use_logo(example_repo, "logo.svg", TURBULENCE.format(n=1000000000))
    message = _bad_logo(example_repo, line)
    assert "<filter>" in message and "regel 1" in message


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="x()"/></svg>', "script"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><use href="#a"/></svg>', "<use>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><a href="https://x.nl"><rect/></a></svg>', "<a>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><style>rect{}</style></svg>', "<style>"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect filter="blur(99)"/></svg>', "'filter'"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><rect style="filter: blur(9)"/></svg>',
            "'filter'",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(x.svg#a)"/></svg>', "'x.svg#a'"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><image href="foto.png"/></svg>', "'foto.png'"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><image href="/dev/zero"/></svg>', "'/dev/zero'"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/svg+xml;base64,PHN2Zz4="/></svg>',
            "data:image/svg",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" width="0" height="0"><rect/></svg>',
            "groter dan 0",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "regel 1, kolom 49"),
        ('<!DOCTYPE svg [<!ENTITY a "b">]><svg xmlns="http://www.w3.org/2000/svg"/>', "DTD"),
        ("<html><svg/></html>", "geen <svg>"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><metadata><filter/></metadata></svg>',
            "<filter>",
        ),
        (
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x"><x:g><filter/></x:g></svg>',
            "<filter>",
        ),
        (
            '<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"><text>\u00e9</text></svg>',
            "geen UTF-8",
        ),
        ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 50 + "</g>" * 50 + "</svg>", "diep"),
    ],
)
def test_svg_logo_allowlist(example_repo: Path, svg: str, why: str) -> None:
    line = _use_logo(example_repo, "logo.svg", svg.encode("latin-1" if "ISO" in svg else "utf-8"))
    assert why in _bad_logo(example_repo, line)


def test_an_svg_logo_cannot_reach_a_file_through_a_link(example_repo: Path) -> None:
    """`<image href="foto.png">` with a committed link foto.png → outside: refused by check, and
    the link itself is the usual warning."""
    outside = example_repo / "geheim.png"
    outside.write_bytes(_png(3, 3))
    (example_repo / "data/gebieden/szh/foto.png").symlink_to(outside)
    line = _use_logo(
        example_repo,
        "logo.svg",
        '<svg xmlns="http://www.w3.org/2000/svg"><image href="foto.png"/></svg>',
    )
    from wijkcli.pipeline import check_repo

    check(
        example_repo,
        (GEBIED, line, len("  logo: ") + 1, "bad-logo"),
        ("data/gebieden/szh/foto.png", 0, 0, "not-a-file"),
    )
    _, problems = check_repo(example_repo)
    assert "'foto.png'" in next(p.message for p in problems if p.code == "bad-logo")


def test_a_logo_that_is_a_link_inside_the_data_is_refused(example_repo: Path) -> None:
    (example_repo / "data/gebieden/szh/echt.png").write_bytes(_png(3, 3))
    (example_repo / "data/gebieden/szh/logo.png").symlink_to("echt.png")
    line, _ = edit(example_repo, GEBIED, "website:", "briefhoofd:\n  logo: logo.png\nwebsite:")
    check(
        example_repo,
        (GEBIED, line + 1, len("  logo: ") + 1, "bad-logo"),
        ("data/gebieden/szh/logo.png", 0, 0, "not-a-file"),
    )


def test_a_png_decompression_bomb_is_refused_by_check(example_repo: Path) -> None:
    bomb = _png_bomb()
    assert len(bomb) < 450_000
    line = _use_logo(example_repo, "logo.png", bomb)
    assert "te groot; hoogstens 4000 × 4000 pixels" in _bad_logo(example_repo, line)


def test_a_jpeg_too_large_is_refused_by_its_header(example_repo: Path) -> None:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (4001, 8), 0).save(out, "JPEG")
    line = _use_logo(example_repo, "logo.jpg", out.getvalue())
    assert "4001 × 8 pixels" in _bad_logo(example_repo, line)


def test_a_bomb_embedded_in_an_svg_is_refused(example_repo: Path) -> None:
    data = base64.b64encode(_png_bomb()).decode("ascii")
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="data:image/png;base64,{data}"/></svg>'
    line = _use_logo(example_repo, "logo.svg", svg)
    assert "te groot; hoogstens 4000 × 4000 pixels" in _bad_logo(example_repo, line)


def test_a_broken_png_is_refused(example_repo: Path) -> None:
    png = bytearray(_png(20, 20))
    png[40] ^= 0xFF  # inside IDAT: the chunk's checksum no longer matches
    line = _use_logo(example_repo, "logo.png", bytes(png))
    assert "geen echt png-bestand" in _bad_logo(example_repo, line)


def test_a_plain_svg_logo_passes_and_is_in_the_pdf(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """Inkscape's notes, a gradient, text and an embedded PNG are allowed; the letter is laid
    out with it."""
    from pypdf import PdfReader

    svg = GOOD_SVG.format(png=base64.b64encode(_png(4, 4)).decode("ascii"))
    _use_logo(example_repo, "logo.svg", svg)
    check(example_repo)
    out = example_repo / "brieven"
    result = runner.invoke(
        app,
        [
            "advies",
            "ronde-2017-2",
            "--format",
            "pdf",
            "--uit",
            f"{out}/",
            "--data",
            str(example_repo),
        ],
    )
    assert result.exit_code == 0, result.output
    reader = PdfReader(out / "advies-ronde-2017-2-szh.pdf")
    assert len(reader.pages[0].images) == 1  # the embedded PNG, drawn as part of the SVG


def test_typst_sees_only_the_logo(tmp_path: Path) -> None:
    """The PDF's root folder holds the logo and nothing else: a template (or a bug) that asks
    for a data file gets an error, not the file."""
    from wijkcli.documents.pdf import compile_pdf
    from wijkcli.problems import WijkcliError

    (tmp_path / "secret.txt").write_text("geheim")
    # A document as PDF/A and PDF/UA want it (title, language, alt text): only the file fails.
    head = '#set document(title: "t")\n#set text(lang: "nl")\n'
    source = head + '#read("/secret.txt")'
    with pytest.raises(WijkcliError, match="de PDF kon niet worden opgemaakt: file not found"):
        compile_pdf(source, when=__import__("datetime").date(2017, 4, 19))
    pdf = compile_pdf(
        head + '#image("/logo.png", height: 1cm, alt: "logo")',
        when=__import__("datetime").date(2017, 4, 19),
        files={"logo.png": _png(3, 3)},
    )
    assert pdf.startswith(b"%PDF-")


def test_a_slow_typst_run_ends_at_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A logo that got past the check anyway cannot keep the PDF busy for ever: a Dutch error
    after TIME_LIMIT seconds."""
    from datetime import date

    from wijkcli.documents import pdf
    from wijkcli.problems import WijkcliError

    monkeypatch.setattr(pdf, "TIME_LIMIT", 3)
    start = time.monotonic()
    with pytest.raises(WijkcliError, match="na 3 seconden nog niet klaar"):
        pdf.compile_pdf(
            '#image("/logo.svg", height: 2cm)',
            when=date(2017, 4, 19),
            files={"logo.svg": TURBULENCE.format(n=100000).encode()},
        )
    assert time.monotonic() - start < 20


SLOW_PDF = """
import sys
import wijkcli.read.logo as logo
logo.check_svg = lambda data: None  # as if a slow logo got past the check
from wijkcli.cli.app import app
sys.argv = ["wijk", *sys.argv[1:]]
app()
"""


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_signals_stop_a_slow_pdf(
    example_repo: Path, tmp_path: Path, signum: int, code: int
) -> None:
    """SIGTERM and Ctrl-C stop `wijk advies --format pdf` while Typst works (README: 143, 130):
    nothing written, no temporary folder left."""
    _use_logo(example_repo, "logo.svg", TURBULENCE.format(n=100000))
    out = example_repo / "brieven"
    temp = tmp_path / "temp"
    temp.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_PDF, "advies", "ronde-2017-2", "--format", "pdf",
         "--uit", f"{out}/", "--data", str(example_repo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "TMPDIR": str(temp)},
    )  # fmt: skip
    time.sleep(6)  # loading and checking the data, then Typst starts
    assert proc.poll() is None, proc.communicate()
    proc.send_signal(signum)
    try:
        _, err = proc.communicate(timeout=15)
    finally:
        proc.kill()
    assert proc.returncode == code
    assert err == "wijk: afgebroken\n"
    assert not out.exists() or list(out.iterdir()) == []
    assert list(temp.iterdir()) == []


def test_a_logo_typst_refuses_is_named_where_gebied_yaml_sets_it(example_repo: Path) -> None:
    """Should Typst refuse a logo the check let through, the error points at briefhoofd.logo
    (file:line:column), not only at Typst's words."""
    from wijkcli.documents.advies import advies_context, advies_pdf
    from wijkcli.pipeline import load_clean
    from wijkcli.problems import WijkcliError
    from wijkcli.read.logo import Logo

    line = _use_logo(example_repo, "logo.png", _png(3, 3))
    dataset, _ = load_clean(example_repo)
    ctx = advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="x")
    latin = '<svg xmlns="http://www.w3.org/2000/svg"><text>\u00e9</text></svg>'.encode("latin-1")
    ctx["briefhoofd"] = {
        **ctx["briefhoofd"],
        "logo": "/logo.svg",
        "logo_bestand": Logo("logo.svg", latin),
    }
    with pytest.raises(WijkcliError) as caught:
        advies_pdf(dataset.meeting("ronde-2017-2", "szh"), ctx)
    assert str(caught.value).startswith(
        f"{GEBIED}:{line}:{len('  logo: ') + 1}: het logo van het briefhoofd is niet op te maken; "
        "failed to parse SVG"
    )


def test_fuzz_findings_are_refused_by_check(example_repo: Path) -> None:
    """Found by benchmarks/fuzz_long.py: an unknown encoding in `<?xml …?>` (Python's
    LookupError, an internal error before) and a JPEG whose header Pillow reads but whose
    Huffman table Typst refuses (the PDF failed after check passed)."""
    line = _use_logo(
        example_repo,
        "logo.svg",
        '<?xml version="1.0" encoding="Uxxxx"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    )
    assert "geen geldig SVG-bestand" in _bad_logo(example_repo, line)


def test_a_jpeg_that_does_not_decode_is_refused(example_repo: Path) -> None:
    data = (Path(__file__).parent / "data/logo/broken-huffman.jpg").read_bytes()
    line = _use_logo(example_repo, "logo.jpg", data)
    assert "geen echt jpg-bestand" in _bad_logo(example_repo, line)


def test_a_bomb_that_reaches_typst_is_a_dutch_error_not_an_abort() -> None:
    """Behind the check, the worker's memory limit: the red team's PNG bomb given to Typst
    directly makes the Typst process abort (SIGABRT, as it made wijk exit 134 before), and wijk
    says so in Dutch (exit 1) instead of dying with it."""
    from datetime import date

    from wijkcli.documents.pdf import compile_pdf
    from wijkcli.problems import WijkcliError

    with pytest.raises(WijkcliError, match=r"Typst stopte onverwacht \(code -6;"):
        compile_pdf(
            '#image("/logo.png", height: 2cm)',
            when=date(2017, 4, 19),
            files={"logo.png": _png_bomb()},
        )
