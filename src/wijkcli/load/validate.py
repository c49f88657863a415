"""Load, validation: one file's parsed YAML into its pydantic model, and pydantic's errors into
problems in the volunteers' words, each at the file:line:column of the value. A file with errors
is built field by field (`partial_model`): the fields that failed are left out, so the checks
can still look at the rest (reading a failed field raises `FieldFailed`).
"""

from __future__ import annotations

import difflib
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from wijkcli.model import Model
from wijkcli.problems import Problem
from wijkcli.read.yamlread import Marks

# --- pydantic errors in the volunteers' words -------------------------------------------------


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The allowed keys of the mapping at `loc` inside `model` (for did-you-mean hints)."""
    current: Any = model
    keyed = False  # the part before was a dict[...] field: this part is one of its keys
    for part in loc:
        if keyed:
            keyed = False
            continue
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            current = _inner_model(current)
            if isinstance(part, int) or current is None:
                continue
        info = current.model_fields.get(part) if current is not None else None
        if info is None:
            return []
        keyed = getattr(info.annotation, "__origin__", None) is dict
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    meta = getattr(annotation, "__origin__", None)
    if meta is not None and meta is not annotation:
        return _inner_model(meta)
    return None


_TYPE_MESSAGES = {
    "string_type": "hier hoort tekst",
    "dict_type": "hier horen sleutels met waarden (sleutel: waarde)",
    "model_type": "hier horen sleutels met waarden (sleutel: waarde)",
    "model_attributes_type": "hier horen sleutels met waarden (sleutel: waarde)",
    "list_type": "hier hoort een lijst (regels die beginnen met '- ')",
    "too_short": "deze lijst mag niet leeg zijn",
}


def data_path(data: Any, raw_loc: tuple[Any, ...], *, missing: bool = False) -> tuple[Any, ...]:
    """A pydantic error location as a path into the file's data. Pydantic puts the names of
    union branches ("list[...]", "int", "function-before[...]") and "[key]" between the keys;
    they are told from the file's own keys by walking the data, so a key that looks like one
    (`[bold]x[/bold]:`, `int:`) is kept. The last part of a missing field is its name."""
    path: list[Any] = []
    current = data
    for i, part in enumerate(raw_loc):
        if isinstance(part, int):
            present = isinstance(current, list) and 0 <= part < len(current)
        else:
            present = isinstance(current, dict) and part in current
        if present:
            path.append(part)
            current = current[part]
        elif missing and i == len(raw_loc) - 1:
            path.append(part)
    return tuple(path)


def _other_branch(data: Any, raw_loc: tuple[Any, ...]) -> bool:
    """Whether this error is about the branch of a union that does not fit the value's form:
    for `list[Id] | Aantal` a list is checked as a list only, one value as a count only (else
    `tegen: [Anna Jansen]` would also be 'no whole number')."""
    current = data
    for part in raw_loc:
        if isinstance(part, int):
            if not (isinstance(current, list) and 0 <= part < len(current)):
                return False
        elif not (isinstance(current, dict) and part in current):
            if part.startswith("list["):
                return not isinstance(current, list)
            if part.startswith(("function-", "int", "str")):
                return isinstance(current, list)
            continue
        current = current[part]
    return False


def _convert_error(model: type[BaseModel], marks: Marks, err: Any, data: Any) -> Problem:
    kind = err["type"]
    loc = data_path(data, tuple(err["loc"]), missing=kind == "missing")
    name = str(loc[-1]) if loc else ""
    if "stemmen" in loc[:-1] or (kind == "extra_forbidden" and loc[-2:-1] == ("stemmen",)):
        return _vote_error(model, marks, kind, loc)
    if kind == "missing":
        where = marks.at(loc[:-1])
        return Problem(where, "missing-field", f"verplicht veld '{name}' ontbreekt")
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"bedoelde je '{close[0]}'?" if close else None
        if allowed:
            hint = "toegestaan: " + ", ".join(allowed)
        return Problem(
            marks.at(loc, key=True),
            "unknown-key",
            f"onbekend veld '{name}'" + (f" (bedoelde je '{close[0]}'?)" if close else ""),
            hint=hint,
        )
    where = marks.at(loc)
    if kind == "wijk":
        return Problem(where, "invalid-value", err["msg"])
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        got = _value_at(data, loc)
        options = expected.replace("'", "").replace(" or ", ", ")
        return Problem(
            where,
            "invalid-choice",
            f"'{got}' is hier niet toegestaan; kies uit: {options}",
        )
    if kind in _TYPE_MESSAGES:
        return Problem(where, "wrong-type", _TYPE_MESSAGES[kind])
    if kind == "int_parsing" or kind == "int_type":
        return Problem(where, "invalid-value", "hier hoort een geheel getal")
    return Problem(where, "invalid-value", f"ongeldige waarde ({err['msg']})")


VOTE_WORDS = {
    "yes": "voor", "ja": "voor", "for": "voor", "pro": "voor", "voor-stemmen": "voor",
    "no": "tegen", "nee": "tegen", "against": "tegen", "contra": "tegen",
    "abstain": "onthouding", "abstention": "onthouding", "blanco": "onthouding",
    "onthouden": "onthouding", "onthoudingen": "onthouding",
}  # fmt: skip
"""Vote keys in other words, and the field they mean (`yes:` → 'voor')."""


def _vote_error(model: type[BaseModel], marks: Marks, kind: str, loc: tuple[Any, ...]) -> Problem:
    """A problem inside `stemmen`, without quoting what is written there: in a secret round
    that may be who voted what (the round is not known while one file is read)."""
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        key = str(loc[-1])
        close = VOTE_WORDS.get(key.lower()) or next(
            iter(difflib.get_close_matches(key.lower(), allowed, n=1, cutoff=0.6)), None
        )
        # Only a vote word in another language or spelling is quoted: any other key could be
        # a member's id or name, and in a secret round that would say who voted what.
        shown = f" '{key}'" if close is not None else ""
        return Problem(
            marks.at(loc, key=True),
            "unknown-key",
            f"onbekend veld{shown} onder stemmen" + (f" (bedoelde je '{close}'?)" if close else ""),
            hint="toegestaan: " + ", ".join(allowed),
        )
    where = marks.at(loc)
    if isinstance(loc[-1], int):
        return Problem(where, "invalid-value", "hier hoort een lid-id (kleine letters, cijfers, -)")
    return Problem(
        where,
        "invalid-value",
        "hier hoort een aantal (geheime stemming) of een lijst van lid-ids (openbare stemming)",
    )


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return ""
    return data


def validate_document(
    path: str, model: type[Model], data: Any, marks: Marks, *, partial: bool = False
) -> tuple[Any, list[Problem]]:
    """Validate plain data into `model`; map each error to the deepest recorded location.

    A document with problems gives None, or with `partial` is still built field by field
    (`partial_model`): each field that failed is left out, the rest is there for the checks
    across files (the format's files; a scoring evening keeps to whole documents)."""
    if not isinstance(data, dict):
        return None, [
            Problem(
                marks.at(()),
                "wrong-type",
                "het bestand moet uit sleutels met waarden bestaan (sleutel: waarde)",
            )
        ]
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
    errors = [err for err in errors if not _other_branch(data, tuple(err["loc"]))]
    problems = [_convert_error(model, marks, err, data) for err in errors]
    failed: set[tuple[Any, ...]] = set()
    for err in errors:
        raw = tuple(err["loc"])
        where = data_path(data, raw, missing=err["type"] == "missing")
        # A bad key of a mapping (`uren: {Anna: 3}`) fails the mapping, as a bad item of a
        # list of ids fails the list (`partial_model` keeps whole items of model lists only).
        failed.add(where[:-1] if "[key]" in raw and where else where)
        if err["type"] == "extra_forbidden" and where:
            # A misspelled key (`uuren:`) stands for the field it resembles: that field is
            # not known either, not its default (no false 'hours not asked' elsewhere).
            parent = _value_at(data, where[:-1])
            absent = [n for n in _field_names(model, where[:-1]) if n not in parent]
            for close in difflib.get_close_matches(str(where[-1]), absent, n=1, cutoff=0.6):
                failed.add((*where[:-1], close))
    return (partial_model(model, data, failed) if partial else None), problems


def partial_model(
    model: type[Model], data: dict[str, Any], failed: set[tuple[Any, ...]], at: tuple[Any, ...] = ()
) -> Model:
    """`model` built from `data` without the values at (or holding) the paths in `failed`.

    A nested mapping, and each item of a list or mapping of models, is built the same way, so
    one bad member leaves the others in `leden` (and their places: the list keeps its
    length). Any other value with a failed part is left out whole. A left-out field has no
    value at all, not its default: reading it raises `FieldFailed`."""
    obj = model.model_construct()
    validator = model.__pydantic_validator__
    for name, info in model.model_fields.items():
        here = (*at, name)
        if name not in data:
            if here in failed:  # a required field that is missing
                obj.__dict__.pop(name, None)
            continue
        value = data[name]
        if any(f[: len(here)] == here for f in failed):
            value = _partial_value(info.annotation, value, failed, here)
            if value is _FAILED:
                obj.__dict__.pop(name, None)
                continue
        try:
            validator.validate_assignment(obj, name, value)
        except ValidationError:  # pragma: no cover - every failed part was left out above
            obj.__dict__.pop(name, None)
    return obj


_FAILED = object()


def _empty(model: type[Model]) -> Model:
    """An item of `model` of which nothing could be built (it keeps its place in its list)."""
    obj = model.model_construct()
    obj.__dict__.clear()
    return obj


def _shape(annotation: Any) -> tuple[str, type[Model]] | None:
    """How a field holds models: ("one", M) for M or M | None, ("list", M) for list[M],
    ("dict", M) for dict[K, M]; None when it holds no models (or a choice of types)."""
    origin, args = get_origin(annotation), get_args(annotation)
    if origin is Annotated:
        return _shape(args[0])
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return ("one", annotation)
    if origin in (Union, UnionType):
        rest = [a for a in args if a is not type(None)]
        return _shape(rest[0]) if len(rest) == 1 else None
    inner = args[0] if origin is list and args else args[1] if origin is dict and args else None
    while get_origin(inner) is Annotated:
        inner = get_args(inner)[0]
    if isinstance(inner, type) and issubclass(inner, Model):
        return ("list" if origin is list else "dict", inner)
    return None


def _partial_value(
    annotation: Any, value: Any, failed: set[tuple[Any, ...]], at: tuple[Any, ...]
) -> Any:
    """The part of `value` (a field of type `annotation`) that can still be built, or
    `_FAILED`."""
    if at in failed:
        return _FAILED
    shape = _shape(annotation)
    if shape is None:
        return _FAILED
    kind, inner = shape

    def item(v: Any, where: tuple[Any, ...]) -> Any:
        if not any(f[: len(where)] == where for f in failed):
            return v
        if where in failed or not isinstance(v, dict):
            return _empty(inner)
        return partial_model(inner, v, failed, where)

    if kind == "one":
        return partial_model(inner, value, failed, at) if isinstance(value, dict) else _FAILED
    if kind == "list":
        if not isinstance(value, list):
            return _FAILED
        return [item(v, (*at, i)) for i, v in enumerate(value)]
    if not isinstance(value, dict):
        return _FAILED
    return {k: item(v, (*at, k)) for k, v in value.items()}
