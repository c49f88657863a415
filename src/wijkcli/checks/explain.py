"""What each problem code means, for `wijk check --uitleg CODE`: the volunteer-facing
explanation with an example of the fix. Every code a check can report has an entry here
(a test keeps the two in step)."""

from __future__ import annotations

from typing import NamedTuple


class Uitleg(NamedTuple):
    titel: str
    uitleg: str
    fout: str
    goed: str


CODES: dict[str, Uitleg] = {
    "yaml-syntax": Uitleg(
        "De YAML is niet te lezen",
        "Het bestand volgt de schrijfwijze van YAML niet: vaak een inspringing die niet klopt, een "
        "dubbele punt zonder spatie erna, of een aanhalingsteken dat niet gesloten wordt.",
        "titel: Samen op Stap\n  gebied: szh",
        "titel: Samen op Stap\ngebied: szh",
    ),
    "control-character": Uitleg(
        "Een onzichtbaar stuurteken in de tekst",
        "In het bestand staat een teken dat je niet ziet: een stuurteken (zoals escape, een "
        "tab midden in een tekst of een harde regelovergang \\r) of een teken dat de "
        "schrijfrichting omdraait. Geen veld heeft ze nodig, en in een melding of op het scherm "
        "kunnen ze tekst of bedragen vervalsen. Ook codes tussen dubbele aanhalingstekens, zoals "
        "\\e of \\u202e, worden geweigerd. Alleen de regelovergang in een tekstblok (|) mag.",
        'titel: "Huiskamer\\e[31m De Koperhorst"',
        "titel: Huiskamer De Koperhorst",
    ),
    "encoding": Uitleg(
        "Het bestand is geen UTF-8",
        "wijkcli leest alleen UTF-8. Sla het bestand in je editor op met codering UTF-8.",
        "(opgeslagen als Windows-1252)",
        "(opgeslagen als UTF-8)",
    ),
    "unreadable-file": Uitleg(
        "Het bestand kan niet gelezen worden",
        "Het besturingssysteem weigert het bestand te openen: het is onderweg verdwenen, of je "
        "account mag het niet lezen. Geef leesrechten (of haal het bestand opnieuw op uit git).",
        "-w------- leden.yaml",
        "-rw-r--r-- leden.yaml",
    ),
    "file-too-large": Uitleg(
        "Het bestand is te groot",
        "Geen wijkcli-bestand komt in de buurt van 1 MB; zo'n groot bestand is een vergissing.",
        "(een bestand van 50 MB)",
        "(één aanvraag per bestand)",
    ),
    "duplicate-key": Uitleg(
        "Een sleutel staat twee keer",
        "YAML zou stilletjes de laatste waarde houden en de eerste weggooien. Houd er één.",
        "bedrag: 2300\nbedrag: 2500",
        "bedrag: 2500",
    ),
    "anchor": Uitleg(
        "Ankers (&naam) zijn niet toegestaan",
        "Schrijf elke waarde voluit; verwijzingen binnen YAML maken een bestand lastig te "
        "controleren in een pull request.",
        "uren: &u {mirjam-lagerweij: 10}",
        "uren: {mirjam-lagerweij: 10}",
    ),
    "alias": Uitleg(
        "Verwijzingen (*naam) zijn niet toegestaan",
        "Schrijf de waarde voluit in plaats van naar een anker te verwijzen.",
        "uren: *u",
        "uren: {mirjam-lagerweij: 10}",
    ),
    "tag": Uitleg(
        "YAML-tags zijn niet toegestaan",
        "Schrijf alleen de waarde; wijkcli bepaalt zelf wat voor waarde het is.",
        "bedrag: !!float 2300",
        "bedrag: 2300",
    ),
    "multiple-documents": Uitleg(
        "Meer dan één document in een bestand",
        "Een regel met '---' begint een tweede YAML-document. Eén bestand bevat precies één "
        "aanvraag, ronde of notulen.",
        "id: a01\n---\nid: a02",
        "(twee bestanden: a01.yaml en a02.yaml)",
    ),
    "too-deep": Uitleg(
        "Te diep genest",
        "Geen wijkcli-bestand heeft meer dan een paar niveaus; dit is een vergissing.",
        "a: [[[[[[...]]]]]]",
        "a: [1, 2]",
    ),
    "complex-key": Uitleg(
        "Een lijst of blok als sleutel",
        "Een sleutel is altijd een gewoon woord of id; YAML staat lijsten of blokken als sleutel "
        "toe (met '? '), maar dat bedoelt niemand.",
        "? [a, b]\n: waarde",
        "a: waarde",
    ),
    "unknown-key": Uitleg(
        "Onbekend veld",
        "Het veld bestaat niet in dit soort bestand, vaak door een tikfout. wijkcli weigert het, "
        "zodat bijvoorbeeld een verkeerd gespeld 'uren:' nooit stilletjes uren laat verdwijnen.",
        "uuren:\n  mirjam-lagerweij: 10",
        "uren:\n  mirjam-lagerweij: 10",
    ),
    "missing-field": Uitleg(
        "Verplicht veld ontbreekt",
        "Het genoemde veld moet in dit bestand (of dit onderdeel) staan. De plek wijst naar het "
        "onderdeel waar het bij hoort.",
        "aanvrager:\n  naam: Stichting Taalvrienden",
        "aanvrager:\n  naam: Stichting Taalvrienden\n  soort: organisatie",
    ),
    "invalid-value": Uitleg(
        "Ongeldige waarde",
        "De waarde past niet bij het veld: bedragen schrijf je als 1250 of 1250.50 (punt voor "
        "centen, geen punt voor duizendtallen), uren als heel getal, datums als 2017-04-13, "
        "tijden als 19:30, ids met kleine letters, cijfers en streepjes.",
        "bedrag: 1.250,50\ningediend: 30-03-2017",
        "bedrag: 1250.50\ningediend: 2017-03-30",
    ),
    "invalid-choice": Uitleg(
        "Waarde niet toegestaan",
        "Dit veld kent een vaste lijst woorden; de melding noemt ze.",
        "voorstel: goedkeuren",
        "voorstel: toekennen",
    ),
    "wrong-type": Uitleg(
        "Verkeerde vorm",
        "Hier hoort een andere vorm: tekst, een lijst (regels met '- ') of sleutels met waarden.",
        "wijken: zielhorst, schothorst",
        "wijken: [zielhorst, schothorst]",
    ),
    "unknown-file": Uitleg(
        "Onbekend bestand",
        "wijkcli kent dit bestand niet en slaat het over. Controleer de naam en de map "
        "(docs/formaat.md).",
        "data/rondes/ronde-2017-2/aanvraag-a01.yaml",
        "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml",
    ),
    "skipped-file": Uitleg(
        "Bestand overgeslagen",
        "In de mappen van data/ telt alleen wat op .yaml eindigt. Verborgen bestanden (naam "
        "begint met een punt, zoals .DS_Store), reservekopieën en restanten van een editor of "
        "git (~, .orig, .rej, .bak, .swp, .tmp), .yml-bestanden en andere bestanden (README, "
        "een .pb-export) leest wijkcli niet. Haal ze weg, of hernoem een .yml naar .yaml.",
        "aanvragen/a01-huiskamer.yaml~\naanvragen/a09-speeltuin.yml",
        "aanvragen/a09-speeltuin.yaml",
    ),
    "wrong-extension": Uitleg(
        "Bestandsnaam eindigt op .YAML",
        "wijkcli leest alleen namen die op .yaml in kleine letters eindigen. Een bestand dat op "
        ".YAML of .Yaml eindigt, telt dus niet mee; omdat je dat niet zou merken, is het een "
        "fout. Hernoem het bestand.",
        "vergadering-szh.YAML",
        "vergadering-szh.yaml",
    ),
    "not-a-file": Uitleg(
        "Geen gewoon bestand",
        "Hier staat een symbolische link (snelkoppeling), een pijp (FIFO), een socket of een "
        "apparaat. wijkcli volgt geen links en leest alleen gewone bestanden, zodat een "
        "gegevensrepository nooit iets van buiten de repository kan laten zien. Zet het echte "
        "bestand of de echte map op deze plek.",
        "aanvragen/a01-huiskamer.yaml -> /home/ik/a01.yaml",
        "aanvragen/a01-huiskamer.yaml (het bestand zelf)",
    ),
    "bad-file-name": Uitleg(
        "Naam is geen UTF-8",
        "De naam van het bestand of de map bevat tekens die geen UTF-8 zijn (vaak van een oude "
        "computer); de melding toont ze als \\xNN. wijkcli slaat het over. Geef het een "
        "naam met gewone letters, cijfers en streepjes.",
        "aanvragen/a10-caf\\xe9.yaml",
        "aanvragen/a10-cafe.yaml",
    ),
    "unreadable-folder": Uitleg(
        "Map kan niet gelezen worden",
        "Het besturingssysteem weigert de map te openen: ze is tijdens het lezen verdwenen, of "
        "je account mag haar niet lezen. Wat erin staat, telt niet mee.",
        "drwx------ aanvragen/",
        "drwxr-xr-x aanvragen/",
    ),
    "missing-file": Uitleg(
        "Bestand ontbreekt",
        "Elk gebied heeft een gebied.yaml en leden.yaml; elke ronde een ronde.yaml.",
        "data/gebieden/szh/ (zonder gebied.yaml)",
        "data/gebieden/szh/gebied.yaml",
    ),
    "id-mismatch": Uitleg(
        "Id past niet bij de bestands- of mapnaam",
        "Het id in het bestand moet gelijk zijn aan de naam van het bestand (of de map), zodat "
        "verwijzingen altijd kloppen.",
        "# aanvragen/a01-huiskamer.yaml\nid: a01",
        "# aanvragen/a01-huiskamer.yaml\nid: a01-huiskamer",
    ),
    "duplicate-id": Uitleg(
        "Id komt twee keer voor",
        "Elk id is uniek binnen zijn lijst (leden, wijken, thema's).",
        "- id: priya-ramdin\n- id: priya-ramdin",
        "- id: priya-ramdin\n- id: priya-ramdin-2",
    ),
    "duplicate-priority": Uitleg(
        "Twee thema's met dezelfde prioriteit",
        "De uren van professionals gaan eerst naar het thema met de hoogste prioriteit (1). "
        "Hebben twee thema's dezelfde prioriteit, dan beslist de volgorde in het bestand wie ze "
        "krijgt als er te weinig zijn. Dat is een waarschuwing: geef elk thema een eigen nummer.",
        "- id: jeugd\n  prioriteit: 2\n- id: omzien\n  prioriteit: 2",
        "- id: jeugd\n  prioriteit: 2\n- id: omzien\n  prioriteit: 3",
    ),
    "unknown-member": Uitleg(
        "Onbekend lid",
        "Het id staat niet in leden.yaml van het gebied. Vaak een tikfout; de hint noemt het "
        "id dat er het meest op lijkt.",
        "voor: [priya-ramdn]",
        "voor: [priya-ramdin]",
    ),
    "unknown-professional": Uitleg(
        "Onbekende professional",
        "Uren horen bij een professional uit leden.yaml (rol: professional) van het gebied.",
        "uren: {mirjam: 10}",
        "uren: {mirjam-lagerweij: 10}",
    ),
    "not-a-professional": Uitleg(
        "Geen professional",
        "Alleen professionals hebben uren; dit lid heeft een andere rol.",
        "uren: {joke-aldersveld: 10}",
        "uren: {mirjam-lagerweij: 10}",
    ),
    "hours-not-professional": Uitleg(
        "Uren bij iemand die geen professional is",
        "Uren per jaar tellen alleen bij professionals; bij andere leden worden ze genegeerd.",
        "rol: bewonersteam\nuren: {2017: 10}",
        "rol: bewonersteam",
    ),
    "unknown-wijk": Uitleg(
        "Onbekende wijk",
        "De wijk staat niet in gebied.yaml.",
        "wijken: [zielhorts]",
        "wijken: [zielhorst]",
    ),
    "unknown-gebied": Uitleg(
        "Onbekend gebied",
        "Het gebied heeft geen map in data/gebieden/.",
        "gebied: szhh",
        "gebied: szh",
    ),
    "unknown-thema": Uitleg(
        "Thema staat niet in het wijkplan",
        "Een aanvraag noemt een thema uit het wijkplan van het jaar van de ronde.",
        "thema: ontmoeting",
        "thema: ontmoeten",
    ),
    "unknown-aanvraag": Uitleg(
        "Onbekende aanvraag",
        "Er is geen bestand aanvragen/<id>.yaml in deze ronde.",
        "besluiten:\n  a09-onbekend: ...",
        "besluiten:\n  a08-taalcafe: ...",
    ),
    "gebied-not-in-ronde": Uitleg(
        "Gebied doet niet mee in de ronde",
        "De ronde heeft geen budget voor dit gebied (budget in ronde.yaml).",
        "budget: {amf-noord: 20000}",
        "budget: {szh: 21000}",
    ),
    "wrong-gebied": Uitleg(
        "Aanvraag van een ander gebied",
        "De notulen van een gebied besluiten alleen over aanvragen van dat gebied.",
        "(aanvraag met gebied: noord in vergadering-szh.yaml)",
        "(zet het besluit in vergadering-noord.yaml)",
    ),
    "missing-wijkplan": Uitleg(
        "Wijkplan ontbreekt",
        "Zonder wijkplan van dat jaar kan wijkcli thema's van aanvragen niet toetsen.",
        "(geen wijkplan-2017.yaml)",
        "data/gebieden/szh/wijkplan-2017.yaml",
    ),
    "date-order": Uitleg(
        "Datums in de verkeerde volgorde",
        "Indienen, vergadering, advies, besluit en bekendmaking volgen elkaar op.",
        "indienen_tot: 2017-03-31\nadvies_uiterlijk: 2017-03-19",
        "indienen_tot: 2017-03-31\nadvies_uiterlijk: 2017-04-19",
    ),
    "date-mismatch": Uitleg(
        "Andere vergaderdatum",
        "De notulen hebben een andere datum dan de vergadering in ronde.yaml.",
        "datum: 2017-04-14",
        "datum: 2017-04-13",
    ),
    "time-order": Uitleg(
        "Eindtijd voor begintijd",
        "De vergadering eindigt na het begin.",
        "begin: 21:45\neind: 19:30",
        "begin: 19:30\neind: 21:45",
    ),
    "late": Uitleg(
        "Te laat ingediend",
        "De aanvraag kwam na indienen_tot van de ronde; het team beslist of het die meeneemt.",
        "ingediend: 2017-04-02",
        "ingediend: 2017-03-30",
    ),
    "budget-sum": Uitleg(
        "Begroting telt niet op",
        "De posten van de begroting horen samen het gevraagde bedrag plus de eigen bijdrage te "
        "zijn; cofinanciering is een deel van de eigen bijdrage.",
        "bedrag: 2300\neigen_bijdrage: 780\nbegroting: [{post: Huur, bedrag: 2000}]",
        "bedrag: 2300\neigen_bijdrage: 780\nbegroting: [{post: Huur, bedrag: 3080}]",
    ),
    "carry-over-twice": Uitleg(
        "Restbudget dubbel geteld?",
        "Een eerdere ronde van hetzelfde jaar staat in data/; wijkcli rekent wat die overhield "
        "zelf door. 'doorgeschoven' is alleen voor een ronde die niet in data/ staat.",
        "doorgeschoven: {szh: 1637.55}",
        "(laat doorgeschoven weg)",
    ),
    "present-and-absent": Uitleg(
        "Zowel aanwezig als afgemeld",
        "Iemand staat in beide lijsten van de notulen; kies er één.",
        "aanwezig: [priya-ramdin]\nafgemeld: [priya-ramdin]",
        "aanwezig: [priya-ramdin]",
    ),
    "left-but-absent": Uitleg(
        "Vertrokken maar niet aanwezig",
        "Wie vertrok, moet eerst aanwezig zijn geweest.",
        "vertrokken: {ahmet-yildiz: a08-taalcafe}   # niet in aanwezig",
        "aanwezig: [..., ahmet-yildiz]\nvertrokken: {ahmet-yildiz: a08-taalcafe}",
    ),
    "left-time-only": Uitleg(
        "Vertrektijd zonder vertrek",
        "Bij vertrokken_om hoort ook een regel bij vertrokken (vanaf welk agendapunt).",
        "vertrokken_om: {ahmet-yildiz: 21:15}",
        "vertrokken: {ahmet-yildiz: a08-taalcafe}\nvertrokken_om: {ahmet-yildiz: 21:15}",
    ),
    "not-discussed": Uitleg(
        "Aanvraag niet behandeld",
        "Een aanvraag van dit gebied heeft geen besluit in de notulen.",
        "(geen besluit voor a08-taalcafe)",
        "besluiten:\n  a08-taalcafe:\n    voorstel: aanhouden\n    stemmen: {...}",
    ),
    "missing-votes": Uitleg(
        "Aanwezige leden zonder stem",
        "Bij een openbare stemming staat elk lid dat bij het agendapunt aanwezig was en stemrecht "
        "heeft bij voor, tegen of onthouding (wie een persoonlijk belang heeft niet). Anders "
        "noemt de brief meer aanwezigen dan er stemmen zijn, zonder te zeggen waarom. Wie zich "
        "onthield hoort bij onthouding; wie al weg was bij vertrokken.",
        "aanwezig: [joke-aldersveld, priya-ramdin]\n... stemmen: {voor: [joke-aldersveld]}",
        "... stemmen: {voor: [joke-aldersveld], onthouding: [priya-ramdin]}",
    ),
    "duplicate-nummer": Uitleg(
        "Twee aanvragen met hetzelfde agendanummer",
        "Het nummer (A01, A02, ...) wijst een aanvraag op de agenda en in de brief aan; twee "
        "aanvragen van hetzelfde gebied in één ronde hebben elk een eigen nummer.",
        "a01-huiskamer.yaml: nummer: A01\na02-wijkgids.yaml: nummer: A01",
        "a02-wijkgids.yaml: nummer: A02",
    ),
    "absent-vote": Uitleg(
        "Stem van iemand die er niet was",
        "Alleen wie bij dat agendapunt aanwezig was stemt: niet wie zich afmeldde of al "
        "vertrokken was (zie vertrokken in de notulen).",
        "vertrokken: {ahmet-yildiz: a08-taalcafe}\n"
        "... a08-taalcafe: stemmen: {voor: [ahmet-yildiz]}",
        "(haal de stem weg, of corrigeer vertrokken)",
    ),
    "duplicate-vote": Uitleg(
        "Twee keer gestemd",
        "Elk lid stemt hoogstens één keer per agendapunt (voor, tegen of onthouding).",
        "voor: [priya-ramdin]\ntegen: [priya-ramdin]",
        "voor: [priya-ramdin]",
    ),
    "recused-vote": Uitleg(
        "Stem van een lid met een persoonlijk belang",
        "Wie bij betrokken_leden van de aanvraag staat (of in de vergadering een belang meldde) "
        "neemt niet deel aan beraadslaging en stemming; de brief vermeldt dat.",
        "betrokken_leden: [tineke-van-t-zand]\n... voor: [tineke-van-t-zand]",
        "(haal de stem weg)",
    ),
    "not-a-voter": Uitleg(
        "Geen stemrecht",
        "Alleen leden met rol bewonersteam stemmen; professionals en wijknetwerkleden hebben een "
        "adviserende stem (tenzij de ronde 'stemrecht: bewonersteam-en-professionals' zegt).",
        "voor: [mirjam-lagerweij]",
        "(haal de stem weg)",
    ),
    "named-secret-vote": Uitleg(
        "Namen bij een geheime stemming",
        "Bij stemming: geheim noteren de notulen alleen aantallen.",
        "voor: [joke-aldersveld, ruud-kamperman]",
        "voor: 2",
    ),
    "count-open-vote": Uitleg(
        "Alleen aantallen bij een openbare stemming",
        "Bij stemming: openbaar noteren de notulen wie er voor, tegen of blanco stemde.",
        "voor: 2",
        "voor: [joke-aldersveld, ruud-kamperman]",
    ),
    "too-many-votes": Uitleg(
        "Meer stemmen dan stemgerechtigden",
        "Er zijn meer stemmen geteld dan er stemgerechtigde leden aanwezig waren.",
        "voor: 9\ntegen: 3   # 10 aanwezig",
        "voor: 7\ntegen: 3",
    ),
    "advice-exceeds-request": Uitleg(
        "Voorstel hoger dan gevraagd",
        "Het Bewonersteam adviseert nooit meer dan er gevraagd is.",
        "bedrag: 9000   # gevraagd 8500",
        "bedrag: 8500",
    ),
    "amount-with-rejection": Uitleg(
        "Bedrag bij afwijzen of aanhouden",
        "Bij afwijzen of aanhouden hoort geen bedrag en horen geen uren.",
        "voorstel: afwijzen\nbedrag: 850",
        "voorstel: afwijzen",
    ),
    "partial-as-full": Uitleg(
        "'toekennen' met een lager bedrag",
        "Wie minder adviseert dan gevraagd, schrijft 'gedeeltelijk'.",
        "voorstel: toekennen\nbedrag: 6500   # gevraagd 8500",
        "voorstel: gedeeltelijk\nbedrag: 6500",
    ),
    "hours-not-asked": Uitleg(
        "Uren die niet gevraagd zijn",
        "Het voorstel geeft uren van een professional die de aanvraag niet noemt.",
        "uren: {gerda-wolters: 10}   # niet gevraagd",
        "(haal de uren weg, of vraag ze in de aanvraag)",
    ),
    "hours-exceed-request": Uitleg(
        "Meer uren dan gevraagd",
        "Het voorstel geeft een professional meer uren dan de aanvraag vroeg.",
        "uren: {mirjam-lagerweij: 50}   # gevraagd 40",
        "uren: {mirjam-lagerweij: 40}",
    ),
    "chair-decision-unused": Uitleg(
        "Beslissing van de voorzitter telt niet",
        "voorzitter_beslist geldt alleen als de ronde 'staking: voorzitter' als regel heeft.",
        "voorzitter_beslist: aangenomen",
        "regels:\n  staking: voorzitter",
    ),
    "negative-budget": Uitleg(
        "Minder dan niets te verdelen",
        "Wat het gebied in deze ronde heeft (budget plus wat eerdere rondes van het jaar "
        "overhielden of terugkregen) is negatief: Indebuurt033 kende in een eerdere ronde meer "
        "toe dan er was (een voortgangsbestand met een hoger bedrag dan het advies en een "
        "reden). Kijk de bedragen onder besluit in die voortgangsbestanden na.",
        "besluit:\n  bedrag: 40000\n  reden: Extra.",
        "besluit:\n  bedrag: 6500",
    ),
    "over-budget": Uitleg(
        "Meer aangenomen dan er geld is",
        "De aangenomen voorstellen vragen samen meer dan het gebied in deze ronde heeft (budget "
        "plus wat eerdere rondes van het jaar overhielden). Kies in ronde.yaml een regel die "
        "bepaalt wat past.",
        "regels: {}",
        "regels:\n  toewijzing: steun-overslaan",
    ),
    "allocation-impossible": Uitleg(
        "Toewijzing kan niet",
        "De gekozen toewijzing kan met deze gegevens niet (gelijke delen heeft namen van "
        "stemmers nodig, dus een openbare stemming).",
        "stemming: geheim\nregels: {toewijzing: gelijke-delen}",
        "stemming: geheim\nregels: {toewijzing: steun-overslaan}",
    ),
    "hours-exceeded": Uitleg(
        "Meer uren dan er zijn",
        "Het wijkplan (acties en pool) claimt meer uren dan een professional dat jaar heeft, of "
        "de aangenomen adviezen geven meer uren dan de ronde vrijmaakt. De melding wijst de "
        "claim aan die de grens overschrijdt.",
        "uren: {youssef-bakkali: 80}   # ronde maakt 60 vrij",
        "uren: {youssef-bakkali: 40}",
    ),
    "bad-logo": Uitleg(
        "Het logo van het briefhoofd is niet te gebruiken",
        "Het logo in briefhoofd (gebied.yaml) komt boven de PDF-brief. Het pad geldt vanaf de "
        "map van het gebied en moet binnen de data-map blijven (geen absoluut pad, geen .. naar "
        "buiten, geen snelkoppeling naar elders); het bestand is een png, jpg of svg van "
        "hoogstens 1 MB.",
        "briefhoofd:\n  logo: ../../../logo.png",
        "briefhoofd:\n  logo: logo.png",
    ),
    "hours-asked-exceed": Uitleg(
        "Meer uren gevraagd dan de ronde vrijmaakt",
        "Een waarschuwing vóór de vergadering: in de aanvragen staan in totaal meer uren van een "
        "professional dan de ronde vrijmaakt. Het voorstel van de voorzitter moet minder geven.",
        "uren: {youssef-bakkali: 80}   # ronde maakt 60 vrij",
        "(in het voorstel: uren: {youssef-bakkali: 40})",
    ),
    "hours-no-year": Uitleg(
        "Geen uren voor dat jaar",
        "Het wijkplan claimt uren van een professional die voor dat jaar geen uren heeft in "
        "leden.yaml.",
        "uren: {2016: 720}",
        "uren: {2016: 720, 2017: 720}",
    ),
    "score-out-of-scale": Uitleg(
        "Score buiten de schaal",
        "Een score op een beoordelingsformulier ligt tussen schaal.min en schaal.max van "
        "avond.yaml (standaard 1 tot en met 5). Neem de score over zoals op het papier staat; "
        "is die onleesbaar, laat het criterium dan weg.",
        "welzijn-samen: {regie: 7, wijkkennis: 4}",
        "welzijn-samen: {regie: 5, wijkkennis: 4}",
    ),
    "unknown-kandidaat": Uitleg(
        "Onbekende kandidaat",
        "Een formulier (bij scores of verbonden_met) noemt een kandidaat die niet in "
        "kandidaten.yaml van die beoordeling staat; vaak een tikfout in het id.",
        "scores:\n  naoberschop: {regie: 3}",
        "scores:\n  naoberschap: {regie: 3}",
    ),
    "unknown-criterium": Uitleg(
        "Onbekend criterium",
        "Een formulier geeft een score voor een criterium dat niet in de criteria van "
        "avond.yaml staat; gebruik het id van het criterium, niet de naam.",
        "welzijn-samen: {wijkenis: 4}",
        "welzijn-samen: {wijkkennis: 4}",
    ),
    "recused-score": Uitleg(
        "Score van een verbonden deelnemer",
        "Wie aan een kandidaat verbonden is (werkt er, is vrijwilliger of familie), staat met "
        "die kandidaat onder verbonden_met en beoordeelt die kandidaat niet. Staan er toch "
        "scores op het papier, typ ze dan niet over: wijkcli telt ze nooit.",
        "verbonden_met: [buurtkracht-eemland]\nscores:\n  buurtkracht-eemland: {regie: 5}",
        "verbonden_met: [buurtkracht-eemland]\nscores:\n  welzijn-samen: {regie: 4}",
    ),
    "duplicate-participant": Uitleg(
        "Deelnemersnummer staat op twee formulieren",
        "Elk papieren formulier heeft een eigen nummer, en elk nummer één bestand "
        "formulieren/f<nummer>.yaml. Twee bestanden met hetzelfde nummer tellen een formulier "
        "dubbel (vaak een gekopieerd bestand).",
        "f05.yaml: deelnemer: 5\nf5.yaml:  deelnemer: 5",
        "f05.yaml: deelnemer: 5\nf06.yaml: deelnemer: 6",
    ),
    "missing-score": Uitleg(
        "Open gelaten score",
        "Een deelnemer gaf een kandidaat op een of meer criteria geen score. Dat kan (het "
        "papier was leeg); dat criterium telt dan voor die kandidaat zonder dit formulier, niet "
        "als nul. Controleer of het papier echt leeg was.",
        "zorg-en-buurt: {regie: 3, wijkkennis: 3, samenwerking: 2}",
        "zorg-en-buurt: {regie: 3, wijkkennis: 3, samenwerking: 2, bereikbaar: 4}",
    ),
    "too-few-scores": Uitleg(
        "Te weinig formulieren voor een kandidaat",
        "Een kandidaat met minder formulieren dan minimum_formulieren (avond.yaml, standaard 5) "
        "krijgt geen plaats in de rangorde: te weinig om eerlijk te vergelijken. Het cijfer "
        "staat er ter informatie bij. Controleer of alle formulieren zijn ingevoerd; wil het "
        "team toch vergelijken, zet minimum_formulieren dan lager.",
        "minimum_formulieren: 5   # wijkwijs heeft 4 formulieren",
        "(voer de ontbrekende formulieren in, of: minimum_formulieren: 4)",
    ),
    "unfinished-item": Uitleg(
        "Agendapunt nog niet afgehandeld",
        "De notulen zijn nog in de maak (zoals `wijk nieuw vergadering` ze begint): bij dit "
        "agendapunt staat nog geen voorstel, of nog niemand stemde. Dat is geen fout, maar "
        "`wijk advies` maakt pas een brief als elk agendapunt een voorstel en stemmen heeft.",
        "a01-huiskamer:\n  voorstel:\n  stemmen: {voor: [], tegen: [], onthouding: []}",
        "a01-huiskamer:\n  voorstel: toekennen\n  stemmen: {voor: [joke-aldersveld], ...}",
    ),
    "proxy-not-allowed": Uitleg(
        "Volmachten zonder regel",
        "De notulen noemen volmachten, maar de ronde staat stemmen bij volmacht niet toe. "
        "Zet het aan in ronde.yaml, of haal de volmachten weg.",
        "volmachten: {anneloes-verhagen: joke-aldersveld}   # ronde zonder volmacht",
        "# ronde.yaml\nregels:\n  volmacht: true",
    ),
    "proxy-not-a-voter": Uitleg(
        "Volmacht van of aan iemand zonder stemrecht",
        "Alleen leden met stemrecht geven of krijgen een volmacht.",
        "volmachten: {anneloes-verhagen: mirjam-lagerweij}   # professional",
        "volmachten: {anneloes-verhagen: joke-aldersveld}",
    ),
    "proxy-self": Uitleg(
        "Volmacht aan zichzelf",
        "Gever en houder van een volmacht zijn twee verschillende leden.",
        "volmachten: {joke-aldersveld: joke-aldersveld}",
        "volmachten: {anneloes-verhagen: joke-aldersveld}",
    ),
    "proxy-holder-absent": Uitleg(
        "Houder van de volmacht was er niet",
        "Een stem bij volmacht telt alleen als de houder bij dat agendapunt aanwezig was. Was de "
        "houder afgemeld, of al vertrokken (zie vertrokken), dan telt de stem van de gever niet.",
        "vertrokken: {ahmet-yildiz: a08-taalcafe}\nvolmachten: {anneloes-verhagen: ahmet-yildiz}"
        "\n... a08-taalcafe: stemmen: {voor: [anneloes-verhagen]}",
        "(haal de stem weg: bij a08-taalcafe was de houder al weg)",
    ),
    "proxy-holder-recused": Uitleg(
        "Houder van de volmacht heeft een belang",
        "Wie een persoonlijk belang heeft bij een aanvraag, stemt niet mee over die aanvraag: ook "
        "niet namens een ander. Een volmacht aan zo'n lid telt bij dat agendapunt niet; de stem "
        "van de gever vervalt daar.",
        "a02-wijkgids: betrokken_leden: [joke-aldersveld]\nvolmachten: "
        "{anneloes-verhagen: joke-aldersveld}\n... a02-wijkgids: stemmen: "
        "{voor: [anneloes-verhagen]}",
        "(haal anneloes-verhagen weg bij de stemmen over a02-wijkgids)",
    ),
    "before-decision": Uitleg(
        "Datum vóór het besluit",
        "Een betaling, een declaratie of een terugbetaling komt na het besluit van Indebuurt033 "
        "(besluit: datum): daarvóór is er niets toegekend.",
        "besluit: {datum: 2017-04-28, bedrag: 2750}\nbetalingen:\n  - {datum: 2017-04-20, "
        "bedrag: 2062.50}",
        "betalingen:\n  - {datum: 2017-05-08, bedrag: 2062.50}",
    ),
    "payment-after-closing": Uitleg(
        "Betaling na het einde van het project",
        "Zodra een project afgerond of niet-doorgegaan is, gaat wat nog niet betaald is terug naar "
        "het budget van het gebied. Een betaling daarna past daar niet bij: zet het einde op of na "
        "de laatste betaling.",
        "status: [..., {status: afgerond, datum: 2017-10-21}]\nbetalingen:\n  - {datum: "
        "2017-10-30, bedrag: 287.49, soort: eindbetaling}",
        "status: [..., {status: afgerond, datum: 2017-11-01}]",
    ),
    "paid-above-granted": Uitleg(
        "Meer betaald dan toegekend",
        "Samen zijn de betalingen niet meer dan het bedrag dat Indebuurt033 toekende "
        "(toegekend = betaald + nog te betalen).",
        "besluit: {bedrag: 1000}\nbetalingen:\n  - {datum: 2017-05-08, bedrag: 750}\n  - "
        "{datum: 2017-10-30, bedrag: 400, soort: eindbetaling}",
        "  - {datum: 2017-10-30, bedrag: 250, soort: eindbetaling}",
    ),
    "returned-above-paid": Uitleg(
        "Meer terugbetaald dan betaald",
        "Een aanvrager kan niet meer terugbetalen dan hij kreeg (betaald = besteed + "
        "terugbetaald + wat de aanvrager nog heeft).",
        "betalingen: [{datum: 2017-05-08, bedrag: 2062.50}]\nterugbetaald: 2570",
        "terugbetaald: 1882.50",
    ),
    "advance-above-cap": Uitleg(
        "Voorschot boven het percentage van de regeling",
        "De voorschotten samen zijn niet meer dan 'uitbetaling: voorschot' procent (standaard 75) "
        "van het toegekende bedrag. Het is een waarschuwing: de betaling is gedaan en staat in het "
        "kasboek, maar de regeling van de ronde zegt anders.",
        "besluit: {bedrag: 1000}\nbetalingen: [{datum: 2017-05-08, bedrag: 1000}]",
        "betalingen: [{datum: 2017-05-08, bedrag: 750}]",
    ),
    "declaration-late": Uitleg(
        "Declaratie na de termijn",
        "De aanvrager declareert de kosten binnen 'uitbetaling: declareren_binnen' weken "
        "(standaard 3) na de uitvoering (de status uitgevoerd). Geldt alleen als er betalingen "
        "zijn vastgelegd.",
        "status: [..., {status: uitgevoerd, datum: 2017-10-17}]\ngedeclareerd: 2017-11-20",
        "gedeclareerd: 2017-11-02",
    ),
    "declaration-overdue": Uitleg(
        "Declaratie ontbreekt na de termijn",
        "Met 'wijk check --datum': een project met betalingen dat uitgevoerd is en waarvan de "
        "kosten na 'uitbetaling: declareren_binnen' weken (standaard 3) nog niet gedeclareerd "
        "zijn.",
        "status: [..., {status: uitgevoerd, datum: 2017-12-15}]   (geen gedeclareerd)",
        "gedeclareerd: 2018-01-04\nbesteed: 3950",
    ),
    "hours-used-above-granted": Uitleg(
        "Meer uren gebruikt dan toegekend",
        "Per professional gebruikt een project niet meer uren dan Indebuurt033 toekende "
        "(besluit: uren). Per professional, zodat de overschrijding van de een niet wegvalt tegen "
        "wat een ander overhield.",
        "besluit: {uren: {gerda-wolters: 60}}\nuren_gebruikt: {gerda-wolters: 64}",
        "(leg meer uren vast in het besluit als Indebuurt033 ze toekende, of kijk de uren na)",
    ),
    "rounds-above-plan": Uitleg(
        "Rondes samen boven het budget van het wijkplan",
        "De budgetten die de rondes van een jaar een gebied geven, zijn samen niet meer dan het "
        "budget in het wijkplan van dat jaar.",
        "wijkplan-2017.yaml: budget: 84000\nronde.yaml: budget: {szh: 90000}",
        "budget: {szh: 21000}",
    ),
    "hours-freed-above-plan": Uitleg(
        "Rondes maken meer uren vrij dan het wijkplan plant",
        "Samen maken de rondes van een jaar van een professional niet meer uren vrij voor "
        "initiatieven dan het wijkplan voor die professional plant: de pool plus de uren van de "
        "acties (een initiatief mag een actie van het plan uitvoeren).",
        "wijkplan: pool: {uren: {bas-rietveld: 10}}\nronde.yaml: uren: {bas-rietveld: 40}",
        "uren: {bas-rietveld: 10}",
    ),
    "sent-advice-changed": Uitleg(
        "Een verzonden brief zou veranderen",
        "Na 'wijk advies RONDE --verzonden DATUM' staan de cijfers van de brief in "
        "verzonden-<gebied>.yaml. Verandert daarna iets in de gegevens dat die cijfers zou "
        "veranderen (een besluit in de notulen, het budget, een terugbetaling die vóór de "
        "vergadering gedateerd is, een eerdere ronde), dan is dat deze fout, op de plek van de "
        "wijziging, met het cijfer van toen en van nu. Wat na de vergadering gebeurde, krijgt een "
        "datum na de vergadering en telt pas in een latere ronde. Moet het advies echt anders, "
        'leg dan een herziening vast: wijk advies RONDE --herzien "reden".',
        "terugbetaald: 70\nterugbetaald_op: 2017-04-01   (vóór de vergadering van 13 april)",
        "terugbetaald_op: 2017-07-10",
    ),
    "sent-without-minutes": Uitleg(
        "Verzonden brief zonder notulen",
        "Een verzonden-<gebied>.yaml hoort bij een ronde met notulen van dat gebied "
        "(vergadering-<gebied>.yaml): de brief kwam uit die notulen.",
        "rondes/ronde-2017-3/verzonden-szh.yaml   (geen vergadering-szh.yaml)",
        "(zet de notulen terug, of verwijder verzonden-szh.yaml als de brief niet verstuurd is)",
    ),
    "proxy-too-many": Uitleg(
        "Te veel volmachten voor één lid",
        "Eén lid mag hoogstens max_per_lid volmachten hebben (regels: volmacht in ronde.yaml, "
        "standaard 1).",
        "volmachten:\n  anneloes-verhagen: joke-aldersveld\n  ruud-kamperman: joke-aldersveld",
        "volmachten:\n  anneloes-verhagen: joke-aldersveld\n  ruud-kamperman: priya-ramdin",
    ),
    "overdue-action": Uitleg(
        "Actiepunt over de datum",
        "Een actiepunt uit de notulen is op de datum van `wijk check --datum` nog niet gedaan, "
        "terwijl de uiterste datum voorbij is. Zet `gedaan:` erbij als het klaar is, of spreek "
        "in de volgende vergadering een nieuwe datum af.",
        "- wat: Jongerenwerk benaderen\n  wie: fatima-el-amrani\n  uiterlijk: 2017-05-01",
        "- wat: Jongerenwerk benaderen\n  wie: fatima-el-amrani\n  uiterlijk: 2017-05-01\n"
        "  gedaan: 2017-04-28",
    ),
    "spent-above-granted": Uitleg(
        "Meer besteed en terugbetaald dan toegekend",
        "In een voortgangsbestand zijn `besteed` en `terugbetaald` samen hoogstens het bedrag dat "
        "Indebuurt033 toekende (`besluit: bedrag:`). Vaak is een bedrag verkeerd overgenomen.",
        "besluit:\n  bedrag: 2750\nbesteed: 2600\nterugbetaald: 400",
        "besluit:\n  bedrag: 2750\nbesteed: 2600\nterugbetaald: 150",
    ),
    "status-order": Uitleg(
        "Status in de verkeerde volgorde",
        "De statussen van een project volgen elkaar op: toegekend, gestart, uitgevoerd, en dan "
        "afgerond of niet-doorgegaan (niet-doorgegaan kan na elke status). Na afgerond of "
        "niet-doorgegaan komt niets meer, en geen status komt twee keer.",
        "status:\n  - status: uitgevoerd\n    datum: 2017-09-30\n  - status: gestart\n"
        "    datum: 2017-10-02",
        "status:\n  - status: gestart\n    datum: 2017-05-01\n  - status: uitgevoerd\n"
        "    datum: 2017-09-30",
    ),
    "status-date-order": Uitleg(
        "Statusdatum eerder dan de vorige",
        "Elke status heeft een datum op of na die van de status ervoor, en de eerste niet vóór "
        "de datum van het besluit van Indebuurt033.",
        "besluit:\n  datum: 2017-04-28\nstatus:\n  - status: toegekend\n    datum: 2017-04-20",
        "besluit:\n  datum: 2017-04-28\nstatus:\n  - status: toegekend\n    datum: 2017-04-28",
    ),
    "voortgang-not-adopted": Uitleg(
        "Voortgang van een aanvraag die niet is toegekend",
        "Een bestand in voortgang/ hoort bij een aanvraag die het Bewonersteam adviseerde toe te "
        "kennen (advies toekennen of gedeeltelijk). Bij een aanvraag die is afgewezen of "
        "aangehouden is er niets te volgen; de bestandsnaam is het id van de aanvraag.",
        "voortgang/a07-buurtbarbecue.yaml (advies afwijzen)",
        "voortgang/a06-repair-cafe.yaml (advies toekennen)",
    ),
    "granted-above-advice": Uitleg(
        "Meer toegekend dan geadviseerd, zonder reden",
        "Indebuurt033 besluit, en mag afwijken van het advies. Kent het meer geld of meer uren "
        "toe dan het Bewonersteam adviseerde, zet dan onder `besluit` een `reden:`, zodat het "
        "team en het wijknetwerk weten waarom.",
        "besluit:\n  datum: 2017-04-28\n  bedrag: 7000",
        "besluit:\n  datum: 2017-04-28\n  bedrag: 7000\n"
        "  reden: Ook de maaltijden van de opstartmaand.",
    ),
    "report-overdue": Uitleg(
        "Verslag over de termijn",
        "Op de datum van `wijk check --datum` is het verslag van de aanvrager er nog niet, "
        "terwijl de termijn (`besluit: verslag:`, een datum of een aantal maanden na het besluit) "
        "voorbij is. Vraag het verslag op, en zet `verslag: ontvangen:` in het bestand als het er "
        "is. Bij een project dat niet doorging, telt de termijn niet.",
        "besluit:\n  verslag:\n    maanden: 6",
        "besluit:\n  verslag:\n    maanden: 6\nverslag:\n  ontvangen: 2017-10-30",
    ),
    "condition-overdue": Uitleg(
        "Voorwaarde over de termijn",
        "Op de datum van `wijk check --datum` is een voorwaarde van het besluit nog niet "
        "vervuld, terwijl haar termijn (`uiterlijk` of `maanden` na het besluit) voorbij is. Zet "
        "`vervuld:` bij de voorwaarde als het zo is.",
        "- wat: VOG voor alle maatjes\n  uiterlijk: 2017-06-30",
        "- wat: VOG voor alle maatjes\n  uiterlijk: 2017-06-30\n  vervuld: 2017-06-12",
    ),
}


def explain(code: str) -> str | None:
    """The explanation of `code` as plain text, or None for an unknown code."""
    entry = CODES.get(code)
    if entry is None:
        return None
    fout = "\n".join("    " + line for line in entry.fout.splitlines())
    goed = "\n".join("    " + line for line in entry.goed.splitlines())
    return f"{code}: {entry.titel}\n\n{entry.uitleg}\n\nFout:\n{fout}\n\nGoed:\n{goed}\n"
