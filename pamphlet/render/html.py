"""The document model → (X)HTML markup, shared by every edition.

Templates lay out the pages (cover, title page, contents, parts, colophon); this module
writes the text of the parts. Editions differ only in the `Markup` settings: where a
cross-reference points, how notes appear (a floated footnote in a PDF, an EPUB 3 note
elsewhere), where images live, and whether `epub:type` attributes are written. The output
is well-formed XHTML, which is also valid HTML.

Every text block of a part gets the same id in every edition (`p-<part>-<n>`), so a place
found in one edition's layout (where a printed page begins) can be found in another's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup, escape

from pamphlet.model import (
    Block,
    Code,
    Dateline,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    NoteRef,
    Paragraph,
    Part,
    Preformatted,
    Quotation,
    Rule,
    SloganGroup,
    Strong,
    Text,
)


def _same_document(target: str) -> str:
    return f"#{target}"


def _image_path(image: Image) -> str:
    """The image as written in the source, relative to the title folder (the base URL of the
    paged editions): no absolute path ever reaches an output."""
    return quote(image.source)


@dataclass
class MarkupSettings:
    """How one edition wants the text written."""

    href: Callable[[str], str] = _same_document
    image_src: Callable[[Image], str] = _image_path
    footnotes_inline: bool = True
    epub: bool = False
    back_to_text: str = "Back to text"
    page_label: str = ""  # paged editions: "p." before a cross-reference's page number


def block_ids(part: Part) -> dict[int, str]:
    """`p-<part>-<n>` for each text block of a part (paragraphs, quotations, slogan groups,
    datelines, lists), numbered in reading order; notes and headings (which have their own
    ids) are left out. Keyed by the block object's identity."""
    ids: dict[int, str] = {}

    def number(blocks: list[Block]) -> None:
        for block in blocks:
            if isinstance(block, Heading | Rule):
                continue
            ids[id(block)] = f"p-{part.id}-{len(ids) + 1}"
            if isinstance(block, Quotation):
                number(block.blocks)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    number(item)

    number(part.blocks)
    return ids


