"""Generate a large pabulib ``.pb`` approval election for the memory benchmark of
``wijk pb verdeel`` (issue 32, item 3): a file just under the size bound (32,000,000 bytes).

Run with ``uv run python benchmarks/generate_pb.py OUT.pb [--mb 30] [--vorm stad|breed]
[--seed 1]``. Seeded: the same arguments give the same bytes. The output is not committed
(30 MB); generate it where the benchmark runs.

Shapes:

``stad``
    Like Warsaw 2026 at ten times the voters: 300 projects with Zipf-like popularity, ballots
    of 1-5 projects. Realistic: many voters share the popular projects.
``breed``
    The worst case the tests found (a 6 MB file of this shape needed > 3.4 GB before #31.6):
    1,000 projects, ballots of 1-20 projects drawn uniformly, so nearly every ballot is
    distinct and the supporter tables are as large as the ballots.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SHAPES = {
    # projects, shortest and longest ballot, Zipf exponent (0: uniform)
    "stad": (300, 1, 5, 1.0),
    "breed": (1000, 1, 20, 0.0),
}


def generate(size: int, shape: str, seed: int) -> bytes:
    """A ``.pb`` file of at most ``size`` bytes (and within 1 kB of it)."""
    n_projects, shortest, longest, zipf = SHAPES[shape]
    rnd = random.Random(seed)
    ids = [str(1000 + i) for i in range(n_projects)]
    costs = [rnd.randint(20, 5000) * 1000 for _ in ids]
    weights = [1 / (i + 1) ** zipf for i in range(n_projects)]
    votes = dict.fromkeys(ids, 0)
    lines: list[str] = []
    used = 2000  # room for META and PROJECTS, fixed below
    voter = 0
    while True:
        k = rnd.randint(shortest, longest)
        chosen: set[str] = set()
        while len(chosen) < k:
            chosen.update(rnd.choices(ids, weights, k=k - len(chosen)))
        voter += 1
        line = f"{voter};{','.join(sorted(chosen, key=int))}\n"
        if used + len(line) > size - 40 * n_projects:
            break
        used += len(line)
        lines.append(line)
        for pid in chosen:
            votes[pid] += 1
    budget = sum(costs) // 5
    head = [
        "META",
        "key;value",
        f"description;Gegenereerd ({shape}, seed {seed})",
        "country;Nederland",
        "unit;Benchmark",
        f"instance;{shape}-{seed}",
        f"num_projects;{n_projects}",
        f"num_votes;{len(lines)}",
        f"budget;{budget}",
        "vote_type;approval",
        "rule;greedy",
        "PROJECTS",
        "project_id;cost;votes",
    ]
    head += [f"{pid};{cost};{votes[pid]}" for pid, cost in zip(ids, costs, strict=True)]
    head += ["VOTES", "voter_id;vote"]
    data = ("\n".join(head) + "\n" + "".join(lines)).encode("utf-8")
    assert len(data) <= size, len(data)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--mb", type=float, default=30.0, help="size in 1,000,000 bytes")
    parser.add_argument("--vorm", choices=sorted(SHAPES), default="stad")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    data = generate(int(args.mb * 1_000_000), args.vorm, args.seed)
    args.out.write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
