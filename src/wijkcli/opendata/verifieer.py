"""`wijk verifieer`: recount every outcome of an OSLO or Popolo export from the export alone.

Both standards are read into one neutral shape (`Export`): the round's rules, the roll (who has
a vote), the budget, and per agenda item the attendance, the votes (by name on an open ballot,
the counts on a secret one) and what the export publishes as outcome, advice and amount. The
recount then uses the count stage's own arithmetic, not a copy of it: `count.tally.majority`
and `quorum_needed` on a `Regels` built from the export, and `count.allocation.allocate_items`
for the budget fit, so a verified export agrees with `wijk tally` by construction, and a
change in the rules is a change in one place. Every difference is named by its agenda item
(docs/opendata.md, "Narekenen").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from wijkcli.opendata.facts import REQUIREMENT
from wijkcli.opendata.popolo import PROXY_NOTE, RECUSED_NOTE
from wijkcli.problems import WijkcliError
from wijkcli.text import format_money, visible

MAX_BYTES = 16 * 1024 * 1024
AMOUNT = re.compile(r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$")
ZERO = Decimal(0)
OPTIONS = ("voor", "tegen", "onthouding")


class ExportFout(WijkcliError):
    """The export cannot be read as an OSLO or Popolo export of wijkcli."""


@dataclass
class Punt:
    """One agenda item as the export publishes it."""

    aanvraag: str
    label: str
    volgorde: int
    voorstel: str
    gevraagd: Decimal
    voorgesteld: Decimal
    uitkomst: str
    advies: str
    geadviseerd: Decimal
    present: set[str] = field(default_factory=set)
    recused: set[str] = field(default_factory=set)
    named: dict[str, list[str]] | None = None
    """Open ballot: per option the ids whose vote counts (a proxy vote under its giver)."""
    counts: dict[str, int] = field(default_factory=dict)
    """The published counts: voor, tegen, onthouding, and aanwezig where the export has it."""
    voted: set[str] = field(default_factory=set)
    """Open ballot: who took part in the vote (OSLO heeftStemmer; Popolo: a vote row)."""
    givers: set[str] = field(default_factory=set)
    """Whose vote was cast by proxy."""
    requirement: str | None = None
    """Popolo: the motion's `requirement` (it must say the round's majority rule)."""


@dataclass
class Export:
    standaard: str
    ronde: str
    gebied: str
    regels: dict[str, Any]
    roll: set[str]
    budget: dict[str, Decimal]
    punten: list[Punt]
    open_gevraagd: list[Decimal]
    """What the applications without a decision ask."""


def _v(value: object) -> str:
    """A value from the export as the file spells it (`null`, `true`, `"7"`), made visible and
    cut to one short line: never Python's `None`."""
    json_value = value is None or isinstance(value, bool | list | dict)
    text = json.dumps(value, ensure_ascii=False, default=str) if json_value else str(value)
    return visible(text)[:120]


def _amount(value: object, where: str) -> Decimal:
    text = str(value)
    if not isinstance(value, str | int) or isinstance(value, bool) or not AMOUNT.match(text):
        raise ExportFout(f"{where}: geen bedrag: {_v(value)}")
    return Decimal(text)


