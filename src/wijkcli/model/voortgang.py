"""Model stage: the follow-up record of one adopted application (`voortgang`).

data/rondes/<ronde>/voortgang/<aanvraag>.yaml says what Indebuurt033 decided after the letter
(granted amount and hours, date, a reason when that is more than the advice, the conditions with
their deadlines), how the project went (a status history with dates), what it spent and
returned, the professional hours it used and the report it sent. The rules across files live in
`checks.voortgang`; the arithmetic in `count.voortgang`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from wijkcli.model.base import Model, TekstLijst, UrenPerLid
from wijkcli.model.scalars import HOURS_RE, Aantal, Bedrag, Datum, Id, Tekst, _whole

Status = Literal["toegekend", "gestart", "uitgevoerd", "afgerond", "niet-doorgegaan"]
STATUS_ORDER: dict[str, int] = {
    "toegekend": 0,
    "gestart": 1,
    "uitgevoerd": 2,
    "afgerond": 3,
    "niet-doorgegaan": 3,
}
"""The life cycle: a status never comes after one of a later stage; `afgerond` and
`niet-doorgegaan` both end it."""

MAX_MONTHS = 120


def parse_months(value: Any) -> int:
    """A whole number of months, at most ten years."""
    return _whole(value, HOURS_RE, "'{}' is geen heel aantal maanden", MAX_MONTHS)


Maanden = Annotated[
    int,
    PlainValidator(parse_months),
    WithJsonSchema(
        {
            "type": ["integer", "string"],
            "pattern": HOURS_RE.pattern,
            "minimum": 0,
            "maximum": MAX_MONTHS,
        }
    ),
]


def add_months(start: date, months: int) -> date:
    """`start` plus whole months; a day that the month lacks becomes its last day (31 January
    plus one month is 28 or 29 February)."""
    import calendar

    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    if year > date.max.year:  # a decision in December 9999: the deadline never comes
        return date.max
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class Termijn(Model):
    """A deadline: a date (`uiterlijk`) or a number of months after the decision (`maanden`)."""

    model_config = ConfigDict(json_schema_extra={"not": {"required": ["uiterlijk", "maanden"]}})

    uiterlijk: Datum | None = None
    """Uiterste datum (JJJJ-MM-DD)."""
    maanden: Maanden | None = None
    """Of: zoveel maanden na de datum van het besluit (hoogstens 120)."""

    @model_validator(mode="after")
    def _one_of_both(self) -> Termijn:
        # getattr: in a file with problems the model is rebuilt field by field, and a field
        # that failed (`uiterlijk: morgen`) is absent (FieldFailed) rather than None.
        if (
            getattr(self, "uiterlijk", None) is not None
            and getattr(self, "maanden", None) is not None
        ):
            raise PydanticCustomError(
                "wijk", "geef 'uiterlijk' (een datum) of 'maanden', niet allebei"
            )
        return self

    def deadline(self, besloten: date) -> date | None:
        """The date the deadline falls on for a decision of `besloten` (None: no deadline)."""
        if self.uiterlijk is not None:
            return self.uiterlijk
        if self.maanden is not None:
            return add_months(besloten, self.maanden)
        return None


class Voorwaarde(Termijn):
    wat: Tekst
    """De voorwaarde van het besluit, bijvoorbeeld 'VOG voor alle maatjes'."""
    vervuld: Datum | None = None
    """Datum waarop de aanvrager aan de voorwaarde voldeed (leeg: nog niet)."""


class Toekenning(Model):
    datum: Datum
    """Datum van het besluit van Indebuurt033."""
    bedrag: Bedrag
    """Toegekend bedrag (hoogstens het advies, tenzij er een reden bij staat)."""
    uren: UrenPerLid = {}
    """Toegekende uren per professional (hoogstens het advies, tenzij er een reden is)."""
    reden: Tekst | None = None
    """Waarom Indebuurt033 meer toekende dan het Bewonersteam adviseerde."""
    voorwaarden: list[Voorwaarde] = []
    """Voorwaarden van het besluit, elk met een termijn (uiterlijk of maanden)."""
    verslag: Termijn | None = None
    """Wanneer het verslag binnen moet zijn: uiterlijk (datum) of maanden na het besluit."""


class Statusregel(Model):
    status: Status
    """toegekend, gestart, uitgevoerd, afgerond of niet-doorgegaan."""
    datum: Datum
    """Sinds wanneer het project deze status heeft."""
    toelichting: Tekst | None = None
    """Korte toelichting (bijvoorbeeld waarom het niet doorging)."""


class Betaling(Model):
    datum: Datum
    """Datum waarop Indebuurt033 betaalde."""
    bedrag: Bedrag
    """Betaald bedrag."""
    soort: Literal["voorschot", "eindbetaling"] = "voorschot"
    """voorschot (vooraf, hoogstens het voorschotpercentage van de ronde) of eindbetaling (na
    de declaratie)."""


class Verslag(Model):
    ontvangen: Datum
    """Datum waarop het verslag van de aanvrager binnenkwam."""
    bereik: Tekst | None = None
    """Wie en hoeveel mensen het project werkelijk bereikte."""
    deelnemers: Aantal | None = None
    """Aantal bereikte bewoners (als een getal, voor het jaarverslag)."""
    vrijwilligers: Aantal | None = None
    """Aantal vrijwilligers dat meedeed."""
    resultaat: TekstLijst = []
    """Wat het project opleverde, in een paar zinnen."""


class Voortgang(Model):
    """data/rondes/<ronde>/voortgang/<aanvraag>.yaml: wat er van een toegekende aanvraag kwam."""

    aanvraag: Id
    """Id van de aanvraag; gelijk aan de bestandsnaam."""
    besluit: Toekenning
    """Het besluit van Indebuurt033: bedrag, uren, datum, reden, voorwaarden, verslag."""
    status: list[Statusregel] = []
    """De statussen met datum, van oud naar nieuw (de laatste geldt)."""
    betalingen: list[Betaling] = []
    """Wat Indebuurt033 aan de aanvrager betaalde, per betaling met datum en soort."""
    besteed: Bedrag = Decimal("0")
    """Wat de aanvrager tot nu toe uitgaf van het toegekende bedrag."""
    gedeclareerd: Datum | None = None
    """Datum waarop de aanvrager de kosten (besteed) declareerde."""
    terugbetaald: Bedrag = Decimal("0")
    """Wat de aanvrager terugbetaalde (gaat terug naar het budget van het gebied)."""
    terugbetaald_op: Datum | None = None
    """Datum van de terugbetaling (zonder datum: de datum van de laatste status)."""
    uren_gebruikt: UrenPerLid = {}
    """Uren per professional die het project werkelijk gebruikte."""
    verslag: Verslag | None = None
    """Het verslag van de aanvrager: ontvangen (datum), bereik, deelnemers, resultaat."""

    @property
    def huidige_status(self) -> str:
        """The last status recorded (`toegekend` when none is)."""
        return self.status[-1].status if self.status else "toegekend"
