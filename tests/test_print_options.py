"""The manifest's [print] options: validated, and followed by the print and booklet editions
(bleed, registration marks, back cover, page budget, output condition, sheets, creep)."""

from __future__ import annotations

import json
import re

import pikepdf
import pytest

from pamphlet import print_job
from pamphlet.checks.preflight import preflight_files
from pamphlet.errors import SourceError
from pamphlet.manifest import load_manifest
from pamphlet.pdf import preflight
from pamphlet.pdf.geometry import Rect
from tests.conftest import FIXTURES, make_workspace, pamphlet
from tests.pdfs import page_texts
from tests.test_sources import MANIFEST, title

A5 = Rect(0, 0, 419.528, 595.276)
MM = 72 / 25.4


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('bleed = "1in"', 'bleed "1in" is not between 0 and 0.25in'),
        ('output_condition = "FOGRA99"', 'output condition "FOGRA99" is not registered'),
        ('back_cover = "front"', '"front" is not one of slogans, publisher, blank'),
        ('paper_thickness = "5mm"', 'paper thickness "5mm" is not between 0.02mm and 0.5mm'),
        ("page_budget = 0", "must be a positive number"),
        ('sheet = "huge"', 'sheet "huge" is not a paper size'),
    ],
)
def test_bad_print_options_name_their_line(tmp_path, line, message):
    manifest = MANIFEST.replace("[[parts]]", f"[print]\n{line}\n\n[[parts]]")
    with pytest.raises(SourceError) as error:
        load_manifest(title(tmp_path, "# T\n\nText.\n", manifest))
    assert message in str(error.value)
    assert error.value.problem.line == 10


def test_good_print_options_are_read_in_points(tmp_path):
    options = 'bleed = "3mm"\noutput_condition = "FOGRA39"\nsheet = "A3"\npaper_thickness = "0.2mm"'
    manifest = MANIFEST.replace("[[parts]]", f"[print]\n{options}\n\n[[parts]]")
    read = load_manifest(title(tmp_path, "# T\n\nText.\n", manifest)).print
    assert read.bleed == pytest.approx(3 * MM)
    assert read.output_condition == "FOGRA39"
    assert (round(read.sheet.width), round(read.sheet.height)) == (842, 1191)
    assert read.paper_thickness == pytest.approx(0.2 * MM)


def test_a5_title_publisher_back_cover_iso_sheets_and_a_warning_for_blanks(notes_title):
    texts = page_texts(notes_title.file("-print.pdf"))
    assert len(texts) == 12
    assert texts[8:11] == ["", "", ""]
    back = texts[-1].lower()  # small capitals come out in either case
    assert "a short title with footnotes" in back and "test press" in back
    assert "isbn 9780306406157" in back
    assert "needs 3 blank pages before the back cover" in notes_title.result.stderr
    ticket = json.loads(notes_title.file("-jobticket.json").read_text(encoding="utf-8"))
    assert ticket["imposition"]["shop"]["sheet_pt"] == [1190.55, 841.89]  # A3
    assert ticket["imposition"]["office"]["sheet_pt"] == [841.89, 595.28]  # A4
    with pikepdf.open(notes_title.file("-booklet-office.pdf")) as pdf:
        spread = Rect.of(pdf.pages[0].obj.MediaBox)
        assert (round(spread.width, 1), round(spread.height, 1)) == (841.9, 595.3)


@pytest.fixture(scope="module")
def optioned(tmp_path_factory):
    """The notes title with every [print] option changed, built as print and booklet."""
    root = make_workspace(tmp_path_factory.mktemp("options"), {"notes": FIXTURES / "notes"})
    manifest = root / "sources" / "notes" / "pamphlet.toml"
    options = """
[print]
bleed = "3mm"
registration_marks = true
back_cover = "blank"
page_budget = 8
output_condition = "FOGRA39"
sheet = "12in x 18in"
paper_thickness = "0.2mm"
paper = "80 g/m² uncoated"
"""
    text = manifest.read_text(encoding="utf-8").replace("[[parts]]", options + "\n[[parts]]", 1)
    manifest.write_text(text, encoding="utf-8")
    result = pamphlet(root, "build", "notes", "-e", "print", "-e", "booklet", check=True)
    return root, result


