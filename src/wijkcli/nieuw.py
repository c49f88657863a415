"""New files: a data repository (`wijk init`), an application, a round and next year's wijkplan
(`wijk nieuw ...`). Each file is written as commented YAML that passes the schema, and never over
an existing file. The caller runs `wijk check` on the result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

from wijkcli.count.tally import ItemResult
from wijkcli.dataset import Dataset, Meeting, RondeData
from wijkcli.model import Aanvrager, Ronde, Stand
from wijkcli.model.scalars import SLUG_RE
from wijkcli.problems import UsageMistake, WijkcliError, suggest
from wijkcli.text import os_error_words, visible

SOORTEN: tuple[str, ...] = get_args(Aanvrager.model_fields["soort"].annotation)
"""The kinds of applicant, from the model (organisatie, groep, bewoner)."""
STEMMINGEN: tuple[str, ...] = get_args(Ronde.model_fields["stemming"].annotation)
"""How a round votes, from the model (openbaar, geheim)."""

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
    return quoted(text)


def quoted(text: str) -> str:
    """`text` as one double-quoted YAML scalar on one line, written by PyYAML's own emitter
    (a newline or control character becomes an escape, so it can never start a new key)."""
    import yaml

    dumped = yaml.safe_dump(
        text, default_style='"', allow_unicode=True, width=1_000_000, explicit_end=False
    )
    return dumped.rstrip("\n").removesuffix("\n...").rstrip("\n")


_REFUSED_IN_TEXT = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def check_text(value: str, what: str) -> str:
    """Free text typed for a new file (a title, a name): one line of ordinary text, trimmed.
    A newline or control character is a usage mistake (the reader would refuse it anyway)."""
    found = _REFUSED_IN_TEXT.search(value)
    if found:
        raise UsageMistake(
            f"{what} bevat een regelovergang of onzichtbaar stuurteken "
            f"({visible(found.group())}); geef één regel gewone tekst"
        )
    text = value.strip()
    if not text:
        raise UsageMistake(f"{what} is leeg")
    return text


def check_choice(value: str, choices: list[str] | tuple[str, ...], what: str) -> str:
    """`value` (trimmed) when it is one of `choices`; a usage mistake with the list and the
    closest choice otherwise."""
    text = value.strip()
    if text in choices:
        return text
    close = suggest(text, choices)
    shown = f"'{visible(text)}'" if text else "(leeg)"
    raise UsageMistake(
        f"{what} {shown} bestaat niet; kies uit {', '.join(choices)}"
        + (f"; {close}" if close else "")
    )


def check_choices(value: str, choices: list[str], what: str) -> list[str]:
    """Comma-separated choices (`zielhorst, hoefkwartier`), each checked, each once."""
    picked: list[str] = []
    for part in value.split(","):
        choice = check_choice(part, choices, what)
        if choice not in picked:
            picked.append(choice)
    return picked


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
    """`value` when it is a valid id; a usage mistake (exit 2) otherwise."""
    if not SLUG_RE.match(value):
        raise UsageMistake(
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
        raise WijkcliError(f"kan '{path}' niet schrijven: {os_error_words(exc)}") from None


# --- wijk init ---------------------------------------------------------------------------------

WORKFLOW = """\
# Voor een gegevensrepository van een Bewonersteam (`wijk init` zet dit bestand klaar).
# Bij elke pull request zet `wijk check` problemen als opmerkingen op de juiste regels, en
# komt de samenvatting van `wijk verschil` (wat er verandert in wijkplan, leden, rondes,
# aanvragen en advies) in de samenvatting van de job, ook als de controle faalt. Daar is geen
# token of schrijfrecht voor nodig.
#
# Welke wijkcli er draait, staat op een plek: bij `dependencies` in pyproject.toml van deze
# repository (met uv.lock erbij ligt de versie precies vast). Bij een pull request komt
# wijkcli uit die bestanden van de basis (de tak waar de pull request in moet), nooit uit de
# pull request zelf: zo kiest een pull request niet zelf het gereedschap dat hem keurt. Een
# wijziging aan .github/, pyproject.toml of uv.lock staat vetgedrukt bovenaan de samenvatting
# en vraagt de goedkeuring van een beheerder (.github/CODEOWNERS). Een andere versie of bron?
# Pas de regel in pyproject.toml aan, bijvoorbeeld met:
# uv add "wijkcli @ git+https://<adres van wijkcli>@<versie>"
name: wijk
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  wijk:
    runs-on: ubuntu-latest
    env:
      BASIS: ${{ github.event.pull_request.base.sha || github.sha }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # wijk verschil leest de basis van de pull request uit git
      - uses: astral-sh/setup-uv@v6
      - name: wijkcli installeren (de versie uit pyproject.toml en uv.lock van de basis)
        run: |
          basis="$RUNNER_TEMP/basis"
          git worktree add --detach "$basis" "$BASIS"
          vast=""
          if [ -f "$basis/uv.lock" ]; then vast="--locked"; fi
          (cd "$basis" && uv sync $vast)
          echo "$basis/.venv/bin" >> "$GITHUB_PATH"
      - name: Gegevens controleren
        run: wijk check --format github
      - name: Samenvatting van de wijzigingen
        if: ${{ !cancelled() && github.event_name == 'pull_request' }}
        run: wijk verschil --sinds "$BASIS" --format md >> "$GITHUB_STEP_SUMMARY"
"""
"""The GitHub Actions workflow of a data repository; wijkcli's own .github/workflows/wijk.yml
is this same text (a test keeps them equal), so it runs on the example data too."""


def wijkcli_requirement() -> tuple[str, bool]:
    """Where the running wijkcli came from, as a pinned requirement for a data repository's
    pyproject.toml, and whether that source is only on this computer (a folder or file).

    From the installer's record (PEP 610 direct_url.json): a git install gives
    `wijkcli @ git+URL@commit`, an index install `wijkcli==VERSION`. Nothing is invented: a
    source GitHub cannot reach is reported so the user can fill in the right one.
    """
    from importlib import metadata

    try:
        dist = metadata.distribution("wijkcli")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "wijkcli", True
    raw = dist.read_text("direct_url.json")
    if not raw:
        return f"wijkcli=={dist.version}", False
    info = json.loads(raw)
    url = str(info.get("url", ""))
    vcs = info.get("vcs_info")
    if vcs:
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        pinned = f"{vcs.get('vcs', 'git')}+{url}" + (f"@{commit}" if commit else "")
        return f"wijkcli @ {pinned}", url.startswith("file:")
    return f"wijkcli @ {url}", url.startswith("file:") or "dir_info" in info


TOOL_FILES = (".github/", "pyproject.toml", "uv.lock")
"""The files of a data repository that decide which wijkcli judges a pull request: a change
to one of them is a change to the gate itself (`wijk verschil` says so first, in bold)."""

PLACEHOLDER_OWNER = "@BEHEERDER"


def codeowners_text(owner: str | None) -> str:
    """The data repository's .github/CODEOWNERS: `owner` (a GitHub name `@naam` or team
    `@organisatie/team`) must approve every change to the workflow and to which wijkcli runs.

    Raises:
        UsageMistake: `owner` is not a GitHub name or team.
    """
    owner_re = r"@?[A-Za-z0-9][A-Za-z0-9-]*(/[A-Za-z0-9._-]+)?"
    if owner is not None and not re.fullmatch(owner_re, owner):
        raise UsageMistake(
            f"'{visible(owner)}' is geen GitHub-naam of team (bijvoorbeeld @els-kok of "
            "@bewonersteam-noord/beheer)"
        )
    who = PLACEHOLDER_OWNER if owner is None else "@" + owner.lstrip("@")
    lines = "".join(f"/{path} {who}\n" for path in TOOL_FILES)
    return (
        "# Wie het gereedschap van deze repository mag veranderen: de workflow die elke pull\n"
        "# request keurt (.github/) en welke wijkcli die gebruikt (pyproject.toml, uv.lock).\n"
        '# Zet in GitHub bij de regels voor de tak main "Require review from Code Owners" aan.\n'
        + (
            f"# Vervang {PLACEHOLDER_OWNER} door de GitHub-naam van wie dat beoordeelt (of een\n"
            "# team: @organisatie/team); `wijk init --beheerder` vult het in.\n"
            if owner is None
            else ""
        )
        + lines
    )


def pyproject_text(gebied: str, naam: str, requirement: str) -> str:
    """The data repository's pyproject.toml: it pins the wijkcli these files work with."""
    return (
        f"# Gegevens van Bewonersteam {naam}. Hier staat met welke wijkcli ze werken; GitHub\n"
        "# Actions (.github/workflows/wijk.yml) installeert precies deze (met `uv sync`).\n"
        "# Een andere versie of bron: pas de regel bij dependencies aan.\n"
        "[project]\n"
        f"name = {json.dumps('gegevens-' + gebied)}\n"
        'version = "0"\n'
        'requires-python = ">=3.11"\n'
        f"dependencies = [{json.dumps(requirement, ensure_ascii=False)}]\n"
        "\n"
        "[tool.uv]\n"
        "package = false\n"
    )


