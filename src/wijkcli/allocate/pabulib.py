"""Read and write pabulib ``.pb`` files (participatory-budgeting elections).

A ``.pb`` file has three sections, each a line ``META``, ``PROJECTS`` or ``VOTES`` followed
by a header line and ``;``-separated rows (fields may be quoted, numbers may use a decimal
comma, the file may start with a BOM and use CRLF line ends). ``read_pb`` turns one into an
:class:`~wijkcli.allocate.Election` plus its metadata; ``format_pb``/``write_pb`` write one.

Money: amounts are kept as integers in the file's smallest unit. When a cost or budget has
decimals (``1234,50``) all amounts are scaled by a power of ten and ``Election.unit`` tells
how many smallest units make one currency unit.

Votes: ``approval`` and ``choose-1`` ballots become approval sets. ``cumulative`` and
``scoring`` ballots become scores (the sum of points per project) for the greedy rules.
A non-standard ``weight`` column in VOTES gives ballot weights.

Errors: a malformed file raises :class:`PabulibError` with the file, the line and a Dutch
message (``bestand:regel: boodschap``).
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from wijkcli.allocate import Election, Number, Project, natural_key
from wijkcli.allocate.money import format_units
from wijkcli.problems import WijkcliError

__all__ = ["PabulibError", "PbFile", "format_pb", "parse_pb", "read_pb", "write_pb"]

APPROVAL_TYPES = ("approval", "choose-1")
# The order of META keys in pabulib's format (pabulib-checker's META_FIELDS_ORDER, the part we
# write); other keys follow in the order given.
META_ORDER = (
    "description", "country", "unit", "district", "subunit", "instance", "num_projects",
    "num_votes", "budget", "vote_type", "rule", "date_begin", "date_end", "min_length",
    "max_length", "min_project_score_threshold", "categories", "edition", "language", "currency",
    "fully_funded", "experimental", "comment", "acknowledgments", "leftover_budget",
    "budget_per_category",
)  # fmt: skip
POINT_TYPES = ("cumulative", "scoring")


class PabulibError(WijkcliError):
    """A malformed ``.pb`` file: ``str(error)`` is ``bestand:regel: boodschap``."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class PbFile:
    """A parsed ``.pb`` file: the election plus what the file says about it."""

    path: str
    meta: Mapping[str, str]
    election: Election
    names: Mapping[str, str]
    selected: Mapping[str, int] | None
    vote_type: str
    rule: str | None
    voter_ids: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    def amount(self, value: int) -> Fraction:
        """An amount in smallest units as currency units."""
        return Fraction(value, self.election.unit)


def _parse_decimal(text: str) -> Fraction:
    """Parse ``1234``, ``1234,5`` or ``1234.5`` exactly; raise ValueError otherwise."""
    s = text.strip().replace(",", ".")
    if not s or s.count(".") > 1:
        raise ValueError(text)
    sign = 1
    if s[0] in "+-":
        sign = -1 if s[0] == "-" else 1
        s = s[1:]
    whole, _, frac = s.partition(".")
    digits = whole + frac
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ValueError(text)
    value = Fraction(int(whole or "0"))
    if frac:
        value += Fraction(int(frac), 10 ** len(frac))
    return sign * value


def _decimals(text: str) -> int:
    _whole, sep, frac = text.strip().replace(",", ".").partition(".")
    return len(frac) if sep else 0


def _as_number(value: Fraction) -> Number:
    return value.numerator if value.denominator == 1 else value


_READ = (0, [""])  # a VOTES row already turned into a ballot (``parse_pb`` lets rows go)

MAX_PB_BYTES = 32_000_000
"""Larger ``.pb`` files are refused: ten times the largest file in the shared collection
(Poland_Warszawa_2026.pb, 3.2 MB). Parsing takes about twenty times a file's size in memory,
so without a bound a stray 1 GB file would never finish."""


