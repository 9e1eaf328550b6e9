"""The build pipeline for one title: manifest → document model → each edition → checksums.

Sources are parsed once; every edition reads the same `Document`. A workspace lock keeps two
builds from writing the same outputs at once.
"""

from __future__ import annotations

import gc
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from pamphlet import limits
from pamphlet.context import BuildContext
from pamphlet.errors import (
    PamphletError,
    SourceError,
    Warnings,
    os_error,
    stop_if_interrupted,
)
from pamphlet.manifest import load_manifest
from pamphlet.manifest.editorial import Order, refuse_placeholders
from pamphlet.model import Document
from pamphlet.output import STAGING
from pamphlet.sources.collection import read_document
from pamphlet.timing import stage, write_report
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
    up_to_date: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def load_document(workspace: Workspace, slug: str, warnings: Warnings) -> Document:
    """Read and check a title's manifest and parts (a collection's: and the titles it
    includes): the one parse every edition shares."""
    manifest = load_manifest(workspace.manifest_path(slug))
    return read_document(manifest, warnings)


def check_editions_available(names: list[str], asked_in: Path | str) -> None:
    """Every edition named exists in this version of pamphlet (some are still to come)."""
    from pamphlet.registry import available_editions

    available = available_editions()
    for name in names:
        if name not in available:
            raise SourceError(
                asked_in,
                None,
                f"the {name} edition is not available in this version of pamphlet",
                f"build one of: {', '.join(available)}",
            )


def collect_garbage() -> None:
    """Free what the last title's layout left in reference cycles, before a long-lived
    process (a catalogue, a worker, watch) lays out another. The command line makes the
    collector's automatic passes rare (pamphlet.cli), so without this the heap would grow by
    one layout's garbage a title: 196 MiB → 342 MiB over the 40-title catalogue. A signal
    that arrives while a finalizer runs cannot raise there: it is raised after."""
    gc.collect()
    stop_if_interrupted()


def build_title(
    workspace: Workspace,
    slug: str,
    editions: list[str] | None = None,
    strict: bool = False,
    on_edition=None,
    parallel: bool = False,
    use_cache: bool = False,
    order: Order | None = None,
) -> TitleResult:
    """Build the requested editions (default: the manifest's) of one title. The editions are
    written into a staging folder and published into build/<slug>/ together, only when all
    of them succeed: on any error, build/<slug>/ stays as it was.

    With `use_cache`, editions whose inputs have not changed since their last build are left
    as they are (see pamphlet.cache); with `parallel`, the screen PDF is made in a second
    process while this one makes the others. `order` replaces the manifest's [order] on the
    job ticket (`build --order FILE`)."""
    from pamphlet import cache
    from pamphlet.inks import ink_names
    from pamphlet.output import deferred_interrupts, discard, publish, staging_folder
    from pamphlet.registry import NAMES, in_build_order, outputs_of

    result = TitleResult(slug)
    started = time.perf_counter()
    staging = workspace.build / STAGING / slug
    bounds = limits.Bounds(0, 0)
    try:
        bounds = limits.start()
        inputs = cache.fingerprints(workspace, slug, list(NAMES), strict)  # before reading
        with stage("parse"):
            document = load_document(workspace, slug, result.warnings)
        if order is not None:
            document.manifest = replace(document.manifest, order=order)
        if strict:  # every placeholder its own error line
            refuse_placeholders(document.manifest, result.warnings)
        if strict and result.warnings:
            raise strict_error(result.warnings)
        wanted = list(editions or document.manifest.editions)
        check_editions_available(wanted, "--edition" if editions else document.manifest.path)
        todo = cache.outdated(workspace, slug, wanted, strict) if use_cache else wanted
        result.up_to_date = [name for name in wanted if name not in todo]
        if todo:
            staging_folder(staging)
            ctx = BuildContext(workspace, document, result.warnings, staging=staging)
            built = _build_editions(ctx, in_build_order(todo), parallel)
            built += _finish(ctx, [done.edition for done in built])
            stop_if_interrupted()
            if strict and result.warnings:  # raised while the editions were made
                raise strict_error(result.warnings)
            final = workspace.output_folder(slug)
            publish(staging, final, outputs_of(slug, ink_names(document.manifest)))
            for done in built:
                done.outputs = [final / path.relative_to(staging) for path in done.outputs]
                result.editions.append(done)
                if on_edition:
                    on_edition(slug, done)
            made = _outputs_by_edition(built, final)
            cache.remember(workspace, slug, made, inputs, document.images())
    except PamphletError as error:
        result.error = error
    except (limits.TimeLimit, MemoryError) as error:
        manifest = workspace.sources / slug / "pamphlet.toml"
        result.error = limits.exceeded(bounds, manifest, workspace.templates, error)
    except TemplateError as error:  # before OSError: a template not found is an IOError
        result.error = template_error(workspace, error)
        if result.error is None:
            raise  # in a template of the package: a bug of pamphlet, not of the sources
    except OSError as error:
        result.error = os_error(workspace, error)
    except Exception as error:  # a template error, or any error a workspace template causes
        result.error = template_error(workspace, error)
        if result.error is None:
            raise  # not in a workspace template: a bug of pamphlet, not of the sources
    finally:
        bounds.stop()
        with deferred_interrupts():
            discard(staging)
    result.seconds = time.perf_counter() - started
    write_report()
    return result


