"""Every problem class of the cross-file checks, on a copy of the example: one edit each, and
the (file, line, column, code) the check reports. Where a check points at a whole block (a
missing field, a list that does not add up) only the file and code are asserted."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import (
    AANVRAAG,
    GEBIED,
    LEDEN,
    RONDE,
    SCORING_WARNINGS,
    VERGADERING,
    WIJKPLAN,
    check,
)

A02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
A05 = "data/rondes/ronde-2017-2/aanvragen/a05-chill-en-skill.yaml"
A07 = "data/rondes/ronde-2017-2/aanvragen/a07-buurtbarbecue.yaml"

CASES = [
    # (file, old, new, anchor in new (None: no problem at the edit), code, and every other
    # problem the edit gives: the complete list is compared)
    (
        GEBIED,
        "  - id: hoefkwartier",
        "  - id: zielhorst",
        "zielhorst",
        "duplicate-id",
        # The applications in the wijk that is gone.
        ((A02, 7, 33, "unknown-wijk"), (A05, 7, 10, "unknown-wijk"), (A07, 7, 10, "unknown-wijk")),
    ),
    (
        GEBIED,
        "buurtnetwerker: mirjam-lagerweij",
        "buurtnetwerker: joke-aldersveld",
        "joke-aldersveld",
        "not-a-professional",
    ),
    (LEDEN, "  - id: ruud-kamperman", "  - id: joke-aldersveld", "joke-aldersveld", "duplicate-id"),
    # At the member's item.
    (LEDEN, "    wijk: zielhorst\n", "", None, "missing-field", ((LEDEN, 5, 5, "missing-field"),)),
    (
        LEDEN,
        "    organisatie: Politie\n",
        "",
        None,
        "missing-field",
        ((LEDEN, 96, 5, "missing-field"),),
    ),
    (
        LEDEN,
        "    rol: bewonersteam\n",
        "    rol: bewonersteam\n    uren: {2017: 10}\n",
        "uren",
        "hours-not-professional",
    ),
    (
        WIJKPLAN,
        "  - id: jeugd",
        "  - id: omzien",
        "omzien",
        "duplicate-id",
        ((A05, 8, 8, "unknown-thema"),),
    ),  # its applications' thema is gone
    (WIJKPLAN, "gebied: szh", "gebied: noord", "noord", "id-mismatch"),
    (WIJKPLAN, "vastgesteld: 2017-01-26", "vastgesteld: 2018-01-26", "2018", "date-order"),
    (
        RONDE,
        "budget:\n  szh: 21000",
        "budget:\n  szh: 21000\n  noord: 100",
        "noord",
        "unknown-gebied",
    ),
    (RONDE, "  eind: 21:45", "  eind: 19:00", "19:00", "time-order"),
    (
        RONDE,
        "jaar: 2017",
        "jaar: 2016",
        "2016",
        "date-order",
        ((RONDE, 22, 3, "missing-wijkplan"),),
    ),
    (
        AANVRAAG,
        "gebied: szh",
        "gebied: noord",
        "noord",
        "unknown-gebied",
        ((VERGADERING, 33, 3, "wrong-gebied"),),
    ),
    # late: tests/test_settle.py (it needs two edits: a late application the minutes did not
    # treat yet).
    (
        AANVRAAG,
        "    bedrag: 3900",
        "    bedrag: 3901",
        None,
        "budget-sum",
        ((AANVRAAG, 20, 3, "budget-sum"),),
    ),  # at begroting
    (
        VERGADERING,
        "afgemeld: [anneloes-verhagen]",
        "afgemeld: [anneloes-verhagen, priya-ramdin]",
        "priya-ramdin",
        "present-and-absent",
        # Now absent, so each of her votes is too.
        tuple((VERGADERING, n, 11, "absent-vote") for n in (55, 83, 108, 130, 157, 187, 206, 231)),
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  anneloes-verhagen: a08-taalcafe",
        "anneloes-verhagen",
        "left-but-absent",
        # Ahmet's time of leaving stays without his leaving; he is at A08 and did not vote.
        ((VERGADERING, 30, 3, "left-time-only"), (VERGADERING, 224, 5, "missing-votes")),
    ),
    (
        VERGADERING,
        "  ahmet-yildiz: a08-taalcafe",
        "  ahmet-yildiz: a09-onbekend",
        "a09",
        "unknown-aanvraag",
        ((VERGADERING, 224, 5, "missing-votes"),),  # Ahmet is at A08 now
    ),
    (
        VERGADERING,
        "    voorstel: afwijzen\n",
        "    voorstel: afwijzen\n    bedrag: 100\n",
        "100",
        "amount-with-rejection",
    ),
    (VERGADERING, "    bedrag: 6500", "    bedrag: 9000", "9000", "advice-exceeds-request"),
    (
        VERGADERING,
        "    bedrag: 3450",
        "    bedrag: 3000",
        "3000",
        "partial-as-full",
        (("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", 6, 11, "granted-above-advice"),),
    ),
    (
        VERGADERING,
        "      mirjam-lagerweij: 10\n",
        "      mirjam-lagerweij: 10\n      gerda-wolters: 5\n",
        "gerda-wolters",
        "hours-not-asked",
        # Gerda's hours of the round run out (an error). A05's hours asked above the free
        # hours stay settled: the meeting decided and the youth worker's advice fits.
        ((VERGADERING, 218, 22, "hours-exceeded"),),
    ),
    (
        VERGADERING,
        "      mirjam-lagerweij: 10\n",
        "      mirjam-lagerweij: 12\n",
        "12",
        "hours-exceed-request",
    ),
    (
        VERGADERING,
        "    bedrag: 4000\n",
        "    bedrag: 4000\n    voorzitter_beslist: aangenomen\n",
        "voorzitter_beslist",
        "chair-decision-unused",
    ),
    (
        VERGADERING,
        "      onthouding: []\nopmerkingen:",
        "      onthouding: 2\nopmerkingen:",
        "2",
        "count-open-vote",
    ),
]


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


CASES = [(*c, ()) if len(c) == 5 else c for c in CASES]


@pytest.mark.parametrize(
    ("rel", "old", "new", "anchor", "code", "also"),
    CASES,
    ids=[f"{c[4]}-{i}" for i, c in enumerate(CASES)],
)
def test_problem_class(
    example_repo: Path,
    rel: str,
    old: str,
    new: str,
    anchor: str | None,
    code: str,
    also: tuple[tuple[str, int, int, str], ...],
) -> None:
    path = example_repo / rel
    text = path.read_text(encoding="utf-8")
    start = text.index(old)  # where `new` will stand
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    if anchor is None:  # the problem is elsewhere: in `also`
        assert code in {c for *_, c in also}
        check(example_repo, *also)
        return
    line, column = _position(text, start + new.index(anchor))
    check(example_repo, (rel, line, column, code), *also)


def test_missing_files(example_repo: Path) -> None:
    (example_repo / LEDEN).unlink()
    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2")
    (example_repo / "data/rondes/ronde-2018-1/aanvragen").mkdir(parents=True)
    (example_repo / "data/rondes/ronde-2018-1/aanvragen/x.yaml").write_text("id: x\n")
    check(
        example_repo,
        ("data/gebieden/szh", 0, 0, "missing-file"),
        ("data/rondes/ronde-2018-1", 0, 0, "missing-file"),
        # Each of the application's 8 required fields but id, at the top of the file.
        *[("data/rondes/ronde-2018-1/aanvragen/x.yaml", 1, 1, "missing-field")] * 8,
        example=SCORING_WARNINGS,  # ronde-2017-2 and its follow-up files are gone
    )


def test_application_not_discussed(example_repo: Path) -> None:
    src = example_repo / "data/rondes/ronde-2017-2/aanvragen/a04-muziekcafe.yaml"
    copy = src.with_name("a09-kopie.yaml")
    copy.write_text(
        src.read_text(encoding="utf-8").replace("id: a04-muziekcafe", "id: a09-kopie"),
        encoding="utf-8",
    )
    check(
        example_repo,
        (VERGADERING, 32, 1, "not-discussed"),  # at besluiten
        # The copy kept A04's agenda number.
        ("data/rondes/ronde-2017-2/aanvragen/a09-kopie.yaml", 4, 9, "duplicate-nummer"),
    )


def test_every_explanation_as_wijk_check_uitleg_shows_it(runner, golden) -> None:  # type: ignore[no-untyped-def]
    """`wijk check --uitleg CODE` for every known code, byte for byte: the explanations are
    volunteer-facing text (reviewed like any output), and a code that loses its explanation
    shortens this file."""
    from wijkcli.cli.app import app
    from wijkcli.pipeline import explanations

    pages = []
    for code in sorted(explanations()):
        result = runner.invoke(app, ["check", "--uitleg", code])
        assert result.exit_code == 0, result.stderr
        pages.append(result.stdout)
    golden("check/uitleg.txt", "\n".join(pages))


# --- the catalogue: every code that can be emitted has exactly one explanation -----------------

SRC = Path(__file__).resolve().parents[1] / "src"


def _code_takers(trees: dict[str, ast.Module]) -> dict[str, tuple[int, str | None]]:
    """Every function that makes problems with a code it is given: its name, the position of
    its `code` parameter and that parameter's default. `Problem` itself takes the code second.
    A function takes one when it has a `code: str` parameter and returns problems."""
    takers: dict[str, tuple[int, str | None]] = {"Problem": (1, None)}
    for tree in trees.values():
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef) or node.returns is None:
                continue
            if "Problem" not in ast.unparse(node.returns):
                continue
            params = [*node.args.posonlyargs, *node.args.args]
            names = [a.arg for a in params]
            if "code" not in names:
                continue
            index = names.index("code")
            defaults = dict(
                zip(names[len(names) - len(node.args.defaults) :], node.args.defaults, strict=True)
            )
            default = defaults.get("code")
            assert default is None or isinstance(default, ast.Constant), ast.unparse(node)
            takers[node.name] = (index, default.value if default is not None else None)
    return takers


def _strings(node: ast.expr, scope: ast.AST | None, where: str) -> set[str]:
    """The codes an expression passed as `code` can be: literals, both arms of `a if c else b`,
    and every value assigned to a local variable of that name. A parameter named `code` passes
    the caller's code on (the caller is read where it calls). Anything else fails: the test
    must be able to see every code."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _strings(node.body, scope, where) | _strings(node.orelse, scope, where)
    if isinstance(node, ast.Name) and isinstance(scope, ast.FunctionDef):
        params = [
            a.arg for a in (*scope.args.posonlyargs, *scope.args.args, *scope.args.kwonlyargs)
        ]
        if node.id == "code" and node.id in params:
            return set()
        values = [
            a.value
            for a in ast.walk(scope)
            if isinstance(a, ast.Assign | ast.AnnAssign)
            and a.value is not None
            and any(isinstance(t, ast.Name) and t.id == node.id for t in _targets(a))
        ]
        if values:
            return set().union(*(_strings(v, scope, where) for v in values))
    raise AssertionError(f"{where}: a problem code the catalogue cannot see: {ast.unparse(node)}")


