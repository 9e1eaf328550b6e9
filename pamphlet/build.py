"""The build pipeline for one title: manifest → document model → each edition → checksums.

Sources are parsed once; every edition reads the same `Document`. A workspace lock keeps two
builds from writing the same outputs at once.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.errors import BuildError, PamphletError, SourceError, Warnings
from pamphlet.manifest import EDITIONS, load_manifest
from pamphlet.model import Document
from pamphlet.sources.markdown import parse_document
from pamphlet.workspace import Workspace


@dataclass
class EditionResult:
    edition: str
    outputs: list[Path]
    seconds: float


@dataclass
class TitleResult:
    slug: str
    editions: list[EditionResult] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)
    error: PamphletError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def load_document(workspace: Workspace, slug: str, warnings: Warnings) -> Document:
    """Read and check a title's manifest and parts: the one parse every edition shares."""
    manifest = load_manifest(workspace.manifest_path(slug))
    return parse_document(manifest, warnings)


def check_edition_names(names: list[str]) -> None:
    for name in names:
        if name not in EDITIONS:
            raise SourceError(
                "--edition",
                None,
                f'unknown edition "{name}"',
                f"choose from: {', '.join(EDITIONS)}",
            )


def build_title(
    workspace: Workspace,
    slug: str,
    editions: list[str] | None = None,
    strict: bool = False,
    on_edition=None,
) -> TitleResult:
    """Build the requested editions (default: the manifest's) of one title."""
    from pamphlet.editions import edition_module
    from pamphlet.output import write_checksums

    result = TitleResult(slug)
    started = time.perf_counter()
    try:
        document = load_document(workspace, slug, result.warnings)
        if strict and result.warnings:
            first = result.warnings.items[0]
            raise SourceError(first.path, first.line, first.what, first.fix)
        ctx = BuildContext(workspace, document, result.warnings)
        wanted = list(editions or document.manifest.editions)
        for name in wanted:
            edition_started = time.perf_counter()
            outputs = edition_module(name).build(ctx)
            done = EditionResult(name, outputs, time.perf_counter() - edition_started)
            result.editions.append(done)
            if on_edition:
                on_edition(slug, done)
        write_checksums(ctx.out, [name for name in _all_outputs(slug)])
    except PamphletError as error:
        result.error = error
    except OSError as error:
        result.error = BuildError(
            getattr(error, "filename", None),
            None,
            str(error),
            "check that the file can be read and the disk is not full",
        )
    result.seconds = time.perf_counter() - started
    return result


def _all_outputs(slug: str) -> list[str]:
    from pamphlet.editions import MODULES, edition_module

    names: list[str] = []
    for edition in MODULES:
        try:
            names += edition_module(edition).outputs(slug)
        except ModuleNotFoundError:
            continue
    return names


@contextmanager
def workspace_lock(workspace: Workspace) -> Iterator[None]:
    """Hold the workspace's build lock, or fail at once saying another build has it."""
    workspace.build.mkdir(parents=True, exist_ok=True)
    path = workspace.build / ".lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildError(
                path,
                None,
                f"another build is running in this workspace ({holder})",
                "wait for it to finish, then build again",
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)
