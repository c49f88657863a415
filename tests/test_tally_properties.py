"""Properties of the tally on the example: order never matters, the budget always holds."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wijkcli.count.ledger import tally
from wijkcli.model import Regels, Stemmen

RONDE = "ronde-2017-2"


def _outcome(dataset):  # type: ignore[no-untyped-def]
    g = tally(dataset.meeting(RONDE, "szh"))
    return (
        g.geadviseerd,
        g.over,
        tuple(
            sorted(
                (
                    i.aanvraag_id,
                    i.advies,
                    i.bedrag,
                    tuple(sorted(i.uren.items())),
                    i.voor,
                    i.tegen,
                    i.onthouding,
                    i.recused,
                )
                for i in g.items
            )
        ),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_order_of_files_and_names_never_changes_the_result(example_dataset, data) -> None:  # type: ignore[no-untyped-def]
    expected = _outcome(example_dataset)
    ds = copy.copy(example_dataset)
    ds.rondes = dict(example_dataset.rondes)
    r = copy.copy(ds.rondes[RONDE])
    ds.rondes[RONDE] = r
    # Files are read in another order.
    keys = data.draw(st.permutations(sorted(r.aanvragen)))
    r.aanvragen = {k: r.aanvragen[k] for k in keys}
    # Names in every list of the minutes are written in another order.
    v = r.vergaderingen["szh"]
    besluiten = {}
    for aid, b in v.besluiten.items():
        lists = {}
        for kind in ("voor", "tegen", "onthouding"):
            value = getattr(b.stemmen, kind)
            lists[kind] = data.draw(st.permutations(value)) if isinstance(value, list) else value
        besluiten[aid] = b.model_copy(update={"stemmen": Stemmen(**lists)})
    aanwezig = data.draw(st.permutations(v.aanwezig))
    r.vergaderingen = {"szh": v.model_copy(update={"besluiten": besluiten, "aanwezig": aanwezig})}
    assert _outcome(ds) == expected


@pytest.mark.slow
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    budget=st.integers(0, 30_000),
    cents=st.integers(0, 99),
    rule=st.sampled_from(["steun-overslaan", "steun-stoppen", "gelijke-delen"]),
)
def test_after_ranking_the_advice_never_exceeds_the_budget(
    example_dataset,
    budget: int,
    cents: int,
    rule: str,  # type: ignore[no-untyped-def]
) -> None:
    ds = copy.copy(example_dataset)
    ds.rondes = dict(example_dataset.rondes)
    r = copy.copy(ds.rondes[RONDE])
    ds.rondes[RONDE] = r
    amount = Decimal(budget) + Decimal(cents) / 100
    r.ronde = r.ronde.model_copy(
        update={"budget": {"szh": amount}, "regels": Regels(toewijzing=rule)}  # type: ignore[arg-type]
    )
    g = tally(ds.meeting(RONDE, "szh"))
    assert g.geadviseerd <= g.beschikbaar
    assert g.over == g.beschikbaar - g.geadviseerd
    adopted = {i.aanvraag_id for i in g.items if i.adopted and i.voorstel_bedrag > 0}
    funded = {i.aanvraag_id for i in g.items if i.bedrag > 0}
    assert funded <= adopted
