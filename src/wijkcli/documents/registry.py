"""The registry of documents: every document `wijk` makes, by name, and the one path that makes
it in a format.

A document is one module that declares `DOCUMENT = Document(...)`: its name (= the command),
the formats it offers, its context builder, its template set (`templates/<template>.<fmt>.j2`),
what a PDF or Word file says of itself (`Front`: title, author, date) and how its file is
named. `REGISTRY` below lists those modules, one line each. Every format comes out of
`Made.render`, the same way for every document:

- md, html, tekst: `templates/<template>.<fmt>.j2` rendered with the context;
- pdf: `templates/<template>.typ.j2` when the document has a Typst template of its own (the
  letter), else laid out from the Markdown (`formats.from_markdown`, Typst);
- docx: laid out from the Markdown (python-docx);
- anything else (tabel, json, csv, xlsx, or an md that is not a template): the document's own
  function in `Document.outputs`, which also wins over a template for the same format.

So a document that has an md gets PDF and Word by declaring them. The registry lists modules by
name and imports one only when asked, so `wijk --help` imports nothing heavy, and the scoring
evenings (`beoordeling/`, a subsystem above this stage) register the same way.

Adding a document: CONTRIBUTING.md, "Adding a document".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

if TYPE_CHECKING:
    from wijkcli.dataset import Dataset
    from wijkcli.problems import Problem

TEMPLATE_FORMATS = ("md", "html", "tekst")
"""Formats rendered from `templates/<template>.<fmt>.j2`."""
LAID_OUT = ("pdf", "docx")
"""Formats laid out from the document's Markdown (or, for pdf, its Typst template)."""
DOCUMENT_FORMATS = ("md", "html", "pdf", "docx")
"""What every document offers at least, unless it says otherwise."""
EXTENSION = {"tabel": "txt", "tekst": "txt"}
"""File extension of a format whose name is not one."""

REGISTRY: dict[str, str] = {
    "advies": "wijkcli.documents.advies",
    "agenda": "wijkcli.documents.agenda",
    "notulen": "wijkcli.documents.notulen",
    "nieuwsbrief": "wijkcli.documents.nieuwsbrief",
    "plan": "wijkcli.documents.plan",
    "jaarverslag": "wijkcli.documents.jaarverslag",
    "voortgang": "wijkcli.documents.voortgang",
    "kasboek": "wijkcli.documents.kasboek",
    "beoordeling": "wijkcli.beoordeling.views",
    # The city overview: a stage above the pipeline (it checks several repositories).
    "stad": "wijkcli.stad.document",
}
"""Every document by name (= its command), and the module that declares its `DOCUMENT`."""

SUBJECTS: dict[str, str] = {
    "advies": "Advies van het Bewonersteam aan Indebuurt033 over de aanvragen van een ronde",
    "agenda": "Uitnodiging en agenda van een vergadering van het Bewonersteam",
    "notulen": "Notulen van een vergadering van het Bewonersteam",
    "nieuwsbrief": "Bericht voor de nieuwsbrief over de aanvragen van een ronde",
    "plan": "Wijkplan van het Bewonersteam",
    "jaarverslag": "Jaarverslag van het Bewonersteam voor het wijknetwerk",
    "voortgang": "Voortgang van de toegekende aanvragen",
    "kasboek": "Kasboek van een jaar: budget, toekenningen, betalingen en terugbetalingen",
    "beoordeling": "Advies van bewoners na een beoordelingsavond",
}
"""The Subject in the metadata of a document's PDF, by name, unless its `Front` says one."""


class Signer(TypedDict):
    """A name under the signature of a letter, with the function below it."""

    naam: str
    functie: str


@dataclass(frozen=True)
class Front:
    """What a PDF or Word file says of itself, beyond its Markdown."""

    title: str
    author: str
    when: date
    """The document's own date (never the clock): PDF and Word carry it, so same files give
    same bytes."""
    signers: list[Signer] | None = None
    """Signature block in Word (the Markdown marks where it goes)."""
    files: Mapping[str, bytes] | None = None
    """The only files Typst may read ({name: bytes}, a judged logo): `pdf.compile_pdf` puts
    them in an empty folder that is its root, never the data folder."""
    subject: str = ""
    """What the document is, in one sentence (the PDF's Subject); empty: `SUBJECTS`."""


