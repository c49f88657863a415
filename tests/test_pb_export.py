"""`wijk pb export`: a round's votes as a pabulib file that the reader (and pabutools) accept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.helpers import RONDE, edit
from wijkcli.allocate.pabulib import parse_pb
from wijkcli.cli.app import app
from wijkcli.count.ledger import tally


def test_export_round_trips_with_the_tally(runner, example_repo: Path, example_dataset) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["pb", "export", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    pb = parse_pb(result.stdout)
    items = {i.aanvraag_id: i for i in tally(example_dataset.meeting("ronde-2017-2", "szh")).items}
    costs = {p.id: Decimal(p.cost) / 100 for p in pb.election.projects}
    # Only proposals that grant money are projects (A07's proposal was to reject).
    assert set(costs) == {a for a, i in items.items() if i.voorstel_bedrag > 0}
    assert costs["a05-chill-en-skill"] == Decimal("4000")  # the proposal, not the request
    approvals = {pid: sum(pid in b for b in pb.election.ballots) for pid in costs}
    assert approvals == {a: items[a].voor for a in costs}
    assert pb.selected == {a: int(items[a].bedrag > 0) for a in costs}
    assert pb.meta["rule"] == "greedy-custom"  # majority per item: no rule of the list
    assert Decimal(pb.election.budget) / 100 == Decimal("22000")
    # Voters are anonymous numbers.
    assert "joke-aldersveld" not in result.stdout and "Aldersveld" not in result.stdout


def test_export_is_readable_by_pabutools(runner, example_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pabutools.election import parse_pabulib

    out = tmp_path / "r.pb"
    result = runner.invoke(app, ["pb", "export", "ronde-2017-2", "--uit", str(out),
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 0, result.output
    instance, profile = parse_pabulib(str(out))
    assert len(instance) == 7 and len(profile) == 11


def test_secret_ballot_cannot_be_exported(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.documents.pb_export import ronde_to_pb
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(example_repo)
    r = dataset.rondes["ronde-2017-2"]
    r.ronde = r.ronde.model_copy(update={"stemming": "geheim"})
    import pytest

    from wijkcli.problems import WijkcliError

    with pytest.raises(WijkcliError, match="geheime stemming"):
        ronde_to_pb(dataset.meeting("ronde-2017-2", "szh"))
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    result = runner.invoke(app, ["pb", "export", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 1 and "Traceback" not in result.output
