"""Count stage, hours: professionals' hours per year — available, claimed by the wijkplan, kept
in the pool, freed and advised per round — and the problems where a claim goes over.

Rules (docs/formaat.md section 9, rule 7):
- wijkplan actions plus the pool may not claim more of a professional's year than `uren` gives;
  the problem points at the claim that tips it over (themes in priority order, then the pool);
- per round, the hours advised to adopted applications may not exceed what the ronde's `uren`
  frees (error), and hours asked in the applications beyond that are flagged before the meeting
  (warning), each at the line that tips it over.
Hours for initiatives may come from the pool or from a wijkplan action the initiative carries
out (the maatjesproject of theme omzien is application A03), so round hours are checked against
what each round frees, not against the year's remainder.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from wijkcli.dataset import Dataset, GebiedData, RondeData, Source
from wijkcli.model import Lid, Wijkplan
from wijkcli.problems import Location, Problem, Severity

HOURS_CODES = frozenset({"hours-exceeded", "hours-no-year", "hours-asked-exceed"})
"""Problems about hours: `wijk uren` shows them in its table instead of refusing to run."""


@dataclass(frozen=True)
class RondeUren:
    ronde: str
    vrij: int
    """Hours the round frees for initiatives."""
    gevraagd: int
    """Asked in this gebied's applications."""
    geadviseerd: int
    """Advised to adopted applications (0 until the meeting)."""

    @property
    def over(self) -> int:
        return self.vrij - self.geadviseerd


@dataclass(frozen=True)
class ProfessionalUren:
    id: str
    naam: str
    organisatie: str
    functie: str
    beschikbaar: int
    """Hours for the gebied in the year."""
    acties: dict[str, int]
    """Hours claimed by wijkplan actions, per theme id."""
    pool: int
    rondes: tuple[RondeUren, ...] = ()

    @property
    def wijkplan(self) -> int:
        return sum(self.acties.values()) + self.pool

    @property
    def geadviseerd(self) -> int:
        return sum(r.geadviseerd for r in self.rondes)

    @property
    def vrij(self) -> int:
        """Not claimed by the wijkplan (negative means over-claimed)."""
        return self.beschikbaar - self.wijkplan

    @property
    def pool_over(self) -> int:
        """Pool hours not yet advised in a round (negative: rounds drew on action hours)."""
        return self.pool - self.geadviseerd


@dataclass(frozen=True)
class HoursReport:
    gebied: str
    jaar: int
    themas: tuple[tuple[str, str], ...]
    """(id, titel) of the wijkplan themes in priority order."""
    professionals: tuple[ProfessionalUren, ...]
    organisaties: dict[str, dict[str, int]] = field(default_factory=dict)
    """Per organisation: beschikbaar, wijkplan, geadviseerd, vrij."""


def _ordered_themes(plan: Wijkplan) -> list[tuple[int, int]]:
    """(theme index, priority) sorted by priority then file order."""
    return sorted(((i, t.prioriteit) for i, t in enumerate(plan.themas)), key=lambda x: x[1])


