"""Model stage, the base: `Model` and `FieldFailed`, which every file model builds on, and the
field types several file kinds share (lists that also take one item, mappings that also take
nothing)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from wijkcli.model.scalars import Id, Tekst, Uren


def _as_list(value: Any) -> Any:
    """Allow one text where a list of texts is expected (`motivering: Eén reden.`)."""
    if isinstance(value, str):
        return [value]
    if value is None:
        return []
    return value


def none_as_empty(value: Any) -> Any:
    """Allow an empty mapping to be written as nothing (`uren:` with no entries)."""
    return {} if value is None else value


class AlsoAccepted:
    """JSON Schema of a field whose before-validator takes more than its type: an empty value
    (`none_as_empty`, `_as_list`) and, for `_as_list`, one item instead of a list. The
    schema then says the same, so an editor does not mark what `wijk check` accepts."""

    def __init__(self, *, one_item: bool = False) -> None:
        self.one_item = one_item

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = handler(core_schema)
        options = [inner]
        if self.one_item:
            options.append(inner["items"])
        return {"anyOf": [*options, {"type": "null"}]}


TekstLijst = Annotated[list[Tekst], BeforeValidator(_as_list), AlsoAccepted(one_item=True)]
IdLijst = Annotated[list[Id], BeforeValidator(_as_list), AlsoAccepted(one_item=True)]
UrenPerLid = Annotated[dict[Id, Uren], BeforeValidator(none_as_empty), AlsoAccepted()]


class FieldFailed(AttributeError):
    """A field of a partly built model is read, but its value failed validation (or it was
    missing): the problem has been reported at its place; a check that needs the field
    cannot run and is skipped (`checks.common.guarded`)."""

    def __init__(self, model: str, name: str) -> None:
        super().__init__(f"{model}.{name} failed validation")
        self.model, self.name = model, name


class Model(BaseModel):
    """A file model. Built whole by `model_validate`; a file with problems is built field by
    field instead (`load.validate_document`): a field whose value failed is left out, and
    reading it raises `FieldFailed` instead of giving a default or a stale value."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=False,  # read by wijkcli.schema only (#32)
        hide_input_in_errors=True,
        regex_engine="python-re",
        # Validators and serializers are built when a model first validates, not on import:
        # a run whose every file comes from the cache never builds them.
        defer_build=True,
    )

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in type(self).model_fields:
                raise FieldFailed(type(self).__name__, name)
            return super().__getattr__(name)

    @property
    def is_partial(self) -> bool:
        """Whether a field of this model (not of its parts) failed or was missing."""
        return any(name not in self.__dict__ for name in type(self).model_fields)
