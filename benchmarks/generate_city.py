"""Generate a city-scale wijkcli data tree (deterministic, seeded), optionally with faults.

    uv run python benchmarks/generate_city.py OUT [--gebieden 9] [--jaren 10] [--rondes 4]
        [--aanvragen 30] [--seed 1] [--faults N] [--repositories]

Writes OUT/data/gebieden/<gebied>/{gebied,leden,wijkplan-<jaar>}.yaml and
OUT/data/rondes/ronde-<jaar>-<k>/{ronde.yaml, vergadering-<gebied>.yaml, aanvragen/*.yaml},
modelled on the SZH example in data/: 12 bewonersteam members and 6 professionals per gebied,
a wijkplan per year with four themes and a pool, and per round and gebied `--aanvragen`
applications and the minutes with named votes. Without faults the tree passes `wijk check`
with no errors (and no warnings).

With `--faults N`, N faults of varied kinds are injected (bad amounts, impossible dates,
duplicate and misspelled keys, unknown members, votes by absent or recused members, ...).
Each fault is recorded as (path, line, code) in OUT/faults.json, so a test can assert that
`wijk check` reports every one. A file that a fault makes unreadable gets no other fault, so
faults never hide each other.

With `--repositories`, each gebied is a data repository of its own, OUT/<gebied>/data (its own
rounds, with only its own budget; seed `--seed` + the gebied's index), and OUT/STAD.yaml lists
them for `wijk stad` (docs/stad.md).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

# --- names ------------------------------------------------------------------------------------

GEBIEDEN = [
    (
        "szh",
        "SZH",
        "Schothorst, Zielhorst en Hoefkwartier",
        ["Schothorst", "Zielhorst", "Hoefkwartier"],
    ),
    ("noord", "Noord", "Amersfoort Noord", ["Rustenburg", "Kruiskamp", "Koppel"]),
    (
        "vathorst",
        "Vathorst",
        "Vathorst en Hooglanderveen",
        ["Vathorst", "Hooglanderveen", "De Bron"],
    ),
    (
        "kattenbroek",
        "Kattenbroek",
        "Kattenbroek en Ziel",
        ["Kattenbroek", "Zielhorst-Oost", "Het Zand"],
    ),
    ("nieuwland", "Nieuwland", "Nieuwland en Calveen", ["Nieuwland", "Calveen", "Kruiskamp-West"]),
    (
        "centrum",
        "Centrum",
        "Binnenstad en Bergkwartier",
        ["Binnenstad", "Bergkwartier", "Leusderkwartier"],
    ),
    (
        "soesterkwartier",
        "Soesterkwartier",
        "Soesterkwartier en Isselt",
        ["Soesterkwartier", "Isselt", "Oliemolenkwartier"],
    ),
    ("liendert", "Liendert", "Liendert en Rustenburg", ["Liendert", "Schuilenburg", "Randenbroek"]),
    (
        "hoogland",
        "Hoogland",
        "Hoogland en Hoogland-West",
        ["Hoogland", "Hoogland-West", "Bosgebied"],
    ),
]

VOORNAMEN = [
    "Joke",
    "Ruud",
    "Tineke",
    "Fatima",
    "Henk-Jan",
    "Marieke",
    "Ahmet",
    "Noël",
    "Priya",
    "Kees",
    "Anneloes",
    "Sjoerd",
    "Mirjam",
    "Youssef",
    "Gerda",
    "Bas",
    "Linda",
    "Martijn",
    "Wilma",
    "Dirk",
    "Esther",
    "Hans",
    "Anouk",
    "Ramon",
    "Ingrid",
    "Mehmet",
    "Saskia",
    "Gijs",
    "Zeynep",
    "Thijs",
    "Eline",
    "Bram",
    "Naima",
    "Wouter",
    "Hanneke",
    "Jeroen",
    "Ilse",
    "Rachid",
    "Femke",
    "Ludo",
    "Chantal",
    "Ömer",
    "Janneke",
    "Kofi",
    "Renée",
    "Pieter",
    "Hélène",
    "Ayşe",
]
ACHTERNAMEN = [
    "Aldersveld",
    "Kamperman",
    "van 't Zand",
    "el Amrani",
    "Bosveld",
    "Dorrestein",
    "Yıldız",
    "Brouwer",
    "Ramdin",
    "van der Pol",
    "Verhagen",
    "de Bruijn-Oosterveld",
    "Lagerweij",
    "Bakkali",
    "Wolters",
    "Rietveld",
    "Hoogeveen",
    "Zwart",
    "Goedhart",
    "Spijkerman",
    "Vonk",
    "Kuipers",
    "Smits",
    "Tjon-A-Fat",
    "de Groot",
    "Öztürk",
    "van Leeuwen",
    "Mulder",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mertens",
    "Hendriks",
    "van Dijk",
    "Dekker",
    "Jansen",
    "van den Berg",
    "Koç",
    "Boateng",
    "Pinas",
    "Vermeulen",
    "de Jong",
    "Schouten",
]
PROFESSIONALS = [
    ("buurtnetwerker", "Indebuurt033 (Welzin)", 720),
    ("jongerenwerker", "Indebuurt033 (Welzin)", 540),
    ("consulent informele zorg en mantelzorg", "Indebuurt033 (MEE)", 270),
    ("wijkagent", "Politie", 90),
    ("wijkconsulent", "Portaal", 135),
    ("sociaal wijkbeheerder", "de Alliantie", 90),
]
THEMAS = [
    ("informatie", "T1", "Weten wat er is", "duidelijke informatie voor bewoners"),
    ("ontmoeten", "T2", "Elkaar ontmoeten", "goede ontmoetingsplekken"),
    ("omzien", "T3", "Omzien naar elkaar", "informele zorg en aandacht voor kwetsbare bewoners"),
    ("jeugd", "T4", "Opgroeien in de wijk", None),
]
INITIATIEVEN = [
    ("huiskamer", "Huiskamer", "organisatie", "ontmoeten"),
    ("wijkgids", "Wijkgids", "groep", "informatie"),
    ("samen-op-stap", "Samen op Stap", "groep", "omzien"),
    ("muziekcafe", "Muziekcafé", "groep", "ontmoeten"),
    ("chill-en-skill", "Chill & Skill", "organisatie", "jeugd"),
    ("repair-cafe", "Repair Café", "groep", "ontmoeten"),
    ("buurtbarbecue", "Buurtbarbecue", "bewoner", "ontmoeten"),
    ("taalcafe", "Taalcafé", "organisatie", "omzien"),
    ("buurtmoestuin", "Buurtmoestuin", "groep", "ontmoeten"),
    ("sportmiddag", "Sport- en spelmiddag", "organisatie", "jeugd"),
    ("nieuwsbrief", "Digitale nieuwsbrief", "groep", "informatie"),
    ("mantelzorgcafe", "Mantelzorgcafé", "organisatie", "omzien"),
    ("kunstroute", "Kunstroute", "groep", "ontmoeten"),
    ("huiswerkklas", "Huiswerkklas", "organisatie", "jeugd"),
    ("boodschappenhulp", "Boodschappenhulp", "bewoner", "omzien"),
]
POSTEN = [
    "Huur ruimte",
    "Materialen",
    "Koffie, thee en frisdrank",
    "Publiciteit",
    "Verzekering",
    "Training vrijwilligers",
    "Drukwerk",
    "Vrijwilligersvergoeding",
    "Huur apparatuur",
]

# Round k of a year: (indienen_tot, toets_tot, stukken_verstuurd, vergadering, advies_uiterlijk,
# besluit_verwacht, bekendmaking) as (month, day).
ROUND_DATES = [
    ((1, 31), (2, 3), (2, 6), (2, 9), (2, 15), (2, 24), (3, 9)),
    ((3, 31), (4, 5), (4, 7), (4, 13), (4, 19), (4, 28), (5, 11)),
    ((6, 30), (7, 5), (7, 7), (7, 13), (7, 19), (7, 28), (8, 10)),
    ((9, 30), (10, 5), (10, 7), (10, 12), (10, 18), (10, 27), (11, 9)),
]


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    out = "".join(c if c.isalnum() else "-" for c in plain)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def q(text: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    risky = (":", "#", "'", '"', "&", "*", "!", "|", ">", "%", "@", "`", "[", "]", "{", "}", ",")
    if text and not any(c in text for c in risky) and not text[0].isdigit() and text[0] != "-":
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def money(amount: Decimal) -> str:
    text = f"{amount:.2f}"
    return text[:-3] if text.endswith(".00") else text


# --- the model of the city --------------------------------------------------------------------


@dataclass
class Person:
    id: str
    naam: str
    wijk: str | None
    rol: str
    functie: str
    organisatie: str | None = None
    uren: int = 0


@dataclass
class Area:
    id: str
    naam: str
    volledig: str
    wijken: list[tuple[str, str]]
    leden: list[Person] = field(default_factory=list)

    @property
    def team(self) -> list[Person]:
        return [p for p in self.leden if p.rol == "bewonersteam"]

    @property
    def profs(self) -> list[Person]:
        return [p for p in self.leden if p.rol == "professional"]


@dataclass
class Application:
    id: str
    gebied: str
    thema: str
    bedrag: Decimal
    uren: dict[str, int]
    betrokken: list[str]
    file: str = ""


@dataclass
class Files:
    """Generated file texts by repo-relative path, plus what fault injection needs to know."""

    texts: dict[str, str] = field(default_factory=dict)
    apps: dict[str, Application] = field(default_factory=dict)
    """Application file path -> application."""
    minutes: dict[str, dict[str, object]] = field(default_factory=dict)
    """Minutes file path -> facts (open ballot, afgemeld, professionals, items)."""


class City:
    def __init__(
        self, gebieden: int, jaren: int, rondes: int, aanvragen: int, seed: int, eerste: int = 0
    ) -> None:
        self.rng = random.Random(seed)
        self.n_gebieden, self.n_jaren, self.n_rondes = gebieden, jaren, rondes
        self.n_aanvragen = aanvragen
        self.first_year = 2017
        self.used_ids: set[str] = set()
        self.areas = [self._area(eerste + i) for i in range(gebieden)]
        self.files = Files()
        self.freed: dict[tuple[int, str], int] = {}
        self.asked: dict[tuple[int, str], int] = {}
        """Hours asked of each professional in a year so far: the asks stop where the year's
        rounds could no longer free them within the wijkplan (its pool and actions)."""
        """Hours each professional's rounds of a year freed so far (at most the wijkplan's
        pool and actions: `wijk check` warns otherwise, hours-freed-above-plan)."""

    # people

    def _person_id(self) -> tuple[str, str]:
        tries = 0
        while True:
            naam = f"{self.rng.choice(VOORNAMEN)} {self.rng.choice(ACHTERNAMEN)}"
            tries += 1
            if tries > 50:  # a very large city: names repeat, ids get a number
                naam = f"{naam} {len(self.used_ids) + 1}"
            pid = slug(naam)
            if pid not in self.used_ids:
                self.used_ids.add(pid)
                return pid, naam

    def _area(self, i: int) -> Area:
        if i < len(GEBIEDEN):
            gid, naam, volledig, wijknamen = GEBIEDEN[i]
        else:
            gid, naam = f"gebied-{i + 1}", f"Gebied {i + 1}"
            volledig, wijknamen = naam, [f"Wijk {i + 1}{c}" for c in "ABC"]
        area = Area(gid, naam, volledig, [(slug(w), w) for w in wijknamen])
        functies = ["voorzitter", "vicevoorzitter", "secretaris"] + ["lid"] * 9
        for functie in functies:
            pid, pnaam = self._person_id()
            wijk = self.rng.choice(area.wijken[:2])[0]
            area.leden.append(Person(pid, pnaam, wijk, "bewonersteam", functie))
        for functie, org, hours in PROFESSIONALS:
            pid, pnaam = self._person_id()
            area.leden.append(Person(pid, pnaam, None, "professional", functie, org, hours))
        return area

    # writing

    def write_all(self) -> Files:
        for area in self.areas:
            self._gebied(area)
            self._leden(area)
            for year in self.years:
                self._wijkplan(area, year)
        for year in self.years:
            for k in range(1, self.n_rondes + 1):
                self._ronde(year, k)
        return self.files

    @property
    def years(self) -> range:
        return range(self.first_year, self.first_year + self.n_jaren)

    def _put(self, rel: str, lines: list[str]) -> None:
        self.files.texts[rel] = "\n".join(lines) + "\n"

    def _gebied(self, a: Area) -> None:
        team = a.team
        lines = [
            f"# Gebied {a.naam}: wijken, wijknetwerken, bewonersteam en nieuwsbrief.",
            f"id: {a.id}",
            f"naam: {q(a.naam)}",
            f"volledige_naam: {q(a.volledig)}",
            "wijken:",
        ]
        for wid, wnaam in a.wijken:
            lines += [
                f"  - id: {wid}",
                f"    naam: {q(wnaam)}",
                "    netwerk:",
                f"      naam: {q('Wijknetwerk ' + wnaam)}",
                f"      frequentie: {q(self.rng.choice(['elke twee maanden', 'ongeveer elke drie maanden']))}",
                "      bijeenkomsten:",
                f"        - datum: {self.first_year}-05-23",
                "          begin: 19:30",
                "          eind: 21:30",
            ]
        lines += [
            "bewonersteam:",
            f"  naam: {q('Bewonersteam ' + a.naam)}",
            f"  voorzitter: {team[0].id}",
            f"  secretaris: {team[2].id}",
            f"  buurtnetwerker: {a.profs[0].id}",
            f"vergaderplek: {q(chr(39) + 't Middelpunt')}",
            "nieuwsbrief:",
            f"  naam: {q('Nieuwsbrief ' + a.naam)}",
            f"  url: https://example.invalid/{a.id}/nieuwsbrief",
            f"website: https://example.invalid/{a.id}",
        ]
        self._put(f"data/gebieden/{a.id}/gebied.yaml", lines)

    def _leden(self, a: Area) -> None:
        lines = [
            f"# Leden van gebied {a.naam}: het bewonersteam (stemt) en de professionals. Alle namen zijn verzonnen.",
            "# Let op: email en telefoon zijn PRIVÉ.",
            "leden:",
        ]
        for p in a.team:
            lines += [
                f"  - id: {p.id}",
                f"    naam: {q(p.naam)}",
                f"    wijk: {p.wijk}",
                "    rol: bewonersteam",
                f"    functie: {q(p.functie)}",
            ]
            if self.rng.random() < 0.4:
                lines.append(f"    email: {p.id.replace('-', '.')}@example.org")
                lines.append(f"    telefoon: 06{self.rng.randrange(10**8):08d}")
        lines += ["", "  # Professionals: geen stem, wel advies; uren = uren per jaar."]
        for p in a.profs:
            lines += [
                f"  - id: {p.id}",
                f"    naam: {q(p.naam)}",
                "    rol: professional",
                f"    functie: {q(p.functie)}",
                f"    organisatie: {q(p.organisatie or '')}",
                "    uren:",
            ]
            lines += [f"      {y}: {p.uren}" for y in self.years]
        self._put(f"data/gebieden/{a.id}/leden.yaml", lines)

    def _wijkplan(self, a: Area, year: int) -> None:
        profs = a.profs
        # Claims: about 70 % of each professional's year in actions, 20 % in the pool.
        lines = [
            f"# Wijkplan {a.naam} {year}: thema's, acties en uren van professionals.",
            f"gebied: {a.id}",
            f"jaar: {year}",
            f"vastgesteld: {year}-01-26",
            # Enough for every round of the year (wijk check warns when the rounds give more).
            f"budget: {(84000 + 4000 * (year - self.first_year)) * -(-self.n_aanvragen * self.n_rondes // 12)}",
            f"ambitie_volgend_jaar: {88000 + 4000 * (year - self.first_year)}",
            "uitgangspunten:",
            "  - Bewoners kijken eerst wat zij zelf kunnen.",
            "  - Uren van professionals worden effectief ingezet.",
            "themas:",
        ]
        for prio, (tid, code, titel, speerpunt) in enumerate(THEMAS, start=1):
            lines += [
                f"  - id: {tid}",
                f"    code: {code}",
                f"    titel: {q(titel)}",
            ]
            if speerpunt:
                lines.append(f"    speerpunt: {q(speerpunt)}")
            lines += [
                f"    prioriteit: {prio}",
                f"    doel: {q('Bewoners in ' + a.naam + ' ' + titel.lower() + '.')}",
                "    resultaat: >-",
                f"      Drie nieuwe activiteiten in {year}; 150 unieke bezoekers; 25 vrijwilligers",
                "      die meedoen.",
                "    acties:",
            ]
            for n in range(2):
                lines += [
                    f"      - wat: {q(f'{titel} actie {n + 1}')}",
                    "        wie: bewoners en professionals",
                    f"        wanneer: {self.rng.choice(['maandelijks', 'wekelijks', 'najaar', 'vanaf april'])}",
                    "        uren:",
                ]
                for p in profs:
                    share = p.uren * 70 // 100 // 8
                    if share:
                        lines.append(f"          {p.id}: {share}")
        lines += [
            "pool:",
            "  omschrijving: ondersteuning bewonersinitiatieven (flexibel)",
            "  uren:",
        ]
        lines += [f"    {p.id}: {p.uren * 20 // 100}" for p in profs]
        self._put(f"data/gebieden/{a.id}/wijkplan-{year}.yaml", lines)

    def _ronde(self, year: int, k: int) -> None:
        rid = f"ronde-{year}-{k}"
        dates = [date(year, m, d) for m, d in ROUND_DATES[(k - 1) % 4]]
        meeting = dates[3]
        geheim = k == 3 and year % 2 == 1
        budgets: dict[str, Decimal] = {}
        free_hours: dict[str, int] = {}
        adopted_total: dict[str, Decimal] = {}
        for a in self.areas:
            apps = [self._aanvraag(rid, a, year, n, dates[0]) for n in range(self.n_aanvragen)]
            adopted, hours = self._vergadering(rid, a, apps, meeting, geheim)
            adopted_total[a.id] = adopted
            for prof, n in hours.items():
                free_hours[prof] = free_hours.get(prof, 0) + n
        for a in self.areas:
            # Most rounds fit their budget; some are oversubscribed (then toewijzing decides).
            factor = Decimal(self.rng.choice(["1.05", "1.10", "1.20", "0.90"]))
            budgets[a.id] = max(
                Decimal(1000), (adopted_total[a.id] * factor / 500).quantize(1) * 500
            )
        lines = [
            f"# Subsidieronde {k} van {year} (Projecten#Indebuurt): termijnen, vergadering, budget en vrije uren.",
            f"id: {rid}",
            f"naam: Subsidieronde {k} ({year})",
            f"jaar: {year}",
            'regeling: "Projecten#Indebuurt, versie 2016"',
            f"indienen_tot: {dates[0]}",
            f"toets_tot: {dates[1]}",
            f"stukken_verstuurd: {dates[2]}",
            "vergadering:",
            f"  datum: {meeting}",
            "  begin: 19:30",
            "  eind: 21:45",
            '  plek: "\'t Middelpunt"',
            f"advies_uiterlijk: {dates[4]}",
            f"besluit_verwacht: {dates[5]}",
            f"bekendmaking: {dates[6]}",
            "budget:",
        ]
        lines += [f"  {gid}: {money(b)}" for gid, b in budgets.items()]
        lines += [
            "# Uren die professionals in deze ronde vrij hebben voor bewonersinitiatieven.",
            "uren:",
        ]
        planned = {
            p.id: 8 * (p.uren * 70 // 100 // 8) + p.uren * 20 // 100
            for a in self.areas
            for p in a.profs
        }  # the wijkplan's actions and pool
        free = {}
        for prof, n in free_hours.items():
            left = planned[prof] - self.freed.get((year, prof), 0) - n
            free[prof] = n + max(0, min(10, left))  # ten hours to spare, within the plan
            self.freed[year, prof] = self.freed.get((year, prof), 0) + free[prof]
        lines += [f"  {prof}: {n}" for prof, n in free.items()]
        lines += [
            f"stemming: {'geheim' if geheim else 'openbaar'}",
            "regels:",
            "  toewijzing: steun-overslaan",
        ]
        self._put(f"data/rondes/{rid}/ronde.yaml", lines)

    def _aanvraag(self, rid: str, a: Area, year: int, n: int, deadline: date) -> Application:
        rng = self.rng
        slug_, titel, soort, thema = INITIATIEVEN[rng.randrange(len(INITIATIEVEN))]
        wijk_id, wijk_naam = rng.choice(a.wijken)
        aid = f"{a.id}-a{n + 1:02d}-{slug_}"
        bedrag = Decimal(rng.randrange(500, 9000)) + rng.choice(
            [Decimal(0), Decimal(0), Decimal("0.50"), Decimal("0.95")]
        )
        eigen = Decimal(rng.randrange(100, 3000))
        # A budget whose posts add up to bedrag + eigen_bijdrage.
        total = bedrag + eigen
        k = rng.randrange(3, 6)
        posts = []
        rest = total
        for _ in range(k - 1):
            part = (rest * Decimal(rng.randrange(20, 50)) / 100).quantize(Decimal(1))
            posts.append(part)
            rest -= part
        posts.append(rest)
        profs = a.profs
        uren = {}
        if rng.random() < 0.6:
            for p in rng.sample(profs, rng.randrange(1, 3)):
                # In proportion to the professional's year (720 hours: 5 to 40 per request),
                # and only while the year's rounds can still free them within the plan.
                h = max(1, rng.randrange(1, 9) * 5 * p.uren // 720)
                planned = 8 * (p.uren * 70 // 100 // 8) + p.uren * 20 // 100
                if self.asked.get((year, p.id), 0) + h <= planned - 10 * self.n_rondes:
                    self.asked[year, p.id] = self.asked.get((year, p.id), 0) + h
                    uren[p.id] = h
        betrokken = [rng.choice(a.team).id] if rng.random() < 0.15 else []
        contact = f"{slug(rng.choice(VOORNAMEN))}@example.org"
        aanvrager = {
            "organisatie": f"Stichting {titel} {wijk_naam}",
            "groep": f"bewonersgroep {titel}",
            "bewoner": "een bewoner",
        }[soort]
        ingediend = deadline - timedelta(days=rng.randrange(0, 20))
        lines = [
            f"# Aanvraag A{n + 1:02d} in {rid}: {titel} ({wijk_naam}).",
            f"id: {aid}",
            f"nummer: A{n + 1:02d}",
            f"titel: {q(titel + ' ' + wijk_naam)}",
            f"gebied: {a.id}",
            f"wijken: [{wijk_id}]",
            f"thema: {thema}",
            "aanvrager:",
            f"  naam: {q(aanvrager)}",
            f"  soort: {soort}",
            "  contact:",
            f"    naam: {q(rng.choice(VOORNAMEN) + ' ' + rng.choice(ACHTERNAMEN))}",
            f"    email: {contact}",
            f"betrokken_leden: [{', '.join(betrokken)}]",
            f"bedrag: {money(bedrag)}",
            f"eigen_bijdrage: {money(eigen)}",
            "begroting:",
        ]
        for i, part in enumerate(posts):
            lines += [f"  - post: {q(POSTEN[i % len(POSTEN)])}", f"    bedrag: {money(part)}"]
        lines += [
            "cofinanciering:",
            "  - bron: bijdragen deelnemers",
            f"    bedrag: {money(eigen)}",
        ]
        if uren:
            lines.append("uren:")
            lines += [f"  {pid}: {h}" for pid, h in uren.items()]
        else:
            lines.append("uren: {}")
        lines += [
            f"vrijwilligers: {rng.randrange(2, 30)}",
            f"bereik: {rng.randrange(20, 200)} bewoners",
            "omschrijving: >-",
            f"  {titel} in {wijk_naam}: bewoners organiseren het zelf, met hulp van vrijwilligers",
            "  uit de buurt. Iedereen is welkom.",
            f"ingediend: {ingediend}",
        ]
        rel = f"data/rondes/{rid}/aanvragen/{aid}.yaml"
        self._put(rel, lines)
        app = Application(aid, a.id, thema, bedrag, uren, betrokken, rel)
        self.files.apps[rel] = app
        return app

    def _vergadering(
        self, rid: str, a: Area, apps: list[Application], meeting: date, geheim: bool
    ) -> tuple[Decimal, dict[str, int]]:
        """Write the minutes; returns (adopted amount, hours asked per professional)."""
        rng = self.rng
        team = a.team
        afgemeld = rng.sample(team, rng.randrange(1, 3))
        aanwezig = [p for p in team if p not in afgemeld]
        profs_present = rng.sample(a.profs, 3)
        vertrokken: Person | None = None
        left_at = len(apps)
        if len(apps) > 2 and rng.random() < 0.5:
            vertrokken = rng.choice(aanwezig[3:])
            left_at = rng.randrange(len(apps) // 2, len(apps))
        lines = [
            f"# Notulen van de beoordelingsvergadering van Bewonersteam {a.naam} voor {rid}.",
            f"gebied: {a.id}",
            f"datum: {meeting}",
            f"voorzitter: {team[0].id}",
            f"notulist: {team[2].id}",
            "aanwezig:",
        ]
        lines += [f"  - {p.id}" for p in aanwezig]
        lines.append("  # professionals, met adviserende stem")
        lines += [f"  - {p.id}" for p in profs_present]
        lines.append(f"afgemeld: [{', '.join(p.id for p in afgemeld)}]")
        if vertrokken is not None:
            lines += [
                "# Lid -> de eerste aanvraag waarbij het lid er niet meer was.",
                "vertrokken:",
                f"  {vertrokken.id}: {apps[left_at].id}",
                "vertrokken_om:",
                f"  {vertrokken.id}: 21:15",
            ]
        lines.append("besluiten:")
        adopted = Decimal(0)
        asked_hours: dict[str, int] = {}
        items: dict[str, dict[str, object]] = {}
        for i, app in enumerate(apps):
            for prof, n in app.uren.items():
                asked_hours[prof] = asked_hours.get(prof, 0) + n
            present = [p for p in aanwezig if not (vertrokken is p and i >= left_at)]
            eligible = [p.id for p in present if p.id not in app.betrokken]
            voorstel = rng.choices(
                ["toekennen", "gedeeltelijk", "afwijzen", "aanhouden"], [5, 3, 2, 1]
            )[0]
            line_start = len(lines) + 1
            lines.append(f"  {app.id}:")
            lines.append(f"    voorstel: {voorstel}")
            bedrag: Decimal | None = None
            hours: dict[str, int] = {}
            if voorstel == "toekennen":
                bedrag = app.bedrag
                hours = dict(app.uren)
            elif voorstel == "gedeeltelijk":
                bedrag = (app.bedrag * Decimal(rng.randrange(50, 95)) / 100).quantize(Decimal(1))
                hours = {p: min(n, max(5, n // 2)) for p, n in app.uren.items()}
            if bedrag is not None:
                lines.append(f"    bedrag: {money(bedrag)}")
                if hours:
                    lines.append("    uren:")
                    lines += [f"      {p}: {n}" for p, n in hours.items()]
                else:
                    lines.append("    uren: {}")
            lines += [
                "    motivering:",
                f"      - Past bij thema {app.thema}.",
                f"      - {q(rng.choice(['Veel vrijwilligers.', 'Groot bereik.', 'Lage kosten.', 'Twijfel over het draagvlak.']))}",
                "    voorwaarden:",
                "      - Verslag na 6 maanden.",
            ]
            # Votes: most proposals pass; some are rejected; ties happen by chance.
            support = rng.choice([0.9, 0.75, 0.6, 0.4])
            voor: list[str] = []
            tegen: list[str] = []
            onth: list[str] = []
            for pid in eligible:
                r = rng.random()
                (voor if r < support else tegen if r < 0.95 else onth).append(pid)
            if len(voor) > len(tegen) and voorstel in ("toekennen", "gedeeltelijk") and bedrag:
                adopted += bedrag
            lines.append("    stemmen:")
            votes_line = len(lines) + 1
            if geheim:
                lines += [
                    f"      voor: {len(voor)}",
                    f"      tegen: {len(tegen)}",
                    f"      onthouding: {len(onth)}",
                ]
            else:
                for kind, ids in (("voor", voor), ("tegen", tegen), ("onthouding", onth)):
                    if len(ids) > 3:
                        lines.append(f"      {kind}:")
                        lines += [f"        - {x}" for x in ids]
                    else:
                        lines.append(f"      {kind}: [{', '.join(ids)}]")
            items[app.id] = {
                "line": line_start,
                "votes_line": votes_line,
                "voorstel": voorstel,
                "bedrag": str(bedrag) if bedrag is not None else None,
                "asked": str(app.bedrag),
                "voor": voor,
                "betrokken": app.betrokken,
                "has_uren": bool(hours),
            }
        lines += [
            "opmerkingen:",
            "  - >-",
            "    Het bewonersteam zoekt nog een bewoner uit de nieuwe wijk die mee wil doen.",
        ]
        rel = f"data/rondes/{rid}/vergadering-{a.id}.yaml"
        self._put(rel, lines)
        self.files.minutes[rel] = {
            "open": not geheim,
            "afgemeld": [p.id for p in afgemeld],
            "professionals": [p.id for p in a.profs],
            "items": items,
            "ronde": f"data/rondes/{rid}/ronde.yaml",
        }
        return adopted, asked_hours


# --- faults -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    path: str
    line: int
    code: str
    kind: str


def _replace_line(text: str, lineno: int, new: str) -> str:
    lines = text.split("\n")
    lines[lineno - 1] = new
    return "\n".join(lines)


def _find(text: str, prefix: str, start: int = 1) -> int:
    """1-based number of the first line at or after `start` that starts with `prefix`."""
    for i, line in enumerate(text.split("\n")[start - 1 :], start=start):
        if line.startswith(prefix):
            return i
    raise LookupError(prefix)


def _app_fault(kind: str, text: str, app: Application) -> tuple[str, int, str]:
    """Apply one fault to an application file: (new text, line, expected code)."""
    if kind == "thousands-dot":
        n = _find(text, "bedrag: ")
        return _replace_line(text, n, "bedrag: 1.250"), n, "invalid-value"
    if kind == "comma-cents":
        n = _find(text, "bedrag: ")
        return _replace_line(text, n, "bedrag: 12,50"), n, "invalid-value"
    if kind == "bad-date":
        n = _find(text, "ingediend: ")
        return _replace_line(text, n, "ingediend: 2017-02-30"), n, "invalid-value"
    if kind == "duplicate-key":
        n = _find(text, "titel: ")
        lines = text.split("\n")
        lines.insert(n, "titel: Nog een titel")
        return "\n".join(lines), n + 1, "duplicate-key"
    if kind == "misspelled-key":
        n = _find(text, "vrijwilligers: ")
        old = text.split("\n")[n - 1]
        return (
            _replace_line(text, n, old.replace("vrijwilligers", "vrijwiligers")),
            n,
            "unknown-key",
        )
    if kind == "missing-field":
        n = _find(text, "thema: ")
        parent = 1  # the root mapping starts on the line after the comment
        lines = text.split("\n")
        del lines[n - 1]
        return "\n".join(lines), parent + 1, "missing-field"
    if kind == "invalid-choice":
        n = _find(text, "  soort: ")
        return _replace_line(text, n, "  soort: stichting"), n, "invalid-choice"
    if kind == "yaml-syntax":
        n = _find(text, "titel: ")
        # The parser reports where it gives up, which may be a later line: line 0 = anywhere.
        return _replace_line(text, n, 'titel: "Niet afgesloten'), 0, "yaml-syntax"
    if kind == "tag":
        n = _find(text, "bereik: ")
        return _replace_line(text, n, "bereik: !!str 40 bewoners"), n, "tag"
    if kind == "negative-hours":
        n = _find(text, "vrijwilligers: ")
        return _replace_line(text, n, "vrijwilligers: veel"), n, "invalid-value"
    if kind == "unknown-thema":
        n = _find(text, "thema: ")
        return _replace_line(text, n, "thema: onbekend-thema"), n, "unknown-thema"
    if kind == "unknown-wijk":
        n = _find(text, "wijken: ")
        return _replace_line(text, n, "wijken: [atlantis]"), n, "unknown-wijk"
    if kind == "unknown-betrokken":
        n = _find(text, "betrokken_leden: ")
        return _replace_line(text, n, "betrokken_leden: [piet-onbekend]"), n, "unknown-member"
    if kind == "encoding":
        n = _find(text, "bereik: ")
        return _replace_line(text, n, "bereik: caf\udce9 bezoekers"), n, "encoding"
    raise ValueError(kind)


APP_FATAL = [
    "thousands-dot", "comma-cents", "bad-date", "duplicate-key", "misspelled-key",
    "missing-field", "invalid-choice", "yaml-syntax", "tag", "negative-hours", "encoding",
]  # fmt: skip
APP_SOFT = ["unknown-thema", "unknown-wijk", "unknown-betrokken"]
MINUTES_SOFT = [
    "unknown-voter", "absent-vote", "duplicate-vote", "recused-vote", "professional-vote",
    "amount-with-rejection", "advice-exceeds-request",
]  # fmt: skip
FAULT_KINDS = APP_FATAL + APP_SOFT + MINUTES_SOFT


def _minutes_fault(
    kind: str, text: str, facts: dict[str, object], used: set[str], rng: random.Random
) -> tuple[str, int, str] | None:
    """Apply one fault to one free agenda item of open-ballot minutes, or None if none fits."""
    items: dict[str, dict[str, object]] = facts["items"]  # type: ignore[assignment]
    candidates = [aid for aid in items if aid not in used]
    rng.shuffle(candidates)
    for aid in candidates:
        it = items[aid]
        voor: list[str] = it["voor"]  # type: ignore[assignment]
        votes_line: int = it["votes_line"]  # type: ignore[assignment]
        voor_line = votes_line  # "      voor:" (block or flow)
        if kind in ("unknown-voter", "absent-vote", "duplicate-vote", "professional-vote"):
            if not voor:
                continue
            if kind == "unknown-voter":
                who = "piet-onbekend"
                code = "unknown-member"
            elif kind == "absent-vote":
                who = facts["afgemeld"][0]  # type: ignore[index]
                code = "absent-vote"
            elif kind == "duplicate-vote":
                who = voor[0]
                code = "duplicate-vote"
            else:
                who = facts["professionals"][-1]  # type: ignore[index]
                code = "not-a-voter"
            # Append `who` as the last voor vote; report line is where it lands.
            text, line = _add_vote(text, voor_line, voor, who, kind == "duplicate-vote")
            used.add(aid)
            return text, line, code
        if kind == "recused-vote":
            betrokken: list[str] = it["betrokken"]  # type: ignore[assignment]
            if not betrokken or not voor:
                continue
            text, line = _add_vote(text, voor_line, voor, betrokken[0], False)
            used.add(aid)
            return text, line, "recused-vote"
        if kind == "amount-with-rejection":
            if it["voorstel"] != "afwijzen":
                continue
            start: int = it["line"]  # type: ignore[assignment]
            lines = text.split("\n")
            lines.insert(start + 1, "    bedrag: 500")
            used.add(aid)
            return "\n".join(lines), start + 2, "amount-with-rejection"
        if kind == "advice-exceeds-request":
            if it["voorstel"] != "gedeeltelijk":
                continue
            start = it["line"]  # type: ignore[assignment]
            n = _find(text, "    bedrag: ", start)
            asked = Decimal(it["asked"])  # type: ignore[arg-type]
            used.add(aid)
            return (
                _replace_line(text, n, f"    bedrag: {money(asked + 1000)}"),
                n,
                "advice-exceeds-request",
            )
    return None


def _add_vote(
    text: str, voor_line: int, voor: list[str], who: str, duplicate: bool
) -> tuple[str, int]:
    """Put `who` in the voor list (first in it, so the position is easy to state)."""
    lines = text.split("\n")
    header = lines[voor_line - 1]
    if header.rstrip().endswith("[" + ", ".join(voor) + "]"):
        # Flow list: rewrite it with `who` appended (a duplicate goes after its first vote).
        new = [*voor, who]
        lines[voor_line - 1] = f"      voor: [{', '.join(new)}]"
        return "\n".join(lines), voor_line
    # Block list: append one item after the last `        - ` line.
    end = voor_line
    while end < len(lines) and lines[end].startswith("        - "):
        end += 1
    lines.insert(end, f"        - {who}")
    return "\n".join(lines), end + 1


def inject_faults(files: Files, count: int, seed: int) -> list[Fault]:
    """Inject `count` faults, cycling over the fault kinds; returns what was injected."""
    rng = random.Random(seed * 7919 + count)
    app_paths = sorted(files.apps)
    rng.shuffle(app_paths)
    open_minutes = sorted(p for p, f in files.minutes.items() if f["open"])
    used_items: dict[str, set[str]] = {p: set() for p in open_minutes}
    faults: list[Fault] = []
    next_app = 0
    kinds = FAULT_KINDS[:]
    i = 0
    failures = 0
    while len(faults) < count:
        kind = kinds[i % len(kinds)]
        i += 1
        if kind in MINUTES_SOFT:
            applied = None
            for path in rng.sample(open_minutes, len(open_minutes)):
                applied = _minutes_fault(
                    kind, files.texts[path], files.minutes[path], used_items[path], rng
                )
                if applied is not None:
                    break
            if applied is None:
                failures += 1
                if failures > 10 * len(kinds):
                    raise SystemExit(f"kan geen {count} fouten plaatsen; maak de stad groter")
                continue
            text, line, code = applied
            if text.count("\n") > files.texts[path].count("\n"):
                # A line was inserted at `line`: earlier faults below it in this file move down.
                faults = [
                    Fault(f.path, f.line + 1, f.code, f.kind)
                    if f.path == path and f.line >= line
                    else f
                    for f in faults
                ]
            files.texts[path] = text
            faults.append(Fault(path, line, code, kind))
            # Later edits in the same file move lines; refresh the line numbers of its items.
            _shift_items(files.minutes[path], line, text)
            continue
        # Application faults: one fault per application file; never in an application whose
        # agenda item carries a vote fault (that fault needs the application to load).
        while next_app < len(app_paths):
            path = app_paths[next_app]
            next_app += 1
            app = files.apps[path]
            if not any(app.id in used_items[m] for m in open_minutes):
                break
        else:
            raise SystemExit(f"kan geen {count} fouten plaatsen; maak de stad groter")
        text, line, code = _app_fault(kind, files.texts[path], files.apps[path])
        files.texts[path] = text
        faults.append(Fault(path, line, code, kind))
        # Reserve its agenda item: no vote fault may land on an application that cannot load
        # (or whose betrokken_leden changed).
        if kind in APP_FATAL or kind == "unknown-betrokken":
            for m in open_minutes:
                if app.id in files.minutes[m]["items"]:  # type: ignore[operator]
                    used_items[m].add(app.id)
    return faults


def _shift_items(facts: dict[str, object], at_line: int, text: str) -> None:
    """Re-read the line numbers of every agenda item after an insertion."""
    lines = text.split("\n")
    items: dict[str, dict[str, object]] = facts["items"]  # type: ignore[assignment]
    for aid, it in items.items():
        start = lines.index(f"  {aid}:") + 1
        it["line"] = start
        it["votes_line"] = _find(text, "      voor:", start)


# --- main -------------------------------------------------------------------------------------


def generate(
    out: Path,
    *,
    gebieden: int = 9,
    jaren: int = 10,
    rondes: int = 4,
    aanvragen: int = 30,
    seed: int = 1,
    faults: int = 0,
    eerste: int = 0,
) -> list[Fault]:
    """Write the tree under `out` (replacing `out/data`); returns the injected faults.
    `eerste`: the index of the first gebied (a repository of gebied `eerste` alone: 1 gebied,
    eerste=2 is vathorst)."""
    if not 1 <= rondes <= 4:
        raise ValueError("rondes: 1 tot en met 4 per jaar")
    city = City(gebieden, jaren, rondes, aanvragen, seed, eerste)
    files = city.write_all()
    injected = inject_faults(files, faults, seed) if faults else []
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    for rel, text in files.texts.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    manifest = out / "faults.json"
    if injected:
        manifest.write_text(
            json.dumps([f.__dict__ for f in injected], indent=1, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    elif manifest.exists():
        manifest.unlink()
    return injected


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("out", type=Path, help="map waarin data/ komt")
    ap.add_argument("--gebieden", type=int, default=9)
    ap.add_argument("--jaren", type=int, default=10)
    ap.add_argument("--rondes", type=int, default=4, help="rondes per jaar (1-4)")
    ap.add_argument("--aanvragen", type=int, default=30, help="aanvragen per gebied per ronde")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--faults", type=int, default=0, help="zoveel fouten invoegen (zie faults.json)"
    )
    ap.add_argument(
        "--repositories",
        action="store_true",
        help="elk gebied in een eigen repository OUT/<gebied>/data (een eigen seed per gebied), "
        "met OUT/STAD.yaml die ze noemt (wijk stad)",
    )
    args = ap.parse_args(argv)
    if args.repositories:
        return _repositories(args)
    injected = generate(
        args.out,
        gebieden=args.gebieden,
        jaren=args.jaren,
        rondes=args.rondes,
        aanvragen=args.aanvragen,
        seed=args.seed,
        faults=args.faults,
    )
    n = sum(1 for _ in (args.out / "data").rglob("*.yaml"))
    print(
        f"{n} bestanden geschreven in {args.out / 'data'}; {len(injected)} fouten ingevoegd",
        file=sys.stderr,
    )
    return 0


def _repositories(args: argparse.Namespace) -> int:
    """`--repositories`: one data repository per gebied, and the STAD.yaml of `wijk stad`."""
    names = []
    for i in range(args.gebieden):
        gid = GEBIEDEN[i][0] if i < len(GEBIEDEN) else f"gebied-{i + 1}"
        generate(args.out / gid, gebieden=1, jaren=args.jaren, rondes=args.rondes,
                 aanvragen=args.aanvragen, seed=args.seed + i, faults=args.faults, eerste=i)  # fmt: skip
        names.append(gid)
    lines = ["stad: Gegenereerde stad", "repositories:"]
    lines += [f"  - naam: {gid}\n    pad: {gid}" for gid in names]
    (args.out / "STAD.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    n = sum(1 for _ in args.out.rglob("*.yaml"))
    print(
        f"{args.gebieden} repositories en STAD.yaml in {args.out} ({n} bestanden)", file=sys.stderr
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
