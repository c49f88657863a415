"""The format reference names every field of the model, so docs and code do not drift."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from wijkcli import model

REPO = Path(__file__).resolve().parents[1]


def _models() -> list[type[BaseModel]]:
    return [
        obj
        for obj in vars(model).values()
        if isinstance(obj, type) and issubclass(obj, model.Model) and obj is not model.Model
    ]


@pytest.mark.parametrize("cls", _models(), ids=lambda c: c.__name__)
def test_every_field_is_documented(cls: type[BaseModel]) -> None:
    doc = (REPO / "docs" / "formaat.md").read_text(encoding="utf-8")
    # A field is named as `naam` or, inside a block, as `blok.naam`.
    missing = [name for name in cls.model_fields if not re.search(rf"[`.]{name}`", doc)]
    assert missing == []
    # The attribute docstrings become descriptions in the schema (wijkcli.schema reads them;
    # the models do not on import, #32).
    from wijkcli.schema import WithDocstrings

    properties = cls.model_json_schema(schema_generator=WithDocstrings)["properties"]
    for name in cls.model_fields:
        assert properties[name].get("description"), (
            f"{cls.__name__}.{name} has no docstring (schema description)"
        )


def test_every_example_file_names_its_schema() -> None:
    """Editors with the YAML language server find the schema from each file's first line."""
    from wijkcli.read.tree import classify

    files = sorted((REPO / "data").rglob("*.yaml"))
    assert len(files) > 40
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), path
        schema = (path.parent / first[len(prefix) :]).resolve()
        assert schema.is_file(), f"{path}: {schema} does not exist"
        kind = classify(path.relative_to(REPO / "data"))
        if kind is not None:
            assert schema.name == f"{kind}.schema.json", path


# --- the field tables of docs/formaat.md are the models (issue 15, item 4) ----------------------

# Each field table of formaat.md: its section's heading, the line that introduces it (None for
# the section's first table) and the model it describes. A key `a.b` in a table is field `b`
# of the model of field `a`.
TABLES: list[tuple[str, str | None, type[BaseModel]]] = [
    ("## 3. `gebied.yaml`", None, model.Gebied),
    ("## 3. `gebied.yaml`", "Per wijk:", model.Wijk),
    ("## 4. `leden.yaml`", None, model.Lid),
    ("## 5. `wijkplan-<jaar>.yaml`", None, model.Wijkplan),
    ("## 5. `wijkplan-<jaar>.yaml`", "Per thema:", model.Thema),
    ("## 6. `ronde.yaml`", None, model.Ronde),
    ("## 7. `aanvragen/<aanvraag>.yaml`", None, model.Aanvraag),
    ("## 8. `vergadering-<gebied>.yaml` (de notulen)", None, model.Vergadering),
    ("## 8. `vergadering-<gebied>.yaml` (de notulen)", "Per besluit:", model.Besluit),
]

REQUIRED, OPTIONAL, CONDITIONAL = "verplicht", "optioneel", "verplicht onder voorwaarde"


def _table(heading: str, intro: str | None) -> list[tuple[str, str]]:
    """(key, status) of every row of one field table; status is REQUIRED ('verplicht', or
    'verplicht in `blok`' for a key inside an optional block), OPTIONAL ('*optioneel*') or
    CONDITIONAL ('verplicht voor ...', 'verplicht bij ...': a check asks for it, the model
    does not)."""
    lines = (REPO / "docs" / "formaat.md").read_text(encoding="utf-8").splitlines()
    i = lines.index(heading) + 1
    if intro is not None:
        while lines[i] != intro:
            assert not lines[i].startswith("## "), f"{intro!r} not in {heading}"
            i += 1
    while not lines[i].startswith("| sleutel |"):
        i += 1
    rows = []
    for line in lines[i + 2 :]:
        if not line.startswith("|"):
            break
        keys, status = (c.strip() for c in line.split("|")[1:3])
        if status.startswith("*optioneel*"):
            kind = OPTIONAL
        elif status == "verplicht" or status.startswith("verplicht in `"):
            kind = REQUIRED
        else:
            assert status.startswith("verplicht "), line
            kind = CONDITIONAL
        rows += [(key.strip("`"), kind) for key in keys.split(", ")]
    return rows


def _field(cls: type[BaseModel], key: str) -> tuple[type[BaseModel], str]:
    """The model and field name of a dotted key."""
    from wijkcli.load.validate import _shape

    *blocks, name = key.split(".")
    for block in blocks:
        assert block in cls.model_fields, f"{cls.__name__} has no field {block!r}"
        shape = _shape(cls.model_fields[block].annotation)
        assert shape is not None, f"{cls.__name__}.{block} holds no model"
        cls = shape[1]
    return cls, name


@pytest.mark.parametrize(
    ("heading", "intro", "cls"), TABLES, ids=[f"{c.__name__}" for _, _, c in TABLES]
)
def test_field_tables_and_models_agree(
    heading: str, intro: str | None, cls: type[BaseModel]
) -> None:
    """Every row names a field of the model, required exactly when the table says
    'verplicht'; every field of the model (and of each block the table goes into) has a
    row."""
    rows = _table(heading, intro)
    wrong = []
    covered: dict[type[BaseModel], set[str]] = {cls: set()}
    for key, kind in rows:
        owner, name = _field(cls, key)
        covered.setdefault(owner, set()).add(name)
        info = owner.model_fields.get(name)
        if info is None:
            wrong.append(f"{key}: not in {owner.__name__}")
        elif info.is_required() != (kind == REQUIRED):
            model_says = REQUIRED if info.is_required() else OPTIONAL
            wrong.append(f"{key}: docs say {kind}, {owner.__name__} says {model_says}")
    for owner, names in covered.items():
        wrong += [f"{owner.__name__}.{n}: no row" for n in owner.model_fields if n not in names]
    assert wrong == []


def test_wijk_init_writes_every_required_field_of_gebied_yaml(tmp_path: Path) -> None:
    """The gebied.yaml of `wijk init` has every key the docs call verplicht (and passes
    `wijk check`: test_workflow), in each wijk too."""
    import yaml

    from wijkcli.nieuw import init_repo

    init_repo(tmp_path, "noord", "Noord", ["Kattenbroek", "Nieuwland"], requirement="wijkcli")
    data = yaml.safe_load((tmp_path / "data/gebieden/noord/gebied.yaml").read_text("utf-8"))
    for heading, intro, cls in TABLES[:2]:
        for key, kind in _table(heading, intro):
            if kind != REQUIRED:
                continue
            for mapping in data["wijken"] if cls is model.Wijk else [data]:
                *blocks, name = key.split(".")
                for block in blocks:
                    mapping = mapping.get(block)
                    if mapping is None:  # an optional block that is not there
                        break
                else:
                    assert name in mapping, f"wijk init writes no {key}"


def test_the_docs_cite_only_documents_in_the_repository() -> None:
    """Every `*.md` a document names (README, CONTRIBUTING, CHANGELOG, docs/, benchmarks/) is
    a file of the repository: a reader can open what the docs point to."""
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files", "*.md"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    names = {Path(p).name for p in tracked} | set(tracked)
    docs = ["README.md", "CONTRIBUTING.md", "CHANGELOG.md", "benchmarks/README.md",
            *(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))]  # fmt: skip
    cited = {
        (doc, name)
        for doc in docs
        for name in re.findall(r"[\w./-]*\w\.md\b", (REPO / doc).read_text(encoding="utf-8"))
    }
    missing = sorted((doc, n) for doc, n in cited if n not in names and Path(n).name not in names)
    assert missing == []
