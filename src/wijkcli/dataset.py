"""Dataset stage: everything under data/ once it is read, keyed by id, and its queries.

The bottom of the domain: the types every stage above works with (`Dataset`, `GebiedData`,
`RondeData`, `Source`) and `Meeting`, one gebied's part of one round, resolved once from the
ids a command was given (`Dataset.meeting`). Reading and validating the files into a dataset is
the job of `wijkcli.load`; counting it is `wijkcli.count`'s. Nothing here reads a file or counts
a vote.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from wijkcli.problems import Location, UnknownIdError, UsageMistake, WijkcliError
from wijkcli.read.yamlread import Marks

if TYPE_CHECKING:  # the models are imported where a file is validated or a vote counted
    from wijkcli.model import (
        Aanvraag,
        Gebied,
        Lid,
        Regels,
        Ronde,
        Vergadering,
        Verzonden,
        Voortgang,
        Wijkplan,
    )

_T = TypeVar("_T")


@dataclass
class Source:
    """One file that was read: its repo-relative path and the marks of its values."""

    path: str
    marks: Marks

    def at(self, *loc: str | int, key: bool = False) -> Location:
        return self.marks.at(loc, key=key)


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
        from wijkcli.model import has_vote

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
    verzonden: dict[str, Verzonden] = field(default_factory=dict)
    """Records of sent letters (verzonden-<gebied>.yaml) by gebied."""
    verzonden_src: dict[str, Source] = field(default_factory=dict)
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
    derived: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What the stages above computed from this dataset, made once per run and shared (the
    count: `count.ledger.Ledger.of`). The dataset itself never changes after loading."""

    def __deepcopy__(self, memo: dict[int, object]) -> Dataset:
        """A copy to change (tests do): without what was derived from this dataset, which the
        copy must work out again once it has been changed."""
        import copy

        new = Dataset(self.root)
        memo[id(self)] = new
        new.gebieden = copy.deepcopy(self.gebieden, memo)
        new.rondes = copy.deepcopy(self.rondes, memo)
        new.partial = set(self.partial)
        return new

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
            d.verzonden = {k: x for k, x in r.verzonden.items()
                           if not keep(r.verzonden_src[k].path)}  # fmt: skip
            d.verzonden_src = {k: r.verzonden_src[k] for k in d.verzonden}
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

    def meeting(self, ronde_id: str, gebied_id: str | None = None) -> Meeting:
        """One gebied's part of a round: `gebied_id`, or the round's only gebied.

        Raises:
            UnknownIdError: no such round or gebied.
            UsageMistake: the gebied does not take part in the round, or no gebied was given
                and the round has several ("kies er één met --gebied").
        """
        r = self.ronde(ronde_id)
        gebieden = sorted(r.info.budget)
        if gebied_id is None:
            if len(gebieden) != 1:
                raise UsageMistake(
                    f"{ronde_id} heeft meerdere gebieden ({', '.join(gebieden)}); kies er één "
                    "met --gebied"
                )
            gebied_id = gebieden[0]
        elif gebied_id not in gebieden:
            self.gebied(gebied_id)
            raise UsageMistake(
                f"gebied '{gebied_id}' doet niet mee in {ronde_id} (wel: {', '.join(gebieden)})"
            )
        return Meeting(self, r, self.gebied(gebied_id))

    def meeting_of(self, r: RondeData, gebied_id: str) -> Meeting:
        """The meeting of a round at hand and one of its gebieden (no lookup of the round, for
        code that walks every round: the checks, the ledger)."""
        return Meeting(self, r, self.gebieden[gebied_id])

    def meetings(self, ronde_id: str, gebied_id: str | None = None) -> list[Meeting]:
        """Every gebied's part of a round (sorted by gebied), or just `gebied_id`'s.

        Raises:
            UnknownIdError: no such round or gebied.
            UsageMistake: the gebied does not take part in the round.
        """
        if gebied_id is not None:
            return [self.meeting(ronde_id, gebied_id)]
        r = self.ronde(ronde_id)
        return [Meeting(self, r, self.gebied(g)) for g in sorted(r.info.budget)]

    def rondes_in_year(self, jaar: int, gebied_id: str) -> list[RondeData]:
        """The rounds of `jaar` with a budget for the gebied: the one order of the year,
        meeting date, then id (`count.ledger` chains them in it)."""
        found = [
            (r.ronde.vergadering.datum, rid, r)
            for rid, r in self.rondes.items()
            if r.ronde is not None and r.ronde.year == jaar and gebied_id in r.ronde.budget
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


class NoMinutesError(WijkcliError):
    """A document needs the minutes of a meeting that has none yet (the one wording)."""


@dataclass(frozen=True)
class Meeting:
    """One gebied's part of one round: the round, the gebied, its applications and its minutes
    (None until they are written). A command resolves it once from its ids
    (`Dataset.meeting`) and hands it down; nothing below looks the round up again."""

    dataset: Dataset = field(repr=False, compare=False)
    ronde: RondeData
    gebied: GebiedData

    @property
    def ronde_id(self) -> str:
        return self.ronde.id

    @property
    def gebied_id(self) -> str:
        return self.gebied.id

    @property
    def info(self) -> Ronde:
        """The round's ronde.yaml."""
        return self.ronde.info

    @property
    def regels(self) -> Regels:
        return self.ronde.info.regels

    @property
    def vergadering(self) -> Vergadering | None:
        """The minutes of this gebied in this round, or None while there are none."""
        return self.ronde.vergaderingen.get(self.gebied.id)

    @property
    def vergadering_src(self) -> Source | None:
        return self.ronde.vergadering_src.get(self.gebied.id)

    @property
    def verzonden(self) -> Verzonden | None:
        """The record of the sent letter (None while it was not sent)."""
        return self.ronde.verzonden.get(self.gebied.id)

    @property
    def minutes_path(self) -> str:
        """Where the minutes are (or will be), for messages."""
        return f"data/rondes/{self.ronde.id}/vergadering-{self.gebied.id}.yaml"

    @property
    def aanvragen(self) -> dict[str, Aanvraag]:
        """The applications of this gebied in this round, by file stem."""
        gid = self.gebied.id
        return {k: a for k, a in self.ronde.aanvragen.items() if a.gebied == gid}

    def minutes(self) -> Vergadering:
        """The minutes, for a document that cannot be made without them.

        Raises:
            NoMinutesError: the meeting has no minutes yet.
        """
        v = self.vergadering
        if v is None:
            raise NoMinutesError(
                f"er zijn nog geen notulen van {self.ronde.id} voor gebied "
                f"'{self.gebied.id}' (verwacht: {self.minutes_path}; begin ze met "
                f"'wijk nieuw vergadering {self.ronde.id} {self.gebied.id}')"
            )
        return v
