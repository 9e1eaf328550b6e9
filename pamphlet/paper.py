"""Paper for the printed copy: a table of common stocks with their thickness, and the spine
a cover wraps around.

A book's spine is as thick as its text block: leaves × caliper (a leaf is two pages, the
caliper one leaf's thickness), plus an allowance for the cover when the shop asks for one.
Print-on-demand services publish the same formula per page ("pages × 0.002252 in"), paper
merchants as pages per inch (PPI: 2 ÷ caliper in inches), European mills in micrometres; the
table keeps each figure as its source gives it. `[print] paper_stock` picks a stock by name,
`[print] paper_caliper` gives the shop's own figure ("0.1mm", "96um", "444ppi").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pamphlet.units import Size

POINTS_PER_INCH = 72.0
POINTS_PER_MM = 72 / 25.4
SPINE_TEXT_MIN = 0.25 * POINTS_PER_INCH  # a spine narrower than 0.25 in carries no text
SPINE_MARGIN = 0.0625 * POINTS_PER_INCH  # spine text keeps 1/16 in from each fold
SAFETY = 0.25 * POINTS_PER_INCH  # type and barcode keep 0.25 in inside the trim and the folds


@dataclass(frozen=True)
class Paper:
    """A stock: its name in the manifest, what a shop calls it, one leaf's thickness in
    points, that figure as published, and where it is published."""

    name: str
    description: str
    caliper: float
    published: str
    source: str

    @property
    def ppi(self) -> float:
        """Pages per inch."""
        return 2 * POINTS_PER_INCH / self.caliper


@dataclass(frozen=True)
class WrapGeometry:
    """The cover wrap of a copy, in points: one page's `trim`, the `spine` between back and
    front (0 for a saddle-stitched separate cover), the `bleed`; and what the spine is made
    of: the interior's `pages`, the paper's `caliper` (one leaf), the cover's `allowance`."""

    trim: Size
    spine: float
    bleed: float
    pages: int
    caliper: float
    allowance: float
    paper: str  # the paper's name in pamphlet/paper.py, or "" for the manifest's own caliper

    @property
    def width(self) -> float:
        return 2 * self.trim.width + self.spine

    @property
    def height(self) -> float:
        return self.trim.height

    @property
    def folds(self) -> list[float]:
        """Where the cover folds, from the wrap's left trim edge."""
        left = self.trim.width
        return [left, left + self.spine] if self.spine else [left]


def _per_page(inches: float) -> float:
    return 2 * inches * POINTS_PER_INCH


def _ppi(pages_per_inch: float) -> float:
    return 2 * POINTS_PER_INCH / pages_per_inch


def _micrometres(um: float) -> float:
    return um / 1000 * POINTS_PER_MM


KDP = "Amazon KDP Help, paperback cover: spine width = page count × {} in"
PATTERSON = "Patterson Printing house stocks (pattersonprinting.com/diagrams.htm): caliper {} in"
BULK = (
    "caliper = grammage × bulk; ordinary uncoated offset paper has a bulk of about "
    "1.2 cm³/g, bulky book papers 1.3–2.15 (paper makers' figures)"
)

PAPERS = {
    paper.name: paper
    for paper in (
        Paper(
            "kdp-white",
            "Amazon KDP paperback, black-and-white interior on white paper",
            _per_page(0.002252),
            "0.002252 in per page",
            KDP.format("0.002252"),
        ),
        Paper(
            "kdp-cream",
            "Amazon KDP paperback, black-and-white interior on cream paper",
            _per_page(0.0025),
            "0.0025 in per page",
            KDP.format("0.0025"),
        ),
        Paper(
            "kdp-color",
            "Amazon KDP paperback, premium colour interior on white paper",
            _per_page(0.002347),
            "0.002347 in per page",
            KDP.format("0.002347"),
        ),
        Paper(
            "lulu-60",
            "Lulu paperback, 60 lb (≈ 90 g/m²) uncoated white or cream",
            _ppi(444),
            "444 PPI",
            "Lulu paperback cover formula: 0.0572 mm (1/444 in) per page",
        ),
        Paper(
            "offset-50lb",
            "50 lb (74 g/m²) uncoated white offset",
            _ppi(515),
            "515 PPI",
            PATTERSON.format("0.0039"),
        ),
        Paper(
            "offset-60lb",
            "60 lb (89 g/m²) uncoated white offset",
            _ppi(435),
            "435 PPI",
            PATTERSON.format("0.0046"),
        ),
        Paper(
            "offset-70lb",
            "70 lb (104 g/m²) uncoated white offset",
            _ppi(395),
            "395 PPI",
            PATTERSON.format("0.0051"),
        ),
        Paper(
            "offset-80gsm",
            "80 g/m² uncoated woodfree offset",
            _micrometres(96),
            "96 µm",
            BULK,
        ),
        Paper(
            "offset-90gsm",
            "90 g/m² uncoated woodfree offset",
            _micrometres(108),
            "108 µm",
            BULK,
        ),
        Paper(
            "book-80gsm-bulky",
            "80 g/m² bulky book paper, volume 1.5 (such as Munken Print Cream 15)",
            _micrometres(120),
            "120 µm",
            "Wikipedia, 'Book paper': a bulky 80 g/m² paper of 120 µm is volume 15",
        ),
    )
}
DEFAULT_PAPER = "offset-60lb"

