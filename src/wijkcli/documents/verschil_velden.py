"""Field by field: the changes between two versions of one file's model, for `wijk verschil`.

Models become plain dicts and lists with typed values (`plain_value`); records in lists are
matched by id (or another natural key), so an inserted theme does not shift every later one.
Contact data (`PRIVATE`) is compared but never carried: a change becomes one row without values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True)
class Wijziging:
    """One changed value: `oud`/`nieuw` typed (None: not there); `prive` hides both."""

    onderwerp: str
    """Which record: 'thema ontmoeten', 'lid ruud-kamperman'; '' for the file itself."""
    wat: str
    """Which field ('prioriteit', 'uren · mirjam-lagerweij'), or 'toegevoegd'/'verwijderd'."""
    oud: Any = None
    nieuw: Any = None
    prive: bool = False
    """Contact data changed: shown as 'gewijzigd', never with its values."""


@dataclass
class Walk:
    """Collects the changes of one file: private keys become one 'contactgegevens' row each."""

    out: list[Wijziging] = field(default_factory=list)
    geheim: bool = False


ENTITY = {
    "themas": "thema",
    "leden": "lid",
    "wijken": "wijk",
    "acties": "actie",
    "bijeenkomsten": "bijeenkomst",
    "begroting": "post",
    "cofinanciering": "bron",
    "besluiten": "besluit",
    "voorwaarden": "voorwaarde",
    "status": "status",
}
"""Lists (and the besluiten mapping) whose items are records: compared item by item."""

_NATURAL_KEY = {
    "acties": "wat",
    "bijeenkomsten": "datum",
    "begroting": "post",
    "cofinanciering": "bron",
    "voorwaarden": "wat",
    "status": "status",
}
SUMMARY = {
    "thema": ("titel", "prioriteit"),
    "lid": ("naam", "rol", "wijk", "functie"),
    "actie": ("wat", "uren"),
    "wijk": ("naam",),
    "bijeenkomst": ("datum", "begin"),
    "post": ("post", "bedrag"),
    "bron": ("bron", "bedrag"),
    "besluit": ("voorstel", "bedrag"),
    "voorwaarde": ("wat", "uiterlijk", "maanden"),
    "status": ("status", "datum"),
    "aanvraag": ("titel", "thema", "bedrag", "uren"),
    "voortgang": ("aanvraag", "besteed", "terugbetaald"),
}
"""What an added or removed record shows (never contact data)."""

PRIVATE = {"email": "contactgegevens", "telefoon": "contactgegevens", "contact": "contactgegevens",
           "naam_prive": "naam (privé)"}  # fmt: skip
LABELS = {"betrokken_leden": "betrokken_leden (stemmen niet mee)"}


def _keyed(name: str, items: Any) -> dict[str, Any]:
    """Records by their key: id, the natural key when unique, else their position."""
    if isinstance(items, dict):
        return {f"{ENTITY[name]} {k}": v for k, v in items.items()}
    items = list(items or [])
    singular = ENTITY[name]
    if items and all(isinstance(i, dict) and i.get("id") for i in items):
        return {f"{singular} {i['id']}": i for i in items}
    nat = _NATURAL_KEY.get(name)
    if nat and all(isinstance(i, dict) for i in items):
        keys = [str(i.get(nat)) for i in items]
        if len(set(keys)) == len(keys):
            return {f"{singular} '{k}'": i for k, i in zip(keys, items, strict=True)}
    return {f"{singular} {n}": i for n, i in enumerate(items, 1)}


def summary(singular: str, item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {k: item[k] for k in SUMMARY.get(singular, ()) if item.get(k) not in (None, {}, [])}


def walk(w: Walk, old: Any, new: Any, onderwerp: tuple[str, ...], wat: tuple[str, ...]) -> None:
    if isinstance(old, dict) or isinstance(new, dict):
        o = old if isinstance(old, dict) else {}
        n = new if isinstance(new, dict) else {}
        keys = list(n) + [k for k in o if k not in n]
        for k in keys:
            a, b = o.get(k), n.get(k)
            if k in PRIVATE:
                row = Wijziging(" · ".join(onderwerp), PRIVATE[k], prive=True)
                if a != b and row not in w.out:
                    w.out.append(row)
            elif k in ENTITY and (records_in(a) or records_in(b)):
                records(w, str(k), a, b, onderwerp)
            elif k == "stemmen" and w.geheim:
                walk(w, _counts(a), _counts(b), onderwerp, (*wat, str(k)))
            else:
                walk(w, a, b, onderwerp, (*wat, str(LABELS.get(k, k))))
        return
    if old != new:
        w.out.append(Wijziging(" · ".join(onderwerp), " · ".join(wat), old, new))


def records_in(value: Any) -> bool:
    """Whether a value holds records (dicts), not plain ids such as an application's wijken."""
    items = value.values() if isinstance(value, dict) else value
    return isinstance(items, Iterable) and bool(items) and all(isinstance(i, dict) for i in items)


def records(w: Walk, name: str, old: Any, new: Any, onderwerp: tuple[str, ...]) -> None:
    o, n = _keyed(name, old), _keyed(name, new)
    singular = ENTITY[name]
    for key in list(n) + [k for k in o if k not in n]:
        here = (*onderwerp, key)
        if key not in o:
            w.out.append(Wijziging(" · ".join(here), "toegevoegd", None, summary(singular, n[key])))
        elif key not in n:
            w.out.append(Wijziging(" · ".join(here), "verwijderd", summary(singular, o[key]), None))
        else:
            walk(w, o[key], n[key], here, ())


def _counts(stemmen: Any) -> Any:
    """A secret ballot's votes as counts only (whatever the file holds)."""
    if not isinstance(stemmen, dict):
        return stemmen
    return {k: len(v) if isinstance(v, list) else v for k, v in stemmen.items()}


def plain_value(value: Any) -> Any:
    """A model as plain dicts and lists with its typed values (Decimal, date) kept;
    `model_dump` would turn amounts into text through the schema's serializer."""
    if isinstance(value, BaseModel):
        return {name: plain_value(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, dict):
        return {k: plain_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(v) for v in value]
    return value


def dump(model: Any) -> dict[str, Any] | None:
    return None if model is None else dict(plain_value(model))


def field_changes(
    old: Any, new: Any, *, geheim: bool = False, onderwerp: tuple[str, ...] = ()
) -> list[Wijziging]:
    w = Walk(geheim=geheim)
    walk(w, dump(old), dump(new), onderwerp, ())
    # A new or removed file's own id is already in its title.
    return [x for x in w.out if (old is not None and new is not None) or x.wat != "id"]


def status(old: Any, new: Any) -> str:
    return "nieuw" if old is None else "verwijderd" if new is None else "gewijzigd"
