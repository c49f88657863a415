"""New files: a data repository (`wijk init`), an application, a round and next year's wijkplan
(`wijk nieuw ...`). Each file is written as commented YAML that passes the schema, and never over
an existing file. The caller runs `wijk check` on the result.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from wijkcli.load import Dataset
from wijkcli.model.scalars import SLUG_RE
from wijkcli.problems import WijkcliError

_PLAIN = re.compile(r"^[A-Za-zÀ-ÿĀ-ž0-9][A-Za-zÀ-ÿĀ-ž0-9 .,()/+'&-]*$")


def scalar(value: object) -> str:
    """A YAML scalar that reads back as exactly this text (quoted only when needed)."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    """Whether `text` written plain is read back as that same string by any YAML 1.1 reader
    (so `no`, `0612345670` and `19:30` get quotes, for other tools' sake)."""
    import yaml

    try:
        return bool(yaml.safe_load(f"v: {text}") == {"v": text})
    except yaml.YAMLError:
        return False


def modeline(kind: str, depth: int) -> str:
    """First line of every file: editors with the YAML language server validate while typing.

    `depth` is how many folders the file lies below the repository root, where `schema/`
    (written by `wijk schema --uit schema/`, and by `wijk init`) holds the schemas.
    """
    return f"# yaml-language-server: $schema={'../' * depth}schema/{kind}.schema.json\n"


def slug(text: str) -> str:
    """'Huiskamer De Koperhorst' → 'huiskamer-de-koperhorst'."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"


def check_id(value: str, what: str) -> str:
    if not SLUG_RE.match(value):
        raise WijkcliError(
            f"{what} '{value}' is geen geldige id: kleine letters, cijfers en streepjes"
        )
    return value


def write_new(path: Path, text: str) -> None:
    """Create `path` with `text`; never overwrite.

    Raises:
        WijkcliError: the file exists already, or cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(text)
    except FileExistsError:
        raise WijkcliError(f"'{path}' bestaat al; wijkcli overschrijft het niet") from None
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet schrijven: {exc.strerror}") from None


# --- wijk init ---------------------------------------------------------------------------------


def init_repo(root: Path, gebied: str, naam: str, wijken: list[str]) -> list[Path]:
    """A new data repository for one gebied that passes `wijk check` as it is."""
    check_id(gebied, "gebied")
    if not wijken:
        wijken = [naam]
    base = root / "data" / "gebieden" / gebied
    wijk_lines = "".join(
        f"  - id: {check_id(slug(w), 'wijk')}\n    naam: {scalar(w)}\n" for w in wijken
    )
    files = {
        base / "gebied.yaml": (
            modeline("gebied", 3)
            + f"# Gebied {naam}: de wijken en het Bewonersteam. Zie docs/formaat.md van wijkcli.\n"
            f"id: {gebied}\nnaam: {scalar(naam)}\nwijken:\n{wijk_lines}"
            f"bewonersteam:\n  naam: {scalar('Bewonersteam ' + naam)}\n"
            "  # voorzitter: id-uit-leden.yaml\n  # secretaris: id-uit-leden.yaml\n"
        ),
        base / "leden.yaml": (
            modeline("leden", 3)
            + "# Leden van het Bewonersteam en het netwerk, en professionals met hun uren.\n"
            "# E-mail en telefoon zijn privé: wijkcli zet ze nooit in een document.\n"
            "leden: []\n"
            "#  - id: voornaam-achternaam\n#    naam: Voornaam Achternaam\n"
            f"#    wijk: {slug(wijken[0])}\n#    rol: bewonersteam   # of: bewoner, professional\n"
        ),
        root / "data" / "rondes" / ".gitkeep": "",
        root / ".gitignore": ".wijkcli-cache/\n",
        root / "README.md": (
            f"# Gegevens van Bewonersteam {naam}\n\n"
            "Deze repository houdt de besluiten van het Bewonersteam bij, als YAML-bestanden in "
            "`data/`. Controleer alles met `wijk check`; maak de adviesbrief met "
            "`wijk advies RONDE`.\n"
        ),
    }
    from wijkcli.schema import all_schemas

    for kind, schema_text in all_schemas().items():
        files[root / "schema" / f"{kind}.schema.json"] = schema_text
    written = []
    for path, text in files.items():
        if path.exists() and path.name in (".gitkeep", ".gitignore", "README.md"):
            continue
        write_new(path, text)
        written.append(path)
    return written


# --- wijk nieuw aanvraag -----------------------------------------------------------------------


@dataclass
class NieuweAanvraag:
    id: str
    titel: str
    gebied: str
    wijken: list[str]
    thema: str
    aanvrager: str
    soort: str
    bedrag: Decimal
    eigen_bijdrage: Decimal = Decimal(0)
    uren: dict[str, int] = field(default_factory=dict)
    nummer: str | None = None
    ingediend: date | None = None


def aanvraag_text(a: NieuweAanvraag, ronde_id: str) -> str:
    check_id(a.id, "aanvraag")
    uren = "".join(f"  {check_id(p, 'professional')}: {n}\n" for p, n in sorted(a.uren.items()))
    total = a.bedrag + a.eigen_bijdrage
    return (
        modeline("aanvraag", 4)
        + f"# Aanvraag in {ronde_id}. Vul de begroting en de omschrijving aan.\n"
        f"id: {a.id}\n"
        + (f"nummer: {scalar(a.nummer)}\n" if a.nummer else "")
        + f"titel: {scalar(a.titel)}\n"
        f"gebied: {a.gebied}\n"
        f"wijken: [{', '.join(a.wijken)}]\n"
        f"thema: {a.thema}\n"
        "aanvrager:\n"
        f"  naam: {scalar(a.aanvrager)}\n"
        f"  soort: {a.soort}   # organisatie, groep of bewoner\n"
        "  # contact: {naam: ..., email: ..., telefoon: ...}   # privé\n"
        "betrokken_leden: []   # leden met een persoonlijk belang\n"
        f"bedrag: {a.bedrag}\n"
        f"eigen_bijdrage: {a.eigen_bijdrage}\n"
        "begroting:   # posten samen = bedrag + eigen_bijdrage\n"
        f"  - post: Totaal (nog uitsplitsen)\n    bedrag: {total}\n"
        + (f"uren:\n{uren}" if uren else "uren: {}\n")
        + "# vrijwilligers: 0\n# bereik: ...\n# omschrijving: ...\n"
        + (f"ingediend: {a.ingediend.isoformat()}\n" if a.ingediend else "")
    )


# --- wijk nieuw ronde --------------------------------------------------------------------------


@dataclass
class NieuweRonde:
    id: str
    naam: str
    jaar: int
    indienen_tot: date
    vergadering: date
    advies_uiterlijk: date
    budget: dict[str, Decimal]
    stemming: str = "openbaar"


def ronde_text(r: NieuweRonde) -> str:
    check_id(r.id, "ronde")
    budget = "".join(f"  {check_id(g, 'gebied')}: {b}\n" for g, b in sorted(r.budget.items()))
    return (
        modeline("ronde", 3) + f"# {r.naam}: data, budget per gebied, vrije uren en stemregels.\n"
        f"id: {r.id}\nnaam: {scalar(r.naam)}\njaar: {r.jaar}\n"
        f"indienen_tot: {r.indienen_tot.isoformat()}\n"
        "vergadering:\n"
        f"  datum: {r.vergadering.isoformat()}\n"
        "  # begin: 19:30\n  # eind: 21:30\n  # plek: ...\n"
        f"advies_uiterlijk: {r.advies_uiterlijk.isoformat()}\n"
        f"budget:\n{budget}"
        "# doorgeschoven: {gebied: bedrag}   # alleen als de vorige ronde niet in data/ staat\n"
        "uren: {}   # professional: uren vrij voor initiatieven in deze ronde\n"
        f"stemming: {r.stemming}\n"
        "regels:\n"
        "  # quorum: helft | geen;  meerderheid: gewoon | volstrekt | twee-derde\n"
        "  # staking: aanhouden | voorzitter\n"
        "  toewijzing: steun-overslaan   # of steun-stoppen, gelijke-delen\n"
    )


def default_ronde_naam(ronde_id: str, jaar: int) -> str:
    m = re.match(r"^ronde-(\d{4})-(\d+)$", ronde_id)
    return f"Subsidieronde {int(m[2])} ({m[1]})" if m else f"Subsidieronde {ronde_id} ({jaar})"


# --- wijk nieuw wijkplan -----------------------------------------------------------------------


def wijkplan_text(dataset: Dataset, gebied: str, jaar: int) -> str:
    """Next year's wijkplan, starting from the latest earlier plan's themes and actions.

    Raises:
        WijkcliError: unknown gebied, or no earlier plan to start from.
    """
    g = dataset.gebied(gebied)
    earlier = [j for j in g.wijkplannen if j < jaar]
    if not earlier:
        raise WijkcliError(
            f"gebied '{gebied}' heeft geen wijkplan van vóór {jaar} om mee te beginnen"
        )
    prev = g.wijkplannen[max(earlier)]
    budget = prev.ambitie_volgend_jaar or prev.budget
    lines = [
        modeline("wijkplan", 3).rstrip("\n"),
        f"# Wijkplan {jaar}, begonnen vanuit wijkplan {prev.jaar}. Controleer doelen, resultaten",
        "# en uren: professionals hebben voor dit jaar uren nodig in leden.yaml.",
        f"gebied: {gebied}",
        f"jaar: {jaar}",
        "# vastgesteld: JJJJ-MM-DD",
        f"budget: {budget}",
    ]
    if prev.uitgangspunten:
        lines.append("uitgangspunten:")
        lines += [f"  - {scalar(u)}" for u in prev.uitgangspunten]
    lines.append("themas:")
    for t in sorted(prev.themas, key=lambda t: t.prioriteit):
        lines.append(f"  - id: {t.id}")
        if t.code:
            lines.append(f"    code: {scalar(t.code)}")
        lines.append(f"    titel: {scalar(t.titel)}")
        if t.speerpunt:
            lines.append(f"    speerpunt: {scalar(t.speerpunt)}")
        lines.append(f"    prioriteit: {t.prioriteit}")
        lines.append(f"    doel: {scalar(t.doel)}")
        lines.append(
            f"    resultaat: {scalar('(nieuw voor ' + str(jaar) + ') ' + (t.resultaat or ''))}"
        )
        if t.bewoners_doen:
            lines.append(f"    bewoners_doen: {scalar(t.bewoners_doen)}")
        if t.acties:
            lines.append("    acties:")
        for a in t.acties:
            lines.append(f"      - wat: {scalar(a.wat)}")
            lines.append(f"        wie: {scalar(a.wie)}")
            if a.wanneer:
                lines.append(f"        wanneer: {scalar(a.wanneer)}")
            if a.uren:
                lines.append("        uren:")
                lines += [f"          {p}: {n}" for p, n in a.uren.items()]
    if prev.pool is not None:
        lines.append("pool:")
        if prev.pool.omschrijving:
            lines.append(f"  omschrijving: {scalar(prev.pool.omschrijving)}")
        if prev.pool.uren:
            lines.append("  uren:")
            lines += [f"    {p}: {n}" for p, n in prev.pool.uren.items()]
    return "\n".join(lines) + "\n"
