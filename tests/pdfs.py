"""Reading built PDFs in tests: text per page, outlines, links, fonts."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pypdf import PdfReader


def normalize(text: str) -> str:
    """Text as extracted, with hyphenation at line ends undone and whitespace collapsed."""
    text = text.replace("\u00ad", "")
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


def page_texts(path: Path) -> list[str]:
    return [normalize(page.extract_text() or "") for page in PdfReader(path).pages]


def body_texts(path: Path, margin: float = 54.0) -> list[str]:
    """Page texts without running heads and folios: text within `margin` points of the
    top or bottom of the trim is left out."""
    texts = []
    for page in PdfReader(path).pages:
        box = page.trimbox
        low, high = float(box.bottom) + margin, float(box.top) - margin
        parts: list[str] = []

        def keep(text: str, cm, tm, font, size, parts=parts, low=low, high=high) -> None:
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if low <= y <= high or not text.strip():
                parts.append(text)

        page.extract_text(visitor_text=keep)
        texts.append(normalize("".join(parts)))
    return texts


def full_text(path: Path) -> str:
    return " ".join(page_texts(path))


def page_of(texts: list[str], needle: str, start: int = 0) -> int:
    """Index of the first page at or after `start` containing `needle`."""
    for index in range(start, len(texts)):
        if needle in texts[index]:
            return index
    raise AssertionError(f"{needle!r} is on no page")


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page index) of every bookmark, in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, str(item.title), reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def internal_links(path: Path) -> list[tuple[int, int]]:
    """(page with the link, page it leads to) for every internal link annotation."""
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    named = {}
    if "/Names" in pdf.Root and "/Dests" in pdf.Root.Names:
        tree = pikepdf.NameTree(pdf.Root.Names.Dests)
        named = {str(k): v for k, v in tree.items()}
    links = []
    for index, page in enumerate(pdf.pages):
        for annot in page.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot.A.get("/S") == "/GoTo":
                dest = annot.A.D
            if dest is None:
                continue
            if isinstance(dest, (pikepdf.String, pikepdf.Name)):
                dest = named[str(dest).lstrip("/")]
            if isinstance(dest, pikepdf.Dictionary):
                dest = dest.D
            links.append((index, pages[dest[0].objgen]))
    return links


def fonts(path: Path) -> list[tuple[str, bool]]:
    """(base font name, embedded?) for every font used on any page."""
    pdf = pikepdf.open(path)
    result = {}
    for page in pdf.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", {})
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            result[str(font.BaseFont)] = embedded
    return sorted(result.items())


def content_and_artifacts(path: Path) -> list[tuple[str, str]]:
    """Per page, (content, artifacts): the text pypdf extracts inside marked-content
    sequences tagged /Artifact, and all the rest, each as extracted (not normalized)."""
    pages = []
    for page in PdfReader(path).pages:
        marks: list[str] = []
        content: list[str] = []
        artifacts: list[str] = []

        def before(operator: bytes, operands: list, cm, tm, marks=marks) -> None:
            if operator in (b"BDC", b"BMC"):
                marks.append(str(operands[0]))
            elif operator == b"EMC" and marks:
                marks.pop()

        def text(chunk: str, cm, tm, font, size, marks=marks, c=content, a=artifacts) -> None:
            (a if "/Artifact" in marks else c).append(chunk)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append(("".join(content), "".join(artifacts)))
    return pages
