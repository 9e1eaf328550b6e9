"""Covers for every binding: perfect-bound variants of the flagship built with a cover wrap
whose spine is checked against the published formula for two papers, barcodes decoded from
rendered pages by an independent reader (zbar's zbarimg), the self-covered flagship with an
ISBN, auto binding and signatures, a saddle stitch with a separate cover, spine text turned
the way English and Spanish read spines, preflight catching wrong covers, the job ticket,
`pamphlet check` and Ghostscript reading every file."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image

from pamphlet import print_job
from pamphlet.binding import PERFECT
from pamphlet.errors import SourceError
from pamphlet.manifest import load_manifest
from pamphlet.pdf import preflight
from pamphlet.pdf.expectations import Expected
from pamphlet.pdf.geometry import Rect
from pamphlet.pdf.marks import MARKS_TAG
from tests.conftest import FIXTURES, FLAGSHIP, REPO, make_workspace, pamphlet
from tests.pdfs import page_texts
from tests.test_screen_pdf import SLOGANS

ISBN = "9780306406157"
WIDTH, HEIGHT, BLEED = 396.0, 612.0, 9.0  # 5.5 × 8.5 in, 0.125 in
FLAGSHIP_FOLDER = REPO / "sources" / FLAGSHIP

# Each variant: a title folder name, what to add to the flagship's manifest, whether to double
# its article (a thicker book).
VARIANTS = {
    "perfect": (
        'isbn = "978-0-306-40615-7"',
        'binding = "perfect"\npaper_stock = "kdp-white"\nprice_code = "51295"\n'
        'cover_stock = "10 pt C1S cover, matte laminate"',
    ),
    "lulu": (
        'isbn = "0-306-40615-2"\neditions = ["print", "cover"]',
        'binding = "perfect"\npaper_stock = "lulu-60"',
    ),
    "thick": (
        'editions = ["print", "cover"]',
        'binding = "perfect"\npaper_caliper = "0.45mm"',
    ),
    "saddled": ('isbn = "978-0-306-40615-7"\neditions = ["screen", "print"]', ""),
    "auto": (
        'editions = ["print", "booklet", "cover"]',
        'binding = "auto"\nsaddle_max_pages = 16\nsignature = 8',
    ),
    "separate": (
        'isbn = "978-0-306-40615-7"\neditions = ["print", "booklet", "cover"]',
        'cover_stock = "80 lb gloss cover"',
    ),
}


def variant(root: Path, slug: str, top: str, printing: str, doubled: bool = False) -> None:
    """The flagship as `slug`, with `top` keys added at the top of its manifest and
    `printing` in its [print] table (its page budget dropped)."""
    folder = root / "sources" / slug
    shutil.copytree(FLAGSHIP_FOLDER, folder)
    manifest = folder / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace('trim = "5.5in x 8.5in"', f'trim = "5.5in x 8.5in"\n{top}')
    text = re.sub(r"page_budget = 20[^\n]*", printing, text)
    manifest.write_text(text, encoding="utf-8")
    if doubled:
        article = folder / "article.md"
        title, body = article.read_text(encoding="utf-8").split("\n# ", 1)[1].split("\n", 1)
        article.write_text(f"# {title}\n{body}\n{body}", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A workspace of flagship variants and a Spanish perfect-bound title, all built."""
    root = make_workspace(tmp_path_factory.mktemp("covers"), {})
    for slug, (top, printing) in VARIANTS.items():
        variant(root, slug, top, printing, doubled=slug == "thick")
    spanish = root / "sources" / "lomo"
    shutil.copytree(FIXTURES / "espanol", spanish)
    manifest = spanish / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    text = text.replace(
        'trim = "5.5in x 8.5in"', 'trim = "5.5in x 8.5in"\neditions = ["print", "cover"]'
    )
    text = text.replace(
        "[[parts]]", '[print]\nbinding = "perfect"\ncover_allowance = "0.25in"\n\n[[parts]]', 1
    )
    manifest.write_text(text, encoding="utf-8")
    pamphlet(root, "build", check=True)
    return root


def out(root: Path, slug: str, suffix: str) -> Path:
    return root / "build" / slug / f"{slug}{suffix}"


