"""The registry of documents (issue 26): every registered document renders in every format it
declares, on the example data, the same bytes twice; every template it needs exists (and the
check says which one is missing); each command offers exactly the formats its document does."""

from __future__ import annotations

import functools
import importlib
import inspect
import io
import json
import shutil
import typing
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer.main

from tests.conftest import EXAMPLE
from wijkcli.beoordeling import Scored, load_beoordeling, score
from wijkcli.cli.app import app
from wijkcli.dataset import Dataset
from wijkcli.documents import registry, render
from wijkcli.documents.registry import REGISTRY, GebiedJaar, Options, document, missing_templates

VERSIE = "0123456789ab"
MEETING = {"advies", "agenda", "notulen", "nieuwsbrief"}
YEAR = {"plan", "jaarverslag", "voortgang", "kasboek"}


def _subject(name: str, dataset: Dataset) -> Any:
    if name in MEETING:
        return dataset.meeting("ronde-2017-2", "szh")
    if name in YEAR:
        return GebiedJaar(dataset, "szh", 2017)
    if name == "stad":
        return _stad()
    assert name == "beoordeling", f"a test subject for the new document {name!r} is missing"
    b, _ = load_beoordeling(EXAMPLE.parent, "sbi-aanbesteding-2016")
    return Scored(b, score(b), EXAMPLE)


@functools.cache
def _stad() -> Any:
    """The city of the example alone (`wijk stad`), on a fixed peildatum."""
    import tempfile

    from wijkcli.stad.overview import lees_stad

    folder = Path(tempfile.mkdtemp(prefix="wijk-stad-"))
    stad = folder / "STAD.yaml"
    stad.write_text(
        f"stad: Voorbeeld\nrepositories:\n  - naam: szh\n    pad: {EXAMPLE.parent}\n",
        encoding="utf-8",
    )
    try:
        return lees_stad(stad, datum=date(2018, 2, 15))
    finally:
        shutil.rmtree(folder)


def _options(name: str) -> Options:
    # voortgang's default date is today: fixed here, so its bytes can be compared.
    return Options(versie=VERSIE, datum=date(2018, 2, 15) if name == "voortgang" else None)


CASES = [(name, fmt) for name in REGISTRY for fmt in document(name).formats]


def test_every_document_is_in_the_test_and_is_a_command() -> None:
    assert set(REGISTRY) == MEETING | YEAR | {"beoordeling", "stad"}
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    assert set(REGISTRY) <= set(commands)


@pytest.mark.parametrize(("name", "fmt"), CASES)
def test_every_document_renders_in_every_format_the_same_twice(
    example_dataset: Dataset, name: str, fmt: str
) -> None:
    subject = _subject(name, example_dataset)
    first = registry.make(name, subject, _options(name)).render(fmt)
    again = registry.make(name, subject, _options(name)).render(fmt)
    assert first == again
    if fmt == "pdf":
        assert isinstance(first, bytes) and first.startswith(b"%PDF-")
    elif fmt in ("docx", "xlsx"):
        assert isinstance(first, bytes)
        with zipfile.ZipFile(io.BytesIO(first)) as archive:
            names = archive.namelist()
        assert ("word/document.xml" if fmt == "docx" else "xl/workbook.xml") in names
    else:
        assert isinstance(first, str) and first.strip()
        if fmt == "json":
            json.loads(first)


@pytest.mark.parametrize("name", list(REGISTRY))
def test_every_template_a_document_needs_exists(name: str) -> None:
    doc = document(name)
    assert missing_templates(doc) == []


def test_a_missing_template_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (copy,) = [d for d in render.template_dirs() if (d / "agenda.html.j2").is_file()][:1]
    shutil.copytree(copy, tmp_path / "templates")
    (tmp_path / "templates" / "agenda.html.j2").unlink()
    (tmp_path / "templates" / "adviesbrief.typ.j2").unlink()
    monkeypatch.setattr(render, "template_dirs", lambda: [tmp_path / "templates"])
    assert missing_templates(document("agenda")) == ["agenda.html.j2"]
    assert missing_templates(document("advies")) == ["adviesbrief.typ.j2"]
    assert missing_templates(document("notulen")) == []


def test_the_templates_a_document_needs() -> None:
    assert document("advies").templates() == [
        "adviesbrief.md.j2",
        "adviesbrief.html.j2",
        "adviesbrief.typ.j2",
    ]
    # csv and xlsx come from the document's own functions; pdf and docx from the Markdown.
    assert document("jaarverslag").templates() == ["jaarverslag.md.j2", "jaarverslag.html.j2"]
    # Every output of voortgang is its own function (the md is a tabulate table).
    assert document("voortgang").templates() == []
    # Word is always laid out from the Markdown, also beside a Typst template of its own.
    advies = document("advies")
    only_word = replace(advies, formats=("html", "docx"))
    assert only_word.templates() == ["adviesbrief.html.j2", "adviesbrief.md.j2"]
    assert replace(only_word, typst=False).templates() == only_word.templates()
    assert replace(advies, formats=("html", "pdf")).templates() == [
        "adviesbrief.html.j2",
        "adviesbrief.typ.j2",
    ]
    assert replace(advies, formats=("pdf",), typst=False).templates() == ["adviesbrief.md.j2"]


@pytest.mark.parametrize("name", list(REGISTRY))
def test_each_command_offers_the_formats_of_its_document(name: str) -> None:
    # One name per feature: `wijk <name>` is the function <name> in cli/<name>.py.
    command = getattr(importlib.import_module(f"wijkcli.cli.{name}"), name)
    choice = typing.get_args(typing.get_type_hints(command, include_extras=True)["format"])[0]
    default = inspect.signature(command).parameters["format"].default
    doc = document(name)
    assert [f.value for f in choice] == list(doc.formats)
    assert default.value == doc.formats[0]


def test_a_format_the_document_does_not_offer_is_refused(example_dataset: Dataset) -> None:
    from wijkcli.problems import WijkcliError

    made = registry.make("nieuwsbrief", _subject("nieuwsbrief", example_dataset), _options(""))
    with pytest.raises(WijkcliError, match="'nieuwsbrief' bestaat niet als pdf; wel als html, "):
        made.render("pdf")


def test_an_entry_must_declare_the_document_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(REGISTRY, "agenda", "wijkcli.documents.notulen")
    with pytest.raises(KeyError, match="named 'notulen', registered 'agenda'"):
        document("agenda")
