"""Checks of built editions with real validators; each finding names file, place and fix.

The validators of a title run side by side: epubcheck (a Java process) and DAISY Ace (a
Chromium) on the EPUB, the proof against the original, Ghostscript and MuPDF on every PDF,
the preflight on the print-shop PDFs, the typography report on the screen and print PDFs.
Most of the time is spent in other processes, so threads are enough; the findings come back
in the same order whatever finished first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, check_finding
from pamphlet.manifest import Manifest
from pamphlet.registry import EDITIONS, ONE_INK, edition
from pamphlet.workspace import Workspace

# Validators running at once: the two slow ones (epubcheck, Ace) and the quick PDF readers
# beside them. More would only make them take turns on a small machine's cores.
PARALLEL = 4

PLACEHOLDER = "placeholder"  # the code of a source problem found by `check`: exit status 2


@dataclass
class Check:
    """One validator on one file; `ok_row` gives it a row in the summary when all is well."""

    file: Path
    name: str
    run: Callable[[], list[Diagnostic]]
    ok_row: bool = False


@dataclass
class Checked:
    """A file whose checks have all finished: what they found and how long it took."""

    file: Path
    checks: list[str]
    findings: list[Diagnostic]
    seconds: float


def run_checks(
    workspace: Workspace, slug: str, done: Callable[[Checked], None] | None = None
) -> list[Diagnostic]:
    """Every check that applies to the files built for `slug`, run in parallel (the
    title's placeholders first); `done` is called for each file as soon as all its checks
    have finished."""
    placeholders = _placeholders(workspace, slug)
    checks = planned_checks(workspace, slug)
    if not checks:
        folder = workspace.output_folder(slug)
        what, fix = "nothing is built for this title", f"run 'pamphlet build {slug}' first"
        return [*placeholders, check_finding("build", "error", folder, "", what, fix)]
    started = time.monotonic()
    results: list[list[Diagnostic]] = [[] for _ in checks]
    waiting = {check.file: sum(c.file == check.file for c in checks) for check in checks}

    def finished(index: int, found: list[Diagnostic]) -> None:
        results[index] = found
        file = checks[index].file
        waiting[file] -= 1
        if done and not waiting[file]:
            mine = [i for i, check in enumerate(checks) if check.file == file]
            done(
                Checked(
                    file,
                    [checks[i].name for i in mine],
                    [f for i in mine for f in results[i]],
                    time.monotonic() - started,
                )
            )

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        running = {pool.submit(_run, check): i for i, check in enumerate(checks)}
        for future in as_completed(running):
            finished(running[future], future.result())
    return placeholders + [f for i in _summary_order(checks) for f in results[i]]


def _run(check: Check) -> list[Diagnostic]:
    found = check.run()
    if check.ok_row and not any(f.code == check.name for f in found):
        found.append(check_finding(check.name, "info", check.file, "", "no problems"))
    return found


def _summary_order(checks: list[Check]) -> list[int]:
    """Checks grouped by file, files in the order they were planned."""
    files = list(dict.fromkeys(check.file for check in checks))
    return sorted(range(len(checks)), key=lambda i: files.index(checks[i].file))


def planned_checks(workspace: Workspace, slug: str) -> list[Check]:
    """The checks of every file built for `slug`, slowest first so they start first."""
    from pamphlet.checks import ace, epubcheck, proof, readers, typography
    from pamphlet.checks.preflight import preflight_plan
    from pamphlet.inks import ink_names
    from pamphlet.pdf.preflight import check

    folder = workspace.output_folder(slug)
    checks: list[Check] = []
    epub_file = folder / edition("epub").outputs[0].name(slug)
    if epub_file.is_file():
        checks.append(Check(epub_file, "ace", partial(ace.check, epub_file), True))
        checks.append(Check(epub_file, "epubcheck", partial(epubcheck.check, epub_file), True))
    manifest = _manifest(workspace, slug)
    pdfs = _pdfs(folder, slug, ink_names(manifest) if manifest else ONE_INK)
    if pdfs or epub_file.is_file():  # every built edition against the original
        checks.append(
            Check(workspace.sources / slug, "proof", lambda: proof.check(workspace, slug))
        )
    for pdf in pdfs:
        checks.append(Check(pdf, "ghostscript", partial(readers.ghostscript, pdf), True))
        checks.append(Check(pdf, "mupdf", partial(readers.mupdf, pdf), True))
    checks += [
        Check(path, "preflight", partial(check, path, wanted))
        for path, wanted in preflight_plan(folder, slug, manifest)
    ]
    for name in ("screen", "print"):  # the typography report of the PDFs with body text
        path = folder / edition(name).outputs[0].name(slug)
        if path.is_file():
            checks.append(Check(path, "typography", partial(typography.check, path)))
    return checks


def _pdfs(folder: Path, slug: str, inks: tuple[str, ...]) -> list[Path]:
    """Every PDF of the registry's editions that is built, in the registry's order."""
    names = [
        name
        for e in EDITIONS
        for o in e.outputs
        if o.pattern.endswith(".pdf")
        for name in o.names(slug, inks)
    ]
    return [folder / name for name in names if (folder / name).is_file()]


def _manifest(workspace: Workspace, slug: str) -> Manifest | None:
    """The title's manifest, or None when it cannot be read (the files are then checked
    without its trim, bleed, inks and binding)."""
    from pamphlet.errors import PamphletError
    from pamphlet.manifest import load_manifest

    try:
        return load_manifest(workspace.manifest_path(slug))
    except PamphletError:
        return None


def _placeholders(workspace: Workspace, slug: str) -> list[Diagnostic]:
    """What `new` or `import` left for the editor to fill in: not for press (unless a draft)."""
    from pamphlet.errors import PamphletError
    from pamphlet.manifest import load_manifest
    from pamphlet.manifest.editorial import placeholder_problems

    try:
        problems = placeholder_problems(load_manifest(workspace.manifest_path(slug)))
    except PamphletError as error:
        problems = [error.problem]
    return [
        check_finding(
            PLACEHOLDER, "error", p.path, f"line {p.line}" if p.line else "", p.what, p.fix
        )
        for p in problems
    ]
