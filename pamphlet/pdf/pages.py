"""Page-level changes to a written PDF: trimming pages to their TrimBox (the screen PDF shows
the printed page, without bleed), the printed page numbers as /PageLabels (so a viewer's
page box shows the folio a reader cites), blank pages, and the print boxes with crop marks."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.marks import add_marks, crop_marks, marks_margin, registration_marks


def trim_pages(pdf: pikepdf.Pdf) -> None:
    """Every page cut to its TrimBox: MediaBox = CropBox = TrimBox, no bleed."""
    for page in pdf.pages:
        if "/TrimBox" not in page.obj:
            continue
        trim = Rect.of(page.obj.TrimBox).array()
        page.obj.MediaBox = trim
        page.obj.CropBox = trim
        page.obj.TrimBox = trim
        if "/BleedBox" in page.obj:
            del page.obj.BleedBox


def set_page_labels(pdf: pikepdf.Pdf, folios: list[int]) -> None:
    """/PageLabels giving each page its printed number (decimal), one range per run of
    consecutive numbers."""
    nums = Array()
    for index, folio in enumerate(folios):
        if index == 0 or folio != folios[index - 1] + 1:
            nums.append(index)
            nums.append(Dictionary(S=Name.D, St=folio))
    pdf.Root.PageLabels = Dictionary(Nums=nums)


def insert_blank_pages(pdf: pikepdf.Pdf, count: int, before: int) -> None:
    """Insert `count` blank pages, with the boxes of their neighbour, before page index
    `before`. A blank page paints nothing, with a valid (not empty) content stream."""
    model = pdf.pages[min(before, len(pdf.pages) - 1)].obj
    for _ in range(count):
        blank = Dictionary(
            Type=Name.Page,
            MediaBox=model.MediaBox,
            Resources=Dictionary(),
            Contents=pdf.make_stream(b"q Q\n"),
        )
        for box in ("/TrimBox", "/BleedBox"):
            if box in model:
                blank[box] = model[box]
        pdf.pages.insert(before, pikepdf.Page(pdf.make_indirect(blank)))


def mark_page(pdf: pikepdf.Pdf, page: pikepdf.Page, bleed: float, registration: bool) -> None:
    """Boxes of a print page (TrimBox = trim, BleedBox = trim + bleed, MediaBox with room for
    the marks) and its crop marks, all outside the bleed."""
    trim = Rect.of(page.obj.TrimBox)
    page.obj.BleedBox = trim.grow(bleed).array()
    page.obj.MediaBox = trim.grow(marks_margin(bleed)).array()
    if "/CropBox" in page.obj:
        del page.obj.CropBox
    ops = crop_marks(trim, bleed)
    if registration:
        ops += registration_marks(trim, bleed)
    add_marks(pdf, page, ops)