def pages_of(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def trim_of(path: Path, index: int = 0) -> Rect:
    with pikepdf.open(path) as pdf:
        return Rect.of(pdf.pages[index].obj.TrimBox)


def decode(path: Path, index: int, tmp_path: Path, dpi: int = 300) -> set[str]:
    """What zbar reads from page `index` of `path` rendered at `dpi`, add-ons enabled."""
    if not shutil.which("zbarimg"):
        pytest.fail("zbarimg is not installed: run scripts/setup.sh test")
    pdf = pypdfium2.PdfDocument(path)
    try:
        image = pdf[index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    png = tmp_path / f"{path.stem}-{index}.png"
    image.save(png)
    result = subprocess.run(
        ["zbarimg", "-q", "-Sean5.enable", str(png)], capture_output=True, text=True, timeout=60
    )
    return set(result.stdout.split())


# --- the spine ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "per_page_inches"),
    [("perfect", 0.002252), ("lulu", 1 / 444)],  # KDP white; Lulu 60 lb (444 PPI)
)
def test_spine_is_pages_times_the_papers_thickness(built, slug, per_page_inches):
    pages = pages_of(out(built, slug, "-print.pdf"))
    assert pages % 2 == 0
    spine = pages * per_page_inches * 72  # the services' formula: pages × thickness per page
    trim = trim_of(out(built, slug, "-cover.pdf"))
    assert trim.height == pytest.approx(HEIGHT, abs=0.01)
    assert trim.width - 2 * WIDTH == pytest.approx(spine, abs=0.1)
    with pikepdf.open(out(built, slug, "-cover.pdf")) as pdf:
        page = pdf.pages[0]
        bleed = Rect.of(page.obj.BleedBox)
        assert (bleed.left, bleed.bottom) == pytest.approx((trim.left - BLEED, -BLEED))
        assert (bleed.right, bleed.top) == pytest.approx((trim.right + BLEED, trim.top + BLEED))
        assert Rect.of(page.obj.MediaBox).contains(trim.grow(BLEED + 21))
        marks = b"".join(stream.read_bytes() for stream in page.obj.Contents)
    tagged = marks.split(MARKS_TAG.encode())
    assert len(tagged) == 3, "crop marks, then fold marks"
    assert b"[3 2] 0 d" in tagged[2], "dashed"
    for fold in (WIDTH, trim.width - WIDTH):  # hairlines above and below each fold
        start = f"{trim.left + fold:.3f} {trim.top + BLEED + 3:.3f} m".encode()
        assert tagged[2].count(start) == 1, fold


def test_interior_without_cover_pages_the_cover_moves_to_the_wrap(built):
    texts = page_texts(out(built, "perfect", "-print.pdf"))
    assert len(texts) % 2 == 0
    title_page = texts[0].lower()  # small capitals come out in either case
    assert title_page.startswith("bolivia’s unfinished revolution league for the revolutionary")
    assert "workers to power! build the revolutionary party!" not in title_page, "no cover"
    assert "© 2004 League for the Revolutionary Party" in texts[1], "the colophon backs it"
    assert texts[2].startswith("Contents")
    assert texts[3] == "", "the text opens on a right-hand page"
    assert texts[4].startswith("Bolivia’s Unfinished Revolution A working-class-led uprising")
    inside = " ".join(texts)
    assert all(slogan in inside for slogan in SLOGANS), "the slogans close the text inside"
    wrap = page_texts(out(built, "perfect", "-cover.pdf"))[0]
    assert all(slogan in wrap for slogan in SLOGANS), "and the back cover repeats them"
    assert "Bolivia’s Unfinished Revolution" in wrap and "winter 2004" in wrap.lower()


def test_a_thin_spine_is_blank_and_a_wide_one_reads_down_in_english(built):
    thin = trim_of(out(built, "perfect", "-cover.pdf")).width - 2 * WIDTH
    assert thin < 18
    assert spine_text(out(built, "perfect", "-cover.pdf"), thin) == ("", 0)
    thick = trim_of(out(built, "thick", "-cover.pdf")).width - 2 * WIDTH
    assert thick >= 18
    text, direction = spine_text(out(built, "thick", "-cover.pdf"), thick)
    assert "Bolivia’s Unfinished Revolution" in text
    assert "LEAGUE FOR THE REVOLUTIONARY PARTY" in text.upper()
    assert direction < 0, "top to bottom: each letter below the one before"


def test_spanish_spines_read_up(built):
    spine = trim_of(out(built, "lomo", "-cover.pdf")).width - 2 * WIDTH
    text, direction = spine_text(out(built, "lomo", "-cover.pdf"), spine)
    assert "La imprenta de los trabajadores" in text
    assert direction > 0, "bottom to top, as spines read in Spain and Latin America"


def spine_text(path: Path, spine: float) -> tuple[str, float]:
    """The text inside the spine of a cover wrap, and how its first characters move in y
    (negative: downwards)."""
    trim = trim_of(path)
    pdf = pypdfium2.PdfDocument(path)
    try:
        text_page = pdf[0].get_textpage()
        left = trim.left + WIDTH  # the back cover's fold, in the page's coordinates
        bounds = (left + 0.5, trim.bottom, left + spine - 0.5, trim.top)
        text = text_page.get_text_bounded(*bounds).replace("\r\n", " ").strip()
        ys = []
        for index in range(text_page.count_chars()):
            box = text_page.get_charbox(index)
            centre = (box[0] + box[2]) / 2
            if bounds[0] <= centre <= bounds[2] and text_page.get_text_range(index, 1).isalpha():
                ys.append((box[1] + box[3]) / 2)
        return re.sub(r"\s+", " ", text), (ys[5] - ys[0]) if len(ys) > 5 else 0
    finally:
        pdf.close()


# --- barcodes -------------------------------------------------------------------------------


def test_the_wraps_barcode_gives_back_the_isbn_and_the_price(built, tmp_path):
    assert decode(out(built, "perfect", "-cover.pdf"), 0, tmp_path) == {
        f"EAN-13:{ISBN}",
        "EAN-5:51295",
    }
    assert decode(out(built, "lulu", "-cover.pdf"), 0, tmp_path) == {f"EAN-13:{ISBN}"}, (
        "an ISBN-10 is printed as its ISBN-13"
    )


def test_a_self_covered_pamphlet_with_an_isbn_has_its_barcode_on_the_back(built, tmp_path):
    print_pdf = out(built, "saddled", "-print.pdf")
    last = pages_of(print_pdf) - 1
    assert decode(print_pdf, last, tmp_path) == {f"EAN-13:{ISBN}"}
    assert decode(
        out(built, "saddled", ".pdf"), pages_of(out(built, "saddled", ".pdf")) - 1, tmp_path
    ) == {f"EAN-13:{ISBN}"}
    assert decode(print_pdf, 0, tmp_path) == set(), "only on the back cover"


def test_barcode_is_solid_black_inside_the_safe_area(built):
    manifest = load_manifest(built / "sources" / "perfect" / "pamphlet.toml")
    path = out(built, "perfect", "-cover.pdf")
    wanted = print_job.expected(
        "cover", manifest, PERFECT, pages_of(out(built, "perfect", "-print.pdf"))
    )
    found = {f.code: f for f in preflight.check(path, wanted)}
    assert found["barcode"].severity == "info", found["barcode"].what
    assert found["barcode"].what == "on the back cover, 100 % K only, inside the safe area"
    assert found["spine"].severity == "info"
    assert "(kdp-white)" in found["spine"].what


# --- preflight catches wrong covers ---------------------------------------------------------


def altered(path: Path, tmp_path: Path, change) -> Path:
    """A copy of the cover wrap with `change(pdf)` applied."""
    with pikepdf.open(path) as pdf:
        change(pdf)
        target = tmp_path / f"altered-{len(list(tmp_path.iterdir()))}.pdf"
        pdf.save(target)
    return target


def errors(path: Path, wanted: Expected) -> dict[str, str]:
    """Each check's errors, joined."""
    found: dict[str, str] = {}
    for finding in preflight.check(path, wanted):
        if finding.severity == "error":
            found[finding.code] = "; ".join(filter(None, [found.get(finding.code), finding.what]))
    return found


@pytest.fixture(scope="module")
def cover_expected(built) -> Expected:
    manifest = load_manifest(built / "sources" / "perfect" / "pamphlet.toml")
    pages = pages_of(out(built, "perfect", "-print.pdf"))
    return print_job.expected("cover", manifest, PERFECT, pages)


def test_preflight_finds_a_spine_that_does_not_fit_the_page_count(built, cover_expected):
    manifest = load_manifest(built / "sources" / "perfect" / "pamphlet.toml")
    pages = pages_of(out(built, "perfect", "-print.pdf"))
    thicker = print_job.expected("cover", manifest, PERFECT, pages + 40)
    found = errors(out(built, "perfect", "-cover.pdf"), thicker)
    assert "spine" in found and f"{pages + 40} pages = " in found["spine"]
    assert errors(out(built, "perfect", "-cover.pdf"), cover_expected) == {}


def _barcode_form(pdf: pikepdf.Pdf) -> pikepdf.Object:
    return pdf.pages[0].obj.Resources.XObject["/Barcode0"]


def _recolour_bars(pdf: pikepdf.Pdf) -> None:
    """Bars in rich black (C, M, Y and K), as a careless export would make them."""
    outer = _barcode_form(pdf)
    for form in [outer, *outer.Resources.XObject.values()]:
        data = form.read_bytes()
        if b"0 0 0 1 k" in data:
            form.write(data.replace(b"0 0 0 1 k", b"0.6 0.4 0.4 1 k"))


def _edit_stamp(pdf: pikepdf.Pdf, pattern: bytes, replacement: bytes) -> None:
    """Rewrite the content stream that draws the barcode."""
    (stream,) = [s for s in pdf.pages[0].obj.Contents if b"/Barcode0 Do" in s.read_bytes()]
    data = stream.read_bytes()
    edited = re.sub(pattern, replacement, data)
    assert edited != data
    stream.write(edited)


def _move_barcode(pdf: pikepdf.Pdf) -> None:
    """The barcode pushed over the spine fold."""
    _edit_stamp(pdf, rb"1 0 0 1 [\d.]+ ([\d.]+) cm\s+/Barcode0", rb"1 0 0 1 330 \1 cm /Barcode0")


def _drop_barcode(pdf: pikepdf.Pdf) -> None:
    _edit_stamp(pdf, rb"/Barcode0 Do", b"")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_recolour_bars, "it must be black only"),
        (_move_barcode, "outside the safe area"),
        (_drop_barcode, "the back cover has no barcode"),
    ],
)
def test_preflight_rejects_a_bad_barcode(built, tmp_path, cover_expected, change, message):
    path = altered(out(built, "perfect", "-cover.pdf"), tmp_path, change)
    found = errors(path, cover_expected)
    assert message in found.get("barcode", ""), found


