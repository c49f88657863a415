"""`wijk stad`: read the city file, fetch and check every gebied repository, and keep each
gebied's figures as its own documents compute them.

Each repository is checked first, as every command does (`pipeline.load_clean`). Its figures
are then taken from the documents it would make itself: per year the year report's totals, per
theme and per round (`documents.jaarverslag.jaarverslag_context`), the kasboek's round budgets
(`Ledger.kasboek`), the follow-up's overdue reports (`Ledger.afloop_jaar` on the peildatum) and
the open action points (`documents.actiepunten.open_actiepunten`). So the city's totals are
the sum of the gebieden's own reports, never a second computation. Repositories are read one
after the other and only their figures are kept (the memory of one dataset at a time).

A repository with errors stops the run (exit 1, its problems with its name before every path),
as `wijk advies` stops on errors: the overview never shows figures a gebied could not show
itself. With `sla_fouten_over` it is left out instead, and the overview says so.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from wijkcli.dataset import Dataset
from wijkcli.documents.jaarverslag import JaarRonde, Totals
from wijkcli.problems import (
    DataProblemsError,
    Location,
    Problem,
    WijkcliError,
    has_errors,
    sort_problems,
)
from wijkcli.read.yamlread import Marks
from wijkcli.stad.model import Repository, StadBestand
from wijkcli.text import visible

CACHE_DIR = ".wijkcli-stad"
"""The git cache beside STAD.yaml (one folder per repository; it ignores itself in git)."""


@dataclass(frozen=True)
class ThemaCijfers:
    id: str
    label: str
    totaal: Totals


@dataclass(frozen=True)
class JaarCijfers:
    """One gebied in one year, as its year report and kasboek give it."""

    jaar: int
    budget: Decimal
    """The wijkplan's budget."""
    rondebudgetten: Decimal
    """What the rounds of the year had (the kasboek's balance total)."""
    totaal: Totals
    uren: dict[str, int]
    """The year report's hours totals: beschikbaar, wijkplan, geadviseerd, toegekend, gebruikt."""
    themas: list[ThemaCijfers]
    rondes: list[JaarRonde]


@dataclass(frozen=True)
class TeLaat:
    """A report or condition past its deadline on the peildatum (from `wijk voortgang`)."""

    gebied: str
    jaar: int
    ronde: str
    aanvraag: str
    wat: str
    uiterlijk: date


@dataclass(frozen=True)
class Actiepunt:
    """An open action point past its deadline (`wijk actiepunten`); who is not named."""

    gebied: str
    ronde: str
    wat: str
    uiterlijk: date


@dataclass(frozen=True)
class GebiedCijfers:
    id: str
    naam: str
    repository: str
    jaren: dict[int, JaarCijfers]
    actiepunten_open: int
    actiepunten_over_tijd: list[Actiepunt]
    te_laat: list[TeLaat]


@dataclass(frozen=True)
class Bron:
    """A repository as read: its name, where from, and the data version."""

    naam: str
    adres: str
    versie: str
    gebieden: tuple[str, ...]
    pad: Path
    """Where it was read (a folder of the user, or in the git cache)."""


@dataclass(frozen=True)
class Weggelaten:
    naam: str
    fouten: int


@dataclass(frozen=True)
class Stad:
    """The subject of the city overview: every gebied's figures, nothing else of its data."""

    naam: str
    datum: date
    """The peildatum: what is overdue is judged on this day."""
    jaren: list[int]
    bronnen: list[Bron]
    gebieden: list[GebiedCijfers]
    weggelaten: list[Weggelaten] = field(default_factory=list)
    meldingen: list[Problem] = field(default_factory=list)
    """Warnings of the repositories (and, with `sla_fouten_over`, the errors left out)."""


def read_city_file(
    path: Path, shown: str
) -> tuple[StadBestand | None, Marks | None, list[Problem]]:
    """Read and validate STAD.yaml (`shown`: its name in messages)."""
    from wijkcli.load.validate import validate_document
    from wijkcli.read.tree import read_yaml_file

    doc, problems = read_yaml_file(path, shown)
    if doc is None or has_errors(problems):
        return None, None, problems
    model, invalid = validate_document(shown, StadBestand, doc.data, doc.marks)
    problems = [*problems, *invalid]
    # Names used twice, read from the plain data: reported with the other problems at once.
    items = doc.data.get("repositories") if isinstance(doc.data, dict) else None
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        naam = item.get("naam") if isinstance(item, dict) else None
        if not isinstance(naam, str):
            continue
        if naam in seen:
            problems.append(
                Problem(
                    doc.marks.at(("repositories", i, "naam")),
                    "duplicate-id",
                    f"de naam '{visible(naam)}' staat al eerder bij repositories",
                )
            )
        seen.add(naam)
    if model is None:
        return None, doc.marks, problems
    assert isinstance(model, StadBestand)
    return (None if has_errors(problems) else model), doc.marks, problems


