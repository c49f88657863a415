"""Read stage: find the files under data/ (`tree`), read each one strictly with a
file:line:column for every value (`yamlread`), the data's git version (`git`) and the
content-keyed cache of per-file results (`cache`). Nothing here knows the models."""
