"""The one layout of a title. The book is one HTML document (the shared templates), styled
by the house style in the screen colours with the print edition's bleed and back cover,
laid out by WeasyPrint once inside the sandbox and written once as a tagged PDF with links
and bookmarks (`book_pdf`). Every paged edition is made from these pages: the screen PDF
trims them, the print PDF recolours them for the job's inks and adds marks, the booklets
impose the print PDF, and the EPUB's page list reads where each page begins. So a page
number means the same page in every edition.

`lay_out` is the general step (an edition with pages of its own, such as large print, calls
it with its own stylesheets); `book_layout` is the shared layout, made once per build.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterable
from pathlib import Path

import pikepdf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from pamphlet.binding import Binding, binding_of
from pamphlet.context import BuildContext
from pamphlet.errors import SourceError
from pamphlet.fetch import RefusedResource, SandboxedFetcher
from pamphlet.fonts import font_configuration, pdf_font_css
from pamphlet.layout.barcode import barcode_pdf, stamp_barcode
from pamphlet.layout.fastload import preload_hyphenation
from pamphlet.manifest import line_of
from pamphlet.output import build_timestamp, iso_date, sha256
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.pdfx import pdf_bytes
from pamphlet.products import BackCover, BookLayout, LaidOut
from pamphlet.registry import LAYOUT, SHARED
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.templates import context as template_context
from pamphlet.sandbox import html_nodes, markup_problem, not_on_the_network
from pamphlet.timing import stage
from pamphlet.typeset import optimal_lines, report_lines
from pamphlet.units import Size

BACK_PAGE = "back-cover"  # the named page of the back cover (styles/paged.css)


def book_html(
    ctx: BuildContext, edition: str, values: dict | None = None, template: str = "book.html.j2"
) -> str:
    """The whole title as one HTML document (or another `template`: the cover wrap), footnotes
    floated to the page foot. `values` adds to what the templates see: `body_parts` (the
    parts inside, default all), `back_cover` (default none) and `self_cover` (default true)."""
    writer = HtmlWriter(
        MarkupSettings(
            footnotes_inline=True,
            back_to_text=ctx.labels["back_to_text"],
            page_label=ctx.labels["page_abbreviation"],
        )
    )
    seen = template_context(
        ctx.document,
        writer,
        edition,
        ctx.labels,
        created=iso_date(ctx.manifest.date),
        modified=iso_date(build_timestamp(ctx.manifest)),
        **{
            "body_parts": ctx.document.parts,
            "back_cover": None,
            "self_cover": True,
            **(values or {}),
        },
    )
    html = ctx.templates.get_template(template).render(seen)
    check_book(ctx, html)
    return html


def check_book(ctx: BuildContext, html: str) -> None:
    """No script or embedded document, links only to the web, an address or the book, and
    nothing from the network even where the layout would not load it (what it loads goes
    through the sandbox's fetcher)."""
    problem = markup_problem(html_nodes(html), not_on_the_network)
    if problem:
        raise ctx.reference_error(*problem)


def _stylesheets(
    ctx: BuildContext,
    names: Iterable[str],
    fetcher: SandboxedFetcher,
    fonts: FontConfiguration,
    extra_css: str,
    page: Size,
) -> tuple[list[CSS], str]:
    """The CSS objects WeasyPrint lays out with, and their text (for the file identifier)."""
    generated = (
        pdf_font_css(ctx.workspace.cache, fetcher.url) + f"@page {{ size: {page.css}; }}\n"
        f".cover {{ height: {page.height:g}pt; }}\n" + extra_css
    )
    sheets = [CSS(string=generated, url_fetcher=fetcher, font_config=fonts)]
    texts = [page.css, extra_css]
    for name in names:
        sheet = ctx.sheet(name)
        sheets.append(
            CSS(
                string=sheet.text,
                base_url=fetcher.url(sheet.path),
                url_fetcher=fetcher,
                font_config=fonts,
            )
        )
        texts.append(sheet.text)
    return sheets, "\n".join(texts)


def lay_out(
    ctx: BuildContext,
    edition: str,
    stylesheets: Iterable[str],
    extra_css: str = "",
    values: dict | None = None,
    page: Size | None = None,
    template: str = "book.html.j2",
) -> LaidOut:
    """Lay the book (or another `template`) out with `stylesheets` on pages of `page` size
    (default: the trim); a refused resource becomes a SourceError."""
    fetcher = SandboxedFetcher(ctx.sandbox_roots(), ctx.aliases())
    fonts = font_configuration(ctx.out)
    preload_hyphenation(ctx.manifest.language)
    html = book_html(ctx, edition, values, template)
    page = page or ctx.manifest.trim
    try:
        with _warnings_to(ctx):  # what WeasyPrint says of the stylesheets, too
            sheets, styles = _stylesheets(ctx, stylesheets, fetcher, fonts, extra_css, page)
        with _warnings_to(ctx), stage(f"layout {edition}"), optimal_lines() as breaker:
            document = HTML(
                string=html,
                base_url=fetcher.url(ctx.manifest.folder) + "/",
                url_fetcher=fetcher,
            ).render(stylesheets=sheets, font_config=fonts)
    except RefusedResource as refused:
        raise refused_resource(ctx, refused) from None
    if fetcher.refused:  # refused where WeasyPrint carries on (inline SVG)
        raise refused_resource(ctx, fetcher.refused[0])
    report_lines(ctx, breaker)
    return LaidOut(document, html, styles, fetcher)


def book_layout(ctx: BuildContext) -> BookLayout:
    """The title's one layout, shared by every paged edition: made once per build. A title
    bound "auto" is laid out self-covered for saddle stitching first, and again without
    its cover pages when that copy has more pages than a stitched one may."""
    if ctx.products.layout is None:
        layout = _lay_out_book(ctx, binding_of(ctx.manifest))
        chosen = binding_of(ctx.manifest, layout.page_count)
        if chosen != layout.binding:
            layout = _lay_out_book(ctx, chosen)
        ctx.products.layout = layout
    return ctx.products.layout


def _lay_out_book(ctx: BuildContext, binding: Binding) -> BookLayout:
    """The book bound as `binding`: with a self-cover, the back cover is its last page;
    without, it moves to the cover wrap (pamphlet/layout/wrap.py) with the front cover."""
    back = back_cover(ctx)
    laid_back = back if binding.self_cover else None
    moved = back.part if binding.self_cover else None  # without: the wrap repeats it
    body_parts = [part for part in ctx.document.parts if part is not moved]
    values = {"body_parts": body_parts, "back_cover": laid_back, "self_cover": binding.self_cover}
    laid = lay_out(ctx, "book", SHARED[LAYOUT].stylesheets, _bleed_css(ctx), values)
    pages = laid.document.pages
    back_page = _back_cover_page(ctx, pages) if laid_back else None
    blanks = binding.blanks_needed(len(pages))
    return BookLayout(laid, back, back_page, blanks, binding)


def book_pdf(ctx: BuildContext) -> bytes:
    """The one layout written as a PDF, once per build: tagged, with links and bookmarks, in
    the screen colours, with the bleed, and the ISBN's barcode on a self-cover's back. The
    screen and print PDFs are made from it."""
    if ctx.products.book_pdf is None:
        layout = book_layout(ctx)
        data = write_pdf(ctx, layout.laid, "book")
        drawn = barcode_pdf(ctx)
        if drawn is not None and layout.back_page is not None:
            pdf = pikepdf.open(io.BytesIO(data))
            page = pdf.pages[layout.back_page]
            stamp_barcode(pdf, page, drawn, Rect.of(page.obj.TrimBox))
            data = pdf_bytes(pdf)
        ctx.products.book_pdf = data
    return ctx.products.book_pdf


def back_cover(ctx: BuildContext) -> BackCover:
    """What the printed copy's back cover shows — its last page with a self-cover, the back
    of the cover wrap without: the manifest's choice (by default the slogans when there are
    some, else the publisher); slogans move there from inside."""
    kind = ctx.manifest.print.back_cover
    slogans = next((part for part in ctx.document.own_parts if part.role == "slogans"), None)
    if kind in ("slogans", "") and slogans:
        return BackCover("slogans", slogans)
    if kind == "slogans":
        ctx.warnings.add(
            ctx.manifest.path,
            line_of(ctx.manifest, "back_cover", "print"),
            "the back cover should show the slogans, but the title has no slogans part; "
            "it shows the publisher instead",
            'add a part with role = "slogans", or set back_cover = "publisher" in [print]',
        )
    return BackCover(kind if kind in ("publisher", "blank") else "publisher")


def _bleed_css(ctx: BuildContext) -> str:
    bleed = ctx.manifest.print.bleed
    return (
        f":root {{ --bleed: {bleed:g}pt; }}\n@page {{ bleed: {bleed:g}pt; }}\n"
        f".back-cover {{ height: {ctx.manifest.trim.height:g}pt; }}\n"
    )


def _back_cover_page(ctx: BuildContext, pages: list) -> int:
    """Index of the page where the back cover begins; a warning if it runs onto more."""
    index = next(i for i, page in enumerate(pages) if page._page_box.page_type.name == BACK_PAGE)
    if index != len(pages) - 1:
        ctx.warnings.add(
            ctx.manifest.path,
            line_of(ctx.manifest, "back_cover", "print"),
            f"the back cover runs onto {len(pages) - index} pages",
            'shorten the slogans, or set back_cover = "publisher" in [print]',
        )
    return index


def refused_resource(ctx: BuildContext, refused: RefusedResource) -> SourceError:
    real = SandboxedFetcher(ctx.sandbox_roots(), ctx.aliases()).real_url(refused.url)
    return ctx.reference_error(real, refused.reason)


def pdf_identifier(name: str, content: str, files: Iterable[Path] = ()) -> bytes:
    """A file identifier derived from everything the PDF is made of (markup, styles, the
    bytes of the fonts and images it read), so the same sources give the same identifier and
    any change gives a new one. Never a path: two clones give the same bytes."""
    digest = hashlib.sha256(f"{name}\n{content}".encode())
    for file_digest in sorted({sha256(file) for file in files}):
        digest.update(file_digest.encode())
    return digest.hexdigest()[:32].encode()


def write_pdf(ctx: BuildContext, laid: LaidOut, name: str, **options) -> bytes:
    """The laid-out book as PDF bytes: tagged, with links and bookmarks."""
    identifier = pdf_identifier(name, f"{laid.html}\n{laid.styles}", laid.fetcher.fetched)
    try:
        with stage(f"write {name}"):
            data = laid.document.write_pdf(pdf_identifier=identifier, pdf_tags=True, **options)
    except RefusedResource as refused:  # attachments are read while writing
        raise refused_resource(ctx, refused) from None
    if laid.fetcher.refused:
        raise refused_resource(ctx, laid.fetcher.refused[0])
    return data


class _WeasyPrintWarnings(logging.Handler):
    def __init__(self, ctx: BuildContext):
        super().__init__(logging.WARNING)
        self.ctx = ctx

    def emit(self, record: logging.LogRecord) -> None:
        self.ctx.warnings.add(
            self.ctx.manifest.folder,
            None,
            f"WeasyPrint: {record.getMessage()}",
            "check the stylesheets",
        )


class _warnings_to:
    """Collect WeasyPrint's own warnings as build warnings while laying out."""

    def __init__(self, ctx: BuildContext):
        self.handler = _WeasyPrintWarnings(ctx)
        self.logger = logging.getLogger("weasyprint")

    def __enter__(self) -> None:
        self.logger.addHandler(self.handler)
        self.previous = self.logger.propagate
        self.logger.propagate = False

    def __exit__(self, *exc: object) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.previous