def init_repo(
    root: Path,
    gebied: str,
    naam: str,
    wijken: list[str],
    requirement: str | None = None,
    beheerder: str | None = None,
) -> list[Path]:
    """A new data repository for one gebied that passes `wijk check` as it is, with the
    GitHub workflow, a pyproject.toml that pins wijkcli (`requirement`, by default the
    source of the running wijkcli) and a CODEOWNERS that makes `beheerder` approve changes to
    both."""
    codeowners = codeowners_text(beheerder)
    check_id(gebied, "gebied")
    naam = check_text(naam, "naam")
    wijken = [check_text(w, "wijk") for w in wijken]
    if requirement is None:
        requirement = wijkcli_requirement()[0]
    if not wijken:
        wijken = [naam]
    ids = [check_id(slug(w), "wijk") for w in wijken]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise UsageMistake(
            f"twee wijken krijgen dezelfde id ({', '.join(twice)}); kies andere namen"
        )
    base = root / "data" / "gebieden" / gebied
    wijk_lines = "".join(
        f"  - id: {check_id(slug(w), 'wijk')}\n    naam: {scalar(w)}\n" for w in wijken
    )
    files = {
        base / "gebied.yaml": (
            modeline("gebied", 3)
            + f"# Gebied {comment(naam)}: de wijken en het Bewonersteam. Zie docs/formaat.md "
            "van wijkcli.\n"
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
        root / ".gitignore": GITIGNORE,
        root / ".github" / "workflows" / "wijk.yml": WORKFLOW,
        root / ".github" / "CODEOWNERS": codeowners,
        root / "pyproject.toml": pyproject_text(gebied, naam, requirement),
        root / "README.md": (
            f"# Gegevens van Bewonersteam {comment(naam)}\n\n"
            "Deze repository houdt de besluiten van het Bewonersteam bij, als YAML-bestanden in "
            "`data/`. Controleer alles met `wijk check`; maak de adviesbrief met "
            "`wijk advies RONDE`.\n"
        ),
    }
    from wijkcli.schema import all_schemas

    for kind, schema_text in all_schemas().items():
        files[root / "schema" / f"{kind}.schema.json"] = schema_text
    # Every target is checked before anything is written: a conflict leaves no half-made
    # repository behind. Files a repository may already have are kept as they are.
    keep = (".gitignore", "README.md", "pyproject.toml", "wijk.yml", "CODEOWNERS")
    todo = {p: t for p, t in files.items() if not (p.name in keep and p.exists())}
    conflicts = [p for p in todo if p.exists() or p.is_symlink()]
    if conflicts:
        shown = ", ".join(f"'{p}'" for p in conflicts[:3])
        more = f" en nog {len(conflicts) - 3}" if len(conflicts) > 3 else ""
        raise WijkcliError(
            f"{shown}{more} bestaat al; wijkcli overschrijft het niet en heeft niets geschreven"
        )
    for path, text in todo.items():
        write_new(path, text)
    # The folder for the rounds, empty for now: no placeholder file in it (wijk check warns
    # about a hidden file in data/), so git shows it once `wijk nieuw ronde` has filled it.
    (root / "data" / "rondes").mkdir(exist_ok=True)
    if not (root / ".git").exists():
        git_init(root)
    return list(todo)


GITIGNORE = """\
# Wat wijkcli (en uv) zelf schrijft; de gegevens in data/ horen wel in git.
.wijkcli-cache/
.wijkcli-uitvoer.json
.*.tmp
.venv/
# Documenten (brieven, agenda, notulen, plannen, nieuwsbrieven) maak je opnieuw met wijk uit de
# gegevens; ze horen niet in git. Bewaar je er toch een, zet dan een ! voor zijn naam hieronder.
uitvoer/
brieven/
nieuwsbrief/
*.pdf
*.docx
*.html
"""
"""A data repository's .gitignore: every file wijkcli writes besides the data (the cache, the
output manifest, the temporary files of an interrupted write) and the usual output folders."""


def git_init(root: Path) -> bool:
    """`git init` in `root` when git is there (branch main); False when it is not."""
    import shutil
    import subprocess

    git = shutil.which("git")
    if git is None:
        return False
    try:
        subprocess.run(
            [git, "init", "-q", "-b", "main", str(root)],
            check=True, capture_output=True, timeout=30, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False
    return True


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
    betrokken_leden: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AanvraagKeuzes:
    """What a new application in a round may choose, from the data."""

    gebied: str
    wijken: list[str]
    """The ids of the gebied's wijken."""
    themas: list[str]
    """The theme ids of the gebied's wijkplan for the round's year, by priority."""
    nummer: str
    """The next free agenda number (`A09` after A01–A08)."""


def aanvraag_keuzes(meeting: Meeting) -> AanvraagKeuzes:
    """The choices for a new application in one gebied's part of a round.

    Raises:
        WijkcliError: the gebied has no wijkplan for the round's year (no themes to choose).
    """
    r, g, gebied = meeting.ronde, meeting.gebied, meeting.gebied_id
    year = r.info.year
    plan = g.wijkplannen.get(year)
    if plan is None:
        raise WijkcliError(
            f"gebied '{gebied}' heeft geen wijkplan voor {year}, dus geen thema's om uit te "
            f"kiezen; begin het met: wijk nieuw wijkplan {gebied} {year}"
        )
    themas = [t.id for t in sorted(plan.themas, key=lambda t: t.prioriteit)]
    return AanvraagKeuzes(gebied, [w.id for w in g.info.wijken], themas, next_nummer(r))


_NUMMER = re.compile(r"^[Aa](\d+)$")
_STEM_NUMMER = re.compile(r"^a(\d+)-")


def next_nummer(r: RondeData) -> str:
    """One more than the highest `A..` agenda number of the round (in `nummer` or the file
    names `a08-…`), two digits as in the example: `A09`; `A01` in an empty round."""
    numbers = [0]
    for a in r.aanvragen.values():
        m = _NUMMER.match(a.nummer or "")
        if m:
            numbers.append(int(m[1]))
    for stem in r.aanvraag_files:
        m = _STEM_NUMMER.match(stem)
        if m:
            numbers.append(int(m[1]))
    return f"A{max(numbers) + 1:02d}"


def aanvraag_id(nummer: str | None, titel: str) -> str:
    """The id (and file name) of a new application as in the example: the agenda number and
    the first words of the title, `a09-buurtmoestuin`."""
    words = slug(titel).split("-")[:3]
    name = "-".join(words)[:40].strip("-") or "aanvraag"
    return f"{slug(nummer)}-{name}" if nummer else name


def aanvraag_text(a: NieuweAanvraag, ronde_id: str) -> str:
    check_id(a.id, "aanvraag")
    check_id(a.gebied, "gebied")
    check_id(a.thema, "thema")
    if a.soort not in SOORTEN:
        check_choice(a.soort, SOORTEN, "soort")
    for w in a.wijken:
        check_id(w, "wijk")
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
        + (
            f"betrokken_leden: [{', '.join(check_id(x, 'lid') for x in a.betrokken_leden)}]"
            "   # leden met een persoonlijk belang\n"
        )
        + f"bedrag: {a.bedrag}\n"
        f"eigen_bijdrage: {a.eigen_bijdrage}\n"
        "begroting:   # posten samen = bedrag + eigen_bijdrage\n"
        f"  - post: Totaal (nog uitsplitsen)\n    bedrag: {total}\n"
        + (f"uren:\n{uren}" if uren else "uren: {}\n")
        + "# vrijwilligers: 0\n# bereik: ...\n# omschrijving: ...\n"
        + f"ingediend: {(a.ingediend or date.today()).isoformat()}\n"
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
    uren: dict[str, int] | None = None
    """Free hours per professional; None: not known (the professionals are listed as a
    comment to fill in)."""
    vorige: Ronde | None = None
    """The previous round of the gebied (`vorige_ronde`): regeling, rules, place and times
    are carried over from it."""
    uren_van_vorige: bool = False
    """Whether `uren` are the previous round's, carried over unasked (said in a comment)."""
    professionals: list[tuple[str, str]] = field(default_factory=list)
    """(id, name) of the professionals of the round's gebieden, for the comment."""


def vorige_ronde(dataset: Dataset, gebieden: list[str], datum: date) -> Ronde | None:
    """The latest round that gives budget to one of `gebieden` and meets before `datum` (by
    meeting date, then id): what a new round of the same gebied starts from."""
    earlier = [
        r.ronde
        for r in dataset.rondes.values()
        if r.ronde is not None
        and r.ronde.meeting_date < datum
        and any(g in r.ronde.budget for g in gebieden)
    ]
    return max(earlier, key=lambda r: (r.meeting_date, r.id), default=None)


def ronde_professionals(dataset: Dataset, gebieden: list[str]) -> list[tuple[str, str]]:
    """(id, name) of the professionals of `gebieden` (from leden.yaml), by name."""
    from wijkcli.text import name_sort_key

    found: dict[str, str] = {}
    for gid in gebieden:
        g = dataset.gebieden.get(gid)
        if g is None:
            continue
        for pid in g.professionals:
            found.setdefault(pid, g.leden_by_id[pid].naam)
    return sorted(found.items(), key=lambda p: name_sort_key(p[1]))


def _time(t: object) -> str:
    return f"{t:%H:%M}"


def _regels_lines(r: Ronde) -> list[str]:
    """The rules a previous round wrote (only what it wrote: the rest keeps its default)."""
    from wijkcli.model.ronde import Volmacht

    regels = r.regels
    lines = []
    for name in ("quorum", "meerderheid", "staking", "toewijzing", "stemrecht"):
        if name in regels.model_fields_set and getattr(regels, name) is not None:
            lines.append(f"  {name}: {check_id(getattr(regels, name), name)}")
    if "volmacht" in regels.model_fields_set:
        v = regels.volmacht
        if isinstance(v, Volmacht):
            lines.append(f"  volmacht: {{max_per_lid: {v.max_per_lid}}}")
        else:
            lines.append(f"  volmacht: {'true' if v else 'false'}")
    return lines


def _regeling_lines(r: Ronde) -> list[str]:
    """The previous round's regeling: its name alone as text (the short form), else the
    mapping with its grondslag and slotzin."""
    g = r.regeling
    assert g is not None
    if g.grondslag is None and g.slotzin is None:
        return [f"regeling: {scalar(g.naam)}"]
    lines = ["regeling:", f"  naam: {scalar(g.naam)}"]
    if g.grondslag is not None:
        lines.append(f"  grondslag: {scalar(g.grondslag)}")
    if g.slotzin is not None:
        lines.append(f"  slotzin: {scalar(g.slotzin)}")
    return lines


def _uitbetaling_lines(r: Ronde) -> list[str]:
    u = r.uitbetaling
    lines = []
    if "voorschot" in u.model_fields_set:
        lines.append(f"  voorschot: {u.voorschot}")
    if "declareren_binnen" in u.model_fields_set:
        lines.append(f"  declareren_binnen: {u.declareren_binnen}")
    return lines


def ronde_text(r: NieuweRonde) -> str:
    """A new ronde.yaml. With a previous round of the gebied (`r.vorige`) its regeling, rules,
    payment rules, place and times are carried over, said in a comment; the free hours are
    `r.uren`, or (unknown) every professional as a comment to fill in."""
    check_id(r.id, "ronde")
    check_choice(r.stemming, STEMMINGEN, "stemming")
    check_text(r.naam, "naam")
    prev = r.vorige
    budget = "".join(f"  {check_id(g, 'gebied')}: {b}\n" for g, b in sorted(r.budget.items()))
    lines = [
        modeline("ronde", 3).rstrip("\n"),
        f"# {comment(r.naam)}: data, budget per gebied, vrije uren en stemregels.",
    ]
    if prev is not None:
        lines.append(
            "# Regeling, stemregels, plek en tijden zijn overgenomen uit "
            f"{check_id(prev.id, 'ronde')}; controleer ze."
        )
    lines += [f"id: {r.id}", f"naam: {scalar(r.naam)}", f"jaar: {r.jaar}"]
    if prev is not None and prev.regeling is not None:
        lines.extend(_regeling_lines(prev))
    else:
        lines.append("# regeling: Projecten#Indebuurt, versie ...")
    lines += [f"indienen_tot: {r.indienen_tot.isoformat()}", "vergadering:",
              f"  datum: {r.vergadering.isoformat()}"]  # fmt: skip
    afspraak = prev.vergadering if prev is not None else None
    if afspraak is not None and afspraak.begin is not None:
        lines.append(f"  begin: {_time(afspraak.begin)}")
    else:
        lines.append("  # begin: 19:30")
    if afspraak is not None and afspraak.eind is not None:
        lines.append(f"  eind: {_time(afspraak.eind)}")
    else:
        lines.append("  # eind: 21:30")
    if afspraak is not None and afspraak.plek is not None:
        lines.append(f"  plek: {scalar(afspraak.plek)}")
    else:
        lines.append("  # plek: ...")
    if afspraak is not None and afspraak.toelichting_aanvragers is not None:
        t = afspraak.toelichting_aanvragers
        lines += ["  toelichting_aanvragers:", f"    begin: {_time(t.begin)}",
                  f"    eind: {_time(t.eind)}"]  # fmt: skip
    lines += [
        f"advies_uiterlijk: {r.advies_uiterlijk.isoformat()}",
        f"budget:\n{budget}".rstrip("\n"),
        "# doorgeschoven: {gebied: bedrag}   # alleen als de vorige ronde niet in data/ staat",
        "# Uren die professionals in deze ronde vrij hebben voor bewonersinitiatieven.",
    ]
    if r.uren:
        if r.uren_van_vorige and prev is not None:
            lines.append(f"# Overgenomen uit {check_id(prev.id, 'ronde')}: pas ze aan.")
        lines.append("uren:")
        lines += [f"  {check_id(p, 'professional')}: {n}" for p, n in r.uren.items()]
    else:
        lines.append("uren: {}   # professional: uren vrij voor initiatieven in deze ronde")
        lines += [f"#   {check_id(p, 'professional')}: 0   # {comment(naam)}"
                  for p, naam in r.professionals]  # fmt: skip
    lines.append(f"stemming: {r.stemming}")
    carried = _regels_lines(prev) if prev is not None else []
    lines += [
        "regels:",
        "  # quorum: helft | geen;  meerderheid: gewoon | volstrekt | twee-derde",
        "  # staking: aanhouden | voorzitter",
    ]
    if carried:
        lines += carried
    else:
        lines.append("  toewijzing: steun-overslaan   # of steun-stoppen, gelijke-delen")
    paid = _uitbetaling_lines(prev) if prev is not None else []
    if paid:
        lines += ["uitbetaling:", *paid]
    return "\n".join(lines) + "\n"


def default_ronde_naam(ronde_id: str, jaar: int) -> str:
    m = re.match(r"^ronde-(\d{4})-(\d+)$", ronde_id)
    return f"Subsidieronde {int(m[2])} ({m[1]})" if m else f"Subsidieronde {ronde_id} ({jaar})"


# --- wijk nieuw wijkplan -----------------------------------------------------------------------


def wijkplan_text(dataset: Dataset, gebied: str, jaar: int) -> str:
    """Next year's wijkplan, starting from the latest earlier plan's themes and actions; the
    empty template (`first_wijkplan_text`) when the gebied has no earlier plan.

    Raises:
        UnknownIdError: unknown gebied.
    """
    g = dataset.gebied(gebied)
    earlier = [j for j in g.wijkplannen if j < jaar]
    if not earlier:
        return first_wijkplan_text(gebied, jaar)
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


def first_wijkplan_text(gebied: str, jaar: int) -> str:
    """The first wijkplan of a gebied: one theme to fill in, everything else as a comment. It
    passes `wijk check` as it is."""
    check_id(gebied, "gebied")
    return (
        modeline("wijkplan", 3)
        + f"# Wijkplan {jaar}: het eerste plan van dit gebied. Vul budget, thema's, doelen en\n"
        "# acties in (zie docs/formaat.md van wijkcli); aanvragen kiezen een thema-id hieruit.\n"
        f"gebied: {gebied}\n"
        f"jaar: {jaar}\n"
        "# vastgesteld: JJJJ-MM-DD\n"
        "budget: 0   # het budget Projecten#Indebuurt voor dit jaar\n"
        "# ambitie_volgend_jaar: 0\n"
        "uitgangspunten: []\n"
        "themas:\n"
        "  - id: ontmoeten   # kies een korte id per thema\n"
        "    titel: Ontmoeten\n"
        "    prioriteit: 1   # 1 is het belangrijkst\n"
        "    doel: Nog in te vullen\n"
        "    # resultaat: ...\n"
        "    # bewoners_doen: ...\n"
        "    # acties:\n"
        "    #   - wat: ...\n"
        "    #     wie: ...\n"
        "    #     uren: {professional-id: 40}   # die uren moeten in leden.yaml staan\n"
        "# pool:\n"
        "#   omschrijving: uren voor het ondersteunen van initiatieven\n"
        "#   uren: {professional-id: 100}\n"
    )


# --- wijk nieuw vergadering --------------------------------------------------------------------


def comment(text: str) -> str:
    """Text for after a `#`: one line, so user text can never end the comment and become YAML."""
    return " ".join(str(text).split())


def vergadering_text(meeting: Meeting) -> str:
    """The minutes scaffold of a round's meeting: the date from the round, every member with a
    vote listed as present and after them the gebied's professionals (an advisory voice), one
    item per application in agenda order with the proposal still
    to fill in (and, as a comment, who has a personal interest). It passes `wijk check` with one
    warning per unfinished item.

    The ids come from the data folders' names (`Dataset.meeting` found them), and are
    written only after `check_id` accepted them.
    """
    from wijkcli.documents.agenda import agenda_order
    from wijkcli.text import format_date_long, format_money, name_sort_key

    ronde_id = check_id(meeting.ronde_id, "ronde")
    gebied = check_id(meeting.gebied_id, "gebied")
    ronde = meeting.info
    g = meeting.gebied
    leden = g.leden_by_id
    team = g.info.bewonersteam
    voters = sorted(g.voters(ronde.regels), key=lambda x: name_sort_key(leden[x].naam))
    lines = [
        modeline("vergadering", 3).rstrip("\n"),
        f"# Notulen van de beoordelingsvergadering van {comment(team.naam)} voor {ronde_id}",
        f"# ({format_date_long(ronde.vergadering.datum)}), begonnen met 'wijk nieuw vergadering'.",
        "# Zet wie er niet was onder afgemeld; vul per agendapunt voorstel en stemmen in.",
        "# Tot dan meldt 'wijk check' elk agendapunt als nog niet afgehandeld.",
        f"gebied: {gebied}",
        f"datum: {ronde.vergadering.datum.isoformat()}",
    ]
    if team.voorzitter:
        lines.append(f"voorzitter: {check_id(team.voorzitter, 'voorzitter')}")
    if team.secretaris:
        lines.append(f"notulist: {check_id(team.secretaris, 'secretaris')}")
    begin = ronde.vergadering.begin
    lines.append(f"# opening: {{tijd: {begin:%H:%M}}}" if begin else "# opening: {tijd: 19:30}")
    advisers = sorted(
        (p for p in g.professionals if p not in voters), key=lambda x: name_sort_key(leden[x].naam)
    )
    lines.append("aanwezig:" if voters or advisers else "aanwezig: []")
    lines += [f"  - {check_id(x, 'lid')}   # {comment(leden[x].naam)}" for x in voters]
    if advisers:
        lines.append("  # professionals, met adviserende stem (haal weg wie er niet was)")
        lines += [f"  - {check_id(x, 'lid')}   # {comment(leden[x].naam)}" for x in advisers]
    lines.append("afgemeld: []")
    lines.append("# vertrokken: {lid-id: eerste-agendapunt-waarbij-het-lid-er-niet-meer-was}")
    if ronde.regels.max_volmachten:
        lines.append("volmachten: {}   # gever: houder")
    lines.append("mededelingen: []")
    aanvragen = agenda_order(meeting)
    lines.append("besluiten:" if aanvragen else "besluiten: {}")
    for a in aanvragen:
        label = f"{a.nummer} {a.titel}" if a.nummer else a.titel
        lines.append(f"  {check_id(a.id, 'aanvraag')}:")
        lines.append(f"    # {comment(label)}; gevraagd {format_money(a.bedrag)}")
        if a.betrokken_leden:
            lines.append(
                "    # persoonlijk belang, stemt niet mee: "
                + ", ".join(comment(x) for x in a.betrokken_leden)
            )
        lines += [
            "    voorstel:   # toekennen, gedeeltelijk, afwijzen of aanhouden",
            "    stemmen:",
            "      voor: []",
            "      tegen: []",
            "      onthouding: []",
        ]
    lines += [
        "actiepunten: []   # - {wat: ..., wie: lid-id, uiterlijk: JJJJ-MM-DD}",
        "rondvraag: []   # - {lid: lid-id, tekst: ...}",
        "# sluiting: 21:45",
    ]
    return "\n".join(lines) + "\n"


# --- wijk advies --verzonden / --herzien -------------------------------------------------------


def _stand_lines(stand: Stand, indent: str) -> list[str]:
    """The figures of a letter as YAML lines (every value is an id, a date, a fixed word or
    an amount: nothing from free text)."""
    from wijkcli.text import json_amount

    lines = [
        f"{indent}budget: {json_amount(stand.budget)}",
        f"{indent}doorgeschoven: {json_amount(stand.doorgeschoven)}",
    ]
    if stand.terug:
        lines.append(f"{indent}terug:")
        for t in stand.terug:
            lines += [
                f"{indent}  - datum: {t.datum.isoformat()}",
                f"{indent}    bedrag: {json_amount(t.bedrag)}",
                f"{indent}    soort: {t.soort}",
                f"{indent}    ronde: {check_id(t.ronde, 'ronde')}",
                f"{indent}    aanvraag: {check_id(t.aanvraag, 'aanvraag')}",
            ]
    lines += [
        f"{indent}beschikbaar: {json_amount(stand.beschikbaar)}",
        f"{indent}geadviseerd: {json_amount(stand.geadviseerd)}",
        f"{indent}aanvragen:",
    ]
    for aid in sorted(stand.aanvragen):
        regel = stand.aanvragen[aid]
        lines.append(f"{indent}  {check_id(aid, 'aanvraag')}:")
        lines.append(f"{indent}    advies: {regel.advies}")
        lines.append(f"{indent}    bedrag: {json_amount(regel.bedrag)}")
        if regel.uren:
            lines.append(f"{indent}    uren:")
            lines += [f"{indent}      {check_id(p, 'professional')}: {n}"
                      for p, n in sorted(regel.uren.items())]  # fmt: skip
    return lines


def verzonden_text(meeting: Meeting, stand: Stand, verzonden: date) -> str:
    """The record of a sent letter (`verzonden-<gebied>.yaml`) with the figures of `stand`."""
    from wijkcli.text import format_date_long

    ronde, gebied = check_id(meeting.ronde_id, "ronde"), check_id(meeting.gebied_id, "gebied")
    lines = [
        modeline("verzonden", 3).rstrip("\n"),
        f"# De adviesbrief van {ronde} voor gebied {gebied}, verzonden op "
        f"{format_date_long(verzonden)}.",
        f"# Geschreven door 'wijk advies {ronde} --verzonden {verzonden.isoformat()}'. Pas dit "
        "bestand niet met de hand aan:",
        f"# een ander advies is een herziening ('wijk advies {ronde} --herzien \"reden\"').",
        f"gebied: {gebied}",
        f"verzonden: {verzonden.isoformat()}",
        *_stand_lines(stand, ""),
    ]
    return "\n".join(lines) + "\n"


def herziening_text(current: str, stand: Stand, datum: date, reden: str) -> str:
    """`current` (the text of a record) with one more herziening at the end. The reason is
    written as a YAML string by the YAML library, never pasted into the text."""
    import yaml

    quoted = yaml.safe_dump(reden, allow_unicode=True, default_style='"', width=10_000)
    quoted = quoted.strip().removesuffix("...").strip()
    lines = current.rstrip("\n").split("\n")
    if "herzieningen:" not in lines:
        lines.append("herzieningen:")
    lines += [f"  - datum: {datum.isoformat()}", f"    reden: {quoted}"]
    lines += _stand_lines(stand, "    ")
    return "\n".join(lines) + "\n"


# --- wijk nieuw voortgang ----------------------------------------------------------------------


def find_aanvraag(r: RondeData, wanted: str) -> str:
    """The id of the round's application `wanted`: its id, or its agenda number (`A01`, also
    written `a1`, when one application has it).

    Raises:
        UsageMistake: `wanted` is neither and not an id at all.
        UnknownIdError: no application of the round has this id (with the closest one).
    """
    from wijkcli.problems import UnknownIdError

    text = wanted.strip()
    if text in r.aanvragen:
        return text

    def number(nummer: str) -> object:  # A8, a08 and A08 are one agenda number
        m = _NUMMER.match(nummer)
        return int(m[1]) if m else nummer.lower()

    by_nummer = [k for k, a in r.aanvragen.items() if a.nummer and number(a.nummer) == number(text)]
    if text and len(by_nummer) == 1:
        return by_nummer[0]
    where = f"data/rondes/{r.id}/aanvragen"
    if _NUMMER.match(text):
        nummers = (a.nummer for a in r.aanvragen.values() if a.nummer)
        raise UnknownIdError("agendanummer", text, where, nummers)
    check_id(text, "aanvraag")
    raise UnknownIdError("aanvraag", text, where, r.aanvragen)


def granted_item(meeting: Meeting, aanvraag_id: str) -> ItemResult:
    """The count of an application the Bewonersteam advised to grant (advies toekennen or
    gedeeltelijk, after fitting the budget): what its follow-up file starts from.

    Raises:
        UsageMistake: the application has another advice (said which), no finished
            decision in the minutes yet, or the minutes are not finished (another item is
            still open: until then the budget may still change this advice).
    """
    from wijkcli.count.ledger import tally
    from wijkcli.count.voortgang import adopted

    minutes = meeting.vergadering
    open_items = sorted(k for k, b in minutes.besluiten.items() if b.unfinished) if minutes else []
    if open_items and aanvraag_id not in open_items:
        # The advice of one item can still change while others are open (fitting the budget).
        shown = ", ".join(open_items[:3]) + (
            f" en nog {len(open_items) - 3}" if len(open_items) > 3 else ""
        )
        raise UsageMistake(
            f"de notulen ({meeting.minutes_path}) zijn nog niet af: {shown} nog niet "
            f"afgehandeld; het advies over '{aanvraag_id}' ligt pas vast als elk agendapunt een "
            "voorstel en stemmen heeft"
        )
    result = tally(meeting)
    item = next((i for i in result.items if i.aanvraag_id == aanvraag_id), None)
    if item is None:
        raise UsageMistake(
            f"aanvraag '{aanvraag_id}' is in {meeting.minutes_path} nog niet (af)gehandeld, dus "
            "er is nog geen advies; een voortgangsbestand begint bij een aanvraag met advies "
            "toekennen of gedeeltelijk"
        )
    if not adopted(item):
        if item.buiten_budget:
            why = " (aangenomen, maar het past niet in het budget)"
        elif not item.adopted:
            why = f" (uitkomst van de stemming: {item.uitkomst})"
        else:
            why = ""
        raise UsageMistake(
            f"aanvraag '{aanvraag_id}' heeft advies {item.advies}{why}; een voortgangsbestand "
            "is er alleen voor een aanvraag met advies toekennen of gedeeltelijk"
        )
    return item


def _bedrag(amount: Decimal) -> str:
    """An amount as the format writes it: `6500`, `4212.50` (never more than two decimals)."""
    cents = amount.quantize(Decimal("0.01"))
    return str(int(cents)) if cents == cents.to_integral_value() else f"{cents:.2f}"


def _weken(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weken"


def voortgang_text(meeting: Meeting, item: ItemResult) -> str:
    """The follow-up file of an application the Bewonersteam advised to grant (`granted_item`):
    Indebuurt033's decision with the advised amount and hours and the status `toegekend`, all
    dated at the round's `besluit_verwacht` (or, without it, at `advies_uiterlijk`, which the
    decision cannot come before), with a comment to put in the real date. What comes later
    (payments with the round's maximum advance, spent, declared with its deadline, returned,
    hours used, the report) stands ready as comments. It passes `wijk check` as it is.

    Text from the data is written only in comments (`comment`), ids only after `check_id`.
    """
    from decimal import ROUND_DOWN

    from wijkcli.text import format_money

    ronde_id = check_id(meeting.ronde_id, "ronde")
    aanvraag_id = check_id(item.aanvraag_id, "aanvraag")
    info = meeting.info
    a = meeting.ronde.aanvragen[item.aanvraag_id]
    regels = info.uitbetaling
    if info.besluit_verwacht is not None:
        datum = info.besluit_verwacht
        waarom = "de datum is het verwachte besluit (besluit_verwacht in ronde.yaml)"
    else:
        datum = info.advies_uiterlijk
        waarom = "de datum is nog niet bekend; hier staat de uiterste adviesdatum van de ronde"
    wie = comment(a.nummer) if a.nummer else aanvraag_id
    bedrag = item.bedrag
    uren = sorted((check_id(p, "professional"), n) for p, n in item.uren.items())
    lines = [
        modeline("voortgang", 4).rstrip("\n"),
        f"# Voortgang van aanvraag {wie} in {ronde_id}: {comment(a.titel)}, na het besluit.",
        "# Begonnen met 'wijk nieuw voortgang' uit het advies van het Bewonersteam",
        f"# ({item.advies}, {format_money(bedrag)}). Zet erin wat Indebuurt033 besloot zodra de",
        "# beschikking binnen is, en werk het bestand bij als het project start, klaar is,",
        "# betaald wordt of als het verslag binnenkomt.",
        f"aanvraag: {aanvraag_id}",
        "besluit:",
        f"  # Controleer: {waarom}.",
        f"  datum: {datum.isoformat()}   # zet hier de datum van de beschikking",
        f"  bedrag: {_bedrag(bedrag)}   # het advies; zet hier wat Indebuurt033 toekende",
    ]
    if uren:
        lines.append("  uren:   # het advies; zet hier de toegekende uren")
        lines += [f"    {p}: {n}" for p, n in uren]
    else:
        lines.append("  # uren: {professional-id: 10}   # het advies noemt geen uren")
    lines += [
        "  # reden: ...   # verplicht als Indebuurt033 meer geld of uren toekent dan het advies",
        "  # voorwaarden:",
        "  #   - wat: ...",
        "  #     uiterlijk: JJJJ-MM-DD   # of: maanden: 3 (na het besluit)",
        "  # verslag:   # wanneer het verslag binnen moet zijn",
        "  #   maanden: 6   # of: uiterlijk: JJJJ-MM-DD",
        "status:",
        "  - status: toegekend",
        f"    datum: {datum.isoformat()}   # dezelfde datum als het besluit",
        "  # - status: gestart   # daarna uitgevoerd, en dan afgerond of niet-doorgegaan",
        "  #   datum: JJJJ-MM-DD",
    ]
    if bedrag > 0:
        cap = (bedrag * regels.voorschot / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
        lines.append("# betalingen:   # wat Indebuurt033 betaalde, elk met datum")
        if cap > 0:
            lines += [
                f"#   # Voorschot: hoogstens {regels.voorschot} % van het toegekende bedrag "
                f"({format_money(cap)} van {format_money(bedrag)}).",
                "#   - datum: JJJJ-MM-DD",
                f"#     bedrag: {_bedrag(cap)}",
                "#     soort: voorschot",
            ]
        else:
            lines.append("#   # De regeling van de ronde kent geen voorschot (voorschot: 0).")
        if cap < bedrag:
            lines += [
                "#   # Eindbetaling: de rest, na de declaratie.",
                "#   - datum: JJJJ-MM-DD",
                f"#     bedrag: {_bedrag(bedrag - cap)}",
                "#     soort: eindbetaling",
            ]
    lines += [
        "# besteed: 0   # wat de aanvrager uitgaf",
        f"# Declareren: uiterlijk {_weken(regels.declareren_binnen)} na de status uitgevoerd "
        "(uitbetaling in ronde.yaml).",
        "# gedeclareerd: JJJJ-MM-DD",
        "# terugbetaald: 0   # wat de aanvrager terugbetaalde; het gaat terug naar het budget",
        "# terugbetaald_op: JJJJ-MM-DD",
    ]
    if uren:
        lines.append("# uren_gebruikt:   # de uren die het project werkelijk gebruikte")
        lines += [f"#   {p}: 0" for p, _ in uren]
    else:
        lines.append("# uren_gebruikt: {professional-id: 0}")
    lines += [
        "# verslag:",
        "#   ontvangen: JJJJ-MM-DD",
        "#   bereik: ...",
        "#   deelnemers: 0",
        "#   vrijwilligers: 0",
        "#   resultaat:",
        "#     - ...",
    ]
    return "\n".join(lines) + "\n"


# --- wijk actiepunt gedaan / wijk notulen --vastgesteld ----------------------------------------
# A small edit of the minutes, made as text: one line (or, in a {flow} mapping, one key) is
# added and every other byte stays, comments included. The result is read back and must be the
# old data plus that one value, or nothing is written.


def _compose_root(text: str) -> Any:
    """The node tree of a YAML text (PyYAML's composer: every node with its start and end)."""
    import yaml

    node = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise WijkcliError("de notulen zijn geen YAML-mapping; draai wijk check")
    return node


def _key_node(mapping: Any, key: str) -> tuple[Any, Any] | None:
    """(key node, value node) of `key` in a mapping node, or None."""
    for k, v in getattr(mapping, "value", []):
        if getattr(k, "value", None) == key:
            return k, v
    return None


def _after_line_of(text: str, index: int) -> int:
    """The offset just after the line that holds `index` (a value's end): where a new line of
    the same mapping goes. A value that ends at the start of a line (a block scalar) is
    followed right there."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _add_key(text: str, mapping: Any, key: str, value: str) -> str:
    """`text` with `key: value` added as the last key of the mapping node `mapping`."""
    pairs = mapping.value
    if getattr(mapping, "flow_style", False):
        close = mapping.end_mark.index - 1
        if text[close] != "}":
            raise WijkcliError("kan deze notulen niet veilig aanpassen; pas ze met de hand aan")
        before = text[:close].rstrip()
        sep = ", " if pairs else ""
        return f"{before}{sep}{key}: {value}{text[close:]}"
    first_key = pairs[0][0]
    indent = " " * first_key.start_mark.column
    last_value = pairs[-1][1]
    at = _after_line_of(text, last_value.end_mark.index)
    head = text[:at] if at == 0 or text[at - 1] == "\n" else text[:at] + "\n"
    return f"{head}{indent}{key}: {value}\n{text[at:]}"


def _same_plus(old_text: str, new_text: str, change: Callable[[Any], None]) -> None:
    """The edit changed exactly what `change` does to the old data, and nothing else."""
    import yaml

    old = yaml.safe_load(old_text)
    change(old)
    if yaml.safe_load(new_text) != old:  # pragma: no cover - a guard, never expected
        raise WijkcliError("kan deze notulen niet veilig aanpassen; pas ze met de hand aan")


def actiepunt_gedaan_text(text: str, n: int, op: date) -> str:
    """The minutes `text` with `gedaan: op` added to action point `n` (1-based, in the order of
    `actiepunten`); everything else byte for byte the same.

    Raises:
        UsageMistake: there is no action point `n`, or it is done already.
    """
    root = _compose_root(text)
    found = _key_node(root, "actiepunten")
    punten = list(getattr(found[1], "value", [])) if found is not None else []
    if not 1 <= n <= len(punten):
        count = f"er zijn er {len(punten)}" if punten else "er zijn er geen"
        raise UsageMistake(f"actiepunt {n} bestaat niet in deze notulen ({count})")
    punt = punten[n - 1]
    done = _key_node(punt, "gedaan")
    if done is not None:
        raise UsageMistake(
            f"actiepunt {n} is al gedaan (gedaan: {visible(str(getattr(done[1], 'value', '')))})"
        )
    new = _add_key(text, punt, "gedaan", op.isoformat())

    def change(data: Any) -> None:
        data["actiepunten"][n - 1]["gedaan"] = op

    _same_plus(text, new, change)
    return new


def notulen_vastgesteld_text(text: str, op: date) -> str:
    """The minutes `text` with `notulen_vastgesteld: op` on the line after `datum:` (or at the
    end when there is no such line); everything else byte for byte the same.

    Raises:
        UsageMistake: the minutes say already when they were adopted.
    """
    root = _compose_root(text)
    if _key_node(root, "notulen_vastgesteld") is not None:
        raise UsageMistake("deze notulen zijn al vastgesteld (notulen_vastgesteld staat erin)")
    line = f"notulen_vastgesteld: {op.isoformat()}"
    datum = _key_node(root, "datum")
    if datum is not None and getattr(root, "flow_style", False) is False:
        at = _after_line_of(text, datum[1].end_mark.index)
        head = text[:at] if text[at - 1] == "\n" else text[:at] + "\n"
        new = f"{head}{line}\n{text[at:]}"
    else:
        new = _add_key(text, root, "notulen_vastgesteld", op.isoformat())

    def change(data: Any) -> None:
        data["notulen_vastgesteld"] = op

    _same_plus(text, new, change)
    return new


def edit_minutes(meeting: Meeting, op: date, edit: Callable[[str], str], too_early: str) -> Path:
    """Record something dated `op` in the minutes of `meeting` (`wijk actiepunt gedaan`,
    `wijk notulen --vastgesteld`): `edit` turns the file's text into the new text (a minimal
    line edit); the file is replaced atomically. Returns the file's path.

    Raises:
        UsageMistake: `op` is before the meeting (`too_early` ends the message: why that
            cannot be), or `edit` refuses (named with the file).
    """
    from wijkcli.text import format_date

    v = meeting.minutes()
    if op < v.datum:
        raise UsageMistake(
            f"{op.isoformat()} ligt vóór de vergadering van {format_date(v.datum)}{too_early}"
        )
    path = (
        meeting.dataset.root / "rondes" / meeting.ronde_id / f"vergadering-{meeting.gebied_id}.yaml"
    )
    try:
        new = edit(path.read_text(encoding="utf-8"))
    except UsageMistake as exc:
        raise UsageMistake(f"{path.name}: {exc}") from None
    replace_file(path, new)
    return path


def replace_file(path: Path, text: str) -> None:
    """Write `text` over the data file `path` atomically: a temporary file beside it (its name
    starts with a dot and ends on .tmp, which wijk check and git ignore), then a rename; an
    interrupted write leaves the old file.

    Raises:
        WijkcliError: the file cannot be written.
    """
    import os
    import tempfile

    try:
        mode = path.stat().st_mode & 0o777
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet schrijven: {os_error_words(exc)}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise WijkcliError(f"kan '{path}' niet schrijven: {os_error_words(exc)}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
