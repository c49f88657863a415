"""Load stage: the files under data/ read, validated and put together in a `Dataset`.

`walk` finds and reads the files (with the cache) and builds the dataset; `validate` turns one
file's YAML into its model and pydantic's errors into problems. Only the pipeline (and the
scaffolding of `wijk nieuw`, through it) runs the load job; every other stage works on the
`Dataset` of `wijkcli.dataset`.
"""

from __future__ import annotations

from wijkcli.load.walk import LoadResult, load_file, load_repo, load_tree

__all__ = ["LoadResult", "load_file", "load_repo", "load_tree"]
