"""The problem codes of `wijk stad` (explained for `wijk check --uitleg CODE`)."""

from wijkcli.problems import register_code

register_code(
    "source-unavailable",
    "Repository niet te lezen",
    "wijk stad kon een repository uit STAD.yaml niet lezen: de map bij 'pad' bestaat niet of "
    "heeft geen data/, of git kon het adres bij 'git' niet ophalen (de melding zegt wat git "
    "antwoordde). Controleer het pad (ten opzichte van de map van STAD.yaml) of het adres en "
    "de tak.",
    fout="pad: ../wijk-noord   # die map bestaat niet",
    goed="pad: ../wijkdata-noord",
)
