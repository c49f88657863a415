"""Model stage: aanvragen/<aanvraag>.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from wijkcli.model.base import IdLijst, Model, UrenPerLid
from wijkcli.model.scalars import Aantal, Bedrag, Datum, Id, Nummer, Tekst

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


class Activiteit(Model):
    wat: Tekst
    """De activiteit, bijvoorbeeld 'Zomerfeest op het plein'."""
    bedrag: Bedrag
    """Wat de activiteit van het gevraagde bedrag vraagt."""


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
    activiteiten: list[Activiteit] = []
    """Activiteiten waaruit de aanvraag bestaat, elk met haar deel van het bedrag; een
    gedeeltelijk advies kent dan alleen hele activiteiten toe."""
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
