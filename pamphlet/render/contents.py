"""The contents as a tree, shared by the printed contents (contents.html.j2) and the EPUB's
navigation: parts with their sections; in a collection, each included title with its parts
and their sections under it, every line in the language it is written in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pamphlet.model import Document, Included, Inline, Part, Text, plain_text


@dataclass
class Entry:
    """One line of the contents: the id it leads to, its words, its kind ("title", a part's
    role, "section"), its language, the label set before it ("Appendix", in its language)
    and the lines under it."""

    target: str
    title: list[Inline]
    kind: str
    language: str
    label: str = ""
    children: list[Entry] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The line as plain text, label included (the EPUB's nav and NCX)."""
        title = plain_text(self.title)
        return f"{self.label}: {title}" if self.label else title

    @property
    def css_class(self) -> str:
        if self.kind == "title":
            return "contents-book"
        if self.kind == "section":
            return "contents-section"
        return f"contents-part contents-{self.kind}"


def contents(
    document: Document,
    labels_in: Callable[[str], dict[str, str]],
    parts: list[Part] | None = None,
) -> list[Entry]:
    """The contents of `document` in the order of `parts` (default: the reading order);
    `labels_in` gives the labels of a language. Parts without a title are left out."""
    entries = []
    for item in document.sequence(parts):
        if isinstance(item, Included):
            entries.append(_title_entry(item, labels_in))
        elif item.title:
            entries.append(_part_entry(item, labels_in(item.language or document.language)))
    return entries


def _part_entry(part: Part, labels: dict[str, str]) -> Entry:
    sections = [
        Entry(section.id, section.children, "section", part.language) for section in part.sections
    ]
    label = labels["appendix"] if part.role == "appendix" else ""
    return Entry(part.id, part.title, part.role, part.language, label, sections)


def _title_entry(title: Included, labels_in: Callable[[str], dict[str, str]]) -> Entry:
    """An included title with its parts under it; the sections of its namesake part (its
    article) straight under it."""
    labels = labels_in(title.language)
    parts = []
    for part in title.parts:
        if part is title.namesake:
            parts += _part_entry(part, labels).children
        elif part.title:
            parts.append(_part_entry(part, labels))
    return Entry(title.id, [Text(title.manifest.title)], "title", title.language, "", parts)
