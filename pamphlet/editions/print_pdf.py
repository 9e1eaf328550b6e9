"""The print PDF, for print shops: the title's one layout (the screen PDF's pages) recoloured
for the job's inks — every text in 100 % black —, PDF/X-1a:2003 with an output intent, the
manifest's trim with bleed and crop marks outside it, a self-cover (the cover is page 1, the
back cover the last page) and blank pages before the back cover to fill the last sheet.

The file is preflighted as soon as it is made (colour, transparency, boxes; see
pamphlet.pdf.preflight): a print file that fails is a failed build, never a success with a
wrong label. Its warnings (a low-resolution image, a tint of black) are build warnings.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

from pamphlet.context import BuildContext
from pamphlet.errors import BuildError, SourceError, display_path
from pamphlet.images import pixel_size
from pamphlet.inks import colour_map, job_inks, unused_spots
from pamphlet.layout.book import book_layout, book_pdf
from pamphlet.manifest import line_of
from pamphlet.output import write_atomic
from pamphlet.pdf import pdfx
from pamphlet.pdf.content import EMPTY, PageScan, inks_of, scan_pages
from pamphlet.pdf.pages import insert_blank_pages, mark_page
from pamphlet.pdf.preflight import check_pdf
from pamphlet.pdf.recolour import recolour
from pamphlet.pdf.separation import recolour_in_inks
from pamphlet.print_job import expected
from pamphlet.products import BookLayout, PrintFile, ShopFile
from pamphlet.registry import edition
from pamphlet.sandbox import MISSING, path_refusal, read_regular_file, real_roots

NAME = "print"
TOO_MANY_BLANKS = 2
# What the build's own preflight warns of (every preflight error fails the build); the rest
# (small type, …) `pamphlet check` reports.
CHECKED_IN_BUILD = ("colour", "transparency", "boxes", "images", "barcode")


def build(ctx: BuildContext) -> list[Path]:
    made = print_file(ctx)
    output = edition(NAME).outputs[0]
    target = write_atomic(ctx.out / output.name(ctx.slug), made.data)
    ctx.products.shop_files.append(ShopFile(target, made.pages, output.purpose))
    return [target]


def print_file(ctx: BuildContext) -> PrintFile:
    """The print PDF, made once per build (the booklets impose it)."""
    if ctx.products.print_file is None:
        layout = book_layout(ctx)
        pdf = pikepdf.open(io.BytesIO(book_pdf(ctx)))
        pdfx.strip_for_print(pdf)
        _recolour(ctx, pdf)
        insert_blank_pages(pdf, layout.blanks, layout.blanks_before)
        pdfx.drop_unused_colour_spaces(pdf)
        options = ctx.manifest.print
        for page in pdf.pages:
            mark_page(pdf, page, options.bleed, options.registration_marks)
        pdfx.finish_pdfx(pdf, options, output_profile(ctx))
        data = pdfx.pdf_bytes(pdf, version="1.4")
        with pikepdf.open(io.BytesIO(data)) as written:
            scans = scan_pages(written)
            _preflight(ctx, written, scans)
            inks = inks_of(scans)
        back = layout.back_cover.kind if layout.back_cover else ""
        made = PrintFile(data, layout.page_count, layout.blank_folios(), back, inks)
        _warn(ctx, layout, made)
        ctx.products.print_file = made
    return ctx.products.print_file


def _recolour(ctx: BuildContext, pdf: pikepdf.Pdf) -> None:
    """The pages in the job's inks: black alone (process colours, as print.css says), or
    black and spot inks (pamphlet.pdf.separation)."""
    inks = job_inks(ctx.manifest)
    printed = ctx.sheet("print.css")
    colours = colour_map(ctx.sheet("screen.css"), printed, inks)
    if len(inks) == 1:
        recolour(pdf, colours)
        return
    recolour_in_inks(pdf, colours, inks, ctx.manifest.print.image_inks)
    images = ctx.manifest.print.image_inks
    for ink in unused_spots(colours, inks) if images == "black" else []:
        ctx.warnings.add(
            printed.path,
            None,
            f"the job prints in {ink.name}, but no colour of {printed.name} is printed in it",
            "print the accent colours in it: --accent: ink(spot); (see README, Inks)",
        )


def _preflight(ctx: BuildContext, pdf: pikepdf.Pdf, scans: list[PageScan]) -> None:
    """The preflight's rules on the file just made: an error fails the build (exit 1) with
    one line naming the page and what is wrong; warnings are build warnings."""
    name = edition(NAME).outputs[0].name(ctx.slug)
    wanted = expected("print", ctx.manifest, book_layout(ctx).binding)
    for found in check_pdf(pdf, ctx.out / name, wanted, scans):
        if found.severity == "info" or (
            found.severity == "warning" and found.code not in CHECKED_IN_BUILD
        ):
            continue
        what = f"{name} {found.where}: {found.what}"
        source = _image_source(ctx, pdf, found.what) if found.code == "images" else None
        if source is not None:
            what = f"{display_path(source)}, {found.where} of {name}: {found.what}"
        if found.severity == "error":
            raise BuildError(source or ctx.manifest.path, None, what, found.fix)
        ctx.warnings.add(source or ctx.manifest.path, None, what, found.fix)


def _image_source(ctx: BuildContext, pdf: pikepdf.Pdf, what: str) -> Path | None:
    """The title's image file that an image of the print PDF was made from (found by its
    pixel size), so an editor knows which picture to replace."""
    name = "/" + what.split()[1]
    sizes = set()
    for page in pdf.pages:
        placed = page.obj.get("/Resources", EMPTY).get("/XObject", EMPTY).get(name)
        if placed is not None:
            sizes.add((int(placed.get("/Width", 0)), int(placed.get("/Height", 0))))
    for source in ctx.document.images():
        if source.path.suffix.lower() != ".svg" and pixel_size(source.path) in sizes:
            return source.path
    return None


MAX_PROFILE_BYTES = 16 * 1024 * 1024


def output_profile(ctx: BuildContext) -> bytes | None:
    """The shop's CMYK output profile from styles/, when the manifest names one."""
    name = ctx.manifest.print.output_profile
    if not name:
        return None
    path = ctx.workspace.styles / name
    reason = path_refusal(path, real_roots([ctx.workspace.styles]))  # checked before reading
    data = b"" if reason else read_regular_file(path, MAX_PROFILE_BYTES + 1)
    problem = ""
    if reason or not data:
        problem = f"the output profile styles/{name} does not exist"
        if reason and reason != MISSING:
            problem = f"the output profile styles/{name} cannot be used: {reason}"
    elif len(data) > MAX_PROFILE_BYTES:
        problem = f"styles/{name} is larger than any ICC profile ({MAX_PROFILE_BYTES:,} bytes)"
    elif data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        problem = f"styles/{name} is not a CMYK printer profile (ICC)"
    if problem:
        raise SourceError(
            ctx.manifest.path,
            line_of(ctx.manifest, "output_profile", "print"),
            problem,
            "put the print shop's CMYK .icc file in styles/ and name it here",
        )
    return data


def _warn(ctx: BuildContext, layout: BookLayout, made: PrintFile) -> None:
    manifest = ctx.manifest
    multiple = layout.binding.page_multiple
    if len(made.blanks) > TOO_MANY_BLANKS:
        ctx.warnings.add(
            manifest.path,
            None,
            f"the print edition needs {len(made.blanks)} blank pages before the back cover "
            f"to reach {made.pages} pages (a multiple of {multiple})",
            f"shorten the text by {multiple - len(made.blanks)} page(s) to save a sheet, "
            "or add material",
        )
    budget = manifest.print.page_budget
    if budget and made.pages > budget:
        ctx.warnings.add(
            manifest.path,
            line_of(manifest, "page_budget", "print"),
            f"the print edition has {made.pages} pages, over the page budget of {budget}",
            "shorten the text, or raise page_budget in [print]",
        )
