"""The flagship's EPUB: nav lists every part, metadata from the manifest (epubcheck and Ace:
test_epub_accessibility.py)."""

from __future__ import annotations

import pytest

from tests.epubs import NS, Epub


@pytest.fixture(scope="module")
def epub_path(flagship):
    return flagship.file(".epub")


@pytest.fixture(scope="module")
def book(epub_path):
    return Epub(epub_path)


def test_nav_lists_every_part_and_section(book):
    nav = book.xhtml(book.nav_href())
    toc = nav.find(".//x:nav[@epub:type='toc']", NS)
    entries = ["".join(a.itertext()) for a in toc.iter("{http://www.w3.org/1999/xhtml}a")]
    assert entries[:2] == ["Bolivia’s Unfinished Revolution", "From El Alto to La Paz"]
    assert "Appendix: Lessons of the Bolivian Revolution" in entries
    assert "Permanent Revolution" in entries


def test_one_document_per_part_in_the_printed_order(book):
    """The reading order is the printed copy's, so the page list rises with it: the
    colophon on page 2, the slogans last, on the back cover."""
    assert book.spine() == [
        "text/cover.xhtml",
        "text/colophon.xhtml",
        "text/titlepage.xhtml",
        "text/nav.xhtml",
        "text/article.xhtml",
        "text/lessons.xhtml",
        "text/slogans.xhtml",
    ]


def test_metadata_round_trips_from_the_manifest(book):
    assert book.dc("title") == ["Bolivia’s Unfinished Revolution"]
    assert book.dc("language") == ["en-US"]
    assert book.dc("creator") == ["League for the Revolutionary Party"]
    assert book.dc("publisher") == ["SV Publishing"]
    assert book.dc("date") == ["2003-11-28"]
    assert book.dc("rights") == ["© 2004 League for the Revolutionary Party"]
    assert "Bolivia" in book.dc("subject") and "Trotskyism" in book.dc("subject")
    assert book.dc("description")[0].startswith("An account of the October 2003 uprising")
    assert book.meta("belongs-to-collection") == ["Proletarian Revolution"]
    assert book.meta("dcterms:modified") == ["2003-11-28T00:00:00Z"]
    identifier = book.dc("identifier")[0]
    assert identifier.startswith("urn:uuid:")


def test_cross_reference_to_lessons_is_a_working_link(book):
    article = book.xhtml("text/article.xhtml")
    link = next(
        a
        for a in article.iter("{http://www.w3.org/1999/xhtml}a")
        if "".join(a.itertext()) == "Lessons of the Bolivian Revolution"
    )
    file, anchor = link.get("href").split("#")
    assert file == "lessons.xhtml"
    assert book.xhtml(f"text/{file}").find(f".//*[@id='{anchor}']") is not None


def test_quotations_have_their_source_and_the_dateline_its_time(book):
    article = book.xhtml("text/article.xhtml")
    cites = ["".join(c.itertext()) for c in article.iter("{http://www.w3.org/1999/xhtml}cite")]
    assert len(cites) == 1  # the publisher's text gives no source for the other two
    assert cites[0].startswith("—Forrest Hylton")
    time = article.find(".//x:footer[@class='dateline']//x:time", NS)
    assert time.get("datetime") == "2003-11-28" and time.text == "November 28, 2003"


def test_fonts_are_embedded_subsets(book):
    fonts = [i for i in book.manifest().values() if i["media-type"] == "font/ttf"]
    assert len(fonts) == 6
    for font in fonts:
        assert len(book.zip.read(book.base + font["href"])) < 60_000, "not subset"
