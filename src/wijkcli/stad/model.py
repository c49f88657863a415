"""The city file, `STAD.yaml`: which gebied repositories `wijk stad` reads (docs/stad.md).

A pydantic model on the format's `Model` (strict, unknown keys refused, Dutch messages at
file:line:column through `load.validate.validate_document`). A git address is judged here,
before git ever sees it: only `https://`, `ssh://`, `file://` and `user@host:path`, never an
address that starts like an option, names a remote helper (`ext::`, `fd::`) or holds a control
character or a space; a `ref` is a plain branch or tag name.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import Field, PlainValidator, WithJsonSchema, model_validator
from pydantic_core import PydanticCustomError

from wijkcli.model.base import Model
from wijkcli.model.scalars import TEKST_SCHEMA, Id, Jaar, Tekst, parse_text

SCHEMES = ("https://", "ssh://", "file://")
"""The transports `wijk stad` lets git use (also set as GIT_ALLOW_PROTOCOL when it runs)."""
_SCP = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9][A-Za-z0-9.-]*:[A-Za-z0-9._/~-]+$")
_URL_CHARS = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")
_REF = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._/-]*$")


def _fail(message: str) -> PydanticCustomError:
    return PydanticCustomError("wijk", message)


def parse_git_url(value: Any) -> str:
    """A git address git may fetch from: `https://…`, `ssh://…`, `file://…` or `user@host:path`.

    Refused: an address that starts with `-` (git would read it as an option), a remote helper
    (`ext::sh -c …` runs a program, `fd::`), any other scheme (`http://`, `git://`: no
    transport security), spaces and control characters."""
    text = parse_text(value)
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*:[^/@]*@", text):
        raise _fail(
            "in dit adres staat een wachtwoord of token (na ':' vóór '@'); zet dat nooit in "
            "STAD.yaml, maar in de credential-helper van git"
        )
    shown = text if text.isprintable() and len(text) <= 80 else "dit adres"
    if text.startswith("-"):
        raise _fail(f"'{shown}' begint met '-' en zou voor git een optie zijn; geen git-adres")
    if "::" in text.split("/", 1)[0] or text.lower().startswith(("ext:", "fd:")):
        raise _fail(
            f"'{shown}' laat git een ander programma starten (een 'remote helper' zoals ext::); "
            "wijk stad weigert dat"
        )
    if re.search(r"(://|@)-", text):
        raise _fail(f"'{shown}' heeft een host die met '-' begint (ssh zou die als optie lezen)")
    if not _URL_CHARS.match(text):
        raise _fail(f"'{shown}' bevat een spatie of een teken dat niet in een git-adres hoort")
    lower = text.lower()
    if lower.startswith(SCHEMES):
        if len(text) == len(text.split("://", 1)[0]) + 3:
            raise _fail(f"'{shown}' noemt na het schema geen plaats")
        return text
    if "://" not in text and _SCP.match(text):
        return text
    raise _fail(
        f"'{shown}' is geen git-adres dat wijk stad gebruikt; schrijf https://…, ssh://…, "
        "file://… of gebruiker@host:pad (een map op deze computer: 'pad:')"
    )


def parse_ref(value: Any) -> str:
    """A branch or tag name: letters, digits, `._/-`, not starting with `-` or `.`, no `..`."""
    text = parse_text(value)
    if _REF.match(text) and ".." not in text and not text.endswith((".", "/", ".lock")):
        return text
    shown = text if text.isprintable() and len(text) <= 80 else "deze naam"
    raise _fail(
        f"'{shown}' is geen naam van een tak of tag (letters, cijfers, . _ / -, niet beginnend "
        "met - of .)"
    )


GitAdres = Annotated[str, PlainValidator(parse_git_url), WithJsonSchema(TEKST_SCHEMA)]
Ref = Annotated[str, PlainValidator(parse_ref), WithJsonSchema(TEKST_SCHEMA)]


class Repository(Model):
    """Eén gegevensrepository van een of meer gebieden."""

    naam: Id
    """Korte naam van de repository (kleine letters, cijfers, -): staat voor elke melding over
    haar bestanden en is de naam van haar map in de git-cache."""
    pad: Tekst | None = None
    """Een map op deze computer (met data/ erin), ten opzichte van de map van STAD.yaml."""
    git: GitAdres | None = None
    """Of: een git-adres (https://, ssh://, file:// of gebruiker@host:pad); wijk stad haalt
    de laatste versie op (alleen de laatste commit) in de git-cache."""
    ref: Ref | None = None
    """Bij git: de tak of tag (anders wat de repository als standaard heeft)."""

    @model_validator(mode="after")
    def _pad_or_git(self) -> Repository:
        pad, git = getattr(self, "pad", None), getattr(self, "git", None)
        if "pad" in self.__dict__ and "git" in self.__dict__ and (pad is None) == (git is None):
            raise _fail("geef 'pad' (een map) of 'git' (een adres), precies één van de twee")
        if getattr(self, "ref", None) is not None and pad is not None:
            raise _fail("'ref' hoort alleen bij 'git'; een map heeft geen tak")
        return self


class StadBestand(Model):
    """STAD.yaml: de gebieden van een stad, elk in een eigen gegevensrepository."""

    stad: Tekst
    """De naam van de stad of het overzicht, in de titel."""
    repositories: Annotated[list[Repository], Field(min_length=1)]
    """De gegevensrepositories, in de volgorde van het overzicht."""
    jaren: list[Jaar] | None = None
    """Alleen deze jaren (anders elk jaar waarvoor een gebied een wijkplan heeft)."""