# --- bindings -------------------------------------------------------------------------------


def test_auto_binding_binds_a_long_copy_in_signatures(built):
    folder = built / "build" / "auto"
    pages = pages_of(out(built, "auto", "-print.pdf"))
    assert pages % 8 == 0, "padded to whole signatures of 8"
    assert (folder / "auto-cover.pdf").is_file()
    assert not (folder / "auto-booklet.pdf").exists(), "no booklets for a perfect-bound copy"
    ticket = json.loads((folder / "auto-jobticket.json").read_text(encoding="utf-8"))
    assert ticket["binding_method"] == "perfect"
    assert ticket["imposition"] == {}


def test_a_saddle_stitch_on_cover_stock_gets_a_four_page_cover(built, tmp_path):
    pages = pages_of(out(built, "separate", "-print.pdf"))
    assert pages % 4 == 0
    texts = page_texts(out(built, "separate", "-print.pdf"))
    assert texts[0].lower().startswith("bolivia’s unfinished revolution league"), "title page"
    cover = out(built, "separate", "-cover.pdf")
    assert trim_of(cover).width == pytest.approx(2 * WIDTH, abs=0.01), "no spine"
    assert (built / "build" / "separate" / "separate-booklet.pdf").is_file()
    assert decode(cover, 0, tmp_path) == {f"EAN-13:{ISBN}"}
    ticket = json.loads(out(built, "separate", "-jobticket.json").read_text(encoding="utf-8"))
    assert ticket["binding_method"] == "saddle"
    assert "separate 4-page cover" in ticket["binding"]
    assert ticket["cover_wrap"]["spine"]["pt"] == 0
    assert ticket["cover_wrap"]["stock"] == "80 lb gloss cover"


