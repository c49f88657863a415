"""wijkcli: the decisions of a Bewonersteam kept in plain files."""

__version__ = "0.1.0"
