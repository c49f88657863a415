"""Load stage, the codes: every problem code the load stage emits (`validate`, `walk`; the
scoring evenings' reader emits them too), registered with its explanation (`wijk check --uitleg
CODE`). `id-mismatch` is emitted by the checks as well: a code is registered in the lowest
stage that emits it."""

from __future__ import annotations

from wijkcli.problems import CODES, Severity, register_code

register_code(
    "unknown-key",
    "Onbekend veld",
    "Het veld bestaat niet in dit soort bestand, vaak door een tikfout. wijkcli weigert het, "
    "zodat bijvoorbeeld een verkeerd gespeld 'uren:' nooit stilletjes uren laat verdwijnen.",
    fout="uuren:\n  mirjam-lagerweij: 10",
    goed="uren:\n  mirjam-lagerweij: 10",
)

register_code(
    "missing-field",
    "Verplicht veld ontbreekt",
    "Het genoemde veld moet in dit bestand (of dit onderdeel) staan. De plek wijst naar het "
    "onderdeel waar het bij hoort.",
    fout="aanvrager:\n  naam: Stichting Taalvrienden",
    goed="aanvrager:\n  naam: Stichting Taalvrienden\n  soort: organisatie",
)

register_code(
    "invalid-value",
    "Ongeldige waarde",
    "De waarde past niet bij het veld: bedragen schrijf je als 1250 of 1250.50 (punt voor "
    "centen, geen punt voor duizendtallen), uren als heel getal, datums als 2017-04-13, "
    "tijden als 19:30, ids met kleine letters, cijfers en streepjes.",
    fout="bedrag: 1.250,50\ningediend: 30-03-2017",
    goed="bedrag: 1250.50\ningediend: 2017-03-30",
)

register_code(
    "invalid-choice",
    "Waarde niet toegestaan",
    "Dit veld kent een vaste lijst woorden; de melding noemt ze.",
    fout="voorstel: goedkeuren",
    goed="voorstel: toekennen",
)

register_code(
    "wrong-type",
    "Verkeerde vorm",
    "Hier hoort een andere vorm: tekst, een lijst (regels met '- ') of sleutels met waarden.",
    fout="wijken: zielhorst, schothorst",
    goed="wijken: [zielhorst, schothorst]",
)

register_code(
    "unknown-file",
    "Onbekend bestand",
    "wijkcli kent dit bestand niet en slaat het over. Controleer de naam en de map "
    "(docs/formaat.md).",
    fout="data/rondes/ronde-2017-2/aanvraag-a01.yaml",
    goed="data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml",
    severity=Severity.WARNING,
)

register_code(
    "id-mismatch",
    "Id past niet bij de bestands- of mapnaam",
    "Het id in het bestand moet gelijk zijn aan de naam van het bestand (of de map), zodat "
    "verwijzingen altijd kloppen.",
    fout="# aanvragen/a01-huiskamer.yaml\nid: a01",
    goed="# aanvragen/a01-huiskamer.yaml\nid: a01-huiskamer",
)

LOAD_CODES = tuple(code for code, u in CODES.items() if u.module == __name__)
"""The codes registered above."""
