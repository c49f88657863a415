"""HTML: every HTML document wijkcli renders passes the real Nu HTML Checker (npm `vnu-jar`,
the checker behind validator.w3.org) with 0 errors: the advice letter, the published wijkplan,
the scoring evening's advice, the city overview (`wijk stad`), and the newsletter fragment inside a minimal page (the fragment
goes into a mail program's page; its table attributes are warnings, kept for mail clients)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.clients import REPO, missing, npm_file
from tests.helpers import AANVRAAG, edit
from wijkcli.cli.app import app

PAGE = (
    '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    "<title>Nieuwsbrief</title>\n</head>\n<body>\n{}</body>\n</html>\n"
)

pytestmark = pytest.mark.clients


def vnu(files: list[Path]) -> list[dict[str, object]]:
    """The Nu HTML Checker's messages for `files` (one Java run for all)."""
    jar = npm_file("vnu-jar/build/dist/vnu.jar", "vnu-jar (Nu HTML Checker)")
    java = shutil.which("java")
    if java is None:
        missing("java", "apt-get install default-jre-headless")
    assert java is not None
    done = subprocess.run(
        [java, "-jar", str(jar), "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages: list[dict[str, object]] = json.loads(done.stderr)["messages"]
    return messages


def _stad_file(repo: Path, out: Path) -> Path:
    """A STAD.yaml with `repo` as its one repository (`wijk stad`)."""
    stad = out.parent / f"stad-{repo.name}.yaml"
    stad.write_text(f"stad: Voorbeeld\nrepositories:\n  - naam: szh\n    pad: {repo}\n", "utf-8")
    return stad


def render_all(repo: Path, out: Path, runner: CliRunner) -> list[Path]:
    """Every HTML document of `repo`, written to `out` by the real commands."""
    out.mkdir()
    data = ["--data", str(repo)]
    result = runner.invoke(
        app, ["advies", "ronde-2017-2", "--format", "html", "--uit", str(out), *data]
    )
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("advies-*.html"))
    for name, args in {
        "plan.html": ["plan", "szh", "2017", "--format", "html"],
        "jaarverslag.html": ["jaarverslag", "szh", "2017", "--format", "html"],
        "beoordeling.html": ["beoordeling", "sbi-aanbesteding-2016", "--format", "html"],
        "nieuwsbrief.html": ["nieuwsbrief", "ronde-2017-2", "--format", "html"],
        "stad.html": [
            "stad",
            str(_stad_file(repo, out)),
            "--datum",
            "2019-01-01",
            "--format",
            "html",
        ],
    }.items():
        result = runner.invoke(app, [*args, *data] if name != "stad.html" else args)
        assert result.exit_code == 0, result.output
        text = result.stdout
        if name == "nieuwsbrief.html":
            assert not text.lstrip().lower().startswith("<!doctype")  # a fragment
            text = PAGE.format(text)
        (out / name).write_text(text, encoding="utf-8")
        documents.append(out / name)
    return documents


@pytest.fixture(scope="module")
def checked(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[Path], list[dict[str, object]]]:
    """The documents of the example, and of a copy whose texts need escaping (`<`, `&`, `"`)."""
    tmp_path = tmp_path_factory.mktemp("html")
    runner = CliRunner()
    tricky = tmp_path / "tricky"
    shutil.copytree(REPO / "data", tricky / "data")
    edit(
        tricky,
        AANVRAAG,
        "titel: Huiskamer De Koperhorst",
        'titel: Huiskamer <De "Koperhorst"> & co',
    )
    docs = render_all(REPO, tmp_path / "voorbeeld", runner)
    docs += render_all(tricky, tmp_path / "lastig", runner)
    letter = (tmp_path / "lastig" / "advies-ronde-2017-2-szh.html").read_text(encoding="utf-8")
    assert "Huiskamer &lt;De „Koperhorst”&gt; &amp; co" in letter  # typographic quotes
    return docs, vnu(docs)


def test_every_html_document_has_no_errors(
    checked: tuple[list[Path], list[dict[str, object]]],
) -> None:
    docs, messages = checked
    assert [d.name for d in docs] == [
        "advies-ronde-2017-2-szh.html", "plan.html", "jaarverslag.html", "beoordeling.html",
        "nieuwsbrief.html", "stad.html",
    ] * 2  # fmt: skip
    errors = [
        (Path(str(m["url"])).name, m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] != "info"
    ]
    assert errors == []


def test_only_the_newsletter_fragment_has_warnings(
    checked: tuple[list[Path], list[dict[str, object]]],
) -> None:
    """The full documents are clean; the fragment's warnings are the mail-client table
    attributes (`width`, `cellpadding`, `cellspacing`, `border`) and its h2 without an h1 (the
    mail program's page has the h1)."""
    _, messages = checked
    warned = sorted({(Path(str(m["url"])).name, str(m["message"])[:30]) for m in messages})
    assert warned == [
        ("nieuwsbrief.html", "The “border” attribute on the "),
        ("nieuwsbrief.html", "The “cellpadding” attribute on"),
        ("nieuwsbrief.html", "The “cellspacing” attribute on"),
        ("nieuwsbrief.html", "The “width” attribute on the “"),
        ("nieuwsbrief.html", "This document has heading elem"),
    ]
