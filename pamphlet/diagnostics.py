"""One kind of finding for everything pamphlet reports: source errors and warnings, lint
findings, preflight and validator results, the typography and proof reports.

A `Diagnostic` names a place (a file, and a line and column in it, or another place such as
"pages 3–4"), what is wrong and what to do, how serious it is and which rule or check found
it. Each command prints it in its own form (`str()` for errors and warnings, `lint_line()`,
`check_line()`), and `--format json` gives `as_json()` for tools that read them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


def display_path(path: Path | str | None) -> str:
    """A path as an editor would type it: relative to the current folder when inside it."""
    if path is None:
        return "<input>"
    if isinstance(path, str) and path.startswith("--"):
        return path  # a command-line option, not a file
    path = Path(os.path.abspath(path))
    here = Path.cwd()
    return str(path.relative_to(here)) if path.is_relative_to(here) else str(path)


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters shown as escapes (a value
    quoted in a message may hold them): every diagnostic stays one line. So are the bytes of
    a file name that is not UTF-8 (which Python keeps as lone surrogates, unprintable)."""
    return "".join(
        repr(c)[1:-1]
        if (c < " " or "\x7f" <= c < "\xa0" or c in "\u2028\u2029" or "\ud800" <= c <= "\udfff")
        else c
        for c in text
    )


@dataclass(frozen=True)
class Edit:
    """An automatic correction: replace columns [start, end) of a line (0-based) with `text`."""

    line: int
    start: int
    end: int
    text: str


@dataclass
class Diagnostic:
    """One finding: where (`path`, `line`, `column`, or `where` for a place that is not a
    line), `what` is wrong, the `fix` (advice for a person; `edit`, a correction a tool may
    apply), its `severity` and the `code` of the rule or check."""

    path: Path | str | None
    line: int | None = None
    what: str = ""
    fix: str = ""
    severity: Severity = "error"
    code: str = ""
    column: int | None = None
    where: str = ""
    edit: Edit | None = None  # what `lint --fix` may apply

    def place(self) -> str:
        """`path:line:column`, as far as they are known."""
        text = display_path(self.path)
        if self.line:
            text += f":{self.line}"
            if self.column:
                text += f":{self.column}"
        return text

    def __str__(self) -> str:
        """`path:line: what — fix`, the form of errors and warnings."""
        text = f"{self.place()}: {self.what}"
        return one_line(f"{text} — {self.fix}" if self.fix else text)

    def lint_line(self) -> str:
        """`path:line:col CODE what`, the form of `pamphlet lint`."""
        return one_line(f"{self.place()} {self.code} {self.what}")

    def check_line(self) -> str:
        """`severity: [code] path where: what — fix`, the form of `pamphlet check`."""
        place = display_path(self.path) + (f" {self.where}" if self.where else "")
        text = f"{self.severity}: [{self.code}] {place}: {self.what}"
        return one_line(f"{text} — {self.fix}" if self.fix else text)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": display_path(self.path) if self.path is not None else None,
            "line": self.line,
            "column": self.column,
            "where": self.where or None,
            "code": self.code or None,
            "severity": self.severity,
            "what": self.what,
            "fix": self.fix or None,
        }


def check_finding(
    check: str, severity: Severity, file: Path | str | None, where: str, what: str, fix: str = ""
) -> Diagnostic:
    """A check's result on a built file: `check` is its code, `where` a place in the file
    ("pages 3–4")."""
    return Diagnostic(file, None, what, fix, severity=severity, code=check, where=where)