def _get(obj: Any, key: str, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise ExportFout(f"{where}: '{key}' ontbreekt")
    return obj[key]


def _list(obj: Any, key: str, where: str, default: list[Any] | None = None) -> list[Any]:
    value = obj.get(key, default) if isinstance(obj, dict) and default is not None else None
    if value is None:
        value = _get(obj, key, where)
    if not isinstance(value, list):
        raise ExportFout(f"{where}: '{key}' moet een lijst zijn")
    return value


def _local_contexts(doc: Any) -> None:
    """Refuse a JSON-LD document that would make the parser fetch a context from elsewhere
    (a URL as `@context`, or `@import`): the recount reads the file and nothing else."""
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "@import" or (key == "@context" and not isinstance(value, dict)):
                    raise ExportFout("JSON-LD met een @context van elders wordt niet gevolgd")
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _int(value: object, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ExportFout(f"{where}: geen aantal: {_v(value)}")
    return value


# --- Popolo ---------------------------------------------------------------------------------


def _rules(meta: Any, where: str) -> tuple[dict[str, Any], dict[str, Decimal], str, str]:
    regels = _get(meta, "regels", where)
    budget = _get(meta, "budget", where)
    if not isinstance(regels, dict) or not isinstance(budget, dict):
        raise ExportFout(f"{where}: 'regels' en 'budget' moeten een object zijn")
    keys = ("budget", "doorgeschoven", "teruggevloeid", "beschikbaar", "gevraagd",
            "geadviseerd", "over")  # fmt: skip
    money = {k: _amount(_get(budget, k, f"{where}.budget"), f"{where}.budget.{k}") for k in keys}
    ronde = str(_get(meta, "ronde", where))
    gebied = str(_get(meta, "gebied", where))
    return regels, money, ronde, gebied


def read_popolo(doc: Any) -> Export:
    regels, budget, ronde, gebied = _rules(_get(doc, "wijkcli", "export"), "wijkcli")
    voting = {"bewonersteam"}
    if regels.get("stemrecht") == "bewonersteam-en-professionals":
        voting.add("professional")
    roll = {
        str(_get(m, "person_id", "memberships"))
        for m in _list(doc, "memberships", "export")
        if isinstance(m, dict) and isinstance(m.get("role"), str) and m["role"] in voting
    }
    events: dict[str, Any] = {}
    for i, ve in enumerate(_list(doc, "vote_events", "export")):
        events[str(_get(ve, "motion_id", f"vote_events[{i}]"))] = ve
    secret = regels.get("stemming") == "geheim"
    punten: list[Punt] = []
    open_asked: list[Decimal] = []
    option_of = {"yes": "voor", "no": "tegen", "abstain": "onthouding"}
    for i, motion in enumerate(_list(doc, "motions", "export")):
        where = f"motions[{i}]"
        ext = _get(motion, "wijkcli", where)
        mid = str(_get(motion, "id", where))
        gevraagd = _amount(_get(ext, "gevraagd", where), f"{where}.wijkcli.gevraagd")
        if motion.get("result") == "niet behandeld":
            open_asked.append(gevraagd)
            continue
        aid = str(_get(ext, "aanvraag", where))
        punt = Punt(
            aanvraag=aid,
            label=f"{_v(motion.get('identifier') or aid)} ({_v(aid)})",
            volgorde=_int(_get(ext, "volgorde", where), f"{where}.wijkcli.volgorde"),
            voorstel=str(_get(motion, "classification", where)),
            gevraagd=gevraagd,
            voorgesteld=_amount(_get(ext, "voorgesteld", where), f"{where}.wijkcli.voorgesteld"),
            uitkomst=str(_get(ext, "uitkomst", where)),
            advies=str(_get(ext, "advies", where)),
            geadviseerd=_amount(_get(ext, "geadviseerd", where), f"{where}.wijkcli.geadviseerd"),
        )
        punt.requirement = _v(motion.get("requirement"))
        if motion.get("result") != punt.uitkomst:
            raise ExportFout(f"{where}: 'result' en 'wijkcli.uitkomst' verschillen")
        ve = events.get(mid)
        if ve is None:
            raise ExportFout(f"{where}: geen vote_event met motion_id '{_v(mid)}'")
        counts = {c["option"]: c.get("value") for c in _list(ve, "counts", mid)
                  if isinstance(c, dict) and isinstance(c.get("option"), str)}  # fmt: skip
        for option, name in option_of.items():
            punt.counts[name] = _int(counts.get(option), f"{mid}: counts {option}")
        punt.counts["afwezig"] = _int(counts.get("absent"), f"{mid}: counts absent")
        named: dict[str, list[str]] = {o: [] for o in OPTIONS}
        for j, row in enumerate(_list(ve, "votes", mid)):
            rw = f"{mid}: votes[{j}]"
            voter = str(_get(row, "voter_id", rw))
            option = _get(row, "option", rw)
            if not isinstance(option, str):
                raise ExportFout(f"{rw}: onbekende optie {_v(option)}")
            if option == "absent":
                if str(row.get("note", "")).startswith(PROXY_NOTE):
                    punt.givers.add(voter)  # a secret ballot's proxies: no holder rows
                continue
            punt.present.add(voter)
            if option == "not voting" and row.get("note") == RECUSED_NOTE:
                punt.recused.add(voter)
            if option in option_of:
                weight = _int(row.get("weight", 1), f"{rw}.weight")
                namens = [str(x) for x in _list(row, "namens", rw, [])]
                own = weight - len(namens)
                if own not in (0, 1):
                    raise ExportFout(f"{rw}: 'weight' past niet bij 'namens'")
                named[option_of[option]].extend([voter] * own + namens)
                punt.givers.update(namens)
                if own:
                    punt.voted.add(voter)
            elif option not in ("not voting", "present"):
                raise ExportFout(f"{rw}: onbekende optie {_v(option)}")
        punt.named = None if secret else named
        punten.append(punt)
    return Export("popolo", ronde, gebied, regels, roll, budget, punten, open_asked)


# --- OSLO -------------------------------------------------------------------------------------


def read_oslo(text: str, fmt: str) -> Export:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF

    from wijkcli.opendata.oslo import BESLUIT, DCT, PROV, WIJK

    g = Graph()
    try:
        g.parse(data=text, format=fmt)
    except Exception:  # rdflib raises many kinds (and wordings) for a malformed file
        raise ExportFout(f"geen geldige {'JSON-LD' if fmt == 'json-ld' else 'Turtle'}") from None

    def one(s: Any, p: str, where: str) -> Any:
        found = sorted(g.objects(s, URIRef(p)), key=str)
        if len(found) != 1:
            raise ExportFout(f"{where}: {_v(p)} moet er precies één keer zijn")
        return found[0]

    def lit(s: Any, p: str, where: str) -> Any:
        value = one(s, p, where)
        if not isinstance(value, Literal):
            raise ExportFout(f"{where}: {_v(p)} is geen waarde")
        return value.toPython()

    def text_of(s: Any, p: str, where: str) -> str:
        return str(one(s, p, where))

    def money(s: Any, p: str, where: str) -> Decimal:
        value = one(s, p, where)
        return _amount(str(value), f"{where} {p.removeprefix(WIJK)}")

    lid_of = {str(s): str(o) for s, o in g.subject_objects(URIRef(WIJK + "lid"))}

    def members(s: Any, p: str) -> set[str]:
        """The members an object names, by their member id (`wijk:lid`) where it has one."""
        return {lid_of.get(str(x), str(x)) for x in g.objects(s, URIRef(p))}

    zittingen = sorted(g.subjects(RDF.type, URIRef(BESLUIT + "Zitting")), key=str)
    if len(zittingen) != 1:
        raise ExportFout("het bestand moet precies één besluit:Zitting hebben")
    z = zittingen[0]
    zw = _v(z)
    names = ("quorum", "meerderheid", "staking", "stemrecht")
    regels: dict[str, str | None] = {k: str(one(z, WIJK + k, zw)) for k in names}
    toewijzing = sorted(g.objects(z, URIRef(WIJK + "toewijzing")), key=str)
    regels["toewijzing"] = str(toewijzing[0]) if toewijzing else None
    keys = ("budget", "doorgeschoven", "teruggevloeid", "beschikbaar", "gevraagd",
            "geadviseerd", "over")  # fmt: skip
    budget = {k: money(z, WIJK + k, zw) for k in keys}
    flags = g.subject_objects(URIRef(WIJK + "stemgerechtigd"))
    roll = {lid_of.get(str(s), str(s)) for s, o in flags
            if isinstance(o, Literal) and o.toPython() is True}  # fmt: skip
    punten = []
    for b in sorted(g.subjects(RDF.type, URIRef(BESLUIT + "BehandelingVanAgendapunt")), key=str):
        bw = _v(b)
        punt_iri = one(b, DCT + "subject", bw)
        besluit = one(b, PROV + "generated", bw)
        st = one(b, BESLUIT + "heeftStemming", bw)
        aid = text_of(punt_iri, WIJK + "aanvraag", bw)
        label = f"{_v(text_of(punt_iri, DCT + 'title', bw).split(' ')[0])} ({_v(aid)})"
        volgorde = lit(punt_iri, WIJK + "volgorde", bw)
        secret = lit(st, BESLUIT + "geheim", label)
        punt = Punt(
            aanvraag=aid,
            label=label,
            volgorde=_int(volgorde, f"{label}: volgorde"),
            voorstel=text_of(besluit, WIJK + "voorstel", label),
            gevraagd=money(punt_iri, WIJK + "gevraagd", label),
            voorgesteld=money(besluit, WIJK + "voorgesteld", label),
            uitkomst=text_of(st, BESLUIT + "gevolg", label),
            advies=text_of(besluit, WIJK + "advies", label),
            geadviseerd=money(besluit, WIJK + "geadviseerd", label),
            present=members(st, BESLUIT + "heeftAanwezige"),
            recused=members(st, WIJK + "belang"),
            voted=members(st, BESLUIT + "heeftStemmer"),
            givers=members(st, WIJK + "bijVolmacht"),
        )
        for name, pred in (("voor", "aantalVoorstanders"), ("tegen", "aantalTegenstanders"),
                           ("onthouding", "aantalOnthouders")):  # fmt: skip
            punt.counts[name] = _int(lit(st, BESLUIT + pred, label), f"{label}: {pred}")
        punt.counts["aanwezig"] = _int(lit(st, WIJK + "aantalAanwezigen", label),
                                       f"{label}: aantalAanwezigen")  # fmt: skip
        if secret is not True:
            punt.named = {
                name: sorted(members(st, BESLUIT + pred))
                for name, pred in (("voor", "heeftVoorstander"), ("tegen", "heeftTegenstander"),
                                   ("onthouding", "heeftOnthouder"))
            }  # fmt: skip
        punten.append(punt)
    open_nodes = sorted(g.objects(z, URIRef(WIJK + "nietBehandeld")), key=str)
    open_asked = [money(n, WIJK + "gevraagd", _v(n)) for n in open_nodes]
    ronde = text_of(z, WIJK + "ronde", zw)
    gebied = text_of(z, WIJK + "gebied", zw)
    punten.sort(key=lambda p: p.volgorde)
    return Export("oslo", ronde, gebied, regels, roll, budget, punten, open_asked)


def read_export(path: Path) -> Export:
    """Read an export file; which standard it is, it says itself."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise WijkcliError(f"{_v(path)}: kan het bestand niet lezen ({_v(exc.strerror)})") from None
    if len(raw) > MAX_BYTES:
        raise ExportFout(f"groter dan {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExportFout("geen UTF-8") from None
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text, parse_float=Decimal)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ExportFout(f"geen geldige JSON ({_v(exc)})") from None
        if isinstance(doc, dict) and "@graph" in doc:
            _local_contexts(doc)
            return read_oslo(text, "json-ld")
        if isinstance(doc, dict) and "vote_events" in doc:
            return read_popolo(doc)
        raise ExportFout("geen export van OSLO of Popolo (wijk export)")
    return read_oslo(text, "turtle")


# --- the recount ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    aanvraag_id: str
    bedrag: Decimal
    voor: int
    tegen: int
    voor_ids: tuple[str, ...] | None


def recount(e: Export) -> list[str]:
    """Every difference between what the export publishes and its recount, in Dutch, each
    naming its agenda item (empty: the export is right)."""
    from pydantic import ValidationError

    from wijkcli.count.allocation import allocate_items
    from wijkcli.count.tally import majority, quorum_needed
    from wijkcli.model import Regels

    try:
        regels = Regels.model_validate({k: v for k, v in e.regels.items() if k in (
            "quorum", "meerderheid", "staking", "toewijzing", "stemrecht")})  # fmt: skip
    except ValidationError:
        raise ExportFout("de stemregels in de export zijn onbekend") from None
    out: list[str] = []
    roll = len(e.roll)
    need = quorum_needed(regels, roll)
    fits: list[tuple[Punt, Decimal, str, tuple[str, ...] | None, int, int]] = []
    for p in sorted(e.punten, key=lambda x: x.volgorde):
        say = out.append
        eis = REQUIREMENT[regels.meerderheid]
        if p.requirement is not None and p.requirement != eis:
            say(f"{p.label}: requirement is '{p.requirement}', de regels zeggen '{eis}'")
        present = p.present & e.roll
        for who in sorted(p.present - e.roll):
            say(f"{p.label}: {_v(who)} staat bij de aanwezigen maar heeft geen stemrecht")
        if "aanwezig" in p.counts and p.counts["aanwezig"] != len(present):
            say(f"{p.label}: {_leden(len(present))} aanwezig volgens de namen, "
                f"{p.counts['aanwezig']} volgens de telling")  # fmt: skip
        if "afwezig" in p.counts and p.counts["afwezig"] != roll - len(present):
            say(f"{p.label}: {_leden(roll - len(present))} afwezig volgens de namen, "
                f"{p.counts['afwezig']} volgens de telling")  # fmt: skip
        counts = dict(p.counts)
        voor_ids: tuple[str, ...] | None = None
        if p.named is not None:
            seen: dict[str, str] = {}
            for option in OPTIONS:
                ids = p.named[option]
                for who in ids:
                    if who in seen:
                        say(f"{p.label}: {_v(who)} stemde zowel {seen[who]} als {option}")
                    seen[who] = option
                    if who in p.recused:
                        say(f"{p.label}: {_v(who)} heeft een persoonlijk belang en stemde toch")
                    elif who not in present and who not in p.givers:
                        say(f"{p.label}: {_v(who)} stemde {option} maar was niet aanwezig")
                if len(ids) != p.counts[option]:
                    say(f"{p.label}: {len(ids)} {_stem(option)} volgens de namen, "
                        f"{p.counts[option]} volgens de telling")  # fmt: skip
                counts[option] = len(ids)
            voor_ids = tuple(sorted(p.named["voor"]))
        else:
            cast = sum(counts[o] for o in OPTIONS)
            can = len(present - p.recused) + len(p.givers)
            if cast > can:
                say(f"{p.label}: {cast} stemmen geteld, maar hoogstens {can} leden konden stemmen")
        if len(present) < need:
            uitkomst = "geen-quorum"
        else:
            m = majority(regels, counts["voor"], counts["tegen"], counts["onthouding"])
            if m is None:
                chair = ("voorzitter-aangenomen", "voorzitter-verworpen")
                uitkomst = p.uitkomst if regels.staking == "voorzitter" and p.uitkomst in chair \
                    else "staking"  # fmt: skip
            else:
                uitkomst = "aangenomen" if m else "verworpen"
        if uitkomst != p.uitkomst:
            say(f"{p.label}: de uitkomst is '{_v(p.uitkomst)}', nageteld '{uitkomst}' "
                f"({_waarom(regels, len(present), need, counts)})")  # fmt: skip
        adopted = uitkomst in ("aangenomen", "voorzitter-aangenomen")
        advies = p.voorstel if adopted else "aanhouden"
        bedrag = p.voorgesteld if adopted and advies in ("toekennen", "gedeeltelijk") else ZERO
        fits.append((p, bedrag, advies, voor_ids, counts["voor"], counts["tegen"]))
    b = e.budget
    beschikbaar = b["budget"] + b["doorgeschoven"] + b["teruggevloeid"]
    if beschikbaar != b["beschikbaar"]:
        out.append(
            f"budget: beschikbaar is {format_money(b['beschikbaar'])}, nageteld "
            f"{format_money(beschikbaar)} (budget + doorgeschoven + teruggevloeid)"
        )
    funded = [_Candidate(p.aanvraag, bedrag, voor, tegen, ids)
              for p, bedrag, _, ids, voor, tegen in fits if bedrag > 0]  # fmt: skip
    chosen: dict[str, Decimal] | None = None
    total = sum((c.bedrag for c in funded), ZERO)
    if total > beschikbaar and beschikbaar >= 0:
        if regels.toewijzing is None:
            out.append(
                f"budget: de aangenomen voorstellen ({format_money(total)}) passen niet in "
                f"{format_money(beschikbaar)} en er is geen regel 'toewijzing'"
            )
        else:
            try:
                chosen, _ = allocate_items(regels.toewijzing, funded, beschikbaar)
            except WijkcliError as exc:
                out.append(f"budget: {exc}")
    advised = ZERO
    for p, bedrag, advies, _, _, _ in fits:
        if chosen is not None and bedrag > 0:
            if p.aanvraag not in chosen:
                advies, bedrag = "aanhouden", ZERO
            elif chosen[p.aanvraag] != bedrag:
                advies, bedrag = "gedeeltelijk", chosen[p.aanvraag]
        advised += bedrag
        if advies != p.advies:
            out.append(f"{p.label}: het advies is '{_v(p.advies)}', nageteld '{advies}'")
        if bedrag != p.geadviseerd:
            out.append(f"{p.label}: geadviseerd is {format_money(p.geadviseerd)}, nageteld "
                       f"{format_money(bedrag)}")  # fmt: skip
    asked = sum((p.gevraagd for p in e.punten), ZERO) + sum(e.open_gevraagd, ZERO)
    for key, value in (("gevraagd", asked), ("geadviseerd", advised),
                       ("over", beschikbaar - advised)):  # fmt: skip
        if value != b[key]:
            out.append(f"budget: {key} is {format_money(b[key])}, nageteld {format_money(value)}")
    return out


def _leden(n: int) -> str:
    return f"{n} stemgerechtigde{'' if n == 1 else 'n'}"


def _stem(option: str) -> str:
    return {"voor": "stemmen voor", "tegen": "stemmen tegen", "onthouding": "onthoudingen"}[option]


def _waarom(regels: Any, present: int, need: int, counts: dict[str, int]) -> str:
    return (f"{present} van de nodige {need} aanwezig, {counts['voor']} voor, "
            f"{counts['tegen']} tegen, {counts['onthouding']} onthouding, meerderheid "
            f"{regels.meerderheid}")  # fmt: skip


def verifieer(path: Path) -> tuple[Export, list[str]]:
    """Read and recount an export: the export and the differences found."""
    try:
        e = read_export(path)
        return e, recount(e)
    except ExportFout as exc:
        raise ExportFout(f"{_v(path)}: {exc}") from None
