"""Every PDF read by two readers from outside, as a print shop's RIP and a reader's viewer
would: Ghostscript (`gs`, the interpreter behind many RIPs and preflight tools) and MuPDF
(`mutool`). Both repair damaged files silently when they can, so each must read the file
with no error, warning or repair at all. Debian's `ghostscript` and `mupdf-tools`, installed
by `scripts/setup.sh test`.

Ghostscript runs without `-q`, which would hide the "errors that were repaired" summary;
MuPDF's `draw` runs with `-N` (no colour management), because Debian builds it without ICC
support and it would otherwise warn about that for every file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, check_finding

TIMEOUT = 120
GHOSTSCRIPT = ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage"]
MUPDF = (["mutool", "info"], ["mutool", "draw", "-N", "-o", "/dev/null"])
INSTALL = "run 'make setup' (or: scripts/setup.sh test), which installs ghostscript and mupdf-tools"
PROBLEM = re.compile(r"\b(error|errors|warning|repaired|premature|damaged|broken)\b", re.I)
# What a reader says about itself, not about the file.
ABOUT_THE_TOOL = ("ICC support is not available",)


def check(path: Path) -> list[Diagnostic]:
    """Ghostscript's and MuPDF's findings for one PDF (none when both read it cleanly)."""
    return ghostscript(path) + mupdf(path)


def ghostscript(path: Path) -> list[Diagnostic]:
    # Ghostscript reports on standard output
    return _read("ghostscript", "gs", [*GHOSTSCRIPT, str(path)], path, stdout=True)


def mupdf(path: Path) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for command in MUPDF:
        # MuPDF reports on standard error; `info` prints the file's own metadata on
        # standard output, which may hold any word
        found += _read("mupdf", " ".join(command[:2]), [*command, str(path)], path, stdout=False)
    return found


def _read(
    check: str, reader: str, command: list[str], path: Path, stdout: bool
) -> list[Diagnostic]:
    """Run `command` on the PDF: one error naming everything it reported, if anything."""
    if shutil.which(command[0]) is None:
        what = f"{command[0]} is not installed, so {check} cannot read the PDF"
        return [check_finding(check, "error", path, "", what, INSTALL)]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, errors="replace", timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        return [
            check_finding(check, "error", path, "", f"{command[0]} did not finish in {TIMEOUT} s")
        ]
    output = (done.stdout if stdout else "") + "\n" + done.stderr
    complaints = problems(output.replace(str(path), "FILE"))  # a path may hold any word
    if done.returncode != 0 and not complaints:
        complaints = [f"{reader} failed with exit status {done.returncode}"]
    if not complaints:
        return []
    what = f"{reader} reports: " + "; ".join(complaints)
    fix = "rebuild it with 'pamphlet build --force'; if it persists, report it as a bug"
    return [check_finding(check, "error", path, "", what, fix)]


def problems(output: str) -> list[str]:
    """The lines of a reader's output that report a problem in the file, each once (a
    heading such as Ghostscript's "The following errors were encountered …:" left out)."""
    lines = []
    for line in output.splitlines():
        line = line.strip(" *\t")
        if line.endswith(":") or any(text in line for text in ABOUT_THE_TOOL):
            continue
        if PROBLEM.search(line) and line not in lines:
            lines.append(line)
    return lines
