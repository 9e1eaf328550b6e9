"""Printer's marks drawn outside the bleed, in 100 % K hairlines (crop and fold marks) or in
registration colour (the "All" separation), inside a `/PrinterMarks` marked-content
sequence so that preflight knows them from the page's content. WeasyPrint's own CSS marks
sit inside the bleed, in RGB with transparency, so they are not used."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from pamphlet.pdf.geometry import Rect

MARK_GAP = 3.0  # points between the bleed's edge and where a mark begins
MARK_LENGTH = 18.0  # a quarter inch: the usual crop mark
MARK_WIDTH = 0.25  # the usual hairline for marks
MARKS_TAG = "/PrinterMarks"  # marked-content tag around the marks, so preflight knows them
REGISTRATION = "/Registration"  # colour space resource: the "All" separation


def marks_margin(bleed: float) -> float:
    """How far beyond the trim the MediaBox reaches to hold marks outside the bleed."""
    return bleed + MARK_GAP + MARK_LENGTH + 6


def _line(x0: float, y0: float, x1: float, y1: float) -> str:
    return f"{x0:.3f} {y0:.3f} m {x1:.3f} {y1:.3f} l S\n"


def crop_marks(trim: Rect, bleed: float) -> str:
    """Two hairlines at each corner of `trim`, on its edges' lines, beginning outside the
    bleed, in 100 % black."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    ops = [f"0 0 0 1 K {MARK_WIDTH} w 0 J [] 0 d\n"]
    for x, out_x in ((trim.left, -1), (trim.right, 1)):
        for y, out_y in ((trim.bottom, -1), (trim.top, 1)):
            ops.append(_line(x + out_x * start, y, x + out_x * end, y))
            ops.append(_line(x, y + out_y * start, x, y + out_y * end))
    return "".join(ops)


def fold_marks(x: float, trim: Rect, bleed: float) -> str:
    """Dashed hairlines on the fold at `x`, above and below `trim`, outside the bleed."""
    start, end = bleed + MARK_GAP, bleed + MARK_GAP + MARK_LENGTH
    return (
        f"0 0 0 1 K {MARK_WIDTH} w [3 2] 0 d\n"
        + _line(x, trim.top + start, x, trim.top + end)
        + _line(x, trim.bottom - start, x, trim.bottom - end)
        + "[] 0 d\n"
    )


def registration_marks(trim: Rect, bleed: float, across: list[float] | None = None) -> str:
    """Targets (circle and cross) beyond the middle of each edge of `trim` — or, above and
    below, at the x positions `across` — in registration colour, so they print on every
    plate."""
    distance = bleed + MARK_GAP + MARK_LENGTH / 2
    middle_y = (trim.bottom + trim.top) / 2
    centres = [(trim.left - distance, middle_y), (trim.right + distance, middle_y)]
    for x in across or [(trim.left + trim.right) / 2]:
        centres += [(x, trim.top + distance), (x, trim.bottom - distance)]
    ops = [f"{REGISTRATION} CS 1 SCN {MARK_WIDTH} w [] 0 d\n"]
    for x, y in centres:
        ops.append(_circle(x, y, 5.0))
        ops.append(_line(x - 8, y, x + 8, y))
        ops.append(_line(x, y - 8, x, y + 8))
    return "".join(ops)


def _circle(x: float, y: float, r: float) -> str:
    k = 0.5523 * r  # control-point distance for a quarter circle in Bézier curves
    return (
        f"{x + r:.3f} {y:.3f} m "
        f"{x + r:.3f} {y + k:.3f} {x + k:.3f} {y + r:.3f} {x:.3f} {y + r:.3f} c "
        f"{x - k:.3f} {y + r:.3f} {x - r:.3f} {y + k:.3f} {x - r:.3f} {y:.3f} c "
        f"{x - r:.3f} {y - k:.3f} {x - k:.3f} {y - r:.3f} {x:.3f} {y - r:.3f} c "
        f"{x + k:.3f} {y - r:.3f} {x + r:.3f} {y - k:.3f} {x + r:.3f} {y:.3f} c S\n"
    )


def add_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, ops: str) -> None:
    """Draw `ops` over the page, in the default coordinates, tagged as printer's marks. The
    page's own content is wrapped in q/Q so its transformations do not reach the marks."""
    if REGISTRATION in ops:
        _add_registration_colour(pdf, page)
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    marks = f"Q\nq {MARKS_TAG} BMC\n{ops}EMC Q\n".encode()
    page.contents_add(pdf.make_stream(marks))


def _add_registration_colour(pdf: pikepdf.Pdf, page: pikepdf.Page) -> None:
    if "/Resources" not in page.obj:
        page.obj.Resources = Dictionary()
    if "/ColorSpace" not in page.obj.Resources:
        page.obj.Resources.ColorSpace = Dictionary()
    spaces = page.obj.Resources.ColorSpace
    if REGISTRATION not in spaces:
        tint = Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
        spaces[REGISTRATION] = pdf.make_indirect(
            Array([Name.Separation, Name.All, Name.DeviceCMYK, pdf.make_indirect(tint)])
        )
