"""Model stage: leden.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator

from wijkcli.model.base import AlsoAccepted, Model, none_as_empty
from wijkcli.model.scalars import Id, Jaar, Tekst, Uren

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
