"""A process's memory from /proc: no dependencies, so the gsheets peer's venv can use it too."""

from __future__ import annotations

import resource
from pathlib import Path


def rss_mb(pid: int | str = "self", field_name: str = "VmRSS") -> float:
    """VmRSS (now) or VmHWM (peak) of a process, in MB; 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM).

    Not ru_maxrss: Linux carries the parent's resident size at the fork into a
    child's ru_maxrss across exec, so a scenario started by a parent holding the
    size-L tables (half a gigabyte) reported the parent's memory, not its own.
    """
    peak = rss_mb("self", "VmHWM")
    return peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
