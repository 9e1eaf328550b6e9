"""Two-colour jobs: `[print] inks = ["black", "PANTONE 186 C"]`. The print PDF is judged by
Ghostscript's separation device (`tiffsep`: one TIFF per plate, 255 = no ink), the riso
masters by pikepdf and Ghostscript, preflight by a file with a third colour, and the one-ink
default by byte comparison with the flagship as it was built before inks existed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from pamphlet import print_job
from pamphlet.errors import SourceError
from pamphlet.inks import colour_map, ink_value, job_inks
from pamphlet.manifest import load_manifest
from pamphlet.pdf import preflight
from pamphlet.pdf.content import scan_pages
from pamphlet.pdf.recolour import ColourMap, Printed, recolour
from pamphlet.registry import edition
from pamphlet.stylesheets import Sheet
from tests.conftest import FIXTURES, FLAGSHIP, REPO, Built, make_workspace, pamphlet
from tests.test_sources import MANIFEST, title

SPOT = "PANTONE 186 C"
PROCESS = ("Cyan", "Magenta", "Yellow")
# styles/print.css as it was before inks (process colours): a workspace may still have it
OLD_PRINT_CSS = """:root {
  --ink: device-cmyk(0 0 0 1);
  --quiet: device-cmyk(0 0 0 1);
  --accent: device-cmyk(0 0 0 1);
  --link: device-cmyk(0 0 0 1);
  --cover-band: device-cmyk(0 0 0 1);
  --cover-band-text: device-cmyk(0 0 0 0);
}
"""


def with_inks(root: Path, slug: str, lines: str) -> None:
    """Add `lines` to the [print] table of a title's manifest (creating the table)."""
    manifest = root / "sources" / slug / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    if "[print]" in text:
        text = text.replace("[print]", f"[print]\n{lines}", 1)
    else:
        text = text.replace("[[parts]]", f"[print]\n{lines}\n\n[[parts]]", 1)
    manifest.write_text(text, encoding="utf-8")


def plates(
    pdf: Path, folder: Path, dpi: int = 36, page: int | None = None, bleed_box: bool = True
) -> dict:
    """Ghostscript's separations of `pdf` (within the bleed, or the whole sheet): plate name →
    one grayscale image per page (255 = no ink)."""
    folder.mkdir(parents=True, exist_ok=True)
    options = [f"-dFirstPage={page}", f"-dLastPage={page}"] if page else []
    options += ["-dUseBleedBox"] if bleed_box else []
    command = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}"]
    subprocess.run(
        [*command, *options, f"-sOutputFile={folder}/p%03d.tif", str(pdf)],
        check=True,
        timeout=120,
    )
    by_page: dict[str, dict[int, Image.Image]] = {}
    for path in folder.glob("p*(*).tif"):  # a spot's file only for pages that use it
        name = path.name[path.name.index("(") + 1 : path.name.rindex(")")]
        by_page.setdefault(name, {})[int(path.name[1:4])] = Image.open(path).convert("L")
    numbers = sorted(by_page["Black"])
    size = by_page["Black"][numbers[0]].size
    return {
        name: [pages.get(n) or Image.new("L", size, 255) for n in numbers]
        for name, pages in by_page.items()
    }


def inked(image: Image.Image) -> int:
    """Pixels where a plate carries ink."""
    return sum(image.histogram()[:255])


def ink_amount(image: Image.Image) -> int:
    """The ink a plate carries, in pixel tints (255 a solid pixel)."""
    return sum((255 - value) * count for value, count in enumerate(image.histogram()))


