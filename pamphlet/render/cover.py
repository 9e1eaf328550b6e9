"""The cover as a picture, so the EPUB and the distributor bundle show the same cover as the
printed pamphlet: page 1 of the screen PDF when this build (or the last one) made it, else
the cover template laid out alone; either way rasterized with pdfium."""

from __future__ import annotations

import io
import math

from pamphlet.context import BuildContext

COVER_HEIGHT_PX = 1600
EPUB_COVER_PX = (1600, 2560)  # width, height at least


def cover_pdf(ctx: BuildContext) -> bytes:
    """A one-page PDF of the cover (screen colours)."""
    from pamphlet.editions.paged import lay_out

    layout = lay_out(ctx, "screen", only="cover")
    return layout.document.copy(layout.document.pages[:1]).write_pdf()


def screen_pdf(ctx: BuildContext) -> bytes | None:
    """The screen PDF in ctx.out (during a build: made by this build), if there is one."""
    path = ctx.out / f"{ctx.slug}.pdf"
    return path.read_bytes() if path.is_file() else None


def cover_image(ctx: BuildContext, height: int):  # -> PIL.Image.Image
    """Page 1 of the screen PDF (or the cover alone), `height` pixels high, in RGB."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(screen_pdf(ctx) or cover_pdf(ctx))
    page = pdf[0]
    image = page.render(scale=height / page.get_height()).to_pil().convert("RGB")
    pdf.close()
    return image


def cover_png(ctx: BuildContext, height: int = COVER_HEIGHT_PX) -> bytes:
    out = io.BytesIO()
    # zlib's default level: optimize=True would take 3× as long (on the build's critical
    # path) to save 4 % of the size
    cover_image(ctx, height).save(out, format="PNG", compress_level=6)
    return out.getvalue()


def epub_cover_jpeg(ctx: BuildContext) -> bytes:
    """The EPUB's cover picture: a JPEG at least EPUB_COVER_PX wide and high (what Kobo and
    Amazon ask for; Apple asks for 1400 px wide), a few hundred kB, far under the 5 MB
    distributors allow."""
    trim = ctx.manifest.trim
    min_width, min_height = EPUB_COVER_PX
    height = max(min_height, math.ceil(min_width * trim.height / trim.width))
    out = io.BytesIO()
    cover_image(ctx, height).save(out, format="JPEG", quality=90)
    return out.getvalue()
