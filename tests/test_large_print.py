"""The large-print PDF, for readers with low vision: every text at 16 pt or more, ragged right,
no hyphenation, Letter (A4 for a metric trim), tagged, with the text, notes and working
cross-references of every edition. Built for the flagship, the Spanish title and the notes
title (A5, so A4)."""

from __future__ import annotations

import itertools
import re

import pikepdf
import pypdfium2
import pytest

from pamphlet.pdf.content import scan_pages
from tests.conftest import FIXTURES, FLAGSHIP, REPO, Built, make_workspace, pamphlet
from tests.pdfs import internal_links

TITLES = {
    FLAGSHIP: REPO / "sources" / FLAGSHIP,
    "espanol": FIXTURES / "espanol",
    "notes": FIXTURES / "notes",
}
LETTER, A4 = (612.0, 792.0), (595.28, 841.89)


@pytest.fixture(scope="module", params=sorted(TITLES))
def large(request, tmp_path_factory) -> Built:
    slug = request.param
    root = make_workspace(tmp_path_factory.mktemp(f"large-{slug}"), {slug: TITLES[slug]})
    result = pamphlet(root, "build", slug, "--edition", "large-print", "--edition", "screen")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr, result.stderr
    return Built(root, slug, result)


def test_pages_are_letter_or_a4(large):
    expected = A4 if large.slug == "notes" else LETTER
    with pikepdf.open(large.file("-large-print.pdf")) as pdf:
        for page in pdf.pages:
            box = [float(v) for v in page.MediaBox]
            assert (round(box[2] - box[0], 1), round(box[3] - box[1], 1)) == pytest.approx(
                expected, abs=0.5
            )


def test_no_text_under_16_pt(large):
    with pikepdf.open(large.file("-large-print.pdf")) as pdf:
        smallest = min(scan.smallest_text for scan in scan_pages(pdf))
    assert smallest >= 16 - 0.1, f"smallest text {smallest:.1f} pt"


def right_edges(path) -> list[float]:
    """The right edge (points) of every text line of 30 characters or more, past the front
    matter."""
    edges = []
    pdf = pypdfium2.PdfDocument(str(path))
    for index in range(4, len(pdf)):
        text = pdf[index].get_textpage()
        line: list[float] = []
        for char in range(text.count_chars()):
            if text.get_text_range(char, 1) in "\r\n":
                if len(line) >= 30:
                    edges.append(max(line))
                line = []
            else:
                line.append(text.get_charbox(char)[2])
        if len(line) >= 30:
            edges.append(max(line))
    pdf.close()
    return edges


def words(path, pages: slice) -> set[str]:
    """The words (casefolded) of some pages of a PDF, line-end hyphenation undone."""
    pdf = pypdfium2.PdfDocument(str(path))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))[pages])
    pdf.close()
    # WeasyPrint's hyphenation adds U+2010 at a line's end; pdfium reads a hyphen at a
    # line's end, added or a word's own, as U+FFFE (so "pre-occupied" may come out whole)
    text = re.sub(r"\u2010\r?\n", "", text).replace("\ufffe", "")
    return {word.casefold() for word in re.findall(r"[^\W\d_]{4,}", text)}


def test_ragged_right(large):
    edges = right_edges(large.file("-large-print.pdf"))
    widest = max(edges)
    flush = [edge for edge in edges if edge > widest - 1]
    assert len(flush) < len(edges) / 3, "most lines end at the same place: justified"
    assert widest - min(edges) > 36


def test_no_hyphenation(large):
    known = words(large.file(".pdf"), slice(None))
    pdf = pypdfium2.PdfDocument(str(large.file("-large-print.pdf")))
    for index in range(len(pdf)):
        lines = pdf[index].get_textpage().get_text_range().splitlines()
        for line, after in itertools.pairwise(lines):
            cut, rest = re.search(r"(\w+)-$", line.rstrip()), re.match(r"\s*(\w+)", after)
            assert not (cut and rest and cut[1] + rest[1] in known), f"{cut[1]}-{rest[1]}"
    pdf.close()


def test_same_words_as_the_screen_edition(large):
    """Every word of the screen edition's text is in the large print, which adds none: the
    back cover's blurb (the print design's) aside."""
    large_print = words(large.file("-large-print.pdf"), slice(4, None))
    screen = words(large.file(".pdf"), slice(4, None))
    inside = words(large.file(".pdf"), slice(4, -1))
    allowed = max(3, len(screen) // 100)  # compounds broken at their own hyphen read as one
    assert len(large_print - screen) <= allowed, sorted(large_print - screen)
    assert len(inside - large_print) <= allowed, sorted(inside - large_print)


def test_tagged_with_working_cross_references(large):
    path = large.file("-large-print.pdf")
    with pikepdf.open(path) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked
    assert internal_links(path), "contents and cross-references are links"
