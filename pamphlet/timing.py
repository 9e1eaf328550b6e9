"""Where a build spends its time: named stages, summed per run, written as JSON to the file
named by PAMPHLET_TIMINGS (the benchmark reads it; builds without it record nothing)."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager

_totals: dict[str, float] = {}


@contextmanager
def stage(name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        _totals[name] = _totals.get(name, 0.0) + time.perf_counter() - started


def write_report() -> None:
    """Add this process's stage times to the PAMPHLET_TIMINGS file, if one is asked for."""
    path = os.environ.get("PAMPHLET_TIMINGS")
    if not path or not _totals:
        return
    try:
        with open(path, encoding="utf-8") as handle:
            totals = json.load(handle)
    except (OSError, ValueError):
        totals = {}
    for name, seconds in _totals.items():
        totals[name] = round(totals.get(name, 0.0) + seconds, 4)
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(totals, handle, indent=1)
    _totals.clear()


def add_time(name: str, seconds: float) -> None:
    """Count `seconds` spent in stage `name` that was not timed as one block."""
    _totals[name] = _totals.get(name, 0.0) + seconds
