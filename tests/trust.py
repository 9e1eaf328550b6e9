"""Helpers for the trust tests (reproducibility, atomic outputs, sandbox, broken titles,
fuzzing): which editions exist, what a folder holds byte for byte, a clock set to another
day."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

from pamphlet.registry import available_editions

FIGURES = Path(__file__).resolve().parent / "fixtures" / "figures"


def known_editions() -> list[str]:
    """Every edition of the registry whose module is written: new editions are covered by
    the trust tests as soon as they land."""
    return available_editions()


def edition_args() -> list[str]:
    return [arg for name in known_editions() for arg in ("--edition", name)]


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too) and its bytes."""
    if not folder.exists():
        return {}
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def quiet_env(**extra: str) -> dict[str, str]:
    """The environment for a build in a test: no SOURCE_DATE_EPOCH unless given."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


_SHIFTED_CLOCK = '''
"""Loaded by Python at start-up (PYTHONPATH): every clock reads PAMPHLET_CLOCK_SHIFT
seconds later than the real one. A build that read the clock would write other bytes."""
import datetime as _datetime
import os
import time as _time

SHIFT = float(os.environ["PAMPHLET_CLOCK_SHIFT"])
_real = {name: getattr(_time, name) for name in ("time", "time_ns", "localtime", "gmtime",
                                                  "ctime", "strftime")}
_time.time = lambda: _real["time"]() + SHIFT
_time.time_ns = lambda: _real["time_ns"]() + int(SHIFT * 1e9)
_time.localtime = lambda s=None: _real["localtime"](_time.time() if s is None else s)
_time.gmtime = lambda s=None: _real["gmtime"](_time.time() if s is None else s)
_time.ctime = lambda s=None: _real["ctime"](_time.time() if s is None else s)
_time.strftime = lambda f, t=None: _real["strftime"](f, _time.localtime() if t is None else t)


class _Like(type):
    def __instancecheck__(cls, instance):
        return isinstance(instance, cls.__mro__[1])


class date(_datetime.date, metaclass=_Like):
    @classmethod
    def today(cls):
        return _datetime.date.fromtimestamp(_time.time())


class datetime(_datetime.datetime, metaclass=_Like):
    @classmethod
    def now(cls, tz=None):
        return _datetime.datetime.fromtimestamp(_time.time(), tz)

    @classmethod
    def utcnow(cls):
        return _datetime.datetime.utcfromtimestamp(_time.time())

    @classmethod
    def today(cls):
        return cls.now()


_datetime.date = date
_datetime.datetime = datetime
'''


def shifted_clock(folder: Path, days: float) -> dict[str, str]:
    """Environment variables that make a Python process live `days` days from now."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(_SHIFTED_CLOCK))
    return {"PYTHONPATH": str(folder), "PAMPHLET_CLOCK_SHIFT": str(days * 86400)}


_KILL_AT_REPLACE = '''
"""Loaded by Python at start-up (PYTHONPATH): the process kills itself with SIGKILL just
before its PAMPHLET_KILL_AT_REPLACE-th os.replace, the step that puts a file in place."""
import os
import signal

_wanted = int(os.environ["PAMPHLET_KILL_AT_REPLACE"])
_seen = [0]
_replace = os.replace


def replace(*args, **kwargs):
    _seen[0] += 1
    if _seen[0] == _wanted:
        os.kill(os.getpid(), signal.SIGKILL)
    return _replace(*args, **kwargs)


os.replace = replace
'''


def killed_at_replace(folder: Path, number: int) -> dict[str, str]:
    """Environment variables that SIGKILL a Python process at its `number`-th rename."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(textwrap.dedent(_KILL_AT_REPLACE))
    return {"PYTHONPATH": str(folder), "PAMPHLET_KILL_AT_REPLACE": str(number)}