@dataclass(frozen=True)
class Options:
    """What a command may add to the subject of a document."""

    versie: str | None = None
    """The data version the document names; None: ask git (`read.git.data_version`)."""
    datum: date | None = None
    """The document's date where it has one to choose: the letter's date (`advies`), the
    publication date (`nieuwsbrief`) or the peildatum (`voortgang`)."""

    def version_of(self, root: Path) -> str:
        """`versie`, or the version git gives of the data in `root`."""
        if self.versie is not None:
            return self.versie
        from wijkcli.read.git import data_version

        return data_version(root)


S = TypeVar("S")
C = TypeVar("C")


@dataclass(frozen=True)
class Document(Generic[S, C]):
    """One document: `S` is what it is made of (a `Meeting`, a `GebiedJaar`, …), `C` its
    context, the ready-made contents the templates place."""

    name: str
    """The command, and the key in `REGISTRY`."""
    formats: tuple[str, ...]
    """Every format it offers, the default first."""
    template: str
    """The template set: `templates/<template>.<fmt>.j2` for md, html, tekst (and typ)."""
    context: Callable[[S, Options], C]
    """The context builder; raises the Dutch error when the subject cannot be shown."""
    front: Callable[[S, C], Front]
    """Title, author and date of its PDF and Word files."""
    filename: Callable[[S], str]
    """File name without extension, for `--uit` into a folder."""
    typst: bool = False
    """The PDF comes from `templates/<template>.typ.j2`, not from the Markdown."""
    outputs: Mapping[str, Callable[[S, C], str | bytes]] = field(default_factory=dict)
    """Formats made by the document's own function rather than a template."""
    warnings: Callable[[S, C], list[Problem]] | None = None
    """What the command says on stderr about this document (never stops it)."""

    def templates(self) -> list[str]:
        """The template files its formats need."""
        names = [f"{self.template}.{f}.j2" for f in self.formats
                 if f in TEMPLATE_FORMATS and f not in self.outputs]  # fmt: skip
        pdf, docx = "pdf" in self.formats, "docx" in self.formats
        if pdf and self.typst:
            names.append(f"{self.template}.typ.j2")
        if (docx or (pdf and not self.typst)) and "md" not in self.outputs:
            names.append(f"{self.template}.md.j2")  # what PDF and Word are laid out from
        return list(dict.fromkeys(names))

    def make(self, subject: S, options: Options | None = None) -> Made[S, C]:
        """Build the context once; render it in any format with `Made.render`.

        Raises:
            WijkcliError: the subject cannot be shown (the builder's Dutch error).
        """
        return Made(self, subject, self.context(subject, options or Options()))


@dataclass(frozen=True)
class Made(Generic[S, C]):
    """A document with its context built."""

    document: Document[S, C]
    subject: S
    context: C

    def warnings(self) -> list[Problem]:
        found = self.document.warnings
        return found(self.subject, self.context) if found is not None else []

    def filename(self, fmt: str) -> str:
        return f"{self.document.filename(self.subject)}.{EXTENSION.get(fmt, fmt)}"

    def render_checked(self, fmt: str) -> tuple[str | bytes, list[Problem]]:
        """The document in `fmt` (as `render`) and what its layout warns about: text the PDF
        cannot show (`missing-glyph`, at every place in the data files where it stands) and
        Typst's own warnings (`pdf-layout`).

        Raises:
            WijkcliError: as `render`.
        """
        if fmt != "pdf":
            return self.render(fmt), []
        from wijkcli.documents.pdf import layout_notes, layout_problems

        with layout_notes() as notes:
            made = self.render(fmt)
        if not any(n.missing or n.warnings for n in notes):
            return made, []
        return made, layout_problems(notes, _data_files(self.subject))

    def render(self, fmt: str) -> str | bytes:
        """The document in `fmt`, one of `Document.formats`.

        Raises:
            WijkcliError: a template is missing, or the PDF cannot be laid out.
        """
        doc = self.document
        if fmt not in doc.formats:
            from wijkcli.problems import WijkcliError

            raise WijkcliError(
                f"'{doc.name}' bestaat niet als {fmt}; wel als {', '.join(doc.formats)}"
            )
        own = doc.outputs.get(fmt)
        if own is not None:
            return own(self.subject, self.context)
        from wijkcli.documents.render import render

        ctx = _variables(self.context)
        if fmt in LAID_OUT:
            front = doc.front(self.subject, self.context)
            if not front.subject:
                front = replace(front, subject=SUBJECTS.get(doc.name, ""))
            if fmt == "pdf" and doc.typst:
                from wijkcli.documents.pdf import compile_pdf

                source = render(f"{doc.template}.typ.j2", ctx)
                return compile_pdf(source, when=front.when, files=front.files)
            from wijkcli.documents.formats import from_markdown

            md = doc.outputs.get("md")
            if md is not None:
                markdown = md(self.subject, self.context)
            else:
                markdown = render(f"{doc.template}.md.j2", ctx)
            assert isinstance(markdown, str)
            return from_markdown(markdown, fmt, front)
        return render(f"{doc.template}.{fmt}.j2", ctx)


