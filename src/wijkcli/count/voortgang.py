"""Follow-up stage: what became of each adopted application, in numbers.

Pure functions on loaded models: no files, no printing, no clock (the date to judge deadlines
by is an argument). `afloop_ronde` gives, per application the Bewonersteam advised to grant,
the advice next to Indebuurt033's decision (`voortgang/<aanvraag>.yaml`), the status, the money
spent and returned, the hours granted and used, and which deadlines have passed.

Money back to the budget (docs/formaat.md, "Voortgang"): per application with a follow-up
record, `advised − granted` (what was not granted; negative when more was granted, with a
reason), dated at Indebuurt033's decision, and `terugbetaald`, dated `terugbetaald_op` (or the
date of the last status). `count.ledger` hands each to the round it belongs to by its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from wijkcli.count.tally import GebiedResult, ItemResult
from wijkcli.dataset import Meeting, Source
from wijkcli.model.voortgang import Voortgang
from wijkcli.problems import Location

ZERO = Decimal(0)
GRANTED = ("toekennen", "gedeeltelijk")
REALISED = ("uitgevoerd", "afgerond")
"""Statuses of a project that was carried out."""


def adopted(item: ItemResult) -> bool:
    """Whether the Bewonersteam advised to grant this application (money, hours or both)."""
    return item.advies in GRANTED


@dataclass(frozen=True)
class Terugvloeiing:
    """Money that goes back to the gebied's budget from one grant, on one date."""

    datum: date
    bedrag: Decimal
    """Positive: back to the budget; negative: Indebuurt033 granted more than advised."""
    soort: Literal["niet-toegekend", "niet-betaald", "terugbetaald"]
    ronde: str
    """The round of the grant."""
    aanvraag: str
    waar: Location
    """Where the amount is recorded (the follow-up file's line)."""


def terugvloeiingen(
    ronde: str, item: ItemResult, v: Voortgang | None, src: Source | None
) -> list[Terugvloeiing]:
    """The dated movements back to the budget of one adopted application: what Indebuurt033
    did not grant (on the date of its decision); with payments recorded, what of the grant was
    never paid when the project closed (`afgerond` or `niet-doorgegaan`, on that date); and what
    the applicant paid back (on `terugbetaald_op`, else the date of the last status, else that
    of the decision). None without a follow-up record (the decision is not known yet)."""
    if v is None:
        return []

    def at(*loc: str) -> Location:
        return src.at(*loc) if src is not None else Location("")

    out = []
    niet = item.bedrag - v.besluit.bedrag
    if niet:
        out.append(
            Terugvloeiing(
                v.besluit.datum, niet, "niet-toegekend", ronde, item.aanvraag_id,
                at("besluit", "bedrag"),
            )
        )  # fmt: skip
    closed = closing_date(v)
    if v.betalingen and closed is not None:
        unpaid = v.besluit.bedrag - sum((b.bedrag for b in v.betalingen), ZERO)
        if unpaid:
            out.append(
                Terugvloeiing(closed, unpaid, "niet-betaald", ronde, item.aanvraag_id, at("status"))
            )
    if v.terugbetaald:
        op = v.terugbetaald_op
        if op is None:
            op = v.status[-1].datum if v.status else v.besluit.datum
        out.append(
            Terugvloeiing(
                op, v.terugbetaald, "terugbetaald", ronde, item.aanvraag_id, at("terugbetaald")
            )
        )
    return out


def closing_date(v: Voortgang) -> date | None:
    """When the project closed (its status `afgerond` or `niet-doorgegaan`), or None."""
    for regel in v.status:
        if regel.status in ("afgerond", "niet-doorgegaan"):
            return regel.datum
    return None


@dataclass(frozen=True)
class Termijnstand:
    """One deadline (a condition or the report) and where it stands on the date asked."""

    wat: str
    uiterlijk: date | None
    klaar: date | None
    """When it was met (condition fulfilled, report received); None: still open."""
    te_laat: bool
    """Its date has passed on the date asked and it was not met by then."""


