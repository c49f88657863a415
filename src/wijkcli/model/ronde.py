"""Model stage: ronde.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

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


class Regeling(Model):
    """The regeling the round falls under, with what the letter may say of it."""

    naam: Tekst
    """Naam en versie, bijvoorbeeld 'Projecten#Indebuurt, versie 2016'."""
    grondslag: Tekst | None = None
    """De (wettelijke) grondslag die de adviesbrief noemt, bijvoorbeeld 'artikel 3:50 van de
    Algemene wet bestuursrecht' (standaard geen: de brief noemt dan geen wetsartikel)."""
    slotzin: Tekst | None = None
    """De slotzin van de adviesbrief, na 'Wij vernemen graag uw besluit' (standaard: 'Wijkt u
    af van dit advies, dan horen wij graag waarom.')."""


def _text_as_naam(value: Any) -> Any:
    """`regeling: tekst` is short for `regeling: {naam: tekst}`."""
    if value is not None and not isinstance(value, (dict, list)):
        return {"naam": value}
    return value


class TextAccepted:
    """JSON Schema of `regeling`: the mapping, or a text (its naam), or empty."""

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = handler(core_schema)
        branches = [b for b in inner.get("anyOf", [inner]) if b.get("type") != "null"]
        text = {"type": ["string", "number", "boolean"]}
        return {"anyOf": [text, *branches, {"type": "null"}]}


class Ronde(Model):
    """data/rondes/<ronde>/ronde.yaml: een subsidieronde Projecten#Indebuurt."""

    id: Id
    """Id van de ronde, gelijk aan de mapnaam, bijvoorbeeld 'ronde-2017-2'."""
    naam: Tekst
    """Naam, bijvoorbeeld 'Subsidieronde 2 (2017)'."""
    jaar: Jaar | None = None
    """Het jaar (bepaalt welk wijkplan geldt en waar restbudget naartoe schuift); zonder
    jaar het jaar van indienen_tot."""
    regeling: Annotated[Regeling | None, BeforeValidator(_text_as_naam), TextAccepted()] = None
    """Welke versie van de subsidieregeling geldt: een tekst (de naam), of {naam, grondslag,
    slotzin} als de brief ook een grondslag of een eigen slotzin noemt."""
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
    # model_construct: the same default as Regels() (no value set, every default), made
    # without building Regels' validator when this module is imported (#32: defer_build).
    regels: Annotated[Regels, BeforeValidator(none_as_empty), AlsoAccepted()] = (
        Regels.model_construct()
    )
    """Stemregels; wat ontbreekt krijgt de standaardwaarde."""
    uitbetaling: Annotated[Uitbetaling, BeforeValidator(none_as_empty), AlsoAccepted()] = (
        Uitbetaling.model_construct()
    )
    """Regels voor het uitbetalen: hoogste voorschot en termijn voor de declaratie; wat
    ontbreekt krijgt de standaardwaarde."""

    @property
    def regeling_naam(self) -> str | None:
        """The regeling's name and version, as given in either form."""
        return self.regeling.naam if self.regeling is not None else None

    @property
    def grondslag(self) -> str | None:
        """The legal basis the letter names; None: it names none."""
        return self.regeling.grondslag if self.regeling is not None else None

    @property
    def slotzin(self) -> str | None:
        """The letter's own closing sentence; None: the standard one."""
        return self.regeling.slotzin if self.regeling is not None else None

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
