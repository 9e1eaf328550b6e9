"""Finding printed pages again: `page_map` on a real print layout, and `insert_page_break`
on small XHTML documents."""

from __future__ import annotations

from lxml import etree

from pamphlet.build import load_document
from pamphlet.context import BuildContext
from pamphlet.editions.epub_pages import page_targets
from pamphlet.errors import Warnings
from pamphlet.layout.book import book_layout
from pamphlet.layout.pagemap import END, PageStart, insert_page_break, page_break, page_map
from pamphlet.workspace import find_workspace

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"


def test_one_start_per_laid_out_page_in_the_right_parts(notes_title):
    workspace = find_workspace(notes_title.root)
    document = load_document(workspace, "notes", Warnings())
    layout = book_layout(BuildContext(workspace, document)).document
    starts = page_map(layout)
    assert [s.label for s in starts] == [str(n) for n in range(1, len(layout.pages) + 1)]
    parts = [s.part for s in starts]
    assert parts[:4] == ["cover", "colophon", "titlepage", "contents"]
    inside = parts[4:-1]  # the last page is the back cover
    assert inside == sorted(inside, key=["foreword", "main", "appendix"].index)
    for start, page in zip(starts[:-1], layout.pages, strict=False):
        assert start.anchor in page.anchors, "the page's first element is on that page"
    assert starts[-1].anchor == "", "the publisher's back cover holds no text of the book"
    continued = [s for s in starts if s.offset]
    assert all(s.anchor.startswith("p-main-") for s in continued)


def test_a_page_that_starts_inside_a_paragraph(flagship):
    """The paragraph breaker may end the notes title's pages between paragraphs; the
    flagship's pages run over inside paragraphs."""
    workspace = find_workspace(flagship.root)
    document = load_document(workspace, flagship.slug, Warnings())
    starts = page_map(book_layout(BuildContext(workspace, document)).document)
    continued = [s for s in starts if s.offset]
    assert continued, "the article runs over a page inside a paragraph"
    assert all(s.anchor.startswith(("p-article-", "p-lessons-")) for s in continued)


def parse(body: str) -> etree._Element:
    return etree.fromstring(
        f'<html xmlns="{XHTML}" xmlns:epub="{EPUB}"><body>{body}</body></html>'.encode()
    )


def marked(body: str, element_id: str, offset: int) -> str:
    root = parse(body)
    element = next(e for e in root.iter() if e.get("id") == element_id)
    insert_page_break(element, offset, page_break("7"))
    text = etree.tostring(root.find(f"{{{XHTML}}}body"), encoding="unicode")
    return text.replace(f' xmlns="{XHTML}"', "").replace(f' xmlns:epub="{EPUB}"', "")


MARK = '<span epub:type="pagebreak" role="doc-pagebreak" id="page-7" aria-label="7"/>'


def test_marker_goes_before_the_word_where_the_page_begins():
    # "Workers of the wo|rld": offset 11 is inside "world" (hyphenated over the break)
    result = marked('<p id="p">Workers of the world unite</p>', "p", 12)
    assert result == f'<body><p id="p">Workers of the {MARK}world unite</p></body>'


def test_note_references_do_not_count():
    body = '<p id="p">A note.<a epub:type="noteref" href="#n1">1</a> <em>Second</em> sentence</p>'
    result = marked(body, "p", len("Anote.Second"))
    assert f"</em> {MARK}sentence" in result
    assert f"<em>{MARK}Second" not in result
    result = marked(body, "p", len("Anote."))
    assert f"{MARK}<em>Second</em>" in result


def test_page_starting_a_paragraph_marks_inside_it_and_a_heading_before_it():
    body = '<h2 id="h">Title</h2><p id="p">Text</p>'
    assert f'<p id="p">{MARK}Text</p>' in marked(body, "p", 0)
    assert f'{MARK}<h2 id="h">' in marked(body, "h", 0)


def test_page_beyond_the_text_goes_last():
    assert marked('<section id="s"><p>Text</p></section>', "s", END).endswith(
        f"<p>Text</p>{MARK}</section></body>"
    )


def test_blank_and_print_only_pages_follow_the_page_before():
    starts = [
        PageStart("1", "cover", "cover", 0),
        PageStart("2", "contents", "contents-title", 0),
        PageStart("3", "main", "p-main-4", 120),
        PageStart("4", "", "", 0),  # blank
        PageStart("5", "back-cover", "back-cover", 0),  # printed only
    ]
    where = {"cover": "cover.xhtml", "main": "main.xhtml", "p-main-4": "main.xhtml"}
    targets = page_targets(starts, where, "cover.xhtml")
    assert [(t.file, t.anchor, t.offset) for t in targets] == [
        ("cover.xhtml", "cover", 0),
        ("nav.xhtml", "toc", 0),
        ("main.xhtml", "p-main-4", 120),
        ("main.xhtml", "", END),
        ("main.xhtml", "", END),
    ]
    assert targets[2].href == "main.xhtml#page-3"
