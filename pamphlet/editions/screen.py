"""The screen PDF, for readers, distributors and home printers: the title's one layout — the
print edition's pages — trimmed to the page (no bleed, no marks, no blank padding pages),
in the screen colours, with contents and cross-reference page numbers, running heads,
footnotes, bookmarks, working links and tags. /PageLabels give each page its printed
number, so the back cover after a blank page is still "20" in a viewer's page box. Running
heads, folios and the contents' leaders are artifacts, and XMP metadata is added
(pdf/accessibility.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from pamphlet.context import BuildContext
from pamphlet.layout.book import book_layout, book_pdf
from pamphlet.output import write_atomic
from pamphlet.pdf.accessibility import make_accessible
from pamphlet.pdf.pages import set_page_labels, trim_pages
from pamphlet.pdf.pdfx import pdf_bytes
from pamphlet.registry import edition

NAME = "screen"


def build(ctx: BuildContext) -> list[Path]:
    layout = book_layout(ctx)
    pdf = pikepdf.open(io.BytesIO(book_pdf(ctx)))
    trim_pages(pdf)
    set_page_labels(pdf, layout.folios())
    make_accessible(pdf)  # running heads, folios, leaders as artifacts; XMP
    target = ctx.out / edition(NAME).outputs[0].name(ctx.slug)
    return [write_atomic(target, pdf_bytes(pdf))]
