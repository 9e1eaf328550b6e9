"""The cover wrap: back cover, spine and front cover side by side on one page, with bleed on
every side, for a copy whose cover is printed apart from its text (perfect binding, or a
saddle stitch on cover stock; see pamphlet.binding). Laid out once per build by WeasyPrint in
the screen colours, from the shared templates (`wrap.html.j2` holds `backcover.html.j2`,
`spine.html.j2` and `cover.html.j2`, the same front and back a self-covered pamphlet prints)
and `styles/cover.css`; the cover edition recolours it for print, the EPUB shows its front.

Geometry, in points: each panel is the trim; the spine between them is leaves × caliper +
the cover allowance (pamphlet.paper), so the wrap is 2 × trim width + spine wide and the trim
high, plus the bleed all round — the cover formula of the print-on-demand services. The
spine carries title, author and publisher only from 0.25 in (pamphlet.paper.SPINE_TEXT_MIN),
turned the way the title's language reads spines (`spine_direction` in pamphlet/locales).
"""

from __future__ import annotations

import io

import pikepdf

from pamphlet.context import BuildContext
from pamphlet.layout.barcode import barcode_pdf, stamp_barcode
from pamphlet.layout.book import book_layout, lay_out, write_pdf
from pamphlet.paper import SAFETY, SPINE_MARGIN, spine_has_text, wrap_geometry
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.pdfx import pdf_bytes
from pamphlet.products import Wrap, WrapGeometry
from pamphlet.units import Size

STYLESHEETS = ("base.css", "paged.css", "screen.css", "cover.css")
SPINE_FONT_MAX = 12.0  # points


def panels(geometry: WrapGeometry, trim: Rect) -> dict[str, Rect]:
    """The back, spine and front of a wrap whose TrimBox is `trim`, in PDF points."""
    back_right = trim.left + geometry.trim.width
    front_left = back_right + geometry.spine
    return {
        "back": Rect(trim.left, trim.bottom, back_right, trim.top),
        "spine": Rect(back_right, trim.bottom, front_left, trim.top),
        "front": Rect(front_left, trim.bottom, trim.right, trim.top),
    }


def cover_wrap(ctx: BuildContext) -> Wrap:
    """The cover wrap in the screen colours, with the barcode on its back: once per build."""
    if ctx.products.wrap is None:
        layout = book_layout(ctx)
        geometry = wrap_geometry(ctx.manifest, layout.page_count, layout.binding.spine)
        spine_text = geometry.spine > 0 and spine_has_text(geometry.spine)
        direction = ctx.labels.get("spine_direction", "top-to-bottom")
        laid = lay_out(
            ctx,
            "wrap",
            STYLESHEETS,
            extra_css=geometry_css(geometry, spine_text, direction),
            values={"back_cover": layout.back_cover, "spine_text": spine_text},
            page=Size("cover wrap", geometry.width, geometry.height),
            template="wrap.html.j2",
        )
        data = write_pdf(ctx, laid, "wrap")
        drawn = barcode_pdf(ctx)
        if drawn is not None:
            pdf = pikepdf.open(io.BytesIO(data))
            page = pdf.pages[0]
            stamp_barcode(pdf, page, drawn, panels(geometry, Rect.of(page.obj.TrimBox))["back"])
            data = pdf_bytes(pdf)
        ctx.products.wrap = Wrap(geometry, data, spine_text, drawn is not None)
    return ctx.products.wrap


def geometry_css(geometry: WrapGeometry, spine_text: bool, direction: str) -> str:
    """Where the panels are, how high the back cover is and how the spine text runs: the
    numbers pamphlet computes, written before styles/cover.css styles the rest."""
    width, spine, height, bleed = (
        geometry.trim.width,
        geometry.spine,
        geometry.height,
        geometry.bleed,
    )
    css = (
        f":root {{ --bleed: {bleed:g}pt; --spine: {spine:.3f}pt; }}\n"
        f"@page {{ bleed: {bleed:g}pt; }}\n"
        f".wrap {{ width: {geometry.width:.3f}pt; height: {height:g}pt; }}\n"
        f".wrap-back {{ left: 0; width: {width:g}pt; }}\n"
        f".wrap-spine {{ left: {width:g}pt; width: {spine:.3f}pt; }}\n"
        f".wrap-front {{ left: {width + spine:.3f}pt; width: {width:g}pt; }}\n"
        f".back-cover {{ height: {height:g}pt; }}\n"
    )
    if spine_text:
        length = height - 2 * SAFETY
        size = min(SPINE_FONT_MAX, 0.85 * (spine - 2 * SPINE_MARGIN))
        turn = 90 if direction == "top-to-bottom" else -90
        css += (
            f".spine-text {{ width: {length:g}pt; height: {spine:.3f}pt; "
            f"left: {(spine - length) / 2:.3f}pt; top: {(height - spine) / 2:.3f}pt; "
            f"transform: rotate({turn}deg); font-size: {size:.2f}pt; "
            f"line-height: {spine:.3f}pt; }}\n"
        )
    return css
