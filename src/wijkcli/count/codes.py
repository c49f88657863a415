"""Count stage, the codes: every problem code the count stage emits, registered with its
explanation (`wijk check --uitleg CODE`): the budget fit of a round's tally (`tally`) and the
professionals' hours (`uren`). They show only once the votes are counted
(`wijkcli.checks.result`)."""

from __future__ import annotations

from wijkcli.problems import CODES, Severity, register_code

register_code(
    "negative-budget",
    "Minder dan niets te verdelen",
    "Wat het gebied in deze ronde heeft (budget plus wat eerdere rondes van het jaar "
    "overhielden of terugkregen) is negatief: Indebuurt033 kende in een eerdere ronde meer "
    "toe dan er was (een voortgangsbestand met een hoger bedrag dan het advies en een "
    "reden). Kijk de bedragen onder besluit in die voortgangsbestanden na.",
    fout="besluit:\n  bedrag: 40000\n  reden: Extra.",
    goed="besluit:\n  bedrag: 6500",
)

register_code(
    "over-budget",
    "Meer aangenomen dan er geld is",
    "De aangenomen voorstellen vragen samen meer dan het gebied in deze ronde heeft (budget "
    "plus wat eerdere rondes van het jaar overhielden). Kies in ronde.yaml een regel die "
    "bepaalt wat past.",
    fout="regels: {}",
    goed="regels:\n  toewijzing: steun-overslaan",
)

register_code(
    "allocation-impossible",
    "Toewijzing kan niet",
    "De gekozen toewijzing kan met deze gegevens niet (gelijke delen heeft namen van "
    "stemmers nodig, dus een openbare stemming).",
    fout="stemming: geheim\nregels: {toewijzing: gelijke-delen}",
    goed="stemming: geheim\nregels: {toewijzing: steun-overslaan}",
)

register_code(
    "hours-exceeded",
    "Meer uren dan er zijn",
    "Het wijkplan (acties en pool) claimt meer uren dan een professional dat jaar heeft, of "
    "de aangenomen adviezen geven meer uren dan de ronde vrijmaakt. De melding wijst de "
    "claim aan die de grens overschrijdt.",
    fout="uren: {youssef-bakkali: 80}   # ronde maakt 60 vrij",
    goed="uren: {youssef-bakkali: 40}",
)

register_code(
    "hours-asked-exceed",
    "Meer uren gevraagd dan de ronde vrijmaakt",
    "Een waarschuwing vóór de vergadering: in de aanvragen staan in totaal meer uren van een "
    "professional dan de ronde vrijmaakt. Het voorstel van de voorzitter moet minder geven. "
    "De waarschuwing verdwijnt zodra de vergadering het oploste: de notulen hebben over elke "
    "aanvraag die uren van deze professional vraagt een besluit (voorstel en stemmen), en de "
    "geadviseerde uren passen samen in wat de ronde vrijmaakt (passen ze niet, dan is dat "
    "ook de fout hours-exceeded).",
    fout="uren: {youssef-bakkali: 80}   # ronde maakt 60 vrij",
    goed="(in het voorstel: uren: {youssef-bakkali: 40})",
    severity=Severity.WARNING,
)

register_code(
    "hours-no-year",
    "Geen uren voor dat jaar",
    "Het wijkplan claimt uren van een professional die voor dat jaar geen uren heeft in "
    "leden.yaml.",
    fout="uren: {2016: 720}",
    goed="uren: {2016: 720, 2017: 720}",
)

COUNT_CODES = tuple(code for code, u in CODES.items() if u.module == __name__)
"""The codes registered above."""
