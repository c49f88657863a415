"""Open data: a round's meeting in the open standards, and the recount of such an export.

`export` writes one gebied's part of one round as OSLO besluit-publicatie (JSON-LD or Turtle),
as Popolo JSON or as a 360Giving package; `verifieer` reads an OSLO or Popolo export back and
recounts every outcome from it alone (no YAML). The mapping, what each standard cannot say, and
how the recount works: docs/opendata.md.
"""
