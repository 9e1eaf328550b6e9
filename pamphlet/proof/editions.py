"""The words of each built edition, in segments the proof aligns one by one: a PDF page (each
half of a sheet that holds two pages, as a booklet's does), or in an EPUB or web page, each
part's section and, apart, everything around the parts. Segments are aligned separately, so
the order of pages (a booklet's, or slogans moved to the back cover) does not matter."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from pamphlet.errors import BuildError
from pamphlet.proof.words import Word, words

_XHTML = "{http://www.w3.org/1999/xhtml}"
_SKIPPED = {"script", "style", "head", "title", "template"}


@dataclass
class Segment:
    """Words read together: `outside_parts` when they are the edition's own matter (around
    the parts of an EPUB or web page), which must all be generated."""

    words: list[Word]
    outside_parts: bool = False


@dataclass
class EditionText:
    """An edition's words: its segments, and for each place index what a person would look
    for ("p. 7", "sheet side 3 left", "text/article.xhtml:31", "line 598")."""

    path: Path
    segments: list[Segment] = field(default_factory=list)
    places: list[str] = field(default_factory=list)

    def place(self, label: str) -> int:
        self.places.append(label)
        return len(self.places) - 1


def read_edition(path: Path, part_ids: set[str], portrait_trim: bool) -> EditionText:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return read_pdf(path, portrait_trim)
    if suffix == ".epub":
        return read_epub(path, part_ids)
    return read_web(path, part_ids)


# --- PDF ------------------------------------------------------------------------------------


def read_pdf(path: Path, portrait_trim: bool) -> EditionText:
    """Each page's text layer; a landscape sheet of a portrait title holds two pages side by
    side (an imposed booklet), read as two."""
    import pypdfium2 as pdfium

    text = EditionText(path)
    document = pdfium.PdfDocument(path)
    try:
        for number in range(len(document)):
            page = document[number]
            width, height = page.get_size()
            textpage = page.get_textpage()
            if portrait_trim and width > height:
                halves = [("left", 0, width / 2), ("right", width / 2, width)]
                for side, left, right in halves:
                    where = text.place(f"sheet side {number + 1} {side}")
                    found = textpage.get_text_bounded(left=left, bottom=0, right=right, top=height)
                    text.segments.append(Segment(words(found, where)))
            else:
                where = text.place(f"p. {number + 1}")
                text.segments.append(Segment(words(textpage.get_text_range(), where)))
    finally:
        document.close()
    return text


# --- EPUB and web ---------------------------------------------------------------------------


def read_epub(path: Path, part_ids: set[str]) -> EditionText:
    """The documents of the spine, in reading order."""
    text = EditionText(path)
    with zipfile.ZipFile(path) as book:
        container = etree.fromstring(book.read("META-INF/container.xml"))
        rootfile = container.find(".//{*}rootfile")
        opf_name = rootfile.get("full-path") if rootfile is not None else None
        if not opf_name:
            raise BuildError(
                path,
                None,
                "META-INF/container.xml names no package document",
                "build the EPUB again with `pamphlet build`",
            )
        opf = etree.fromstring(book.read(opf_name))
        base = opf_name.rsplit("/", 1)[0] + "/" if "/" in opf_name else ""
        items = {i.get("id"): i.get("href", "") for i in opf.iter("{*}item")}
        for ref in opf.iter("{*}itemref"):
            name = base + items[ref.get("idref")]
            root = etree.fromstring(book.read(name), etree.XMLParser(resolve_entities=False))
            _read_document(text, root, name.removeprefix(base), part_ids)
    return text


def read_web(path: Path, part_ids: set[str]) -> EditionText:
    text = EditionText(path)
    root = lxml_html.document_fromstring(path.read_bytes())
    _read_document(text, root, "line ", part_ids)
    return text


def _read_document(text: EditionText, root, name: str, part_ids: set[str]) -> None:
    """Each part's element (its id is the part's) is a segment; the rest of the document is
    one more, of the edition's own matter."""
    around = Segment([], outside_parts=True)
    _walk(text, root, name, part_ids, around)
    if around.words:
        text.segments.append(around)


def _walk(text: EditionText, element, name: str, part_ids: set[str], into: Segment) -> None:
    """The words under `element`, in reading order, into `into`; a part's element starts a
    segment of its own."""
    tag = _tag(element)
    if tag in _SKIPPED:
        return
    if element.get("id") in part_ids and tag in ("section", "div", "article"):
        into = Segment([])
        text.segments.append(into)
    if element.text and element.text.strip():
        into.words += words(element.text, _line_place(text, name, element))
    for child in element:
        if isinstance(child.tag, str):
            _walk(text, child, name, part_ids, into)
        if child.tail and child.tail.strip():
            into.words += words(child.tail, _line_place(text, name, child))


def _tag(element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.removeprefix(_XHTML).lower()


def _line_place(text: EditionText, name: str, element) -> int:
    separator = "" if name.endswith(" ") else ":"
    label = f"{name}{separator}{element.sourceline}" if element.sourceline else name
    if text.places and text.places[-1] == label:
        return len(text.places) - 1
    return text.place(label)
