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
from wijkcli.count.voortgang import (
    Afloop,
    Terugvloeiing,
    adopted,
    afloop_meeting,
    closing_date,
    terugvloeiingen,
)
from wijkcli.dataset import Dataset, Meeting, RondeData
from wijkcli.model import Adviesregel, Stand, Terug

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

    # --- the figures of a letter -------------------------------------------------------------

    def stand(self, meeting: Meeting) -> Stand:
        """The figures of the meeting's letter as the data gives them now, in the form of the
        record of a sent letter (`verzonden-<gebied>.yaml`), to compare or to write."""
        result = self.tally(meeting)
        terug = [
            Terug(datum=f.datum, bedrag=f.bedrag, soort=f.soort, ronde=f.ronde, aanvraag=f.aanvraag)
            for f in self.flows(meeting.gebied_id, meeting.info.year)
            if f.naar == meeting.ronde_id
        ]
        aanvragen = {
            i.aanvraag_id: Adviesregel(advies=i.advies, bedrag=i.bedrag, uren=dict(i.uren))
            for i in result.items
        }
        for n in result.niet_behandeld:
            aanvragen[n.aanvraag_id] = Adviesregel(advies="niet-behandeld", bedrag=ZERO, uren={})
        return Stand(
            budget=result.budget,
            doorgeschoven=result.doorgeschoven,
            terug=terug,
            beschikbaar=result.beschikbaar,
            geadviseerd=result.geadviseerd,
            aanvragen=aanvragen,
        )

    # --- the year ledger ---------------------------------------------------------------------

    def kasboek(self, gebied: str, jaar: int, *, op: date | None = None) -> Kasboek:
        """The money of the gebied in `jaar` as of `op` (None: everything recorded): what each
        round had and advised, what became of each grant, and where every euro is.

        Raises:
            UnknownIdError: unknown gebied.
        """
        g = self.dataset.gebied(gebied)
        plan = g.wijkplannen.get(jaar)
        flows = self.flows(gebied, jaar)

        def known(d: date) -> bool:
            return op is None or d <= op

        rondes = []
        grants = []
        for r in self.year_rounds(jaar, gebied):
            result = self.tally(Meeting(self.dataset, r, g))
            info = r.info
            vergaderd = known(info.vergadering.datum)
            rondes.append(
                Rondestand(
                    ronde=r.id,
                    naam=info.naam,
                    datum=info.vergadering.datum,
                    budget=result.budget,
                    handmatig=info.doorgeschoven.get(gebied, ZERO),
                    doorgeschoven=result.doorgeschoven,
                    terug=tuple(f for f in flows if f.naar == r.id),
                    beschikbaar=result.beschikbaar,
                    geadviseerd=result.geadviseerd,
                    over=result.over,
                    vergaderd=vergaderd,
                )
            )
            if not vergaderd:
                continue
            for item in result.items:
                if not adopted(item) or item.bedrag == 0:
                    continue
                v = r.voortgang.get(item.aanvraag_id)
                decided = v is not None and known(v.besluit.datum)
                if v is None or not decided:
                    grants.append(
                        Toekenningstand(r.id, item.aanvraag_id, r.aanvragen[item.aanvraag_id].titel,
                                        item.bedrag, None, ZERO, ZERO, ZERO, ZERO)
                    )  # fmt: skip
                    continue
                paid = {"voorschot": ZERO, "eindbetaling": ZERO}
                for b in v.betalingen:
                    if known(b.datum):
                        paid[b.soort] += b.bedrag
                if not v.betalingen:  # no payments recorded: paid in full with the decision
                    paid["eindbetaling"] = v.besluit.bedrag
                closed = closing_date(v)
                vervallen = (
                    v.besluit.bedrag - sum((b.bedrag for b in v.betalingen), ZERO)
                    if v.betalingen and closed is not None and known(closed)
                    else ZERO
                )
                fallback = v.status[-1].datum if v.status else v.besluit.datum
                spent_on = v.gedeclareerd or fallback
                returned_on = v.terugbetaald_op or fallback
                grants.append(
                    Toekenningstand(
                        ronde=r.id,
                        aanvraag=item.aanvraag_id,
                        titel=r.aanvragen[item.aanvraag_id].titel,
                        geadviseerd=item.bedrag,
                        toegekend=v.besluit.bedrag,
                        voorschot=paid["voorschot"],
                        eindbetaling=paid["eindbetaling"],
                        besteed=v.besteed if known(spent_on) else ZERO,
                        terugbetaald=v.terugbetaald if known(returned_on) else ZERO,
                        vervallen=vervallen,
                    )
                )
        return Kasboek(
            gebied=gebied,
            jaar=jaar,
            op=op,
            wijkplan=plan.budget if plan is not None else None,
            rondes=tuple(rondes),
            toekenningen=tuple(grants),
            naar_fonds=tuple(f for f in flows if f.naar is None and known(f.datum)),
        )