@pytest.fixture(scope="module")
def two_inks(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The flagship in black and PANTONE 186 C: print PDF, booklets and riso masters."""
    root = make_workspace(
        tmp_path_factory.mktemp("two-inks"), {FLAGSHIP: REPO / "sources" / FLAGSHIP}
    )
    with_inks(root, FLAGSHIP, f'inks = ["black", "{SPOT}"]')
    editions = ("--edition", "print", "--edition", "booklet", "--edition", "riso")
    result = pamphlet(root, "build", FLAGSHIP, *editions, check=True)
    return Built(root, FLAGSHIP, result)


@pytest.fixture(scope="module")
def two_ink_plates(two_inks: Built, tmp_path_factory) -> dict:
    return plates(two_inks.file("-print.pdf"), tmp_path_factory.mktemp("plates"))


# --- the print PDF in two inks --------------------------------------------------------------


def test_print_pdf_inks_exactly_the_black_and_the_spot_plates(two_inks, two_ink_plates):
    assert set(two_ink_plates) == {*PROCESS, "Black", SPOT}, "no other separation exists"
    for name in PROCESS:
        assert sum(inked(page) for page in two_ink_plates[name]) == 0, f"{name} plate is empty"
    black = [inked(page) for page in two_ink_plates["Black"]]
    spot = [inked(page) for page in two_ink_plates[SPOT]]
    assert all(black[index] > 0 for index in (0, 4, 9)), "text prints in black"
    area = two_ink_plates[SPOT][0].width * two_ink_plates[SPOT][0].height
    assert spot[0] > 0.2 * area and spot[-1] > 0.1 * area, "the cover bands print in the spot"
    assert spot[0] > black[0], "the front cover is mostly spot: the band"
    assert sum(1 for count in spot if count) < len(spot) / 2, "the body is mostly black"


def test_spot_is_a_separation_named_for_the_ink_with_its_cmyk_alternate(two_inks):
    with pikepdf.open(two_inks.file("-print.pdf")) as pdf:
        spaces = {
            (str(space[0]), str(space[1]), str(space[2]), tuple(float(v) for v in space[3].C1))
            for page in pdf.pages
            for space in page.Resources.get("/ColorSpace", {}).values()
        }
        assert ("/Separation", f"/{SPOT}", "/DeviceCMYK", (0.2157, 0.9373, 0.8196, 0.0)) in spaces
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-1a:2003"
    assert b"PANTONE#20186#20C" in two_inks.file("-print.pdf").read_bytes()


def test_paper_type_knocks_out_of_both_plates_on_the_cover_band(two_ink_plates):
    spot, black = two_ink_plates[SPOT][0], two_ink_plates["Black"][0]
    band = spot.crop((0, 0, spot.width, spot.height // 4))
    box = band.point(lambda v: 255 if v < 255 else 0).getbbox()
    area = (box[2] - box[0]) * (box[3] - box[1])
    assert inked(band.crop(box)) < area - 100, "the series line is paper: holes in the spot"
    assert inked(black.crop(box)) == 0, "and nothing in black"


def test_black_type_overprints_the_spot(tmp_path_factory):
    """With the band's text in black, the spot plate stays whole beneath the letters."""
    root = make_workspace(
        tmp_path_factory.mktemp("overprint"), {FLAGSHIP: REPO / "sources" / FLAGSHIP}
    )
    with_inks(root, FLAGSHIP, f'inks = ["black", "{SPOT}"]')
    sheet = root / "styles" / "print.css"
    sheet.write_text(
        sheet.read_text().replace("--cover-band-text: paper;", "--cover-band-text: ink(black);")
    )
    pamphlet(root, "build", FLAGSHIP, "--edition", "print", check=True)
    found = plates(root / "build" / FLAGSHIP / f"{FLAGSHIP}-print.pdf", root / "plates", page=1)
    spot, black = found[SPOT][0], found["Black"][0]
    band = spot.crop((0, 0, spot.width, spot.height // 4))
    box = band.point(lambda v: 255 if v < 255 else 0).getbbox()
    area = (box[2] - box[0]) * (box[3] - box[1])
    assert inked(black.crop(box)) > 100, "the series line prints in black on the band"
    assert inked(band.crop(box)) == area, "no hole in the spot beneath it"


def test_booklets_inherit_the_two_inks(two_inks, tmp_path):
    found = plates(two_inks.file("-booklet.pdf"), tmp_path)
    assert {name for name, pages in found.items() if any(inked(p) for p in pages)} == {
        "Black",
        SPOT,
    }


# --- preflight --------------------------------------------------------------------------------


def manifest_of(built: Built):
    return load_manifest(built.root / "sources" / built.slug / "pamphlet.toml")


def test_preflight_passes_the_two_ink_files(two_inks):
    result = pamphlet(two_inks.root, "check", two_inks.slug)
    assert result.returncode == 0 and "0 error(s)" in result.stdout, result.stdout
    assert "riso-pantone-186-c.pdf" in result.stdout, "the riso masters are preflighted too"
    manifest = manifest_of(two_inks)
    for kind, suffix, inks in (
        ("print", "-print.pdf", "black, PANTONE 186 C"),
        ("booklet", "-booklet.pdf", "black, PANTONE 186 C"),
        ("riso", "-riso-pantone-186-c.pdf", "black"),
    ):
        found = preflight.check(two_inks.file(suffix), print_job.expected(kind, manifest))
        assert [str(f) for f in found if f.severity != "info"] == [], kind
        summary = {f.code: f.what for f in found}
        assert summary["colour"].endswith(f"inks: {inks}"), summary["colour"]


def painted_over(source: Path, target: Path, ops: bytes, resources: dict | None = None) -> Path:
    """`source` with `ops` painted over its second page."""
    with pikepdf.open(source) as pdf:
        page = pdf.pages[1]
        for key, value in (resources or {}).items():
            page.Resources.ColorSpace[key] = pdf.make_indirect(value)
        page.contents_add(pdf.make_stream(b"q " + ops + b" Q"))
        pdf.save(target)
    return target


@pytest.mark.parametrize(
    ("ops", "what"),
    [
        (b"0 1 0 0 k 100 100 50 50 re f", "prints in magenta, which is not an ink of this job"),
        (b"/Other cs 1 scn 100 100 50 50 re f", "prints in PANTONE 300 C, which is not an ink"),
    ],
)
def test_preflight_rejects_a_third_colour(two_inks, tmp_path, ops, what):
    other = pikepdf.Array(
        [
            pikepdf.Name.Separation,
            pikepdf.Name("/PANTONE 300 C"),
            pikepdf.Name.DeviceCMYK,
            pikepdf.Dictionary(
                FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 0.5, 0, 0], N=1
            ),
        ]
    )
    path = painted_over(two_inks.file("-print.pdf"), tmp_path / "third.pdf", ops, {"/Other": other})
    found = preflight.check(path, print_job.expected("print", manifest_of(two_inks)))
    errors = [f for f in found if f.severity == "error"]
    assert [f.where for f in errors] == ["page 2"], [str(f) for f in errors]
    assert what in errors[0].what and "(black + PANTONE 186 C)" in errors[0].what


def test_a_one_ink_job_rejects_the_spot(two_inks, flagship):
    one_ink = print_job.expected("print", manifest_of(flagship))
    found = preflight.check(two_inks.file("-print.pdf"), one_ink)
    errors = {f.what: f.where for f in found if f.severity == "error"}
    where = errors["prints in PANTONE 186 C, which is not an ink of this job (black)"]
    assert where.startswith("pages 1, ") and where.endswith(", 20"), "the cover bands"


# --- risograph masters ------------------------------------------------------------------------


def test_riso_masters_are_named_per_ink_and_grayscale_only(two_inks, tmp_path):
    output = edition("riso").outputs[0]
    names = output.names(two_inks.slug, ["black", SPOT])
    assert names == [f"{FLAGSHIP}-riso-black.pdf", f"{FLAGSHIP}-riso-pantone-186-c.pdf"]
    for name in names:
        data = (two_inks.out / name).read_bytes()
        for word in (b"/Separation", b"/DeviceN", b"/DeviceCMYK", b"/DeviceRGB", b"OutputIntent"):
            assert word not in data, f"{name} holds {word.decode()}"
        with pikepdf.open(two_inks.out / name) as pdf:
            assert len(pdf.pages) == 10, "imposed like the shop booklet: 5 sheets, 2 sides"
            for scan in scan_pages(pdf):
                assert set(scan.colour_ops) == {"DeviceGray"}, dict(scan.colour_ops)
            operators = [str(op) for _, op in pikepdf.parse_content_stream(pdf.pages[0])]
            assert "BMC" in operators and operators.count("c") == 24, "6 registration targets"
        found = plates(two_inks.out / name, tmp_path / name)
        assert {n for n, pages in found.items() if any(inked(p) for p in pages)} == {"Black"}


def test_each_riso_master_is_the_plate_ghostscript_separates(two_inks, tmp_path):
    """The master of an ink, imposed, carries the ink the shop booklet's plate carries."""
    booklet = plates(two_inks.file("-booklet.pdf"), tmp_path / "booklet")
    for ink, name in (("Black", "-riso-black.pdf"), (SPOT, "-riso-pantone-186-c.pdf")):
        master = plates(two_inks.file(name), tmp_path / name)["Black"]
        for side, (theirs, ours) in enumerate(zip(booklet[ink], master, strict=True)):
            expected, made = ink_amount(theirs), ink_amount(ours)
            assert made == pytest.approx(expected, rel=0.02, abs=2000), (ink, side)


# --- the job ticket and separation previews ---------------------------------------------------


def test_job_ticket_says_two_colours_and_lists_the_files_per_ink(two_inks):
    text = two_inks.file("-jobticket.txt").read_text()
    assert re.search(r"^Colours +2/2: black \+ PANTONE 186 C$", text, re.MULTILINE)
    assert "Riso masters" in text and "registration marks" in text
    ticket = json.loads(two_inks.file("-jobticket.json").read_text())
    assert ticket["inks"] == ["black", SPOT]
    assert ticket["spot_inks"][0]["alternate_from"] == "pamphlet's table"
    files = ticket["files_by_ink"]
    assert f"{FLAGSHIP}-riso-pantone-186-c.pdf" in files[SPOT]
    assert f"{FLAGSHIP}-riso-pantone-186-c.pdf" not in files["black"]
    assert f"{FLAGSHIP}-print.pdf" in files["black"] and f"{FLAGSHIP}-print.pdf" in files[SPOT]


def test_preview_inks_writes_one_png_per_plate(two_inks, tmp_path):
    result = pamphlet(two_inks.root, "preview", FLAGSHIP, "--inks", "--page", "1")
    assert result.returncode == 0, result.stderr
    paths = [two_inks.root / line for line in result.stdout.split()]
    assert [p.name for p in paths] == ["preview-page1-black.png", "preview-page1-pantone-186-c.png"]
    black, spot = (Image.open(p).convert("RGB") for p in paths)

    def share_of_red(picture: Image.Image) -> float:
        """The share of the picture in a strong red (red high, green and blue low)."""
        red, green, blue = picture.split()
        masks = (
            red.point(lambda v: 255 if v > 150 else 0),
            green.point(lambda v: 255 if v < 110 else 0),
            blue.point(lambda v: 255 if v < 110 else 0),
        )
        both = ImageChops.multiply(ImageChops.multiply(masks[0], masks[1]), masks[2])
        return both.histogram()[255] / (picture.width * picture.height)

    red = share_of_red(spot)
    assert share_of_red(black) == 0, "the black plate has no red"
    print_pdf = two_inks.file("-print.pdf")
    gs_spot = plates(print_pdf, tmp_path, page=1, bleed_box=False)[SPOT][0]
    assert red == pytest.approx(inked(gs_spot) / (gs_spot.width * gs_spot.height), abs=0.02)
    bad = pamphlet(two_inks.root, "preview", FLAGSHIP, "--inks", "--page", "99")
    assert bad.returncode == 2 and "the print PDF has no page 99" in bad.stderr


# --- images in the spot or as duotones ----------------------------------------------------------


def test_duotone_images_print_in_black_and_the_spot(tmp_path):
    root = make_workspace(tmp_path, {"figures": FIXTURES / "figures"})
    with_inks(root, "figures", 'inks = ["black", "PMS 300"]\nimage_inks = "duotone"')
    pamphlet(root, "build", "figures", "--edition", "print", "--edition", "riso", check=True)
    out = root / "build" / "figures"
    with pikepdf.open(out / "figures-print.pdf") as pdf:
        images = [
            thing
            for thing in pdf.objects
            if isinstance(thing, pikepdf.Stream) and thing.get("/Subtype") == pikepdf.Name.Image
        ]
        assert images, "the title has a picture"
        for image in images:
            space = image.ColorSpace
            assert str(space[0]) == "/DeviceN"
            assert [str(n) for n in space[1]] == ["/Black", "/PANTONE 300 C"]
    found = plates(out / "figures-print.pdf", tmp_path / "plates")
    used = {name for name, pages in found.items() if any(inked(p) for p in pages)}
    assert used == {"Black", "PANTONE 300 C"}
    for master in ("figures-riso-black.pdf", "figures-riso-pantone-300-c.pdf"):
        with pikepdf.open(out / master) as pdf:
            assert all(set(scan.colour_ops) == {"DeviceGray"} for scan in scan_pages(pdf))


# --- the one-ink default is what it was -----------------------------------------------------------


def test_one_ink_default_is_byte_identical_to_process_colours(flagship, tmp_path):
    """The flagship built with main's print.css in process colours and an explicit
    inks = ["black"] gives the very bytes of the default build (ink() values, no inks)."""
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    (root / "styles" / "print.css").write_text(OLD_PRINT_CSS)
    with_inks(root, FLAGSHIP, 'inks = ["black"]')
    pamphlet(root, "build", FLAGSHIP, "--edition", "print", "--edition", "booklet", check=True)
    for suffix in ("-print.pdf", "-booklet.pdf", "-booklet-office.pdf", "-jobticket.json"):
        made = (root / "build" / FLAGSHIP / f"{FLAGSHIP}{suffix}").read_bytes()
        assert made == flagship.file(suffix).read_bytes(), suffix
    assert not (flagship.out / f"{FLAGSHIP}-riso-black.pdf").exists(), "riso is asked for"


# --- the manifest and print.css ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('inks = ["PANTONE 186 C"]', 'must begin with "black"'),
        ('inks = ["black", "black"]', '"black" cannot be a second ink'),
        ('inks = ["black", "All"]', '"All" cannot be a second ink'),
        ('inks = ["black", "X", "x"]', '"X" is listed twice'),
        ('image_inks = "duotone"', 'image_inks = "duotone" needs a spot ink'),
    ],
)
def test_bad_inks_name_their_line(tmp_path, lines, message):
    manifest = MANIFEST.replace("[[parts]]", f"[print]\n{lines}\n\n[[parts]]")
    with pytest.raises(SourceError) as error:
        load_manifest(title(tmp_path, "# T\n\nText.\n", manifest))
    assert message in str(error.value)
    assert error.value.problem.line == 10


