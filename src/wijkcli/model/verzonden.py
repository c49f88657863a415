"""The data format: verzonden-<gebied>.yaml, the record of an advice letter that was sent.

`wijk advies RONDE --verzonden DATUM` writes it: the figures of the letter as it went out (what
the gebied had, where that came from, and per application the advice, amount and hours). From
then on `wijk check` compares the count with these figures (`checks.verzonden`): a sent letter
never changes silently; a correction is a `herziening` with a date and a reason
(`wijk advies RONDE --herzien REDEN`). The file is written by wijkcli; nobody edits it by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from wijkcli.model.base import Model, UrenPerLid
from wijkcli.model.scalars import MONEY_RE, Bedrag, Datum, Id, Tekst, parse_money


def parse_signed_money(value: Any) -> Decimal:
    """A money amount that may be negative (`-300.00`): money back can be less than nothing
    when Indebuurt033 granted more than the advice."""
    if isinstance(value, str) and value.strip().startswith("-"):
        return -parse_money(value.strip()[1:])
    return parse_money(value)


Saldo = Annotated[
    Decimal,
    PlainValidator(parse_signed_money),
    PlainSerializer(lambda d: str(d), return_type=str),
    WithJsonSchema({"type": ["string", "number"], "pattern": "^-?" + MONEY_RE.pattern[1:]}),
]

Advies = Literal["toekennen", "gedeeltelijk", "afwijzen", "aanhouden", "niet-behandeld"]


class Adviesregel(Model):
    advies: Advies
    """Het advies in de brief: toekennen, gedeeltelijk, afwijzen, aanhouden of niet-behandeld."""
    bedrag: Bedrag
    """Het geadviseerde bedrag (0 als er niets is geadviseerd)."""
    uren: UrenPerLid = {}
    """De geadviseerde uren per professional."""


class Terug(Model):
    datum: Datum
    """Wanneer het geld terugkwam."""
    bedrag: Saldo
    """Hoeveel (negatief: Indebuurt033 kende meer toe dan het advies)."""
    soort: Literal["niet-toegekend", "niet-betaald", "terugbetaald"]
    """niet-toegekend, niet-betaald of terugbetaald."""
    ronde: Id
    """De ronde van de toekenning."""
    aanvraag: Id
    """De aanvraag van de toekenning."""


class Stand(Model):
    """The figures of one letter."""

    budget: Bedrag
    """Het budget van de ronde voor het gebied."""
    doorgeschoven: Bedrag
    """Wat de ronde ervoor overliet (met het doorgeschoven bedrag uit ronde.yaml)."""
    terug: list[Terug] = []
    """Het geld dat uit eerdere rondes terugkwam en in deze ronde meetelde."""
    beschikbaar: Saldo
    """Wat het gebied in deze ronde had."""
    geadviseerd: Bedrag
    """Wat de brief in totaal adviseerde."""
    aanvragen: dict[Id, Adviesregel]
    """Per aanvraag het advies, het bedrag en de uren."""


class Herziening(Stand):
    datum: Datum
    """Wanneer het Bewonersteam het advies herzag."""
    reden: Tekst
    """Waarom: komt in de volgende adviesbrief."""


class Verzonden(Stand):
    """data/rondes/<ronde>/verzonden-<gebied>.yaml: de adviesbrief zoals hij verzonden is."""

    gebied: Id
    """Het gebied van de brief (gelijk aan de bestandsnaam)."""
    verzonden: Datum
    """Wanneer de brief naar Indebuurt033 ging."""
    herzieningen: list[Herziening] = []
    """Herzieningen van het advies, van oud naar nieuw; de laatste geldt."""

    @property
    def geldend(self) -> Stand:
        """The figures that hold now: the last herziening, else the letter as sent."""
        return self.herzieningen[-1] if self.herzieningen else self
