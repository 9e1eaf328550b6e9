"""The document model: a title's parts, sections, notes and blocks, parsed once and read by
every edition.

Blocks and inlines are small dataclasses; editions never look at Markdown again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pamphlet.manifest import Manifest

# --- inline content -------------------------------------------------------------------------


@dataclass
class Text:
    text: str


@dataclass
class Emphasis:
    children: list[Inline]


@dataclass
class Strong:
    children: list[Inline]


@dataclass
class Code:
    text: str


@dataclass
class LineBreak:
    pass


@dataclass
class Link:
    """A link: `target` is an id in this title (a cross-reference) or an external URL."""

    target: str
    children: list[Inline]
    external: bool = False
    line: int = 0


@dataclass
class NoteRef:
    note: Note


@dataclass
class Image:
    """An image in the title's folder; `path` is checked to stay inside it."""

    path: Path
    alt: str
    source: str


Inline = Text | Emphasis | Strong | Code | LineBreak | Link | NoteRef | Image

# --- blocks ---------------------------------------------------------------------------------


@dataclass
class Heading:
    level: int
    id: str
    children: list[Inline]
    line: int


@dataclass
class Paragraph:
    children: list[Inline]
    line: int


@dataclass
class Quotation:
    """A block quotation; `source` is its attribution line (author, work, date), if any."""

    blocks: list[Block]
    source: list[Inline] | None
    line: int


@dataclass
class Dateline:
    children: list[Inline]
    date: date | None
    line: int


@dataclass
class SloganGroup:
    slogans: list[list[Inline]]
    line: int


@dataclass
class ListBlock:
    ordered: bool
    items: list[list[Block]]
    line: int


@dataclass
class Preformatted:
    text: str
    line: int


@dataclass
class Rule:
    line: int


Block = Heading | Paragraph | Quotation | Dateline | SloganGroup | ListBlock | Preformatted | Rule

# --- notes, parts, the whole title -----------------------------------------------------------


@dataclass
class Note:
    """A footnote: numbered within its part; `id` is unique in the title."""

    id: str
    number: int
    label: str
    blocks: list[Block] = field(default_factory=list)
    line: int = 0

    @property
    def ref_id(self) -> str:
        return f"{self.id}-ref"


@dataclass
class Part:
    """One source file in a role: the article, an appendix, the slogans."""

    id: str
    role: str
    title: list[Inline]
    blocks: list[Block]
    notes: list[Note]
    source: Path

    @property
    def title_text(self) -> str:
        return plain_text(self.title)

    @property
    def sections(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level == 2]

    @property
    def slogans(self) -> list[str]:
        return [plain_text(s) for b in self.blocks if isinstance(b, SloganGroup) for s in b.slogans]


@dataclass
class Document:
    """A title, ready for any edition."""

    manifest: Manifest
    parts: list[Part]

    @property
    def language(self) -> str:
        return self.manifest.language

    @property
    def slogans(self) -> list[str]:
        return [s for part in self.parts for s in part.slogans]

    def images(self) -> list[Image]:
        found = {
            n.path: n for part in self.parts for n in walk(part.blocks) if isinstance(n, Image)
        }
        return [found[path] for path in sorted(found)]

    @property
    def cover_slogan(self) -> str:
        return self.manifest.cover_slogan or next(iter(self.slogans), "")


def plain_text(inlines: list[Inline] | None) -> str:
    """The text of inline content, without markup (for metadata, TOC entries, bookmarks)."""
    out: list[str] = []
    for node in inlines or []:
        if isinstance(node, Text | Code):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append(" ")
        elif isinstance(node, Emphasis | Strong | Link):
            out.append(plain_text(node.children))
        elif isinstance(node, Image):
            out.append(node.alt)
    return "".join(out)


def walk(nodes: list) -> Iterator[object]:
    """Every block and inline under `nodes`, depth first (quotations, lists, notes, links)."""
    for node in nodes:
        yield node
        if isinstance(node, NoteRef):
            yield from walk(node.note.blocks)
            continue
        for attribute in ("children", "blocks", "source", "items", "slogans"):
            value = getattr(node, attribute, None)
            if isinstance(value, list):
                yield from walk(value)