@dataclass(frozen=True)
class Afloop:
    """One adopted application after the decision."""

    ronde: str
    aanvraag_id: str
    nummer: str | None
    titel: str
    thema: str
    geadviseerd: Decimal
    advies_uren: dict[str, int]
    voortgang: Voortgang | None
    """The follow-up record; None when none was written yet."""
    verslag: Termijnstand | None
    voorwaarden: tuple[Termijnstand, ...]

    @property
    def toegekend(self) -> Decimal | None:
        return self.voortgang.besluit.bedrag if self.voortgang else None

    @property
    def uren_toegekend(self) -> dict[str, int]:
        return dict(self.voortgang.besluit.uren) if self.voortgang else {}

    @property
    def uren_gebruikt(self) -> dict[str, int]:
        return dict(self.voortgang.uren_gebruikt) if self.voortgang else {}

    @property
    def besteed(self) -> Decimal:
        return self.voortgang.besteed if self.voortgang else ZERO

    @property
    def terugbetaald(self) -> Decimal:
        return self.voortgang.terugbetaald if self.voortgang else ZERO

    @property
    def niet_toegekend(self) -> Decimal:
        """Advised minus granted (negative: more was granted); 0 without a record."""
        return self.geadviseerd - self.toegekend if self.toegekend is not None else ZERO

    @property
    def vervallen(self) -> Decimal:
        """With payments recorded: what was never paid when the project closed."""
        v = self.voortgang
        if v is None or not v.betalingen or closing_date(v) is None:
            return ZERO
        return v.besluit.bedrag - sum((b.bedrag for b in v.betalingen), ZERO)

    @property
    def terug_naar_budget(self) -> Decimal:
        return self.niet_toegekend + self.vervallen + self.terugbetaald

    @property
    def status(self) -> str:
        """The current status; `besluit-open` while Indebuurt033's decision is not recorded."""
        return self.voortgang.huidige_status if self.voortgang else "besluit-open"

    @property
    def status_datum(self) -> date | None:
        if self.voortgang is None:
            return None
        if self.voortgang.status:
            return self.voortgang.status[-1].datum
        return self.voortgang.besluit.datum

    @property
    def gerealiseerd(self) -> bool:
        return self.status in REALISED

    @property
    def te_laat(self) -> list[Termijnstand]:
        """Every deadline that has passed without being met."""
        stands = [*([self.verslag] if self.verslag else []), *self.voorwaarden]
        return [s for s in stands if s.te_laat]


def _stands(v: Voortgang, datum: date | None) -> tuple[Termijnstand | None, list[Termijnstand]]:
    besloten = v.besluit.datum
    stopped = v.huidige_status == "niet-doorgegaan"

    def late(due: date | None, klaar: date | None) -> bool:
        # Met after `datum` is still open on `datum`: --datum looks back as well.
        if stopped or datum is None or due is None or due >= datum:
            return False
        return klaar is None or klaar > datum

    verslag = None
    if v.besluit.verslag is not None:
        due = v.besluit.verslag.deadline(besloten)
        klaar = v.verslag.ontvangen if v.verslag is not None else None
        verslag = Termijnstand("verslag", due, klaar, late(due, klaar))
    voorwaarden = []
    for w in v.besluit.voorwaarden:
        due = w.deadline(besloten)
        voorwaarden.append(Termijnstand(w.wat, due, w.vervuld, late(due, w.vervuld)))
    return verslag, voorwaarden


def afloop_meeting(
    meeting: Meeting, result: GebiedResult, *, datum: date | None = None
) -> list[Afloop]:
    """Every adopted application of one round and gebied (`result` is its tally), in agenda
    order; deadlines are judged on `datum` (None: none is late)."""
    r = meeting.ronde
    out = []
    for item in result.items:
        if not adopted(item):
            continue
        a = r.aanvragen[item.aanvraag_id]
        v = r.voortgang.get(item.aanvraag_id)
        verslag, voorwaarden = _stands(v, datum) if v is not None else (None, [])
        out.append(
            Afloop(
                ronde=r.id,
                aanvraag_id=item.aanvraag_id,
                nummer=a.nummer,
                titel=a.titel,
                thema=a.thema,
                geadviseerd=item.bedrag,
                advies_uren=dict(item.uren),
                voortgang=v,
                verslag=verslag,
                voorwaarden=tuple(voorwaarden),
            )
        )
    return out