def _read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of `path`, refused by its size when it is a regular file over `limit`, and
    never more than `limit` + 1 bytes read from anything else (a pipe, /dev/zero)."""
    name = str(path)

    def too_large(size: int | None) -> PabulibError:
        what = f"{size:,} bytes" if size is not None else f"meer dan {limit:,} bytes"
        return PabulibError(
            name,
            None,
            f"het bestand is te groot ({what}; de grens is {limit:,} bytes); geen "
            "pabulib-stemming komt in de buurt".replace(",", "."),
        )

    with open(path, "rb") as fh:
        info = os.fstat(fh.fileno())
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise too_large(info.st_size)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise too_large(None)
    return data


def read_pb(path: str | Path, limit: int = MAX_PB_BYTES) -> PbFile:
    """Read a ``.pb`` file of at most `limit` bytes; raises :class:`PabulibError` when it is
    malformed or larger."""
    name = str(path)
    try:
        data = _read_bounded(path, limit)
    except OSError as exc:
        raise PabulibError(name, None, f"kan het bestand niet lezen ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise PabulibError(name, line, "het bestand is geen geldige UTF-8-tekst") from None
    return parse_pb(text, name)


def parse_pb(text: str, path: str = "<tekst>") -> PbFile:
    """Parse the text of a ``.pb`` file (see :func:`read_pb`)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    sections: dict[str, tuple[int, list[str], list[tuple[int, list[str]]]]] = {}
    current: str | None = None
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    header_line = 0

    def fail(line: int | None, message: str) -> PabulibError:
        return PabulibError(path, line, message)

    try:
        for row in reader:
            line = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            label = row[0].strip().upper()
            if len(row) == 1 and label in ("META", "PROJECTS", "VOTES"):
                if label in sections or label == current:
                    raise fail(line, f"sectie {label} komt twee keer voor")
                if current is not None:
                    if header is None:
                        raise fail(header_line, f"sectie {current} heeft geen kopregel")
                    sections[current] = (header_line, header, rows)
                current, header, rows, header_line = label, None, [], line
                continue
            if current is None:
                raise fail(line, "verwacht META, PROJECTS of VOTES aan het begin van het bestand")
            if header is None:
                header = [h.strip() for h in row]
                header_line = line
                continue
            rows.append((line, row))
    except csv.Error as exc:
        raise fail(reader.line_num, f"onleesbare regel ({exc})") from None
    if current is not None:
        if header is None:
            raise fail(header_line, f"sectie {current} heeft geen kopregel")
        sections[current] = (header_line, header, rows)
    for label in ("META", "PROJECTS", "VOTES"):
        if label not in sections:
            raise fail(None, f"sectie {label} ontbreekt")

    # META
    meta: dict[str, str] = {}
    m_line, _m_header, m_rows = sections["META"]
    for line, row in m_rows:
        if len(row) != 2:
            raise fail(line, f"META-regel moet 2 velden hebben (sleutel;waarde), niet {len(row)}")
        key = row[0].strip()
        if key in meta:
            raise fail(line, f"META-sleutel '{key}' komt twee keer voor")
        meta[key] = row[1].strip()
    meta_lines = {row[0].strip(): line for line, row in m_rows}

    def meta_number(key: str) -> Fraction | None:
        if key not in meta or meta[key] == "":
            return None
        try:
            return _parse_decimal(meta[key])
        except ValueError:
            raise fail(meta_lines[key], f"'{key}' is geen getal: '{meta[key]}'") from None

    budget_raw = meta_number("budget")
    if budget_raw is None:
        raise fail(m_line, "META mist 'budget'")
    if budget_raw < 0:
        raise fail(meta_lines["budget"], "het budget is negatief")
    vote_type = meta.get("vote_type", "approval").strip().lower() or "approval"
    if vote_type not in APPROVAL_TYPES + POINT_TYPES:
        raise fail(
            meta_lines.get("vote_type", m_line),
            f"stemtype '{vote_type}' wordt niet ondersteund "
            "(wel: approval, choose-1, cumulative, scoring)",
        )

    # PROJECTS
    p_line, p_header, p_rows = sections["PROJECTS"]
    for needed in ("project_id", "cost"):
        if needed not in p_header:
            raise fail(p_line, f"kopregel van PROJECTS mist kolom '{needed}'")
    i_id = p_header.index("project_id")
    i_cost = p_header.index("cost")
    i_name = p_header.index("name") if "name" in p_header else None
    i_sel = p_header.index("selected") if "selected" in p_header else None
    i_cat = None
    for col in ("category", "categories"):
        if col in p_header:
            i_cat = p_header.index(col)
            break
    raw_costs: dict[str, Fraction] = {}
    names: dict[str, str] = {}
    categories: dict[str, str | None] = {}
    selected: dict[str, int] | None = {} if i_sel is not None else None
    for line, row in p_rows:
        if len(row) != len(p_header):
            raise fail(line, f"projectregel heeft {len(row)} velden, de kopregel {len(p_header)}")
        pid = row[i_id].strip()
        if not pid:
            raise fail(line, "project zonder project_id")
        if pid in raw_costs:
            raise fail(line, f"project '{pid}' komt twee keer voor")
        try:
            cost = _parse_decimal(row[i_cost])
        except ValueError:
            raise fail(
                line, f"kosten van project '{pid}' zijn geen getal: '{row[i_cost]}'"
            ) from None
        if cost < 0:
            raise fail(line, f"kosten van project '{pid}' zijn negatief")
        raw_costs[pid] = cost
        names[pid] = row[i_name].strip() if i_name is not None else ""
        cat = row[i_cat].strip() if i_cat is not None else ""
        categories[pid] = cat or None
        if selected is not None and i_sel is not None:
            value = row[i_sel].strip()
            if value:
                try:
                    selected[pid] = int(value)
                except ValueError:
                    raise fail(
                        line, f"'selected' van project '{pid}' is geen geheel getal"
                    ) from None
            else:
                selected[pid] = 0

    # Category budgets (Amsterdam: META budget_per_category, in the order of META categories).
    cat_raw: dict[str, Fraction] | None = None
    if meta.get("budget_per_category"):
        line = meta_lines["budget_per_category"]
        cats = [c.strip() for c in meta.get("categories", "").split(",") if c.strip()]
        parts = [x.strip() for x in meta["budget_per_category"].split(",")]
        if len(cats) != len(parts):
            raise fail(
                line,
                f"budget_per_category heeft {len(parts)} bedragen maar 'categories' "
                f"{len(cats)} namen",
            )
        try:
            cat_raw = {c: _parse_decimal(x) for c, x in zip(cats, parts, strict=True)}
        except ValueError:
            raise fail(line, "budget_per_category bevat iets dat geen getal is") from None

    # Money scale: 10 ** (most decimals written in any amount), e.g. 100 for "12,50".
    texts = [meta["budget"], *(row[i_cost] for _l, row in p_rows)]
    if meta.get("budget_per_category"):
        texts.extend(meta["budget_per_category"].split(","))
    digits = max(_decimals(x) for x in texts)
    if digits > 6:
        raise fail(None, "bedragen hebben meer dan 6 decimalen")
    unit = 10**digits

    # VOTES
    v_line, v_header, v_rows = sections["VOTES"]
    if "vote" not in v_header:
        raise fail(v_line, "kopregel van VOTES mist kolom 'vote'")
    i_vote = v_header.index("vote")
    i_voter = v_header.index("voter_id") if "voter_id" in v_header else None
    i_points = v_header.index("points") if "points" in v_header else None
    i_weight = v_header.index("weight") if "weight" in v_header else None
    if vote_type in POINT_TYPES and i_points is None:
        raise fail(v_line, f"stemtype '{vote_type}' vraagt een kolom 'points' in VOTES")
    # Memory (#32.3): a ballot holds the project's own id string (not a copy per ballot),
    # identical ballots share one frozenset, and each row is let go once it is read.
    canon = {pid: pid for pid in raw_costs}
    shared: dict[frozenset[str], frozenset[str]] = {}
    ballots: list[frozenset[str]] = []
    voter_ids: list[str] = []
    weights: list[Number] | None = [] if i_weight is not None else None
    points_total: dict[str, Fraction] = {}
    n_fields = len(v_header)
    seen_voters: set[str] = set()
    for index, (line, row) in enumerate(v_rows):
        v_rows[index] = _READ
        if len(row) != n_fields:
            raise fail(line, f"stemregel heeft {len(row)} velden, de kopregel {n_fields}")
        vid = row[i_voter].strip() if i_voter is not None else str(len(voter_ids) + 1)
        if vid in seen_voters:
            raise fail(line, f"voter_id '{vid}' komt twee keer voor")
        seen_voters.add(vid)
        raw = row[i_vote]
        ids = [x.strip() for x in raw.split(",")] if raw.strip() else []
        ballot = frozenset(ids)
        if len(ballot) != len(ids):
            raise fail(line, "een project staat twee keer in dezelfde stem")
        if not ballot <= canon.keys():
            missing = sorted(ballot - canon.keys(), key=natural_key)
            raise fail(line, f"stem noemt onbekend project '{missing[0]}'")
        found = shared.get(ballot)
        if found is None:
            found = frozenset(map(canon.__getitem__, ballot))
            shared[found] = found
        ballot = found
        if i_points is not None and vote_type in POINT_TYPES:
            praw = row[i_points]
            pts = [x.strip() for x in praw.split(",")] if praw.strip() else []
            if len(pts) != len(ids):
                raise fail(line, f"{len(ids)} projecten maar {len(pts)} punten")
            for pid, ptxt in zip(ids, pts, strict=True):
                try:
                    points = _parse_decimal(ptxt)
                except ValueError:
                    raise fail(line, f"punten '{ptxt}' zijn geen getal") from None
                if points < 0:
                    raise fail(line, "negatieve punten")
                points_total[pid] = points_total.get(pid, Fraction(0)) + points
        if weights is not None and i_weight is not None:
            try:
                w = _parse_decimal(row[i_weight])
            except ValueError:
                raise fail(line, f"gewicht '{row[i_weight]}' is geen getal") from None
            if w < 0:
                raise fail(line, "negatief gewicht")
            weights.append(_as_number(w))
        ballots.append(ballot)
        voter_ids.append(vid)

    warnings: list[str] = []
    if "target" in p_header:  # pabulib renamed the column in April 2026
        warnings.append("PROJECTS-kolom 'target' heet sinds april 2026 'beneficiaries'")
    for key, actual in (("num_projects", len(raw_costs)), ("num_votes", len(ballots))):
        if key in meta:
            try:
                declared = int(meta[key])
            except ValueError:
                raise fail(meta_lines[key], f"'{key}' is geen geheel getal") from None
            if declared != actual:
                warnings.append(f"META {key} = {declared}, maar het bestand heeft er {actual}")

    projects = tuple(
        Project(id=pid, cost=int(c * unit), category=categories[pid])
        for pid, c in raw_costs.items()
    )
    threshold = meta_number("min_project_score_threshold")
    votes: dict[str, Number] | None = None
    if vote_type in POINT_TYPES:
        votes = {pid: _as_number(points_total.get(pid, Fraction(0))) for pid in raw_costs}
    election = Election(
        projects=projects,
        budget=int(budget_raw * unit),
        ballots=tuple(ballots) if vote_type in APPROVAL_TYPES else (),
        weights=tuple(weights) if weights is not None and vote_type in APPROVAL_TYPES else None,
        votes=votes,
        category_budgets={c: int(v * unit) for c, v in cat_raw.items()} if cat_raw else None,
        min_votes=_as_number(threshold) if threshold is not None else 0,
        unit=unit,
    )
    return PbFile(
        path=path,
        meta=meta,
        election=election,
        names=names,
        selected=selected,
        vote_type=vote_type,
        rule=meta.get("rule") or None,
        voter_ids=tuple(voter_ids),
        warnings=tuple(warnings),
    )


