"""The build pipeline for one title: manifest → document model → each edition → checksums.

Sources are parsed once; every edition reads the same `Document`. A workspace lock keeps two
builds from writing the same outputs at once.
"""

from __future__ import annotations

import fcntl
import os
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from jinja2 import TemplateError, TemplateSyntaxError

from pamphlet.context import BuildContext
from pamphlet.errors import (
    BuildError,
    PamphletError,
    SourceError,
    Warnings,
    stop_if_interrupted,
)
from pamphlet.manifest import EDITIONS, load_manifest
from pamphlet.model import Document
from pamphlet.output import STAGING
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


def check_editions_available(names: list[str], asked_in: Path | str) -> None:
    """Every edition named exists in this version of pamphlet (some are still to come)."""
    from pamphlet.editions import available_editions

    available = available_editions()
    for name in names:
        if name not in available:
            raise SourceError(
                asked_in,
                None,
                f"the {name} edition is not available in this version of pamphlet",
                f"build one of: {', '.join(available)}",
            )


def build_title(
    workspace: Workspace,
    slug: str,
    editions: list[str] | None = None,
    strict: bool = False,
    on_edition=None,
) -> TitleResult:
    """Build the requested editions (default: the manifest's) of one title. The editions are
    written into a staging folder and published into build/<slug>/ together, only when all
    of them succeed: on any error, build/<slug>/ stays as it was."""
    from pamphlet.output import deferred_interrupts, discard, publish, staging_folder

    result = TitleResult(slug)
    started = time.perf_counter()
    staging = workspace.build / STAGING / slug
    try:
        document = load_document(workspace, slug, result.warnings)
        if strict and result.warnings:
            first = result.warnings.items.pop(0)  # reported as the error, not twice
            raise SourceError(first.path, first.line, first.what, first.fix)
        wanted = list(editions or document.manifest.editions)
        check_editions_available(wanted, "--edition" if editions else document.manifest.path)
        staging_folder(staging)
        ctx = BuildContext(workspace, document, result.warnings, staging=staging)
        built = [_build_edition(ctx, name) for name in wanted]
        stop_if_interrupted()
        final = workspace.output_folder(slug)
        publish(staging, final, all_outputs(slug))
        for done in built:
            done.outputs = [final / path.relative_to(staging) for path in done.outputs]
            result.editions.append(done)
            if on_edition:
                on_edition(slug, done)
    except PamphletError as error:
        result.error = error
    except TemplateError as error:
        result.error = template_error(workspace, error)
        if result.error is None:
            raise  # in a template of the package: a bug of pamphlet, not of the sources
    except OSError as error:
        result.error = BuildError(
            getattr(error, "filename", None),
            None,
            str(error),
            "check that the file can be read and the disk is not full",
        )
    finally:
        with deferred_interrupts():
            discard(staging)
    result.seconds = time.perf_counter() - started
    return result


def _build_edition(ctx: BuildContext, name: str) -> EditionResult:
    from pamphlet.editions import edition_module

    stop_if_interrupted()
    started = time.perf_counter()
    outputs = edition_module(name).build(ctx)
    return EditionResult(name, outputs, time.perf_counter() - started)


def template_error(workspace: Workspace, error: TemplateError) -> SourceError | None:
    """A workspace template that does not compile or render, at its file and line; None
    when the error is not in a workspace template."""
    frames = traceback.extract_tb(error.__traceback__)
    places = [(f.filename, f.lineno) for f in frames]
    if isinstance(error, TemplateSyntaxError) and error.filename:
        places.append((error.filename, error.lineno))
    mine = [p for p in places if Path(p[0]).is_relative_to(workspace.templates)]
    if not mine:
        return None
    return SourceError(
        mine[-1][0],
        mine[-1][1],
        f"template error: {error.message or type(error).__name__}",
        "correct the template in templates/, or delete it to use the package's own",
    )


def all_outputs(slug: str) -> list[str]:
    """The file names every edition the registry knows would write for `slug`."""
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
    """Hold the workspace's build lock, or fail at once saying another build has it. The
    holder first tidies what a killed build may have left (see output.clean_leftovers).

    The lock is `build/.lock`, held with flock (released by the system if the process dies)
    and removed on release, so a build that changes nothing leaves build/ as it was."""
    from pamphlet.output import clean_leftovers

    created = not workspace.build.exists()
    workspace.build.mkdir(parents=True, exist_ok=True)
    path = workspace.build / ".lock"
    handle = _take_lock(path)
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


def _take_lock(path: Path) -> TextIO:
    """The lock file, opened and flocked; the file at `path` may have been removed by the
    previous holder between our open and our flock: then try again."""
    while True:
        handle = open(path, "a+")  # noqa: SIM115 (held until the build ends)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
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
