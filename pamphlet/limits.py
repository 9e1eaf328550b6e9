"""Bounded work: building one title may take at most TIME_LIMIT seconds and MEMORY_LIMIT
megabytes of memory. A title over either is stopped with one line naming the file being read
and the stage, the previous outputs left as they were.

The flagship takes about 2 s and 120 MB; the limits are far above any real pamphlet and
stop a hostile or broken one (a source that sends a parser into a long loop, a template
that builds a huge text) before it hangs the machine. PAMPHLET_TIME_LIMIT (seconds) and
PAMPHLET_MEMORY_LIMIT (megabytes) change them.

The time limit is a timer whose signal stops the build at the next step of Python code; the
memory limit is the data size the system lets the process have (RLIMIT_DATA), so an
allocation beyond it fails with MemoryError. A forked child (the screen PDF) inherits the
memory limit and is stopped with its parent.
"""

from __future__ import annotations

import os
import resource
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from pamphlet.errors import SourceError

TIME_LIMIT = 300.0
MEMORY_LIMIT = 2048  # megabytes
_reading: list[Path] = []  # the file the build is reading now, innermost last


class TimeLimit(BaseException):
    """Raised by the timer's signal. A BaseException, so that no library's `except
    Exception` swallows it on the way out."""


def _setting(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        number = float(value) if value else default
    except ValueError:
        number = -1
    if not number > 0:
        raise SourceError(name, None, f'"{value}" is not a positive number', f"unset {name}")
    return number


@dataclass
class Bounds:
    """The limits set for one title's build, and what to restore afterwards."""

    seconds: float
    megabytes: float
    memory_before: tuple[int, int] | None = None
    handler_before: Callable[[int, FrameType | None], Any] | int | None = None
    timed: bool = False

    def stop(self) -> None:
        """Lift the limits (the build of the title is over)."""
        if self.timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.handler_before or signal.SIG_DFL)
        if self.memory_before is not None:
            resource.setrlimit(resource.RLIMIT_DATA, self.memory_before)


def start() -> Bounds:
    """Set the time and memory limits for building one title."""
    bounds = Bounds(
        _setting("PAMPHLET_TIME_LIMIT", TIME_LIMIT), _setting("PAMPHLET_MEMORY_LIMIT", MEMORY_LIMIT)
    )
    from pamphlet.timing import forget_failed_stages

    _reading.clear()
    forget_failed_stages()
    if threading.current_thread() is threading.main_thread():
        bounds.handler_before = signal.signal(signal.SIGALRM, _out_of_time)
        signal.setitimer(signal.ITIMER_REAL, bounds.seconds)
        bounds.timed = True
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    wanted = int(bounds.megabytes * 1024 * 1024)
    if hard == resource.RLIM_INFINITY or wanted <= hard:
        bounds.memory_before = (soft, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (wanted, hard))
    return bounds


def _out_of_time(number: int, frame: object) -> None:
    raise TimeLimit()


class reading:
    """`with reading(path):` — the build is reading `path` (named if a limit is reached)."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> None:
        _reading.append(self.path)

    def __exit__(self, kind: type | None, *exc: object) -> None:
        if kind is None and _reading and _reading[-1] is self.path:
            _reading.pop()  # kept when an error stops the reading: the error names it


def exceeded(bounds: Bounds, title: Path, templates: Path, error: BaseException) -> SourceError:
    """The one-line error for a title over a limit: the workspace template or the file being
    read (else the title's manifest), and the stage."""
    import traceback

    from pamphlet.timing import current_stage

    frames = [Path(frame.filename) for frame in traceback.extract_tb(error.__traceback__)]
    in_templates = [frame for frame in frames if frame.is_relative_to(templates)]
    where = in_templates[-1] if in_templates else _reading[-1] if _reading else title
    doing = current_stage()
    while_ = f" (stopped while: {doing})" if doing else ""
    if isinstance(error, TimeLimit):
        what = f"building the title took more than {bounds.seconds:g} s{while_}"
        setting = "PAMPHLET_TIME_LIMIT"
    else:
        what = f"building the title needed more than {bounds.megabytes:g} MB of memory{while_}"
        setting = "PAMPHLET_MEMORY_LIMIT"
    return SourceError(
        where,
        None,
        what,
        f"look for what makes this file so costly (deep nesting, a huge image, a template "
        f"loop); if it is right, raise {setting}",
    )
