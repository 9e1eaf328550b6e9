"""Checks of built editions with real validators; each finding names file, place and fix."""

from __future__ import annotations

from pathlib import Path

from pamphlet.diagnostics import Diagnostic, Severity
from pamphlet.registry import edition
from pamphlet.workspace import Workspace

PLACEHOLDER = "placeholder"  # the code of a source problem found by `check`: exit status 2


def finding(
    check: str, severity: Severity, file: Path, where: str, what: str, fix: str = ""
) -> Diagnostic:
    """A check's result: `check` is its code, `where` a place in the file ("pages 3–4")."""
    return Diagnostic(file, None, what, fix, severity=severity, code=check, where=where)


def run_checks(workspace: Workspace, slug: str) -> list[Diagnostic]:
    """Every check that applies to the files built for `slug`."""
    from pamphlet.checks import ace, epubcheck

    folder = workspace.output_folder(slug)
    findings: list[Diagnostic] = _placeholders(workspace, slug)
    epub_file = folder / edition("epub").outputs[0].name(slug)
    if epub_file.is_file():
        findings += epubcheck.check(epub_file)
        findings += ace.check(epub_file)
        for validator in ("epubcheck", "ace"):  # a row in the summary when all is well
            if not any(finding.code == validator for finding in findings):
                findings.append(finding(validator, "info", epub_file, "", "no problems"))
    findings += _preflight(workspace, slug)
    findings += _typography(folder, slug)
    if any(folder.glob("*.pdf")) or epub_file.is_file():
        from pamphlet.checks import proof

        findings += proof.check(workspace, slug)
    if not any(folder.glob("*.pdf")) and not epub_file.is_file():
        findings.append(
            finding(
                "build",
                "error",
                folder,
                "",
                "nothing is built for this title",
                f"run 'pamphlet build {slug}' first",
            )
        )
    return findings


def _typography(folder: Path, slug: str) -> list[Diagnostic]:
    """The typography report of the screen and print PDFs that are built."""
    from pamphlet.checks import typography

    findings: list[Diagnostic] = []
    for name in ("screen", "print"):
        path = folder / edition(name).outputs[0].name(slug)
        if path.is_file():
            findings += typography.check(path)
    return findings


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
        finding(PLACEHOLDER, "error", p.path, f"line {p.line}" if p.line else "", p.what, p.fix)
        for p in problems
    ]


def _preflight(workspace: Workspace, slug: str) -> list[Diagnostic]:
    """Preflight of the print-shop PDFs (print, booklet, office booklet) that are built."""
    from pamphlet.checks import preflight
    from pamphlet.errors import PamphletError
    from pamphlet.manifest import load_manifest

    try:
        manifest = load_manifest(workspace.manifest_path(slug))
    except PamphletError:
        manifest = None  # checked without the manifest's trim and bleed
    return preflight.preflight(workspace.output_folder(slug), slug, manifest)