def _targets(a: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return a.targets if isinstance(a, ast.Assign) else [a.target]


def emitted_codes(src: Path) -> dict[str, set[str]]:
    """Every problem code the source under `src/wijkcli` can emit, with the modules that emit
    it: read from the syntax tree, so a code given as a default argument, through a variable or
    across lines counts as well as one written in the call."""
    trees = {
        ".".join(p.relative_to(src).with_suffix("").parts): ast.parse(p.read_text("utf-8"))
        for p in sorted((src / "wijkcli").rglob("*.py"))
    }
    takers = _code_takers(trees)
    found: dict[str, set[str]] = {}
    for module, tree in trees.items():
        # `from wijkcli.checks.common import error as fout`: `fout(...)` is `error(...)`.
        aliases = {
            a.asname: a.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom)
            for a in node.names
            if a.asname
        }
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef))]:
            if isinstance(scope, ast.FunctionDef):
                arguments = scope.args
                default = dict(
                    zip(
                        [a.arg for a in arguments.args][
                            len(arguments.args) - len(arguments.defaults) :
                        ],
                        arguments.defaults,
                        strict=True,
                    )
                ).get("code")
                if scope.name in takers and isinstance(default, ast.Constant):
                    found.setdefault(default.value, set()).add(module)
            body = (
                scope.body
                if isinstance(scope, ast.FunctionDef)
                else [s for s in tree.body if not isinstance(s, ast.FunctionDef | ast.ClassDef)]
            )
            for call in (c for s in body for c in ast.walk(s) if isinstance(c, ast.Call)):
                func = call.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
                name = aliases.get(name, name)
                if name not in takers:
                    continue
                index, _ = takers[name]
                given = next((k.value for k in call.keywords if k.arg == "code"), None)
                if given is None and len(call.args) > index:
                    given = call.args[index]
                if given is None:
                    continue  # the default: counted at the function
                where = f"{module}:{call.lineno}"
                fn = scope if isinstance(scope, ast.FunctionDef) else None
                for code in _strings(given, fn, where):
                    found.setdefault(code, set()).add(module)
    return found


