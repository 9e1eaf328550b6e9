"""The screen PDF: for readers, distributors and home printers. Trim size, cover, contents
with page numbers, running heads, footnotes, bookmarks, working links, tagged."""

from __future__ import annotations

from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.editions.paged import lay_out, write_pdf
from pamphlet.output import atomic_path

NAME = "screen"


def outputs(slug: str) -> list[str]:
    return [f"{slug}.pdf"]


def build(ctx: BuildContext) -> list[Path]:
    layout = lay_out(ctx, NAME)
    target = ctx.out / outputs(ctx.slug)[0]
    with atomic_path(target) as temporary:
        write_pdf(layout, ctx, NAME, str(temporary), pdf_tags=True)
    return [target]
