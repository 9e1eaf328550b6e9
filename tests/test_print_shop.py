"""The flagship's print-shop files, opened and read: the PDF/X print file (boxes, marks,
self-cover, padding), the imposed booklets (page order read from each half-sheet), the job
ticket against the PDFs, and the preflight of all three."""

from __future__ import annotations

import hashlib
import json

import pikepdf
import pypdfium2
import pytest

from pamphlet import print_job
from pamphlet.checks.preflight import preflight_files
from pamphlet.manifest import load_manifest
from pamphlet.pdf import preflight
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.marks import MARKS_TAG, marks_margin
from tests.pdfs import normalize, page_texts
from tests.test_screen_pdf import SLOGANS

TRIM = Rect(0, 0, 396, 612)  # 5.5 × 8.5 in
BLEED = 9.0  # 0.125 in


@pytest.fixture(scope="module")
def print_pdf(flagship):
    return flagship.file("-print.pdf")


@pytest.fixture(scope="module")
def texts(print_pdf):
    return page_texts(print_pdf)


@pytest.fixture(scope="module")
def ticket(flagship):
    return json.loads(flagship.file("-jobticket.json").read_text(encoding="utf-8"))


def boxes(page: pikepdf.Page) -> dict[str, Rect]:
    return {name: Rect.of(page.obj[f"/{name}"]) for name in ("MediaBox", "TrimBox", "BleedBox")}


def test_print_pdf_boxes_in_points(print_pdf):
    margin = marks_margin(BLEED)
    with pikepdf.open(print_pdf) as pdf:
        for page in pdf.pages:
            found = boxes(page)
            assert found["TrimBox"] == TRIM
            assert found["BleedBox"] == Rect(-9, -9, 405, 621)
            assert found["MediaBox"] == Rect(-margin, -margin, 396 + margin, 612 + margin)
            assert "/CropBox" not in page.obj


def test_self_cover_padded_to_a_multiple_of_four_before_the_back_cover(texts):
    assert len(texts) == 20
    assert "Bolivia’s Unfinished Revolution" in texts[0]
    back = texts[-1]
    assert all(slogan in back for slogan in SLOGANS), "the slogans are on the back cover"
    assert "sv publishing" in back.lower()
    assert texts[-2] == "", "the page before the back cover is the blank one"
    assert "Lessons of the Bolivian Revolution" in texts[-3]
    inside = " ".join(texts[1:-1])
    assert not any(slogan in inside for slogan in SLOGANS[4:]), "slogans printed twice"


def test_pdfx_keys_output_intent_and_dates_from_the_manifest(print_pdf):
    with pikepdf.open(print_pdf) as pdf:
        assert pdf.pdf_version == "1.4"
        info = pdf.docinfo
        assert str(info.GTS_PDFXVersion) == "PDF/X-1a:2003"
        assert "/GTS_PDFXConformance" not in info
        assert str(info.Trapped) == "/False"
        assert str(info.CreationDate).startswith("D:20031128")
        assert str(info.ModDate).startswith("D:20031128")
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "CGATS TR 001"
        assert str(intent.RegistryName) == "http://www.color.org"
        assert "/ID" in pdf.trailer
        assert not any("/Annots" in page.obj for page in pdf.pages), "links stripped"
        for page in pdf.pages:  # WeasyPrint lists Lab spaces on every page; they are dropped
            assert not dict(page.Resources.get("/ColorSpace", {})), "unused colour spaces"


def test_crop_marks_lie_outside_the_bleed_in_black(print_pdf):
    bleed = TRIM.grow(BLEED)
    with pikepdf.open(print_pdf) as pdf:
        page = pdf.pages[0]
        tags, lines, strokes, point = [], [], set(), None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BMC":
                tags.append(str(operands[0]))
            elif MARKS_TAG in tags and op == "K":
                strokes.add(tuple(float(v) for v in operands))
            elif MARKS_TAG in tags and op == "m":
                point = tuple(map(float, operands))
            elif MARKS_TAG in tags and op == "l":
                lines.append((point, tuple(map(float, operands))))
    assert len(lines) == 8, "two marks at each corner"
    assert strokes == {(0, 0, 0, 1)}
    for (x0, y0), (x1, y1) in lines:
        outside_x = min(x0, x1) >= bleed.right or max(x0, x1) <= bleed.left
        outside_y = min(y0, y1) >= bleed.top or max(y0, y1) <= bleed.bottom
        assert outside_x or outside_y, f"mark {(x0, y0, x1, y1)} enters the bleed"
        assert (x0 == x1 and x0 in (0, 396)) or (y0 == y1 and y0 in (0, 612)), "on a trim line"


