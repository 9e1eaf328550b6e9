"""Preflight against small, deliberately broken print files made here with WeasyPrint and
pikepdf: each fails with the right finding, and a sound one passes."""

from __future__ import annotations

import base64
import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pikepdf
from PIL import Image
from weasyprint import HTML

from pamphlet.fonts import machine_environment
from pamphlet.manifest.options import PrintOptions
from pamphlet.pdf import preflight
from pamphlet.pdf.expectations import Expected
from pamphlet.pdf.pages import mark_page
from pamphlet.pdf.pdfx import finish_pdfx, pdf_bytes
from tests.conftest import FLAGSHIP, REPO, make_workspace, pamphlet

PAGE_CSS = """
@page { size: 396pt 612pt; margin: 54pt; bleed: 9pt; }
body { font-family: "DejaVu Serif"; font-size: 10pt; color: device-cmyk(0 0 0 1); }
section { break-after: page; }
"""


def shop_file(
    path: Path, css: str = "", body: str = "", pages: int = 16, bleed: float = 9.0
) -> Path:
    """A print file as pamphlet makes one (PDF/X-1a, trim 5.5 × 8.5 in, bleed, marks), with
    `css` and `body` added to its first page."""
    sections = [
        f"<section><p>Page {n}.</p>{body if n == 1 else ''}</section>" for n in range(1, pages + 1)
    ]
    html = f"<title>Test</title><style>{PAGE_CSS}{css}</style>{''.join(sections)}"
    with machine_fonts():
        document = HTML(string=html).render()
    data = document.write_pdf(pdf_variant="pdf/x-1a", pdf_identifier=b"test")
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            mark_page(pdf, page, bleed, False)
        finish_pdfx(pdf, PrintOptions())
        path.write_bytes(pdf_bytes(pdf))
    return path


@contextlib.contextmanager
def machine_fonts() -> Iterator[None]:
    """These files are made with a font of the machine (DejaVu), which pamphlet itself never
    sees (fonts.confine_fontconfig): WeasyPrint reads FONTCONFIG_FILE for each layout."""
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(machine_environment())
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def problems(path: Path, kind: str = "print") -> list:
    return [f for f in preflight.check(path, Expected(kind)) if f.severity != "info"]


def only(path: Path, check: str, severity: str = "error"):
    """The findings of `path`, which must all be of one check and severity."""
    found = problems(path)
    assert found, "preflight found nothing"
    assert {(f.code, f.severity) for f in found} == {(check, severity)}, [str(f) for f in found]
    return found


def test_a_sound_file_passes(tmp_path):
    assert problems(shop_file(tmp_path / "sound.pdf")) == []


def test_rgb_text_is_an_error(tmp_path):
    (finding,) = only(shop_file(tmp_path / "rgb.pdf", css="p { color: rgb(200, 0, 0); }"), "colour")
    assert "RGB" in finding.what
    assert finding.where == "pages 1–16"
    assert "device-cmyk" in finding.fix


def test_text_in_colour_or_tint_is_caught(tmp_path):
    path = shop_file(
        tmp_path / "cmyk.pdf",
        css=".red { color: device-cmyk(0 1 1 0); } .grey { color: device-cmyk(0 0 0 0.5); }",
        body='<p class="red">Red.</p><p class="grey">Grey.</p>',
    )
    found = {(f.severity, f.what.split(";")[0]) for f in problems(path)}
    assert ("error", "text in C 0 M 1 Y 1 K 0") in found
    assert ("warning", "text in a 50% tint of black (screened, not solid)") in found


def test_no_bleed_is_an_error(tmp_path):
    (finding,) = only(shop_file(tmp_path / "no-bleed.pdf", bleed=0.0), "boxes")
    assert finding.what == "no bleed: the BleedBox is the TrimBox"
    assert "0.125 in or 3 mm" in finding.fix


def test_fourteen_pages_is_an_error(tmp_path):
    (finding,) = only(shop_file(tmp_path / "fourteen.pdf", pages=14), "page count")
    assert finding.what.startswith("14 pages: a saddle-stitched pamphlet needs a multiple of 4")
    assert "add 2 blank page(s)" in finding.fix


def test_unembedded_font_is_an_error(tmp_path):
    path = shop_file(tmp_path / "font.pdf")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for font in pdf.pages[0].Resources.Font.values():
            descriptor = font.DescendantFonts[0].FontDescriptor
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descriptor:
                    del descriptor[key]
        pdf.save(path)
    (finding,) = only(path, "fonts")
    assert "DejaVu" in finding.what and "not embedded" in finding.what


def test_transparency_is_an_error(tmp_path):
    path = shop_file(tmp_path / "opacity.pdf", body='<p style="opacity: 0.5">Faint.</p>')
    found = only(path, "transparency")
    assert {f.where for f in found} == {"page 1"}
    assert "transparency: opacity ca 0.5 (PDF/X-1a allows none)" in {f.what for f in found}


def test_content_outside_the_bleed_is_an_error(tmp_path):
    css = ".stray { position: relative; left: -110pt; }"
    path = shop_file(tmp_path / "stray.pdf", css=css, body='<p class="stray">Lost.</p>')
    (finding,) = only(path, "outside bleed")
    assert finding.where == "page 1"


def gray_image(pixels: int) -> str:
    buffer = io.BytesIO()
    Image.new("L", (pixels, pixels), 128).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_small_text_and_an_image_under_300_ppi_are_warnings(tmp_path):
    body = f'<p style="font-size: 4pt">Tiny.</p><img src="{gray_image(400)}" style="width: 2in">'
    found = {f.code: f for f in problems(shop_file(tmp_path / "small.pdf", body=body))}
    assert set(found) == {"text size", "images"}
    assert found["text size"].severity == found["images"].severity == "warning"
    assert found["text size"].what == "text under 6 pt (smallest 4.0 pt)"
    assert found["images"].what.endswith("is 200 ppi at its printed size")


def test_an_image_under_150_ppi_is_an_error(tmp_path):
    body = f'<img src="{gray_image(40)}" style="width: 2in">'
    (found,) = problems(shop_file(tmp_path / "coarse.pdf", body=body))
    assert (found.code, found.severity) == ("images", "error")
    assert found.what.endswith("is 20 ppi at its printed size")


def test_pamphlet_check_reports_a_broken_print_file_and_fails(tmp_path):
    root = make_workspace(tmp_path / "ws", {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    out = root / "build" / FLAGSHIP
    out.mkdir(parents=True)
    shop_file(out / f"{FLAGSHIP}-print.pdf", pages=14)
    result = pamphlet(root, "check", FLAGSHIP)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"error: [page count] build/{FLAGSHIP}/{FLAGSHIP}-print.pdf: 14 pages" in "\n".join(
        lines
    )
    assert any("page count" in line and "1 error" in line for line in lines), result.stdout
    assert lines[-1] == "1 error(s)"


def test_an_unreadable_file_is_an_error(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4 not really")
    (finding,) = preflight.check(path, Expected("print"))
    assert finding.severity == "error" and "cannot be read" in finding.what
