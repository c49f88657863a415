"""Check stage, gebied: the files of a gebied (gebied.yaml, leden.yaml, the wijkplannen); each
check's own codes explained above it."""

from __future__ import annotations

from collections.abc import Iterator

from wijkcli.checks.common import (
    duplicates,
    error,
    guarded,
    hours_owners,
    unknown,
    unknown_member,
    warning,
)
from wijkcli.checks.registry import check
from wijkcli.dataset import Dataset, GebiedData, Source
from wijkcli.model import Lid, Wijkplan
from wijkcli.problems import Location, Problem, Severity, register_code
from wijkcli.read.logo import MAX_SIDE, read_logo

register_code(
    "hours-not-professional",
    "Uren bij iemand die geen professional is",
    "Uren per jaar tellen alleen bij professionals; bij andere leden worden ze genegeerd.",
    fout="rol: bewonersteam\nuren: {2017: 10}",
    goed="rol: bewonersteam",
    severity=Severity.WARNING,
)

register_code(
    "bad-logo",
    "Het logo van het briefhoofd is niet te gebruiken",
    "Het logo in briefhoofd (gebied.yaml) komt boven de PDF-brief. Het pad geldt vanaf de "
    "map van het gebied en moet binnen de data-map blijven (geen absoluut pad, geen .. naar "
    "buiten, geen symbolische link); het bestand is een png, jpg of svg van hoogstens 1 MB. "
    "Een png of jpg is hoogstens 4000 × 4000 pixels. Een svg bevat alleen vormen, paden, "
    "tekst, kleurverlopen en een png of jpg die erin staat: geen filters, maskers, "
    "patronen, <use>, scripts, stijlbladen, links of verwijzingen naar andere bestanden. "
    "Sla het logo in Inkscape op als 'Gewoon SVG' en haal effecten weg, of maak er een png "
    "van.",
    fout="briefhoofd:\n  logo: ../../../logo.png",
    goed="briefhoofd:\n  logo: logo.png",
)


@check(
    "bad-logo",
    "duplicate-id",
    "hours-not-professional",
    "id-mismatch",
    "missing-field",
    "missing-file",
    "not-a-professional",
    "unknown-member",
    "unknown-wijk",
)
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
        yield from guarded(_check_gebied(dataset, gid, g))
        if g.leden_src is None:
            if "leden" not in g.seen:
                yield error(
                    Location(folder), "missing-file", f"gebied '{gid}' heeft geen leden.yaml"
                )
            continue
        yield from _check_leden(g)
        yield from guarded(_check_team(g))


def _check_gebied(dataset: Dataset, gid: str, g: GebiedData) -> Iterator[Problem]:
    assert g.gebied is not None and g.gebied_src is not None
    src = g.gebied_src
    yield from guarded(_id_matches(src, g.gebied.id, gid))
    wijk_ids = [(i, getattr(w, "id", None)) for i, w in enumerate(g.gebied.wijken)]
    for i, wid in duplicates(w for _, w in wijk_ids if w is not None):
        index = [j for j, w in wijk_ids if w is not None][i]
        yield error(
            src.at("wijken", index, "id"), "duplicate-id", f"wijk '{wid}' staat er twee keer"
        )
    hoofd = getattr(g.gebied, "briefhoofd", None)
    if hoofd is not None and getattr(hoofd, "logo", None) is not None:
        _, why = read_logo(dataset.root, gid, hoofd.logo)
        if why:
            yield error(
                src.at("briefhoofd", "logo"),
                "bad-logo",
                why,
                hint=f"een png of jpg (hoogstens {MAX_SIDE} × {MAX_SIDE} pixels) of een "
                "eenvoudige svg van hoogstens 1 MB in de map van het gebied",
            )


def _id_matches(src: Source, value: str, gid: str) -> Iterator[Problem]:
    if value != gid:
        yield error(
            src.at("id"),
            "id-mismatch",
            f"id '{value}' past niet bij de map '{gid}'",
            hint=f"maak het id '{gid}' of hernoem de map",
        )


def _check_team(g: GebiedData) -> Iterator[Problem]:
    assert g.gebied is not None and g.gebied_src is not None
    src = g.gebied_src
    team = g.gebied.bewonersteam
    for field in ("voorzitter", "secretaris"):
        value = getattr(team, field, None)
        if value is not None and value not in g.leden_by_id:
            yield from unknown_member(g, src.at("bewonersteam", field), value)
    netwerker = getattr(team, "buurtnetwerker", None)
    if netwerker is not None:
        where = src.at("bewonersteam", "buurtnetwerker")
        if netwerker not in g.leden_by_id:
            yield from unknown_member(g, where, netwerker, "professional")
        elif (rol := g.rol_of(netwerker)) not in ("professional", None):
            yield error(
                where, "not-a-professional", f"'{netwerker}' is geen professional (rol: {rol})"
            )


