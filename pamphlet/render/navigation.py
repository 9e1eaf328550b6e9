"""The EPUB's navigation from the contents tree (pamphlet/render/contents.py): the entries of
the nav document's table of contents and the NCX (pamphlet/editions/ncx.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

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
