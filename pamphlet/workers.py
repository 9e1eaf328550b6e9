"""Many titles at once: each title built by one of `jobs` worker processes.

Workers are forked from this process (imports already done), die with it, and leave
interrupts to it: on Ctrl-C the pool is stopped and the next build tidies what they left
(see output.clean_leftovers). A title that fails does not stop the others.
"""

from __future__ import annotations

import multiprocessing
import signal

from pamphlet.build import TitleResult, build_title, collect_garbage
from pamphlet.forked import die_with_parent
from pamphlet.workspace import Workspace

_job: dict = {}


def _start_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()


def _build_one(slug: str) -> TitleResult:
    collect_garbage()  # the worker's previous title
    return build_title(
        _job["workspace"], slug, _job["editions"], _job["strict"], use_cache=_job["use_cache"]
    )


def build_in_workers(
    workspace: Workspace,
    slugs: list[str],
    editions: list[str] | None,
    strict: bool,
    jobs: int,
    use_cache: bool,
    reporter,
) -> list[TitleResult]:
    """Build `slugs` with `jobs` processes; report each title as it finishes."""
    from pamphlet.registry import DEFAULT_EDITIONS, edition_module

    for name in editions or DEFAULT_EDITIONS:
        edition_module(name)  # imported once here, shared by every worker
    _job.update(workspace=workspace, editions=editions, strict=strict, use_cache=use_cache)
    context = multiprocessing.get_context("fork")
    results = []
    with context.Pool(min(jobs, len(slugs)), initializer=_start_worker) as pool:
        try:
            for result in pool.imap_unordered(_build_one, slugs):
                for done in result.editions:
                    reporter.edition(result.slug, done)
                reporter.title(result)
                results.append(result)
        except BaseException:
            pool.terminate()
            raise
    return sorted(results, key=lambda r: slugs.index(r.slug))