def test_spot_inks_come_from_the_table_or_the_manifest(tmp_path):
    lines = (
        'inks = ["black", "pms 286", "Riso Bright Red", "Riso Teal"]\n\n[print.alternates]\n'
        '"Riso Bright Red" = "lab(53 64 29)"\n"Riso Teal" = "device-cmyk(1 0 0.4 0.2)"'
    )
    manifest = MANIFEST.replace("[[parts]]", f"[print]\n{lines}\n\n[[parts]]")
    inks = job_inks(load_manifest(title(tmp_path, "# T\n\nText.\n", manifest)))
    assert [ink.name for ink in inks] == ["black", "PANTONE 286 C", "Riso Bright Red", "Riso Teal"]
    assert inks[1].alternate == (1.0, 0.8, 0.3725, 0.0)  # #0033A0, Pantone's screen value
    assert inks[2].source == "the manifest" and inks[2].alternate[1] > 0.6
    assert inks[3].alternate == (1.0, 0.0, 0.4, 0.2)


def test_an_unknown_spot_without_alternate_is_a_clear_error(tmp_path):
    manifest = MANIFEST.replace("[[parts]]", '[print]\ninks = ["black", "Riso Red"]\n\n[[parts]]')
    path = title(tmp_path, "# T\n\nText.\n", manifest)
    shutil.copytree(REPO / "pamphlet" / "styles", tmp_path / "styles")
    result = pamphlet(tmp_path, "build", "a-title", "--edition", "print")
    assert result.returncode == 2
    assert f"{path.relative_to(tmp_path)}:10:" in result.stderr
    assert 'the ink "Riso Red" is not in pamphlet\'s table' in result.stderr
    assert "Traceback" not in result.stderr