def test_options_reach_the_print_file(optioned):
    root, result = optioned
    path = root / "build" / "notes" / "notes-print.pdf"
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        assert Rect.of(page.obj.TrimBox) == A5
        bleed = Rect.of(page.obj.BleedBox)
        assert bleed.left == pytest.approx(-3 * MM, abs=0.001)
        content = b"".join(s.read_bytes() for s in page.obj.Contents)
        assert b"/Registration CS" in content
        space = page.Resources.ColorSpace.Registration
        assert (str(space[0]), str(space[1]), str(space[2])) == (
            "/Separation",
            "/All",
            "/DeviceCMYK",
        )
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "FOGRA39"
    back = page_texts(path)[-1]
    assert back == "ISBN 9780306406157 9 780306 406157 >", "a blank back cover but for the barcode"
    assert "has 12 pages, over the page budget of 8" in result.stderr
    assert re.search(r"pamphlet\.toml:\d+: the print edition has 12 pages", result.stderr)
    manifest = load_manifest(root / "sources" / "notes" / "pamphlet.toml")
    for kind, path in preflight_files(root / "build" / "notes", "notes"):
        if kind == "cover":  # self-covered: no cover wrap
            continue
        found = preflight.check(path, print_job.expected(kind, manifest))
        assert [f for f in found if f.severity == "error"] == [], kind


def test_options_reach_the_booklet_and_ticket(optioned):
    root, _ = optioned
    with pikepdf.open(root / "build" / "notes" / "notes-booklet.pdf") as pdf:
        assert Rect.of(pdf.pages[0].obj.MediaBox) == Rect(0, 0, 1296, 864)  # 18 × 12 in
    ticket = json.loads((root / "build" / "notes" / "notes-jobticket.json").read_text())
    shop = ticket["imposition"]["shop"]
    assert shop["creep_per_sheet_pt"] == pytest.approx(0.2 * MM, abs=0.001)
    assert shop["creep_innermost_pt"] == pytest.approx(2 * 0.2 * MM, abs=0.001)
    assert ticket["marks"] == "crop marks outside the bleed, registration marks"
    assert ticket["paper"] == "80 g/m² uncoated"
    assert ticket["output_condition"]["identifier"] == "FOGRA39"
    assert ticket["bleed"]["text"] == "0.118 in (3.0 mm)"


def test_a_sheet_too_small_is_a_source_error(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    manifest = root / "sources" / "notes" / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("[[parts]]", '[print]\nsheet = "A4"\n\n[[parts]]', 1))
    result = pamphlet(root, "build", "notes", "-e", "booklet")
    assert result.returncode == 2
    assert "pamphlet.toml:19: the sheet A4 is too small for two" in result.stderr
    assert "use a sheet of at least" in result.stderr
    assert not (root / "build" / "notes" / "notes-booklet.pdf").exists()


def test_two_builds_give_the_same_bytes(optioned):
    root, _ = optioned
    out = root / "build" / "notes"
    names = ["notes-print.pdf", "notes-booklet.pdf", "notes-booklet-office.pdf"]
    names += ["notes-jobticket.json", "notes-jobticket.txt"]
    first = {name: (out / name).read_bytes() for name in names}
    pamphlet(root, "build", "notes", "-e", "print", "-e", "booklet", check=True)
    assert {name: (out / name).read_bytes() for name in names} == first


def profile_context(tmp_path, profile_bytes: bytes | None):
    """A build context for the notes title with `output_profile = "shop.icc"` in [print]."""
    from pamphlet.build import load_document
    from pamphlet.context import BuildContext
    from pamphlet.errors import Warnings
    from pamphlet.workspace import Workspace

    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    manifest = root / "sources" / "notes" / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8").replace(
        "[[parts]]",
        '[print]\noutput_condition = "Shop offset"\noutput_profile = "shop.icc"\n\n[[parts]]',
        1,
    )
    manifest.write_text(text, encoding="utf-8")
    if profile_bytes is not None:
        (root / "styles" / "shop.icc").write_bytes(profile_bytes)
    warnings = Warnings()
    workspace = Workspace(root)
    return BuildContext(workspace, load_document(workspace, "notes", warnings), warnings)


def icc_header(space: bytes, device_class: bytes = b"prtr") -> bytes:
    return bytes(12) + device_class + space + bytes(108)


def test_a_shop_profile_in_styles_is_embedded_as_the_output_intent(tmp_path):
    from pamphlet.editions.print_pdf import output_profile
    from pamphlet.pdf.pdfx import output_intent

    ctx = profile_context(tmp_path, icc_header(b"CMYK"))
    profile = output_profile(ctx)
    assert profile == icc_header(b"CMYK")
    with pikepdf.new() as pdf:
        intent = output_intent(pdf, ctx.manifest.print, profile)
        assert str(intent.OutputConditionIdentifier) == "Shop offset"
        assert int(intent.DestOutputProfile.N) == 4
        assert "/RegistryName" not in intent


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (None, "the output profile styles/shop.icc does not exist"),
        (icc_header(b"RGB "), "styles/shop.icc is not a CMYK printer profile"),
    ],
)
def test_a_missing_or_wrong_profile_is_a_source_error(tmp_path, profile, message):
    from pamphlet.editions.print_pdf import output_profile

    with pytest.raises(SourceError) as error:
        output_profile(profile_context(tmp_path, profile))
    assert message in str(error.value)
    assert error.value.problem.line == 20  # output_profile, under [print] at line 18