def _format_amount(value: int, unit: int) -> str:
    return format_units(value, unit)


def _format_number(value: Number) -> str:
    if isinstance(value, int):
        return str(value)
    if value.denominator == 1:
        return str(value.numerator)
    # Exact decimal only; other fractions are written as a/b would not parse, so refuse.
    den = value.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        raise ValueError(f"{value} has no exact decimal form")
    digits = max(twos, fives)
    scaled = value * 10**digits
    return _format_amount(scaled.numerator, 10**digits).rstrip("0")


def format_pb(
    election: Election,
    *,
    meta: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    selected: Mapping[str, int] | None = None,
    voter_ids: Sequence[str] | None = None,
) -> str:
    """The text of a ``.pb`` file for ``election`` (approval ballots).

    ``meta`` is written first (``budget``, ``num_projects``, ``num_votes`` and ``vote_type``
    are filled in from the election). ``selected`` adds a ``selected`` column (projects not
    in it get 0). Ballot weights, when present, go into a ``weight`` column.
    """
    if election.votes is not None and not election.ballots:
        raise ValueError("an election with only vote counts cannot be written as ballots")
    unit = election.unit
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    info: dict[str, str] = dict(meta or {})
    info["num_projects"] = str(len(election.projects))
    info["num_votes"] = str(len(election.ballots))
    info["budget"] = _format_amount(election.budget, unit)
    info.setdefault("vote_type", "approval")
    if election.min_votes:
        info["min_project_score_threshold"] = _format_number(election.min_votes)
    if election.category_budgets:
        cats = list(election.category_budgets)
        info["categories"] = ",".join(cats)
        info["budget_per_category"] = ",".join(
            _format_amount(election.category_budgets[c], unit) for c in cats
        )
    rank = {key: i for i, key in enumerate(META_ORDER)}
    ordered = sorted(info.items(), key=lambda kv: rank.get(kv[0], len(rank)))
    writer.writerow(["META"])
    writer.writerow(["key", "value"])
    for key, value in ordered:
        writer.writerow([key, value])
    counts: dict[str, Number] = {p.id: 0 for p in election.projects}
    for i, ballot in enumerate(election.ballots):
        w: Number = 1 if election.weights is None else election.weights[i]
        for pid in ballot:
            counts[pid] += w
    has_cat = any(p.category for p in election.projects)
    header = ["project_id", "cost", "votes", "name"]
    if has_cat:
        header.append("category")
    if selected is not None:
        header.append("selected")
    writer.writerow(["PROJECTS"])
    writer.writerow(header)
    for p in election.projects:
        row = [p.id, _format_amount(p.cost, unit), _format_number(counts[p.id])]
        row.append((names or {}).get(p.id, ""))
        if has_cat:
            row.append(p.category or "")
        if selected is not None:
            row.append(str(selected.get(p.id, 0)))
        writer.writerow(row)
    writer.writerow(["VOTES"])
    vheader = ["voter_id", "vote"]
    if election.weights is not None:
        vheader.append("weight")
    writer.writerow(vheader)
    ids: Iterable[str] = (
        voter_ids if voter_ids is not None else (str(i + 1) for i in range(len(election.ballots)))
    )
    for i, (vid, ballot) in enumerate(zip(ids, election.ballots, strict=True)):
        row = [vid, ",".join(sorted(ballot, key=natural_key))]
        if election.weights is not None:
            row.append(_format_number(election.weights[i]))
        writer.writerow(row)
    return out.getvalue()


def write_pb(
    path: str | Path,
    election: Election,
    *,
    meta: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
    selected: Mapping[str, int] | None = None,
    voter_ids: Sequence[str] | None = None,
) -> None:
    """Write :func:`format_pb` output to ``path`` (UTF-8, LF line ends)."""
    text = format_pb(election, meta=meta, names=names, selected=selected, voter_ids=voter_ids)
    Path(path).write_text(text, encoding="utf-8", newline="")
