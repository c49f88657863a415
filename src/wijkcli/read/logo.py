"""The logo of a gebied's letterhead (`briefhoofd.logo` in gebied.yaml): found, read and judged
before anything lays it out.

A logo arrives through a pull request like every data file, and Typst hands it to image
decoders and an SVG renderer, so it is judged here first (by `wijk check`, and again before a
PDF is made):

- the path stays inside the data folder, the file is a regular file and never a symbolic link
  (opened with `O_NOFOLLOW`), at most `LOGO_MAX_BYTES`;
- a PNG or JPEG is read by Pillow: first its header, whose width and height are at most
  `MAX_SIDE` pixels (so a small file cannot unpack into gigabytes), and only then decoded once
  to find a broken image before Typst does;
- an SVG is parsed by defusedxml (no DTD, no entities) and must keep to an allowlist: shapes,
  paths, text, gradients, clip paths and embedded PNG/JPEG data (under the same caps); no
  filters, masks, patterns, markers, `<use>`, scripts, styles, links or references to any
  file; at most `SVG_MAX_ELEMENTS` elements nested at most `SVG_MAX_DEPTH` deep.

The result is the logo's bytes (`Logo`), which the PDF gets in a folder of its own: Typst never
sees the data folder.
"""

from __future__ import annotations

import base64
import binascii
import io
import os
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, NoReturn

LOGO_MAX_BYTES = 1_000_000
MAX_SIDE = 4000
"""Width and height of a PNG or JPEG logo (also one embedded in an SVG), in pixels."""
SVG_MAX_ELEMENTS = 10_000
SVG_MAX_DEPTH = 40
RASTER_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

SVG_ELEMENTS = frozenset(
    (
        "svg", "g", "defs", "title", "desc", "metadata",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan",
        "linearGradient", "radialGradient", "stop", "clipPath",
        "image",
    )
)  # fmt: skip
"""The SVG elements a logo may use. Everything else is refused: filters (`feTurbulence` with
a billion octaves keeps a renderer busy for ever), masks, patterns, markers and `<use>` (work
that multiplies), `<script>`, `<style>`, `<a>`, `<foreignObject>`, `<switch>`, fonts."""

GRADIENTS = frozenset(("linearGradient", "radialGradient"))
REFUSED_PROPERTIES = frozenset(("filter", "mask", "marker", "marker-start", "marker-mid"))
REFUSED_PROPERTIES |= {"marker-end", "cursor"}
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|jpg);base64,(.*)", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class Logo:
    """A judged logo: its name inside the PDF's own folder (`logo.png`) and its bytes."""

    name: str
    data: bytes


class LogoRefused(Exception):
    """Why a logo cannot be used, in Dutch (without the logo's own name)."""


def read_logo(data_dir: Path, gid: str, logo: str) -> tuple[Logo | None, str]:
    """The logo of gebied `gid`'s letterhead, or why it cannot be used (Dutch).

    The path is relative to the gebied's folder and must stay inside the data folder; see the
    module doc for what the file must be.
    """
    shown = repr_text(logo)
    pure = PurePosixPath(logo.replace("\\", "/"))
    if pure.is_absolute() or logo.startswith(("/", "\\")) or ":" in logo:
        return None, f"{shown} is een absoluut pad; schrijf het pad vanaf de map van het gebied"
    suffix = pure.suffix.lower()
    if suffix not in (*RASTER_FORMATS, ".svg"):
        return None, f"{shown} is geen png, jpg of svg"
    base = data_dir.resolve()
    path = data_dir / "gebieden" / gid / Path(*pure.parts)
    if not path.resolve().is_relative_to(base):
        return None, f"{shown} ligt buiten de data-map; zet het logo in de map van het gebied"
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        return None, f"het logo {shown} bestaat niet"
    except LogoRefused as exc:
        return None, f"het logo {shown} {exc}"
    except OSError:
        return None, f"het logo {shown} is niet te lezen"
    try:
        if suffix == ".svg":
            check_svg(data)
        else:
            check_raster(data, RASTER_FORMATS[suffix])
    except LogoRefused as exc:
        return None, f"het logo {shown} {exc}"
    return Logo("logo" + (".jpg" if suffix == ".jpeg" else suffix), data), ""


def repr_text(value: str) -> str:
    """A file's value quoted for a message, control characters made visible."""
    from wijkcli.text import visible

    return f"'{visible(value)}'"


