"""Document stage: one module per document or table, named as its command (`advies`, `plan`,
`nieuwsbrief`, `tally`, `uren`, `verschil`, `pb_export`, `check` for the problem report), plus
`render` (Jinja, `templates/`) and `output` (writing files safely). Contexts are built from a
loaded dataset and the counts; nothing here reads data files or knows the command line."""
