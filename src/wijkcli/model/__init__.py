"""Load stage, part 3: the data format (version 1) as Pydantic models.

This module is the single source of truth for the format: `wijk schema` generates the JSON Schema
from it, and docs/formaat.md describes it for volunteers. Every field is documented by its
attribute docstring (that text becomes the schema's description, shown by editors).
Models are frozen and forbid unknown keys: a misspelled `uren:` must never drop hours silently.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from wijkcli.model.scalars import Aantal, Bedrag, Datum, Id, Jaar, Kleur, Nummer, Tekst, Tijd, Uren


def _as_list(value: Any) -> Any:
    """Allow one text where a list of texts is expected (`motivering: Eén reden.`)."""
    if isinstance(value, str):
        return [value]
    if value is None:
        return []
    return value


def none_as_empty(value: Any) -> Any:
    """Allow an empty mapping to be written as nothing (`uren:` with no entries)."""
    return {} if value is None else value


class AlsoAccepted:
    """JSON Schema of a field whose before-validator takes more than its type: an empty value
    (`none_as_empty`, `_as_list`) and, for `_as_list`, one item instead of a list. The
    schema then says the same, so an editor does not mark what `wijk check` accepts."""

    def __init__(self, *, one_item: bool = False) -> None:
        self.one_item = one_item

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = handler(core_schema)
        options = [inner]
        if self.one_item:
            options.append(inner["items"])
        return {"anyOf": [*options, {"type": "null"}]}


TekstLijst = Annotated[list[Tekst], BeforeValidator(_as_list), AlsoAccepted(one_item=True)]
IdLijst = Annotated[list[Id], BeforeValidator(_as_list), AlsoAccepted(one_item=True)]
UrenPerLid = Annotated[dict[Id, Uren], BeforeValidator(none_as_empty), AlsoAccepted()]


class FieldFailed(AttributeError):
    """A field of a partly built model is read, but its value failed validation (or it was
    missing): the problem has been reported at its place; a check that needs the field
    cannot run and is skipped (`checks.common.guarded`)."""

    def __init__(self, model: str, name: str) -> None:
        super().__init__(f"{model}.{name} failed validation")
        self.model, self.name = model, name


class Model(BaseModel):
    """A file model. Built whole by `model_validate`; a file with problems is built field by
    field instead (`load.validate_document`): a field whose value failed is left out, and
    reading it raises `FieldFailed` instead of giving a default or a stale value."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        hide_input_in_errors=True,
        regex_engine="python-re",
    )

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            if name in type(self).model_fields:
                raise FieldFailed(type(self).__name__, name)
            return super().__getattr__(name)

    @property
    def is_partial(self) -> bool:
        """Whether a field of this model (not of its parts) failed or was missing."""
        return any(name not in self.__dict__ for name in type(self).model_fields)


# --- gebied.yaml -------------------------------------------------------------------------------


class Bijeenkomst(Model):
    datum: Datum
    """Datum van de bijeenkomst (JJJJ-MM-DD)."""
    begin: Tijd
    """Begintijd, bijvoorbeeld 19:30."""
    eind: Tijd | None = None
    """Eindtijd, bijvoorbeeld 21:30."""
    plek: Tekst | None = None
    """Plek, als die afwijkt van de vaste plek van het netwerk."""


class Netwerk(Model):
    naam: Tekst
    """Naam van het wijknetwerk of de wijkraad, bijvoorbeeld 'Wijknetwerk Zielhorst'."""
    plek: Tekst | None = None
    """Vaste vergaderplek."""
    frequentie: Tekst | None = None
    """Hoe vaak het netwerk bijeenkomt (vrije tekst, verschilt per wijk)."""
    bijeenkomsten: list[Bijeenkomst] = []
    """Geplande openbare bijeenkomsten; de nieuwsbrief noemt de eerstvolgende."""


class Wijk(Model):
    id: Id
    """Korte id van de wijk, bijvoorbeeld 'zielhorst'."""
    naam: Tekst
    """Naam van de wijk."""
    netwerk: Netwerk | None = None
    """Het wijknetwerk (of de wijkraad) van deze wijk."""


