"""The large-print PDF: an accessible reading edition for readers with low vision. Every text
at 16 pt or more on generous leading, ragged right, no hyphenation, on pages of its own —
US Letter, or A4 for a title with a metric trim, the paper its readers print on at home —
with the same text, notes and cross-references as every edition, tagged, with working
links and bookmarks. Its page numbers are its own: it does not share the print edition's
pages, which is why it is not built unless asked for."""

from __future__ import annotations

from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.layout.book import lay_out, write_pdf
from pamphlet.output import write_atomic
from pamphlet.registry import edition
from pamphlet.units import parse_size

NAME = "large-print"


def build(ctx: BuildContext) -> list[Path]:
    spec = edition(NAME)
    page = parse_size("A4" if ctx.manifest.trim.metric else "letter")
    laid = lay_out(ctx, NAME, spec.stylesheets, page=page)
    target = ctx.out / spec.outputs[0].name(ctx.slug)
    return [write_atomic(target, write_pdf(ctx, laid, NAME))]
