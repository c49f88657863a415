"""The data format: ronde.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from wijkcli.model.base import AlsoAccepted, Model, UrenPerLid, none_as_empty
from wijkcli.model.leden import Lid
from wijkcli.model.scalars import Bedrag, Datum, Id, Jaar, Tekst, Tijd

# --- ronde.yaml --------------------------------------------------------------------------------


class Tijdvak(Model):
    begin: Tijd
    """Begintijd."""
    eind: Tijd
    """Eindtijd."""


class Vergaderafspraak(Model):
    datum: Datum
    """Datum van de beoordelingsvergadering."""
    begin: Tijd | None = None
    """Begintijd."""
    eind: Tijd | None = None
    """Eindtijd."""
    plek: Tekst | None = None
    """Plek van de vergadering."""
    toelichting_aanvragers: Tijdvak | None = None
    """Tijd waarin aanvragers hun aanvraag komen toelichten."""


class Volmacht(Model):
    max_per_lid: Annotated[int, Field(ge=1)] = 1
    """Hoeveel volmachten één aanwezig lid hoogstens mag hebben (standaard 1)."""


class Regels(Model):
    quorum: Literal["helft", "geen"] = "helft"
    """helft: bij elk agendapunt is meer dan de helft van wie stemrecht heeft aanwezig; geen:
    geen eis."""
    meerderheid: Literal["gewoon", "volstrekt", "twee-derde"] = "gewoon"
    """gewoon: voor > tegen; volstrekt: voor > helft van de uitgebrachte stemmen (incl.
    onthoudingen); twee-derde: voor ≥ 2/3 van de uitgebrachte stemmen (incl. onthoudingen)."""
    staking: Literal["aanhouden", "voorzitter"] = "aanhouden"
    """Bij staken der stemmen (evenveel voor als tegen, bij elke meerderheid): aanhouden, of de
    voorzitter beslist (vastgelegd in de notulen)."""
    toewijzing: Literal["steun-overslaan", "steun-stoppen", "gelijke-delen"] | None = None
    """Als de aangenomen bedragen niet in het budget passen: op steun (wat niet past overslaan),
    op steun (stoppen bij de eerste die niet past), of gelijke delen (Method of Equal Shares)."""
    stemrecht: Literal["bewonersteam", "bewonersteam-en-professionals"] = "bewonersteam"
    """Wie stemt: alleen bewoners in het Bewonersteam, of ook professionals."""
    volmacht: bool | Volmacht = False
    """Stemmen bij volmacht: false (standaard, niet toegestaan), true (toegestaan, één volmacht
    per lid) of {max_per_lid: 2}. Een volmacht telt nooit mee voor het quorum."""

    @property
    def max_volmachten(self) -> int:
        """How many proxies one member may hold (0: proxies are not allowed)."""
        if isinstance(self.volmacht, Volmacht):
            return self.volmacht.max_per_lid
        return 1 if self.volmacht else 0


class Uitbetaling(Model):
    """The regeling's rules for paying a grant, the same for every gebied of the round."""

    voorschot: Annotated[int, Field(ge=0, le=100)] = 75
    """Hoogste voorschot, in procenten van het toegekende bedrag (standaard 75)."""
    declareren_binnen: Annotated[int, Field(ge=0, le=52)] = 3
    """Binnen hoeveel weken na de uitvoering (status uitgevoerd) de aanvrager de kosten
    declareert (standaard 3)."""
    grondslag: Tekst | None = None
    """De wettelijke grondslag die de adviesbrief mag noemen (standaard geen)."""


class Ronde(Model):
    """data/rondes/<ronde>/ronde.yaml: een subsidieronde Projecten#Indebuurt."""

    id: Id
    """Id van de ronde, gelijk aan de mapnaam, bijvoorbeeld 'ronde-2017-2'."""
    naam: Tekst
    """Naam, bijvoorbeeld 'Subsidieronde 2 (2017)'."""
    jaar: Jaar | None = None
    """Het jaar (bepaalt welk wijkplan geldt en waar restbudget naartoe schuift); zonder
    jaar het jaar van indienen_tot."""
    regeling: Tekst | None = None
    """Welke versie van de subsidieregeling geldt."""
    indienen_tot: Datum
    """Laatste dag om aan te vragen."""
    toets_tot: Datum | None = None
    """Tot wanneer Indebuurt033 aanvragen toetst op volledigheid."""
    stukken_verstuurd: Datum | None = None
    """Datum waarop de stukken naar het Bewonersteam gaan."""
    vergadering: Vergaderafspraak
    """De beoordelingsvergadering."""
    advies_uiterlijk: Datum
    """Uiterste datum voor de adviesbrief."""
    besluit_verwacht: Datum | None = None
    """Wanneer Indebuurt033 besluit."""
    bekendmaking: Datum | None = None
    """Wanneer de uitslag in de nieuwsbrief staat."""
    budget: dict[Id, Bedrag]
    """Budget per gebied voor deze ronde: {szh: 21000}."""
    doorgeschoven: Annotated[dict[Id, Bedrag], BeforeValidator(none_as_empty), AlsoAccepted()] = {}
    """Restbudget uit een eerdere ronde dat niet in data/ staat: {szh: 1000}."""
    uren: UrenPerLid = {}
    """Uren per professional die deze ronde vrij zijn voor initiatieven."""
    stemming: Literal["openbaar", "geheim"] = "openbaar"
    """openbaar: notulen noemen wie wat stemde; geheim: alleen aantallen."""
    regels: Annotated[Regels, BeforeValidator(none_as_empty), AlsoAccepted()] = Regels()
    """Stemregels; wat ontbreekt krijgt de standaardwaarde."""
    uitbetaling: Annotated[Uitbetaling, BeforeValidator(none_as_empty), AlsoAccepted()] = (
        Uitbetaling()
    )
    """Regels voor het uitbetalen: hoogste voorschot, termijn voor de declaratie, grondslag;
    wat ontbreekt krijgt de standaardwaarde."""

    @property
    def year(self) -> int:
        """The round's year: `jaar`, or when it is not given the year of `indienen_tot`."""
        return self.jaar if self.jaar is not None else self.indienen_tot.year

    @property
    def meeting_date(self) -> date:
        """The date of the assessment meeting."""
        return self.vergadering.datum


def has_vote(lid: Lid | None, regels: Regels) -> bool:
    """Whether this member may vote in the gebied under the round's rules: every member of the
    Bewonersteam, professionals too when `stemrecht: bewonersteam-en-professionals`."""
    if lid is None:
        return False
    if lid.rol == "bewonersteam":
        return True
    return lid.rol == "professional" and regels.stemrecht == "bewonersteam-en-professionals"