class Bewonersteam(Model):
    naam: Tekst
    """Naam van het team, bijvoorbeeld 'Bewonersteam SZH'."""
    voorzitter: Id | None = None
    """Id van de voorzitter (een lid uit leden.yaml); ondertekent de adviesbrief."""
    secretaris: Id | None = None
    """Id van de secretaris (een lid uit leden.yaml); ondertekent de adviesbrief."""
    buurtnetwerker: Id | None = None
    """Id van de buurtnetwerker (een professional uit leden.yaml); post gaat p/a deze persoon."""


class Nieuwsbrief(Model):
    naam: Tekst
    """Naam van de digitale nieuwsbrief."""
    url: Tekst | None = None
    """Adres (https://...) waar de nieuwsbrief te lezen of aan te vragen is."""


class Briefhoofd(Model):
    logo: Tekst | None = None
    """Logo boven de brief (PDF): pad ten opzichte van de map van het gebied, binnen data/;
    png, jpg of svg, hoogstens 1 MB. Bijvoorbeeld 'logo.png'."""
    kleur: Kleur | None = None
    """Huiskleur voor koppen en lijnen in de brief, bijvoorbeeld '#1f6f8b'."""


class Gebied(Model):
    """data/gebieden/<gebied>/gebied.yaml: het gebied en zijn wijken."""

    id: Id
    """Id van het gebied; gelijk aan de mapnaam."""
    naam: Tekst
    """Korte naam, bijvoorbeeld 'SZH'."""
    volledige_naam: Tekst | None = None
    """Voluit, bijvoorbeeld 'Schothorst, Zielhorst en Hoefkwartier'."""
    wijken: list[Wijk] = Field(min_length=1)
    """De wijken van het gebied."""
    bewonersteam: Bewonersteam
    """Het Bewonersteam (BuurtBestuur) van het gebied."""
    vergaderplek: Tekst | None = None
    """Gewone vergaderplek van het Bewonersteam."""
    nieuwsbrief: Nieuwsbrief | None = None
    """De digitale nieuwsbrief van het gebied."""
    website: Tekst | None = None
    """Wijkwebsite (https://...), voor 'lees verder'-links."""
    briefhoofd: Briefhoofd | None = None
    """Briefhoofd van de adviesbrief als PDF: logo en huiskleur (beide mogen weg)."""


# --- leden.yaml --------------------------------------------------------------------------------

Rol = Literal["bewonersteam", "bewoner", "professional"]


class Lid(Model):
    id: Id
    """Id van het lid, van de naam afgeleid: 'tineke-van-t-zand'."""
    naam: Tekst
    """Volledige naam zoals die in brieven mag staan."""
    wijk: Id | None = None
    """Wijk waar het lid woont (verplicht voor bewoners)."""
    rol: Rol
    """bewonersteam (bewoner, stemt), bewoner (wijknetwerk, stemt niet) of professional."""
    functie: Tekst | None = None
    """Functie of taak, bijvoorbeeld 'secretaris' of 'buurtnetwerker SZH'."""
    organisatie: Tekst | None = None
    """Organisatie van een professional (verplicht voor professionals)."""
    uren: Annotated[dict[Jaar, Uren], BeforeValidator(none_as_empty), AlsoAccepted()] = {}
    """Uren per jaar die een professional voor het gebied heeft: {2017: 720}."""
    email: Tekst | None = None
    """PRIVÉ: e-mailadres; komt nooit in een document of melding."""
    telefoon: Tekst | None = None
    """PRIVÉ: telefoonnummer; komt nooit in een document of melding."""


class LedenBestand(Model):
    """data/gebieden/<gebied>/leden.yaml: leden van Bewonersteam en netwerk, en professionals."""

    leden: list[Lid]
    """Alle leden en professionals van het gebied."""


# --- wijkplan-<jaar>.yaml ----------------------------------------------------------------------


