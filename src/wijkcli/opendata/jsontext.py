"""JSON text for the exports: sorted by what the caller built, two-space indents, amounts as
exact JSON numbers where a standard wants numbers (360Giving), with no float on the way."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any


def dumps(value: Any, indent: str = "") -> str:
    """`value` (dicts, lists, str, int, bool, None, Decimal) as JSON; a `Decimal` becomes a
    plain number literal with at least two decimals (`text.json_amount`)."""
    from wijkcli.text import json_amount

    inner = indent + "  "
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {dumps(v, inner)}"
                 for k, v in value.items()]  # fmt: skip
        return "{\n" + ",\n".join(parts) + "\n" + indent + "}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + dumps(v, inner) for v in value) + "\n" + indent + "]"
    if isinstance(value, Decimal):
        return json_amount(value)
    return json.dumps(value, ensure_ascii=False)
