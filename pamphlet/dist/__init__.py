"""The distributor bundle, build/dist/: for each title its screen PDF and EPUB, its cover
and a thumbnail, a JSON metadata record and an ONIX 3.0 message (onix.py: one product per
file format, the EPUB's with its accessibility, validated against EDItEUR's ONIX 3.0 XML
Schema and code lists); an OPDS catalogue of them all (opds.py); SHA256SUMS for everything.

The bundle is assembled beside build/dist/ and swapped in whole, so a failed run leaves the
previous bundle as it was.
"""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pamphlet.build import build_title, load_document
from pamphlet.context import BuildContext
from pamphlet.errors import BuildError, Warnings
from pamphlet.manifest import load_manifest
from pamphlet.manifest.editorial import refuse_placeholders
from pamphlet.output import remove_tree, sha256, write_atomic, write_checksums
from pamphlet.dist.formats import FORMATS, Format
from pamphlet.registry import edition
from pamphlet.workspace import Workspace

if TYPE_CHECKING:
    from pamphlet.dist.opds import CatalogueTitle

DIST = "dist"
COVER_HEIGHT = 800  # pixels, the cover JPEG
THUMBNAIL_HEIGHT = 240  # pixels, the catalogue's thumbnail


def file_entry(path: Path, fmt: Format) -> dict:
    return {
        "name": path.name,
        "edition": fmt.edition,
        "format": fmt.name,
        "media_type": fmt.media_type,
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
    }


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def metadata_record(
    ctx: BuildContext, files: list[dict], pages: int, cover: str, thumbnail: str
) -> dict:
    """The title's metadata as JSON for a distributor's catalogue."""
    from pamphlet.editions.epub_metadata import book_identifier

    m = ctx.manifest
    return {
        "slug": m.slug,
        "identifier": book_identifier(ctx),
        "title": m.title,
        "subtitle": m.subtitle,
        "author": m.author,
        "publisher": m.publisher,
        "language": m.language,
        "date": m.date.isoformat(),
        "description": m.description,
        "subjects": list(m.subjects),
        "rights": m.rights,
        "isbn": m.isbn,
        "edition": m.edition,
        "version": m.version,
        "series": (
            {"name": m.series.name, "number": m.series.number, "issue": m.series.issue}
            if m.series
            else None
        ),
        "trim": {"inches": m.trim.inches, "millimetres": m.trim.millimetres},
        "pages": pages,
        "parts": [{"role": part.role, "title": part.title_text} for part in ctx.document.parts],
        "titles": [  # what a collection includes
            {
                "slug": title.id,
                "title": title.manifest.title,
                "author": title.manifest.author,
                "language": title.language,
            }
            for title in ctx.document.titles
        ],
        "cover": cover,
        "thumbnail": thumbnail,
        "files": files,
    }


# --- the bundle -----------------------------------------------------------------------------


def cover_images(ctx: BuildContext) -> tuple[bytes, bytes]:
    """The cover as JPEGs: COVER_HEIGHT pixels high, and a THUMBNAIL_HEIGHT thumbnail."""
    from PIL import Image

    from pamphlet.layout.cover import render_cover

    screen_pdf = ctx.out / edition("screen").outputs[0].name(ctx.slug)
    image: Image.Image = Image.open(io.BytesIO(render_cover(screen_pdf.read_bytes(), COVER_HEIGHT)))
    image = image.convert("RGB")
    width = round(image.width * THUMBNAIL_HEIGHT / image.height)
    small = image.resize((width, THUMBNAIL_HEIGHT), Image.Resampling.LANCZOS)
    return _jpeg(image), _jpeg(small)


def _jpeg(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class Bundled:
    """What bundle_title wrote for a title: the file names, and its catalogue entry."""

    names: list[str]
    entry: CatalogueTitle


def bundle_title(workspace: Workspace, slug: str, folder: Path) -> Bundled:
    """Build the title's screen PDF and EPUB and put them, their metadata and covers into
    `folder`. A title with placeholders is refused, unless a draft."""
    from pamphlet.dist.accessibility import onix_features
    from pamphlet.dist.onix import onix_message, onix_problems
    from pamphlet.dist.opds import catalogue_title

    refuse_placeholders(load_manifest(workspace.manifest_path(slug)))
    result = build_title(workspace, slug, [fmt.edition for fmt in FORMATS], use_cache=True)
    if result.error:
        raise result.error
    ctx = BuildContext(workspace, load_document(workspace, slug, Warnings()))
    files: dict[str, dict] = {}
    for fmt in FORMATS:
        built = ctx.out / f"{slug}{fmt.suffix}"
        shutil.copyfile(built, folder / built.name)
        files[fmt.edition] = file_entry(folder / built.name, fmt)
    pages = page_count(folder / edition("screen").outputs[0].name(slug))
    cover, thumbnail = f"{slug}-cover.jpg", f"{slug}-thumbnail.jpg"
    for name, image in zip((cover, thumbnail), cover_images(ctx), strict=True):
        write_atomic(folder / name, image)
    record = metadata_record(ctx, list(files.values()), pages, cover, thumbnail)
    write_atomic(
        folder / f"{slug}.json",
        (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    # an EPUB product's accessibility is read from the EPUB itself: one source of truth
    contact = ctx.manifest.epub.accessibility_contact
    features = {
        fmt.edition: onix_features(folder / f"{slug}{fmt.suffix}", contact)
        for fmt in FORMATS
        if fmt.media_type == "application/epub+zip"
    }
    onix = f"{slug}.onix.xml"
    write_atomic(folder / onix, onix_message(ctx, files, pages, cover, features))
    problems = onix_problems(folder / onix)
    if problems:
        raise BuildError(
            folder / onix,
            None,
            f"the ONIX record is not valid: {problems[0]}",
            "report this to the pamphlet maintainers",
        )
    names = [f"{slug}{fmt.suffix}" for fmt in FORMATS]
    names += [cover, thumbnail, f"{slug}.json", onix]
    return Bundled(names, catalogue_title(ctx, files.values(), cover, thumbnail, onix))


def make_dist(
    workspace: Workspace,
    slugs: list[str],
    on_title: Callable[[str, list[str]], None] | None = None,
) -> Path:
    """Assemble build/dist/ for `slugs`, with the catalogue of them all, and swap it in
    whole."""
    from pamphlet.dist.opds import catalogue

    target = workspace.build / DIST
    staging = workspace.build / f".{DIST}-new"
    remove_tree(staging)
    staging.mkdir(parents=True)
    try:
        names: list[str] = []
        entries: list[CatalogueTitle] = []
        for slug in slugs:
            bundled = bundle_title(workspace, slug, staging)
            names += bundled.names
            entries.append(bundled.entry)
            if on_title:
                on_title(slug, bundled.names)
        for name, feed in catalogue(entries).items():
            write_atomic(staging / name, feed)
            names.append(name)
        write_checksums(staging, names)
        old = workspace.build / f".{DIST}-old"
        remove_tree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        remove_tree(old)
    finally:
        remove_tree(staging)
    return target