def _prefixed(naam: str, problems: list[Problem]) -> list[Problem]:
    """The problems of repository `naam`, each path starting with its name."""
    out = []
    for p in problems:
        if p.location is not None:
            loc = Location(f"{naam}/{p.location.path}", p.location.line, p.location.column)
            out.append(replace(p, location=loc))
        else:
            out.append(replace(p, location=Location(naam)))
    return out


def _open_repository(
    repo: Repository, stad_dir: Path, cache: Path, where: Location
) -> tuple[Path | None, str, str | None, list[Problem]]:
    """(root, address shown, commit or None, problems) of one entry of STAD.yaml."""
    from wijkcli.stad.fetch import FetchError, fetch

    if repo.pad is not None:
        root = stad_dir / repo.pad
        if not root.is_dir():
            return (
                None,
                repo.pad,
                None,
                [
                    Problem(
                        where,
                        "source-unavailable",
                        f"repository '{repo.naam}': de map {visible(repo.pad)} bestaat niet",
                    )
                ],
            )
        return root, repo.pad, None, []
    assert repo.git is not None
    shown = repo.git + (f" ({repo.ref})" if repo.ref else "")
    try:
        _ignore_self(cache)
        commit = fetch(repo.git, repo.ref, cache / repo.naam)
    except FetchError as exc:
        return (
            None,
            shown,
            None,
            [Problem(where, "source-unavailable", f"repository '{repo.naam}': {exc}")],
        )
    return cache / repo.naam, shown, commit, []


def _ignore_self(cache: Path) -> None:
    """The cache folder, made when missing, with a `.gitignore` that ignores all of it. A
    symbolic link is never used as the cache (it could point anywhere, and come from a pull
    request as a committed link).

    Raises:
        FetchError: the cache is a symbolic link, or cannot be made.
    """
    from wijkcli.stad.fetch import FetchError

    if cache.is_symlink():
        raise FetchError(
            f"de git-cache {visible(str(cache))} is een symbolische link; wijk stad gebruikt "
            "hem niet (verwijder hem, of kies een andere --cache)"
        )
    try:
        cache.mkdir(parents=True, exist_ok=True)
        ignore = cache / ".gitignore"
        if not ignore.exists() and not ignore.is_symlink():
            ignore.write_text("# gemaakt door wijk stad: de opgehaalde repositories\n*\n", "utf-8")
    except OSError as exc:
        raise FetchError(
            f"de git-cache {visible(str(cache))} kan niet worden gemaakt: "
            f"{visible(exc.strerror or '')}"
        ) from None


def _totals(t: Totals) -> Totals:
    """Only the totals of a theme of the year report (not its list of projects)."""
    return {
        "geadviseerd": t["geadviseerd"],
        "toegekend": t["toegekend"],
        "besteed": t["besteed"],
        "terugbetaald": t["terugbetaald"],
        "terug": t["terug"],
        "projecten": t["projecten"],
        "gerealiseerd": t["gerealiseerd"],
        "open_besluit": t["open_besluit"],
    }


def _ronde_naam(dataset: Dataset, ronde: str) -> str:
    r = dataset.rondes.get(ronde)
    return r.info.naam if r is not None and r.ronde is not None else ronde


def _figures(
    dataset: Dataset, repo: str, datum: date, versie: str, alleen: list[int] | None
) -> list[GebiedCijfers]:
    """Every gebied of one checked dataset, with its figures per year of a wijkplan (of the
    years `alleen`, when given)."""
    from wijkcli.count.ledger import Ledger
    from wijkcli.documents.actiepunten import open_actiepunten
    from wijkcli.documents.jaarverslag import jaarverslag_context

    ledger = Ledger.of(dataset)
    out = []
    for gid in sorted(dataset.gebieden):
        g = dataset.gebied(gid)
        jaren: dict[int, JaarCijfers] = {}
        te_laat: list[TeLaat] = []
        for jaar in sorted(g.wijkplannen):
            if alleen is not None and jaar not in alleen:
                continue
            ctx = jaarverslag_context(dataset, gid, jaar, versie=versie)
            kb = ledger.kasboek(gid, jaar)
            jaren[jaar] = JaarCijfers(
                jaar=jaar,
                budget=ctx["budget"],
                rondebudgetten=kb.rondebudgetten,
                totaal=ctx["totaal"],
                uren=ctx["uren_totaal"],
                themas=[ThemaCijfers(t["id"], t["label"], _totals(t)) for t in ctx["themas"]],
                rondes=[{**r, "bestemming": []} for r in ctx["rondes"]],
            )
            for r, _result, items in ledger.afloop_jaar(gid, jaar, datum=datum):
                for a in items:
                    for t in a.te_laat:
                        assert t.uiterlijk is not None
                        wat = "verslag" if t is a.verslag else f"voorwaarde '{t.wat}'"
                        titel = f"{a.nummer} {a.titel}" if a.nummer else a.titel
                        te_laat.append(TeLaat(gid, jaar, r.info.naam, titel, wat, t.uiterlijk))
        punten = open_actiepunten(dataset, gid, datum)
        out.append(
            GebiedCijfers(
                id=gid,
                naam=g.info.naam,
                repository=repo,
                jaren=jaren,
                actiepunten_open=len(punten),
                actiepunten_over_tijd=[
                    Actiepunt(gid, _ronde_naam(dataset, p.ronde), p.wat, p.uiterlijk)
                    for p in punten
                    if p.over_tijd
                ],
                te_laat=sorted(te_laat, key=lambda t: (t.uiterlijk, t.ronde, t.aanvraag, t.wat)),
            )
        )
    return out


