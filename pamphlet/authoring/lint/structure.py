"""Rules that read a part's structure rather than its prose: footnotes and their references
(N001, N002), and headings capitalised unlike the others of the title (H001)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pamphlet.authoring.lint.masking import COMMENT, HEADING, blank
from pamphlet.authoring.lint.rules import Style, lint_finding
from pamphlet.diagnostics import Diagnostic
from pamphlet.languages import language as language_data

_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def notes(path: Path, text: str) -> list[Diagnostic]:
    """Footnote references without a note, and notes nobody refers to."""
    text = COMMENT.sub(blank, text)
    defined = {m[1]: m for m in _NOTE_DEFINITION.finditer(text)}
    referenced = {m[1] for m in _NOTE_REFERENCE.finditer(text)}
    findings = []
    for match in _NOTE_REFERENCE.finditer(text):
        if match[1] not in defined:
            line, column = _line_column(text, match.start())
            findings.append(
                lint_finding(
                    path,
                    line,
                    column,
                    "N001",
                    f"footnote [^{match[1]}] has no note — add a line "
                    f"'[^{match[1]}]: The note.' at the end of the part",
                )
            )
    for label, match in defined.items():
        if label not in referenced:
            line, column = _line_column(text, match.start(1) - 2)
            findings.append(
                lint_finding(path, line, column, "N002", f"note [^{label}] is never referenced")
            )
    return findings


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


@dataclass
class Heading:
    path: Path
    line: int
    col: int
    text: str


def headings(path: Path, lines: list[str]) -> list[Heading]:
    found = []
    for number, line in enumerate(lines, start=1):
        match = HEADING.match(line)
        if match:
            text = re.sub(r"[*_`\[\]]|\{#[^}]*\}\s*$", "", line[match.end() :]).strip()
            found.append(Heading(path, number, match.end() + 1, text))
    return found


def capitalisation(heading: Heading, small: frozenset[str]) -> str:
    """ "title" (every major word capitalised), "sentence", or "" when it cannot tell."""
    words = re.findall(r"[^\W\d_][\w’'-]*", heading.text)[1:]
    major = [w for w in words if w.lower() not in small and not w.isupper()]
    if not major:
        return ""
    return "title" if all(w[0].isupper() for w in major) else "sentence"


def heading_case(found: list[Heading], style: Style) -> list[Diagnostic]:
    """Headings capitalised unlike most headings of the title."""
    small = language_data(style.language).minor_words
    styles = [(h, capitalisation(h, small)) for h in found]
    counts = {kind: sum(1 for _, s in styles if s == kind) for kind in ("title", "sentence")}
    if not counts["title"] or not counts["sentence"] or counts["title"] == counts["sentence"]:
        return []
    usual = max(counts, key=lambda kind: counts[kind])
    return [
        lint_finding(
            h.path,
            h.line,
            h.col,
            "H001",
            f'heading "{h.text}" is in {kind} case; the other headings of this title are in '
            f"{usual} case",
        )
        for h, kind in styles
        if kind and kind != usual
    ]
