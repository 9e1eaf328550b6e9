"""EPUB accessibility with DAISY Ace (npm `@daisy/ace`, run as `ace-puppeteer` on Debian's
Chromium, offline). `scripts/setup.sh test` installs both: Ace into `tools/node_modules`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pamphlet.context import PACKAGE_ROOT
from pamphlet.diagnostics import Diagnostic, Severity, check_finding
from pamphlet.fonts import machine_environment

TIMEOUT = 300
SEVERITIES: dict[str, Severity] = {
    "critical": "error",
    "serious": "error",
    "moderate": "warning",
    "minor": "warning",
}
INSTALL = "run 'make setup' (or: scripts/setup.sh test), which installs Chromium and Ace"


def ace_command() -> Path | None:
    """`ace-puppeteer`: $PAMPHLET_ACE, the repository's tools/node_modules, or on PATH."""
    candidates = [
        os.environ.get("PAMPHLET_ACE", ""),
        str(PACKAGE_ROOT.parent / "tools" / "node_modules" / ".bin" / "ace-puppeteer"),
        shutil.which("ace-puppeteer") or "",
    ]
    return next((Path(c) for c in candidates if c and os.access(c, os.X_OK)), None)


def chromium() -> str | None:
    for candidate in (
        os.environ.get("PUPPETEER_EXECUTABLE_PATH", ""),
        "/usr/bin/chromium",
        shutil.which("chromium") or "",
    ):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def check(path: Path) -> list[Diagnostic]:
    ace, browser = ace_command(), chromium()
    if ace is None or browser is None:
        missing = "DAISY Ace" if ace is None else "Chromium"
        return [
            check_finding(
                "ace",
                "error",
                path,
                "",
                f"{missing} is not installed, so the EPUB's accessibility cannot be checked",
                INSTALL,
            )
        ]
    with tempfile.TemporaryDirectory(prefix="pamphlet-ace-") as folder:
        report = Path(folder) / "report"
        env = machine_environment(PUPPETEER_EXECUTABLE_PATH=browser)
        try:
            done = subprocess.run(
                [str(ace), "--silent", "--outdir", str(report), "--tempdir", folder, str(path)],
                capture_output=True,
                text=True,
                env=env,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return [_failure(path, f"Ace did not finish within {TIMEOUT} s")]
        if not (report / "report.json").is_file():
            output = (done.stderr or done.stdout).strip().splitlines()
            return [_failure(path, f"Ace failed: {output[-1] if output else done.returncode}")]
        return findings(path, json.loads((report / "report.json").read_text(encoding="utf-8")))


def findings(path: Path, report: dict) -> list[Diagnostic]:
    """Every violation in an Ace report (EARL JSON), with where it is and where to read up."""
    found = []
    for subject in report.get("assertions", []):
        document = subject.get("earl:testSubject", {}).get("url", "")
        for assertion in subject.get("assertions", []):
            test = assertion.get("earl:test", {})
            result = assertion.get("earl:result", {})
            if result.get("earl:outcome") != "fail":
                continue
            pointer = dict.fromkeys(result.get("earl:pointer", {}).get("css", []))
            where = " ".join([document, ", ".join(pointer)]).strip()
            help_url = test.get("help", {}).get("url", "")
            found.append(
                check_finding(
                    "ace",
                    SEVERITIES.get(test.get("earl:impact", ""), "error"),
                    path,
                    where,
                    f"{test.get('dct:title', '?')}: {_one_line(result.get('dct:description', ''))}",
                    f"see {help_url}" if help_url else "",
                )
            )
    return found


def _one_line(text: str) -> str:
    return "; ".join(line.strip() for line in text.splitlines() if line.strip())


def _failure(path: Path, what: str) -> Diagnostic:
    return check_finding("ace", "error", path, "", what, "run 'make setup' and try again")