def hours_report(dataset: Dataset, gebied: str, jaar: int) -> HoursReport:
    """Hours of every professional of a gebied in a year.

    Raises:
        UnknownIdError: unknown gebied.
    """
    from wijkcli.count.ledger import Ledger

    ledger = Ledger.of(dataset)
    g = dataset.gebied(gebied)
    plan = g.wijkplannen.get(jaar)
    rondes = ledger.year_rounds(jaar, gebied)
    advised = {r.id: ledger.tally(dataset.meeting_of(r, gebied)).uren for r in rondes}
    profs = []
    for lid in sorted(g.leden, key=lambda x: x.id):
        if lid.rol != "professional":
            continue
        acties: dict[str, int] = {}
        pool = 0
        if plan is not None:
            for ti, _ in _ordered_themes(plan):
                t = plan.themas[ti]
                n = sum(a.uren.get(lid.id, 0) for a in t.acties)
                if n:
                    acties[t.id] = n
            if plan.pool is not None:
                pool = plan.pool.uren.get(lid.id, 0)
        ronde_uren = []
        for r in rondes:
            asked = sum(a.uren.get(lid.id, 0) for a in r.aanvragen.values() if a.gebied == gebied)
            ronde_uren.append(
                RondeUren(r.id, r.info.uren.get(lid.id, 0), asked, advised[r.id].get(lid.id, 0))
            )
        profs.append(
            ProfessionalUren(
                id=lid.id,
                naam=lid.naam,
                organisatie=lid.organisatie or "",
                functie=lid.functie or "",
                beschikbaar=lid.uren.get(jaar, 0),
                acties=acties,
                pool=pool,
                rondes=tuple(ronde_uren),
            )
        )
    orgs: dict[str, dict[str, int]] = {}
    for p in profs:
        o = orgs.setdefault(
            p.organisatie, {"beschikbaar": 0, "wijkplan": 0, "geadviseerd": 0, "vrij": 0}
        )
        o["beschikbaar"] += p.beschikbaar
        o["wijkplan"] += p.wijkplan
        o["geadviseerd"] += p.geadviseerd
        o["vrij"] += p.vrij
    themas: tuple[tuple[str, str], ...] = ()
    if plan is not None:
        themas = tuple((plan.themas[i].id, plan.themas[i].titel) for i, _ in _ordered_themes(plan))
    return HoursReport(gebied, jaar, themas, tuple(profs), dict(sorted(orgs.items())))


def hours_problems(dataset: Dataset) -> list[Problem]:
    """Every hours overrun in the dataset (wijkplannen and rounds)."""
    problems: list[Problem] = []
    for g in dataset.gebieden.values():
        for jaar, plan in g.wijkplannen.items():
            problems.extend(_wijkplan_overruns(g, jaar, plan, g.wijkplan_src[jaar]))
    for r in dataset.rondes.values():
        if r.ronde is not None:
            problems.extend(_ronde_overruns(dataset, r))
    return problems


def _wijkplan_overruns(g: GebiedData, jaar: int, plan: Wijkplan, src: Source) -> Iterator[Problem]:
    leden = g.leden_by_id
    used: dict[str, int] = {}
    claims: list[tuple[tuple[str | int, ...], str, int]] = []
    for ti, _ in _ordered_themes(plan):
        for ai, actie in enumerate(plan.themas[ti].acties):
            for prof, n in actie.uren.items():
                claims.append((("themas", ti, "acties", ai, "uren", prof), prof, n))
    if plan.pool is not None:
        for prof, n in plan.pool.uren.items():
            claims.append((("pool", "uren", prof), prof, n))
    reported: set[str] = set()
    for path, prof, n in claims:
        lid = leden.get(prof)
        if lid is None or lid.rol != "professional" or prof in reported:
            continue
        have = lid.uren.get(jaar)
        if have is None:
            reported.add(prof)
            yield Problem(
                src.at(*path),
                "hours-no-year",
                f"'{prof}' heeft geen uren voor {jaar} in leden.yaml",
                Severity.ERROR,
                hint=f"voeg bij '{prof}' toe: uren: {{{jaar}: ...}}",
            )
            continue
        used[prof] = used.get(prof, 0) + n
        if used[prof] > have:
            reported.add(prof)
            yield Problem(
                src.at(*path),
                "hours-exceeded",
                f"met deze {n} uur claimt het wijkplan {used[prof]} uur van {_name(lid)}, "
                f"die in {jaar} {have} uur heeft",
                Severity.ERROR,
            )


def _label(r: RondeData, aid: str) -> str:
    """An application as the letter names it: its agenda number, else its id."""
    a = r.aanvragen.get(aid)
    return a.nummer if a is not None and a.nummer else aid


def _name(lid: Lid) -> str:
    return f"{lid.naam} ({lid.id})"


