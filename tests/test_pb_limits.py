"""`wijk pb verdeel` refuses a file of any size beyond the bound (#20 item 14): a Dutch
message, exit 1, without reading it whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from wijkcli.allocate.pabulib import PabulibError, read_pb

PARENT = (
    "import json, resource, subprocess, sys\n"
    "r = subprocess.run([sys.executable, '-m', 'wijkcli', 'pb', 'verdeel', sys.argv[1]],"
    " capture_output=True, text=True, timeout=60)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps([r.returncode, r.stdout, r.stderr, peak]))\n"
)


@pytest.mark.slow
def test_a_huge_sparse_file_is_refused_by_its_size(tmp_path: Path) -> None:
    """1 GB (sparse): refused at once; the process stays small (peak measured by a parent of
    its own)."""
    big = tmp_path / "groot.pb"
    with open(big, "wb") as fh:
        fh.truncate(1_000_000_000)
    done = subprocess.run(
        [sys.executable, "-c", PARENT, str(big)], capture_output=True, text=True, timeout=90,
        check=True,
    )  # fmt: skip
    code, out, err, peak_kb = json.loads(done.stdout)
    assert (code, out) == (1, "")
    assert err == (
        f"wijk: {big}: het bestand is te groot (1.000.000.000 bytes; de grens is 32.000.000 "
        "bytes); geen pabulib-stemming komt in de buurt\n"
    )
    assert peak_kb < 200_000  # kilobytes


def test_a_pipe_is_read_up_to_the_bound_plus_one_byte() -> None:
    """From a pipe (no size to go by: `wijk pb verdeel <(zcat x.pb.gz)`) at most the bound
    + 1 byte is read, then the file is refused."""
    limit = 10_000
    read_fd, write_fd = os.pipe()
    written = [0]

    def writer() -> None:
        try:
            while written[0] < 10 * limit:
                written[0] += os.write(write_fd, b"x" * 1000)
        except BrokenPipeError:
            pass
        finally:
            os.close(write_fd)

    t = threading.Thread(target=writer)
    t.start()
    path = f"/dev/fd/{read_fd}"
    with pytest.raises(PabulibError) as caught:
        read_pb(path, limit=limit)
    os.close(read_fd)
    t.join(timeout=10)
    assert str(caught.value) == (
        f"{path}: het bestand is te groot (meer dan 10.000 bytes; de grens is 10.000 bytes); "
        "geen pabulib-stemming komt in de buurt"
    )
