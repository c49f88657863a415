"""pytest in benchmarks/: the repository root on the path, so that the shared-file tests can
use the helpers of tests/ (pabutools cross-checks)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
