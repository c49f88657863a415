"""What every export says about one meeting, worked out once from the Ledger's tally.

Only what is public (docs/opendata.md): member ids and names, never contact data; on a secret
ballot only the counts, never who voted what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from wijkcli.count.attendance import present_for
from wijkcli.count.ledger import tally
from wijkcli.count.tally import GebiedResult, ItemResult
from wijkcli.dataset import Meeting

TZ = ZoneInfo("Europe/Amsterdam")
REQUIREMENT = {
    "gewoon": "gewone meerderheid",
    "volstrekt": "volstrekte meerderheid",
    "twee-derde": "tweederdemeerderheid",
}
"""The round's `meerderheid` as the words an export says it in (Popolo `requirement`)."""
OPTIONS = ("yes", "no", "abstain")
"""Popolo's options for voor, tegen and onthouding."""


@dataclass(frozen=True)
class Item:
    """One agenda item as the exports publish it."""

    result: ItemResult
    nummer: str
    titel: str
    present: tuple[str, ...]
    """Voters present for the item (recused members included), sorted."""
    stem: dict[str, str]
    """Open ballot: {member: yes|no|abstain} for every vote cast (proxy votes under the giver);
    empty for a secret ballot."""
    volmacht: dict[str, str]
    """{giver: holder} of the proxy votes used on the item."""


@dataclass(frozen=True)
class Facts:
    meeting: Meeting
    tally: GebiedResult
    items: tuple[Item, ...]
    roll: tuple[str, ...]
    """Everyone with a vote under the round's rules, sorted."""
    members: tuple[tuple[str, str, str], ...]
    """(id, name, rol) of the Bewonersteam members and professionals, sorted by id."""
    secret: bool
    start: datetime | None
    end: datetime | None
    planned: datetime | None

    @property
    def slug(self) -> str:
        return f"{self.meeting.ronde_id}-{self.meeting.gebied_id}"


def _at(day: date, t: time | None) -> datetime | None:
    return None if t is None else datetime.combine(day, t, tzinfo=TZ)


def facts(meeting: Meeting) -> Facts:
    """The facts of a meeting with minutes (raises `NoMinutesError` without)."""
    v = meeting.minutes()
    result = tally(meeting)
    g = meeting.gebied
    regels = meeting.regels
    roll = tuple(g.voters(regels))
    voters = set(roll)
    secret = meeting.info.stemming == "geheim"
    items = []
    for item in result.items:
        aanvraag = meeting.ronde.aanvragen.get(item.aanvraag_id)
        stem: dict[str, str] = {}
        if not secret:
            for option, ids in zip(
                OPTIONS, (item.voor_ids, item.tegen_ids, item.onthouding_ids), strict=True
            ):
                stem.update((i, option) for i in ids or ())
        items.append(
            Item(
                result=item,
                nummer=(aanvraag.nummer if aanvraag is not None else None) or item.aanvraag_id,
                titel=aanvraag.titel if aanvraag is not None else item.aanvraag_id,
                present=tuple(sorted(present_for(v, item.aanvraag_id) & voters)),
                stem=dict(sorted(stem.items())),
                volmacht={giver: holder for holder, giver in item.namens},
            )
        )
    members = tuple(
        (lid.id, lid.naam, lid.rol)
        for lid in sorted(g.leden_by_id.values(), key=lambda x: x.id)
        if lid.rol in ("bewonersteam", "professional")
    )
    day = v.datum
    afspraak = meeting.info.vergadering
    planned = _at(day, afspraak.begin)
    start = _at(day, v.opening.tijd if v.opening is not None else afspraak.begin)
    end = _at(day, v.sluiting if v.sluiting is not None else afspraak.eind)
    return Facts(meeting, result, tuple(items), roll, members, secret, start, end, planned)


def amount(value: Decimal) -> str:
    """An amount as the exports write it in text: exact, two decimals (`text.json_amount`)."""
    from wijkcli.text import json_amount

    return json_amount(value)