def _read_regular(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file (never through a link) of at most
    `LOGO_MAX_BYTES`.

    Raises:
        LogoRefused: a link, not a regular file, or too large.
        OSError: cannot be read (FileNotFoundError when it does not exist).
    """
    mode = os.lstat(path).st_mode
    if stat.S_ISLNK(mode):
        raise LogoRefused("is een symbolische link; wijkcli volgt geen links")
    if not stat.S_ISREG(mode):
        raise LogoRefused("is geen gewoon bestand")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise LogoRefused("is geen gewoon bestand")
        data = f.read(LOGO_MAX_BYTES + 1)
    if len(data) > LOGO_MAX_BYTES:
        size = os.stat(path, follow_symlinks=False).st_size
        raise LogoRefused(f"is {max(size, len(data)) // 1000} kB; hoogstens 1000 kB")
    return data


def check_raster(data: bytes, fmt: str) -> None:
    """A PNG or JPEG whose header Pillow reads, of at most `MAX_SIDE` × `MAX_SIDE` pixels, and
    which Pillow then decodes without an error (never before the size is known to be within
    the cap).

    Raises:
        LogoRefused: not such a file, or too many pixels.
    """
    from PIL import Image

    what = "png" if fmt == "PNG" else "jpg"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                width, height = image.size
                if width <= MAX_SIDE and height <= MAX_SIDE:
                    image.verify()  # a PNG's chunk checksums
            if width <= MAX_SIDE and height <= MAX_SIDE:
                # Decoded once (at most MAX_SIDE² pixels), so a broken image is found here
                # and not by Typst.
                with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                    image.load()
    except Image.DecompressionBombError:
        raise LogoRefused(f"is te groot; hoogstens {MAX_SIDE} × {MAX_SIDE} pixels") from None
    except Exception:  # Pillow raises many kinds on broken input
        raise LogoRefused(f"is geen echt {what}-bestand (of het is beschadigd)") from None
    if width > MAX_SIDE or height > MAX_SIDE:
        raise LogoRefused(f"is {width} × {height} pixels; hoogstens {MAX_SIDE} × {MAX_SIDE}")
    if width < 1 or height < 1:
        raise LogoRefused(f"is geen echt {what}-bestand (of het is beschadigd)")


def check_svg(data: bytes) -> None:
    """An SVG that keeps to the allowlist of the module doc.

    Raises:
        LogoRefused: not well-formed, or something outside the allowlist (with the SVG's own
            line and column).
    """
    import xml.sax

    import defusedxml.sax
    from defusedxml import DefusedXmlException

    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise LogoRefused(
            "is geen UTF-8 (Typst leest alleen SVG-bestanden in UTF-8); sla het op als UTF-8"
        ) from None
    handler = _SvgJudge()
    parser = defusedxml.sax.make_parser()
    parser.forbid_dtd = True
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(handler)
    handler.locator = None
    try:
        parser.parse(io.BytesIO(data))
    except LogoRefused:
        raise
    except DefusedXmlException:
        raise LogoRefused(
            "heeft een DTD of entiteiten (<!DOCTYPE …>); dat mag niet in een logo"
        ) from None
    except xml.sax.SAXParseException as exc:
        raise LogoRefused(
            f"is geen geldig SVG-bestand: fout in de XML op regel {exc.getLineNumber()}, "
            f"kolom {(exc.getColumnNumber() or 0) + 1}"
        ) from None
    except (xml.sax.SAXException, ValueError, UnicodeError, LookupError):
        # LookupError: an encoding in <?xml …?> that Python does not know
        raise LogoRefused("is geen geldig SVG-bestand") from None
    if not handler.seen_root:
        raise LogoRefused("is geen SVG-bestand (geen <svg> als buitenste element)")


class _SvgJudge:
    """A SAX content handler that refuses what the allowlist does not hold."""

    def __init__(self) -> None:
        self.locator: Any = None
        self.depth = 0
        self.count = 0
        self.seen_root = False

    # --- the SAX interface (duck-typed: xml.sax only calls these) ---------------------------

    def setDocumentLocator(self, locator: Any) -> None:
        self.locator = locator

    def startDocument(self) -> None:
        pass

    def endDocument(self) -> None:
        pass

    def startPrefixMapping(self, prefix: str | None, uri: str) -> None:
        pass

    def endPrefixMapping(self, prefix: str | None) -> None:
        pass

    def characters(self, content: str) -> None:
        pass

    def ignorableWhitespace(self, whitespace: str) -> None:
        pass

    def processingInstruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            self._refuse("een stylesheet (<?xml-stylesheet …?>)")

    def skippedEntity(self, name: str) -> None:
        self._refuse("een entiteit")

    def startElement(self, name: str, attrs: Any) -> None:
        raise AssertionError("namespaces are on")

    def endElement(self, name: str) -> None:
        raise AssertionError("namespaces are on")

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:
        uri, local = name
        self.depth += 1
        self.count += 1
        if self.count > SVG_MAX_ELEMENTS:
            self._refuse(f"meer dan {SVG_MAX_ELEMENTS} elementen", what="heeft")
        if self.depth > SVG_MAX_DEPTH:
            self._refuse(f"elementen meer dan {SVG_MAX_DEPTH} diep genest", what="heeft")
        if self.depth == 1:
            if local != "svg" or uri not in (SVG_NS, None):
                self._refuse("geen <svg> als buitenste element", what="heeft")
            self.seen_root = True
            self._check_root_size(attrs)
        if uri not in (SVG_NS, None):
            # Another program's notes (Inkscape, RDF): never drawn. What is inside is still
            # judged, in case a renderer does draw SVG elements found there.
            return
        if local not in SVG_ELEMENTS:
            self._refuse(f"het element <{_shown(local)[1:-1]}>")
        for (auri, aname), value in attrs.items():
            self._check_attribute(local, auri, aname, value)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:
        self.depth -= 1

    # --- the rules -----------------------------------------------------------------------------

    def _check_attribute(self, element: str, uri: str | None, name: str, value: str) -> None:
        low = name.lower()
        if uri not in (None, XLINK_NS):
            return  # another program's notes (inkscape:label): never drawn
        if low.startswith("on"):
            self._refuse(f"een script (het attribuut {_shown(name)})")
        if low == "href":
            self._check_href(element, value)
            return
        if uri is not None:
            return
        if low == "style":
            for declaration in value.split(";"):
                prop, _, prop_value = declaration.partition(":")
                self._check_property(prop.strip().lower(), prop_value)
            return
        self._check_property(low, value)

    def _check_property(self, prop: str, value: str) -> None:
        if prop in REFUSED_PROPERTIES:
            self._refuse(f"de eigenschap {_shown(prop)} (filters, maskers en markers mogen niet)")
        if "@import" in value.lower():
            self._refuse("een verwijzing naar een ander bestand (@import)")
        for _, target in _URL.findall(value):
            if not target.strip().startswith("#"):
                self._refuse(f"een verwijzing naar {_shown(target)} buiten het bestand")

    def _check_href(self, element: str, value: str) -> None:
        target = value.strip()
        if element in GRADIENTS and target.startswith("#"):
            return
        if element == "image":
            match = _DATA_IMAGE.fullmatch(target)
            if match is None:
                self._refuse(
                    f"een plaatje uit {_shown(target[:40])}; alleen een png of jpg dat in het "
                    "SVG-bestand zelf staat (data:image/png;base64,…) mag"
                )
            try:
                raw = base64.b64decode(re.sub(r"\s+", "", match.group(2)), validate=True)
            except (binascii.Error, ValueError):
                self._refuse("een plaatje met kapotte base64-gegevens")
            fmt = "PNG" if match.group(1).lower() == "png" else "JPEG"
            try:
                check_raster(raw, fmt)
            except LogoRefused as exc:
                self._refuse(f"een plaatje dat niet deugt (het {exc})")
            return
        self._refuse(f"een verwijzing naar {_shown(target[:40])} (href)")

    def _check_root_size(self, attrs: Any) -> None:
        for (auri, aname), value in attrs.items():
            if auri is None and aname in ("width", "height"):
                number = re.match(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)", value, re.I)
                if number is not None and float(number.group(1)) <= 0:
                    self._refuse(
                        f"{aname} {_shown(value)}; dat moet groter dan 0 zijn", what="heeft"
                    )
            if auri is None and aname == "viewBox":
                parts = re.split(r"[\s,]+", value.strip())
                try:
                    numbers = [float(p) for p in parts]
                except ValueError:
                    numbers = []
                if len(numbers) != 4 or numbers[2] <= 0 or numbers[3] <= 0:
                    self._refuse(f"een ongeldige viewBox {_shown(value)}", what="heeft")

    def _refuse(self, thing: str, *, what: str = "bevat") -> NoReturn:
        where = ""
        if self.locator is not None:
            line, column = self.locator.getLineNumber(), self.locator.getColumnNumber()
            if line:
                where = f" (regel {line}, kolom {(column or 0) + 1} van het SVG-bestand)"
        raise LogoRefused(f"{what} {thing}{where}; dat mag niet in een logo")


def _shown(text: str) -> str:
    from wijkcli.text import visible

    return f"'{visible(text)}'"
