"""Checks on the files of a gebied: gebied.yaml, leden.yaml and the wijkplannen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from wijkcli.checks.common import duplicates, error, hours_owners, unknown, warning
from wijkcli.load import Dataset, GebiedData
from wijkcli.problems import Location, Problem

LOGO_TYPES = {".png": b"\x89PNG\r\n\x1a\n", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff"}
LOGO_MAX_BYTES = 1_000_000


def resolve_logo(data_dir: Path, gid: str, logo: str) -> tuple[Path | None, str]:
    """The logo file of a gebied's letterhead, or why it cannot be used (Dutch).

    The path is relative to the gebied's folder and must stay inside the data folder: no
    absolute path, no `..` out of it, no symlink pointing elsewhere; png, jpg or svg, at most
    1 MB, and the bytes must match the type.
    """
    pure = PurePosixPath(logo.replace("\\", "/"))
    if pure.is_absolute() or logo.startswith(("/", "\\")) or ":" in logo:
        return None, f"'{logo}' is een absoluut pad; schrijf het pad vanaf de map van het gebied"
    suffix = pure.suffix.lower()
    if suffix not in (*LOGO_TYPES, ".svg"):
        return None, f"'{logo}' is geen png, jpg of svg"
    base = data_dir.resolve()
    target = (data_dir / "gebieden" / gid / Path(*pure.parts)).resolve()
    if not target.is_relative_to(base):
        return None, f"'{logo}' ligt buiten de data-map; zet het logo in de map van het gebied"
    if not target.is_file():
        return None, f"het logo '{logo}' bestaat niet"
    size = target.stat().st_size
    if size > LOGO_MAX_BYTES:
        return None, f"het logo '{logo}' is {size // 1000} kB; hoogstens 1000 kB"
    head = target.read_bytes()[:512]
    magic = LOGO_TYPES.get(suffix)
    if (magic is not None and not head.startswith(magic)) or (
        magic is None and b"<svg" not in head.lower()
    ):
        return None, f"'{logo}' is geen echt {suffix[1:]}-bestand"
    return target, ""


def check_gebieden(dataset: Dataset) -> Iterator[Problem]:
    """Elk gebied heeft een gebied.yaml en leden.yaml; ids passen bij de mapnaam, zijn uniek en
    verwijzen naar wat bestaat (wijk van een lid, voorzitter en secretaris); professionals hebben
    een organisatie en uren per jaar."""
    for gid, g in dataset.gebieden.items():
        folder = f"{dataset.root.name}/gebieden/{gid}"
        if g.gebied is None or g.gebied_src is None:
            if "gebied" not in g.seen:
                yield error(
                    Location(folder),
                    "missing-file",
                    f"gebied '{gid}' heeft geen gebied.yaml",
                )
            continue
        src = g.gebied_src
        if g.gebied.id != gid:
            yield error(
                src.at("id"),
                "id-mismatch",
                f"id '{g.gebied.id}' past niet bij de map '{gid}'",
                hint=f"maak het id '{gid}' of hernoem de map",
            )
        for i, wid in duplicates(w.id for w in g.gebied.wijken):
            yield error(
                src.at("wijken", i, "id"), "duplicate-id", f"wijk '{wid}' staat er twee keer"
            )
        if g.leden_src is None:
            if "leden" not in g.seen:
                yield error(
                    Location(folder), "missing-file", f"gebied '{gid}' heeft geen leden.yaml"
                )
            continue
        hoofd = g.gebied.briefhoofd
        if hoofd is not None and hoofd.logo is not None:
            _, why = resolve_logo(dataset.root, gid, hoofd.logo)
            if why:
                yield error(
                    src.at("briefhoofd", "logo"),
                    "bad-logo",
                    why,
                    hint="een png, jpg of svg van hoogstens 1 MB in de map van het gebied",
                )
        yield from _check_leden(g)
        leden = g.leden_by_id
        team = g.gebied.bewonersteam
        for field in ("voorzitter", "secretaris"):
            value = getattr(team, field)
            if value is not None and value not in leden:
                yield unknown(src.at("bewonersteam", field), "unknown-member", "lid", value, leden)
        if team.buurtnetwerker is not None:
            lid = leden.get(team.buurtnetwerker)
            if lid is None:
                yield unknown(
                    src.at("bewonersteam", "buurtnetwerker"),
                    "unknown-member",
                    "professional",
                    team.buurtnetwerker,
                    leden,
                )
            elif lid.rol != "professional":
                yield error(
                    src.at("bewonersteam", "buurtnetwerker"),
                    "not-a-professional",
                    f"'{lid.id}' is geen professional (rol: {lid.rol})",
                )


def _check_leden(g: GebiedData) -> Iterator[Problem]:
    assert g.gebied is not None and g.leden_src is not None
    src = g.leden_src
    wijken = {w.id for w in g.gebied.wijken}
    for i, lid_id in duplicates(lid.id for lid in g.leden):
        yield error(src.at("leden", i, "id"), "duplicate-id", f"lid '{lid_id}' staat er twee keer")
    for i, lid in enumerate(g.leden):
        if lid.wijk is not None and lid.wijk not in wijken:
            yield unknown(src.at("leden", i, "wijk"), "unknown-wijk", "wijk", lid.wijk, wijken)
        if lid.rol in ("bewonersteam", "bewoner") and lid.wijk is None:
            yield error(
                src.at("leden", i),
                "missing-field",
                f"bewoner '{lid.id}' heeft geen wijk",
                hint="voeg 'wijk:' toe met een wijk van het gebied",
            )
        if lid.rol == "professional":
            if lid.organisatie is None:
                yield error(
                    src.at("leden", i),
                    "missing-field",
                    f"professional '{lid.id}' heeft geen organisatie",
                )
            if not lid.uren:
                yield error(
                    src.at("leden", i),
                    "missing-field",
                    f"professional '{lid.id}' heeft geen uren per jaar",
                    hint="bijvoorbeeld: uren: {2017: 720}",
                )
        elif lid.uren:
            yield warning(
                src.at("leden", i, "uren", key=True),
                "hours-not-professional",
                f"'{lid.id}' is geen professional; uren tellen alleen bij professionals",
            )


def check_wijkplannen(dataset: Dataset) -> Iterator[Problem]:
    """Een wijkplan hoort bij zijn map; thema-ids zijn uniek, prioriteiten ook (anders beslist de
    volgorde in het bestand wie de uren krijgt); uren staan alleen bij professionals van het
    gebied."""
    for gid, g in dataset.gebieden.items():
        professionals = {lid.id for lid in g.leden if lid.rol == "professional"}
        leden = g.leden_by_id
        for jaar, plan in g.wijkplannen.items():
            src = g.wijkplan_src[jaar]
            if plan.gebied != gid:
                yield error(
                    src.at("gebied"),
                    "id-mismatch",
                    f"gebied '{plan.gebied}' past niet bij de map '{gid}'",
                )
            if plan.vastgesteld is not None and plan.vastgesteld.year > jaar:
                yield warning(
                    src.at("vastgesteld"),
                    "date-order",
                    f"wijkplan {jaar} is pas in {plan.vastgesteld.year} vastgesteld",
                )
            for i, tid in duplicates(t.id for t in plan.themas):
                yield error(
                    src.at("themas", i, "id"), "duplicate-id", f"thema '{tid}' staat er twee keer"
                )
            for i, prio in duplicates(str(t.prioriteit) for t in plan.themas):
                first = next(t for t in plan.themas if str(t.prioriteit) == prio)
                yield warning(
                    src.at("themas", i, "prioriteit"),
                    "duplicate-priority",
                    f"thema '{plan.themas[i].id}' heeft dezelfde prioriteit ({prio}) als "
                    f"'{first.id}'; zijn er te weinig uren, dan beslist nu de volgorde in het "
                    "bestand welk thema ze krijgt",
                    hint="geef elk thema een eigen prioriteit",
                )
            for ti, thema in enumerate(plan.themas):
                for ai, actie in enumerate(thema.acties):
                    path = ("themas", ti, "acties", ai, "uren")
                    yield from hours_owners(src, path, actie.uren, professionals, leden)
            if plan.pool is not None:
                yield from hours_owners(src, ("pool", "uren"), plan.pool.uren, professionals, leden)
