"""Load stage: every file under `data/`, read strictly (`tree`, `yamlread`) and validated into
models (`scalars`, `model`), put together in a `Dataset`.

`load_repo(root)` returns a `LoadResult` with the `Dataset` (all files that could be read) and
every problem found, each with file:line:column. Files are only read, never written. What one
file gives (its model, its marks and its problems) depends only on its path and bytes, so it is
kept in the content-keyed cache of `read.cache` and looked up on the next run.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from wijkcli.model import (
    FILE_MODELS,
    Aanvraag,
    Gebied,
    LedenBestand,
    Lid,
    Model,
    Regels,
    Ronde,
    Vergadering,
    Wijkplan,
)
from wijkcli.model.voortgang import Voortgang
from wijkcli.problems import Location, Problem, Severity, UnknownIdError
from wijkcli.read import cache as file_cache
from wijkcli.read.tree import (
    VERGADERING_RE,
    WIJKPLAN_RE,
    FileRead,
    Tree,
    find_files,
    gc_paused,
    read_data_file,
    read_tree,
)
from wijkcli.read.yamlread import Marks, decode, read_yaml

_T = TypeVar("_T")


@dataclass
class Source:
    """One file that was read: its repo-relative path and the marks of its values."""

    path: str
    marks: Marks

    def at(self, *loc: str | int, key: bool = False) -> Location:
        return self.marks.at(loc, key=key)


def has_vote(lid: Lid | None, regels: Regels) -> bool:
    """Whether this member may vote in the gebied under the round's rules: every member of the
    Bewonersteam, professionals too when `stemrecht: bewonersteam-en-professionals`."""
    if lid is None:
        return False
    if lid.rol == "bewonersteam":
        return True
    return lid.rol == "professional" and regels.stemrecht == "bewonersteam-en-professionals"


# The query API below answers for data that `pipeline.load_clean` accepted (or that `check_repo`
# counts, which it only does without errors): every round found there has its ronde.yaml, every
# gebied its gebied.yaml. An unknown id raises `UnknownIdError` (exit 2 on the command line).


@dataclass
class GebiedData:
    id: str
    gebied: Gebied | None = None
    gebied_src: Source | None = None
    leden: list[Lid] = field(default_factory=list)
    leden_src: Source | None = None
    wijkplannen: dict[int, Wijkplan] = field(default_factory=dict)
    wijkplan_src: dict[int, Source] = field(default_factory=dict)
    seen: set[str] = field(default_factory=set)
    """File kinds and names present on disk (even when they could not be read)."""
    _by_id: tuple[list[Lid], int, dict[str, Lid]] | None = field(
        default=None, repr=False, compare=False
    )
    """`leden_by_id` for the list of members it was built from (and its length then)."""
    _profs: tuple[dict[str, Lid], frozenset[str]] | None = field(
        default=None, repr=False, compare=False
    )
    """`professionals` for the `leden_by_id` it was built from."""

    @property
    def info(self) -> Gebied:
        """The validated gebied.yaml; always there for a gebied from `Dataset.gebied`."""
        assert self.gebied is not None, f"{self.id}: gebied.yaml was not loaded"
        return self.gebied

    def lid(self, lid_id: str) -> Lid:
        """The member with this id.

        Raises:
            UnknownIdError: no such member in the gebied's leden.yaml.
        """
        lid = self.leden_by_id.get(lid_id)
        if lid is None:
            where = f"data/gebieden/{self.id}/leden.yaml"
            raise UnknownIdError("lid", lid_id, where, self.leden_by_id)
        return lid

    @property
    def leden_by_id(self) -> dict[str, Lid]:
        """Members by id (asked for every vote: built once per list of members). A member whose
        id failed validation is not in it (see `leden_complete`)."""
        cached = self._by_id
        if cached is None or cached[0] is not self.leden or cached[1] != len(self.leden):
            by_id = {i: x for x in self.leden if (i := getattr(x, "id", None)) is not None}
            cached = self._by_id = (self.leden, len(self.leden), by_id)
        return cached[2]

    @property
    def leden_complete(self) -> bool:
        """Whether every member of the gebied is known: leden.yaml was read and every member
        in it has a valid id. Only then is an id that is not among them truly unknown; else
        the checks do not report it (the note under leden.yaml's error says so)."""
        return self.leden_src is not None and len(self.leden_by_id) == len(self.leden)

    def rol_of(self, lid_id: str) -> str | None:
        """The role of a member, or None for an unknown member or one whose role failed."""
        lid = self.leden_by_id.get(lid_id)
        return None if lid is None else getattr(lid, "rol", None)

    @property
    def professionals(self) -> frozenset[str]:
        """Ids of the professionals of the gebied (asked for every owner of hours: built once
        per `leden_by_id`)."""
        by_id = self.leden_by_id
        cached = self._profs
        if cached is None or cached[0] is not by_id:
            ids = frozenset(
                i for i, x in by_id.items() if getattr(x, "rol", None) == "professional"
            )
            cached = self._profs = (by_id, ids)
        return cached[1]

    def voters(self, regels: Regels) -> list[str]:
        """Ids of everyone in the gebied with a vote under `regels`, sorted (the roll the
        quorum counts against)."""
        return sorted(i for i, lid in self.leden_by_id.items() if has_vote(lid, regels))


@dataclass
class RondeData:
    id: str
    ronde: Ronde | None = None
    ronde_src: Source | None = None
    aanvragen: dict[str, Aanvraag] = field(default_factory=dict)
    aanvraag_src: dict[str, Source] = field(default_factory=dict)
    vergaderingen: dict[str, Vergadering] = field(default_factory=dict)
    vergadering_src: dict[str, Source] = field(default_factory=dict)
    voortgang: dict[str, Voortgang] = field(default_factory=dict)
    """Follow-up records (voortgang/<aanvraag>.yaml) by file stem."""
    voortgang_src: dict[str, Source] = field(default_factory=dict)
    aanvraag_files: set[str] = field(default_factory=set)
    """Stems of every application file present, also those that could not be read."""
    seen: set[str] = field(default_factory=set)
    """File kinds present on disk (even when they could not be read)."""

    @property
    def info(self) -> Ronde:
        """The validated ronde.yaml; always there for a round from `Dataset.ronde`."""
        assert self.ronde is not None, f"{self.id}: ronde.yaml was not loaded"
        return self.ronde


@dataclass
class Dataset:
    """Everything under data/, keyed by id, in sorted order."""

    root: Path
    gebieden: dict[str, GebiedData] = field(default_factory=dict)
    rondes: dict[str, RondeData] = field(default_factory=dict)
    partial: set[str] = field(default_factory=set)
    """Paths of the files with errors, built only as far as they could be (for the checks)."""

    def complete_only(self) -> Dataset:
        """This dataset without the files that had errors (what code that computes with the
        data may see: a partly built file has fields that raise `FieldFailed`)."""
        if not self.partial:
            return self
        keep = self.partial.__contains__
        out = Dataset(self.root)
        for gid, g in self.gebieden.items():
            c = dataclasses.replace(g, seen=set(g.seen), _by_id=None)
            if c.gebied_src is not None and keep(c.gebied_src.path):
                c.gebied = c.gebied_src = None
            if c.leden_src is not None and keep(c.leden_src.path):
                c.leden, c.leden_src = [], None
            c.wijkplannen = {j: w for j, w in g.wijkplannen.items()
                             if not keep(g.wijkplan_src[j].path)}  # fmt: skip
            c.wijkplan_src = {j: g.wijkplan_src[j] for j in c.wijkplannen}
            out.gebieden[gid] = c
        for rid, r in self.rondes.items():
            d = dataclasses.replace(r, seen=set(r.seen))
            if d.ronde_src is not None and keep(d.ronde_src.path):
                d.ronde = d.ronde_src = None
            d.aanvragen = {k: a for k, a in r.aanvragen.items()
                           if not keep(r.aanvraag_src[k].path)}  # fmt: skip
            d.aanvraag_src = {k: r.aanvraag_src[k] for k in d.aanvragen}
            d.vergaderingen = {k: v for k, v in r.vergaderingen.items()
                               if not keep(r.vergadering_src[k].path)}  # fmt: skip
            d.vergadering_src = {k: r.vergadering_src[k] for k in d.vergaderingen}
            d.voortgang = {k: x for k, x in r.voortgang.items()
                           if not keep(r.voortgang_src[k].path)}  # fmt: skip
            d.voortgang_src = {k: r.voortgang_src[k] for k in d.voortgang}
            out.rondes[rid] = d
        return out

    def ronde(self, ronde_id: str) -> RondeData:
        """The round with this id (its folder has a valid ronde.yaml).

        Raises:
            UnknownIdError: no such round in data/rondes.
        """
        return _find(self.rondes, ronde_id, "ronde", lambda r: r.ronde is not None)

    def gebied(self, gebied_id: str) -> GebiedData:
        """The gebied with this id (its folder has a valid gebied.yaml).

        Raises:
            UnknownIdError: no such gebied in data/gebieden.
        """
        return _find(self.gebieden, gebied_id, "gebied", lambda g: g.gebied is not None)

    def rondes_in_year(
        self, jaar: int, gebied_id: str, *, before: str | None = None
    ) -> list[RondeData]:
        """The rounds of `jaar` with a budget for the gebied, in meeting-date order (then by
        id); with `before`, only those that met before that round (the carry-over rule).

        Raises:
            UnknownIdError: `before` is not a round.
        """
        limit = self.ronde(before).info.vergadering.datum if before is not None else None
        found = [
            (r.ronde.vergadering.datum, rid, r)
            for rid, r in self.rondes.items()
            if r.ronde is not None
            and r.ronde.year == jaar
            and gebied_id in r.ronde.budget
            and (limit is None or r.ronde.vergadering.datum < limit)
        ]
        return [r for _, _, r in sorted(found, key=lambda x: (x[0], x[1]))]


def _find(table: dict[str, _T], key: str, kind: str, loaded: Callable[[_T], bool]) -> _T:
    """`table[key]` when its main file was loaded; else `UnknownIdError` naming those that were."""
    found = table.get(key)
    if found is None or not loaded(found):
        known = (k for k, v in table.items() if loaded(v))
        folder = "gebieden" if kind == "gebied" else "rondes"
        raise UnknownIdError(kind, key, f"data/{folder}", known)
    return found


@dataclass
class LoadResult:
    everything: Dataset
    """Every file that could be read, a file with errors built without its failed fields:
    what the checks look at (they skip what needs a failed field)."""
    problems: list[Problem]

    @functools.cached_property
    def dataset(self) -> Dataset:
        """The files without errors only (`Dataset.complete_only`): what any other code gets,
        so nothing outside the checks ever reads a failed field."""
        return self.everything.complete_only()


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
            meant = VOTE_WORDS.get(str(where[-1]).lower()) if where[-2:-1] == ("stemmen",) else None
            guesses = [meant] if meant in absent else []  # `yes:` stands for `voor:`
            guesses = guesses or difflib.get_close_matches(str(where[-1]), absent, n=1, cutoff=0.6)
            for close in guesses:
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


# --- the whole data folder ---------------------------------------------------------------


def load_repo(root: Path, *, cache: bool | None = None) -> LoadResult:
    """Read and validate every file under the data folder of `root`.

    `cache`: use the content-keyed cache (`read.cache`); None means yes unless WIJK_GEEN_CACHE
    is set or `wijk --geen-cache` was given. Cached or not, the result is the same.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    if not file_cache.wanted(cache):
        return load_tree(read_tree(root))
    tree = find_files(root)
    store = file_cache.FileCache.open(tree.data_dir, code_fingerprint())
    if store is None:
        return load_tree(read_tree(root))
    return load_cached(tree, store)


_FINGERPRINT: list[str] = []


def code_fingerprint() -> str:
    """A hash of everything that decides what one file gives: the reader, the models, this
    module, the problems, the version of wijkcli, pydantic and PyYAML (with or without
    libyaml). Hashed from the source files themselves, once per process (~1 ms)."""
    if not _FINGERPRINT:
        import pydantic
        import yaml

        from wijkcli import __version__

        here = Path(__file__).resolve().parent
        sources = [here / "read", here / "model", here / "load.py", here / "problems.py"]
        sources += [here / "text.py", here / "__init__.py"]
        _FINGERPRINT.append(
            file_cache.fingerprint(
                sources,
                __version__,
                pydantic.VERSION,
                yaml.__version__,
                str(getattr(yaml, "__with_libyaml__", False)),
            )
        )
    return _FINGERPRINT[0]


def load_cached(tree: Tree, store: file_cache.FileCache) -> LoadResult:
    """`load_tree`, with each file's result taken from `store` when its bytes are known there
    (and put there when not)."""
    dataset = Dataset(root=tree.data_dir)
    problems: list[Problem] = list(tree.problems)
    base = str(tree.data_dir)
    with gc_paused():
        for f in tree.files:
            if f.kind is None:
                problems.extend(_unknown_file(f))
                continue
            raw, read_problems = read_data_file(os.path.join(base, *f.parts), f.path)
            if raw is None:
                problems.extend(_stored_unread(dataset, f, read_problems))
                continue
            key = store.key(f.path.encode(), f.kind.encode(), raw)
            entry = store.get(key)
            if entry is not None:
                obj, src, file_problems = _from_entry(f.path, raw, entry)
            else:
                obj, src, file_problems = load_file(f.path, f.kind, raw)
                store.put(key, _to_entry(obj, src, file_problems))
            problems.extend(_store(dataset, f.kind, f.parts, obj, src, list(file_problems)))
    return LoadResult(dataset, problems)


_LAZY = "lazy"


def _to_entry(obj: Any, src: Source | None, problems: list[Problem]) -> tuple[Any, ...]:
    """One file's result as plain picklable parts. A file's marks not yet recorded are kept as
    the marker 'lazy' (its text is the file's bytes, read anyway), recorded ones as their two
    tables."""
    if src is None:
        marks: Any = None
    elif src.marks.unrecorded_text is not None:
        marks = _LAZY
    else:
        marks = (src.marks.values, src.marks.keys)
    return (obj, marks, problems)


def _from_entry(path: str, raw: bytes, entry: Any) -> tuple[Any, Source | None, list[Problem]]:
    obj, marks, problems = entry
    if marks is None:
        return obj, None, problems
    if marks == _LAZY:
        text, _ = decode(path, raw)
        return obj, Source(path, Marks(path, text=text)), problems
    values, keys = marks
    return obj, Source(path, Marks(path, values, keys)), problems


def _stored_unread(dataset: Dataset, f: FileRead, problems: list[Problem]) -> list[Problem]:
    """A file that could not be read: a link or a FIFO that replaced it since the walk is
    skipped as the walk skips it (its warning only); any other failure counts as the file
    being there with an error."""
    if any(p.code == "not-a-file" for p in problems):
        return problems
    return _store(dataset, f.kind or "", f.parts, None, None, problems)


def _unknown_file(f: FileRead) -> list[Problem]:
    if os.path.splitext(f.parts[-1])[1] not in (".yaml", ".yml"):
        return []
    return [
        Problem(
            Location(f.path),
            "unknown-file",
            "wijkcli kent dit bestand niet (verkeerde naam of map?); het wordt overgeslagen",
            severity=Severity.WARNING,
            hint="zie docs/formaat.md voor de namen van de bestanden",
        )
    ]


def load_tree(tree: Tree) -> LoadResult:
    """Validate the files of `tree` into a dataset, in file order."""
    dataset = Dataset(root=tree.data_dir)
    problems: list[Problem] = list(tree.problems)
    with gc_paused():
        for f in tree.files:
            if f.kind is None:
                problems.extend(_unknown_file(f))
                continue
            obj: Any = None
            src: Source | None = None
            file_problems = f.problems or []
            if f.doc is None and any(p.code == "not-a-file" for p in file_problems):
                problems.extend(_stored_unread(dataset, f, file_problems))
                continue
            if f.doc is not None:
                obj, file_problems = validate_document(
                    f.path, FILE_MODELS[f.kind], f.doc.data, f.doc.marks, partial=True
                )
                src = Source(f.path, f.doc.marks)
                f.doc = None  # the plain data is no longer needed: free it as we go
            problems.extend(_store(dataset, f.kind, f.parts, obj, src, file_problems))
    return LoadResult(dataset, problems)


def load_file(path: str, kind: str, raw: bytes) -> tuple[Any, Source | None, list[Problem]]:
    """Read and validate one file of a known kind."""
    doc, problems = read_yaml(path, raw)
    if doc is None:
        return None, None, problems
    obj, problems = validate_document(path, FILE_MODELS[kind], doc.data, doc.marks, partial=True)
    return obj, Source(path, doc.marks), problems


def _store(
    dataset: Dataset,
    kind: str,
    parts: tuple[str, ...],
    obj: Any,
    src: Source | None,
    problems: list[Problem],
) -> list[Problem]:
    """Put one loaded file (`parts`: its path below data/) into the dataset; returns its
    problems (and any about its name). A file with problems is there as far as it could be
    built; when that leaves other files unchecked, its first error says so (`SKIP_NOTES`)."""
    if src is not None and obj is not None and any(p.is_error for p in problems):
        dataset.partial.add(src.path)
    if kind in ("gebied", "leden", "wijkplan"):
        g = dataset.gebieden.setdefault(parts[1], GebiedData(parts[1]))
        g.seen.add(kind)
        g.seen.add(parts[2])
        if obj is None or src is None:
            return _with_note(problems, kind)
        if kind == "gebied":
            g.gebied, g.gebied_src = obj, src
            if getattr(obj, "wijken", None) is None:
                return _with_note(problems, "gebied")
        elif kind == "leden":
            assert isinstance(obj, LedenBestand)
            g.leden, g.leden_src = list(getattr(obj, "leden", [])), src
            if "leden" not in obj.__dict__:
                g.leden_src = None  # nothing is known about the members
            if not g.leden_complete:
                return _with_note(problems, "leden")
        else:
            assert isinstance(obj, Wijkplan)
            jaar = getattr(obj, "jaar", None)
            if jaar is None:  # a plan without a valid year cannot be placed
                return _with_note(problems, "wijkplan")
            m = WIJKPLAN_RE.match(parts[2])
            if m is None or m[1] != str(jaar):
                problems.append(
                    Problem(
                        src.at("jaar"),
                        "id-mismatch",
                        f"jaar {jaar} past niet bij de bestandsnaam '{parts[2]}'",
                        hint=f"noem het bestand wijkplan-{jaar}.yaml",
                    )
                )
            if jaar in g.wijkplannen:
                return problems
            g.wijkplannen[jaar] = obj
            g.wijkplan_src[jaar] = src
        return problems
    r = dataset.rondes.setdefault(parts[1], RondeData(parts[1]))
    r.seen.add(kind)
    if kind == "aanvraag":
        r.aanvraag_files.add(os.path.splitext(parts[3])[0])
    if obj is None or src is None:
        return _with_note(problems, kind)
    if kind == "ronde":
        r.ronde, r.ronde_src = obj, src
    elif kind == "aanvraag":
        stem = os.path.splitext(parts[3])[0]
        r.aanvragen[stem] = obj
        r.aanvraag_src[stem] = src
    elif kind == "voortgang":
        assert isinstance(obj, Voortgang)
        stem = os.path.splitext(parts[3])[0]
        r.voortgang[stem] = obj
        r.voortgang_src[stem] = src
    else:
        m = VERGADERING_RE.match(parts[2])
        assert m is not None
        r.vergaderingen[m[1]] = obj
        r.vergadering_src[m[1]] = src
    return problems


SKIP_NOTES = {
    "gebied": "daardoor zijn de wijken en het team van dit gebied onbekend; controles die ze "
    "nodig hebben zijn overgeslagen",
    "leden": "daardoor zijn niet alle leden bekend; verwijzingen naar leden in andere "
    "bestanden zijn niet gecontroleerd",
    "wijkplan": "daardoor is dit wijkplan niet gebruikt; thema's en uren zijn er niet tegen "
    "gecontroleerd",
    "ronde": "daardoor zijn de notulen en aanvragen van deze ronde niet tegen de ronde "
    "gecontroleerd",
    "aanvraag": "daardoor zijn de besluiten over deze aanvraag niet tegen de aanvraag "
    "gecontroleerd",
}
"""What a file's failure leaves unchecked elsewhere, said once, as a note (hint) under its
first error."""


def _with_note(problems: list[Problem], kind: str) -> list[Problem]:
    """`problems` with the note of `kind` added to the first error (once)."""
    note = SKIP_NOTES.get(kind)
    if note is None:
        return problems
    for i, p in enumerate(problems):
        if p.is_error:
            if p.hint is not None and note in p.hint:
                return problems
            hint = f"{p.hint}; {note}" if p.hint else note
            return [*problems[:i], dataclasses.replace(p, hint=hint), *problems[i + 1 :]]
    return problems