def lees_stad(
    stad_file: Path,
    *,
    datum: date,
    cache: Path | None = None,
    sla_fouten_over: bool = False,
    shown: str | None = None,
) -> Stad:
    """The city overview's subject: STAD.yaml read, every repository fetched (git) or found
    (a folder), checked, and its gebieden's figures taken from their own documents.

    `cache`: the git cache (default `.wijkcli-stad/` beside STAD.yaml). `datum`: the
    peildatum for overdue reports and action points.

    Raises:
        DataProblemsError: STAD.yaml has errors; or a repository cannot be read or has errors
            (all of them, each path with the repository's name), unless `sla_fouten_over`.
    """
    from wijkcli.pipeline import load_clean
    from wijkcli.read.git import data_version

    shown = shown if shown is not None else stad_file.as_posix()
    model, marks, problems = read_city_file(stad_file, shown)
    if model is None or marks is None:
        raise DataProblemsError(f"{visible(shown)} bevat fouten", problems)
    stad_dir = stad_file.parent
    cache = cache if cache is not None else stad_dir / CACHE_DIR
    bronnen: list[Bron] = []
    gebieden: list[GebiedCijfers] = []
    weggelaten: list[Weggelaten] = []
    meldingen: list[Problem] = list(problems)  # STAD.yaml's warnings
    fouten: list[Problem] = []
    owner: dict[str, str] = {}
    for i, repo in enumerate(model.repositories):
        where = marks.at(("repositories", i))
        root, adres, commit, found = _open_repository(repo, stad_dir, cache, where)
        figures: list[GebiedCijfers] = []
        versie = ""
        if root is not None:
            try:
                dataset, warnings = load_clean(root)
            except DataProblemsError as exc:
                found = _prefixed(repo.naam, exc.problems)
            except WijkcliError as exc:  # no data folder there
                found = [
                    Problem(
                        where,
                        "source-unavailable",
                        f"repository '{repo.naam}': {visible(str(exc))}",
                    )
                ]
            else:
                versie = commit[:12] if commit is not None else data_version(root)
                meldingen.extend(_prefixed(repo.naam, warnings))
                figures = _figures(dataset, repo.naam, datum, versie, model.jaren)
                del dataset
                for g in figures:
                    if g.id in owner:
                        found.append(
                            Problem(
                                marks.at(("repositories", i, "naam")),
                                "duplicate-id",
                                f"gebied '{g.id}' van repository '{repo.naam}' staat ook in "
                                f"repository '{owner[g.id]}'",
                            )
                        )
        if has_errors(found):
            fouten.extend(found)
            weggelaten.append(Weggelaten(repo.naam, sum(p.is_error for p in found)))
            continue
        for g in figures:
            owner[g.id] = repo.naam
        gebieden.extend(figures)
        assert root is not None
        bronnen.append(Bron(repo.naam, adres, versie, tuple(g.id for g in figures), root))
    if fouten and not sla_fouten_over:
        names = ", ".join(w.naam for w in weggelaten)
        raise DataProblemsError(
            f"niet elke repository is in orde ({names}); los de fouten eerst op (zie "
            "hieronder), of laat ze weg met --sla-fouten-over",
            sort_problems([*meldingen, *fouten]),
        )
    if model.jaren is not None:
        jaren = sorted(set(model.jaren))
    else:
        jaren = sorted({j for g in gebieden for j in g.jaren})
    return Stad(
        naam=model.stad,
        datum=datum,
        jaren=jaren,
        bronnen=bronnen,
        gebieden=gebieden,
        weggelaten=weggelaten,
        meldingen=sort_problems([*meldingen, *fouten]),
    )
