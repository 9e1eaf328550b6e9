"""Preflight of a title's built print-shop files (the outputs the registry marks for it):
each checked with the rules of pamphlet.pdf.preflight, against the manifest's trim and
bleed and the binding's page multiple."""

from __future__ import annotations

from pathlib import Path

from pamphlet.diagnostics import Diagnostic
from pamphlet.manifest import Manifest
from pamphlet.pdf.preflight import check, expected
from pamphlet.registry import EDITIONS


def preflight_files(folder: Path, slug: str) -> list[tuple[str, Path]]:
    """The print-shop files of `slug` in `folder`, with the preflight kind of each."""
    return [
        (output.preflight, folder / output.name(slug))
        for edition in EDITIONS
        for output in edition.outputs
        if output.preflight
    ]


def preflight(folder: Path, slug: str, manifest: Manifest | None) -> list[Diagnostic]:
    """Preflight of the print-shop files of `slug` that are built in `folder`."""
    findings: list[Diagnostic] = []
    for kind, path in preflight_files(folder, slug):
        if path.is_file():
            findings += check(path, expected(kind, manifest))
    return findings
