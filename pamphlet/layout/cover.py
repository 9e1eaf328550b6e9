"""The cover as a picture, so the EPUB and the distributor bundle show the same cover as the
printed pamphlet: page 1 of the title's one layout (pamphlet.layout.book) — or, when the cover
is printed apart from the text, the front panel of the cover wrap (pamphlet.layout.wrap) —
cut to its trim, rasterized with pdfium. Made once per build: for the EPUB a JPEG at least
1600 × 2560 px (what Kobo and Amazon ask for; Apple asks for 1400 px wide), a few hundred kB."""

from __future__ import annotations

import io
import math

from pamphlet.context import BuildContext
from pamphlet.layout.book import book_layout, book_pdf

EPUB_COVER_PX = (1600, 2560)  # width, height: at least


def cover_picture(ctx: BuildContext) -> bytes:
    """The cover as a JPEG at least EPUB_COVER_PX wide and high, once per build."""
    if ctx.products.cover_picture is None:
        trim = ctx.manifest.trim
        width, height = EPUB_COVER_PX
        height = max(height, math.ceil(width * trim.height / trim.width))
        if book_layout(ctx).binding.self_cover:
            picture = render_cover(book_pdf(ctx), height, "JPEG")
        else:
            from pamphlet.layout.wrap import cover_wrap

            wrap = cover_wrap(ctx)
            front = wrap.geometry.trim.width + wrap.geometry.spine  # from the trim's left
            picture = render_cover(wrap.data, height, "JPEG", left=front)
        ctx.products.cover_picture = picture
    return ctx.products.cover_picture


def render_cover(pdf_data: bytes, height: int, kind: str = "PNG", left: float = 0.0) -> bytes:
    """Page 1 of a PDF, cut to its TrimBox (less `left` points on the left: the front panel
    of a cover wrap), as a PNG (or a JPEG) `height` pixels high."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(pdf_data)
    try:
        page = pdf[0]
        media = page.get_mediabox()
        trim = page.get_trimbox()
        trim = (trim[0] + left, trim[1], trim[2], trim[3])
        crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
        scale = height / (trim[3] - trim[1])
        image = page.render(scale=scale, crop=crop).to_pil().convert("RGB")
    finally:
        pdf.close()
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, format="JPEG", quality=90)
        return out.getvalue()
    # zlib's default level: optimize=True would take 3× as long (on the build's critical
    # path) to save 4 % of the size
    image.save(out, format="PNG", compress_level=6)
    return out.getvalue()