def _check_leden(g: GebiedData) -> Iterator[Problem]:
    assert g.gebied is not None and g.leden_src is not None
    src = g.leden_src
    ids = [(i, getattr(lid, "id", None)) for i, lid in enumerate(g.leden)]
    known = [(i, x) for i, x in ids if x is not None]
    for j, lid_id in duplicates(x for _, x in known):
        yield error(
            src.at("leden", known[j][0], "id"), "duplicate-id", f"lid '{lid_id}' staat er twee keer"
        )
    wijken = {w.id for w in getattr(g.gebied, "wijken", []) if getattr(w, "id", None)}
    wijken_known = "wijken" in g.gebied.__dict__ and len(wijken) == len(g.gebied.wijken)
    for i, lid in enumerate(g.leden):
        yield from guarded(_check_lid(src, i, lid, wijken, wijken_known))


def _check_lid(src: Source, i: int, lid: Lid, wijken: set[str], known: bool) -> Iterator[Problem]:
    wijk = getattr(lid, "wijk", "")
    if wijk and known and wijk not in wijken:
        yield unknown(src.at("leden", i, "wijk"), "unknown-wijk", "wijk", wijk, wijken)
    name = getattr(lid, "id", None) or f"nummer {i + 1}"
    if lid.rol in ("bewonersteam", "bewoner") and wijk is None:
        yield error(
            src.at("leden", i),
            "missing-field",
            f"bewoner '{name}' heeft geen wijk",
            hint="voeg 'wijk:' toe met een wijk van het gebied",
        )
    if lid.rol == "professional":
        if getattr(lid, "organisatie", "") is None:
            yield error(
                src.at("leden", i),
                "missing-field",
                f"professional '{name}' heeft geen organisatie",
            )
        if getattr(lid, "uren", True) == {}:
            yield error(
                src.at("leden", i),
                "missing-field",
                f"professional '{name}' heeft geen uren per jaar",
                hint="bijvoorbeeld: uren: {2017: 720}",
            )
    elif getattr(lid, "uren", None):
        yield warning(
            src.at("leden", i, "uren", key=True),
            "hours-not-professional",
            f"'{name}' is geen professional; uren tellen alleen bij professionals",
        )


register_code(
    "duplicate-priority",
    "Twee thema's met dezelfde prioriteit",
    "De uren van professionals gaan eerst naar het thema met de hoogste prioriteit (1). "
    "Hebben twee thema's dezelfde prioriteit, dan beslist de volgorde in het bestand wie ze "
    "krijgt als er te weinig zijn. Dat is een waarschuwing: geef elk thema een eigen nummer.",
    fout="- id: jeugd\n  prioriteit: 2\n- id: omzien\n  prioriteit: 2",
    goed="- id: jeugd\n  prioriteit: 2\n- id: omzien\n  prioriteit: 3",
    severity=Severity.WARNING,
)


@check(
    "date-order",
    "duplicate-id",
    "duplicate-priority",
    "id-mismatch",
    "not-a-professional",
    "unknown-professional",
)
def check_wijkplannen(dataset: Dataset) -> Iterator[Problem]:
    """Een wijkplan hoort bij zijn map; thema-ids zijn uniek, prioriteiten ook (anders beslist de
    volgorde in het bestand wie de uren krijgt); uren staan alleen bij professionals van het
    gebied."""
    for gid, g in dataset.gebieden.items():
        for jaar, plan in g.wijkplannen.items():
            yield from guarded(_check_wijkplan(g, gid, jaar, plan))


def _check_wijkplan(g: GebiedData, gid: str, jaar: int, plan: Wijkplan) -> Iterator[Problem]:
    src = g.wijkplan_src[jaar]
    if getattr(plan, "gebied", gid) != gid:
        yield error(
            src.at("gebied"),
            "id-mismatch",
            f"gebied '{plan.gebied}' past niet bij de map '{gid}'",
        )
    vastgesteld = getattr(plan, "vastgesteld", None)
    if vastgesteld is not None and vastgesteld.year > jaar:
        yield warning(
            src.at("vastgesteld"),
            "date-order",
            f"wijkplan {jaar} is pas in {vastgesteld.year} vastgesteld",
        )
    themas = list(enumerate(getattr(plan, "themas", [])))
    with_id = [(i, t.id) for i, t in themas if getattr(t, "id", None) is not None]
    for j, tid in duplicates(x for _, x in with_id):
        yield error(
            src.at("themas", with_id[j][0], "id"),
            "duplicate-id",
            f"thema '{tid}' staat er twee keer",
        )
    with_prio = [(i, t) for i, t in themas if getattr(t, "prioriteit", None) is not None]
    for j, prio in duplicates(str(t.prioriteit) for _, t in with_prio):
        i, thema = with_prio[j]
        first = next(t for _, t in with_prio if str(t.prioriteit) == prio)
        yield warning(
            src.at("themas", i, "prioriteit"),
            "duplicate-priority",
            f"thema '{getattr(thema, 'id', i + 1)}' heeft dezelfde prioriteit ({prio}) als "
            f"'{getattr(first, 'id', '?')}'; zijn er te weinig uren, dan beslist nu de volgorde "
            "in het bestand welk thema ze krijgt",
            hint="geef elk thema een eigen prioriteit",
        )
    for ti, thema in themas:
        for ai, actie in enumerate(getattr(thema, "acties", [])):
            path = ("themas", ti, "acties", ai, "uren")
            yield from guarded(hours_owners(src, path, actie, g))
    pool = getattr(plan, "pool", None)
    if pool is not None:
        yield from guarded(hours_owners(src, ("pool", "uren"), pool, g))