def _data_files(subject: object) -> list[tuple[str, str]]:
    """The YAML files of the data folder `subject` was made from (a `Dataset`'s root, or the
    `root` of a scored evening), as (path from the repository, text), sorted."""
    dataset = getattr(subject, "dataset", None)
    root = getattr(dataset, "root", None) or getattr(subject, "root", None)
    if not isinstance(root, Path) or not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*.y*ml")):
        if path.suffix in (".yaml", ".yml") and path.is_file() and not path.is_symlink():
            text = path.read_bytes().decode("utf-8", "replace")
            found.append((path.relative_to(root.parent).as_posix(), text))
    return found


def _variables(context: object) -> Mapping[str, Any]:
    """A context as the templates' variables: a TypedDict or dict as it is, a dataclass by its
    fields (Jinja reads `a.b` from keys and attributes alike below that)."""
    if is_dataclass(context) and not isinstance(context, type):
        return {f.name: getattr(context, f.name) for f in fields(context)}
    assert isinstance(context, Mapping)
    return context


def document(name: str) -> Document[Any, Any]:
    """The registered document `name`.

    Raises:
        KeyError: no such document (a bug: the commands name registered documents only).
    """
    module = importlib.import_module(REGISTRY[name])
    found: Document[Any, Any] = module.DOCUMENT
    if found.name != name:
        raise KeyError(f"{REGISTRY[name]}.DOCUMENT is named {found.name!r}, registered {name!r}")
    return found


def missing_templates(doc: Document[Any, Any]) -> list[str]:
    """The template files `doc` needs that are not in `templates/` (a test keeps this empty)."""
    from wijkcli.documents.render import template_dirs

    dirs = template_dirs()
    return [t for t in doc.templates() if not any((d / t).is_file() for d in dirs)]


def make(name: str, subject: Any, options: Options | None = None) -> Made[Any, Any]:
    """The registered document `name` of `subject`, its context built (see `Document.make`)."""
    return document(name).make(subject, options)


# --- subjects ------------------------------------------------------------------------------


@dataclass(frozen=True)
class GebiedJaar:
    """A gebied in a year: what the year documents (wijkplan, jaarverslag, voortgang) are of."""

    dataset: Dataset
    gebied: str
    jaar: int


def gebied_jaar(dataset: Dataset, gebied: str | None, jaar: int | None) -> GebiedJaar:
    """The gebied (may be left out when there is only one) and the year (default: its newest
    wijkplan) a year command is about.

    Raises:
        WijkcliError: no gebied chosen among several, or no wijkplan for the year.
        UnknownIdError: unknown gebied.
    """
    from wijkcli.problems import WijkcliError

    gebieden = sorted(dataset.gebieden)
    if gebied is None:
        if len(gebieden) != 1:
            raise WijkcliError(f"kies een gebied: {', '.join(gebieden) or 'geen'}")
        gebied = gebieden[0]
    g = dataset.gebied(gebied)
    if jaar is None:
        if not g.wijkplannen:
            raise WijkcliError(f"gebied '{gebied}' heeft nog geen wijkplan; geef --jaar op")
        jaar = max(g.wijkplannen)
    elif jaar not in g.wijkplannen:
        known = ", ".join(str(j) for j in sorted(g.wijkplannen)) or "geen"
        raise WijkcliError(f"gebied '{gebied}' heeft geen wijkplan voor {jaar} (wel: {known})")
    return GebiedJaar(dataset, gebied, jaar)
