"""The workspace's build lock: one build (or dist, preview, watch rebuild) at a time."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

from pamphlet.errors import BuildError
from pamphlet.workspace import Workspace


@contextmanager
def workspace_lock(workspace: Workspace, wait: bool = False) -> Iterator[None]:
    """Hold the workspace's build lock: fail at once saying another build has it, or with
    `wait`, wait for it. The holder first tidies what a killed build may have left (see
    output.clean_leftovers).

    The lock is `build/.lock`, held with flock (released by the system if the process dies)
    and removed on release, so a build that changes nothing leaves build/ as it was."""
    from pamphlet.output import check_build_folder, clean_leftovers

    check_build_folder(workspace.build, workspace.slugs())
    created = not workspace.build.exists()
    workspace.build.mkdir(parents=True, exist_ok=True)
    path = workspace.build / ".lock"
    handle = _take_lock(path, wait)
    check_build_folder(workspace.build, workspace.slugs())  # as the last holder left it
    try:
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        clean_leftovers(workspace.build)
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()  # releases the flock
        if created:
            with suppress(OSError):
                workspace.build.rmdir()  # only if nothing was built


def _take_lock(path: Path, wait: bool = False) -> TextIO:
    """The lock file, opened and flocked; the file at `path` may have been removed by the
    previous holder between our open and our flock: then try again."""
    while True:
        # O_NOFOLLOW: a link planted at build/.lock must not have its target overwritten
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o666)
        handle = open(descriptor, "a+")  # noqa: SIM115 (held until the build ends)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise BuildError(
                path,
                None,
                f"another build is running in this workspace ({holder})",
                "wait for it to finish, then build again",
            ) from None
        with suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                handle.truncate(0)
                return handle
        handle.close()