class Actie(Model):
    wat: Tekst
    """Wat er gebeurt."""
    wie: Tekst
    """Wie het doet (bewoners, een werkgroep, een professional)."""
    wanneer: Tekst | None = None
    """Wanneer of hoe vaak."""
    uren: UrenPerLid = {}
    """Uren per professional (id: uren) die deze actie in het jaar kost."""


class Thema(Model):
    id: Id
    """Id van het thema; aanvragen verwijzen ernaar."""
    code: Tekst | None = None
    """Korte code, bijvoorbeeld 'T2'."""
    titel: Tekst
    """Titel van het thema."""
    speerpunt: Tekst | None = None
    """Het speerpunt waar dit thema onder valt (leeg als het geen speerpunt is)."""
    prioriteit: Aantal
    """Volgorde van belang: 1 is het belangrijkst."""
    doel: Tekst
    """Wat het thema wil bereiken."""
    resultaat: Tekst | None = None
    """Meetbaar resultaat voor het jaar."""
    bewoners_doen: Tekst | None = None
    """Wat bewoners zelf doen."""
    acties: list[Actie] = []
    """Acties: wat, wie, wanneer, uren."""


class Pool(Model):
    omschrijving: Tekst | None = None
    """Waarvoor de pool dient."""
    uren: UrenPerLid = {}
    """Uren per professional die vrij blijven voor bewonersinitiatieven en het team."""


class Wijkplan(Model):
    """data/gebieden/<gebied>/wijkplan-<jaar>.yaml: het wijkplan van een jaar."""

    gebied: Id
    """Id van het gebied; gelijk aan de mapnaam."""
    jaar: Jaar
    """Het jaar; gelijk aan het jaartal in de bestandsnaam."""
    vastgesteld: Datum | None = None
    """Datum waarop het Bewonersteam het plan vaststelde."""
    budget: Bedrag
    """Budget Projecten#Indebuurt voor het gebied in dit jaar."""
    ambitie_volgend_jaar: Bedrag | None = None
    """Gewenst budget voor volgend jaar."""
    uitgangspunten: TekstLijst = []
    """Uitgangspunten van het plan."""
    themas: list[Thema] = Field(min_length=1)
    """De thema's van het plan."""
    pool: Pool | None = None
    """Uren die vrij blijven voor het ondersteunen van initiatieven."""


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
    """helft: meer dan de helft van het Bewonersteam aanwezig per agendapunt; geen: geen eis."""
    meerderheid: Literal["gewoon", "volstrekt", "twee-derde"] = "gewoon"
    """gewoon: voor > tegen; volstrekt: voor > helft van de uitgebrachte stemmen (incl.
    onthoudingen); twee-derde: voor ≥ 2/3 van de uitgebrachte stemmen (incl. onthoudingen)."""
    staking: Literal["aanhouden", "voorzitter"] = "aanhouden"
    """Bij staken der stemmen: aanhouden, of de voorzitter beslist (vastgelegd in de notulen)."""
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

    @property
    def year(self) -> int:
        """The round's year: `jaar`, or when it is not given the year of `indienen_tot`."""
        return self.jaar if self.jaar is not None else self.indienen_tot.year

    @property
    def meeting_date(self) -> date:
        """The date of the assessment meeting."""
        return self.vergadering.datum


# --- aanvragen/<aanvraag>.yaml -----------------------------------------------------------------


class Contact(Model):
    naam: Tekst | None = None
    """PRIVÉ: contactpersoon."""
    email: Tekst | None = None
    """PRIVÉ: e-mailadres."""
    telefoon: Tekst | None = None
    """PRIVÉ: telefoonnummer."""


class Aanvrager(Model):
    naam: Tekst
    """Naam van de organisatie, groep of bewoner."""
    soort: Literal["organisatie", "groep", "bewoner"]
    """organisatie, groep of bewoner (een bewoner wordt nooit met naam gepubliceerd)."""
    contact: Contact | None = None
    """PRIVÉ: contactgegevens; komen nooit in een document of melding."""


class Post(Model):
    post: Tekst
    """Omschrijving van de kostenpost."""
    bedrag: Bedrag
    """Bedrag van de post."""


class Bron(Model):
    bron: Tekst
    """Waar het geld vandaan komt."""
    bedrag: Bedrag
    """Bedrag."""


