"""The booklets: the print PDF's pages imposed two-up for saddle stitching (see
pamphlet.pdf.impose), as the binding asks.

Booklets are for a nested binding only: a perfect-bound copy's leaves are glued, not folded
into one another, so a perfect-bound title has no booklets — a shop imposes its signatures
itself, from the print PDF. A manifest that lists the booklet edition for a perfect-bound
title is an error (pamphlet/manifest/binding.py); asked for on the command line, or for a title
bound "auto" that came out perfect-bound, the edition makes nothing.

Two files. The shop booklet is for a print shop: each spread centred on a larger sheet
(manifest `[print] sheet`, or the smallest standard sheet that holds it), bleed kept on the
outer edges and clipped at the spine, crop and fold marks outside the bleed. The office
booklet is for an office duplex printer: 5.5 × 8.5 in pages on US Letter, A5 on A4, without
bleed or marks, to fold and staple by hand, and nothing within a quarter inch of the
sheet's edge, which office printers cannot reach. Both print double-sided, flipped on the
short edge.
"""

from __future__ import annotations

from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.editions.print_pdf import print_file
from pamphlet.errors import SourceError
from pamphlet.layout.book import book_layout
from pamphlet.manifest import line_of
from pamphlet.output import write_atomic
from pamphlet.pdf.impose import impose
from pamphlet.pdf.marks import marks_margin
from pamphlet.products import Imposition, PrintFile, ShopFile
from pamphlet.registry import edition
from pamphlet.units import NAMED_SIZES, Size, known_size

NAME = "booklet"
US_SHEETS = ("letter", "legal", "tabloid", "12in x 18in")
ISO_SHEETS = ("a4", "a3", "sra3")
# Office printers cannot print to the sheet's edge: they clip, or refuse the job. Nothing is
# placed within a quarter inch (6.35 mm) of it; pages stay full size, and the cover bands,
# which run to the trim, stop there.
OFFICE_EDGE = 18.0


def build(ctx: BuildContext) -> list[Path]:
    if not book_layout(ctx).binding.nested:
        return []  # glued leaves, not nested sheets: nothing to impose
    made = print_file(ctx)
    impositions = [shop_imposition(ctx, made), office_imposition(ctx, made)]
    written = []
    for output, imposition in zip(edition(NAME).outputs, impositions, strict=True):
        target = write_atomic(ctx.out / output.name(ctx.slug), impose(made.data, imposition))
        ctx.products.shop_files.append(ShopFile(target, 2 * imposition.sheets, output.purpose))
        written.append(target)
    ctx.products.impositions += impositions
    return written


def shop_imposition(ctx: BuildContext, made: PrintFile) -> Imposition:
    options = ctx.manifest.print
    trim = ctx.manifest.trim
    margin = marks_margin(options.bleed)
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
        book_layout(ctx).binding.sheets(made.pages),
        options.paper_thickness,
        bleed=options.bleed,
        registration=options.registration_marks,
    )


def office_imposition(ctx: BuildContext, made: PrintFile) -> Imposition:
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
    sheets = book_layout(ctx).binding.sheets(made.pages)
    return Imposition(
        "office", sheet, sheets, thickness, marks=False, scale=scale, unprinted_edge=OFFICE_EDGE
    )


def _family(trim: Size) -> tuple[str, ...]:
    """ISO sheets for a metric trim (A5, "148mm x 210mm"), US sheets otherwise."""
    return ISO_SHEETS if trim.metric else US_SHEETS


def _smallest_sheet(family: tuple[str, ...], width: float, height: float) -> Size:
    for name in family:
        sheet = known_size(name).landscape()
        if sheet.width >= width - 0.01 and sheet.height >= height - 0.01:
            return sheet
    return Size(f"{width / 72:g}in x {height / 72:g}in", width, height)
