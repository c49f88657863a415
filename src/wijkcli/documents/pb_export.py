"""A round's votes as a pabulib `.pb` file, so researchers' tools can read BuurtBestuurt rounds.

Projects are the agenda items whose proposal grants money (toekennen/gedeeltelijk), with the
proposed amount as cost; each member who voted on one of them is a voter whose approval set is
the items they voted `voor`. `selected` marks what the advice funds. META says honestly how the
round decided: by majority vote per item, with the round's `toewijzing` only when the budget had
to be fitted. `rule` is a name from pabulib's list (pabulib-checker's RULES): the toewijzing's
rule when it was applied, else `greedy-custom` (majority per item is no approval rule), with the
numbered `#1: ...` comment saying what happened. Voters are numbered in the order of their
sorted ballots, so no member can be recognised. A secret ballot has no individual votes and
cannot be exported.
"""

from __future__ import annotations

from wijkcli.count.ledger import tally
from wijkcli.dataset import Meeting
from wijkcli.problems import WijkcliError

TOEWIJZING_META = {
    "steun-overslaan": "greedy",
    "steun-stoppen": "greedy-no-skip",
    "gelijke-delen": "equalshares/add1",
}
"""The round's `toewijzing` as a rule name of pabulib's list; `wijk pb verdeel` reads it back."""


def ronde_to_pb(meeting: Meeting) -> str:
    """The text of a .pb file for one gebied in one ronde.

    Raises:
        UnknownIdError: unknown ronde or gebied.
        WijkcliError: no minutes, or a secret ballot.
    """
    from wijkcli.allocate import Election, Project
    from wijkcli.allocate.money import to_units
    from wijkcli.allocate.pabulib import format_pb

    r, g, ronde_id, gebied = meeting.ronde, meeting.gebied, meeting.ronde_id, meeting.gebied_id
    ronde = r.info
    if ronde.stemming == "geheim":
        raise WijkcliError(
            f"{ronde_id} had een geheime stemming: er zijn geen stemmen per lid om te exporteren"
        )
    meeting.minutes()
    result = tally(meeting)
    items = [i for i in result.items if i.voorstel_bedrag > 0]
    if not items:
        raise WijkcliError(f"{ronde_id} heeft voor '{gebied}' geen voorstellen met een bedrag")
    voters = sorted(
        {v for i in items for v in (*(i.voor_ids or ()), *(i.tegen_ids or ()),
                                    *(i.onthouding_ids or ()))}
    )  # fmt: skip
    ballots = sorted(
        (frozenset(i.aanvraag_id for i in items if v in (i.voor_ids or ())) for v in voters),
        key=lambda b: sorted(b),
    )
    election = Election(
        projects=tuple(Project(i.aanvraag_id, to_units(i.voorstel_bedrag)) for i in items),
        budget=to_units(result.beschikbaar),
        ballots=tuple(ballots),
        unit=100,
    )
    names = {i.aanvraag_id: r.aanvragen[i.aanvraag_id].titel for i in items}
    rule = TOEWIJZING_META[result.toewijzing] if result.toewijzing else "greedy-custom"
    fitted = (
        f" Het budget was te klein: verdeeld met toewijzing {result.toewijzing}."
        if result.toewijzing
        else ""
    )
    day = ronde.vergadering.datum.strftime("%d.%m.%Y")
    meta = {
        "description": f"{ronde.naam}, {g.info.naam} (Amersfoort)",
        "country": "Netherlands",
        "unit": "Amersfoort",
        "district": g.info.naam,
        "instance": ronde_id,
        "date_begin": day,
        "date_end": day,
        "currency": "EUR",
        "language": "nl",
        "rule": rule,
        "comment": (
            "#1: Bewonersteam-leden stemden per aanvraag voor, tegen of blanco over het voorstel "
            "van de voorzitter; vote = de aanvragen waar het lid voor stemde. "
            f"#2: Aangenomen bij meerderheid ({ronde.regels.meerderheid}) per aanvraag; "
            f"selected = geadviseerd met een bedrag.{fitted} #3: Gemaakt met wijkcli."
        ),
    }
    selected = {i.aanvraag_id: 1 for i in result.items if i.bedrag > 0}
    return format_pb(election, meta=meta, names=names, selected=selected)
