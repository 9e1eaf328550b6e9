"""The print PDF, for print shops: PDF/X-1a:2003 with a CMYK output intent and text in 100 %
black; the manifest's trim with bleed; crop marks outside the bleed; a self-cover (the cover
is page 1, the back cover the last page) and a page count padded to a multiple of four with
blank pages placed before the back cover. The job ticket is written beside it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from pamphlet import jobticket, prepress
from pamphlet.context import BuildContext
from pamphlet.editions.paged import Layout, lay_out, write_pdf
from pamphlet.errors import SourceError
from pamphlet.manifest import line_of
from pamphlet.model import Part
from pamphlet.output import write_atomic
from pamphlet.pdf.streams import empty_stream

NAME = "print"
BACK = "back-cover"  # the named page of the back cover (styles/paged.css)
LAYOUT = "print layout"  # the key of the laid-out print edition in ctx.products
TOO_MANY_BLANKS = 2


@dataclass
class BackCover:
    """What the last page shows: `kind` is slogans, publisher or blank."""

    kind: str
    part: Part | None = None


@dataclass
class PrintFile:
    """The print PDF as made in this build, and the facts the booklet and job ticket need."""

    data: bytes
    pages: int
    blanks: list[int] = field(default_factory=list)  # page numbers of the blank pages added
    back_cover: str = "publisher"
    inks: list[str] | None = None  # read from the pages when the job ticket needs them


def outputs(slug: str) -> list[str]:
    return [f"{slug}-print.pdf", *jobticket.outputs(slug)]


def build(ctx: BuildContext) -> list[Path]:
    made = make(ctx)
    target = write_atomic(ctx.out / outputs(ctx.slug)[0], made.data)
    jobticket.record(ctx, target, made.pages)
    return [target, *jobticket.write(ctx)]


@dataclass
class PrintLayout:
    """The print edition laid out, and where its blank pages go: `blanks` pages before the
    page at index `back_page` (the back cover) make the count a multiple of 4."""

    layout: Layout
    back_cover: BackCover
    back_page: int
    blanks: int


def laid_out(ctx: BuildContext) -> PrintLayout:
    """The print edition's layout, once per build: the PDF and the EPUB's page list (the
    print edition's page numbers) both read it."""
    if LAYOUT in ctx.products:
        return ctx.products[LAYOUT]  # type: ignore[return-value]
    back = back_cover(ctx)
    layout = lay_out(
        ctx,
        NAME,
        extra_css=_print_css(ctx),
        values={
            "body_parts": [part for part in ctx.document.parts if part is not back.part],
            "back_cover": back,
        },
    )
    pages = layout.document.pages
    printed = PrintLayout(layout, back, _back_cover_page(ctx, pages), (-len(pages)) % 4)
    ctx.products[LAYOUT] = printed
    return printed


def make(ctx: BuildContext) -> PrintFile:
    """Pad, mark and label the print PDF, once per build (the booklet reuses it)."""
    if NAME in ctx.products:
        return ctx.products[NAME]  # type: ignore[return-value]
    options = ctx.manifest.print
    printed = laid_out(ctx)
    data = write_pdf(printed.layout, ctx, NAME, None, pdf_variant="pdf/x-1a")
    pdf = pikepdf.open(io.BytesIO(data))
    blanks = _insert_blanks(pdf, printed.blanks, before=printed.back_page)
    prepress.strip_annotations(pdf)
    prepress.drop_unused_colour_spaces(pdf)
    for page in pdf.pages:
        mark_page(pdf, page, options.bleed, options.registration_marks)
    prepress.finish_pdfx(pdf, options, output_profile(ctx))
    made = PrintFile(
        prepress.pdf_bytes(pdf),
        len(pdf.pages),
        blanks,
        printed.back_cover.kind,
    )
    _warn(ctx, made)
    ctx.products[NAME] = made
    return made


def back_cover(ctx: BuildContext) -> BackCover:
    """The manifest's choice of back cover (by default the slogans when there are some,
    else the publisher); slogans move there from inside the pamphlet."""
    kind = ctx.manifest.print.back_cover
    slogans = next((part for part in ctx.document.parts if part.role == "slogans"), None)
    if kind in ("slogans", "") and slogans:
        return BackCover("slogans", slogans)
    if kind == "slogans":
        ctx.warnings.add(
            ctx.manifest.path,
            line_of(ctx.manifest, "back_cover", "print"),
            "the back cover should show the slogans, but the title has no slogans part; "
            "it shows the publisher instead",
            'add a part with role = "slogans", or set back_cover = "publisher" in [print]',
        )
    return BackCover(kind if kind in ("publisher", "blank") else "publisher")


def _print_css(ctx: BuildContext) -> str:
    bleed = ctx.manifest.print.bleed
    return (
        f":root {{ --bleed: {bleed:g}pt; }}\n@page {{ bleed: {bleed:g}pt; }}\n"
        f".back-cover {{ height: {ctx.manifest.trim.height:g}pt; }}\n"
    )


def _back_cover_page(ctx: BuildContext, pages: list) -> int:
    """Index of the page where the back cover begins; a warning if it runs onto more."""
    index = next(i for i, page in enumerate(pages) if page._page_box.page_type.name == BACK)
    if index != len(pages) - 1:
        ctx.warnings.add(
            ctx.manifest.path,
            line_of(ctx.manifest, "back_cover", "print"),
            f"the back cover runs onto {len(pages) - index} pages",
            'shorten the slogans, or set back_cover = "publisher" in [print]',
        )
    return index


def _insert_blanks(pdf: pikepdf.Pdf, count: int, before: int) -> list[int]:
    """Insert `count` blank pages before page index `before`; return their page numbers."""
    model = pdf.pages[before].obj
    for _ in range(count):
        blank = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=model.MediaBox,
            TrimBox=model.TrimBox,
            BleedBox=model.BleedBox,
            Resources=pikepdf.Dictionary(),
            Contents=empty_stream(pdf),  # not make_stream(b""): see pdf/streams.py
        )
        pdf.pages.insert(before, pikepdf.Page(pdf.make_indirect(blank)))
    return [before + 1 + n for n in range(count)]