class Aanvraag(Model):
    """data/rondes/<ronde>/aanvragen/<aanvraag>.yaml: één aanvraag."""

    id: Id
    """Id van de aanvraag, gelijk aan de bestandsnaam."""
    nummer: Nummer | None = None
    """Nummer op de agenda, bijvoorbeeld 'A01'."""
    titel: Tekst
    """Titel van het initiatief."""
    gebied: Id
    """Gebied waar de aanvraag bij hoort."""
    wijken: IdLijst = Field(min_length=1)
    """Wijk(en) waar het initiatief plaatsvindt."""
    thema: Id
    """Thema uit het wijkplan van het jaar van de ronde."""
    aanvrager: Aanvrager
    """Wie aanvraagt."""
    betrokken_leden: IdLijst
    """Leden met een persoonlijk belang; zij stemmen niet over deze aanvraag. Verplicht (`[]`
    als er geen zijn), zodat niemand het vergeet."""
    bedrag: Bedrag
    """Gevraagd bedrag."""
    eigen_bijdrage: Bedrag = Decimal("0")
    """Eigen bijdrage en cofinanciering samen."""
    begroting: list[Post] = []
    """Kostenposten; samen gelijk aan bedrag + eigen bijdrage."""
    cofinanciering: list[Bron] = []
    """Bronnen van de eigen bijdrage (deel van eigen_bijdrage)."""
    uren: UrenPerLid = {}
    """Gevraagde uren per professional."""
    vrijwilligers: Aantal | None = None
    """Aantal vrijwilligers."""
    bereik: Tekst | None = None
    """Wie en hoeveel mensen het initiatief bereikt."""
    omschrijving: Tekst | None = None
    """Korte omschrijving."""
    ingediend: Datum
    """Datum van indienen (na indienen_tot van de ronde: een waarschuwing)."""


# --- vergadering-<gebied>.yaml -----------------------------------------------------------------


def _votes(value: Any) -> Any:
    """Open ballot: a list of member ids; secret ballot: a count."""
    if value is None:
        return []
    return value


Stemlijst = Annotated[list[Id] | Aantal, BeforeValidator(_votes), AlsoAccepted()]


class Stemmen(Model):
    voor: Stemlijst = []
    """Openbaar: ids van wie voor stemde; geheim: het aantal."""
    tegen: Stemlijst = []
    """Openbaar: ids van wie tegen stemde; geheim: het aantal."""
    onthouding: Stemlijst = []
    """Openbaar: ids van wie zich onthield; geheim: het aantal."""


Voorstel = Literal["toekennen", "gedeeltelijk", "afwijzen", "aanhouden"]


class Besluit(Model):
    voorstel: Voorstel | None
    """Voorstel van de voorzitter: toekennen, gedeeltelijk, afwijzen of aanhouden (leeg: het
    agendapunt is nog niet behandeld; zo begint `wijk nieuw vergadering`)."""
    bedrag: Bedrag | None = None
    """Voorgesteld bedrag (bij toekennen zonder bedrag: het gevraagde bedrag)."""
    uren: UrenPerLid = {}
    """Voorgestelde uren per professional."""
    motivering: TekstLijst = []
    """Redenen, per criterium."""
    voorwaarden: TekstLijst = []
    """Voorwaarden bij het advies."""
    vervolg: TekstLijst = []
    """Wat er gebeurt als het advies aanhouden wordt (bijvoorbeeld bij staken der stemmen)."""
    betrokken: IdLijst = []
    """Leden die in de vergadering een persoonlijk belang meldden (naast betrokken_leden)."""
    stemmen: Stemmen
    """De stemming over het voorstel."""
    voorzitter_beslist: Literal["aangenomen", "verworpen"] | None = None
    """Alleen bij staking met regel 'staking: voorzitter': de beslissing van de voorzitter."""
    toelichting: Tekst | None = None
    """Wie het agendapunt toelichtte, bijvoorbeeld 'de aanvrager' of de naam van een lid."""
    bespreking: TekstLijst = []
    """Wat er in de bespreking naar voren kwam (voor de notulen)."""

    @property
    def unfinished(self) -> bool:
        """Not dealt with yet: no proposal filled in, or nobody voted."""
        if self.voorstel is None:
            return True
        votes = [getattr(self.stemmen, k) for k in ("voor", "tegen", "onthouding")]
        return not any(len(x) if isinstance(x, list) else x for x in votes)