def _build_editions(ctx: BuildContext, names: list[str], parallel: bool) -> list[EditionResult]:
    """Build `names` in this process; in parallel, the title's one layout is made first and
    the editions that may run apart (the registry's `forkable`) are written from it in a
    forked child meanwhile."""
    from pamphlet.forked import Forked
    from pamphlet.layout.book import book_pdf
    from pamphlet.registry import LAYOUT, edition

    apart = [name for name in names if edition(name).forkable] if parallel else []
    if not apart or len(names) == len(apart):
        return [_build_edition(ctx, name) for name in names]
    if any(LAYOUT in edition(name).uses for name in names):
        book_pdf(ctx)  # laid out and written once, before the fork: both processes share it
    known = len(ctx.warnings.items)

    def in_child() -> tuple[list[EditionResult], list]:
        done = [_build_edition(ctx, name) for name in apart]
        return done, ctx.warnings.items[known:]

    child = Forked(in_child, before_exit=write_report)
    try:
        built = {name: _build_edition(ctx, name) for name in names if name not in apart}
    except BaseException:
        child.cancel()
        raise
    done, warnings = child.result()
    ctx.warnings.items += warnings
    built |= {result.edition: result for result in done}
    return [built[name] for name in names]


def _outputs_by_edition(built: list[EditionResult], final: Path) -> dict[str, list[str]]:
    """The files each edition wrote, a finisher's counted with each edition it describes
    (so a missing job ticket makes the print edition and the booklets outdated)."""
    from pamphlet.registry import FINISHERS

    made = {done.edition: [p.relative_to(final).as_posix() for p in done.outputs] for done in built}
    for finisher in FINISHERS:
        for name in finisher.after:
            if name in made:
                made[name] += made.get(finisher.name, [])
        made.pop(finisher.name, None)
    return made


def _build_edition(ctx: BuildContext, name: str) -> EditionResult:
    from pamphlet.registry import edition_module

    stop_if_interrupted()
    started = time.perf_counter()
    with stage(f"import {name}"):
        module = edition_module(name)
    with stage(f"edition {name}"):
        outputs = module.build(ctx)
    return EditionResult(name, outputs, time.perf_counter() - started)


def strict_error(warnings: Warnings) -> SourceError:
    """Under --strict, the first warning as the error: one line, like any error (the others
    are left for the next build to report)."""
    first = warnings.items[0]
    warnings.items.clear()
    return SourceError(first.path, first.line, first.what, first.fix)


def _finish(ctx: BuildContext, built: list[str]) -> list[EditionResult]:
    """Run the finishers of the editions just built (the job ticket)."""
    import importlib

    from pamphlet.registry import finishers_after

    done = []
    for finisher in finishers_after(built):
        started = time.perf_counter()
        with stage(f"finish {finisher.name}"):
            outputs = importlib.import_module(finisher.module).finish(ctx)
        if outputs:
            done.append(EditionResult(finisher.name, outputs, time.perf_counter() - started))
    return done


def template_error(workspace: Workspace, error: Exception) -> SourceError | None:
    """A workspace template that does not compile or render (or recurses without end,
    say), at its file and line; None when the error is not in a workspace template."""
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
        f"template error: {getattr(error, 'message', None) or error or type(error).__name__}",
        "correct the template in templates/, or delete it to use the package's own",
    )
