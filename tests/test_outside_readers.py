"""Every PDF of every edition, for the flagship and each fixture, read by the tools a print
shop and a reader use: Ghostscript (the interpreter of many RIPs) and MuPDF, with no error,
warning or repair. Both repair damaged files silently, so any word from them fails."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pikepdf
import pytest

from pamphlet.checks import readers
from pamphlet.editions import print_pdf
from pamphlet.pdf.pdfx import pdf_bytes

TITLES = ["flagship", "notes_title", "spanish_title", "figures_title"]


def read_by_outside_tools(paths: list[Path]) -> dict[str, list[str]]:
    with ThreadPoolExecutor(4) as pool:
        found = pool.map(readers.check, paths)
    return {
        path.name: [f.what for f in findings]
        for path, findings in zip(paths, list(found), strict=True)
    }


@pytest.mark.parametrize("title", TITLES)
def test_every_pdf_reads_cleanly_in_ghostscript_and_mupdf(title, request):
    built = request.getfixturevalue(title)
    pdfs = sorted(built.out.glob("*.pdf"))
    assert len(pdfs) >= 4, pdfs  # screen, print, shop and office booklets (, large print)
    assert read_by_outside_tools(pdfs) == {pdf.name: [] for pdf in pdfs}


def test_ghostscript_really_runs_without_q(flagship):
    """The "repaired" summary only shows without -q: the command must be the loud one."""
    assert "-q" not in readers.GHOSTSCRIPT
    done = subprocess.run(
        [*readers.GHOSTSCRIPT, str(flagship.file("-print.pdf"))], capture_output=True, text=True
    )
    assert "Processing pages 1 through 20." in done.stdout


def test_an_empty_flate_stream_is_caught_and_no_longer_written(tmp_path):
    """qpdf writes an empty stream as FlateDecode of length 0 (invalid zlib): the readers
    check catches it, and pamphlet's way of saving writes valid data instead."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.pages[0].obj.Contents = pdf.make_stream(b"")
    damaged = tmp_path / "damaged.pdf"
    pdf.save(damaged, compress_streams=True)
    complaints = [f.what for f in readers.check(damaged)]
    assert any("repaired" in what for what in complaints), complaints
    assert any("premature end of data" in what for what in complaints), complaints

    sealed = tmp_path / "sealed.pdf"
    sealed.write_bytes(pdf_bytes(pikepdf.open(damaged)))
    assert readers.check(sealed) == []


def test_blank_padding_pages_have_valid_content_streams(notes_title):
    """The notes title needs 3 blank pages: each paints nothing, with streams that every
    reader decodes (none empty: qpdf would write it as invalid zlib data)."""
    ticket = json.loads(notes_title.file("-jobticket.json").read_text(encoding="utf-8"))
    assert len(ticket["blank_pages"]) > print_pdf.TOO_MANY_BLANKS
    with pikepdf.open(notes_title.file("-print.pdf")) as pdf:
        for number in ticket["blank_pages"]:
            page = pdf.pages[number - 1]
            contents = page.obj.Contents  # the page's, and the crop marks'
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            for stream in streams:
                assert len(stream.read_raw_bytes()) > 0
                stream.read_bytes()  # decodes
            painted = [str(op) for _, op in pikepdf.parse_content_stream(page)]
            assert not {"Tj", "TJ", "Do", "f", "F", "f*", "sh"} & set(painted)


def test_readers_see_through_the_file_name(tmp_path):
    """A word such as "error" in a file name or in the PDF's title is not a finding."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = "Errors and warnings of the left, repaired"
    target = tmp_path / "errors-repaired-warning.pdf"
    target.write_bytes(pdf_bytes(pdf))
    assert readers.check(target) == []
