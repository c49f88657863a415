"""Document stage: one module per document or table, named as its command (`advies`, `agenda`,
`notulen`, `nieuwsbrief`, `plan`, `jaarverslag`, `voortgang`, `tally`, `uren`, `verschil`,
`pb_export`, `check` for the problem report), plus `registry` (the documents and the one path to
every format), `wording` (what several documents say alike), `render` (Jinja, `templates/`) and
`output` (writing files safely). Contexts are built from a loaded dataset and the counts;
nothing here reads data files or knows the command line."""
