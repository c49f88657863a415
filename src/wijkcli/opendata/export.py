"""`wijk export`: one meeting in one open standard, as text (deterministic: the same files give
the same bytes)."""

from __future__ import annotations

from typing import Literal

from wijkcli.dataset import Meeting

Standaard = Literal["oslo", "popolo", "360giving"]
SUFFIX = {"oslo": ".jsonld", "popolo": ".popolo.json", "360giving": ".360giving.json"}


def export_text(meeting: Meeting, standaard: Standaard, turtle: bool = False) -> str:
    """The export of `meeting` (raises `NoMinutesError` without minutes)."""
    from wijkcli.opendata.facts import facts

    f = facts(meeting)
    if standaard == "popolo":
        from wijkcli.opendata.popolo import popolo_text

        return popolo_text(f)
    if standaard == "360giving":
        from wijkcli.opendata.giving import package_text

        return package_text(f)
    from wijkcli.opendata import oslo

    return oslo.turtle(f) if turtle else oslo.jsonld(f)


def filename(meeting: Meeting, standaard: Standaard, turtle: bool = False) -> str:
    suffix = ".ttl" if turtle and standaard == "oslo" else SUFFIX[standaard]
    return f"{meeting.ronde_id}-{meeting.gebied_id}{suffix}"
