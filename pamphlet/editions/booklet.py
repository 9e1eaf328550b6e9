"""The booklet: the print PDF's pages imposed two-up for saddle stitching, in duplex order
(for 16 pages: [16|1] [2|15] [14|3] [4|13] …), with creep compensation.

Two files. `<slug>-booklet.pdf` is for a print shop: each spread centred on a larger sheet
(manifest `[print] sheet`, or the smallest standard sheet that holds it), bleed kept on the
outer edges and clipped at the spine, crop and fold marks outside the bleed.
`<slug>-booklet-office.pdf` is for an office duplex printer: 5.5 × 8.5 in pages on US Letter,
A5 on A4, without bleed or marks, to fold and staple by hand, and nothing within a quarter
inch of the sheet's edge, which office printers cannot reach. Both print double-sided,
flipped on the short edge.

Creep: a sheet folded around others reaches less far at the fore-edge, so after trimming
the inner pages' margins would differ. The pages of sheet i (0 = outermost) move i × paper
thickness toward the spine, which keeps their margins equal once the booklet is trimmed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from pamphlet import jobticket, prepress
from pamphlet.context import BuildContext
from pamphlet.editions import print_pdf
from pamphlet.errors import SourceError
from pamphlet.manifest import line_of
from pamphlet.output import write_atomic
from pamphlet.prepress import Rect
from pamphlet.units import NAMED_SIZES, Size, parse_size

NAME = "booklet"
US_SHEETS = ("letter", "legal", "tabloid", "12in x 18in")
ISO_SHEETS = ("a4", "a3", "sra3")
DUPLEX = "flip on short edge"
# Office printers cannot print to the sheet's edge: they clip, or refuse the job. Nothing is
# placed within a quarter inch (6.35 mm) of it; pages stay full size, and the cover bands,
# which run to the trim, stop there.
OFFICE_EDGE = 18.0


@dataclass
class Imposition:
    """How one booklet file lays the pages out on its sheets."""

    kind: str  # "shop" or "office"
    sheet: Size  # landscape
    sheets: int  # sheets per copy, each printed on both sides
    creep_step: float  # points each sheet's pages move toward the spine, per sheet inward
    bleed: float = 0.0  # kept on the outer edges (0 for the office file)
    marks: bool = True
    registration: bool = False
    scale: float = 1.0
    unprinted_edge: float = 0.0  # points along each edge of the sheet left blank

    @property
    def creep(self) -> float:
        """How far the innermost sheet's pages move toward the spine."""
        return self.creep_step * (self.sheets - 1)


def outputs(slug: str) -> list[str]:
    return [f"{slug}-booklet.pdf", f"{slug}-booklet-office.pdf"]


def build(ctx: BuildContext) -> list[Path]:
    made = print_pdf.make(ctx)
    impositions = [shop_imposition(ctx, made), office_imposition(ctx, made)]
    written = []
    for name, imposition in zip(outputs(ctx.slug), impositions, strict=True):
        target = write_atomic(ctx.out / name, impose(made.data, imposition))
        jobticket.record(ctx, target, 2 * imposition.sheets)
        written.append(target)
    ctx.products[NAME] = {i.kind: i for i in impositions}
    return [*written, *jobticket.write(ctx)]


def sheet_sides(pages: int) -> list[tuple[int, int]]:
    """Page numbers (left, right) on each side of each sheet, outermost sheet first, front
    before back: for 8 pages [(8, 1), (2, 7), (6, 3), (4, 5)]."""
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return sides


def shop_imposition(ctx: BuildContext, made: print_pdf.PrintFile) -> Imposition:
    options = ctx.manifest.print
    trim = ctx.manifest.trim
    margin = prepress.marks_margin(options.bleed)
    needed = (2 * trim.width + 2 * margin, trim.height + 2 * margin)
    if options.sheet:
        sheet = options.sheet.landscape()
        if sheet.width < needed[0] - 0.01 or sheet.height < needed[1] - 0.01:
            raise SourceError(
                ctx.manifest.path,
                line_of(ctx.manifest, "sheet", "print"),
                f"the sheet {options.sheet.name} is too small for two {trim.inches} pages "
                f"with bleed and marks",
                f"use a sheet of at least {needed[0] / 72:g} × {needed[1] / 72:g} in",
            )
    else:
        sheet = _smallest_sheet(_family(trim), *needed)
    return Imposition(
        "shop",
        sheet,
        made.pages // 4,
        options.paper_thickness,
        bleed=options.bleed,
        registration=options.registration_marks,
    )


def office_imposition(ctx: BuildContext, made: print_pdf.PrintFile) -> Imposition:
    trim = ctx.manifest.trim
    name = "letter" if _family(trim) == US_SHEETS else "a4"
    sheet = Size(name.title() if name == "letter" else "A4", *NAMED_SIZES[name]).landscape()
    scale = min(1.0, sheet.width / (2 * trim.width), sheet.height / trim.height)
    if scale < 1:
        ctx.warnings.add(
            ctx.manifest.path,
            line_of(ctx.manifest, "trim"),
            f"the office booklet is scaled to {scale:.0%} to fit two {trim.inches} pages "
            f"on {sheet.name}",
            "use the shop booklet for full size, or a trim of 5.5in x 8.5in or A5",
        )
    thickness = ctx.manifest.print.paper_thickness
    return Imposition(
        "office",
        sheet,
        made.pages // 4,
        thickness,
        marks=False,
        scale=scale,
        unprinted_edge=OFFICE_EDGE,
    )


def _family(trim: Size) -> tuple[str, ...]:
    """ISO sheets for a metric trim (A5, "148mm x 210mm"), US sheets otherwise."""
    name = trim.name.lower()
    metric = "mm" in name or "cm" in name or name.startswith("a")
    return ISO_SHEETS if metric else US_SHEETS


def _smallest_sheet(family: tuple[str, ...], width: float, height: float) -> Size:
    for name in family:
        sheet = parse_size(name).landscape()  # type: ignore[union-attr]
        if sheet.width >= width - 0.01 and sheet.height >= height - 0.01:
            return sheet
    return Size(f"{width / 72:g}in x {height / 72:g}in", width, height)


# --- imposing ---------------------------------------------------------------------------------


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
    return prepress.pdf_bytes(pdf)


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
        clip = _overlap(slot, printable)
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
        marks = prepress.crop_marks(spread, bleed) + prepress.fold_marks(spine, spread, bleed)
        if imposition.registration:
            pages = [spread.left + width / 2, spine + width / 2]  # clear of the fold marks
            marks += prepress.registration_marks(spread, bleed, across=pages)
        prepress.add_marks(pdf, page, marks)
    return page


def _overlap(a: Rect, b: Rect) -> Rect:
    return Rect(
        max(a.left, b.left), max(a.bottom, b.bottom), min(a.right, b.right), min(a.top, b.top)
    )
