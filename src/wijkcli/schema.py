"""The JSON Schema of every file kind, generated from the models (never written by hand)."""

from __future__ import annotations

import json

from wijkcli.beoordeling.model import BEOORDELING_FILE_MODELS
from wijkcli.model import FILE_MODELS

SCHEMA_BASE = "https://wijkcli.example.invalid/schema/"


def all_schemas() -> dict[str, str]:
    """{kind: schema as JSON text}, in a stable order."""
    out = {}
    for kind, model in sorted({**FILE_MODELS, **BEOORDELING_FILE_MODELS}.items()):
        schema = model.model_json_schema(mode="validation")
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
