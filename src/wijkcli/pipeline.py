"""The pipeline as one readable function per job: load → check (the checks that need the
count, the count itself included, run once the data has no errors).

`check_repo` is what `wijk check` runs: the load, then every registered check
(`registered_checks`) in phases by what it needs; `load_clean` is what every command that
computes something runs first: it refuses to go on while the data has errors.
`explanations()` is every problem code with its explanation (`wijk check --uitleg`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from wijkcli.problems import (
    CODES,
    DataProblemsError,
    Problem,
    Uitleg,
    WijkcliError,
    has_errors,
    sort_problems,
)
from wijkcli.read.tree import gc_paused

if TYPE_CHECKING:
    from wijkcli.checks.registry import Check
    from wijkcli.dataset import Dataset
    from wijkcli.documents.verschil import Verschil
    from wijkcli.load.walk import LoadResult
    from wijkcli.model import Vergadering
    from wijkcli.phases import PartChecked
    from wijkcli.read.tree import Tree


def registered_checks() -> tuple[Check[...], ...]:
    """Every check `wijk check` runs, in order within each phase (see `checks.registry`): the
    dataset's (`checks.CHECKS`) and the scoring evenings'. A new module of checks adds its
    checks to `checks.CHECKS`."""
    from wijkcli.beoordeling.load import check_beoordelingen
    from wijkcli.checks import CHECKS

    return (*CHECKS, check_beoordelingen)


CODE_MODULES = (
    "wijkcli.read.codes",
    "wijkcli.load.codes",
    "wijkcli.count.codes",
    "wijkcli.documents.pdf",
    "wijkcli.stad.codes",
)
"""The stages' own `codes.py` (codes emitted outside the checks), and the PDF's layout
warnings; the checks' codes are registered by the modules of `registered_checks`.
`wijkcli.stad` stands above the pipeline: it is named here, not imported, so `wijk check
--uitleg` knows its codes too."""


def explanations() -> Mapping[str, Uitleg]:
    """Every problem code any stage can emit, with its explanation (`wijk check --uitleg`):
    imports every module that registers codes (a test checks that no other module does)."""
    import importlib

    for name in CODE_MODULES:
        importlib.import_module(name)
    registered_checks()
    return MappingProxyType(CODES)


def read_dataset(root: Path) -> Dataset:
    """The files under `root` that have no errors, unchecked across files: what the scaffolding
    of `wijk nieuw` builds on (it must work while the data still has errors elsewhere).

    Raises:
        WijkcliError: no data folder.
    """
    from wijkcli.load import load_repo

    return load_repo(root).dataset


def check_repo(
    root: Path, datum: date | None = None, *, cache: bool | None = None
) -> tuple[Dataset, list[Problem]]:
    """Load and check everything under `root`; all problems, sorted. With `datum`, open action
    points of the minutes that are overdue on that date are warnings too. `cache`: see
    `load_repo`; when no input changed, the whole result comes from the cache
    (`load.walk.checked_result`).

    Raises:
        WijkcliError: no data folder.
    """
    from wijkcli.load.walk import PartChecks, checked_result

    def one_part(loaded: LoadResult, evenings: bool) -> PartChecked:
        from wijkcli.checks.registry import FOLDER, check_part

        own = [c for c in registered_checks() if (FOLDER in c.needs) == evenings]
        with gc_paused():
            return check_part(own, loaded.everything, loaded.dataset, loaded.problems, datum)

    # Putting parts together needs neither the checks nor the models (`wijkcli.phases`).
    from wijkcli.phases import merge_parts, parts_fit

    whole = functools.partial(_check_loaded, datum=datum)
    return checked_result(root, datum, cache, whole, PartChecks(one_part, parts_fit, merge_parts))


def _check_loaded(loaded: LoadResult, datum: date | None) -> tuple[Dataset, list[Problem]]:
    with gc_paused():
        from wijkcli.checks import run_checks

        problems = run_checks(
            registered_checks(), loaded.everything, loaded.dataset, loaded.problems, datum
        )
        return loaded.dataset, sort_problems(problems)


def load_clean(
    root: Path,
    allow: frozenset[str] = frozenset(),
    *,
    ronde: str | None = None,
    jaar: int | None = None,
) -> tuple[Dataset, list[Problem]]:
    """Load and check; the dataset and its warnings when there are no errors (errors whose
    code is in `allow` do not block: `wijk uren` shows hours overruns instead of refusing).

    A command about one year (`jaar`, or the year of `ronde`) is not blocked by professionals
    who have no hours in `leden.yaml` for another year (`hours-no-year` in another year's
    wijkplan or round): next year's wijkplan, begun early, does not stop this year's letter.
    A command about no year in particular is blocked by none of them; `wijk check` reports all.

    Raises:
        DataProblemsError: the data has errors (carries all problems).
        WijkcliError: no data folder.
    """
    dataset, problems = check_repo(root)
    if jaar is None and ronde is not None:
        jaar = _ronde_year(dataset, ronde)
    # A scoring evening's files never block the round's commands (they have their own).
    blocking = [
        p
        for p in problems
        if p.code not in allow
        and not (p.location and "/beoordelingen/" in p.location.path)
        and not (p.code == "hours-no-year" and _other_year(dataset, p, jaar))
    ]
    if has_errors(blocking):
        raise DataProblemsError(
            "de gegevens bevatten fouten; los ze eerst op (zie hieronder, of 'wijk check')",
            problems,
        )
    return dataset, problems


def _ronde_year(dataset: Dataset, ronde_id: str) -> int | None:
    r = dataset.rondes.get(ronde_id)
    info = r.ronde if r is not None else None
    if info is None:
        return None
    # `Ronde.year`; None when the round was built without the fields it needs (FieldFailed).
    year: int | None = getattr(info, "year", None)
    return year


def _other_year(dataset: Dataset, problem: Problem, jaar: int | None) -> bool:
    """Whether `problem` stands in a wijkplan or round of a year other than `jaar` (any known
    year, when `jaar` is None)."""
    import re

    if problem.location is None:
        return False
    path = problem.location.path
    found = re.search(r"/wijkplan-(\d{4})\.yaml$", path)
    year: int | None = int(found[1]) if found else None
    if year is None:
        in_ronde = re.search(r"(?:^|/)rondes/([^/]+)/", path)
        year = _ronde_year(dataset, in_ronde[1]) if in_ronde else None
    return year is not None and year != jaar


def check_tree(tree: Tree) -> tuple[Dataset, list[Problem]]:
    """Load and check a tree that is not on disk (an old version from git): every problem that
    `check_repo` finds in gebieden and rondes, sorted; the dataset without the files that had
    errors (`Dataset.complete_only`), to compare with."""
    with gc_paused():
        from wijkcli.checks import run_checks
        from wijkcli.load import load_tree

        loaded = load_tree(tree)
        # The scoring evenings are read from disk (`Need.FOLDER`): not part of a git version.
        problems = run_checks(
            registered_checks(), loaded.everything, loaded.dataset, loaded.problems, on_disk=False
        )
        return loaded.dataset, sort_problems(problems)


class UnknownPartError(WijkcliError):
    """`wijk verschil NAAM`: NAAM is neither a ronde nor a gebied in either version."""


def compare_with(
    root: Path, sinds: str, onderdeel: str | None = None
) -> tuple[Verschil, list[Problem]]:
    """What changes from git version `sinds` to the working files of `root` (`wijk verschil`),
    for everything or for one ronde or gebied (`onderdeel`). The old version is read from
    git's objects in memory; nothing is written anywhere. Returns the summary and warnings
    about what could not be read from git (symbolic links, submodules).

    Raises:
        DataProblemsError: the working files have errors.
        UnknownPartError: `onderdeel` is no ronde or gebied.
        WijkcliError: no data folder, not in git, or `sinds` unknown.
    """
    from wijkcli.documents.verschil import compare
    from wijkcli.problems import suggest
    from wijkcli.read.git import data_at, tool_changes
    from wijkcli.read.tree import classify, find_data_dir, iter_files, tree_from_bytes
    from wijkcli.text import visible

    data_dir = find_data_dir(root)
    new, warnings = load_clean(root)
    at = data_at(data_dir, sinds)
    old, old_problems = check_tree(tree_from_bytes(data_dir, at.files))
    # What git could not give as a file: errors of the old version, warnings on the side.
    old_problems = sort_problems([*old_problems, *(p for p in at.problems if p.is_error)])
    ronde = gebied = None
    if onderdeel is not None:
        if onderdeel in new.rondes or onderdeel in old.rondes:
            ronde = onderdeel
        elif onderdeel in new.gebieden or onderdeel in old.gebieden:
            gebied = onderdeel
        else:
            known = sorted(
                set(new.rondes) | set(old.rondes) | set(new.gebieden) | set(old.gebieden)
            )
            hint = suggest(onderdeel, known)
            raise UnknownPartError(
                f"'{visible(onderdeel)}' is geen ronde of gebied "
                f"(wel: {', '.join(known) or 'geen'})" + (f"; {hint}" if hint else "")
            )
    now = {p: _read_bytes(data_dir, p) for p in iter_files(data_dir) if classify(p) is not None}
    was = {
        p: b for p, b in at.files.items() if p[:1] in (("gebieden",), ("rondes",)) and classify(p)
    }
    prefix = data_dir.name or "data"
    touched = sorted(
        "/".join((prefix, *p))
        for p in set(now) | set(was)
        if now.get(p) != was.get(p) and _in_part(p, ronde, gebied)
    )
    new_keys = {(p.location, p.code, p.message) for p in warnings}
    only_old = [p for p in old_problems if (p.location, p.code, p.message) not in new_keys]
    verschil = compare(old, new, sinds=sinds, commit=at.commit, ronde=ronde, gebied=gebied,
                       old_problems=only_old, alleen_opmaak=touched)  # fmt: skip
    # A change to the workflow or to which wijkcli runs is a change to the gate itself: the
    # summary says so first, whatever part was asked for.
    verschil = replace(verschil, gereedschap=tuple(tool_changes(data_dir, at.commit)))
    return verschil, [p for p in at.problems if not p.is_error]


def _read_bytes(data_dir: Path, parts: tuple[str, ...]) -> bytes | None:
    try:
        return data_dir.joinpath(*parts).read_bytes()
    except OSError:
        return None


def _in_part(parts: tuple[str, ...], ronde: str | None, gebied: str | None) -> bool:
    if ronde is not None:
        return parts[:2] == ("rondes", ronde)
    if gebied is not None:
        return parts[:2] == ("gebieden", gebied) or parts[-1] == f"vergadering-{gebied}.yaml"
    return True


# --- the minutes of one meeting as they are being written (`wijk vergadering`) -------------------


def check_minutes(
    dataset: Dataset, ronde_id: str, gebied_id: str, raw: bytes, judge: str | None = None
) -> tuple[Vergadering | None, list[Problem]]:
    """The minutes as `raw` holds them (None when they have errors) and the problems `wijk
    check` reports in them if the file held `raw`:
    read and validated by the loader, then the checks of the minutes (`checks.vergadering`)
    against the rest of `dataset` (a clean dataset: `load_clean`). Nothing is written; the
    live meeting app asks this before it accepts a key press. `judge`: an agenda item whose
    proposal (amount, hours) is judged already before anyone voted on it (`wijk check` does
    that once the votes are in), except that a partial grant may still lack its amount.
    """
    from wijkcli.checks.vergadering import check_vergaderingen
    from wijkcli.dataset import Dataset
    from wijkcli.load.walk import load_file

    path = f"data/rondes/{ronde_id}/vergadering-{gebied_id}.yaml"
    obj, src, problems = load_file(path, "vergadering", raw)
    if obj is None or src is None or has_errors(problems):
        return None, sort_problems(problems)
    r = dataset.ronde(ronde_id)
    alone = replace(r, vergaderingen={gebied_id: obj}, vergadering_src={gebied_id: src})
    candidate = Dataset(dataset.root, gebieden=dataset.gebieden, rondes={ronde_id: alone})
    found = [*problems, *check_vergaderingen(candidate)]
    b = obj.besluiten.get(judge) if judge is not None else None
    if judge is not None and b is not None and b.unfinished and b.voorstel is not None:
        from wijkcli.checks.vergadering import proposal_problems

        g = dataset.gebied(gebied_id)
        early = proposal_problems(src, g, judge, b, r.aanvragen.get(judge))
        found += [p for p in early if p.code != "missing-field"]
    found = sort_problems(found)
    return (None if has_errors(found) else obj), found
