"""`pamphlet proof`: every built edition compared, word for word, with the publisher's original.

The original is the text the publisher sent, kept untouched beside the sources
(`sources/<slug>/original.txt` or `.html`; `pamphlet import` puts it there). Each edition's
words — PDF pages, a booklet's half sheets, EPUB documents, the web page — are aligned with
the original's (align.py), typography normalised (words.py); the generated matter (cover,
title page, contents, colophon, labels, running heads, folios, note and page numbers) is
derived from the templates and the title (generated.py). Every word added or missing is a
difference, with its place in the original, in the sources and in each edition
(report.py); an editor acknowledges a deliberate change with a comment `<!-- editor: why -->`
at it, or in the manifest's `[proof] acknowledged` list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.errors import SourceError, Warnings
from pamphlet.manifest import Manifest, load_manifest
from pamphlet.proof.align import Alignment, align
from pamphlet.proof.editions import EditionText, read_edition
from pamphlet.proof.generated import generated_matter
from pamphlet.proof.original import Original, find_original, read_original
from pamphlet.proof.report import Difference, differences
from pamphlet.proof.sources import read_sources, source_positions
from pamphlet.sources.markdown import parse_document
from pamphlet.workspace import Workspace

PROOFED = (".pdf", ".epub", ".html")


@dataclass
class EditionProof:
    path: Path
    words: int
    differences: list[Difference] = field(default_factory=list)

    @property
    def unacknowledged(self) -> list[Difference]:
        return [d for d in self.differences if not d.acknowledged]


@dataclass
class Proof:
    """The proof of one title: its original and, per built edition file, the differences."""

    manifest: Manifest
    original: Original
    editions: list[EditionProof] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)  # merged over the editions

    @property
    def unacknowledged(self) -> list[Difference]:
        return [d for d in self.differences if not d.acknowledged]


def built_files(workspace: Workspace, slug: str) -> list[Path]:
    """Every file that carries the text of an edition in build/<slug>/: PDFs, EPUBs, web
    pages (whatever edition made them)."""
    from pamphlet.registry import without_the_text

    folder = workspace.output_folder(slug)
    if not folder.is_dir():
        return []
    covers = without_the_text(slug)
    return sorted(
        p for p in folder.iterdir() if p.suffix in PROOFED and p.is_file() and p.name not in covers
    )


def original_of(workspace: Workspace, slug: str) -> Path | None:
    return find_original(workspace.sources / slug)


def proof_title(workspace: Workspace, slug: str, only: list[str] | None = None) -> Proof:
    """Compare every built edition of `slug` (or those named in `only`) with its original."""
    manifest = load_manifest(workspace.manifest_path(slug))
    if manifest.is_collection:
        raise SourceError(
            manifest.path,
            None,
            "a collection has no original of its own, and its editions are not proofed yet",
            "proof the titles it includes: pamphlet proof "
            + " ".join(title.slug for title in manifest.titles),
        )
    path = find_original(manifest.folder)
    if path is None:
        raise SourceError(
            manifest.folder,
            None,
            "there is no original to proof against",
            f"put the publisher's text, as sent, in sources/{slug}/original.txt "
            "(`pamphlet import` does this)",
        )
    document = parse_document(manifest, Warnings())
    original = read_original(path, manifest)
    sources = read_sources(manifest)
    positions = source_positions(original.words, sources)
    generated = generated_matter(workspace, document)
    part_ids = {part.id for part in document.parts}
    portrait = manifest.trim.height > manifest.trim.width
    proof = Proof(manifest, original)
    files = built_files(workspace, slug)
    if only:
        from pamphlet.registry import edition

        wanted = {name for chosen in only for name in edition(chosen).output_names(slug)}
        files = [file for file in files if file.name in wanted]
    for file in files:
        text: EditionText = read_edition(file, part_ids, portrait)
        alignment: Alignment = align(original.words, text.segments, generated)
        found = differences(original, sources, positions, text, alignment, manifest)
        count = sum(len(segment.words) for segment in text.segments)
        proof.editions.append(EditionProof(file, count, found))
    proof.differences = _merged(proof.editions)
    return proof


def _merged(editions: list[EditionProof]) -> list[Difference]:
    """One difference for the same words at the same place, with every edition's place."""
    merged: dict[tuple, Difference] = {}
    for edition in editions:
        for difference in edition.differences:
            key = difference.identity
            if key in merged:
                merged[key].places |= difference.places
            else:
                merged[key] = difference.copy()
    return sorted(merged.values(), key=lambda d: (d.original_line or 0, d.kind))
