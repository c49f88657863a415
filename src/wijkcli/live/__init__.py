"""`wijk vergadering`: the meeting, live, in the terminal (issue 28).

`store` reads and writes the one minutes file as a round trip, `state` is what may be entered
(pure: refused input gets the words of `wijk check`, the outcome is the tally's), `app` is the
Textual screen. Only `cli/vergadering.py` imports `app` (and so Textual), inside the command.
"""
