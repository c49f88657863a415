"""Count stage, the ledger: every count of one dataset, each made once, with time in it.

A gebied's rounds of one year stand in one order: meeting date, then id (`year_rounds`). Each
round has exactly what the gebied has *as of its meeting* (docs/formaat.md, "Het kasboek"):

- its own budget, plus `doorgeschoven` (a round that is not in data/);
- what the round before it in that order left over (which already holds everything that came
  before it: carry-over chains through the year, so no euro is counted twice);
- the money that came back from grants of earlier rounds of the year (`Terugvloeiing`: what
  Indebuurt033 did not grant, dated at its decision; what an applicant paid back, dated when it
  was paid back), each counted for the first later round whose meeting is on or after its date.
  Money back dated after the last round of the year goes back to the fund: the year report
  shows it, no round of this year has it, and next year's budget is the next wijkplan's.

So a record dated after a meeting never changes what that meeting had or advised: a letter once
sent stays the same. `Ledger.of(dataset)` gives the one ledger of a dataset (made on first ask
and kept with it), so `wijk check` and the documents of one run share every tally.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wijkcli.count.tally import Beschikbaar, GebiedResult, RondeResult, tally_meeting
from wijkcli.count.voortgang import Afloop, Terugvloeiing, adopted, afloop_meeting, terugvloeiingen
from wijkcli.dataset import Dataset, Meeting, RondeData

ZERO = Decimal(0)


@dataclass(frozen=True)
class Stroom(Terugvloeiing):
    """A `Terugvloeiing` with the round that receives it (None: back to the fund)."""

    naar: str | None = None


class Ledger:
    """Every count of one unchanged dataset, made on first ask and kept."""

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self._tallies: dict[tuple[str, str], GebiedResult] = {}
        self._flows: dict[tuple[str, int], list[Stroom]] = {}

    @classmethod
    def of(cls, dataset: Dataset) -> Ledger:
        """The ledger of `dataset` (one per dataset, shared by everything in the run)."""
        found = dataset.derived.get("ledger")
        if not isinstance(found, Ledger):
            found = dataset.derived["ledger"] = cls(dataset)
        return found

    # --- the order of the year -------------------------------------------------------------

    def year_rounds(self, jaar: int, gebied: str) -> list[RondeData]:
        """The rounds of `jaar` with a budget for the gebied: meeting date, then id."""
        return self.dataset.rondes_in_year(jaar, gebied)

    # --- money ------------------------------------------------------------------------------

    def _year(self, gebied: str, jaar: int) -> None:
        """Count every round of the gebied's year in order: each round's flows go only to
        later rounds, so one pass gives every round what it has as of its meeting."""
        key = (gebied, jaar)
        if key in self._flows:
            return
        g = self.dataset.gebied(gebied)
        rounds = self.year_rounds(jaar, gebied)
        flows: list[Stroom] = []
        over: Decimal | None = None
        for k, r in enumerate(rounds):
            info = r.info
            carried = info.doorgeschoven.get(gebied, ZERO) + (over or ZERO)
            back = sum((f.bedrag for f in flows if f.naar == r.id), ZERO)
            m = Meeting(self.dataset, r, g)
            result = tally_meeting(m, Beschikbaar(info.budget.get(gebied, ZERO), carried, back))
            self._tallies[r.id, gebied] = result
            over = result.over
            for item in result.items:
                if not adopted(item):
                    continue
                v = r.voortgang.get(item.aanvraag_id)
                src = r.voortgang_src.get(item.aanvraag_id)
                for f in terugvloeiingen(r.id, item, v, src):
                    naar = next(
                        (x.id for x in rounds[k + 1 :] if x.info.vergadering.datum >= f.datum),
                        None,
                    )
                    flows.append(Stroom(**{**f.__dict__, "naar": naar}))
        flows.sort(key=lambda f: (f.datum, f.ronde, f.aanvraag, f.soort))
        self._flows[key] = flows

    def beschikbaar(self, meeting: Meeting) -> Beschikbaar:
        """What the gebied has in this round before anything is advised."""
        result = self.tally(meeting)
        return Beschikbaar(result.budget, result.doorgeschoven, result.teruggevloeid)

    def tally(self, meeting: Meeting) -> GebiedResult:
        """The count of one meeting (the whole year of its gebied is counted once)."""
        key = (meeting.ronde_id, meeting.gebied_id)
        if key not in self._tallies:
            self._year(meeting.gebied_id, meeting.info.year)
        return self._tallies[key]

    def tally_ronde(self, ronde_id: str, gebied: str | None = None) -> RondeResult:
        """Every gebied of a round (or one).

        Raises:
            UnknownIdError: unknown ronde or gebied (UsageMistake: one not in the ronde).
        """
        meetings = self.dataset.meetings(ronde_id, gebied)
        return RondeResult(ronde_id, tuple(self.tally(m) for m in meetings))

    def flows(self, gebied: str, jaar: int) -> list[Stroom]:
        """Every movement of money back to the gebied's budget from grants of `jaar`, each
        with the round that receives it (None: back to the fund), in date order."""
        self._year(gebied, jaar)
        return self._flows[gebied, jaar]

    # --- after the decision ------------------------------------------------------------------

    def afloop(self, meeting: Meeting, *, datum: date | None = None) -> list[Afloop]:
        """Every adopted application of the meeting after the decision (deadlines judged on
        `datum`)."""
        return afloop_meeting(meeting, self.tally(meeting), datum=datum)

    def afloop_jaar(
        self, gebied: str, jaar: int, *, datum: date | None = None
    ) -> list[tuple[RondeData, GebiedResult, list[Afloop]]]:
        """Per decided round of `jaar` for the gebied (in the year's order): its tally and the
        adopted applications after the decision."""
        g = self.dataset.gebied(gebied)
        out = []
        for r in self.year_rounds(jaar, gebied):
            if gebied not in r.vergaderingen:
                continue
            m = Meeting(self.dataset, r, g)
            out.append((r, self.tally(m), self.afloop(m, datum=datum)))
        return out


def tally(meeting: Meeting) -> GebiedResult:
    """The count of one meeting, from the ledger of its dataset."""
    return Ledger.of(meeting.dataset).tally(meeting)
