"""Publish stage: `wijk publiceer`, a static site of one data repository.

`site.build_site(dataset, versie=...)` returns every file of the site as {relative path: bytes}
(deterministic: no clock, sorted, relative links only); `feeds.py` makes the Atom feed and the
iCalendar file of a gebied. What is published and what not is docs/publiceren.md.
"""