class HtmlWriter:
    """Writes parts, blocks and inlines as markup under the given settings."""

    def __init__(self, settings: MarkupSettings):
        self.settings = settings
        self._block_ids: dict[int, str] = {}
        self._labels: dict[str, str] = {}

    def _id(self, block: Block) -> str:
        block_id = self._block_ids.get(id(block))
        return f' id="{block_id}"' if block_id else ""

    def _type(self, name: str) -> str:
        return f' epub:type="{name}"' if self.settings.epub else ""

    # parts and blocks ----------------------------------------------------------------------

    def body(self, part: Part, labels: dict[str, str] | None = None) -> Markup:
        """The blocks of a part, each `##` section wrapped in its own <section>. `labels` are
        those of the part's language (a title's inside a collection), for its notes' back
        links and its cross-references' page label; default: the edition's."""
        self._block_ids = block_ids(part)
        self._labels = labels or {}
        out: list[str] = []
        open_section = False
        for block in part.blocks:
            if isinstance(block, Heading) and block.level == 2:
                if open_section:
                    out.append("</section>")
                out.append(f'<section class="section" aria-labelledby="{block.id}">')
                open_section = True
            out.append(self.block(block))
        if open_section:
            out.append("</section>")
        if not self.settings.footnotes_inline and part.notes:
            out.append(self.notes(part.notes, self._labels.get("back_to_text", "")))
        self._block_ids = {}
        self._labels = {}
        return Markup("\n".join(out))

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return (
                f'<h{block.level} id="{block.id}">{self.inlines(block.children)}</h{block.level}>'
            )
        if isinstance(block, Paragraph):
            return f"<p{self._id(block)}>{self.inlines(block.children)}</p>"
        if isinstance(block, Quotation):
            return self.quotation(block)
        if isinstance(block, Dateline):
            text = self.inlines(block.children)
            if block.date:
                text = f'<time datetime="{block.date.isoformat()}">{text}</time>'
            return f'<footer class="dateline"{self._id(block)}><p>{text}</p></footer>'
        if isinstance(block, SloganGroup):
            slogans = "".join(f'<p class="slogan">{self.inlines(s)}</p>' for s in block.slogans)
            return f'<div class="slogan-group"{self._id(block)}>{slogans}</div>'
        if isinstance(block, ListBlock):
            tag = "ol" if block.ordered else "ul"
            items = "".join(
                f"<li>{''.join(self.block(b) for b in item)}</li>" for item in block.items
            )
            return f"<{tag}{self._id(block)}>{items}</{tag}>"
        if isinstance(block, Preformatted):
            return f"<pre{self._id(block)}>{escape(block.text)}</pre>"
        if isinstance(block, Rule):
            return '<hr class="break"/>'
        raise TypeError(f"unknown block {block!r}")

    def quotation(self, quote: Quotation) -> str:
        inner = "\n".join(self.block(b) for b in quote.blocks)
        if quote.source is None:
            return f"<blockquote{self._id(quote)}>{inner}</blockquote>"
        return (
            f'<figure class="quotation"{self._id(quote)}><blockquote>{inner}</blockquote>'
            f"<figcaption><cite>—{self.inlines(quote.source)}</cite></figcaption></figure>"
        )

    # notes ---------------------------------------------------------------------------------

    def notes(self, notes: list[Note], back_to_text: str = "") -> str:
        """EPUB 3 notes after the part's text: each an <aside> linking back to its reference."""
        back_to_text = back_to_text or self.settings.back_to_text
        asides = []
        for note in notes:
            paragraphs = [self.block(b) for b in note.blocks] or ["<p></p>"]
            backlink = (
                f'<a class="backlink" href="#{note.ref_id}" role="doc-backlink" '
                f'aria-label="{escape(back_to_text)}">{note.number}.</a> '
            )
            first = paragraphs[0]
            paragraphs[0] = (
                first[:3] + backlink + first[3:]
                if first.startswith("<p>")
                else (f"<p>{backlink}</p>{first}")
            )
            asides.append(
                f'<aside id="{note.id}" class="note"{self._type("footnote")} '
                f'role="doc-footnote">{"".join(paragraphs)}</aside>'
            )
        return f'<div class="notes">{"".join(asides)}</div>'

    def footnote(self, note: Note) -> str:
        """A PDF footnote, floated to the foot of the page where it is referenced."""
        parts = []
        for index, block in enumerate(note.blocks):
            inner = self.block(block)
            if inner.startswith("<p>"):
                inner = inner[3:-4]
            css_class = "footnote-paragraph" if index else "footnote-first"
            parts.append(f'<span class="{css_class}">{inner}</span>')
        return f'<span class="footnote" id="{note.id}">{"".join(parts)}</span>'

    # inlines -------------------------------------------------------------------------------

    def inlines(self, nodes: list[Inline] | None) -> str:
        return "".join(self.inline(node) for node in nodes or [])

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return str(escape(node.text))
        if isinstance(node, Emphasis):
            return f"<em>{self.inlines(node.children)}</em>"
        if isinstance(node, Strong):
            return f"<strong>{self.inlines(node.children)}</strong>"
        if isinstance(node, Code):
            return f"<code>{escape(node.text)}</code>"
        if isinstance(node, LineBreak):
            return "<br/>"
        if isinstance(node, Link):
            href = node.target if node.external else self.settings.href(node.target)
            css = "external" if node.external else "xref"
            page = ""
            if self.settings.page_label and not node.external:
                label = self._labels.get("page_abbreviation") or self.settings.page_label
                page = f' data-page-label="{escape(label)}"'
            return f'<a class="{css}" href="{escape(href)}"{page}>{self.inlines(node.children)}</a>'
        if isinstance(node, NoteRef):
            return self.note_ref(node.note)
        if isinstance(node, Image):
            return f'<img src="{escape(self.settings.image_src(node))}" alt="{escape(node.alt)}"/>'
        raise TypeError(f"unknown inline {node!r}")

    def note_ref(self, note: Note) -> str:
        if self.settings.footnotes_inline:
            return self.footnote(note)
        return (
            f'<a class="noteref" id="{note.ref_id}" href="{self.settings.href(note.id)}"'
            f'{self._type("noteref")} role="doc-noteref">{note.number}</a>'
        )
