"""Saddle-stitch imposition: the pages of a PDF placed two-up on sheets, in duplex order (for
16 pages: [16|1] [2|15] [14|3] [4|13] …), each spread centred on the sheet, the bleed kept on
the outer edges and clipped at the spine, creep compensated, with crop and fold marks.

Creep: a sheet folded around others reaches less far at the fore-edge, so after trimming the
inner pages' margins would differ. The pages of sheet i (0 = outermost) move i × paper
thickness toward the spine, which keeps their margins equal once the booklet is trimmed.
"""

from __future__ import annotations

import io

import pikepdf

from pamphlet.pdf.geometry import Rect, intersect
from pamphlet.pdf.marks import add_marks, crop_marks, fold_marks, registration_marks
from pamphlet.pdf.pdfx import pdf_bytes
from pamphlet.products import Imposition


def sheet_sides(pages: int) -> list[tuple[int, int]]:
    """Page numbers (left, right) on each side of each sheet, outermost sheet first, front
    before back: for 8 pages [(8, 1), (2, 7), (6, 3), (4, 5)]."""
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return sides


def impose(print_pdf_bytes: bytes, imposition: Imposition) -> bytes:
    """The booklet PDF: one page per sheet side, the print pages placed on it as form
    XObjects. Works inside the print PDF, so its fonts, output intent and PDF/X keys stay."""
    pdf = pikepdf.open(io.BytesIO(print_pdf_bytes))
    pages = list(pdf.pages)
    forms = [_page_form(page) for page in pages]
    trim = Rect.of(pages[0].obj.TrimBox)
    for side_index, (left, right) in enumerate(sheet_sides(len(pages))):
        shift = imposition.creep_step * (side_index // 2)  # two sides per sheet
        side = _sheet_side(pdf, imposition, trim, forms[left - 1], forms[right - 1], shift)
        pdf.pages.append(side)
    del pdf.pages[: len(pages)]
    for key in ("/Outlines", "/Names", "/PageLabels"):
        if key in pdf.Root:
            del pdf.Root[key]
    return pdf_bytes(pdf)


def _page_form(page: pikepdf.Page) -> pikepdf.Object:
    form = page.as_form_xobject()
    form.BBox = page.obj.MediaBox  # qpdf uses the TrimBox, which would cut off the bleed
    return form


def _sheet_side(
    pdf: pikepdf.Pdf,
    imposition: Imposition,
    trim: Rect,
    left_form: pikepdf.Object,
    right_form: pikepdf.Object,
    shift: float,
) -> pikepdf.Page:
    """One side of a sheet: the spread centred, each page clipped at the spine and at its
    bleed on the outer edges (and short of the sheet's edge, for an office printer), moved
    `shift` toward the spine for creep."""
    sheet, scale, bleed = imposition.sheet, imposition.scale, imposition.bleed
    width, height = trim.width * scale, trim.height * scale
    spread = Rect(
        (sheet.width - 2 * width) / 2,
        (sheet.height - height) / 2,
        (sheet.width + 2 * width) / 2,
        (sheet.height + height) / 2,
    )
    spine = spread.left + width
    slots = [
        ("/L", Rect(spread.left - bleed, spread.bottom - bleed, spine, spread.top + bleed), 1),
        ("/R", Rect(spine, spread.bottom - bleed, spread.right + bleed, spread.top + bleed), -1),
    ]
    printable = Rect(0, 0, sheet.width, sheet.height).grow(-imposition.unprinted_edge)
    ops = []
    for name, slot, toward_spine in slots:
        clip = intersect(slot, printable)
        x = (spread.left if name == "/L" else spine) + toward_spine * shift * scale
        e, f = x - scale * trim.left, spread.bottom - scale * trim.bottom
        ops.append(
            f"q {clip.left:.3f} {clip.bottom:.3f} {clip.width:.3f} {clip.height:.3f} re W n "
            f"{scale:.5f} 0 0 {scale:.5f} {e:.3f} {f:.3f} cm {name} Do Q\n"
        )
    whole = Rect(0, 0, sheet.width, sheet.height)
    page = pikepdf.Page(
        pdf.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=whole.array(),
                TrimBox=(spread if imposition.marks else whole).array(),
                BleedBox=(spread.grow(bleed) if imposition.marks else whole).array(),
                Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(L=left_form, R=right_form)),
                Contents=pdf.make_stream("".join(ops).encode()),
            )
        )
    )
    if imposition.marks:
        marks = crop_marks(spread, bleed) + fold_marks(spine, spread, bleed)
        if imposition.registration:
            pages = [spread.left + width / 2, spine + width / 2]  # clear of the fold marks
            marks += registration_marks(spread, bleed, across=pages)
        add_marks(pdf, page, marks)
    return page
