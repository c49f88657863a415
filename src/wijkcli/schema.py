"""The JSON Schema of every file kind, generated from the models (never written by hand)."""

from __future__ import annotations

import ast
import inspect
import json
import textwrap
from itertools import pairwise
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from wijkcli.beoordeling.model import BEOORDELING_FILE_MODELS
from wijkcli.model import FILE_MODELS

SCHEMA_BASE = "https://wijkcli.example.invalid/schema/"


def attribute_docstrings(cls: type) -> dict[str, str]:
    """{field: its attribute docstring} of one class, from its source: the string right under
    an annotated attribute (`naam: Tekst` then `\"\"\"Naam van het gebied.\"\"\"`), cleaned as
    Python cleans docstrings. What pydantic's `use_attribute_docstrings` reads, read here and
    only here: with that option every model parses its source on import (#32)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for node, after in pairwise(body):
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        ):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


class WithDocstrings(GenerateJsonSchema):
    """pydantic's JSON Schema, each field described by its attribute docstring (the nearest
    class in the model's MRO that documents it), unless the field has a description of its
    own."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        out = super().model_schema(schema)
        cls = schema["cls"]
        docs: dict[str, str] = {}
        for base in reversed(cls.__mro__):
            if issubclass(base, BaseModel) and base.__module__.startswith("wijkcli."):
                docs.update(attribute_docstrings(base))
        properties: dict[str, Any] = out.get("properties", {})
        for name, field in properties.items():
            if name in docs and "description" not in field:
                field["description"] = docs[name]
        return out

    def default_schema(self, schema: core_schema.WithDefaultSchema) -> JsonSchemaValue:
        """A default that is a model (`Ronde.regels`) is made with `model_construct`, so that
        importing the models builds nothing; its model is built here, to write it out
        (pydantic 2.11 does not build it itself; 2.14 does)."""
        default = schema.get("default")
        if isinstance(default, BaseModel):
            type(default).model_rebuild()
        return super().default_schema(schema)


def all_schemas() -> dict[str, str]:
    """{kind: schema as JSON text}, in a stable order."""
    out = {}
    for kind, model in sorted({**FILE_MODELS, **BEOORDELING_FILE_MODELS}.items()):
        schema = model.model_json_schema(mode="validation", schema_generator=WithDocstrings)
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{SCHEMA_BASE}{kind}.schema.json",
            **schema,
        }
        out[kind] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    return out


def schema_json(schemas: dict[str, str]) -> str:
    """All schemas in one JSON document, keyed by file kind."""
    combined = {kind: json.loads(text) for kind, text in schemas.items()}
    return json.dumps(combined, ensure_ascii=False, indent=2) + "\n"


def is_generated(kind: str, raw: bytes) -> bool:
    """Whether `raw` is a schema `wijk schema` wrote for `kind` (perhaps of an older version):
    JSON whose `$id` is wijkcli's id for that kind. A hand-made file in its place is only
    overwritten with `--force`."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return False
    return isinstance(data, dict) and data.get("$id") == f"{SCHEMA_BASE}{kind}.schema.json"
