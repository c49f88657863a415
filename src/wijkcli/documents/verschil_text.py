"""`wijk verschil` as text: Markdown for a pull request (and its job summary), or JSON.

Markdown escapes every value (`render.md_escape`), so a ref or a title cannot inject markup,
and writes control and invisible characters out (`text.visible`), so a ref (`--sinds
'HEAD^{/…}'` may hold any text) cannot send escape sequences to a terminal; amounts are in
Dutch format. JSON has stable keys and exact decimals as strings.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from typing import Any

from wijkcli.documents.verschil import Onderdeel, Verschil
from wijkcli.documents.verschil_advies import Change
from wijkcli.documents.verschil_velden import Wijziging
from wijkcli.text import format_clock, format_date, format_money, json_amount, json_visible, visible

FORMATS = ("md", "json")


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "ja" if v else "nee"
    if isinstance(v, Decimal):
        return format_money(v)
    if isinstance(v, date):
        return format_date(v)
    if isinstance(v, time):
        return format_clock(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(_value(x) for x in v) or "geen"
    if isinstance(v, dict):
        return "; ".join(f"{k}: {_value(x)}" for k, x in v.items()) or "geen"
    return str(v)


def _plain(v: Any) -> Any:
    """A value for JSON: exact decimals (amounts, `text.json_amount`) and dates as text."""
    if isinstance(v, Decimal):
        return json_amount(v)
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, time):
        return v.strftime("%H:%M")
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _plain(x) for k, x in v.items()}
    return v


def title(p: Onderdeel) -> str:
    """`Wijkplan szh 2017`, `Leden szh`, `Ronde ronde-2017-2 (nieuw)`, …"""
    base = {
        "wijkplan": f"Wijkplan {p.gebied} {p.jaar}",
        "urenbalans": f"Urenbalans {p.gebied} {p.jaar} (beschikbaar, in het wijkplan, over)",
        "leden": f"Leden {p.gebied}",
        "gebied": f"Gebied {p.gebied}",
        "ronde": f"Ronde {p.ronde}",
        "aanvragen": f"Aanvragen {p.ronde}",
        "notulen": f"Notulen {p.ronde} {p.gebied}",
        "advies": f"Advies {p.ronde}",
        "voortgang": f"Voortgang {p.ronde}",
    }[p.soort]
    return base + (f" ({p.status})" if p.status != "gewijzigd" else "")


@dataclass(frozen=True)
class _Names:
    """Ids as a reviewer reads them: members and applications by name (Markdown only)."""

    leden: dict[str, str]
    aanvragen: dict[tuple[str, str], str]
    ronde: str | None

    def value(self, v: Any) -> Any:
        """A value with every member id in it (alone, in a list, as a key) by name."""
        if isinstance(v, str):
            return self.leden.get(v, v)
        if isinstance(v, (list, tuple)):
            return [self.value(x) for x in v]
        if isinstance(v, dict):
            return {
                self.value(k): self.aanvragen.get((self.ronde or "", x), x)
                if k == "aanvraag" and isinstance(x, str)
                else self.value(x)
                for k, x in v.items()
            }
        return v

    def path(self, text: str) -> str:
        """`uren · linda-hoogeveen` → `uren · Linda Hoogeveen`; `aanvraag a01-huiskamer` →
        `A01 Huiskamer De Koperhorst`; `lid ruud-kamperman` → `lid Ruud Kamperman`."""
        parts = []
        for part in text.split(" · "):
            kind, _, rest = part.partition(" ")
            if kind in ("aanvraag", "voortgang") and (self.ronde, rest) in self.aanvragen:
                part = self.aanvragen[(self.ronde or "", rest)]
            elif rest in self.leden:
                part = f"{kind} {self.leden[rest]}"
            elif part in self.leden:
                part = self.leden[part]
            parts.append(part)
        return " · ".join(parts)

    def hours(self, text: str) -> str:
        """`mirjam-lagerweij 20, gerda-wolters 10` (the advice's hours) by name."""
        return ", ".join(
            " ".join([self.leden.get(x.rsplit(" ", 1)[0], x.rsplit(" ", 1)[0]),
                      *x.rsplit(" ", 1)[1:]])
            for x in text.split(", ")
        )  # fmt: skip


def _row(w: Wijziging, names: _Names | None = None) -> tuple[str, str, str, str]:
    if names is not None:
        w = Wijziging(
            names.path(w.onderwerp), names.path(w.wat), names.value(w.oud),
            names.value(w.nieuw), w.prive,
        )  # fmt: skip
    if w.prive:
        return (w.onderwerp, w.wat, "", "gewijzigd")
    return (w.onderwerp, w.wat, _value(w.oud), _value(w.nieuw))


def _grouped(rows: Sequence[tuple[str, ...]], key: int) -> list[tuple[str, ...]]:
    """Rows with the same subject (column `key`) as one row, in the order of their first row:
    the other columns' escaped values one per line (`<br>`, a line break in a GitHub table).
    Every column is escaped Markdown already."""
    out: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for row in rows:
        out.setdefault(row[: key + 1], []).append(row[key + 1 :])
    return [
        (*head, *("<br>".join(r[i] for r in rest) for i in range(len(rest[0]))))
        for head, rest in out.items()
    ]


def _split_subject(onderwerp: str, wat: str) -> tuple[str, str]:
    """`A01 Huiskamer · voorwaarde 'X'`, `vervuld` → `A01 Huiskamer`, `voorwaarde 'X' ·
    vervuld`: the application is the subject, the rest says what in it changed."""
    head, sep, rest = onderwerp.partition(" · ")
    return head, f"{rest} · {wat}" if sep else wat


def _md(value: Any) -> str:
    """`value` as inert Markdown on one line: runs of white space become one space, other
    control and invisible characters are written out, markup is escaped."""
    from wijkcli.documents.render import md_escape

    if value is None:
        return ""
    return md_escape(visible(" ".join(str(value).split())))


def format_md(v: Verschil) -> str:
    """The reviewer's summary in Markdown."""
    e = _md
    ref = f"{e(v.sinds)} ({v.commit[:12]})"
    top = ""
    if v.gereedschap:
        top = (
            "**Let op: deze pull request verandert het gereedschap zelf** ("
            + ", ".join(e(n) for n in v.gereedschap)
            + "): de workflow die pull requests keurt of de versie van wijkcli. Laat een "
            "beheerder dit nakijken voordat je samenvoegt; de controle hieronder zegt daar "
            "niets over.\n\n"
        )
    return top + _format_md_data(v, ref)


def _format_md_data(v: Verschil, ref: str) -> str:
    e = _md
    if not v.onderdelen and not v.oude_problemen:
        if v.alleen_opmaak:
            n = len(v.alleen_opmaak)
            files = "1 bestand" if n == 1 else f"{n} bestanden"
            return (
                f"Sinds {ref} veranderden alleen opmerkingen of opmaak ({files}); "
                "de gegevens blijven gelijk.\n"
            )
        return f"Geen verschil in de gegevens sinds {ref}.\n"
    lines = [f"## Wat verandert er sinds {ref}", ""]
    for p in v.onderdelen:
        lines += [f"### {e(title(p))}", ""]
        if p.opmerking:
            lines += [f"Let op: {e(p.opmerking)}.", ""]
        names = _Names(v.leden, v.aanvragen, p.ronde)
        if p.advies:
            # One row per application (and one for the totals), names not ids.
            lines += ["| gebied | aanvraag | wat | was | wordt |", "|---|---|---|---|---|"]
            advice = [
                (
                    e(c.gebied),
                    e(v.aanvragen.get((p.ronde or "", c.onderwerp), c.onderwerp)),
                    e(c.veld),
                    e(names.hours(c.oud) if c.veld == "uren" else c.oud),
                    e(names.hours(c.nieuw) if c.veld == "uren" else c.nieuw),
                )
                for c in p.advies
            ]
            lines += ["| " + " | ".join(r) + " |" for r in _grouped(advice, 1)]
        elif p.soort in ("aanvragen", "voortgang"):
            # One row per application: what changed in it, one line per field.
            lines += ["| aanvraag | wat | was | wordt |", "|---|---|---|---|"]
            rows = []
            for w in p.wijzigingen:
                onderwerp, wat, was, wordt = _row(w, names)
                subject, what = _split_subject(onderwerp, wat)
                rows.append((e(subject), e(what), e(was), e(wordt)))
            lines += ["| " + " | ".join(r) + " |" for r in _grouped(rows, 0)]
        else:
            lines += ["| onderwerp | wat | was | wordt |", "|---|---|---|---|"]
            lines += ["| " + " | ".join(e(x) for x in _row(w, names)) + " |" for w in p.wijzigingen]
        lines.append("")
    if v.oude_problemen:
        lines += [
            f"### Fouten in de oude versie: {ref}",
            "",
            f"De oude versie ({e(v.sinds)}, {v.commit[:12]}) heeft fouten die de huidige "
            "bestanden niet meer hebben; die hoef je niet op te lossen. Het verschil in het "
            "advies is daarom niet berekend.",
            "",
        ]
        for prob in v.oude_problemen:
            where = str(prob.location) if prob.location else "data"
            lines.append(f"- {e(where)}: {e(prob.message)} \\[{e(prob.code)}\\]")
        lines.append("")
    return "\n".join(lines)


def _change_json(c: Change) -> dict[str, Any]:
    return {
        "onderwerp": f"{c.gebied} · {c.onderwerp}",
        "wat": c.veld,
        "was": _plain(c.oud_waarde),
        "wordt": _plain(c.nieuw_waarde),
        "prive": False,
    }


def _wijziging_json(w: Wijziging) -> dict[str, Any]:
    """Private changes carry no values at all."""
    return {
        "onderwerp": w.onderwerp,
        "wat": w.wat,
        "was": None if w.prive else _plain(w.oud),
        "wordt": None if w.prive else _plain(w.nieuw),
        "prive": w.prive,
    }


def format_json(v: Verschil) -> str:
    """The same summary as JSON: stable keys, exact decimals as strings, no contact data."""
    doc = {
        "sinds": v.sinds,
        "commit": v.commit,
        "alleen_opmaak": list(v.alleen_opmaak),
        "advies_berekend": v.advies_berekend,
        "gereedschap": list(v.gereedschap),
        "onderdelen": [
            {
                "soort": p.soort,
                "titel": title(p),
                "gebied": p.gebied,
                "ronde": p.ronde,
                "jaar": p.jaar,
                "status": p.status,
                "opmerking": p.opmerking,
                "wijzigingen": [_wijziging_json(w) for w in p.wijzigingen]
                + [_change_json(c) for c in p.advies],
            }
            for p in v.onderdelen
        ],
        "oude_problemen": [
            {
                "pad": p.location.path if p.location else None,
                "regel": p.location.line if p.location else None,
                "kolom": p.location.column if p.location else None,
                "code": p.code,
                "boodschap": p.message,
            }
            for p in v.oude_problemen
        ],
    }
    return json_visible(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True)) + "\n"


def format_verschil(v: Verschil, fmt: str) -> str:
    return format_json(v) if fmt == "json" else format_md(v)
