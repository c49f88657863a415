"""Load stage: walk `data/`, read every file strictly, validate it into models.

`load_repo(root)` returns a `LoadResult` with the `Dataset` (all files that could be read) and
every problem found, each with file:line:column. Files are only read, never written.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from wijkcli.model import (
    FILE_MODELS,
    Aanvraag,
    Gebied,
    LedenBestand,
    Lid,
    Model,
    Ronde,
    Vergadering,
    Wijkplan,
)
from wijkcli.problems import Location, Problem, Severity, WijkcliError
from wijkcli.yamlread import Marks, decode, read_yaml

WIJKPLAN_RE = re.compile(r"^wijkplan-(.+)\.yaml$")
VERGADERING_RE = re.compile(r"^vergadering-(.+)\.yaml$")


@dataclass
class Source:
    """One file that was read: its repo-relative path and the marks of its values."""

    path: str
    marks: Marks

    def at(self, *loc: str | int, key: bool = False) -> Location:
        return self.marks.at(loc, key=key)


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

    def lid(self, lid_id: str) -> Lid | None:
        for lid in self.leden:
            if lid.id == lid_id:
                return lid
        return None

    @property
    def leden_by_id(self) -> dict[str, Lid]:
        return {lid.id: lid for lid in self.leden}


@dataclass
class RondeData:
    id: str
    ronde: Ronde | None = None
    ronde_src: Source | None = None
    aanvragen: dict[str, Aanvraag] = field(default_factory=dict)
    aanvraag_src: dict[str, Source] = field(default_factory=dict)
    vergaderingen: dict[str, Vergadering] = field(default_factory=dict)
    vergadering_src: dict[str, Source] = field(default_factory=dict)
    aanvraag_files: set[str] = field(default_factory=set)
    """Stems of every application file present, also those that could not be read."""
    seen: set[str] = field(default_factory=set)
    """File kinds present on disk (even when they could not be read)."""


@dataclass
class Dataset:
    """Everything under data/, keyed by id, in sorted order."""

    root: Path
    gebieden: dict[str, GebiedData] = field(default_factory=dict)
    rondes: dict[str, RondeData] = field(default_factory=dict)


@dataclass
class LoadResult:
    dataset: Dataset
    problems: list[Problem]


# --- pydantic errors in the volunteers' words -------------------------------------------------


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The allowed keys of the mapping at `loc` inside `model` (for did-you-mean hints)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or not (
            isinstance(current, type) and issubclass(current, BaseModel)
        ):
            current = _inner_model(current)
            if isinstance(part, int) or current is None:
                continue
        info = current.model_fields.get(part) if current is not None else None
        if info is None:
            return []
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


def _convert_error(
    path: str, model: type[BaseModel], marks: Marks, err: Any, data: Any
) -> Problem | None:
    raw_loc = tuple(err["loc"])
    # Drop the branch names pydantic adds for unions ("list[...]", "int", "function-before[...]").
    loc = tuple(
        p for p in raw_loc if isinstance(p, int) or ("[" not in p and p not in ("int", "str"))
    )
    kind = err["type"]
    name = str(loc[-1]) if loc else ""
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


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return ""
    return data


def validate_document(
    path: str, model: type[Model], data: Any, marks: Marks
) -> tuple[Any, list[Problem]]:
    """Validate plain data into `model`; map each error to the deepest recorded location."""
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
        problems = []
        for err in exc.errors(include_url=False, include_input=False):
            problem = _convert_error(path, model, marks, err, data)
            if problem is not None:
                problems.append(problem)
        return None, problems


# --- walking data/ ----------------------------------------------------------------------------


def classify(rel: Path) -> str | None:
    """Which file kind a path under data/ is, or None when it is not a wijkcli file."""
    parts = rel.parts
    name = rel.name
    if len(parts) == 3 and parts[0] == "gebieden":
        if name == "gebied.yaml":
            return "gebied"
        if name == "leden.yaml":
            return "leden"
        if WIJKPLAN_RE.match(name):
            return "wijkplan"
    if len(parts) == 3 and parts[0] == "rondes":
        if name == "ronde.yaml":
            return "ronde"
        if VERGADERING_RE.match(name):
            return "vergadering"
    if len(parts) == 4 and parts[0] == "rondes" and parts[2] == "aanvragen":
        return "aanvraag"
    return None


def find_data_dir(root: Path) -> Path:
    """`root` itself when it is a data folder, else `root/data`."""
    if any((root / sub).is_dir() for sub in ("gebieden", "rondes", "beoordelingen")):
        return root
    data = root / "data"
    if data.is_dir():
        return data
    raise WijkcliError(
        f"geen map met gegevens gevonden in '{root}': verwacht data/gebieden en data/rondes "
        "(geef een andere map op met --data)"
    )


def iter_files(data_dir: Path) -> Iterable[Path]:
    for sub in ("gebieden", "rondes"):
        base = data_dir / sub
        if base.is_dir():
            yield from sorted(p for p in base.rglob("*") if p.is_file())


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many long-lived objects are made.

    Loading a city allocates millions of objects that all stay alive; the collector would scan
    them again and again (a third of the load time) and find nothing. Reference counting still
    frees everything as usual; the collector runs again afterwards, and the objects made here
    are moved out of its way (`gc.freeze`), so later work such as printing does not pay for a
    full scan of the dataset either.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


PARALLEL_MIN_FILES = 2000
"""With fewer files one process is quicker than starting a second one."""

_SHARED: tuple[list[tuple[str, str]], list[bytes]] | None = None
"""(path, kind) and bytes of the files being loaded, inherited by forked worker processes."""


def load_repo(root: Path, *, workers: int | None = None) -> LoadResult:
    """Read every file under the data folder of `root`.

    A big tree (from `PARALLEL_MIN_FILES` files) is read by two processes where the platform
    can fork (`workers` overrides the number; environment variable WIJK_WORKERS too). The
    result is the same either way, in the same order.

    Raises:
        WijkcliError: when there is no data folder at all.
    """
    data_dir = find_data_dir(root)
    base = data_dir.parent
    dataset = Dataset(root=data_dir)
    problems: list[Problem] = []
    # Every file in order: a problem of its own (an unknown file) or a file to load.
    entries: list[Problem | tuple[str, str, Path]] = []
    jobs: list[tuple[str, str]] = []
    raws: list[bytes] = []
    for file in iter_files(data_dir):
        rel_data = file.relative_to(data_dir)
        rel = file.relative_to(base).as_posix()
        kind = classify(rel_data)
        if kind is None:
            if file.suffix in (".yaml", ".yml") or rel_data.parts[-1].endswith(".yml"):
                entries.append(
                    Problem(
                        Location(rel),
                        "unknown-file",
                        "wijkcli kent dit bestand niet (verkeerde naam of map?); het wordt "
                        "overgeslagen",
                        severity=Severity.WARNING,
                        hint="zie docs/formaat.md voor de namen van de bestanden",
                    )
                )
            continue
        entries.append((kind, rel, rel_data))
        jobs.append((rel, kind))
        raws.append(file.read_bytes())
    with gc_paused():
        results = iter(_load_all(jobs, raws, workers))
        for entry in entries:
            if isinstance(entry, Problem):
                problems.append(entry)
                continue
            kind, rel, rel_data = entry
            obj, src, file_problems = next(results)
            problems.extend(_store(dataset, kind, rel, rel_data, obj, src, file_problems))
    return LoadResult(dataset, problems)


def _workers(files: int) -> int:
    import multiprocessing
    import os

    wanted = os.environ.get("WIJK_WORKERS", "")
    if wanted.isdigit():
        n = int(wanted)
    elif files < PARALLEL_MIN_FILES:
        return 1
    else:
        n = min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    # A worker must inherit the loaded modules and the file bytes: only with fork is that cheap.
    return n if n > 1 and "fork" in multiprocessing.get_all_start_methods() else 1


LoadedFile = tuple[Any, Source | None, list[Problem]]


def _load_all(
    jobs: list[tuple[str, str]], raws: list[bytes], workers: int | None
) -> list[LoadedFile]:
    """`load_file` for every job, in order; in forked worker processes when worth it."""
    n = len(jobs)
    if workers is None:
        workers = _workers(n)
    if workers <= 1 or n < 2:
        return [load_file(rel, kind, raw) for (rel, kind), raw in zip(jobs, raws, strict=True)]
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    global _SHARED
    # This process takes a bit more than its share: the workers' results still have to be
    # unpickled here. The workers' part comes in chunks, so unpickling overlaps their work.
    mine = n * 11 // (10 * workers)
    bounds = [mine + (n - mine) * i // (4 * (workers - 1)) for i in range(4 * (workers - 1) + 1)]
    _SHARED = (jobs, raws)
    try:
        with ProcessPoolExecutor(max_workers=workers - 1, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_load_range, lo, hi) for lo, hi in itertools.pairwise(bounds)]
            out = [
                load_file(rel, kind, raw)
                for (rel, kind), raw in zip(jobs[:mine], raws[:mine], strict=True)
            ]
            for lo, future in zip(bounds, futures, strict=False):
                for i, (obj, problems) in enumerate(future.result(), start=lo):
                    src = None
                    if obj is not None:
                        rel = jobs[i][0]
                        text, _ = decode(rel, raws[i])
                        src = Source(rel, Marks(rel, text=text))
                    out.append((obj, src, problems))
        return out
    except (BrokenProcessPool, OSError):  # pragma: no cover - no processes to be had
        return [load_file(rel, kind, raw) for (rel, kind), raw in zip(jobs, raws, strict=True)]
    finally:
        _SHARED = None


def _load_range(lo: int, hi: int) -> list[tuple[Any, list[Problem]]]:
    """In a worker: load files lo..hi-1 of `_SHARED`; the marks stay behind (they are recorded
    again from the text in the main process if a problem ever needs one)."""
    assert _SHARED is not None
    jobs, raws = _SHARED
    with gc_paused():
        out = []
        for i in range(lo, hi):
            rel, kind = jobs[i]
            obj, _src, problems = load_file(rel, kind, raws[i])
            out.append((obj, problems))
        return out


def load_file(path: str, kind: str, raw: bytes) -> tuple[Any, Source | None, list[Problem]]:
    """Read and validate one file of a known kind."""
    doc, problems = read_yaml(path, raw)
    if doc is None:
        return None, None, problems
    obj, problems = validate_document(path, FILE_MODELS[kind], doc.data, doc.marks)
    return obj, Source(path, doc.marks), problems


def _store(
    dataset: Dataset,
    kind: str,
    rel: str,
    rel_data: Path,
    obj: Any,
    src: Source | None,
    problems: list[Problem],
) -> list[Problem]:
    """Put one loaded file into the dataset; returns its problems (and any about its name)."""
    parts = rel_data.parts
    if kind in ("gebied", "leden", "wijkplan"):
        g = dataset.gebieden.setdefault(parts[1], GebiedData(parts[1]))
        g.seen.add(kind)
        g.seen.add(parts[2])
        if obj is None or src is None:
            return problems
        if kind == "gebied":
            g.gebied, g.gebied_src = obj, src
        elif kind == "leden":
            assert isinstance(obj, LedenBestand)
            g.leden, g.leden_src = list(obj.leden), src
        else:
            assert isinstance(obj, Wijkplan)
            m = WIJKPLAN_RE.match(parts[2])
            if m is None or m[1] != str(obj.jaar):
                problems.append(
                    Problem(
                        src.at("jaar"),
                        "id-mismatch",
                        f"jaar {obj.jaar} past niet bij de bestandsnaam '{parts[2]}'",
                        hint=f"noem het bestand wijkplan-{obj.jaar}.yaml",
                    )
                )
            if obj.jaar in g.wijkplannen:
                return problems
            g.wijkplannen[obj.jaar] = obj
            g.wijkplan_src[obj.jaar] = src
        return problems
    r = dataset.rondes.setdefault(parts[1], RondeData(parts[1]))
    r.seen.add(kind)
    if kind == "aanvraag":
        r.aanvraag_files.add(Path(parts[3]).stem)
    if obj is None or src is None:
        return problems
    if kind == "ronde":
        r.ronde, r.ronde_src = obj, src
    elif kind == "aanvraag":
        stem = Path(parts[3]).stem
        r.aanvragen[stem] = obj
        r.aanvraag_src[stem] = src
    else:
        m = VERGADERING_RE.match(parts[2])
        assert m is not None
        r.vergaderingen[m[1]] = obj
        r.vergadering_src[m[1]] = src
    return problems
