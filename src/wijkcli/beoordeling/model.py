"""Scoring evenings, the model: the file kinds of a residents' scoring evening as Pydantic
models (#9).

A scoring evening ("Idols") lives in `data/beoordelingen/<id>/`: `avond.yaml` (the evening, the
question, the criteria and the scale), `kandidaten.yaml` (who presented) and one file per paper
form in `formulieren/` (`f01.yaml`, `f02.yaml`, ...). One form per file keeps a typing mistake in
a pull request to a diff of a few lines, and two volunteers typing forms never edit the same file.

Participants are anonymous: a form carries the number written on the paper, never a name (the
models forbid unknown keys, so a `naam:` on a form is refused). Every field is documented by its
attribute docstring; that text becomes the JSON Schema description shown by editors.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from wijkcli.model import AlsoAccepted, IdLijst, Model, TekstLijst, none_as_empty
from wijkcli.model.scalars import Aantal, Datum, Id, Tekst, Tijd, parse_count


def parse_positive(value: Any) -> int:
    """A whole number of at least 1 (weights, participant numbers, minimum counts)."""
    number = parse_count(value)
    if number < 1:
        raise PydanticCustomError("wijk", "hier hoort een geheel getal van 1 of meer")
    return number


Positief = Annotated[
    int,
    BeforeValidator(parse_positive),
    WithJsonSchema({"type": ["integer", "string"], "pattern": "^0*[1-9][0-9]*$", "minimum": 1}),
]
"""A whole number, 1 or more."""

Score = Aantal
"""One score from a paper form: a whole number; whether it lies on the scale is a cross-check
(`score-out-of-scale`), so the message can name the scale of this evening."""


ScoresPerKandidaat = Annotated[
    dict[Id, dict[Id, Score]], BeforeValidator(none_as_empty), AlsoAccepted()
]


class Schaal(Model):
    min: Aantal = 1
    """Laagste score op het formulier (standaard 1)."""
    max: Aantal = 5
    """Hoogste score op het formulier (standaard 5); moet hoger zijn dan min."""


class Criterium(Model):
    id: Id
    """Korte id van het criterium; de formulieren gebruiken die: 'wijkkennis'."""
    naam: Tekst
    """Naam zoals op het formulier en in het advies: 'Kennis van de wijk'."""
    uitleg: Tekst | None = None
    """Wat deelnemers bij dit criterium beoordelen (zoals op het formulier uitgelegd)."""
    gewicht: Positief = 1
    """Hoe zwaar het criterium telt (geheel getal, 1 of meer; standaard 1). Gewicht 2 telt
    twee keer zo zwaar als gewicht 1."""


class Avond(Model):
    """data/beoordelingen/<id>/avond.yaml: de beoordelingsavond, de vraag en de criteria."""

    id: Id
    """Id van de avond; gelijk aan de mapnaam."""
    titel: Tekst
    """Titel van de avond, bijvoorbeeld 'Bewonersavond aanbesteding welzijn'."""
    datum: Datum
    """Datum van de avond (JJJJ-MM-DD)."""
    begin: Tijd | None = None
    """Begintijd, bijvoorbeeld 19:30."""
    eind: Tijd | None = None
    """Eindtijd, bijvoorbeeld 22:00."""
    plek: Tekst
    """Waar de avond was."""
    organisator: Tekst
    """Wie de avond organiseerde en het advies stuurt, bijvoorbeeld 'Bewonersteam SZH'."""
    vraag: Tekst
    """De vraag die bewoners beantwoordden, zoals die in het advies komt."""
    ontvanger: Tekst
    """Wie het advies krijgt en besluit, bijvoorbeeld de adviescommissie van de gemeente."""
    advies_uiterlijk: Datum | None = None
    """Uiterste datum van het advies; het advies draagt deze datum (anders de datum van de
    avond), zodat dezelfde bestanden altijd hetzelfde advies geven."""
    inleiding: TekstLijst = Field(default_factory=list)
    """Alinea's die het advies vooraf gaan: aanleiding, hoe de avond verliep."""
    schaal: Schaal = Schaal.model_construct()  # as Schaal(), its validator not built (#32)
    """De schaal van de scores op het formulier (standaard 1 tot en met 5)."""
    minimum_formulieren: Positief = 5
    """Een kandidaat met minder formulieren dan dit krijgt een waarschuwing en geen plaats in
    de rangorde: te weinig om te vergelijken (standaard 5)."""
    criteria: list[Criterium] = Field(min_length=1)
    """De criteria op het formulier, in de volgorde van het formulier."""


class Kandidaat(Model):
    id: Id
    """Korte id van de kandidaat; de formulieren gebruiken die: 'welzijn-samen'."""
    naam: Tekst
    """Naam zoals in het advies: 'Welzijn Samen'."""
    omschrijving: Tekst | None = None
    """Een of twee zinnen over de kandidaat of de presentatie."""


class KandidatenBestand(Model):
    """data/beoordelingen/<id>/kandidaten.yaml: wie zich presenteerde, in de volgorde van de
    avond."""

    kandidaten: list[Kandidaat] = Field(min_length=1)
    """De kandidaten die zich presenteerden."""


class Formulier(Model):
    """data/beoordelingen/<id>/formulieren/f<nummer>.yaml: één ingevuld papieren formulier."""

    deelnemer: Positief
    """Het (anonieme) nummer op het papieren formulier; gelijk aan het nummer in de
    bestandsnaam (f07.yaml: deelnemer 7). Nooit een naam."""
    verbonden_met: IdLijst = Field(default_factory=list)
    """Kandidaten waar deze deelnemer aan verbonden is (werkt er, is vrijwilliger, familie):
    die beoordeelt de deelnemer niet."""
    scores: ScoresPerKandidaat = Field(default_factory=dict)
    """Per kandidaat per criterium de score: {welzijn-samen: {regie: 4}}. Een
    criterium dat de deelnemer open liet, laat je weg."""


BEOORDELING_FILE_MODELS: dict[str, type[Model]] = {
    "avond": Avond,
    "kandidaten": KandidatenBestand,
    "formulier": Formulier,
}
"""Every file kind of a scoring evening and its model (for loading and `wijk schema`)."""