def sheet(name: str, text: str) -> Sheet:
    return Sheet(name, Path("styles") / name, text)


def test_print_values_say_which_ink_and_tint(tmp_path):
    assert ink_value("ink(black)") == ("black", 1.0)
    assert ink_value("ink(spot 30%)") == ("spot", 0.3)
    assert ink_value('ink("PANTONE 286 C" 0.5)') == ("PANTONE 286 C", 0.5)
    assert ink_value("paper") == ("", 0.0)
    for wrong in ("ink()", "ink(spot 130%)", "ink(spot red)", "red", "ink(1)"):
        assert ink_value(wrong) is None, wrong
    screen = sheet("screen.css", ":root {\n  --a: #a5141c;\n  --b: #555;\n}")
    manifest = MANIFEST.replace("[[parts]]", f'[print]\ninks = ["black", "{SPOT}"]\n\n[[parts]]')
    two = job_inks(load_manifest(title(tmp_path, "# T\n\nText.\n", manifest)))
    colours = colour_map(
        screen, sheet("print.css", ":root { --a: ink(spot 50%); --b: ink(black 40%); }"), two
    )
    assert colours.lookup((0.647, 0.078, 0.11))[0] == Printed((0.5,), SPOT, True)
    assert colours.lookup((0.333, 0.333, 0.333))[0] == Printed((0, 0, 0, 0.4), "", True)
    one = colour_map(screen, sheet("print.css", ":root { --a: ink(spot 50%); }"))
    assert one.lookup((0.647, 0.078, 0.11))[0].values == (0, 0, 0, 0.5), "spot → black alone"
    with pytest.raises(SourceError) as error:
        colour_map(screen, sheet("print.css", ":root {\n  --a: ink(purple);\n}"), two)
    assert error.value.problem.line == 2 and "names an ink this job does not print in" in str(
        error.value
    )
    with pytest.raises(SourceError, match="prints in magenta and yellow; this job prints in"):
        colour_map(screen, sheet("print.css", ":root { --a: device-cmyk(0 1 1 0); }"), two)


