"""`wijk pb verdeel`: allocate the budget of a pabulib `.pb` file and show the outcome.

`verdeel` reads the file and runs the rule (given, or the one its META names); `print_table`
and `verdeel_json` show the result. Amounts are shown one way: `€ 4.212,50` in the table, and
in JSON every amount as a string with the exact decimal (`"4212.50"`, as in the file). Every
value that comes from the file (project ids, names, the file name) reaches Rich as `Text`,
never as markup, and through `text.visible`, so a control character in the file is shown as
an escape (`\\x1b`) instead of reaching the terminal.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from wijkcli.allocate.money import from_units
from wijkcli.problems import UsageMistake, WijkcliError, suggest
from wijkcli.text import format_money, json_amount, json_visible, os_error_words, visible

if TYPE_CHECKING:
    from rich.console import Console

    from wijkcli.allocate import Allocation
    from wijkcli.allocate.pabulib import PbFile

META_RULES = {
    "greedy": "greedy",
    "greedy-no-skip": "greedy-stop",
    "greedy-threshold": "greedy",
    "equalshares": "equalshares",
    "equalshares/add1": "equalshares-add1",
    "greedy-custom": "greedy",
}
"""pabulib META `rule` values this tool can reproduce, and our rule name for each.
`greedy-custom` is what `wijk pb export` writes for a round whose adopted applications all
fitted the budget (they were decided by majority per item): greedy by `voor` votes shows the
same kind of outcome."""

WIJKCLI_RULE = "wijkcli:"
"""The META `rule` of a `wijk pb export` file starts with this: `wijkcli:meerderheid-gewoon`,
with `+<rule>` when the round's `toewijzing` had to fit the budget."""


def rule_from_meta(meta: dict[str, str]) -> str | None:
    """Our rule name for the file's META (`None` when not supported).

    A file from `wijk pb export` names how the round decided (by majority per item); its
    `+<rule>` part is the allocation rule used, and without one everything adopted fitted, so
    `greedy` (by the members' `voor` votes) shows the same kind of outcome."""
    rule = (meta.get("rule") or "").strip().lower()
    if rule.startswith(WIJKCLI_RULE):
        _, plus, rest = rule.partition("+")
        return META_RULES.get(rest) if plus else "greedy"
    name = META_RULES.get(rule)
    if name == "greedy" and "partially fund" in meta.get("leftover_budget", "").lower():
        return "greedy-stop-deels"
    return name


@dataclass(frozen=True)
class Verdeling:
    """A `.pb` file, the rule applied and its outcome."""

    path: Path
    pb: PbFile
    regel: str
    uitkomst: Allocation


def verdeel(path: Path, regel: str | None = None) -> Verdeling:
    """Read `path` and allocate its budget by `regel` (default: the rule in its META).

    Raises:
        WijkcliError: the file cannot be read (`PabulibError`), its rule is unknown or not
            supported, or the rule cannot run on this file.
    """
    from wijkcli.allocate import RULES
    from wijkcli.allocate.pabulib import read_pb

    _check_readable(path)
    pb = read_pb(path)
    naam = regel
    if naam is None:
        naam = rule_from_meta(dict(pb.meta))
        if naam is None:
            raise WijkcliError(
                f"{path}: de regel '{pb.rule or '(geen)'}' uit META wordt niet ondersteund; "
                f"kies er een met --regel ({', '.join(RULES)})"
            )
    naam = naam.strip().lower()
    if naam not in RULES:
        raise WijkcliError(f"onbekende regel '{naam}'; kies uit: {', '.join(RULES)}")
    try:
        uitkomst = RULES[naam](pb.election)
    except ValueError as exc:
        raise WijkcliError(f"{path}: {exc}") from None
    return Verdeling(path, pb, naam, uitkomst)


def _check_readable(path: Path) -> None:
    """A missing file or a folder is a usage error (2), with the closest `.pb` file beside it
    as a suggestion; another reason it cannot be read is said in Dutch (1)."""
    try:
        if path.is_dir():
            raise UsageMistake(f"'{path}' is een map, geen .pb-bestand")
        path.stat()
    except FileNotFoundError:
        try:
            beside = [p.name for p in path.parent.iterdir() if p.suffix.lower() == ".pb"]
        except OSError:
            beside = []
        close = suggest(path.name, beside)
        raise UsageMistake(
            f"het bestand '{path}' bestaat niet" + (f"; {close}" if close else "")
        ) from None
    except OSError as exc:
        raise WijkcliError(f"kan '{path}' niet lezen: {os_error_words(exc)}") from None


def _money(v: Verdeling, value: int) -> str:
    return format_money(from_units(value, v.pb.election.unit))


def _json_amount(v: Verdeling, value: int) -> str:
    return json_amount(from_units(value, v.pb.election.unit))


def verdeel_json(v: Verdeling) -> str:
    """The outcome as JSON (amounts as exact decimal strings), with a final newline."""
    u = v.uitkomst
    data = {
        "bestand": str(v.path),
        "regel": v.regel,
        "gekozen": list(u.selected),
        "toegekend": {p: _json_amount(v, x) for p, x in u.funded.items()},
        "besteed": _json_amount(v, u.spent),
        "over": _json_amount(v, u.left),
        "budget": _json_amount(v, v.pb.election.budget),
        "opmerkingen": list(u.notes),
    }
    return json_visible(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"


def print_table(v: Verdeling, console: Console) -> None:
    """The chosen projects with cost and amount, then budget, spent and left over."""
    from rich.table import Table
    from rich.text import Text

    u = v.uitkomst
    kosten = {p.id: p.cost for p in v.pb.election.projects}
    tabel = Table(title=Text(f"{visible(v.path.name)} — regel {v.regel}"))
    tabel.add_column("project")
    tabel.add_column("naam")
    tabel.add_column("kosten", justify="right")
    tabel.add_column("toegekend", justify="right")
    for pid in u.selected:
        tabel.add_row(
            Text(visible(pid)),
            Text(visible(v.pb.names.get(pid, ""))),
            _money(v, kosten[pid]),
            _money(v, u.funded[pid]),
        )
    console.print(tabel)
    console.print(
        Text(
            f"budget {_money(v, v.pb.election.budget)}, besteed {_money(v, u.spent)}, "
            f"over {_money(v, u.left)}"
        )
    )
    for note in u.notes:
        console.print(Text(f"opmerking: {visible(note)}"))
