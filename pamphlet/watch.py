"""Rebuild what a change affects, as the editor saves: a changed part rebuilds its title (and
the collections that include it), a changed stylesheet the editions that use it, a changed
template every title.

Changes are gathered by watchfiles and debounced (a burst of saves is one rebuild); each
rebuild prints one line.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles import Change, DefaultFilter

from pamphlet.build import TitleResult, build_title, collect_garbage
from pamphlet.errors import PamphletError
from pamphlet.lock import workspace_lock
from pamphlet.manifest import load_manifest
from pamphlet.registry import NAMES, editions_reading, editions_reading_template
from pamphlet.workspace import Workspace

ALL = frozenset(NAMES)

Plan = dict[str, frozenset[str]]


class SourceFilter(DefaultFilter):
    """watchfiles' filter (editor swap files, caches) that also skips hidden files, such as
    the staging folders of `pamphlet new`."""

    def __call__(self, change: Change, path: str) -> bool:
        if any(part.startswith(".") for part in Path(path).parts[-3:]):
            return False
        return super().__call__(change, path)


def affected(workspace: Workspace, path: Path, slugs: list[str]) -> Plan:
    """Which of `slugs` a change to `path` affects, and which of their editions."""
    path = path.resolve()
    for folder, editions_of in (
        (workspace.styles, lambda rel: editions_reading(rel.name)),
        (workspace.templates, lambda rel: editions_reading_template(rel.as_posix())),
    ):
        if path.is_relative_to(folder.resolve()):
            editions = editions_of(path.relative_to(folder.resolve()))
            return {slug: editions for slug in slugs} if editions else {}
    sources = workspace.sources.resolve()
    if path.is_relative_to(sources) and path != sources:
        slug = path.relative_to(sources).parts[0]
        readers = [s for s in slugs if s == slug or slug in workspace.included_titles(s)]
        return {reader: ALL for reader in readers}
    return {}


def plan(workspace: Workspace, paths: Iterable[Path], slugs: list[str]) -> Plan:
    """The union of what each changed path affects."""
    merged: dict[str, frozenset[str]] = {}
    for path in paths:
        for slug, editions in affected(workspace, path, slugs).items():
            merged[slug] = merged.get(slug, frozenset()) | editions
    return merged


def editions_to_build(
    workspace: Workspace, slug: str, touched: frozenset[str], wanted: list[str] | None
) -> list[str]:
    """The title's editions (those asked for, else its manifest's) that a change touched.
    When the manifest cannot be read, the build will say why."""
    if wanted:
        chosen = list(wanted)
    else:
        try:
            chosen = list(load_manifest(workspace.manifest_path(slug)).editions)
        except PamphletError:
            chosen = ["screen"]
    return [name for name in chosen if name in touched]


def summary(result: TitleResult, cause: str) -> str:
    """One line for a rebuild: what was built and how long it took, or the first problem."""
    stamp = time.strftime("%H:%M:%S")
    if result.error:
        return f"{stamp} {result.slug}: error ({cause}): {result.error}"
    built = ", ".join(f"{e.edition} {e.seconds:.1f}s" for e in result.editions)
    warnings = f", {len(result.warnings.items)} warning(s)" if result.warnings else ""
    return f"{stamp} {result.slug}: built {built}{warnings} ({cause})"


def rebuild(workspace: Workspace, work: Plan, wanted: list[str] | None, cause: str) -> list[str]:
    lines = []
    for slug in sorted(work):
        editions = editions_to_build(workspace, slug, work[slug], wanted)
        if not editions:
            continue
        try:
            with workspace_lock(workspace, wait=True):  # a build running: rebuild after it
                result = build_title(
                    workspace, slug, editions, use_cache=True, parallel=(os.cpu_count() or 1) > 1
                )
        except PamphletError as error:
            result = TitleResult(slug, error=error)
        lines.append(summary(result, cause))
    return lines


def _cause(paths: list[Path], workspace: Workspace) -> str:
    names = sorted({str(p.resolve().relative_to(workspace.root.resolve())) for p in paths})
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"{shown} changed"


def watch(
    workspace: Workspace,
    slugs: list[str] | None,
    wanted: list[str] | None,
    say: Callable[[str], None],
    quiet_ms: int = 300,
    stop_event=None,
) -> None:
    """Build the titles (default: all, including those added meanwhile) once, then rebuild
    what each burst of changes affects until interrupted (or `stop_event` is set)."""
    import logging

    import watchfiles

    logging.getLogger("watchfiles").setLevel(logging.ERROR)  # we say when we stop

    def selected() -> list[str]:
        return slugs or workspace.slugs()

    for line in rebuild(workspace, {slug: ALL for slug in selected()}, wanted, "first build"):
        say(line)
    collect_garbage()
    folders = [f for f in (workspace.sources, workspace.styles, workspace.templates) if f.is_dir()]
    shown = ", ".join(f"{f.name}/" for f in folders)
    announced = False
    for changes in watchfiles.watch(
        *folders,
        watch_filter=SourceFilter(),
        step=quiet_ms,
        stop_event=stop_event,
        raise_interrupt=False,
        rust_timeout=500,
        yield_on_timeout=True,  # an empty first batch: the watcher is now running
    ):
        if not announced:
            say(f"watching {shown} — press Ctrl-C to stop")
            announced = True
        if not changes:
            continue
        paths = [Path(path) for _, path in changes]
        work = plan(workspace, paths, selected())
        for line in rebuild(workspace, work, wanted, _cause(paths, workspace)):
            say(line)
        collect_garbage()  # this rebuild's layouts, while the watcher waits for the next edit
