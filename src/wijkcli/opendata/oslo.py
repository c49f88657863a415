"""A meeting as OSLO besluit-publicatie (https://data.vlaanderen.be/ns/besluit), the model
Flanders publishes its minutes in: the zitting, per agenda item the agendapunt, its
behandeling, the stemming and the besluit (the advice), and the members as mandatarissen.

What OSLO cannot say is given with terms of our own under `urn:wijkcli:term:` (prefix `wijk:`):
the round's rules, the budget, the amounts and the advice, and who has a vote. `wijk verifieer`
recounts from exactly this (docs/opendata.md). Resources are named `urn:wijkcli:<gebied>:...`,
so the same files give the same names.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from wijkcli.opendata.facts import Facts
from wijkcli.text import format_money

BESLUIT = "http://data.vlaanderen.be/ns/besluit#"
MANDAAT = "http://data.vlaanderen.be/ns/mandaat#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
ELI = "http://data.europa.eu/eli/ontology#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
FOAF = "http://xmlns.com/foaf/0.1/"
PERSON = "http://www.w3.org/ns/person#"
EXT = "http://mu.semte.ch/vocabularies/ext/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
WIJK = "urn:wijkcli:term:"
NLD = "http://publications.europa.eu/resource/authority/language/NLD"
PREFIXES = {
    "besluit": BESLUIT,
    "mandaat": MANDAAT,
    "prov": PROV,
    "dct": DCT,
    "eli": ELI,
    "skos": SKOS,
    "foaf": FOAF,
    "person": PERSON,
    "ext": EXT,
    "xsd": XSD,
    "wijk": WIJK,
}


class Iri(str):
    """An IRI as an object (a plain `str` is a string literal)."""


class Typed(str):
    """A literal with a datatype: `Typed("6500.00", XSD + "decimal")`."""

    datatype: str

    def __new__(cls, value: str, datatype: str) -> Typed:
        new = super().__new__(cls, value)
        new.datatype = datatype
        return new


Value = Iri | Typed | str | bool | int
Triples = dict[str, dict[str, list[Value]]]


def _dec(value: Decimal) -> Typed:
    from wijkcli.text import json_amount

    return Typed(json_amount(value), XSD + "decimal")


def triples(f: Facts) -> Triples:
    """Every statement of the export: {subject: {predicate: [objects]}}."""
    m, t = f.meeting, f.tally
    v = m.minutes()
    g = m.gebied.info
    base = f"urn:wijkcli:{m.gebied_id}:"
    here = f"{base}{m.ronde_id}:"
    out: Triples = {}

    def add(s: str, p: str, *values: Value) -> None:
        out.setdefault(s, {}).setdefault(p, []).extend(values)

    def mandataris(lid: str) -> Iri:
        return Iri(f"{base}mandataris:{lid}")

    members = {i for i, _, _ in f.members}
    roll = set(f.roll)
    for lid, naam, rol in f.members:
        person = f"{base}persoon:{lid}"
        add(person, RDF_TYPE, Iri(PERSON + "Person"))
        add(person, FOAF + "name", naam)
        s = mandataris(lid)
        add(s, RDF_TYPE, Iri(MANDAAT + "Mandataris"))
        add(s, MANDAAT + "isBestuurlijkeAliasVan", Iri(person))
        add(s, WIJK + "lid", lid)
        add(s, WIJK + "rol", rol)
        add(s, WIJK + "stemgerechtigd", lid in roll)
    orgaan = f"{base}bewonersteam"
    add(orgaan, RDF_TYPE, Iri(BESLUIT + "Bestuursorgaan"))
    add(orgaan, SKOS + "prefLabel", g.bewonersteam.naam)
    zitting = f"{here}zitting"
    add(zitting, RDF_TYPE, Iri(BESLUIT + "Zitting"))
    add(zitting, BESLUIT + "isGehoudenDoor", Iri(orgaan))
    for pred, when in (("startedAtTime", f.start), ("endedAtTime", f.end)):
        if when is not None:
            add(zitting, PROV + pred, Typed(when.isoformat(), XSD + "dateTime"))
    if f.planned is not None:
        add(zitting, BESLUIT + "geplandeStart", Typed(f.planned.isoformat(), XSD + "dateTime"))
    at_start = set(v.aanwezig) - set(v.afgemeld)
    add(zitting, BESLUIT + "heeftAanwezigeBijStart",
        *(mandataris(i) for i in sorted(at_start & members)))  # fmt: skip
    add(zitting, EXT + "heeftAfwezigeBijStart", *(mandataris(i) for i in sorted(roll - at_start)))
    chair = v.voorzitter or g.bewonersteam.voorzitter
    if chair in members:
        add(zitting, BESLUIT + "heeftVoorzitter", mandataris(chair))
    regels = m.regels
    add(zitting, WIJK + "ronde", m.ronde_id)
    add(zitting, WIJK + "gebied", m.gebied_id)
    add(zitting, WIJK + "quorum", regels.quorum)
    add(zitting, WIJK + "meerderheid", regels.meerderheid)
    add(zitting, WIJK + "staking", regels.staking)
    if regels.toewijzing is not None:
        add(zitting, WIJK + "toewijzing", regels.toewijzing)
    add(zitting, WIJK + "stemrecht", regels.stemrecht)
    for key, value in (("budget", t.budget), ("doorgeschoven", t.doorgeschoven),
                       ("teruggevloeid", t.teruggevloeid), ("beschikbaar", t.beschikbaar),
                       ("gevraagd", t.gevraagd), ("geadviseerd", t.geadviseerd),
                       ("over", t.over)):  # fmt: skip
        add(zitting, WIJK + key, _dec(value))
    concept = f"{base}concept:agendapunt-gepland"
    add(concept, RDF_TYPE, Iri(SKOS + "Concept"))
    add(concept, SKOS + "prefLabel", "gepland")
    previous: tuple[str, str] | None = None
    for item in f.items:
        r = item.result
        key = f"{here}{r.aanvraag_id}:"
        punt, behandeling = key + "agendapunt", key + "behandeling"
        stemming, besluit, artikel = key + "stemming", key + "besluit", key + "artikel-1"
        add(zitting, BESLUIT + "behandelt", Iri(punt))
        add(punt, RDF_TYPE, Iri(BESLUIT + "Agendapunt"))
        add(punt, DCT + "title", f"{item.nummer} {item.titel}")
        add(punt, BESLUIT + "geplandOpenbaar", True)
        add(punt, BESLUIT + "Agendapunt.type", Iri(concept))
        add(punt, WIJK + "aanvraag", r.aanvraag_id)
        add(punt, WIJK + "volgorde", r.volgorde)
        add(punt, WIJK + "gevraagd", _dec(r.gevraagd))
        add(behandeling, RDF_TYPE, Iri(BESLUIT + "BehandelingVanAgendapunt"))
        add(behandeling, DCT + "subject", Iri(punt))
        add(behandeling, BESLUIT + "openbaar", True)
        add(behandeling, PROV + "generated", Iri(besluit))
        add(behandeling, BESLUIT + "heeftStemming", Iri(stemming))
        if previous is not None:
            add(punt, BESLUIT + "aangebrachtNa", Iri(previous[0]))
            add(behandeling, BESLUIT + "gebeurtNa", Iri(previous[1]))
        previous = (punt, behandeling)
        voorstel = r.voorstel + (f" {format_money(r.voorstel_bedrag)}" if r.voorstel_bedrag else "")
        add(besluit, RDF_TYPE, Iri(BESLUIT + "Besluit"))
        add(besluit, ELI + "title", f"Advies over {item.nummer} {item.titel}")
        add(besluit, ELI + "language", Iri(NLD))
        add(besluit, ELI + "has_part", Iri(artikel))
        add(besluit, WIJK + "voorstel", r.voorstel)
        add(besluit, WIJK + "voorgesteld", _dec(r.voorstel_bedrag))
        add(besluit, WIJK + "advies", r.advies)
        add(besluit, WIJK + "geadviseerd", _dec(r.bedrag))
        add(besluit, WIJK + "buitenBudget", r.buiten_budget)
        add(artikel, RDF_TYPE, Iri(BESLUIT + "Artikel"))
        add(artikel, ELI + "number", "1")
        add(artikel, PROV + "value", f"Advies: {r.advies} {format_money(r.bedrag)}")
        add(stemming, RDF_TYPE, Iri(BESLUIT + "Stemming"))
        add(stemming, BESLUIT + "onderwerp", f"Voorstel {voorstel} voor {item.nummer}")
        add(stemming, BESLUIT + "geheim", f.secret)
        add(stemming, BESLUIT + "gevolg", r.uitkomst)
        add(stemming, BESLUIT + "aantalVoorstanders", r.voor)
        add(stemming, BESLUIT + "aantalTegenstanders", r.tegen)
        add(stemming, BESLUIT + "aantalOnthouders", r.onthouding)
        add(stemming, BESLUIT + "heeftAanwezige", *(mandataris(i) for i in item.present))
        add(stemming, WIJK + "aantalAanwezigen", len(item.present))
        recused = set(r.recused)
        if f.secret:
            stemmers = sorted(set(item.present) - recused)
        else:
            stemmers = sorted(item.stem)
            for option, pred in (("yes", "heeftVoorstander"), ("no", "heeftTegenstander"),
                                 ("abstain", "heeftOnthouder")):  # fmt: skip
                add(stemming, BESLUIT + pred,
                    *(mandataris(i) for i, o in item.stem.items() if o == option))  # fmt: skip
        add(stemming, BESLUIT + "heeftStemmer", *(mandataris(i) for i in stemmers))
        add(stemming, WIJK + "bijVolmacht", *(mandataris(i) for i in sorted(item.volmacht)))
        add(stemming, WIJK + "belang", *(mandataris(i) for i in sorted(recused)))
    for a in t.niet_behandeld:
        node = f"{here}{a.aanvraag_id}:aanvraag"
        add(zitting, WIJK + "nietBehandeld", Iri(node))
        add(node, WIJK + "aanvraag", a.aanvraag_id)
        add(node, WIJK + "gevraagd", _dec(a.gevraagd))
    return {s: {p: vs for p, vs in po.items() if vs} for s, po in out.items()}


def _compact(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def _key(value: Value) -> tuple[str, str]:
    return (type(value).__name__, str(value))


def jsonld(f: Facts) -> str:
    """The export as JSON-LD: one node per subject, sorted, with the prefixes as context."""
    graph = []
    for s, po in sorted(triples(f).items()):
        node: dict[str, Any] = {"@id": s}
        for p, values in sorted(po.items()):
            values = sorted(values, key=_key)
            if p == RDF_TYPE:
                node["@type"] = [_compact(str(x)) for x in values]
                continue
            out: list[Any] = []
            for x in values:
                if isinstance(x, Iri):
                    out.append({"@id": str(x)})
                elif isinstance(x, Typed):
                    out.append({"@value": str(x), "@type": _compact(x.datatype)})
                else:
                    out.append(x)
            node[_compact(p)] = out
        graph.append(node)
    doc = {"@context": dict(sorted(PREFIXES.items())), "@graph": graph}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def graph(f: Facts) -> Any:
    """The export as an rdflib Graph."""
    from rdflib import Graph, Literal, URIRef

    gr = Graph()
    for prefix, ns in PREFIXES.items():
        gr.bind(prefix, ns)
    for s, po in triples(f).items():
        for p, values in po.items():
            for x in values:
                o: URIRef | Literal
                if isinstance(x, Iri):
                    o = URIRef(x)
                elif isinstance(x, Typed):
                    o = Literal(str(x), datatype=URIRef(x.datatype))
                else:
                    o = Literal(x)
                gr.add((URIRef(s), URIRef(p), o))
    return gr


def turtle(f: Facts) -> str:
    text: str = graph(f).serialize(format="turtle")
    return text