def test_job_ticket_describes_the_cover(built):
    ticket = json.loads(out(built, "perfect", "-jobticket.json").read_text(encoding="utf-8"))
    cover = out(built, "perfect", "-cover.pdf")
    wrap = ticket["cover_wrap"]
    assert wrap["file"] == cover.name
    assert wrap["sha256"] == hashlib.sha256(cover.read_bytes()).hexdigest()
    assert wrap["stock"] == "10 pt C1S cover, matte laminate"
    trim = trim_of(cover)
    assert wrap["trim_pt"] == pytest.approx([trim.width, trim.height], abs=0.002)
    assert wrap["spine"]["pages"] == ticket["pages"]
    assert wrap["spine"]["paper"] == "kdp-white"
    assert wrap["spine"]["pt"] == pytest.approx(trim.width - 2 * WIDTH, abs=0.01)
    assert ticket["binding_method"] == "perfect"
    assert ticket["sheets_per_copy"] == ticket["pages"] // 2
    assert ticket["barcode"] == f"EAN-13 {ISBN} + EAN-5 51295, on the back cover, 100 % K"
    assert cover.name in [file["name"] for file in ticket["files"]]
    text = out(built, "perfect", "-jobticket.txt").read_text(encoding="utf-8")
    assert "Leaves per copy" in text and "kdp-white" in text and cover.name in text


