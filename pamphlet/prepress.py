"""What the print-shop files (the print PDF and the booklets) share: rectangles in points,
printer's marks drawn outside the bleed, and the PDF/X-1a finishing of a PDF that WeasyPrint
wrote (output intent, info keys), done with pikepdf.

WeasyPrint labels a PDF/X-1a file but leaves out the OutputIntent unless a CMYK profile is
embedded, and no CMYK profile that may be redistributed exists on a stock machine. So the
OutputIntent names a printing condition registered with the ICC (manifest `[print]
output_condition`), which PDF/X-1a allows without embedding a profile; a shop's own profile
in `styles/` (`output_profile`) is embedded instead when given.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pamphlet.manifest import OUTPUT_CONDITIONS, PrintOptions
from pamphlet.pdf.streams import seal_empty_streams

PDFX_VERSION = "PDF/X-1a:2003"
ICC_REGISTRY = "http://www.color.org"
MARK_GAP = 3.0  # points between the bleed's edge and where a mark begins
MARK_LENGTH = 18.0  # a quarter inch: the usual crop mark
MARK_WIDTH = 0.25  # the usual hairline for marks
MARKS_TAG = "/PrinterMarks"  # marked-content tag around the marks, so preflight knows them
REGISTRATION = "/Registration"  # colour space resource: the "All" separation


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points: left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def of(cls, array: pikepdf.Array) -> Rect:
        left, bottom, right, top = (float(v) for v in array)
        return cls(min(left, right), min(bottom, top), max(left, right), max(bottom, top))

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def grow(self, by: float) -> Rect:
        return Rect(self.left - by, self.bottom - by, self.right + by, self.top + by)

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.bottom >= self.bottom - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )

    def array(self) -> pikepdf.Array:
        return Array([_number(v) for v in (self.left, self.bottom, self.right, self.top)])


def _number(value: float) -> float | int:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def marks_margin(bleed: float) -> float:
    """How far beyond the trim the MediaBox reaches to hold marks outside the bleed."""
    return bleed + MARK_GAP + MARK_LENGTH + 6


# --- printer's marks: content-stream operators -----------------------------------------------


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


# --- PDF/X-1a ----------------------------------------------------------------------------------


def output_intent(pdf: pikepdf.Pdf, options: PrintOptions, profile: bytes | None) -> Dictionary:
    """The PDF/X OutputIntent: a registered condition by name, or the shop's embedded profile."""
    condition = options.output_condition
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(condition),
        OutputCondition=String(OUTPUT_CONDITIONS.get(condition, condition)),
        Info=String(OUTPUT_CONDITIONS.get(condition, condition)),
    )
    if profile is None:
        intent.RegistryName = String(ICC_REGISTRY)
    else:
        intent.DestOutputProfile = pdf.make_stream(profile, N=4)
    return intent


def finish_pdfx(pdf: pikepdf.Pdf, options: PrintOptions, profile: bytes | None = None) -> None:
    """Complete WeasyPrint's PDF/X-1a labelling: the OutputIntent, `Trapped`, and no
    `GTS_PDFXConformance` (a PDF/X-1:2001 key, not used by PDF/X-1a:2003)."""
    pdf.Root.OutputIntents = Array([pdf.make_indirect(output_intent(pdf, options, profile))])
    info = pdf.docinfo
    info.GTS_PDFXVersion = String(PDFX_VERSION)
    info.Trapped = Name("/False")
    if "/GTS_PDFXConformance" in info:
        del info.GTS_PDFXConformance
    if "/Metadata" in pdf.Root:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            if "pdfx:GTS_PDFXConformance" in xmp:
                del xmp["pdfx:GTS_PDFXConformance"]


def drop_unused_colour_spaces(pdf: pikepdf.Pdf) -> None:
    """Remove colour spaces that resources list but no content uses: WeasyPrint lists two
    Lab spaces on every page, which PDF/X-1a does not allow even unused."""
    used: set[str] = set()
    dictionaries = []

    def visit(holder: pikepdf.Object, resources: pikepdf.Object) -> None:
        if "/ColorSpace" in resources:
            dictionaries.append(resources.ColorSpace)
        for operands, _ in pikepdf.parse_content_stream(holder, "cs CS"):
            used.add(str(operands[0]))
        for xobject in resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == Name.Form:
                visit(xobject, xobject.get("/Resources", resources))

    for page in pdf.pages:
        visit(page.obj, page.obj.get("/Resources", Dictionary()))
    for spaces in dictionaries:
        for name in list(spaces.keys()):
            if name not in used:
                del spaces[name]


def strip_annotations(pdf: pikepdf.Pdf) -> None:
    """No links or other annotations: PDF/X forbids them inside the BleedBox."""
    for page in pdf.pages:
        if "/Annots" in page.obj:
            del page.obj.Annots


def pdf_bytes(pdf: pikepdf.Pdf) -> bytes:
    """The PDF as bytes that depend only on its content (no clock, no random identifier),
    without object streams, which PDF 1.4 (and so PDF/X-1a) does not have."""
    seal_empty_streams(pdf)  # qpdf would write empty streams as invalid zlib data
    out = io.BytesIO()
    pdf.save(
        out,
        deterministic_id=True,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        compress_streams=True,
    )
    return out.getvalue()
