"""Preflight of print-shop PDFs, with pikepdf: what a print shop checks before making plates,
run by the print and cover editions on the files they have just made and by `pamphlet check`.
PDF/X-1a keys and output intent, page boxes and bleed, page count, fonts embedded, colour
spaces (any RGB is an error), transparency, image resolution at the placed size, text under
6 pt, anything placed outside the bleed; for a cover wrap, its spine against the page count
and the paper; and the ISBN's barcode on the back cover: black only, inside the safe area.

Each page's content is read operator by operator (pamphlet.pdf.content), so every finding
names its page. Printer's marks, which pamphlet draws inside a `/PrinterMarks`
marked-content sequence, are allowed outside the bleed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Name

from pamphlet.diagnostics import Diagnostic, Severity, check_finding
from pamphlet.pdf.content import INK_NAMES, PageScan, scan_pages
from pamphlet.pdf.cover_checks import check_barcode, check_spine
from pamphlet.pdf.expectations import Expected
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.pdfx import PDFX_VERSION

MIN_TEXT_SIZE = 6.0  # points
MIN_IMAGE_PPI = 300
LOWEST_IMAGE_PPI = 150  # under this an image is an error: it would print visibly coarse
TOLERANCE = 0.5  # points: rounding in boxes and text extents


def check(path: Path, wanted: Expected) -> list[Diagnostic]:
    """Every finding for one PDF file: errors and warnings, then one "info" line per check
    that summarizes what was found, for the table `pamphlet check` prints."""
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        return [check_finding("pdf", "error", path, "", f"cannot be read: {error}", "rebuild it")]
    with pdf:
        return check_pdf(pdf, path, wanted)


def check_pdf(
    pdf: pikepdf.Pdf, path: Path, expected: Expected, scans: list[PageScan] | None = None
) -> list[Diagnostic]:
    """The findings for an open PDF (named `path` in them), from `scans` of its pages when
    they are read already."""
    report = _Report(path)
    if expected.kind != "riso":  # a risograph master is a plain grayscale PDF
        _check_pdfx(pdf, report)
    _check_boxes(pdf, expected, report)
    _check_page_count(pdf, expected, report)
    if expected.kind == "cover":
        check_spine(pdf, expected, report)
    scans = scans or scan_pages(pdf)
    _check_content(pdf, scans, expected, report)
    check_barcode(pdf, scans, expected, report)
    return report.findings()


# --- collecting findings ----------------------------------------------------------------------


@dataclass
class _Report:
    """Findings grouped so that one problem on many pages is one line naming the pages."""

    path: Path
    problems: dict[tuple[str, Severity, str, str], list[int]] = field(default_factory=dict)
    summaries: dict[str, str] = field(default_factory=dict)

    def add(self, check: str, severity: Severity, what: str, fix: str, page: int | None = None):
        pages = self.problems.setdefault((check, severity, what, fix), [])
        if page is not None and page not in pages:
            pages.append(page)

    def summary(self, check: str, text: str) -> None:
        self.summaries[check] = text

    def findings(self) -> list[Diagnostic]:
        found = [
            check_finding(check, severity, self.path, page_list(pages), what, fix)
            for (check, severity, what, fix), pages in self.problems.items()
        ]
        found += [
            check_finding(check, "info", self.path, "", text)
            for check, text in self.summaries.items()
        ]
        return found


def page_list(pages: list[int]) -> str:
    """'page 3', or 'pages 1–4, 7' for several."""
    if not pages:
        return ""
    pages = sorted(pages)
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    text = ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)
    return f"page {text}" if len(pages) == 1 else f"pages {text}"


# --- document-level checks --------------------------------------------------------------------


def _check_pdfx(pdf: pikepdf.Pdf, report: _Report) -> None:
    check = "PDF/X"
    info = pdf.docinfo
    rebuild = "rebuild it with 'pamphlet build --edition print' (or export it as PDF/X-1a:2003)"
    version = str(info.get("/GTS_PDFXVersion", ""))
    if version != PDFX_VERSION:
        what = f"labelled {version}" if version else "not labelled PDF/X (no GTS_PDFXVersion)"
        report.add(check, "error", f"{what}; a PDF/X-1a:2003 file is expected", rebuild)
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        report.add(check, "error", "the Trapped key is missing or Unknown", rebuild)
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if key not in info:
            report.add(check, "error", f"the document information has no {key[1:]}", rebuild)
    if pdf.pdf_version > "1.4":
        report.add(check, "error", f"PDF {pdf.pdf_version}; PDF/X-1a:2003 is PDF 1.4", rebuild)
    if "/ID" not in pdf.trailer:
        report.add(check, "error", "the file has no ID in its trailer", rebuild)
    if pdf.is_encrypted:
        report.add(check, "error", "the file is encrypted", "send an unencrypted file")
    for problem in pdf.check_pdf_syntax():
        report.add(check, "error", f"PDF structure: {problem}", rebuild)
    condition = _check_output_intent(pdf, report, rebuild)
    if version == PDFX_VERSION and condition:
        report.summary(check, f"{version}, output condition {condition}")


def _check_output_intent(pdf: pikepdf.Pdf, report: _Report, fix: str) -> str:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == Name("/GTS_PDFX")]
    if len(intents) != 1:
        report.add("PDF/X", "error", f"{len(intents)} PDF/X output intents (1 expected)", fix)
        return ""
    intent = intents[0]
    condition = str(intent.get("/OutputConditionIdentifier", ""))
    if not condition:
        report.add("PDF/X", "error", "the output intent names no output condition", fix)
    profile = intent.get("/DestOutputProfile")
    if profile is None and not str(intent.get("/RegistryName", "")):
        report.add(
            "PDF/X",
            "error",
            "the output intent has neither an ICC profile nor a RegistryName",
            "name a condition registered at http://www.color.org, or embed the profile",
        )
    if profile is not None and int(profile.get("/N", 0)) != 4:
        report.add("PDF/X", "error", "the output profile is not a CMYK profile", fix)
    return condition


def _check_boxes(pdf: pikepdf.Pdf, expected_file: Expected, report: _Report):
    check = "boxes"
    kind = expected_file.kind
    expected = expected_file.trim
    wanted_bleed = expected_file.bleed
    trims, bleeds = set(), set()
    for number, page in enumerate(pdf.pages, start=1):
        media = Rect.of(page.obj.MediaBox)
        if "/TrimBox" not in page.obj:
            report.add(
                check, "error", "no TrimBox", "set the trim size (PDF/X needs a TrimBox)", number
            )
            continue
        trim = Rect.of(page.obj.TrimBox)
        bleed = Rect.of(page.obj.BleedBox) if "/BleedBox" in page.obj else trim
        trims.add((round(trim.width, 1), round(trim.height, 1)))
        if not bleed.contains(trim) or not media.contains(bleed):
            report.add(
                check,
                "error",
                "boxes out of order: TrimBox ⊆ BleedBox ⊆ MediaBox is required",
                "rebuild the file",
                number,
            )
        if expected and not _same_size(trim, expected):
            report.add(
                check,
                "error",
                f"TrimBox is {_points(trim.width, trim.height)}, expected {_points(*expected)}",
                "set the trim size in pamphlet.toml (trim) and rebuild",
                number,
            )
        if kind == "office":
            continue
        margin = min(
            trim.left - bleed.left,
            trim.bottom - bleed.bottom,
            bleed.right - trim.right,
            bleed.top - trim.top,
        )
        bleeds.add(round(margin, 2))
        if margin < 0.01:
            report.add(
                check,
                "error",
                "no bleed: the BleedBox is the TrimBox",
                "add a bleed of 0.125 in or 3 mm beyond the trim ([print] bleed)",
                number,
            )
        elif margin < wanted_bleed - 0.1:
            report.add(
                check,
                "error",
                f"bleed is {margin:.1f} pt, {wanted_bleed:.1f} pt wanted",
                "set [print] bleed in pamphlet.toml and rebuild",
                number,
            )
    if len(trims) > 1:
        report.add(check, "error", "pages have different trim sizes", "use one trim size")
    if trims and not any(p[1] == "error" for p in report.problems if p[0] == check):
        width, height = next(iter(trims))
        text = f"trim {_points(width, height)}"
        if bleeds:
            text += f", bleed {min(bleeds):g} pt ({min(bleeds) / 72:.3g} in)"
        report.summary(check, text)


def _same_size(box: Rect, size: tuple[float, float]) -> bool:
    return abs(box.width - size[0]) < TOLERANCE and abs(box.height - size[1]) < TOLERANCE


def _points(width: float, height: float) -> str:
    return f"{width:g} × {height:g} pt ({width / 72:.4g} × {height / 72:.4g} in)"


def _check_page_count(pdf: pikepdf.Pdf, expected: Expected, report: _Report) -> None:
    count = len(pdf.pages)
    multiple = expected.page_multiple
    if expected.kind == "print":
        if count % multiple:
            report.add(
                "page count",
                "error",
                f"{count} pages: {expected.binding} needs a multiple of {multiple}",
                f"add {(-count) % multiple} blank page(s) before the back cover (pamphlet's "
                "print edition does this), or cut pages",
            )
        elif expected.nested:
            report.summary("page count", f"{count} pages, {count // 4} sheets per copy")
        else:
            report.summary("page count", f"{count} pages, {count // 2} leaves per copy")
    elif expected.kind == "cover":
        if count != 1:
            report.add(
                "page count",
                "error",
                f"{count} pages: a cover wrap is one page (the outside of the cover)",
                "rebuild the cover with 'pamphlet build --edition cover'",
            )
        else:
            report.summary("page count", "1 page: the outside of the cover, inside unprinted")
    elif count % 2:
        report.add(
            "page count",
            "error",
            f"{count} sheet sides: an imposed booklet has two per sheet",
            "rebuild the booklet",
        )
    else:
        report.summary("page count", f"{count} sheet sides, {count // 2} sheets per copy")


# --- content checks ---------------------------------------------------------------------------


def _check_content(
    pdf: pikepdf.Pdf, scans: list[PageScan], expected: Expected, report: _Report
) -> None:
    fonts: dict[str, bool] = {}
    inks: set[str] = set()
    spaces: dict[str, int] = defaultdict(int)
    smallest, images = math.inf, []
    for number, (page, scan) in enumerate(zip(pdf.pages, scans, strict=True), start=1):
        for name, embedded in scan.fonts.values():
            fonts[name] = fonts.get(name, True) and embedded
            if not embedded:
                report.add(
                    "fonts",
                    "error",
                    f"font {name} is not embedded",
                    "embed every font (re-export the PDF with fonts embedded)",
                    number,
                )
        for space, count in scan.colour_ops.items():
            spaces[space] += count
        inks |= scan.inks
        if scan.rgb:
            report.add(
                "colour",
                "error",
                "RGB colour is used (a print file takes CMYK or gray only)",
                "give the colour a device-cmyk() value in styles/print.css and rebuild",
                number,
            )
        spaces_not_inks = scan.other_spaces | (set() if expected.inks else set(scan.spot_spaces))
        for space in sorted(spaces_not_inks):
            report.add(
                "colour",
                "error",
                f"colour space {space} is used; this job prints {expected.job} only",
                "use device-cmyk() colours, or the inks of [print] inks",
                number,
            )
        _check_inks(scan, expected, number, report)
        if expected.kind == "riso" and set(scan.colour_ops) - {"DeviceGray"}:
            report.add(
                "colour",
                "error",
                f"{', '.join(sorted(set(scan.colour_ops) - {'DeviceGray'}))} in a risograph "
                "master, which must be grayscale only",
                "rebuild it with 'pamphlet build --edition riso'",
                number,
            )
        _check_text_colours(scan, number, report)
        for what in sorted(scan.transparency):
            report.add(
                "transparency",
                "error",
                f"transparency: {what} (PDF/X-1a allows none)",
                "remove opacity, soft masks and blend modes, or flatten them",
                number,
            )
        for name, ppi in scan.images:
            images.append(ppi)
            if ppi < MIN_IMAGE_PPI:
                report.add(
                    "images",
                    "error" if ppi < LOWEST_IMAGE_PPI else "warning",
                    f"image {name} is {ppi:.0f} ppi at its printed size",
                    f"supply it at {MIN_IMAGE_PPI} ppi or more at that size, or print it smaller",
                    number,
                )
        smallest = min(smallest, scan.smallest_text)
        if scan.smallest_text < MIN_TEXT_SIZE - 0.05:
            report.add(
                "text size",
                "warning",
                f"text under {MIN_TEXT_SIZE:g} pt (smallest {scan.smallest_text:.1f} pt)",
                "set text at 6 pt or more; smaller type may not print cleanly",
                number,
            )
        if scan.annotations:
            report.add(
                "annotations",
                "error",
                f"{', '.join(sorted(set(scan.annotations)))} annotation(s) on the page",
                "remove links and annotations from print files (PDF/X forbids them "
                "inside the bleed)",
                number,
            )
        _check_placement(page, scan, expected.kind, number, report)
    _summaries(report, fonts, spaces, inks, smallest, images)


def _check_inks(scan: PageScan, expected: Expected, number: int, report: _Report) -> None:
    """Every ink a page prints with is one of the job's (when the job's inks are known)."""
    if expected.inks is None:
        return
    for ink in sorted(scan.inks - set(expected.inks) - {"RGB"}):  # RGB: an error of its own
        report.add(
            "colour",
            "error",
            f"prints in {ink}, which is not an ink of this job ({expected.job})",
            "print every colour in the job's inks (styles/print.css: ink(black), ink(spot)), "
            "or add the ink to [print] inks",
            number,
        )


def _check_text_colours(scan: PageScan, number: int, report: _Report) -> None:
    for family, values in scan.text_colours:
        if family == "cmyk" and len(values) == 4:
            c, m, y, k = values
            if c or m or y:
                report.add(
                    "colour",
                    "error",
                    f"text in C {c:g} M {m:g} Y {y:g} K {k:g}; text must be 100 % K only",
                    "set text colours to device-cmyk(0 0 0 1) in styles/print.css",
                    number,
                )
            elif 0 < k < 1:
                report.add(
                    "colour",
                    "warning",
                    f"text in a {k:.0%} tint of black (screened, not solid)",
                    "set text in device-cmyk(0 0 0 1)",
                    number,
                )
        elif family == "gray" and values and 0 < values[0] < 1:
            report.add(
                "colour",
                "warning",
                f"text in a {1 - values[0]:.0%} grey (screened, not solid)",
                "set text in solid black",
                number,
            )


def _check_placement(page, scan: PageScan, kind: str, number: int, report: _Report) -> None:
    if scan.painted is None:
        return
    limit = page.obj.get("/BleedBox") or page.obj.get("/TrimBox") or page.obj.MediaBox
    if not Rect.of(limit).grow(TOLERANCE).contains(scan.painted):
        report.add(
            "outside bleed",
            "error",
            "something is placed outside the bleed (it would be cut off or show)",
            "keep content within the bleed (trim + bleed); only printer's marks go beyond",
            number,
        )


def _summaries(report: _Report, fonts, spaces, inks, smallest, images) -> None:
    checks_with_errors = {key[0] for key in report.problems}
    if "fonts" not in checks_with_errors:
        report.summary("fonts", f"{len(fonts)} font(s), all embedded" if fonts else "no text")
    if "colour" not in checks_with_errors:
        used = ", ".join(sorted(spaces)) + (" only" if len(spaces) == 1 else "")
        ink_list = [ink for ink in INK_NAMES if ink in inks] + sorted(inks - set(INK_NAMES))
        report.summary("colour", f"{used or 'no colour'}; inks: {', '.join(ink_list) or 'none'}")
    if "transparency" not in checks_with_errors:
        report.summary("transparency", "none")
    if "images" not in checks_with_errors:
        report.summary(
            "images", f"{len(images)}, lowest {min(images):.0f} ppi" if images else "none"
        )
    if "text size" not in checks_with_errors and smallest < math.inf:
        report.summary("text size", f"smallest {smallest:.1f} pt")
    if "annotations" not in checks_with_errors:
        report.summary("annotations", "none")
    if "outside bleed" not in checks_with_errors:
        report.summary("outside bleed", "nothing beyond the bleed but printer's marks")
