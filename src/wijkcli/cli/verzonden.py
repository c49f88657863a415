"""`wijk advies RONDE --verzonden DATUM` and `--herzien REDEN`: record that the letter was sent,
or a correction of a sent letter. Glue only: the record's text is built in `wijkcli.nieuw`, the
figures come from the ledger, the check runs after writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from wijkcli.cli.common import err


def record(data: Path, ronde: str, gebied: str | None, verzonden: date | None,
           herzien: str | None, datum: date | None) -> None:  # fmt: skip
    """Write verzonden-<gebied>.yaml (a new file) or add a herziening to it.

    Raises:
        UsageMistake: both options, a herziening of a letter not sent, a second `--verzonden`,
            a date before the meeting, or a reason that is no valid text.
        DataProblemsError: the data has errors (nothing is recorded then).
    """
    import os
    import tempfile

    from pydantic import ValidationError

    from wijkcli.count.ledger import Ledger
    from wijkcli.model import Herziening
    from wijkcli.nieuw import herziening_text, verzonden_text, write_new
    from wijkcli.pipeline import load_clean
    from wijkcli.problems import UsageMistake
    from wijkcli.text import format_date

    if verzonden is not None and herzien is not None:
        raise UsageMistake("geef --verzonden of --herzien, niet allebei")
    # A herziening is the way out of `sent-advice-changed`: that error must not block it.
    allow = frozenset({"sent-advice-changed"}) if herzien is not None else frozenset()
    dataset, _ = load_clean(data, allow, ronde=ronde)
    meeting = dataset.meeting(ronde, gebied)
    v = meeting.minutes()
    if any(b.unfinished for b in v.besluiten.values()):
        raise UsageMistake(f"de notulen van {ronde} zijn nog niet af; er is nog geen brief")
    path = dataset.root / "rondes" / ronde / f"verzonden-{meeting.gebied_id}.yaml"
    stand = Ledger.of(dataset).stand(meeting)
    when = verzonden if verzonden is not None else (datum or date.today())
    if when < v.datum:
        raise UsageMistake(
            f"{when.isoformat()} ligt vóór de vergadering van {format_date(v.datum)}"
        )
    if verzonden is not None:
        if meeting.verzonden is not None:
            raise UsageMistake(
                f"de brief van {ronde} is al verzonden op "
                f"{format_date(meeting.verzonden.verzonden)}; een ander advies is een "
                f"herziening: wijk advies {ronde} --herzien 'reden'"
            )
        write_new(path, verzonden_text(meeting, stand, verzonden))
        err(f"Vastgelegd: {path}")
        return
    assert herzien is not None
    if meeting.verzonden is None:
        raise UsageMistake(
            f"de brief van {ronde} is nog niet verzonden; leg dat eerst vast met "
            f"wijk advies {ronde} --verzonden JJJJ-MM-DD"
        )
    if stand == meeting.verzonden.geldend.model_copy():
        raise UsageMistake(
            "de cijfers zijn gelijk aan die van de verzonden brief: er is niets te herzien"
        )
    try:
        Herziening.model_validate({**stand.model_dump(), "datum": when, "reden": herzien})
    except ValidationError:
        raise UsageMistake(
            "de reden van de herziening is geen geldige tekst (leeg, of met stuurtekens)"
        ) from None
    text = herziening_text(path.read_text(encoding="utf-8"), stand, when, herzien)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".verzonden-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    err(f"Herziening vastgelegd: {path}")
