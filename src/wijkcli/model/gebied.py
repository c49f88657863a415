"""Model stage: gebied.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from pydantic import Field

from wijkcli.model.base import Model
from wijkcli.model.scalars import Datum, Id, Kleur, Tekst, Tijd

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
