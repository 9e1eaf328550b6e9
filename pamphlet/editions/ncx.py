"""The EPUB's NCX, the table of contents of EPUB 2 that older reading systems (Adobe's RMSDK,
many dedicated e-readers) still read instead of the nav: nested like the nav's contents,
with its depth declared (`dtb:depth`), and the print edition's page list.

ebooklib writes the NCX's head and title; its navigation map and page list are ours.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ebooklib import epub
from lxml import etree

if TYPE_CHECKING:
    from pamphlet.editions.epub_pages import PageTarget
    from pamphlet.render.navigation import NavEntry

NCX = f"{{{epub.NAMESPACES['DAISY']}}}"


def ncx(base: bytes, toc: list[NavEntry], pages: list[PageTarget], folder: str) -> bytes:
    """ebooklib's NCX `base` with a navigation map of `toc` (nested as in the nav) and a page
    list of `pages`; hrefs are relative to `folder` inside the package."""
    root = etree.fromstring(base, etree.XMLParser(remove_blank_text=True))
    nav_map = etree.Element(f"{NCX}navMap")
    root.replace(_written(root, f"{NCX}navMap"), nav_map)
    _nav_points(nav_map, toc, folder, "ncx-toc")
    _set_meta(root, "dtb:depth", depth(toc))
    if pages:
        numbers = [int(p.label) for p in pages if p.label.isdigit()]
        _set_meta(root, "dtb:totalPageCount", len(pages))
        _set_meta(root, "dtb:maxPageNumber", max(numbers, default=0))
        root.append(_page_list(pages, folder))
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)


def depth(entries: list[NavEntry]) -> int:
    """How deep the contents nest: 1 for parts only, 2 with sections, …"""
    return max((1 + depth(entry.children) for entry in entries), default=0)


def _nav_points(parent: etree._Element, entries: list[NavEntry], folder: str, prefix: str):
    for number, entry in enumerate(entries, start=1):
        point_id = f"{prefix}-{number}"
        point = etree.SubElement(parent, f"{NCX}navPoint", {"id": point_id})
        _label(point, entry.title)
        etree.SubElement(point, f"{NCX}content", {"src": folder + entry.href})
        _nav_points(point, entry.children, folder, point_id)


def _page_list(pages: list[PageTarget], folder: str) -> etree._Element:
    page_list = etree.Element(f"{NCX}pageList")
    for page in pages:
        target = etree.SubElement(
            page_list, f"{NCX}pageTarget", {"id": f"ncx-{page.id}", "type": "normal"}
        )
        if page.label.isdigit():
            target.set("value", page.label)
        _label(target, page.label)
        etree.SubElement(target, f"{NCX}content", {"src": folder + page.href})
    return page_list


def _label(parent: etree._Element, text: str) -> None:
    etree.SubElement(etree.SubElement(parent, f"{NCX}navLabel"), f"{NCX}text").text = text


def _set_meta(root: etree._Element, name: str, value: int) -> None:
    _written(root, f"{NCX}head/{NCX}meta[@name='{name}']").set("content", str(value))


def _written(root: etree._Element, path: str) -> etree._Element:
    """The element at `path`, which ebooklib writes in every NCX."""
    found = root.find(path)
    if found is None:
        raise ValueError(f"ebooklib's NCX has no {path}")
    return found