def test_process_inks_may_be_declared_beside_black(tmp_path):
    manifest = MANIFEST.replace("[[parts]]", '[print]\ninks = ["black", "Cyan"]\n\n[[parts]]')
    read = load_manifest(title(tmp_path, "# T\n\nText.\n", manifest))
    inks = job_inks(read)
    assert [ink.name for ink in inks] == ["black", "cyan"] and not inks[1].spot
    assert print_job.expected("print", read).inks == ("black", "cyan")
    screen = sheet("screen.css", ":root { --a: #a5141c; }")
    colours = colour_map(screen, sheet("print.css", ":root { --a: ink(cyan 40%); }"), inks)
    assert colours.lookup((0.647, 0.078, 0.11))[0].solid().values == (1, 0, 0, 0)
    with pytest.raises(SourceError, match=r"prints in magenta; this job prints in black \+ cyan"):
        colour_map(screen, sheet("print.css", ":root { --a: device-cmyk(0 1 0 0); }"), inks)


def test_text_in_a_tint_prints_solid_and_the_tint_returns_after_it():
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.obj.Contents = pdf.make_stream(
        b"0.4 0.4 0.4 rg 0 0 10 10 re f BT (a) Tj (b) Tj ET 0 0 20 20 re f"
    )
    grey = ColourMap((((0.4, 0.4, 0.4), Printed((0.0, 0.0, 0.0, 0.6), "", True)),))
    recolour(pdf, grey)
    written = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page)).decode()
    expected = "0 0 0 0.6 k 0 0 10 10 re f BT 0 0 0 1 k (a) Tj (b) Tj ET 0 0 0 0.6 k 0 0 20 20 re f"
    assert written.split() == expected.split(" ")
