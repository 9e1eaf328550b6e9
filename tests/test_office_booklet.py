"""The office booklet fits an office printer, which cannot print to the sheet's edge: no
pixel within a quarter inch of any edge of any sheet side is inked, the cover's band is cut
back to that margin rather than the pages scaled down, and the job ticket says so."""

from __future__ import annotations

import json

import pypdfium2
import pytest
from PIL import ImageOps

DPI = 144
EDGE = round(0.25 * DPI)  # a quarter inch, in pixels
INKED = 250  # darker than this (of 255) is ink


def edge_bands(image):
    width, height = image.size
    band = EDGE - 1  # the pixel row at exactly a quarter inch may be antialiased
    return {
        "top": image.crop((0, 0, width, band)),
        "bottom": image.crop((0, height - band, width, height)),
        "left": image.crop((0, 0, band, height)),
        "right": image.crop((width - band, 0, width, height)),
    }


def sheet_sides(path):
    pdf = pypdfium2.PdfDocument(path)
    return [page.render(scale=DPI / 72).to_pil().convert("L") for page in pdf]


@pytest.mark.parametrize("title", ["flagship", "figures_title"])  # US Letter, A4
def test_nothing_is_printed_within_a_quarter_inch_of_the_edge(title, request):
    built = request.getfixturevalue(title)
    sides = sheet_sides(built.file("-booklet-office.pdf"))
    for number, side in enumerate(sides, start=1):
        for edge, band in edge_bands(side).items():
            darkest = band.getextrema()[0]
            assert darkest >= INKED, f"side {number}: ink at the {edge} edge ({darkest})"
    # The cover band (sheet 1, front, right half) runs up to the margin, not short of it:
    cover = sides[0]
    width = cover.size[0]
    just_inside = cover.crop((width // 2, EDGE + 2, width - EDGE - 2, EDGE + 6))
    assert just_inside.getextrema()[1] < 128  # dark all along, up to the margin


def test_the_shop_files_still_run_to_the_edge_of_the_trim(flagship):
    """Only the office booklet keeps clear: the print PDF's cover band still bleeds."""
    page = pypdfium2.PdfDocument(flagship.file("-print.pdf"))[0]
    media, trim = page.get_mediabox(), page.get_trimbox()
    image = ImageOps.grayscale(page.render(scale=1).to_pil())
    x = trim[0] - media[0] - 4  # in the bleed, 4 pt left of the trim…
    y = media[3] - trim[3] + 60  # … 60 pt below its top, where the cover band is
    assert image.getpixel((round(x), round(y))) < 128


def test_job_ticket_says_how_the_office_booklet_keeps_clear_of_the_edge(flagship):
    ticket = json.loads(flagship.file("-jobticket.json").read_text(encoding="utf-8"))
    office = ticket["imposition"]["office"]
    assert office["unprinted_edge_pt"] == 18 and office["scale"] == 1
    assert ticket["imposition"]["shop"]["unprinted_edge_pt"] == 0
    text = flagship.file("-jobticket.txt").read_text(encoding="utf-8")
    assert "nothing printed within 0.25 in (6.35 mm) of the sheet's edge: pages at 100%" in text
