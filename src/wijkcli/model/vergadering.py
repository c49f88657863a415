"""Model stage: vergadering-<gebied>.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator

from wijkcli.model.base import AlsoAccepted, IdLijst, Model, TekstLijst, UrenPerLid, none_as_empty
from wijkcli.model.scalars import Aantal, Bedrag, Datum, Id, Tekst, Tijd

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
    notulen_vastgesteld: Datum | None = None
    """Datum waarop het team deze notulen vaststelde (in een volgende vergadering; niet vóór
    deze vergadering). Leeg: de notulen zijn nog een concept. `wijk notulen RONDE --vastgesteld
    DATUM` zet het erin."""
    volmachten: Annotated[dict[Id, Id], BeforeValidator(none_as_empty)] = {}
    """Volmachten {gever: houder}: het afwezige lid (gever) laat het aanwezige lid (houder)
    namens zich stemmen. Alleen als de ronde 'regels: volmacht' toestaat."""
