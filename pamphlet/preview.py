"""A contact sheet of the screen PDF: every page as a thumbnail, laid out in spreads as the
folded pamphlet shows them (the cover alone on the right, then facing pages), each with its
page number. Rasterized with pypdfium2, assembled with Pillow.

Separation proofs (`--inks`): one page of the print PDF as each of its plates
(pamphlet.pdf.plates), one PNG per ink in that ink's colour on white, marks included — what
each plate or drum will print.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, ImageOps

from pamphlet.workspace import Workspace

PREVIEW_NAME = "preview.png"
INK_PREVIEW_NAME = "preview-page{page}-{ink}.png"
BACKGROUND = (232, 230, 226)
EDGE = (160, 156, 150)
LABEL = (90, 88, 84)


def render_pages(pdf: Path, height: int) -> list[Image.Image]:
    """Every page of `pdf` as an RGB image `height` pixels high."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        pages = []
        for page in document:
            image = page.render(scale=height / page.get_height()).to_pil().convert("RGB")
            pages.append(image)
            page.close()
        return pages
    finally:
        document.close()


def spreads(count: int) -> list[tuple[int | None, int | None]]:
    """Page indexes as the folded pamphlet shows them: (None, 0), (1, 2), (3, 4), …"""
    pairs: list[tuple[int | None, int | None]] = [(None, 0)] if count else []
    for left in range(1, count, 2):
        pairs.append((left, left + 1 if left + 1 < count else None))
    return pairs


def contact_sheet(
    pages: list[Image.Image],
    columns: int = 3,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont | None = None,
) -> Image.Image:
    """The pages in spreads, `columns` spreads a row, page numbers under each page."""
    width, height = pages[0].size
    gap, margin, label = width // 6, width // 6, max(14, height // 18)
    font = font or ImageFont.load_default()
    rows = [
        spreads(len(pages))[i : i + columns] for i in range(0, len(spreads(len(pages))), columns)
    ]
    cell = 2 * width + gap
    sheet = Image.new(
        "RGB",
        (2 * margin + columns * cell - gap, 2 * margin + len(rows) * (height + label + gap) - gap),
        BACKGROUND,
    )
    draw = ImageDraw.Draw(sheet)
    for row_index, row in enumerate(rows):
        top = margin + row_index * (height + label + gap)
        for column, pair in enumerate(row):
            left = margin + column * cell
            for side, index in enumerate(pair):
                if index is None:
                    continue
                x = left + side * width
                sheet.paste(pages[index], (x, top))
                draw.rectangle((x - 1, top - 1, x + width, top + height), outline=EDGE)
                draw.text(
                    (x + width // 2, top + height + label // 2),
                    str(index + 1),
                    fill=LABEL,
                    font=font,
                    anchor="mm",
                )
    return sheet


def label_font(workspace: Workspace, size: int) -> ImageFont.FreeTypeFont:
    from pamphlet.fonts import TEXT_FACES, cached_faces

    return ImageFont.truetype(str(cached_faces(workspace.cache)[TEXT_FACES[0]]), size)


def write_preview(
    workspace: Workspace, slug: str, page_height: int = 280, columns: int = 3
) -> Path:
    """build/<slug>/preview.png from build/<slug>/<slug>.pdf."""
    from pamphlet.output import write_atomic
    from pamphlet.registry import edition

    pdf = workspace.output_folder(slug) / edition("screen").outputs[0].name(slug)
    pages = render_pages(pdf, page_height)
    sheet = contact_sheet(pages, columns, label_font(workspace, max(12, page_height // 20)))
    # 256 colours keep text and the cover sharp at a third of the size.
    sheet = sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    sheet.save(out, format="PNG", optimize=True)
    return write_atomic(workspace.output_folder(slug) / PREVIEW_NAME, out.getvalue())


def write_ink_previews(workspace: Workspace, slug: str, page: int, height: int) -> list[Path]:
    """build/<slug>/preview-page<N>-<ink>.png for each ink of the job, from the print PDF."""
    import pypdfium2

    from pamphlet.errors import SourceError
    from pamphlet.inks import job_inks
    from pamphlet.manifest import load_manifest
    from pamphlet.output import write_atomic
    from pamphlet.pdf.plates import plate
    from pamphlet.registry import edition, ink_in_file_name

    folder = workspace.output_folder(slug)
    data = (folder / edition("print").outputs[0].name(slug)).read_bytes()
    count = len(pypdfium2.PdfDocument(data))
    if not 1 <= page <= count:
        raise SourceError(
            "--page", None, f"the print PDF has no page {page}", f"choose a page from 1 to {count}"
        )
    written = []
    for ink in job_inks(load_manifest(workspace.manifest_path(slug))):
        document = pypdfium2.PdfDocument(plate(data, ink.name))
        rendered = document[page - 1]
        gray = rendered.render(scale=height / rendered.get_height(), grayscale=True).to_pil()
        document.close()
        colour = tuple(round(255 * v) for v in ink.screen_rgb)
        picture = ImageOps.colorize(gray.convert("L"), black=colour, white=(255, 255, 255))
        out = io.BytesIO()
        picture.save(out, format="PNG", optimize=True)
        name = INK_PREVIEW_NAME.format(page=page, ink=ink_in_file_name(ink.name))
        written.append(write_atomic(folder / name, out.getvalue()))
    return written
