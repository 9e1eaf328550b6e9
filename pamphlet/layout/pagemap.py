"""Where each printed page begins, so the EPUB can carry the print edition's page numbers.

Reading side: `page_map` walks a laid-out WeasyPrint document page by page and notes, for
each page, the innermost element with an id that holds the page's first text (a paragraph
`p-<part>-<n>`, a heading, a part) and how many characters of that element were printed on
earlier pages. Writing side: `insert_page_break` puts a marker at the same place in an
XHTML tree. Both sides count characters the same way: letters only (no white space, which
layout collapses), without note calls or notes, so the count survives the difference
between a floated PDF footnote and an EPUB note reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from weasyprint import Document as LaidOutDocument
from weasyprint.formatting_structure import boxes

END = 1 << 30  # an offset past the end of any element: "after everything in it"
XHTML = "http://www.w3.org/1999/xhtml"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


@dataclass(frozen=True)
class PageStart:
    """Where printed page `label` begins: `offset` letters into the element `anchor`, inside
    the top-level section `part` (a part, or cover, colophon, titlepage, contents). A page
    with no text of its own (blank) has empty `part` and `anchor`."""

    label: str
    part: str
    anchor: str
    offset: int


def letters(text: str) -> int:
    """The characters that count for placing a page break: all but white space."""
    return sum(not c.isspace() for c in text)


# --- reading the print layout ---------------------------------------------------------------


def page_map(document: LaidOutDocument) -> list[PageStart]:
    """One `PageStart` per page of a laid-out book, in page order. Labels are the page
    numbers as printed (`counter(page)`, which the paged styles never reset)."""
    printed: dict[str, int] = {}  # letters of each id'd element laid out so far
    starts = []
    for number, page in enumerate(document.pages, start=1):
        first = None
        for text, ids in _text_runs(page._page_box, ()):
            if first is None:
                first = PageStart(str(number), ids[0], ids[-1], printed.get(ids[-1], 0))
            for element_id in ids:
                printed[element_id] = printed.get(element_id, 0) + letters(text)
        starts.append(first or PageStart(str(number), "", "", 0))
    return starts


def _text_runs(box: boxes.Box, ids: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The text of a page's main flow in order, each with the ids of the elements holding
    it (outermost first). Running heads, folios, footnotes and generated content (note
    calls, list markers, leaders) are left out: they are not the text of the book."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox) or "::" in (box.element_tag or ""):
        return
    element_id = box.element.get("id") if box.element is not None else None
    if element_id and (not ids or ids[-1] != element_id):
        ids = (*ids, element_id)
    if isinstance(box, boxes.TextBox):
        text = box.text
        hyphen = box.style["hyphenate_character"]
        if hyphen and text.endswith(hyphen):
            text = text[: -len(hyphen)]  # added by hyphenation, not in the source
        if ids and letters(text):
            yield text, ids
        return
    if isinstance(box, boxes.ReplacedBox) and ids:
        yield "", ids  # an image: a page can begin with it
        return
    for child in getattr(box, "children", ()):
        yield from _text_runs(child, ids)


# --- writing page breaks into XHTML ---------------------------------------------------------

# Elements a marker goes before rather than into: headings (whose accessible name it would
# join), lists (which hold only items) and the nav.
MARK_BEFORE = {
    f"{{{XHTML}}}{name}" for name in ("h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "nav")
}


def page_break(label: str, id_prefix: str = "page-") -> etree._Element:
    """An EPUB 3 page-break marker, named for assistive technology."""
    marker = etree.Element(f"{{{XHTML}}}span")
    marker.set(EPUB_TYPE, "pagebreak")
    marker.set("role", "doc-pagebreak")
    marker.set("id", f"{id_prefix}{label}")
    marker.set("aria-label", label)
    return marker


def insert_page_break(element: etree._Element, offset: int, marker: etree._Element) -> None:
    """Put `marker` where `offset` letters of `element`'s text have gone by: before the word
    that holds the next letter, never inside a word. At offset 0 it is the element's first
    child (so `h2 + p`-style selectors still match), or just before a heading, list or nav;
    past the end, the element's last child."""
    if offset <= 0:
        if element.tag in MARK_BEFORE and element.getparent() is not None:
            element.addprevious(marker)
        else:
            _insert_into_text(element, "text", 0, marker)
        return
    seen = 0
    for node, attribute, text in _text_nodes(element):
        count = letters(text)
        if seen + count <= offset:
            seen += count
            continue
        index = _index_of_letter(text, offset - seen)
        while index > 0 and not text[index - 1].isspace():
            index -= 1  # back to the start of the word
        if index == 0 and attribute == "text" and node is not element:
            # the page begins with an element (a quotation's source): mark before it
            while (parent := node.getparent()) is not None and parent is not element:
                if not _opens_parent(node):
                    break
                node = parent
            node.addprevious(marker)
        else:
            _insert_into_text(node, attribute, index, marker)
        return
    element.append(marker)


def _opens_parent(node: etree._Element) -> bool:
    parent = node.getparent()
    return parent is not None and not (parent.text or "").strip() and parent.index(node) == 0


def _text_nodes(element: etree._Element) -> Iterator[tuple[etree._Element, str, str]]:
    """(node, "text" or "tail", string) for the text inside `element`, in reading order,
    skipping note references (absent from the print text, where notes are floated)."""
    if element.text:
        yield element, "text", element.text
    for child in element:
        if not isinstance(child.tag, str):  # comments, processing instructions
            pass
        elif child.get(EPUB_TYPE) != "noteref":
            yield from _text_nodes(child)
        if child.tail:
            yield child, "tail", child.tail


def _index_of_letter(text: str, wanted: int) -> int:
    """Index in `text` of the letter (non-space character) numbered `wanted`, from 0."""
    seen = 0
    for index, character in enumerate(text):
        if not character.isspace():
            if seen == wanted:
                return index
            seen += 1
    return len(text)


def _insert_into_text(
    node: etree._Element, attribute: str, index: int, marker: etree._Element
) -> None:
    text = getattr(node, attribute) or ""
    marker.tail = text[index:] or None
    setattr(node, attribute, text[:index] or None)
    if attribute == "text":
        node.insert(0, marker)
    else:
        node.addnext(marker)
