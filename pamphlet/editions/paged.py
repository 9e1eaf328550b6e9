"""What the two PDF editions (screen and print) share: the book as one HTML document, its
stylesheets, and its layout by WeasyPrint inside the sandbox."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint import Document as LaidOutDocument
from weasyprint.text.fonts import FontConfiguration

from pamphlet.context import BuildContext
from pamphlet.errors import SourceError
from pamphlet.fetch import RefusedResource, SandboxedFetcher
from pamphlet.fonts import font_configuration, pdf_font_css
from pamphlet.output import build_timestamp, iso_date, sha256
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.templates import context as template_context
from pamphlet.sandbox import html_nodes, markup_problem, not_on_the_network
from pamphlet.timing import stage


@dataclass
class Layout:
    """A laid-out book and what made it, for writing and for reading page positions."""

    document: LaidOutDocument
    html: str
    fetcher: SandboxedFetcher
    styles: str = ""


def book_html(ctx: BuildContext, edition: str, only: str = "", values: dict | None = None) -> str:
    """The whole title as one HTML document, footnotes floated to the page foot; with
    `only="cover"`, just the cover. `values` adds to (or overrides) what the templates see:
    `body_parts` (the parts inside, default all) and `back_cover` (default none)."""
    writer = HtmlWriter(
        MarkupSettings(footnotes_inline=True, back_to_text=ctx.labels["back_to_text"])
    )
    stamp = iso_date(build_timestamp(ctx.manifest))
    seen = template_context(
        ctx.document,
        writer,
        edition,
        ctx.labels,
        created=iso_date(ctx.manifest.date),
        modified=stamp,
        only=only,
        **{"body_parts": ctx.document.parts, "back_cover": None, **(values or {})},
    )
    html = ctx.templates.get_template("book.html.j2").render(seen)
    check_book(ctx, html)
    return html


def check_book(ctx: BuildContext, html: str) -> None:
    """No script or embedded document, links only to the web, an address or the book, and
    nothing from the network even where the layout would not load it (what it loads goes
    through the sandbox's fetcher)."""
    problem = markup_problem(html_nodes(html), not_on_the_network)
    if problem:
        raise ctx.reference_error(*problem)


def stylesheets(
    ctx: BuildContext,
    edition: str,
    fetcher: SandboxedFetcher,
    fonts: FontConfiguration,
    extra_css: str = "",
) -> list[CSS]:
    trim = ctx.manifest.trim
    generated = (
        pdf_font_css(ctx.workspace.cache, fetcher.url) + f"@page {{ size: {trim.css}; }}\n"
        f".cover {{ height: {trim.height:g}pt; }}\n" + extra_css
    )
    sheets = [CSS(string=generated, url_fetcher=fetcher, font_config=fonts)]
    for name in _sheets(edition):
        path = ctx.stylesheet(name)
        sheets.append(
            CSS(
                string=path.read_text(encoding="utf-8", errors="replace"),
                base_url=fetcher.url(path),
                url_fetcher=fetcher,
                font_config=fonts,
            )
        )
    return sheets


def lay_out(
    ctx: BuildContext,
    edition: str,
    extra_css: str = "",
    only: str = "",
    values: dict | None = None,
) -> Layout:
    """Lay out the book for `edition`; a refused resource becomes a SourceError."""
    fetcher = SandboxedFetcher(ctx.sandbox_roots(), ctx.aliases())
    fonts = font_configuration(ctx.out)
    html = book_html(ctx, edition, only, values)
    try:
        with _warnings_to(ctx):  # what WeasyPrint says of the stylesheets, too
            sheets = stylesheets(ctx, edition, fetcher, fonts, extra_css)
        with _warnings_to(ctx), stage(f"layout {edition}"):
            document = HTML(
                string=html,
                base_url=fetcher.url(ctx.manifest.folder) + "/",
                url_fetcher=fetcher,
            ).render(stylesheets=sheets, font_config=fonts)
    except RefusedResource as refused:
        raise refused_resource(ctx, refused) from None
    if fetcher.refused:  # refused where WeasyPrint carries on (inline SVG)
        raise refused_resource(ctx, fetcher.refused[0])
    styles = "\n".join(
        [ctx.manifest.trim.css, extra_css]
        + [
            ctx.stylesheet(name).read_text(encoding="utf-8", errors="replace")
            for name in _sheets(edition)
        ]
    )
    return Layout(document, html, fetcher, styles)


def _sheets(edition: str) -> tuple[str, ...]:
    return ("base.css", "paged.css", f"{edition}.css")


def refused_resource(ctx: BuildContext, refused: RefusedResource) -> SourceError:
    real = SandboxedFetcher(ctx.sandbox_roots(), ctx.aliases()).real_url(refused.url)
    return ctx.reference_error(real, refused.reason)


def pdf_identifier(
    ctx: BuildContext, edition: str, content: str, files: Iterable[Path] = ()
) -> bytes:
    """A file identifier derived from everything the PDF is made of (markup, styles, the
    bytes of the fonts and images it read), so the same sources give the same identifier and
    any change gives a new one. Never a path: two clones give the same bytes."""
    digest = hashlib.sha256(f"{edition}\n{content}".encode())
    for file_digest in sorted({sha256(file) for file in files}):
        digest.update(file_digest.encode())
    return digest.hexdigest()[:32].encode()


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


def write_pdf(
    layout: Layout, ctx: BuildContext, edition: str, target: str | None, **options
) -> bytes | None:
    """Write the laid-out book to `target` (a temporary path: see output.atomic_path), or
    return the PDF's bytes when `target` is None."""
    identifier = pdf_identifier(
        ctx, edition, f"{layout.html}\n{layout.styles}", layout.fetcher.fetched
    )
    try:
        with stage(f"write {edition}"):
            data = layout.document.write_pdf(target, pdf_identifier=identifier, **options)
    except RefusedResource as refused:  # attachments are read while writing
        raise refused_resource(ctx, refused) from None
    if layout.fetcher.refused:
        raise refused_resource(ctx, layout.fetcher.refused[0])
    return data
