"""PDF/X-1a:2003 finishing of a PDF that WeasyPrint wrote, with pikepdf: the output intent,
the info keys, no annotations or unused colour spaces, and bytes that depend only on the
content.

WeasyPrint labels a PDF/X-1a file but leaves out the OutputIntent unless a CMYK profile is
embedded, and no CMYK profile that may be redistributed exists on a stock machine. So the
OutputIntent names a printing condition registered with the ICC (manifest `[print]
output_condition`), which PDF/X-1a allows without embedding a profile; a shop's own profile
in `styles/` (`output_profile`) is embedded instead when given.
"""

from __future__ import annotations

import io

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from pamphlet.manifest.options import OUTPUT_CONDITIONS, PrintOptions
from pamphlet.pdf.content import instructions
from pamphlet.pdf.streams import seal_empty_streams

PDFX_VERSION = "PDF/X-1a:2003"
SAVE_OPTIONS: dict = {
    "deterministic_id": True,
    "object_stream_mode": pikepdf.ObjectStreamMode.disable,
    "compress_streams": True,
}
ICC_REGISTRY = "http://www.color.org"


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
        for operands, _ in instructions(holder, "cs CS"):
            used.add(str(operands[0]))
        for xobject in resources.get("/XObject", Dictionary()).values():
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


def strip_for_print(pdf: pikepdf.Pdf) -> None:
    """What a print file does without: links and other annotations (PDF/X forbids them in
    the bleed), the structure tree that names them, and the screen edition's metadata."""
    strip_annotations(pdf)
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata"):
        if key in pdf.Root:
            del pdf.Root[key]
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            del page.obj.StructParents


def pdf_bytes(pdf: pikepdf.Pdf, version: str = "") -> bytes:
    """The PDF as bytes that depend only on its content (no clock, no random identifier),
    without object streams, which PDF 1.4 (and so PDF/X-1a) does not have; labelled with
    `version` when given. Every stream is valid: qpdf would write an empty one as invalid
    zlib data (streams.py)."""
    seal_empty_streams(pdf)
    out = io.BytesIO()
    if version:
        pdf.save(out, force_version=version, **SAVE_OPTIONS)
    else:
        pdf.save(out, **SAVE_OPTIONS)
    return out.getvalue()
