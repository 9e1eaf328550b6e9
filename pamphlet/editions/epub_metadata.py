"""The EPUB's package metadata: Dublin Core from the manifest, the series, an identifier that
never changes between builds, and the EPUB Accessibility 1.1 discovery metadata and
conformance claim, whose summary says only what this title has."""

from __future__ import annotations

import uuid

from ebooklib import epub

from pamphlet.context import BuildContext

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"


def book_identifier(ctx: BuildContext) -> str:
    """urn:isbn from the ISBN, or a UUID derived from the title's identity (never random)."""
    m = ctx.manifest
    if m.isbn:
        return f"urn:isbn:{m.isbn}"
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pamphlet:{m.publisher}:{m.slug}:{m.title}')}"
    )


def metadata(book: epub.EpubBook, ctx: BuildContext) -> None:
    m = ctx.manifest
    book.set_identifier(book_identifier(ctx))
    book.set_title(f"{ctx.labels['draft']}: {m.title}" if m.draft else m.title)
    book.set_language(m.language)
    for language in ctx.document.languages[1:]:  # a collection's titles in other languages
        book.add_metadata("DC", "language", language)
    book.add_author(m.author)
    authors = dict.fromkeys(title.manifest.author for title in ctx.document.titles)
    others = [author for author in authors if author != m.author]
    for number, author in enumerate(others, start=2):  # the authors of a collection's titles
        book.add_author(author, uid=f"creator-{number}")
    book.add_metadata("DC", "publisher", m.publisher)
    book.add_metadata("DC", "date", m.date.isoformat())
    book.add_metadata("DC", "description", m.description)
    book.add_metadata("DC", "rights", m.rights)
    for subject in m.subjects:
        book.add_metadata("DC", "subject", subject)
    if m.subtitle:
        book.add_metadata("DC", "title", m.subtitle, {"id": "subtitle"})
        book.add_metadata(
            None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"}
        )
    if m.series:
        book.add_metadata(
            None, "meta", m.series.name, {"property": "belongs-to-collection", "id": "series"}
        )
        book.add_metadata(
            None, "meta", "series", {"refines": "#series", "property": "collection-type"}
        )
        if m.series.number.isdigit():
            book.add_metadata(
                None, "meta", m.series.number, {"refines": "#series", "property": "group-position"}
            )


def accessibility_metadata(book: epub.EpubBook, ctx: BuildContext, page_list: bool) -> None:
    """EPUB Accessibility 1.1 discovery metadata and conformance claim. The claim holds
    because every build is checked with epubcheck and DAISY Ace (tests, `pamphlet check`)."""
    m = ctx.manifest
    has_images = bool(ctx.document.images())
    modes = ["textual", "visual"] if has_images else ["textual"]
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ]
    if page_list:
        features += ["pageBreakMarkers", "printPageNumbers", "pageNavigation"]

    def meta(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    for mode in modes:
        meta("schema:accessMode", mode)
    meta("schema:accessModeSufficient", "textual")
    for feature in features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    meta("schema:accessibilitySummary", accessibility_summary(ctx, page_list))
    meta("dcterms:conformsTo", CONFORMANCE)
    meta("a11y:certifiedBy", m.epub.certified_by or m.publisher)
    if page_list:
        source = print_edition_name(ctx)
        book.add_metadata("DC", "source", source)
        meta("pageBreakSource", source)


def accessibility_summary(ctx: BuildContext, page_list: bool) -> str:
    """What a reader can rely on, in the title's language: only what this title has."""
    has_notes = any(part.notes for part in ctx.document.parts)
    sentences = [
        ("a11y_summary", True),
        ("a11y_summary_images", bool(ctx.document.images())),
        ("a11y_summary_notes", has_notes),
        ("a11y_summary_pages", page_list),
        ("a11y_summary_reader", True),
    ]
    return " ".join(ctx.labels[key] for key, applies in sentences if applies)


def print_edition_name(ctx: BuildContext) -> str:
    """How the page list names its source: 'Title, print edition, Publisher, …'."""
    m = ctx.manifest
    parts = [m.title, ctx.labels["print_edition"], m.publisher]
    if m.edition:
        parts.append(ctx.labels["edition_line"].format(edition=m.edition, version=m.version))
    return ", ".join(parts)
