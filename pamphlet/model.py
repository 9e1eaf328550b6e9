"""The document model: a title's parts, sections, notes and blocks, parsed once and read by
every edition.

Blocks and inlines are small dataclasses; editions never look at Markdown again. A collection
is a `Document` too: its `parts` are all the parts it holds in reading order (its own and
those of the titles it includes, ids made unique), and `titles` groups the included ones
under each title (`Included`), so editions that only read `parts` need not know.
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
    language: str = ""  # the language it is written in (its title's)

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
class Included:
    """A title inside a collection: its own manifest (title, author, language, series,
    rights), the id of its opening, and the parts the collection takes from it, in the
    collection's order."""

    id: str
    manifest: Manifest
    parts: list[Part]

    @property
    def language(self) -> str:
        return self.manifest.language

    @property
    def namesake(self) -> Part | None:
        """The first part when it bears the title's own name (its article): the contents and
        the bookmarks list its sections straight under the title instead of repeating it."""
        first = self.parts[0] if self.parts else None
        if first and first.role != "appendix" and first.title_text == self.manifest.title:
            return first
        return None


@dataclass
class Document:
    """A title, ready for any edition; a collection when it includes `titles`."""

    manifest: Manifest
    parts: list[Part]
    titles: list[Included] = field(default_factory=list)

    @property
    def language(self) -> str:
        return self.manifest.language

    @property
    def is_collection(self) -> bool:
        return bool(self.titles)

    def title_of(self, part: Part) -> Included | None:
        """The included title `part` belongs to; None for a title's (or collection's) own."""
        return next((t for t in self.titles if any(p is part for p in t.parts)), None)

    def opening_at(self, part: Part) -> Included | None:
        """The included title whose opening comes just before `part` (its first part)."""
        return next((t for t in self.titles if t.parts and t.parts[0] is part), None)

    @property
    def own_parts(self) -> list[Part]:
        """The parts of this manifest's own `[[parts]]` (all of them, for a plain title)."""
        return [part for part in self.parts if self.title_of(part) is None]

    def sequence(self, parts: list[Part] | None = None) -> list[Part | Included]:
        """The reading order as own parts and included titles (default: of all parts)."""
        out: list[Part | Included] = []
        for part in self.parts if parts is None else parts:
            title = self.title_of(part)
            if title is None:
                out.append(part)
            elif not out or out[-1] is not title:
                out.append(title)
        return out

    @property
    def languages(self) -> list[str]:
        """Every language of the text, the document's first."""
        found = [self.language, *(part.language for part in self.parts if part.language)]
        return list(dict.fromkeys(found))

    @property
    def folders(self) -> list[Path]:
        """The title folders the text is read from: this one, then the included titles'."""
        return [self.manifest.folder, *(title.manifest.folder for title in self.titles)]

    @property
    def slogans(self) -> list[str]:
        """The slogans of this manifest's own parts (a collection's cover and back cover are
        its own; the included titles keep their slogans inside)."""
        return [s for part in self.own_parts for s in part.slogans]

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
