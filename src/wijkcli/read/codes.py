"""Read stage, the codes: every problem code the read stage emits (`tree`, `yamlread`, `git`),
registered with its explanation (`wijk check --uitleg CODE`)."""

from __future__ import annotations

from wijkcli.problems import CODES, Severity, register_code

register_code(
    "yaml-syntax",
    "De YAML is niet te lezen",
    "Het bestand volgt de schrijfwijze van YAML niet: vaak een inspringing die niet klopt, een "
    "dubbele punt zonder spatie erna, of een aanhalingsteken dat niet gesloten wordt.",
    fout="titel: Samen op Stap\n  gebied: szh",
    goed="titel: Samen op Stap\ngebied: szh",
)

register_code(
    "control-character",
    "Een onzichtbaar stuurteken in de tekst",
    "In het bestand staat een teken dat je niet ziet: een stuurteken (zoals escape, een "
    "tab midden in een tekst of een harde regelovergang \\r) of een teken dat de "
    "schrijfrichting omdraait. Geen veld heeft ze nodig, en in een melding of op het scherm "
    "kunnen ze tekst of bedragen vervalsen. Ook codes tussen dubbele aanhalingstekens, zoals "
    "\\e of \\u202e, worden geweigerd. Alleen de regelovergang in een tekstblok (|) mag.",
    fout='titel: "Huiskamer\\e[31m De Koperhorst"',
    goed="titel: Huiskamer De Koperhorst",
)

register_code(
    "noncharacter",
    "Een teken dat geen tekst is",
    "In het bestand staat een teken dat Unicode voor geen enkele tekst gebruikt (een "
    "'noncharacter', zoals U+FFFE of U+FDD0), meestal als code tussen dubbele "
    "aanhalingstekens (\\ufffe). Word- en Excel-bestanden kunnen het niet bevatten; haal het "
    "weg.",
    fout='titel: "Huiskamer\\ufffe De Koperhorst"',
    goed="titel: Huiskamer De Koperhorst",
)

register_code(
    "encoding",
    "Het bestand is geen UTF-8",
    "wijkcli leest alleen UTF-8. Sla het bestand in je editor op met codering UTF-8.",
    fout="(opgeslagen als Windows-1252)",
    goed="(opgeslagen als UTF-8)",
)

register_code(
    "unreadable-file",
    "Het bestand kan niet gelezen worden",
    "Het besturingssysteem weigert het bestand te openen: het is onderweg verdwenen, of je "
    "account mag het niet lezen. Geef leesrechten (of haal het bestand opnieuw op uit git).",
    fout="-w------- leden.yaml",
    goed="-rw-r--r-- leden.yaml",
)

register_code(
    "file-too-large",
    "Het bestand is te groot",
    "Geen wijkcli-bestand komt in de buurt van 1 MB; zo'n groot bestand is een vergissing.",
    fout="(een bestand van 50 MB)",
    goed="(één aanvraag per bestand)",
)

register_code(
    "duplicate-key",
    "Een sleutel staat twee keer",
    "YAML zou stilletjes de laatste waarde houden en de eerste weggooien. Houd er één.",
    fout="bedrag: 2300\nbedrag: 2500",
    goed="bedrag: 2500",
)

register_code(
    "anchor",
    "Ankers (&naam) zijn niet toegestaan",
    "Schrijf elke waarde voluit; verwijzingen binnen YAML maken een bestand lastig te "
    "controleren in een pull request.",
    fout="uren: &u {mirjam-lagerweij: 10}",
    goed="uren: {mirjam-lagerweij: 10}",
)

register_code(
    "alias",
    "Verwijzingen (*naam) zijn niet toegestaan",
    "Schrijf de waarde voluit in plaats van naar een anker te verwijzen.",
    fout="uren: *u",
    goed="uren: {mirjam-lagerweij: 10}",
)

register_code(
    "tag",
    "YAML-tags zijn niet toegestaan",
    "Schrijf alleen de waarde; wijkcli bepaalt zelf wat voor waarde het is.",
    fout="bedrag: !!float 2300",
    goed="bedrag: 2300",
)

register_code(
    "multiple-documents",
    "Meer dan één document in een bestand",
    "Een regel met '---' begint een tweede YAML-document. Eén bestand bevat precies één "
    "aanvraag, ronde of notulen.",
    fout="id: a01\n---\nid: a02",
    goed="(twee bestanden: a01.yaml en a02.yaml)",
)

register_code(
    "too-deep",
    "Te diep genest",
    "Geen wijkcli-bestand heeft meer dan een paar niveaus; dit is een vergissing.",
    fout="a: [[[[[[...]]]]]]",
    goed="a: [1, 2]",
)

register_code(
    "complex-key",
    "Een lijst of blok als sleutel",
    "Een sleutel is altijd een gewoon woord of id; YAML staat lijsten of blokken als sleutel "
    "toe (met '? '), maar dat bedoelt niemand.",
    fout="? [a, b]\n: waarde",
    goed="a: waarde",
)

register_code(
    "skipped-file",
    "Bestand overgeslagen",
    "In de mappen van data/ telt alleen wat op .yaml eindigt. Verborgen bestanden (naam "
    "begint met een punt, zoals .DS_Store), reservekopieën en restanten van een editor of "
    "git (~, .orig, .rej, .bak, .swp, .tmp), .yml-bestanden en andere bestanden (README, "
    "een .pb-export) leest wijkcli niet. Haal ze weg, of hernoem een .yml naar .yaml.",
    fout="aanvragen/a01-huiskamer.yaml~\naanvragen/a09-speeltuin.yml",
    goed="aanvragen/a09-speeltuin.yaml",
    severity=Severity.WARNING,
)

register_code(
    "wrong-extension",
    "Bestandsnaam eindigt op .YAML",
    "wijkcli leest alleen namen die op .yaml in kleine letters eindigen. Een bestand dat op "
    ".YAML of .Yaml eindigt, telt dus niet mee; omdat je dat niet zou merken, is het een "
    "fout. Hernoem het bestand.",
    fout="vergadering-szh.YAML",
    goed="vergadering-szh.yaml",
)

register_code(
    "not-a-file",
    "Geen gewoon bestand",
    "Hier staat een symbolische link (snelkoppeling), een pijp (FIFO), een socket of een "
    "apparaat. wijkcli volgt geen links en leest alleen gewone bestanden, zodat een "
    "gegevensrepository nooit iets van buiten de repository kan laten zien. Zet het echte "
    "bestand of de echte map op deze plek.",
    fout="aanvragen/a01-huiskamer.yaml -> /home/ik/a01.yaml",
    goed="aanvragen/a01-huiskamer.yaml (het bestand zelf)",
    severity=Severity.WARNING,
)

register_code(
    "bad-file-name",
    "Naam is geen UTF-8",
    "De naam van het bestand of de map bevat tekens die geen UTF-8 zijn (vaak van een oude "
    "computer); de melding toont ze als \\xNN. wijkcli slaat het over. Geef het een "
    "naam met gewone letters, cijfers en streepjes.",
    fout="aanvragen/a10-caf\\xe9.yaml",
    goed="aanvragen/a10-cafe.yaml",
)

register_code(
    "unreadable-folder",
    "Map kan niet gelezen worden",
    "Het besturingssysteem weigert de map te openen: ze is tijdens het lezen verdwenen, of "
    "je account mag haar niet lezen. Wat erin staat, telt niet mee.",
    fout="drwx------ aanvragen/",
    goed="drwxr-xr-x aanvragen/",
    severity=Severity.WARNING,
)

READ_CODES = tuple(code for code, u in CODES.items() if u.module == __name__)
"""The codes registered above."""
