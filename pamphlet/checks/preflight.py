"""Preflight of a title's built print-shop files (the outputs the registry marks for it):
each checked with the rules of pamphlet.pdf.preflight, against the manifest's trim and
bleed, the binding's page multiple and, for the cover wrap, the spine the print PDF's page
count and the paper give."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf

from pamphlet.binding import Binding, binding_named, binding_of
from pamphlet.diagnostics import Diagnostic
from pamphlet.inks import ink_names
from pamphlet.manifest import Manifest
from pamphlet.pdf.expectations import Expected
from pamphlet.pdf.preflight import check
from pamphlet.print_job import expected
from pamphlet.registry import EDITIONS, FINISHERS, ONE_INK, output_for_preflight


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


def preflight_plan(
    folder: Path, slug: str, manifest: Manifest | None
) -> list[tuple[Path, Expected]]:
    """The print-shop files of `slug` built in `folder`, each with what it should be (for
    the manifest's inks and binding, a cover wrap for the print PDF's page count)."""
    inks = ink_names(manifest) if manifest else ONE_INK
    interior = _pages(folder / output_for_preflight("print").name(slug))
    binding = _binding(folder, slug, manifest, interior) if manifest else None
    return [
        (path, expected(kind, manifest, binding, interior))
        for kind, path in preflight_files(folder, slug, inks)
        if path.is_file()
    ]


def preflight(folder: Path, slug: str, manifest: Manifest | None) -> list[Diagnostic]:
    """Preflight of the print-shop files of `slug` that are built in `folder`."""
    return [
        found
        for path, wanted in preflight_plan(folder, slug, manifest)
        for found in check(path, wanted)
    ]


def _pages(path: Path) -> int | None:
    """The page count of a built print PDF, or None."""
    try:
        with pikepdf.open(path) as pdf:
            return len(pdf.pages)
    except (OSError, pikepdf.PdfError):
        return None


def _binding(folder: Path, slug: str, manifest: Manifest, interior: int | None) -> Binding:
    """The binding the files were built for: the manifest's; for "auto", what the job ticket
    written beside them says (else saddle stitch if the print PDF is short enough)."""
    if manifest.print.binding != "auto":
        return binding_of(manifest)
    ticket = next(f for f in FINISHERS if f.name == "jobticket").outputs[1].name(slug)
    try:
        name = json.loads((folder / ticket).read_text(encoding="utf-8"))["binding_method"]
        return binding_named(str(name), manifest)
    except (OSError, ValueError, KeyError, TypeError):
        return binding_of(manifest, interior)
