"""The cover as a picture: the PDF cover template laid out alone and rasterized, so the EPUB
and the distributor bundle show the same cover as the printed pamphlet."""

from __future__ import annotations

import io

from pamphlet.context import BuildContext

COVER_HEIGHT_PX = 1600


def cover_pdf(ctx: BuildContext) -> bytes:
    """A one-page PDF of the cover (screen colours)."""
    from pamphlet.editions.paged import lay_out

    layout = lay_out(ctx, "screen", only="cover")
    return layout.document.copy(layout.document.pages[:1]).write_pdf()


def cover_png(ctx: BuildContext, height: int = COVER_HEIGHT_PX) -> bytes:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(cover_pdf(ctx))
    page = pdf[0]
    scale = height / page.get_height()
    image = page.render(scale=scale).to_pil().convert("RGB")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    pdf.close()
    return out.getvalue()
