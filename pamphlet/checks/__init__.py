"""Checks of built editions with real validators; each finding names file, place and fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pamphlet.errors import display_path
from pamphlet.workspace import Workspace


@dataclass
class Finding:
    """One result of a check: `severity` is "error", "warning" or "info"."""

    check: str
    severity: str
    file: Path
    where: str
    what: str
    fix: str = ""

    def __str__(self) -> str:
        place = display_path(self.file) + (f" {self.where}" if self.where else "")
        text = f"{self.severity}: [{self.check}] {place}: {self.what}"
        return f"{text} — {self.fix}" if self.fix else text


def run_checks(workspace: Workspace, slug: str) -> list[Finding]:
    """Every check that applies to the files built for `slug`."""
    from pamphlet.checks import ace, epubcheck

    folder = workspace.output_folder(slug)
    findings: list[Finding] = []
    epub_file = folder / f"{slug}.epub"
    if epub_file.is_file():
        findings += epubcheck.check(epub_file)
        findings += ace.check(epub_file)
    if not any(folder.glob("*.pdf")) and not epub_file.is_file():
        findings.append(
            Finding(
                "build",
                "error",
                folder,
                "",
                "nothing is built for this title",
                f"run 'pamphlet build {slug}' first",
            )
        )
    return findings