def test_the_epub_cover_is_the_wraps_front(built):
    import zipfile

    with zipfile.ZipFile(out(built, "perfect", ".epub")) as epub:
        picture = Image.open(io.BytesIO(epub.read("EPUB/images/cover.jpg"))).convert("RGB")
    red = picture.getpixel((picture.width // 2, 40))
    assert red[0] > 140 and red[1] < 60, f"the cover band at the top, not a title page: {red}"
    assert picture.width / picture.height == pytest.approx(WIDTH / HEIGHT, abs=0.01)


# --- the outside tools agree ----------------------------------------------------------------


def test_pamphlet_check_passes_every_file(built):
    for slug in ("perfect", "separate"):
        result = pamphlet(built, "check", slug)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "0 error(s)" in result.stdout
    assert "spine" in result.stdout and "barcode" in result.stdout


def test_ghostscript_reads_every_file_without_error_or_repair(built):
    files = sorted((built / "build").glob("*/*.pdf"))
    assert len(files) >= 14
    for path in files:
        result = subprocess.run(
            ["gs", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", str(path)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        said = (result.stdout + result.stderr).lower()
        assert result.returncode == 0 and "error" not in said and "repair" not in said, (
            path.name,
            said,
        )


# --- the manifest ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printing", "top", "message"),
    [
        ('binding = "spiral"', "", '"spiral" is not one of saddle, perfect, auto'),
        ('paper_stock = "kdp-whit"', "", 'did you mean "kdp-white"?'),
        ('paper_caliper = "2mm"', "", "is not a paper thickness between 20 and 500 µm"),
        ("signature = 7", "", "must be an even number of pages"),
        ('price_code = "5129"', 'isbn = "9780306406157"', "is not a 5-digit price code"),
        ('price_code = "51295"', "", "but the title has no ISBN"),
        ('binding = "perfect"', 'editions = ["print", "booklet"]', "a perfect-bound job has none"),
        ("", 'editions = ["print", "cover"]', "this saddle-stitched job is self-covered"),
    ],
)
def test_bad_cover_options_are_clear_errors(tmp_path, printing, top, message):
    variant(tmp_path, "bad", top, printing)
    with pytest.raises(SourceError) as error:
        load_manifest(tmp_path / "sources" / "bad" / "pamphlet.toml")
    assert message in str(error.value)
    assert error.value.problem.line is not None


def test_default_editions_follow_the_binding(tmp_path):
    for printing, editions in [
        ("", ("screen", "print", "booklet", "epub")),
        ('binding = "perfect"', ("screen", "print", "cover", "epub")),
        ('binding = "auto"', ("screen", "print", "cover", "booklet", "epub")),
        ('cover_stock = "10 pt C1S"', ("screen", "print", "cover", "booklet", "epub")),
    ]:
        shutil.rmtree(tmp_path / "sources", ignore_errors=True)
        variant(tmp_path, "t", "", printing)
        assert load_manifest(tmp_path / "sources" / "t" / "pamphlet.toml").editions == editions
