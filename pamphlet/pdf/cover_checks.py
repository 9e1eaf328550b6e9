"""Preflight rules for covers (see pamphlet.pdf.preflight, which runs them): a cover wrap's
spine against the interior's page count and the paper, and the ISBN's barcode on the back
cover — there when the title has an ISBN, black only with solid bars, inside the safe area
(0.25 in inside the trim and the folds, pamphlet.paper.SAFETY). The barcode is what a
`/Barcode` marked-content sequence paints (pamphlet.layout.barcode)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pikepdf

from pamphlet.paper import SAFETY, describe_length
from pamphlet.pdf.content import PageScan
from pamphlet.pdf.geometry import Rect

if TYPE_CHECKING:
    from pamphlet.diagnostics import Severity
    from pamphlet.pdf.expectations import Expected

TOLERANCE = 0.5  # points: rounding in boxes


class Report(Protocol):
    def add(self, check: str, severity: Severity, what: str, fix: str, page: int | None = None): ...

    def summary(self, check: str, text: str) -> None: ...


def check_spine(pdf: pikepdf.Pdf, expected: Expected, report: Report) -> None:
    """The wrap's TrimBox is back + spine + front: its spine must be what the interior's
    page count and the paper give (to 0.1 pt), its height the book's."""
    page = pdf.pages[0] if len(pdf.pages) else None
    if page is None or "/TrimBox" not in page.obj or expected.panel is None:
        return
    trim = Rect.of(page.obj.TrimBox)
    width, height = expected.panel
    spine = trim.width - 2 * width
    problems = 0
    if abs(trim.height - height) > TOLERANCE:
        problems += 1
        report.add(
            "spine",
            "error",
            f"the wrap is {trim.height:g} pt high, the book {height:g} pt",
            "set the trim size in pamphlet.toml (trim) and rebuild the cover",
        )
    if spine < -TOLERANCE:
        problems += 1
        report.add(
            "spine",
            "error",
            f"the wrap is {trim.width:g} pt wide, narrower than back and front ({2 * width:g} pt)",
            "rebuild the cover",
        )
    elif expected.spine is not None and abs(spine - expected.spine) > 0.1:
        problems += 1
        formula = expected.spine_formula or "a saddle-stitched cover has no spine: 0 pt"
        report.add(
            "spine",
            "error",
            f"the spine is {describe_length(spine)}; {formula}",
            "rebuild the cover after the interior (pamphlet build), with the same paper",
        )
    if not problems:
        text = f"{describe_length(spine)}" if spine > 0.01 else "none (back and front meet)"
        if expected.spine_formula:
            text += f": {expected.spine_formula}"
        report.summary("spine", text)


def check_barcode(
    pdf: pikepdf.Pdf, scans: list[PageScan], expected: Expected, report: Report
) -> None:
    """The ISBN's barcode (a /Barcode sequence) on the back cover: there when the title has
    an ISBN, in black only with bars of 100 % K, inside the safe area."""
    if not scans or expected.kind not in ("print", "cover"):
        return
    index = 0 if expected.kind == "cover" else len(scans) - 1
    scan = scans[index]
    if scan.barcode is None:
        if expected.barcode:
            report.add(
                "barcode",
                "error",
                "the title has an ISBN, but the back cover has no barcode",
                "rebuild it with pamphlet, which prints the ISBN's EAN-13 on the back cover",
                index + 1,
            )
        return
    problems = _barcode_colour_problems(scan)
    page = pdf.pages[index].obj
    trim = Rect.of(page.get("/TrimBox") or page.MediaBox)
    panel = trim
    if expected.kind == "cover" and expected.panel is not None:
        panel = Rect(trim.left, trim.bottom, trim.left + expected.panel[0], trim.top)
    if not panel.grow(-SAFETY).contains(scan.barcode, tolerance=TOLERANCE):
        problems.append(
            (
                f"the barcode is outside the safe area ({SAFETY:g} pt inside the back "
                "cover's trim and fold)",
                "move it inside the safe area; trimming or the fold may cut it",
            )
        )
    for what, fix in problems:
        report.add("barcode", "error", what, fix, index + 1)
    if not problems:
        report.summary("barcode", "on the back cover, 100 % K only, inside the safe area")


def _barcode_colours(scan: PageScan) -> tuple[list[str], float]:
    """The colours of a barcode that are not black or paper, and its darkest black (0–1)."""
    others, darkest = [], 0.0
    for family, values in scan.barcode_colours:
        if family == "DeviceCMYK" and len(values) == 4:
            darkest = max(darkest, values[3])
        elif family == "DeviceGray" and values:
            darkest = max(darkest, 1 - values[0])
        if not (family == "DeviceGray" or (family == "DeviceCMYK" and not any(values[:3]))):
            others.append(f"{family} {' '.join(f'{v:g}' for v in values)}".strip())
    return others, darkest


def _barcode_colour_problems(scan: PageScan) -> list[tuple[str, str]]:
    others, darkest = _barcode_colours(scan)
    problems = []
    if others:
        problems.append(
            (
                f"the barcode prints in {', '.join(sorted(others))}: it must be black only",
                "print the barcode in 100 % K (device-cmyk(0 0 0 1)) on paper white",
            )
        )
    if darkest < 1 - 1e-6:
        problems.append(
            (
                f"the barcode's bars are a {darkest:.0%} tint of black: a scanner needs solid bars",
                "print the bars in 100 % K",
            )
        )
    return problems