def _ronde_overruns(dataset: Dataset, r: RondeData) -> Iterator[Problem]:
    from wijkcli.count.ledger import Ledger

    ronde = r.info
    for gid in sorted(ronde.budget):
        g = dataset.gebieden[gid]
        leden = g.leden_by_id
        v = r.vergaderingen.get(gid)
        src = r.vergadering_src.get(gid)
        result = (
            Ledger.of(dataset).tally(dataset.meeting_of(r, gid))
            if v is not None and src is not None
            else None
        )
        advised: dict[str, int] = {}
        for item in result.items if result is not None else []:
            for prof, n in item.uren.items():
                advised[prof] = advised.get(prof, 0) + n
        # Asked in the applications (warning, before the meeting). It settles once the meeting
        # dealt with it: the minutes have a finished decision on every application that asks
        # this professional's hours, and the advised hours fit in what the round frees.
        asking: dict[str, list[str]] = {}
        for aid in sorted(r.aanvragen):
            a = r.aanvragen[aid]
            if a.gebied == gid:
                for prof in a.uren:
                    asking.setdefault(prof, []).append(aid)
        decided = {
            prof: v is not None
            and all(aid in v.besluiten and not v.besluiten[aid].unfinished for aid in aids)
            and advised.get(prof, 0) <= ronde.uren.get(prof, 0)
            for prof, aids in asking.items()
        }
        asked: dict[str, int] = {}
        flagged: set[str] = set()
        for aid in sorted(r.aanvragen):
            a = r.aanvragen[aid]
            if a.gebied != gid:
                continue
            for prof, n in a.uren.items():
                if prof not in leden:
                    continue
                asked[prof] = asked.get(prof, 0) + n
                free = ronde.uren.get(prof, 0)
                if asked[prof] > free and prof not in flagged:
                    flagged.add(prof)
                    if decided[prof]:
                        continue
                    yield Problem(
                        r.aanvraag_src[aid].at("uren", prof),
                        "hours-asked-exceed",
                        f"met deze {n} uur staan er in de aanvragen {asked[prof]} uur van "
                        f"{_name(leden[prof])}; de ronde maakt {free} uur vrij",
                        Severity.WARNING,
                        hint="het voorstel van de voorzitter geeft samen niet meer dan "
                        f"{free} uur; de waarschuwing verdwijnt als de notulen over elke "
                        "aanvraag die deze uren vraagt een besluit hebben en de geadviseerde "
                        "uren passen",
                    )
        # Advised to adopted applications (error).
        if v is None or src is None or result is None:
            continue
        given: dict[str, int] = {}
        over: set[str] = set()
        for item in result.items:
            for prof, n in item.uren.items():
                given[prof] = given.get(prof, 0) + n
                free = ronde.uren.get(prof, 0)
                if given[prof] > free and prof in leden and prof not in over:
                    over.add(prof)
                    b = v.besluiten[item.aanvraag_id]
                    where = (
                        src.at("besluiten", item.aanvraag_id, "uren", prof)
                        if prof in b.uren
                        else r.aanvraag_src[item.aanvraag_id].at("uren", prof)
                        if item.aanvraag_id in r.aanvraag_src
                        else Location(src.path)
                    )
                    shares = [
                        (_label(r, other.aanvraag_id), other.uren[prof])
                        for other in result.items
                        if other.uren.get(prof)
                    ]
                    total = sum(n for _, n in shares)
                    listed = ", ".join(f"{label} {n} uur" for label, n in shares)
                    yield Problem(
                        where,
                        "hours-exceeded",
                        f"de aangenomen adviezen geven {_name(leden[prof])} {total} uur "
                        f"({listed}); {r.id} maakt {free} uur vrij, {total - free} uur te veel",
                        Severity.ERROR,
                        hint="pas de uren in het voorstel aan of maak in ronde.yaml meer uren vrij",
                    )