def test_cover_band_bleeds_and_nothing_is_printed_beyond_the_bleed(print_pdf):
    pdf = pypdfium2.PdfDocument(print_pdf)
    page = pdf[0]
    image = page.render(scale=2).to_pil().convert("L")
    margin = marks_margin(BLEED)

    def shade(x: float, y_from_top: float) -> int:  # points from the trim's top-left corner
        return image.getpixel((round((x + margin) * 2), round((y_from_top + margin) * 2)))

    assert shade(-5, -5) < 60, "the band reaches into the bleed at the top-left corner"
    assert shade(400, 40) < 60, "the band reaches into the bleed on the right"
    assert shade(-15, -15) > 200, "nothing is printed beyond the bleed, between the marks"
    assert shade(200, 300) > 200, "the page below the band is paper white"
    pdf.close()


def test_flagship_print_files_pass_preflight(flagship):
    manifest = load_manifest(flagship.root / "sources" / flagship.slug / "pamphlet.toml")
    for kind, path in preflight_files(flagship.out, flagship.slug):
        if kind == "cover":  # a self-covered pamphlet has no cover wrap
            assert not path.exists()
            continue
        findings = preflight.check(path, print_job.expected(kind, manifest))
        problems = [f for f in findings if f.severity != "info"]
        assert problems == [], f"{kind}: {[str(f) for f in problems]}"
        summary = {f.code: f.what for f in findings}
        assert summary["colour"].endswith("inks: black"), summary["colour"]
        assert summary["PDF/X"] == "PDF/X-1a:2003, output condition CGATS TR 001"


def test_pamphlet_check_prints_a_summary_and_succeeds(flagship_checked):
    result = flagship_checked
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout
    for check in ("PDF/X", "boxes", "page count", "fonts", "outside bleed"):
        assert check in result.stdout


# --- the booklets --------------------------------------------------------------------------


def half_texts(path, spine: float) -> list[tuple[str, str]]:
    """Text on the left and right of the spine on each sheet side."""
    pdf = pypdfium2.PdfDocument(path)
    halves = []
    for page in pdf:
        text = page.get_textpage()
        width, height = page.get_size()
        halves.append(
            (
                normalize(text.get_text_bounded(0, 0, spine, height)),
                normalize(text.get_text_bounded(spine, 0, width, height)),
            )
        )
    pdf.close()
    return halves


def print_page_texts(path) -> list[str]:
    pdf = pypdfium2.PdfDocument(path)
    texts = [normalize(page.get_textpage().get_text_bounded(0, 0, 396, 612)) for page in pdf]
    pdf.close()
    return texts


def test_booklet_sheets_in_duplex_order_read_from_each_half_sheet(flagship, print_pdf):
    pages = print_page_texts(print_pdf)
    halves = half_texts(flagship.file("-booklet.pdf"), spine=1224 / 2)
    expected = [(20, 1), (2, 19), (18, 3), (4, 17), (16, 5), (6, 15), (14, 7), (8, 13)]
    expected += [(12, 9), (10, 11)]
    assert len(halves) == len(expected)
    for side, ((left, right), (want_left, want_right)) in enumerate(
        zip(halves, expected, strict=True)
    ):
        assert left == pages[want_left - 1], f"side {side + 1}: left is not page {want_left}"
        assert right == pages[want_right - 1], f"side {side + 1}: right is not page {want_right}"


def test_office_booklet_same_order_on_letter_without_marks(flagship, print_pdf):
    pages = print_page_texts(print_pdf)
    path = flagship.file("-booklet-office.pdf")
    halves = half_texts(path, spine=792 / 2)
    assert [h[1] for h in halves[:2]] == [pages[0], pages[18]]
    assert [h[0] for h in halves[-2:]] == [pages[11], pages[9]]
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            found = boxes(page)
            assert found["MediaBox"] == Rect(0, 0, 792, 612), "US Letter, landscape"
            assert found["TrimBox"] == found["BleedBox"] == found["MediaBox"]
            assert MARKS_TAG.encode() not in page.obj.Contents.read_bytes()


def placements(page: pikepdf.Page) -> dict[str, tuple[Rect, float]]:
    """For each placed page (/L, /R): its clip rectangle and the x of its trim's left edge."""
    found, clip = {}, None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "re" and clip is None:
            x, y, w, h = map(float, operands)
            clip = Rect(x, y, x + w, y + h)
        elif op == "cm":
            e = float(operands[4])
        elif op == "Do":
            found[str(operands[0])] = (clip, e)
            clip = None
    return found


