"""`pamphlet lint`: proofreading of sources: typography and consistency, by the title's language.

Each finding is `path:line:col CODE message`. Rules read the Markdown text itself (not the
parsed model) so that they can point at a column and fix the file in place; comments, code,
link addresses and escaped characters are masked first. Fixes are offered only where the
right character is certain (`--fix` applies them); the rest are for the editor to decide.
"""

from __future__ import annotations

from pathlib import Path

from pamphlet.authoring.lint.masking import mask_markdown, mask_toml, paragraphs
from pamphlet.authoring.lint.rules import Linter, Style, lint_finding
from pamphlet.authoring.lint.structure import Heading, heading_case, headings, notes
from pamphlet.diagnostics import Diagnostic, Edit
from pamphlet.errors import PamphletError
from pamphlet.manifest import load_manifest
from pamphlet.manifest.files import decode_source
from pamphlet.workspace import Workspace

RULES = {
    "T001": "straight quotation mark or apostrophe",
    "T002": "-- or --- instead of a dash",
    "T003": "spaced hyphen instead of a dash",
    "T004": "spaced em dash (English sets em dashes closed up)",
    "T005": "three dots instead of an ellipsis",
    "T006": "double space",
    "T007": "no no-break space between an abbreviation and its number (No. 69)",
    "T008": "quotation marks of another style than the title's",
    "B001": "unbalanced parenthesis",
    "B002": "unbalanced quotation marks",
    "B003": "closing ? or ! without its opening ¿ or ¡ (Spanish)",
    "C001": "citation that ends at a month: it looks cut off",
    "N001": "footnote reference without a note",
    "N002": "note never referenced",
    "H001": "heading capitalised unlike the other headings",
    "M001": "the manifest cannot be read",
}

# --- files ----------------------------------------------------------------------------------


def lint_markdown(path: Path, text: str, style: Style) -> list[Diagnostic]:
    linter = Linter(path, style)
    lines = mask_markdown(text)
    linter.typography(lines)
    found = paragraphs(lines)
    linter.balance(found)
    linter.citations(found)
    linter.findings += notes(path, text)
    return linter.findings


def lint_manifest(path: Path, text: str, style: Style) -> list[Diagnostic]:
    linter = Linter(path, style)
    lines = mask_toml(text)
    linter.typography(lines)
    return linter.findings


def lint_title(workspace: Workspace, slug: str) -> list[Diagnostic]:
    """Every finding in a title's manifest and parts."""
    path = workspace.manifest_path(slug)
    try:
        manifest = load_manifest(path)
    except PamphletError as error:
        problem = error.problem
        found = lint_finding(path, problem.line or 1, 1, "M001", f"{problem.what} — {problem.fix}")
        found.severity = "error"
        return [found]
    style = Style.of(manifest)
    findings = lint_manifest(path, path.read_text(encoding="utf-8"), style)
    found_headings: list[Heading] = []
    for spec in manifest.parts:
        text = decode_source(spec.file, spec.file.read_bytes())
        findings += lint_markdown(spec.file, text, style)
        found_headings += headings(spec.file, mask_markdown(text))
    findings += heading_case(found_headings, style)
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.column, f.code))


# --- fixing ---------------------------------------------------------------------------------


def apply_fixes(text: str, fixes: list[Edit]) -> tuple[str, int]:
    """`text` with the fixes that do not overlap applied; and how many were."""
    lines = text.split("\n")
    applied = 0
    last: tuple[int, int] | None = None
    for fix in sorted(fixes, key=lambda f: (f.line, f.start), reverse=True):
        if last and fix.line == last[0] and fix.end > last[1]:
            continue
        line = lines[fix.line - 1]
        lines[fix.line - 1] = line[: fix.start] + fix.text + line[fix.end :]
        last = (fix.line, fix.start)
        applied += 1
    return "\n".join(lines), applied


def fix_title(workspace: Workspace, slug: str) -> int:
    """Apply every safe fix to a title's files; the number applied. Passes repeat while
    fixes make others possible."""
    from pamphlet.output import write_atomic

    total = 0
    for _ in range(3):
        by_file: dict[Path, list[Edit]] = {}
        for finding in lint_title(workspace, slug):
            if finding.edit:
                by_file.setdefault(finding.path, []).append(finding.edit)
        if not by_file:
            break
        for path, fixes in by_file.items():
            text, applied = apply_fixes(path.read_text(encoding="utf-8"), fixes)
            write_atomic(path, text.encode("utf-8"))
            total += applied
    return total