class Opening(Model):
    tijd: Tijd
    """Hoe laat de voorzitter de vergadering opende."""
    voorzitter: Id | None = None
    """Wie de vergadering opende en voorzat (als dat een ander is dan 'voorzitter')."""


class Actiepunt(Model):
    wat: Tekst
    """Wat er moet gebeuren."""
    wie: Id
    """Wie het doet: een lid uit leden.yaml."""
    uiterlijk: Datum
    """Uiterste datum."""
    gedaan: Datum | None = None
    """Datum waarop het gedaan is (leeg: het actiepunt staat nog open)."""


class Rondvraag(Model):
    lid: Id
    """Wie iets vroeg of inbracht."""
    tekst: Tekst
    """Wat er gevraagd of gezegd werd."""


class Vergadering(Model):
    """data/rondes/<ronde>/vergadering-<gebied>.yaml: de notulen van de beoordelingsvergadering."""

    gebied: Id | None = None
    """Id van het gebied; staat al in de naam van het bestand (als het er staat, moet het
    daarbij passen)."""
    datum: Datum
    """Datum van de vergadering."""
    voorzitter: Id | None = None
    """Wie voorzat."""
    notulist: Id | None = None
    """Wie notuleerde."""
    aanwezig: IdLijst
    """Aanwezige leden en professionals."""
    afgemeld: IdLijst = []
    """Leden die zich afmeldden."""
    schriftelijke_inbreng: IdLijst = []
    """Professionals die schriftelijk inbreng gaven."""
    vertrokken: Annotated[dict[Id, Id], BeforeValidator(none_as_empty), AlsoAccepted()] = {}
    """Wie vertrok, met het eerste agendapunt (aanvraag) waarbij diegene er niet meer was."""
    vertrokken_om: Annotated[dict[Id, Tijd], BeforeValidator(none_as_empty), AlsoAccepted()] = {}
    """Hoe laat iemand vertrok."""
    toelichting: IdLijst = []
    """Aanvragen waarvan de aanvrager een toelichting gaf."""
    besluiten: dict[Id, Besluit]
    """Per aanvraag het voorstel en de stemming, in de volgorde van de agenda."""
    opmerkingen: TekstLijst = []
    """Algemene opmerkingen voor de adviesbrief."""
    opening: Opening | None = None
    """Opening: tijd en (als het een ander is dan 'voorzitter') wie voorzat."""
    mededelingen: TekstLijst = []
    """Mededelingen aan het begin van de vergadering."""
    actiepunten: list[Actiepunt] = []
    """Afspraken: wat, wie (lid-id), uiterlijk (datum), en gedaan (datum) als het klaar is."""
    rondvraag: list[Rondvraag] = []
    """Rondvraag: per inbreng het lid en de tekst."""
    sluiting: Tijd | None = None
    """Hoe laat de voorzitter de vergadering sloot."""
    volgende_vergadering: Datum | None = None
    """Datum van de volgende vergadering."""
    volmachten: Annotated[dict[Id, Id], BeforeValidator(none_as_empty)] = {}
    """Volmachten {gever: houder}: het afwezige lid (gever) laat het aanwezige lid (houder)
    namens zich stemmen. Alleen als de ronde 'regels: volmacht' toestaat."""


from wijkcli.model.voortgang import Voortgang  # noqa: E402  (it builds on Model above)

FILE_MODELS: dict[str, type[Model]] = {
    "gebied": Gebied,
    "leden": LedenBestand,
    "wijkplan": Wijkplan,
    "ronde": Ronde,
    "aanvraag": Aanvraag,
    "vergadering": Vergadering,
    "voortgang": Voortgang,
}
"""Every file kind of the format and its model."""
