"""A memory bound for the Equal Shares rules: a run that would need more stops with a Dutch
message naming the bound, instead of `MemoryError` (exit 3) or the system's OOM killer.

Equal Shares keeps supporter tables and exact payments whose size grows with the ballots
(the approvals), with a constant of about a kilobyte per approval in the worst case; the
tables of earlier rounds are freed as it goes (``mes._MES._shed``). The bound is
``MEMORY_BASE`` plus ``MEMORY_PER_APPROVAL`` per approval, at most ``MEMORY_MAX`` and at most
three quarters of the machine's memory, on top of what the process already uses. It is set
as the address-space limit (``RLIMIT_AS``) while the rule runs, and restored afterwards.
Only on Linux (elsewhere ``RLIMIT_AS`` is not kept, or there is no ``resource``): there the
rule runs without it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

MEMORY_BASE = 512 << 20
MEMORY_PER_APPROVAL = 1024
MEMORY_MAX = 4 << 30


def memory_bound(approvals: int) -> int:
    """The most memory (bytes) a rule may add for an election with `approvals` approvals."""
    bound = min(MEMORY_BASE + MEMORY_PER_APPROVAL * approvals, MEMORY_MAX)
    with contextlib.suppress(ValueError, OSError, AttributeError):
        bound = min(bound, os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 3 // 4)
    return bound


def _address_space() -> int | None:
    """The process's virtual memory size now (bytes), or None when unknown."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _dutch(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@contextlib.contextmanager
def bounded_memory(approvals: int) -> Iterator[None]:
    """Run the body within `memory_bound(approvals)` more memory.

    Raises:
        ValueError: (Dutch) the body needed more; names the bound.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    import resource

    used = _address_space()
    if used is None:
        yield
        return
    bound = memory_bound(approvals)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    new = used + bound
    if hard != resource.RLIM_INFINITY:
        new = min(new, hard)
    if soft != resource.RLIM_INFINITY:
        new = min(new, soft)
    resource.setrlimit(resource.RLIMIT_AS, (new, hard))
    failed = False
    try:
        yield
    except MemoryError:
        failed = True  # the run's memory is freed as the handler ends
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    if failed:
        raise ValueError(
            f"de verdeling heeft meer dan {_dutch(bound >> 20)} MB geheugen nodig, de grens "
            f"voor deze stemming ({MEMORY_BASE >> 20} MB plus {MEMORY_PER_APPROVAL} bytes per "
            f"stem op een project, {_dutch(approvals)} stemmen; hoogstens {MEMORY_MAX >> 30} GB "
            "of driekwart van het geheugen van deze computer); kies een regel als greedy, of "
            "verdeel de stemming in delen"
        )
