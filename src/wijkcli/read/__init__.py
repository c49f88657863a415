"""Read stage: find the files under data/ (`tree`), read each one strictly with a
file:line:column for every value (`yamlread`), and the data's git version (`git`). Nothing
here knows the models."""
