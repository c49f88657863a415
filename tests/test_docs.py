"""The format reference names every field of the model, so docs and code do not drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from wijkcli import model

REPO = Path(__file__).resolve().parents[1]


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, model.Model) and obj is not model.Model
    ]


@pytest.mark.parametrize("cls", _models(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type[BaseModel]) -> None:
    doc = (REPO / "docs" / "formaat.md").read_text(encoding="utf-8")
    # A field is named as `naam` or, inside a block, as `blok.naam`.
    missing = [name for name in cls.model_fields if not re.search(rf"[`.]{name}`", doc)]
    assert missing == []
    for name, info in cls.model_fields.items():
        assert info.description, f"{cls.__name__}.{name} has no docstring (schema description)"


def test_every_example_file_names_its_schema() -> None:
    """Editors with the YAML language server find the schema from each file's first line."""
    from wijkcli.read.tree import classify

    files = sorted((REPO / "data").rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        schema = (path.parent / first[len(prefix) :]).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"
        kind = classify(path.relative_to(REPO / "data"))
        if kind is not None:
            assert schema.name == f"{kind}.schema.json", path
