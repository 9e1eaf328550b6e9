"""The ISBN as a bookshop's scanner reads it: an EAN-13 barcode with its human-readable digits,
the ISBN spelt out above it and, when `[print] price_code` gives one, the EAN-5 price add-on
to its right — drawn by python-barcode (as SVG), laid out by WeasyPrint on a white ground as
wide as the quiet zones, and stamped on the back cover as a form XObject inside a `/Barcode`
marked-content sequence, so that preflight can find it and check it prints in black only,
inside the safe area.

Size: modules of 0.2805 mm (85 % of the nominal 0.33 mm; GS1 allows 80–200 %) and bars of the
matching nominal height, 19.42 mm; quiet zones of 11 modules on the left and 11 on the right,
9 between the symbol and the add-on (GS1: 7–12), 10 after it (GS1: at least 5). The box is
48.2 mm × 27.8 mm with the add-on, within the 2 × 1.2 in print-on-demand services keep free.
The add-on is not in python-barcode (its issue #140), so its pattern is built here from the
library's own EAN character sets, and drawn by the library's SVG writer like the main symbol.
"""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Dictionary, Name

from pamphlet.context import BuildContext
from pamphlet.paper import SAFETY
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.marks import BARCODE_TAG

MAGNIFICATION = 0.85
MODULE_MM = 0.33 * MAGNIFICATION
BAR_HEIGHT_MM = 22.85 * MAGNIFICATION
# quiet zones in modules; after the add-on GS1 asks for 5, but on a dark band a decoder (zbar)
# found the add-on only from 7: 10 leaves a margin
QUIET_LEFT, QUIET_RIGHT, ADDON_GAP, ADDON_RIGHT = 11, 7, 9, 10
EAN13_MODULES, EAN5_MODULES = 95, 47
ADDON_BAR_HEIGHT_MM = BAR_HEIGHT_MM - 3.2  # room for the add-on's digits above its bars
DIGITS_PT = 9.0
ISBN_LINE_MM = 4.2  # the "ISBN …" line above the bars
PT_PER_MM = 72 / 25.4


def isbn13(isbn: str) -> str:
    """The 13-digit ISBN (an ISBN-10 gets the 978 prefix and a new check digit)."""
    if len(isbn) == 13:
        return isbn
    body = "978" + isbn[:9]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True)
class Symbol:
    """The barcode laid out: its width and height in points and its markup."""

    width: float
    height: float
    html: str


def _svg_writer_options(bar_height_mm: float, quiet_mm: float) -> dict:
    return {
        "module_width": MODULE_MM,
        "module_height": bar_height_mm,
        "quiet_zone": quiet_mm,
        "font_size": DIGITS_PT,
        "text_distance": 1.0,
        "margin_top": 0,
        "margin_bottom": 1.6,
        "background": None,  # the ground is the symbol's white box, quiet zones included
        "foreground": "#000000",
    }


def _ean5_class():
    """python-barcode's Barcode for the EAN-5 add-on (5 digits, GS1 General Specifications
    5.2.2.6): start 1011, each digit in code A or B by a parity pattern chosen by the
    add-on's checksum, digits separated by 01."""
    from barcode.base import Barcode
    from barcode.charsets import ean

    parities: tuple[str, ...] = ("BBAAA", "BABAA", "BAABA", "BAAAB", "ABBAA")
    parities += ("AABBA", "AAABB", "ABABA", "ABAAB", "AABAB")

    class EAN5(Barcode):
        name = "EAN-5"

        def __init__(self, code: str, writer=None) -> None:
            from barcode.writer import SVGWriter

            self.code = code
            self.writer = writer or SVGWriter()

        def get_fullcode(self) -> str:
            return self.code

        def build(self) -> list[str]:
            digits = [int(c) for c in self.code]
            check = (3 * (digits[0] + digits[2] + digits[4]) + 9 * (digits[1] + digits[3])) % 10
            parity = parities[check]
            pattern = "1011" + "01".join(
                ean.CODES[parity[i]][digit] for i, digit in enumerate(digits)
            )
            return [pattern]

    return EAN5


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _svg_size(svg: bytes) -> tuple[float, float]:
    match = re.search(rb'width="([\d.]+)mm" height="([\d.]+)mm"', svg)
    assert match, "python-barcode writes sizes in mm"
    return float(match[1]), float(match[2])


def _with_font(svg: bytes, family: str) -> bytes:
    """The digits in the book face (python-barcode's SVG names no font)."""
    return svg.replace(
        b"text-anchor:middle;", f"text-anchor:middle;font-family:'{family}';".encode()
    )


