"""The EPUB that distributors and readers trust: epubcheck and DAISY Ace clean, accessibility
metadata from the manifest, and the print edition's page numbers as a page list whose
markers sit where each printed page begins."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from tests.conftest import pamphlet
from tests.epubs import NS, Epub, text_after
from tests.pdfs import body_texts

EPUB_TYPE = f"{{{NS['epub']}}}type"


def validator_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if re.search(r"\[(epubcheck|ace)\]", line)]


@pytest.fixture(scope="session")
def notes_checked(notes_title):
    return pamphlet(notes_title.root, "check", notes_title.slug)


@pytest.fixture(scope="module")
def book(flagship):
    return Epub(flagship.file(".epub"))


# --- validators -------------------------------------------------------------------------------


def test_flagship_passes_epubcheck_and_ace(flagship_checked):
    assert validator_lines(flagship_checked) == []
    assert flagship_checked.stdout.strip().endswith("0 error(s)")
    assert flagship_checked.returncode == 0


def test_notes_title_passes_epubcheck_and_ace(notes_checked):
    assert validator_lines(notes_checked) == []
    assert notes_checked.returncode == 0


# --- metadata ---------------------------------------------------------------------------------


def test_accessibility_metadata_is_declared(book):
    assert book.meta("schema:accessMode") == ["textual"]
    assert book.meta("schema:accessModeSufficient") == ["textual"]
    features = book.meta("schema:accessibilityFeature")
    for feature in (
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "pageBreakMarkers",
        "printPageNumbers",
        "pageNavigation",
    ):
        assert feature in features
    assert book.meta("schema:accessibilityHazard") == ["none"]
    assert "page list" in book.meta("schema:accessibilitySummary")[0]
    assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]


def test_certifier_defaults_to_the_publisher(book):
    assert book.meta("a11y:certifiedBy") == ["SV Publishing"]


def test_certifier_is_taken_from_the_manifest(notes_title):
    # tests/fixtures/notes/pamphlet.toml: [epub] certified_by
    assert Epub(notes_title.file(".epub")).meta("a11y:certifiedBy") == ["Test Access Review"]


def test_page_source_names_the_print_edition(book):
    source = book.meta("pageBreakSource")
    assert source == book.dc("source")
    assert source[0].startswith("Bolivia’s Unfinished Revolution, print edition, SV Publishing")


def test_every_document_has_the_title_language(book):
    for href in book.spine():
        root = book.xhtml(href)
        assert root.get("lang") == "en-US", href
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US", href
    assert book.opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-US"


def test_landmarks_reach_cover_title_page_contents_and_text(book):
    nav = book.xhtml(book.nav_href())
    landmarks = nav.find(".//x:nav[@epub:type='landmarks']", NS)
    types = {a.get(EPUB_TYPE): a.get("href") for a in landmarks.iterfind(".//x:a", NS)}
    assert types == {
        "cover": "cover.xhtml",
        "titlepage": "titlepage.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "article.xhtml",
        "backmatter": "slogans.xhtml",  # on the back cover of the printed copy
    }
    cover = book.xhtml("text/cover.xhtml").find(".//x:img", NS)
    assert cover.get("alt").startswith("Cover: Bolivia’s Unfinished Revolution")


# --- the page list ------------------------------------------------------------------------------


def test_page_list_has_one_entry_per_printed_page(book, flagship):
    # The print edition's pages: its blank page and back cover included.
    pages = len(body_texts(flagship.file("-print.pdf")))
    assert [label for label, _ in book.page_list()] == [str(n) for n in range(1, pages + 1)]


def test_every_entry_leads_to_a_page_break_marker(book):
    for label, href in book.page_list():
        marker = book.target(href)
        assert marker.get(EPUB_TYPE) == "pagebreak"
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == label
        assert len(marker) == 0 and not (marker.text or "").strip()


def test_each_marker_sits_where_its_printed_page_begins(book, flagship):
    texts = body_texts(flagship.file("-print.pdf"))
    checked = 0
    for label, href in book.page_list():
        after = text_after(book.target(href))
        page = re.sub(r"( \.)+ \d+", "", texts[int(label) - 1])  # contents: leaders, numbers
        if not after or not page:
            continue
        # Compared without white space (blocks run together in `text_after`) or case (small
        # capitals are extracted in lower case), from the second word on: the first may end
        # a word hyphenated across the page break, which the marker keeps whole.
        letters = "".join(after.split(maxsplit=1)[-1].split())[:25].casefold()
        assert letters in "".join(page.split())[:150].casefold(), f"page {label}: {after[:60]!r}"
        checked += 1
    assert checked >= len(texts) - 2  # all but the cover (a picture in the EPUB)


def test_pages_lie_in_the_right_documents(book):
    files = {label: href.split("#")[0] for label, href in book.page_list()}
    assert files["1"] == "cover.xhtml"
    assert files["2"] == "colophon.xhtml"  # the printed colophon is the cover's back
    assert files["3"] == "titlepage.xhtml"
    assert files["4"] == "nav.xhtml"
    last = len(files)
    body = [files[str(n)] for n in range(5, last - 1)]
    order = ["article.xhtml", "lessons.xhtml"]
    assert body == sorted(body, key=order.index), "body pages out of reading order"
    assert set(body) == set(order)
    assert files[str(last - 1)] == "lessons.xhtml", "the blank page follows the page before"
    assert files[str(last)] == "slogans.xhtml", "the back cover carries the slogans"


def test_ncx_carries_the_same_page_list_for_older_readers(book):
    ncx_item = next(i for i in book.manifest().values() if i["media-type"].endswith("ncx+xml"))
    ncx = etree.fromstring(book.zip.read(book.base + ncx_item["href"]))
    daisy = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    targets = [
        (t.findtext("n:navLabel/n:text", namespaces=daisy), t.find("n:content", daisy).get("src"))
        for t in ncx.iterfind(".//n:pageList/n:pageTarget", daisy)
    ]
    assert targets == [(label, f"text/{href}") for label, href in book.page_list()]
    total = ncx.find(".//n:meta[@name='dtb:totalPageCount']", daisy).get("content")
    assert total == str(len(targets))
