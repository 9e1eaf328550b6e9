"""A title with footnotes, a foreword and links between parts, in both editions."""

from __future__ import annotations

from pypdf import PdfReader

from tests.epubs import NS, Epub
from tests.pdfs import body_texts, internal_links, page_of


def test_footnotes_sit_at_the_foot_of_the_page_that_calls_them(notes_title):
    texts = body_texts(notes_title.file(".pdf"))
    for note in ("The first note, at the foot of its page.", "The second note, which has"):
        page = page_of(texts, note)
        assert (
            texts[page].endswith(note)
            or texts[page].rstrip(".").endswith(note.rstrip("."))
            or note in texts[page][-200:]
        ), "note not at the page foot"
    first_call = page_of(texts, "The first paragraph has a note.")
    assert page_of(texts, "The first note") == first_call


def test_a5_trim(notes_title):
    box = PdfReader(notes_title.file(".pdf")).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)


def test_links_between_parts_lead_to_their_targets(notes_title):
    pdf = notes_title.file(".pdf")
    texts = body_texts(pdf)
    foreword = page_of(texts, "This foreword points ahead")
    appendix = page_of(texts, "Back to the main article")
    second = page_of(texts, "Second Section", foreword + 1)
    links = internal_links(pdf)
    assert (foreword, appendix) in links
    assert (foreword, second) in links


def test_epub_notes_link_both_ways(notes_title):
    book = Epub(notes_title.file(".epub"))
    article = book.xhtml("text/main.xhtml")
    refs = article.findall(".//x:a[@epub:type='noteref']", NS)
    assert [r.text for r in refs] == ["1", "2"]
    for ref in refs:
        note = article.find(f".//*[@id='{ref.get('href').split('#')[1]}']", NS)
        assert note.tag.endswith("aside") and note.get(f"{{{NS['epub']}}}type") == "footnote"
        back = note.find(".//x:a[@role='doc-backlink']", NS)
        assert back.get("href") == f"#{ref.get('id')}"


def test_isbn_becomes_the_epub_identifier(notes_title):
    assert Epub(notes_title.file(".epub")).dc("identifier") == ["urn:isbn:9780306406157"]
