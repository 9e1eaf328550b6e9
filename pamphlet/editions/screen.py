"""The screen PDF: for readers, distributors and home printers. Trim size, cover, contents
with page numbers, running heads, footnotes, bookmarks, working links, tagged."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from pamphlet.context import BuildContext
from pamphlet.editions.paged import lay_out, write_pdf
from pamphlet.output import write_atomic
from pamphlet.pdf.accessibility import make_accessible
from pamphlet.pdf.streams import saved

NAME = "screen"


def outputs(slug: str) -> list[str]:
    return [f"{slug}.pdf"]


def build(ctx: BuildContext) -> list[Path]:
    layout = lay_out(ctx, NAME)
    target = ctx.out / outputs(ctx.slug)[0]
    with pikepdf.open(io.BytesIO(write_pdf(layout, ctx, NAME, None, pdf_tags=True))) as pdf:
        make_accessible(pdf)  # artifacts, XMP: pdf/accessibility.py
        write_atomic(target, saved(pdf))
    return [target]