def tally(meeting: Meeting) -> GebiedResult:
    """The count of one meeting, from the ledger of its dataset."""
    return Ledger.of(meeting.dataset).tally(meeting)


# --- the year ledger (`wijk kasboek`) ---------------------------------------------------------


@dataclass(frozen=True)
class Rondestand:
    """One round in the year ledger."""

    ronde: str
    naam: str
    datum: date
    budget: Decimal
    handmatig: Decimal
    """`doorgeschoven` from ronde.yaml (a round that is not in data/)."""
    doorgeschoven: Decimal
    """Left by the round before it (plus `handmatig`)."""
    terug: tuple[Stroom, ...]
    """The money back it received, each with its date and source."""
    beschikbaar: Decimal
    geadviseerd: Decimal
    over: Decimal
    vergaderd: bool
    """Whether the meeting took place on the ledger's date (and has minutes)."""


@dataclass(frozen=True)
class Toekenningstand:
    """One grant (an adopted application) in the year ledger, as of the ledger's date."""

    ronde: str
    aanvraag: str
    titel: str
    geadviseerd: Decimal
    toegekend: Decimal | None
    """Indebuurt033's decision; None while it is not recorded (or dated later)."""
    voorschot: Decimal
    eindbetaling: Decimal
    """Payments after the advance; without any payment recorded, the whole grant counts as
    paid on the date of the decision."""
    besteed: Decimal
    terugbetaald: Decimal
    vervallen: Decimal = ZERO
    """Never paid when the project closed: back to the budget (with payments recorded)."""

    @property
    def betaald(self) -> Decimal:
        return self.voorschot + self.eindbetaling

    @property
    def nog_te_betalen(self) -> Decimal:
        """Granted but not paid yet (granted = paid + outstanding + vervallen)."""
        return (self.toegekend or ZERO) - self.betaald - self.vervallen

    @property
    def bij_aanvrager(self) -> Decimal:
        """Paid but neither spent nor paid back yet (paid = spent + returned + held)."""
        return self.betaald - self.besteed - self.terugbetaald


@dataclass(frozen=True)
class Kasboek:
    """The money of one gebied in one year, as of a date (None: everything recorded)."""

    gebied: str
    jaar: int
    op: date | None
    wijkplan: Decimal | None
    """The year's budget in the wijkplan (None without a wijkplan)."""
    rondes: tuple[Rondestand, ...]
    toekenningen: tuple[Toekenningstand, ...]
    naar_fonds: tuple[Stroom, ...]
    """Money back dated after the last round of the year: back to Indebuurt033's fund."""

    @property
    def rondebudgetten(self) -> Decimal:
        """Everything the year's rounds were given: budgets plus `doorgeschoven` from rounds
        that are not in data/ (the money the ledger accounts for)."""
        return sum((r.budget + r.handmatig for r in self.rondes), ZERO)

    @property
    def balans(self) -> tuple[tuple[str, Decimal], ...]:
        """Where every euro of `rondebudgetten` is on the ledger's date, each in exactly one
        place; the amounts add up to `rondebudgetten` (a test proves it for any year)."""
        later = [r for r in self.rondes if not r.vergaderd]
        met = [r for r in self.rondes if r.vergaderd]
        voor_latere = sum((r.budget + r.handmatig for r in later), ZERO)
        if met:
            voor_latere += met[-1].over
        voor_latere += sum(
            (f.bedrag for r in later for f in r.terug if self.op is None or f.datum <= self.op),
            ZERO,
        )
        grants = self.toekenningen
        open_advies = sum((t.geadviseerd for t in grants if t.toegekend is None), ZERO)
        waar = "nog te verdelen in een volgende ronde" if later else "over na de laatste ronde"
        return (
            (waar, voor_latere),
            ("geadviseerd, besluit van Indebuurt033 nog niet bekend", open_advies),
            ("toegekend, nog te betalen", sum((t.nog_te_betalen for t in grants), ZERO)),
            ("betaald, nog bij de aanvragers", sum((t.bij_aanvrager for t in grants), ZERO)),
            ("besteed", sum((t.besteed for t in grants), ZERO)),
            ("terug naar het fonds", sum((f.bedrag for f in self.naar_fonds), ZERO)),
        )