def _catalogue_in_subprocess(src: Path) -> dict[str, list[str]]:
    """In a fresh interpreter with the package at `src`: the codes emitted without an
    explanation, the explanations of codes never emitted, and what a fresh import of every
    module registers beyond `pipeline.explanations()` (codes and checks)."""
    script = f"""
import importlib, json, pkgutil, sys
from pathlib import Path
sys.path[:0] = [{str(src)!r}, {str(SRC.parent)!r}]
import wijkcli
from wijkcli.pipeline import explanations, registered_checks
from tests.test_checks_catalogue import emitted_codes
codes = set(explanations())
emitted = emitted_codes(Path({str(src)!r}))
for m in pkgutil.walk_packages(wijkcli.__path__, "wijkcli."):
    if not m.name.endswith("__main__"):
        importlib.import_module(m.name)
from wijkcli.checks.registry import REGISTERED
from wijkcli.problems import CODES
print(json.dumps({{
    "unexplained": sorted(set(emitted) - codes),
    "never emitted": sorted(codes - set(emitted)),
    "not in explanations()": sorted(set(CODES) - codes),
    "checks not run": sorted(c.name for c in REGISTERED if c not in registered_checks()),
    "declared, not explained": sorted({{c for k in REGISTERED for c in k.codes}} - codes),
    "from": [wijkcli.__file__],
}}))
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=src)
    if out.returncode != 0:  # the last line of the traceback
        return {"import fails": out.stderr.strip().splitlines()[-1:]}
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def test_every_code_that_can_be_emitted_has_one_explanation() -> None:
    from wijkcli.pipeline import explanations

    emitted = emitted_codes(SRC)
    # The two the old, textual test missed: a default argument and a call over lines.
    assert {"unknown-member", "unreadable-folder", "over-budget", "recused-vote"} <= set(emitted)
    assert set(emitted) == set(explanations())
    result = _catalogue_in_subprocess(SRC)
    assert result == {
        "unexplained": [],
        "never emitted": [],
        "not in explanations()": [],
        "checks not run": [],
        "declared, not explained": [],
        "from": [str(SRC / "wijkcli" / "__init__.py")],
    }


def test_each_explanation_stands_where_its_code_is_emitted() -> None:
    """An explanation is registered in a module that emits its code, or beside one: the
    stage's `codes.py`, or `checks/common.py` for a code several checks emit."""
    from wijkcli.pipeline import explanations

    emitted = emitted_codes(SRC)
    far = {
        code: (u.module, sorted(emitted[code]))
        for code, u in explanations().items()
        if not any(
            u.module == m or u.module.rsplit(".", 1)[0] == m.rsplit(".", 1)[0]
            for m in emitted[code]
        )
    }
    assert far == {}


