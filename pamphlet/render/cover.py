"""The cover as a picture, so the EPUB and the distributor bundle show the same cover as the
printed pamphlet: page 1 of the screen PDF when this build (or the last one) made it, else
the cover template laid out alone; either way rasterized with pdfium."""

from __future__ import annotations

import io

from pamphlet.context import BuildContext

COVER_HEIGHT_PX = 1600


def cover_pdf(ctx: BuildContext) -> bytes:
    """A one-page PDF of the cover (screen colours)."""
    from pamphlet.editions.paged import lay_out

    layout = lay_out(ctx, "screen", only="cover")
    return layout.document.copy(layout.document.pages[:1]).write_pdf()


def screen_pdf(ctx: BuildContext) -> bytes | None:
    """The screen PDF in ctx.out (during a build: made by this build), if there is one."""
    path = ctx.out / f"{ctx.slug}.pdf"
    return path.read_bytes() if path.is_file() else None


def cover_png(ctx: BuildContext, height: int = COVER_HEIGHT_PX) -> bytes:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(screen_pdf(ctx) or cover_pdf(ctx))
    page = pdf[0]
    scale = height / page.get_height()
    image = page.render(scale=scale).to_pil().convert("RGB")
    out = io.BytesIO()
    # zlib's default level: optimize=True would take 3× as long (on the build's critical
    # path) to save 4 % of the size
    image.save(out, format="PNG", compress_level=6)
    pdf.close()
    return out.getvalue()