def test_shop_booklet_sheet_bleed_clipped_at_the_spine_and_creep(flagship):
    manifest = load_manifest(flagship.root / "sources" / flagship.slug / "pamphlet.toml")
    thickness = manifest.print.paper_thickness
    spread = Rect(216, 90, 1008, 702)  # 11 × 8.5 in centred on 17 × 11 in
    with pikepdf.open(flagship.file("-booklet.pdf")) as pdf:
        assert len(pdf.pages) == 10
        for side, page in enumerate(pdf.pages):
            found = boxes(page)
            assert found["MediaBox"] == Rect(0, 0, 1224, 792)
            assert found["TrimBox"] == spread
            assert found["BleedBox"] == spread.grow(BLEED)
            placed = placements(page)
            left_clip, left_x = placed["/L"]
            right_clip, right_x = placed["/R"]
            assert left_clip == Rect(216 - 9, 90 - 9, 612, 702 + 9), "bleed kept, cut at spine"
            assert right_clip == Rect(612, 90 - 9, 1008 + 9, 702 + 9)
            shift = (side // 2) * thickness  # sheet n (0 = outermost) moves n × thickness
            assert left_x == pytest.approx(216 + shift, abs=0.002)
            assert right_x == pytest.approx(612 - shift, abs=0.002)
            contents = page.obj.Contents
            streams = contents if isinstance(contents, pikepdf.Array) else [contents]
            marks = b"".join(s.read_bytes() for s in streams)
            assert MARKS_TAG.encode() in marks and b"[3 2] 0 d" in marks, "crop and fold marks"


# --- the job ticket ----------------------------------------------------------------------------


def test_job_ticket_agrees_with_the_pdfs(flagship, ticket, texts):
    with pikepdf.open(flagship.file("-print.pdf")) as pdf:
        page = pdf.pages[0]
        trim, bleed = Rect.of(page.obj.TrimBox), Rect.of(page.obj.BleedBox)
        assert ticket["pages"] == len(pdf.pages)
        assert ticket["trim"]["width_pt"] == trim.width
        assert ticket["trim"]["height_pt"] == trim.height
        assert ticket["bleed"]["pt"] == trim.left - bleed.left
        assert ticket["pdf_standard"] == str(pdf.docinfo.GTS_PDFXVersion)
        intent = pdf.Root.OutputIntents[0]
        assert ticket["output_condition"]["identifier"] == str(intent.OutputConditionIdentifier)
    assert ticket["sheets_per_copy"] * 4 == ticket["pages"]
    assert ticket["blank_pages_added"] == len(ticket["blank_pages"]) == 1
    assert all(texts[n - 1] == "" for n in ticket["blank_pages"])
    assert ticket["content_pages"] == sum(1 for text in texts if text)
    assert ticket["colours"] == "1/1 black (K only)"
    with pikepdf.open(flagship.file("-booklet.pdf")) as booklet:
        shop = ticket["imposition"]["shop"]
        assert shop["sides"] == len(booklet.pages) == 2 * ticket["sheets_per_copy"]
        assert shop["sheet_pt"] == [float(v) for v in booklet.pages[0].obj.MediaBox[2:]]
    names = [file["name"] for file in ticket["files"]]
    assert names == [f"{flagship.slug}-{n}.pdf" for n in ("print", "booklet", "booklet-office")]
    for file in ticket["files"]:
        data = (flagship.out / file["name"]).read_bytes()
        assert file["sha256"] == hashlib.sha256(data).hexdigest()
        assert file["bytes"] == len(data)
        with pikepdf.open(flagship.out / file["name"]) as pdf:
            assert file["pages"] == len(pdf.pages)


def test_job_ticket_text_says_the_same(flagship, ticket):
    text = flagship.file("-jobticket.txt").read_text(encoding="utf-8")
    lines = {line[:18].strip(): line[18:] for line in text.splitlines() if line[:18].strip()}
    assert lines["Pages"].startswith(f"{ticket['pages']} (19 printed + 1 blank: page 19)")
    assert lines["Sheets per copy"] == str(ticket["sheets_per_copy"])
    assert lines["Trim size"] == "5.5 × 8.5 in (140 × 216 mm)"
    assert lines["Colours"] == "1/1 black (K only)"
    assert lines["PDF standard"] == "PDF/X-1a:2003"
    assert lines["Paper"] == ticket["paper"]
    assert lines["Page order"].startswith("sheet 1: 20|1 front, 2|19 back; sheet 2: 18|3 front")
    for file in ticket["files"]:
        assert f"SHA-256 {file['sha256']}" in text