@pytest.mark.parametrize(
    ("module", "old", "new", "expected"),
    [
        # An explanation deleted (a mutant that survived the whole suite once).
        (
            "read/codes.py",
            'register_code(\n    "unreadable-folder",',
            None,
            {"unexplained": ["unreadable-folder"], "never emitted": []},
        ),
        # The explanation of a code a check declares, deleted: the check cannot register.
        (
            "checks/vergadering.py",
            'register_code(\n    "recused-vote",',
            None,
            {
                "unexplained": ["recused-vote"],
                "declared, not explained": ["recused-vote"],
            },
        ),
        # A code given as a default argument, changed: emitted but not explained.
        (
            "checks/common.py",
            'code: str = "unknown-member"',
            'code: str = "unknown-lid"',
            {"unexplained": ["unknown-lid"], "never emitted": ["unknown-member"]},
        ),
    ],
    ids=["deleted-explanation", "deleted-explanation-of-a-check", "default-argument"],
)
def test_the_catalogue_catches_a_planted_mistake(
    tmp_path: Path, module: str, old: str, new: str | None, expected: dict[str, list[str]]
) -> None:
    """A mistake planted in a copy of the source (`new` None: the whole call that starts with
    `old` deleted) is reported."""
    copy = tmp_path / "src"
    shutil.copytree(SRC / "wijkcli", copy / "wijkcli")
    path = copy / "wijkcli" / module
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    if new is None:
        start = text.index(old)
        new, old = "", text[start : text.index("\n)\n", start) + 3]
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = _catalogue_in_subprocess(copy)
    assert result.get("from") == [str(copy / "wijkcli" / "__init__.py")], result  # the copy
    assert {k: result[k] for k in expected} == expected


def test_a_code_registers_once() -> None:
    from wijkcli.problems import register_code

    with pytest.raises(ValueError, match="registered twice"):
        register_code("recused-vote", "Dubbel", "Nog eens.", fout="x", goed="y")
