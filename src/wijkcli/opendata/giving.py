"""The grants of a meeting as a 360Giving data package (https://standard.threesixtygiving.org):
one grant per application the Bewonersteam advised to fund and Indebuurt033 awarded (its
decision in `voortgang/<aanvraag>.yaml`), with the amount asked, the amount advised in the
description and the amount awarded.

Applicants who are a resident or a group of residents are anonymised as 360Giving's guidance
for grants to individuals asks: `recipientIndividual` with a generic name and an id that names
only the application, never a person; organisations by name. No contact data.
"""

from __future__ import annotations

from typing import Any

from wijkcli.opendata.facts import Facts
from wijkcli.problems import WijkcliError
from wijkcli.text import format_money

PREFIX = "360G-wijkcli"
"""A placeholder prefix: a publisher registers its own with 360Giving (docs/opendata.md)."""


def package(f: Facts) -> dict[str, Any]:
    """The package (raises `WijkcliError` when nothing was awarded yet: a package has at least
    one grant)."""
    m = f.meeting
    g = m.gebied.info
    grants = []
    for item in f.items:
        r = item.result
        voortgang = m.ronde.voortgang.get(r.aanvraag_id)
        aanvraag = m.ronde.aanvragen.get(r.aanvraag_id)
        if r.bedrag <= 0 or voortgang is None or aanvraag is None:
            continue
        besluit = voortgang.besluit
        if besluit.bedrag <= 0:
            continue
        gid = f"{PREFIX}-{m.gebied_id}-{m.ronde_id}-{r.aanvraag_id}"
        grant: dict[str, Any] = {
            "id": gid,
            "title": f"{item.nummer} {item.titel}",
            "description": (
                f"{m.info.naam}, {g.bewonersteam.naam}: geadviseerd {format_money(r.bedrag)} "
                f"({r.advies}), toegekend door Indebuurt033 op {besluit.datum.isoformat()}"
            ),
            "currency": "EUR",
            "amountAppliedFor": aanvraag.bedrag,
            "amountAwarded": besluit.bedrag,
            "awardDate": besluit.datum.isoformat(),
        }
        if aanvraag.aanvrager.soort == "organisatie":
            grant["recipientOrganization"] = [
                {"id": f"{PREFIX}-org-{r.aanvraag_id}", "name": aanvraag.aanvrager.naam}
            ]
        else:
            grant["recipientIndividual"] = {
                "id": f"{PREFIX}-IND-{m.ronde_id}-{r.aanvraag_id}",
                "name": "Individual Recipient",
            }
        grant["beneficiaryLocation"] = [
            {"name": w.naam, "countryCode": "NL"} for w in g.wijken if w.id in aanvraag.wijken
        ]
        grant["fundingOrganization"] = [{"id": f"{PREFIX}-indebuurt033", "name": "Indebuurt033"}]
        regeling = m.info.regeling.naam if m.info.regeling is not None else None
        grant["grantProgramme"] = [{"title": regeling or m.info.naam}]
        grants.append(grant)
    if not grants:
        raise WijkcliError(
            f"{m.ronde_id} heeft voor '{m.gebied_id}' nog geen door Indebuurt033 toegekende "
            "aanvragen (voortgang/<aanvraag>.yaml met besluit): een 360Giving-pakket heeft er "
            "minstens één"
        )
    return {
        "version": "1.4",
        "title": f"{m.info.naam}, {g.bewonersteam.naam}",
        "issued": m.minutes().datum.isoformat(),
        "publisher": {"name": g.bewonersteam.naam},
        "grants": grants,
    }


def package_text(f: Facts) -> str:
    from wijkcli.opendata.jsontext import dumps

    return dumps(package(f)) + "\n"
