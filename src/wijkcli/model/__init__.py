"""Model stage: the data format (version 1) as Pydantic models, one module per file kind.

`base` (the `Model` every file model builds on, `FieldFailed`), `gebied`, `leden`, `wijkplan`,
`ronde`, `aanvraag`, `vergadering`, `voortgang`, and `scalars` (money, dates, ids). This package
is the single source of truth for the format: `wijk schema` generates the JSON Schema from it,
and docs/formaat.md describes it for volunteers. Every field is documented by its attribute
docstring (that text becomes the schema's description, shown by editors). Models are frozen and
forbid unknown keys: a misspelled `uren:` must never drop hours silently.

The names below are re-exported so that code reads `from wijkcli.model import Ronde`.
"""

from __future__ import annotations

from wijkcli.model.aanvraag import Aanvraag, Aanvrager, Activiteit, Bron, Contact, Post
from wijkcli.model.base import (
    AlsoAccepted,
    FieldFailed,
    IdLijst,
    Model,
    TekstLijst,
    UrenPerLid,
    none_as_empty,
)
from wijkcli.model.gebied import (
    Bewonersteam,
    Bijeenkomst,
    Briefhoofd,
    Gebied,
    Netwerk,
    Nieuwsbrief,
    Wijk,
)
from wijkcli.model.leden import LedenBestand, Lid, Rol
from wijkcli.model.ronde import (
    Regeling,
    Regels,
    Ronde,
    Tijdvak,
    Uitbetaling,
    Vergaderafspraak,
    Volmacht,
    has_vote,
)
from wijkcli.model.vergadering import (
    Actiepunt,
    Besluit,
    Opening,
    Rondvraag,
    Stemlijst,
    Stemmen,
    Vergadering,
    Voorstel,
)
from wijkcli.model.verzonden import Adviesregel, Herziening, Stand, Terug, Verzonden
from wijkcli.model.voortgang import (
    MAX_MONTHS,
    STATUS_ORDER,
    Betaling,
    Maanden,
    Status,
    Statusregel,
    Termijn,
    Toekenning,
    Verslag,
    Voortgang,
    Voorwaarde,
)
from wijkcli.model.wijkplan import Actie, Pool, Thema, Wijkplan

FILE_MODELS: dict[str, type[Model]] = {
    "gebied": Gebied,
    "leden": LedenBestand,
    "wijkplan": Wijkplan,
    "ronde": Ronde,
    "aanvraag": Aanvraag,
    "vergadering": Vergadering,
    "voortgang": Voortgang,
    "verzonden": Verzonden,
}
"""Every file kind of the format and its model."""

__all__ = [
    "FILE_MODELS",
    "MAX_MONTHS",
    "STATUS_ORDER",
    "Aanvraag",
    "Aanvrager",
    "Actie",
    "Actiepunt",
    "Activiteit",
    "Adviesregel",
    "AlsoAccepted",
    "Besluit",
    "Betaling",
    "Bewonersteam",
    "Bijeenkomst",
    "Briefhoofd",
    "Bron",
    "Contact",
    "FieldFailed",
    "Gebied",
    "Herziening",
    "IdLijst",
    "LedenBestand",
    "Lid",
    "Maanden",
    "Model",
    "Netwerk",
    "Nieuwsbrief",
    "Opening",
    "Pool",
    "Post",
    "Regeling",
    "Regels",
    "Rol",
    "Ronde",
    "Rondvraag",
    "Stand",
    "Status",
    "Statusregel",
    "Stemlijst",
    "Stemmen",
    "TekstLijst",
    "Termijn",
    "Terug",
    "Thema",
    "Tijdvak",
    "Toekenning",
    "Uitbetaling",
    "UrenPerLid",
    "Vergaderafspraak",
    "Vergadering",
    "Verslag",
    "Verzonden",
    "Volmacht",
    "Voorstel",
    "Voortgang",
    "Voorwaarde",
    "Wijk",
    "Wijkplan",
    "has_vote",
    "none_as_empty",
]