def symbol(isbn: str, price_code: str = "", family: str = "Source Serif 4") -> Symbol:
    """The EAN-13 of `isbn` (with the EAN-5 `price_code`) as an HTML fragment of exact size:
    the SVG of each symbol placed in mm on a white box whose margins are the quiet zones."""
    from barcode import get_barcode_class
    from barcode.writer import SVGWriter

    code = isbn13(isbn)
    quiet = QUIET_LEFT * MODULE_MM
    digits = f"{code[0]} {code[1:7]} {code[7:]}" + ("" if price_code else " >")
    main = get_barcode_class("ean13-guard")(code, writer=SVGWriter())
    main_svg = _with_font(main.render(_svg_writer_options(BAR_HEIGHT_MM, quiet), digits), family)
    main_width, main_height = _svg_size(main_svg)
    # python-barcode's quiet zone is on both sides: 11 modules, right for the gap (7–12)
    right = main_width
    parts = [
        f'<p class="isbn-line" style="left:0;width:{main_width:.3f}mm">ISBN {code}</p>',
        f'<img alt="" style="left:0;top:{ISBN_LINE_MM}mm;width:{main_width:.3f}mm;'
        f'height:{main_height:.3f}mm" src="{_data_uri(main_svg)}"/>',
    ]
    height = ISBN_LINE_MM + main_height
    if price_code:
        right = main_width - (QUIET_LEFT - ADDON_GAP) * MODULE_MM
        addon = _ean5_class()(price_code)
        addon_svg = addon.render(_svg_writer_options(ADDON_BAR_HEIGHT_MM, 0), "")
        addon_width, addon_height = _svg_size(addon_svg)
        addon_top = ISBN_LINE_MM + BAR_HEIGHT_MM * 1.1 - ADDON_BAR_HEIGHT_MM  # foot on the guards'
        parts += [
            f'<p class="addon-digits" style="left:{right:.3f}mm;width:{addon_width:.3f}mm;'
            f'top:{addon_top - 3.6:.3f}mm">{price_code}</p>',
            f'<img alt="" style="left:{right:.3f}mm;top:{addon_top:.3f}mm;'
            f'width:{addon_width:.3f}mm;height:{addon_height:.3f}mm" '
            f'src="{_data_uri(addon_svg)}"/>',
        ]
        right += addon_width + ADDON_RIGHT * MODULE_MM
    width_mm = max(
        right, QUIET_LEFT * MODULE_MM + EAN13_MODULES * MODULE_MM + QUIET_RIGHT * MODULE_MM
    )
    html = (
        f'<div class="barcode" style="width:{width_mm:.3f}mm;height:{height:.3f}mm">'
        + "".join(parts)
        + "</div>"
    )
    return Symbol(width_mm * PT_PER_MM, height * PT_PER_MM, html)


SYMBOL_CSS = """
@page { margin: 0; }
html, body { margin: 0; background: #ffffff; }
.barcode { position: relative; }
.barcode img { position: absolute; }
.barcode p { position: absolute; margin: 0; font-family: "Source Serif 4"; color: #000000;
  font-size: 9pt; line-height: 1; font-variant-numeric: lining-nums; white-space: nowrap; }
.isbn-line { top: 0.4mm; font-size: 8pt; text-align: center; }
.addon-digits { text-align: center; }
"""


def barcode_pdf(ctx: BuildContext) -> bytes | None:
    """The title's barcode as a one-page PDF of its exact size, in the screen colours (black
    on white): None without an ISBN. Made once per build."""
    if not ctx.manifest.isbn:
        return None
    if ctx.products.barcode is None:
        from weasyprint import CSS, HTML
        from weasyprint.text.fonts import FontConfiguration

        from pamphlet.fetch import SandboxedFetcher
        from pamphlet.fonts import FAMILY, pdf_font_css

        drawn = symbol(ctx.manifest.isbn, ctx.manifest.print.price_code, FAMILY)
        fetcher = SandboxedFetcher(ctx.sandbox_roots(), ctx.aliases())
        fonts = FontConfiguration()
        page = f"@page {{ size: {drawn.width:.3f}pt {drawn.height:.3f}pt; }}\n"
        css = CSS(
            string=pdf_font_css(ctx.workspace.cache, fetcher.url) + page + SYMBOL_CSS,
            url_fetcher=fetcher,
            font_config=fonts,
        )
        document = HTML(string=drawn.html, url_fetcher=fetcher).render(
            stylesheets=[css], font_config=fonts
        )
        ctx.products.barcode = document.write_pdf(pdf_identifier=b"barcode")
    return ctx.products.barcode


def barcode_place(panel: Rect, width: float, height: float) -> Rect:
    """Where the barcode goes on a back cover `panel` (its trim): the lower corner at the
    fore-edge, inside the safe area."""
    right = panel.right - SAFETY
    return Rect(right - width, panel.bottom + SAFETY, right, panel.bottom + SAFETY + height)


def _without_groups(form: pikepdf.Object) -> None:
    """Remove the transparency groups WeasyPrint wraps the page and each SVG in: the barcode
    is opaque black on white, and PDF/X-1a allows no transparency groups."""
    if "/Group" in form:
        del form.Group
    for inner in form.get("/Resources", Dictionary()).get("/XObject", Dictionary()).values():
        if inner.get("/Subtype") == Name.Form:
            _without_groups(inner)


def stamp_barcode(pdf: pikepdf.Pdf, page: pikepdf.Page, drawn: bytes, panel: Rect) -> Rect:
    """Draw the barcode PDF `drawn` on `page`, at its place on the back cover `panel`: a form
    XObject inside /Artifact (not part of the reading order) and /Barcode sequences."""
    source = pikepdf.open(io.BytesIO(drawn))
    form = pdf.copy_foreign(source.pages[0].as_form_xobject())
    _without_groups(form)
    box = Rect.of(form.BBox)
    place = barcode_place(panel, box.width, box.height)
    if "/Resources" not in page.obj:
        page.obj.Resources = Dictionary()
    if "/XObject" not in page.obj.Resources:
        page.obj.Resources.XObject = Dictionary()
    name = Name("/Barcode0")
    page.obj.Resources.XObject[name] = form
    ops = (
        f"q /Artifact BMC {BARCODE_TAG} BMC 1 0 0 1 {place.left - box.left:.3f} "
        f"{place.bottom - box.bottom:.3f} cm {name} Do EMC EMC Q\n"
    )
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"Q\n" + ops.encode()))
    return place
