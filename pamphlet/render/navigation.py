"""The EPUB's navigation from the contents tree (pamphlet/render/contents.py): the entries of
the nav document's table of contents, and the same tree as ebooklib wants it for the NCX."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ebooklib import epub
from lxml import etree

from pamphlet.render.contents import Entry


@dataclass
class NavEntry:
    """One line of the navigation: its text, where it leads, its language and its lines."""

    title: str
    href: str
    children: list[NavEntry] = field(default_factory=list)
    language: str = ""


def navigation(entries: list[Entry], href: Callable[[str], str]) -> list[NavEntry]:
    """The contents as navigation; `href` is where an id is (its document and fragment)."""
    return [
        NavEntry(entry.text, href(entry.target), navigation(entry.children, href), entry.language)
        for entry in entries
    ]


def ncx_toc(entries: list[NavEntry]) -> list:
    """The navigation for the NCX, as ebooklib writes it: links, and sections with the
    links under them."""
    out: list = []
    for entry in entries:
        if entry.children:
            section = epub.Section(entry.title, f"text/{entry.href}")
            out.append((section, ncx_toc(entry.children)))
        else:
            out.append(epub.Link(f"text/{entry.href}", entry.title, "toc"))
    return out


def number_nav_points(parent: etree._Element, ncx: str, prefix: str = "toc") -> int:
    """Give the NCX's navPoints under `parent` ids from their place ("toc-1-0": the first
    under the second), instead of ebooklib's; the depth of the tree."""
    depth = 0
    for index, point in enumerate(parent.findall(f"{ncx}navPoint")):
        point.set("id", f"{prefix}-{index}")
        depth = max(depth, 1 + number_nav_points(point, ncx, f"{prefix}-{index}"))
    return depth
