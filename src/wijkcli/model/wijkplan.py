"""Model stage: wijkplan-<jaar>.yaml (see `wijkcli.model` and docs/formaat.md)."""

from __future__ import annotations

from pydantic import Field

from wijkcli.model.base import Model, TekstLijst, UrenPerLid
from wijkcli.model.scalars import Aantal, Bedrag, Datum, Id, Jaar, Tekst

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
