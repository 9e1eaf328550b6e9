"""The cover edition, for print shops: the cover wrap (pamphlet.layout.wrap) as a PDF/X-1a:2003
sheet — back cover, spine and front cover side by side, bleed on every side, crop marks at the
corners and dashed fold marks at the spine, all outside the bleed — recoloured for the job's
inks like the print PDF, with the ISBN's barcode on the back in 100 % black.

Made for every copy whose cover is printed apart from its text: perfect binding, or a saddle
stitch with `[print] cover_stock`. A self-covered pamphlet has no cover file: a manifest that
lists the cover edition for one is an error (pamphlet/manifest/binding.py); asked for on the
command line, or for a title bound "auto" that came out stitched, the edition makes nothing.

Like the print PDF, the file is preflighted as soon as it is made (boxes, spine width, colour,
barcode): one that fails is a failed build.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from pamphlet.context import BuildContext
from pamphlet.editions.print_pdf import output_profile
from pamphlet.errors import BuildError
from pamphlet.inks import colour_map
from pamphlet.layout.book import book_layout
from pamphlet.layout.wrap import cover_wrap
from pamphlet.output import write_atomic
from pamphlet.pdf import pdfx
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.marks import add_marks, fold_marks
from pamphlet.pdf.pages import mark_page
from pamphlet.pdf.preflight import check_pdf
from pamphlet.pdf.recolour import recolour
from pamphlet.print_job import expected
from pamphlet.products import ShopFile, Wrap
from pamphlet.registry import edition

NAME = "cover"


def build(ctx: BuildContext) -> list[Path]:
    if book_layout(ctx).binding.self_cover:
        return []  # the cover is the text block's first and last page
    output = edition(NAME).outputs[0]
    data = cover_file(ctx, cover_wrap(ctx))
    target = write_atomic(ctx.out / output.name(ctx.slug), data)
    ctx.products.shop_files.append(ShopFile(target, 1, output.purpose))
    ctx.products.cover_file = target
    return [target]


def cover_file(ctx: BuildContext, wrap: Wrap) -> bytes:
    """The wrap for print: PDF/X-1a, the job's inks, boxes and marks; preflighted."""
    pdf = pikepdf.open(io.BytesIO(wrap.data))
    pdfx.strip_for_print(pdf)
    recolour(pdf, colour_map(ctx.sheet("screen.css"), ctx.sheet("print.css")))
    pdfx.drop_unused_colour_spaces(pdf)
    options = ctx.manifest.print
    page = pdf.pages[0]
    mark_page(pdf, page, options.bleed, options.registration_marks)
    trim = Rect.of(page.obj.TrimBox)
    folds = "".join(fold_marks(trim.left + x, trim, options.bleed) for x in wrap.geometry.folds)
    add_marks(pdf, page, folds)
    pdfx.finish_pdfx(pdf, options, output_profile(ctx))
    data = pdfx.pdf_bytes(pdf, version="1.4")
    with pikepdf.open(io.BytesIO(data)) as written:
        _preflight(ctx, written, wrap)
    return data


def _preflight(ctx: BuildContext, pdf: pikepdf.Pdf, wrap: Wrap) -> None:
    """The preflight's rules on the wrap just made: an error fails the build; a warning of
    colour, transparency, boxes or images is a build warning."""
    name = edition(NAME).outputs[0].name(ctx.slug)
    wanted = expected(NAME, ctx.manifest, book_layout(ctx).binding, wrap.geometry.pages)
    for found in check_pdf(pdf, ctx.out / name, wanted):
        if found.severity == "error":
            raise BuildError(
                ctx.manifest.path, None, f"{name} {found.where}: {found.what}", found.fix
            )
        if found.severity == "warning" and found.code in ("colour", "transparency", "images"):
            ctx.warnings.add(ctx.manifest.path, None, f"{name}: {found.what}", found.fix)