_CALIPER = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(ppi|µm|um|mm|in|pt)\s*$", re.IGNORECASE)


def parse_caliper(text: str) -> float | None:
    """One leaf's thickness in points from "0.1mm", "96um", "0.0045in" or "444ppi"; None
    when the text is none of these or out of any paper's range (20–500 µm)."""
    match = _CALIPER.match(text)
    if not match:
        return None
    value, unit = float(match[1]), match[2].lower()
    if value <= 0:
        return None
    points = {
        "ppi": lambda v: _ppi(v),
        "µm": _micrometres,
        "um": _micrometres,
        "mm": lambda v: v * POINTS_PER_MM,
        "in": lambda v: v * POINTS_PER_INCH,
        "pt": lambda v: v,
    }[unit](value)
    return points if _micrometres(20) <= points <= _micrometres(500) else None


def leaves(pages: int) -> int:
    """Leaves of a text block of `pages` pages (two pages a leaf)."""
    return (pages + 1) // 2


def spine_width(pages: int, caliper: float, allowance: float = 0.0) -> float:
    """The spine of a perfect-bound book, in points: leaves × caliper + the cover's
    allowance. The formula of the print-on-demand services (pages × thickness per page)."""
    return leaves(pages) * caliper + allowance


def spine_has_text(spine: float) -> bool:
    return spine >= SPINE_TEXT_MIN - 1e-6


def describe_length(points: float) -> str:
    """'0.316 in (8.03 mm, 22.75 pt)'."""
    return f"{points / 72:.3f} in ({points / POINTS_PER_MM:.2f} mm, {points:.2f} pt)"


def caliper_of(manifest: Any) -> tuple[float, str]:
    """One leaf's thickness in points, and the paper it is from ("" when the manifest gives
    the caliper itself): `paper_caliper`, else `paper_stock`'s, else the default stock's."""
    options = manifest.print
    if options.paper_caliper:
        return options.paper_caliper, ""
    paper = PAPERS[options.paper_stock or DEFAULT_PAPER]
    return paper.caliper, paper.name


def wrap_geometry(manifest: Any, pages: int, spine: bool) -> WrapGeometry:
    """The cover wrap of a copy of `pages` interior pages; without a `spine` (a
    saddle-stitched separate cover) back and front meet at the fold."""
    caliper, paper = caliper_of(manifest)
    allowance = manifest.print.cover_allowance
    width = spine_width(pages, caliper, allowance) if spine else 0.0
    return WrapGeometry(
        manifest.trim, width, manifest.print.bleed, pages, caliper, allowance, paper
    )


def spine_formula(geometry: WrapGeometry) -> str:
    """'128 pages = 64 leaves × 0.1655 pt (offset-60lb) + 0 pt = 10.59 pt'."""
    paper = geometry.paper or "[print] paper_caliper"
    text = (
        f"{geometry.pages} pages = {leaves(geometry.pages)} leaves × {geometry.caliper:.4f} pt "
        f"({paper})"
    )
    if geometry.allowance:
        text += f" + {geometry.allowance:.2f} pt cover allowance"
    return f"{text} = {geometry.spine:.2f} pt"
