"""Run one piece of a build in a forked child process, on the other core.

The child starts with everything the parent has imported and laid out (WeasyPrint, fonts,
the parsed title), so it begins at once. It dies with its parent (PR_SET_PDEATHSIG), so a
killed build leaves no orphan writing into build/. Its result, or its error, comes back
pickled through a pipe.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Any

from pamphlet.errors import BuildError

PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


class Forked:
    """`work()` running in a child process; `result()` waits for it and returns its value
    or raises its exception (any exception that pickles; others become RuntimeError)."""

    def __init__(self, work: Callable[[], Any], before_exit: Callable[[], None] = lambda: None):
        reader, writer = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the child
            os.close(reader)
            die_with_parent()
            if os.getppid() != parent:  # the parent died before we could ask
                os._exit(1)
            status = 0
            try:
                outcome: tuple[str, Any] = ("value", work())
            except BaseException as error:  # everything goes back to the parent
                outcome, status = ("error", error), 1
            try:
                before_exit()
                data = pickle.dumps(outcome)
            except Exception as error:
                data = pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            os._exit(status)
        os.close(writer)
        self.reader = reader

    def result(self) -> Any:
        with os.fdopen(self.reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        if not data:
            how = f"was killed by signal {status & 0x7F}" if status & 0x7F else "ended"
            raise BuildError(
                None,
                None,
                f"a build process {how} without a result",
                "build again; if it happens again, the machine may be out of memory",
            )
        kind, value = pickle.loads(data)
        if kind == "error":
            raise value
        return value

    def cancel(self) -> None:
        """Stop the child (the parent failed) and reap it."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.reader)
