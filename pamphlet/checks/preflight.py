"""Preflight of a title's built print-shop files (the outputs the registry marks for it):
each checked with the rules of pamphlet.pdf.preflight, against the manifest's trim and
bleed and the binding's page multiple."""

from __future__ import annotations

from pathlib import Path

from pamphlet.diagnostics import Diagnostic
from pamphlet.inks import ink_names
from pamphlet.manifest import Manifest
from pamphlet.pdf.preflight import check, expected
from pamphlet.registry import EDITIONS, ONE_INK


def preflight_files(
    folder: Path, slug: str, inks: tuple[str, ...] = ONE_INK
) -> list[tuple[str, Path]]:
    """The print-shop files of `slug` in `folder` for a job in `inks`, with the preflight
    kind of each: those of the default editions, and those of the others that are built."""
    return [
        (output.preflight, folder / name)
        for edition in EDITIONS
        for output in edition.outputs
        if output.preflight
        for name in output.names(slug, inks)
        if edition.default or (folder / name).is_file()
    ]


def preflight(folder: Path, slug: str, manifest: Manifest | None) -> list[Diagnostic]:
    """Preflight of the print-shop files of `slug` that are built in `folder`."""
    findings: list[Diagnostic] = []
    inks = ink_names(manifest) if manifest else ONE_INK
    for kind, path in preflight_files(folder, slug, inks):
        if path.is_file():
            findings += check(path, expected(kind, manifest))
    return findings
