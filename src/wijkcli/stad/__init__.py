"""The city view (`wijk stad STAD.yaml`): several gebied repositories, each checked by the
pipeline first, side by side in one overview (docs/stad.md).

A sibling of `wijkcli.nieuw` in the layers: it runs the pipeline (`pipeline.load_clean`) on
each repository, so it stands above it. `model` (STAD.yaml), `fetch` (git), `overview` (reading
the repositories and keeping their figures), `document` (the registered document `stad`, and
`stad_pagina` for the site builder), `codes` (its problem codes).
"""
