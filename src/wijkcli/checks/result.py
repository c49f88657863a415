"""Check stage, the count: problems that show only once the votes are counted (the check
needs the count, so data without errors): a round whose adopted advice does not fit its
budget, and professionals' hours overrun. The codes are the count stage's
(`wijkcli.count.codes`)."""

from __future__ import annotations

from collections.abc import Iterator

from wijkcli.checks.registry import COUNT, check
from wijkcli.count.ledger import Ledger
from wijkcli.count.uren import hours_problems
from wijkcli.dataset import Dataset
from wijkcli.problems import Problem


@check("negative-budget", "over-budget", "allocation-impossible", needs=[COUNT])
def check_budget(dataset: Dataset) -> Iterator[Problem]:
    """Wat een gebied in een ronde heeft is niet negatief, de aangenomen voorstellen vragen
    samen niet meer dan dat (of de regel van de ronde bepaalt wat past), en de gekozen
    toewijzing kan met deze gegevens."""
    # The ledger is kept with the dataset: the documents of this run reuse every tally.
    ledger = Ledger.of(dataset)
    for r in dataset.rondes.values():
        if r.ronde is None:
            continue
        meetings = [dataset.meeting_of(r, g) for g in sorted(r.ronde.budget)]
        yield from ledger.tally_ronde(meetings).problems


@check("hours-exceeded", "hours-asked-exceed", "hours-no-year", needs=[COUNT])
def check_hours(dataset: Dataset) -> Iterator[Problem]:
    """Een wijkplan of ronde claimt van een professional niet meer uren dan hij of zij in dat
    jaar heeft, en alleen uren van een jaar dat in leden.yaml staat."""
    yield from hours_problems(dataset)
