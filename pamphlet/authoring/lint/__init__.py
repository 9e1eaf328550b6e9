"""`pamphlet lint`: proofreading of sources: typography and consistency, by the title's language.

Each finding is `path:line:col CODE message`. A finding the editor has judged is suppressed by
`<!-- lint: ignore CODE -->` on its line (or alone on the line above), or for the whole title
by `[lint] ignore = ["CODE"]` in the manifest; the summary counts what was suppressed.

Rules read the Markdown text itself (not the parsed model) so that they can point at a column
and fix the file in place; comments, code, link addresses and escaped characters are masked
first. Fixes are offered only where the
right character is certain (`--fix` applies them); the rest are for the editor to decide.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
    "C001": "a quotation's source that breaks off: an unclosed parenthesis, or an abbreviated "
    "month with no day or year",
    "N001": "footnote reference without a note",
    "N002": "note never referenced",
    "H001": "heading capitalised unlike the other headings",
    "M001": "the manifest cannot be read, or [lint] ignore names no rule",
}
_IGNORE = re.compile(r"<!--\s*lint:\s*ignore\b(?P<codes>[^>]*?)-->", re.IGNORECASE | re.DOTALL)
_BLANK = re.compile(r"^[\s>]*$")


@dataclass
class Report:
    """What lint found in a title: the findings that stand, and those suppressed — by
    `[lint] ignore` in the manifest or by a `<!-- lint: ignore CODE -->` comment."""

    findings: list[Diagnostic] = field(default_factory=list)
    suppressed: list[Diagnostic] = field(default_factory=list)
    ignored_rules: tuple[str, ...] = ()


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
    """Every finding in a title's manifest and parts that is not suppressed."""
    return lint_report(workspace, slug).findings


def lint_report(workspace: Workspace, slug: str) -> Report:
    """Every finding in a title's manifest and parts, the suppressed ones apart."""
    path = workspace.manifest_path(slug)
    try:
        manifest = load_manifest(path)
    except PamphletError as error:
        problem = error.problem
        found = lint_finding(path, problem.line or 1, 1, "M001", f"{problem.what} — {problem.fix}")
        found.severity = "error"
        return Report([found])
    style = Style.of(manifest)
    findings = lint_manifest(path, path.read_text(encoding="utf-8"), style)
    findings += _unknown_rules(manifest)
    found_headings: list[Heading] = []
    ignored_lines: dict[Path, dict[int, set[str]]] = {}
    for spec in manifest.parts:
        text = decode_source(spec.file, spec.file.read_bytes())
        findings += lint_markdown(spec.file, text, style)
        found_headings += headings(spec.file, mask_markdown(text))
        ignored_lines[spec.file] = ignored_by_comments(text)
    findings += heading_case(found_headings, style)
    report = Report(ignored_rules=manifest.lint.ignore)
    for finding in sorted(findings, key=lambda f: (str(f.path), f.line, f.column, f.code)):
        in_file = ignored_lines.get(Path(finding.path), {}) if finding.path else {}
        here = in_file.get(finding.line or 0, set())
        if finding.code != "M001" and (
            finding.code in manifest.lint.ignore or finding.code in here or "*" in here
        ):
            report.suppressed.append(finding)
        else:
            report.findings.append(finding)
    return report


def ignored_by_comments(text: str) -> dict[int, set[str]]:
    """Line → the rule codes a `<!-- lint: ignore C001 T007 -->` comment ignores there ("*"
    for every rule when it names none): on its own lines, and on the next line with text when
    the comment stands alone."""
    lines = text.split("\n")
    ignored: dict[int, set[str]] = {}
    for match in _IGNORE.finditer(text):
        codes = set(re.findall(r"[A-Z]\d{3}", match["codes"])) or {"*"}
        first = text.count("\n", 0, match.start()) + 1
        last = text.count("\n", 0, match.end()) + 1
        covered = list(range(first, last + 1))
        around = lines[first - 1][: match.start() - text.rfind("\n", 0, match.start()) - 1]
        after = lines[last - 1][match.end() - text.rfind("\n", 0, match.end()) - 1 :]
        if _BLANK.match(around) and _BLANK.match(after):  # alone: it speaks of the next line
            following = last + 1
            while following <= len(lines) and _BLANK.match(lines[following - 1]):
                following += 1
            covered.append(following)
        for line in covered:
            ignored.setdefault(line, set()).update(codes)
    return ignored


def _unknown_rules(manifest) -> list[Diagnostic]:
    from pamphlet.manifest import line_of

    found = []
    for code in manifest.lint.ignore:
        if code not in RULES:
            finding = lint_finding(
                manifest.path,
                line_of(manifest, "ignore", "lint") or 1,
                1,
                "M001",
                f'[lint] ignore names "{code}", which is no rule — see pamphlet lint --rules',
            )
            finding.severity = "error"
            found.append(finding)
    return found


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
            if finding.edit and finding.path:
                by_file.setdefault(Path(finding.path), []).append(finding.edit)
        if not by_file:
            break
        for path, fixes in by_file.items():
            text, applied = apply_fixes(path.read_text(encoding="utf-8"), fixes)
            write_atomic(path, text.encode("utf-8"))
            total += applied
    return total