def mark_page(pdf: pikepdf.Pdf, page: pikepdf.Page, bleed: float, registration: bool) -> None:
    """Boxes of a print page (TrimBox = trim, BleedBox = trim + bleed, MediaBox with room for
    the marks) and its crop marks, all outside the bleed."""
    trim = prepress.Rect.of(page.obj.TrimBox)
    page.obj.BleedBox = trim.grow(bleed).array()
    page.obj.MediaBox = trim.grow(prepress.marks_margin(bleed)).array()
    if "/CropBox" in page.obj:
        del page.obj.CropBox
    ops = prepress.crop_marks(trim, bleed)
    if registration:
        ops += prepress.registration_marks(trim, bleed)
    prepress.add_marks(pdf, page, ops)


def output_profile(ctx: BuildContext) -> bytes | None:
    """The shop's CMYK output profile from styles/, when the manifest names one."""
    name = ctx.manifest.print.output_profile
    if not name:
        return None
    path = (ctx.workspace.styles / name).resolve()
    data = path.read_bytes() if path.is_file() else b""
    problem = ""
    if not path.is_relative_to(ctx.workspace.styles.resolve()) or not data:
        problem = f"the output profile styles/{name} does not exist"
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


def _warn(ctx: BuildContext, made: PrintFile) -> None:
    manifest = ctx.manifest
    if len(made.blanks) > TOO_MANY_BLANKS:
        ctx.warnings.add(
            manifest.path,
            None,
            f"the print edition needs {len(made.blanks)} blank pages before the back cover "
            f"to reach {made.pages} pages (a multiple of 4)",
            f"shorten the text by {4 - len(made.blanks)} page(s) to save a sheet, or add material",
        )
    budget = manifest.print.page_budget
    if budget and made.pages > budget:
        ctx.warnings.add(
            manifest.path,
            line_of(manifest, "page_budget", "print"),
            f"the print edition has {made.pages} pages, over the page budget of {budget}",
            "shorten the text, or raise page_budget in [print]",
        )
