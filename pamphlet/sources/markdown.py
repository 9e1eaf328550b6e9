"""Markdown parts → the document model.

CommonMark (markdown-it-py) with footnotes and `{.class}`/`{#id}` block attributes. House
conventions, documented in README:

- the part's `# Heading` is its title; `##` headings are sections with stable ids;
- a block quotation whose last paragraph starts with an em dash has that line as its source;
- a paragraph marked `{.dateline}` is the dateline;
- in a `slogans` part each line is a slogan and each paragraph a group of slogans;
- `[text](#id)` is a cross-reference to a part, section or note of the same title;
- `<!-- ... -->` is an editor's comment and is dropped; any other raw HTML is an error.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from pamphlet.coverage import check_coverage
from pamphlet.errors import SourceError, Warnings
from pamphlet.images import image_problem
from pamphlet.limits import reading
from pamphlet.manifest import Manifest, PartSpec
from pamphlet.manifest.editorial import placeholder_problems
from pamphlet.manifest.files import read_source
from pamphlet.model import (
    Block,
    Code,
    Dateline,
    Document,
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
    plain_text,
)
from pamphlet.sandbox import LINK_OUTSIDE, MISSING, OUTSIDE, path_refusal
from pamphlet.sources.datelines import parse_dateline
from pamphlet.sources.ids import Ids, slugify
from pamphlet.typography import quotes_for, refine

EXTERNAL_SCHEMES = ("https://", "http://", "mailto:")
SOURCE_DASHES = ("—", "–", "―")
_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.DOTALL)
_MISSING_NOTE = re.compile(r"\[\^([^\]\s]+)\]")
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_REFUSED_SCHEME = re.compile(r"^\s*(file|javascript|vbscript|data):", re.IGNORECASE)
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


class _EveryLink(MarkdownIt):
    """markdown-it leaves a link it finds unsafe (file:, javascript:) as plain text, in every
    form (inline, reference, autolink): let it through, for the link rules to refuse it."""

    def validateLink(self, url: str) -> bool:
        return True


def markdown_parser(language: str, quotes: str = "") -> MarkdownIt:
    """The Markdown dialect of sources, with the quotation marks `quotes` (default: those of
    `language`)."""
    options = {"typographer": True, "html": True, "quotes": quotes or quotes_for(language)}
    parser = _EveryLink("commonmark", options).enable(["replacements", "smartquotes"])
    return parser.use(footnote_plugin).use(attrs_block_plugin)


class _PartReader:
    """Turns one part's syntax tree into model blocks, collecting notes and links."""

    def __init__(
        self, spec: PartSpec, language: str, ids: Ids, warnings: Warnings, quotes: str = ""
    ):
        self.spec = spec
        self.path = spec.file
        self.language = language
        self.quotes = quotes
        self.ids = ids
        self.warnings = warnings
        self.notes: dict[int, Note] = {}
        self.referenced: set[int] = set()
        self.links: list[Link] = []
        self.last_heading_level = 1

    def fail(self, line: int | None, what: str, fix: str) -> SourceError:
        return SourceError(self.path, line, what, fix)

    # blocks ------------------------------------------------------------------------------

    def read(self, text: str) -> Part:
        if not text.strip():
            raise self.fail(
                1, "the part is empty", "write its text, or remove it from the manifest's [[parts]]"
            )
        parser = markdown_parser(self.language, self.quotes)
        tree = SyntaxTreeNode(parser.parse(text))
        self.check_nesting(tree, parser.options["maxNesting"])
        title: list[Inline] = []
        blocks: list[Block] = []
        nodes = list(tree.children)
        footnote_blocks = [n for n in nodes if n.type == "footnote_block"]
        for block in footnote_blocks:
            self.read_notes(block)
        for node in nodes:
            if node.type == "footnote_block":
                continue
            if node.type == "heading" and node.tag == "h1":
                if title or blocks:
                    raise self.fail(
                        self.line(node),
                        "a part has one '# ' title, at its top",
                        "make this heading '## ' (a section) or move it to the top",
                    )
                title = self.inlines(node.children[0], self.line(node))
                continue
            blocks += self.block(node, top=True)
        title = self.part_title(title)
        self.warn_unused_notes(text)
        notes = sorted(self.notes.values(), key=lambda note: note.number)
        if not blocks:
            raise self.fail(
                1,
                "the part has no text",
                "write the part's text, or remove it from the manifest's [[parts]]",
            )
        return Part(self.spec.id, self.spec.role, title, blocks, notes, self.path, self.language)

    def check_nesting(self, tree: SyntaxTreeNode, limit: int) -> None:
        """markdown-it silently drops what is nested deeper than its limit (an empty
        quotation or list at the deepest level): say so instead."""
        stack = [(0, child, child) for child in tree.children]
        while stack:
            depth, node, top = stack.pop()
            if depth + 1 >= limit and node.is_nested and not node.children:
                raise self.fail(
                    self.line(top),
                    "quotations or lists are nested so deeply here that the innermost text "
                    "would be lost",
                    "nest them less deeply",
                )
            stack += [(depth + 1, child, top) for child in node.children if child.type != "inline"]

    def part_title(self, title: list[Inline]) -> list[Inline]:
        if self.spec.title:
            return [Text(self.spec.title)]
        if not title and self.spec.role != "slogans":
            raise self.fail(
                1,
                "the part has no title",
                "start the file with a '# Title' line, or set title in [[parts]]",
            )
        return title

    def line(self, node: SyntaxTreeNode) -> int:
        return node.map[0] + 1 if node.map else 0

    def block(self, node: SyntaxTreeNode, top: bool = False) -> list[Block]:
        line = self.line(node)
        kind = node.type
        if kind == "heading":
            return [self.heading(node, line, top)]
        if kind == "paragraph":
            return [self.paragraph(node, line)]
        if kind == "blockquote":
            return [self.quotation(node, line)]
        if kind in ("bullet_list", "ordered_list"):
            items = [
                [b for child in item.children for b in self.block(child)] for item in node.children
            ]
            return [ListBlock(kind == "ordered_list", items, line)]
        if kind in ("fence", "code_block"):
            return [Preformatted(node.content.rstrip("\n"), line)]
        if kind == "hr":
            return [Rule(line)]
        if kind == "html_block":
            if _COMMENT.match(node.content):
                return []
            raise self.fail(
                line,
                "raw HTML is not allowed in sources",
                "write it in Markdown, or make it a comment <!-- ... -->",
            )
        raise self.fail(line, f"unsupported Markdown ({kind})", "rewrite it as plain paragraphs")

    def heading(self, node: SyntaxTreeNode, line: int, top: bool) -> Block:
        level = int(node.tag[1])
        inlines = self.inlines(node.children[0], line)
        if not top:
            return Paragraph([Strong(inlines)], line)
        if level > self.last_heading_level + 1:
            raise self.fail(
                line,
                f"heading level jumps from {self.last_heading_level} to {level}",
                f"use {'#' * (self.last_heading_level + 1)} for this heading",
            )
        self.last_heading_level = level
        explicit = "id" in node.attrs
        wanted = str(node.attrs["id"]) if explicit else slugify(plain_text(inlines))
        return Heading(level, self.ids.claim(wanted, self.path, line, explicit), inlines, line)

    def paragraph(self, node: SyntaxTreeNode, line: int) -> Block:
        classes = str(node.attrs.get("class", "")).split()
        inlines = self.inlines(node.children[0], line)
        if "dateline" in classes:
            when = parse_dateline(plain_text(inlines), self.language)
            if when is None:
                self.warnings.add(
                    self.path,
                    line,
                    "the dateline has no date pamphlet can read",
                    'write it like "November 28, 2003"',
                )
            return Dateline(inlines, when, line)
        if self.spec.role == "slogans":
            return SloganGroup(_split_lines(inlines), line)
        return Paragraph(inlines, line)

    def quotation(self, node: SyntaxTreeNode, line: int) -> Block:
        children = [child for child in node.children]
        source = None
        last = children[-1] if children else None
        if (
            last is not None
            and last.type == "paragraph"
            and last.children[0].content.lstrip().startswith((*SOURCE_DASHES, "--"))
        ):
            source = _strip_leading_dash(self.inlines(last.children[0], self.line(last)))
            children = children[:-1]
        blocks = [b for child in children for b in self.block(child)]
        if not blocks:
            raise self.fail(
                line,
                "the quotation has a source but no text" if source else "the quotation is empty",
                "put the quoted text above the '— source' line"
                if source
                else "write the quoted text after '> ', or remove the '>' line",
            )
        return Quotation(blocks, source, line)

    # inlines -----------------------------------------------------------------------------

    def inlines(self, node: SyntaxTreeNode, line: int) -> list[Inline]:
        out: list[Inline] = []
        self._line = line
        for child in node.children:
            out += self.inline(child)
        return _merge_text(out)

    def inline(self, node: SyntaxTreeNode) -> list[Inline]:
        kind = node.type
        if kind == "text":
            return [Text(self.text(node.content))]
        if kind == "softbreak":
            self._line += 1
            return [LineBreak()] if self.spec.role == "slogans" else [Text(" ")]
        if kind == "hardbreak":
            self._line += 1
            return [LineBreak()]
        if kind == "em":
            return [Emphasis(self.children(node))]
        if kind == "strong":
            return [Strong(self.children(node))]
        if kind == "code_inline":
            return [Code(node.content)]
        if kind == "link":
            return [self.link(node)]
        if kind == "image":
            return [self.image(node)]
        if kind == "footnote_ref":
            return [self.note_ref(node)]
        if kind == "html_inline":
            if _COMMENT.match(node.content):
                return []
            raise self.fail(
                self._line,
                "raw HTML is not allowed in sources",
                "write it in Markdown (*italic*, **bold**) instead",
            )
        raise self.fail(self._line, f"unsupported Markdown ({kind})", "rewrite it as plain text")

    def children(self, node: SyntaxTreeNode) -> list[Inline]:
        out: list[Inline] = []
        for child in node.children:
            out += self.inline(child)
        return _merge_text(out)

    def text(self, content: str) -> str:
        missing = _MISSING_NOTE.search(content)
        if missing:
            raise self.fail(
                self._line,
                f"footnote [^{missing[1]}] has no note",
                f"add a line '[^{missing[1]}]: The note.' at the end of the part",
            )
        return refine(content, self.language)

    def link(self, node: SyntaxTreeNode) -> Inline:
        href = str(node.attrs.get("href", ""))
        children = self.children(node)
        if href.startswith("#") and len(href) > 1:
            link = Link(href[1:], children, external=False, line=self._line)
            self.links.append(link)
            return link
        if href.lower().startswith(EXTERNAL_SCHEMES):
            return Link(href, children, external=True, line=self._line)
        self.refuse_scheme(href)
        raise self.fail(
            self._line,
            f'link to "{href}" is neither a web address nor a #id',
            "link to https://… or to #id of a part or section of this title",
        )

    def refuse_scheme(self, address: str) -> None:
        """A link or image naming a local file or running code, in whatever Markdown form."""
        if _REFUSED_SCHEME.match(unquote(address).strip()):
            shown = address if len(address) <= 60 else address[:57] + "…"
            raise self.fail(
                self._line,
                f'the address "{shown}" is not allowed in a link or an image',
                "link to https://… or #id; images are files in the title folder",
            )

    def image(self, node: SyntaxTreeNode) -> Inline:
        written = str(node.attrs.get("src", ""))
        self.refuse_scheme(written)
        src = unquote(written)  # markdown-it percent-encodes spaces and non-ASCII letters
        alt = plain_text(self.children(node))
        folder = self.path.parent.resolve()
        shown = src if len(src) <= 80 else src[:77] + "…"
        reason = None if not _URL_SCHEME.match(src) else OUTSIDE
        reason = reason or path_refusal(folder / src, (folder,))
        if reason in (OUTSIDE, LINK_OUTSIDE):
            where = "is a link that leads" if reason == LINK_OUTSIDE else "is"
            raise self.fail(
                self._line,
                f'image "{shown}" {where} outside the title folder',
                f"copy the image into {folder.name}/ and link it by its file name",
            )
        if reason:
            raise self.fail(
                self._line,
                f'image "{shown}" does not exist'
                if reason == MISSING
                else f'image "{shown}": {reason}',
                f"put the file in {folder.name}/ or correct its name",
            )
        if not alt:
            raise self.fail(
                self._line,
                f'image "{shown}" has no description',
                "write one between the brackets: ![what the image shows](file)",
            )
        target = (folder / src).resolve()
        with reading(target):
            problem = image_problem(target)
        if problem:
            raise self.fail(
                self._line,
                f'image "{shown}" {problem}',
                "save it again as a PNG or JPEG of at most a few thousand pixels a side",
            )
        return Image(target, alt, src)

    def note_ref(self, node: SyntaxTreeNode) -> Inline:
        key = node.meta["id"]
        self.referenced.add(key)
        note = self.notes.get(key)
        if note is None:  # the plugin only makes refs for defined notes
            raise self.fail(self._line, "footnote reference without a note", "add the note")
        return NoteRef(note)

    # notes -------------------------------------------------------------------------------

    def read_notes(self, block: SyntaxTreeNode) -> None:
        for number, footnote in enumerate(block.children, start=1):
            key = footnote.meta["id"]
            label = str(footnote.meta.get("label", number))
            blocks_nodes = [c for c in footnote.children if c.type != "footnote_anchor"]
            line = next((self.line(c) for c in blocks_nodes if c.map), 0)
            note_id = f"note-{self.spec.id}-{slugify(label).removeprefix('s-')}"
            self.notes[key] = Note(note_id, number, label, [], line)
        for footnote in block.children:
            note = self.notes[footnote.meta["id"]]
            note.blocks = [
                b for c in footnote.children if c.type != "footnote_anchor" for b in self.block(c)
            ]

    def warn_unused_notes(self, text: str) -> None:
        """markdown-it drops notes nobody refers to; find them in the text to warn."""
        used = {note.label for note in self.notes.values()}
        for match in _NOTE_DEFINITION.finditer(text):
            if match[1] not in used:
                line = text.count("\n", 0, match.start()) + 1
                self.warnings.add(
                    self.path,
                    line,
                    f"note [^{match[1]}] is never referenced",
                    f"add [^{match[1]}] in the text or delete the note",
                )


def _split_lines(inlines: list[Inline]) -> list[list[Inline]]:
    """Slogans: one per source line (a soft break was turned into a space joining them)."""
    lines: list[list[Inline]] = [[]]
    for node in inlines:
        if isinstance(node, LineBreak):
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if plain_text(line).strip()]


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


def _strip_leading_dash(inlines: list[Inline]) -> list[Inline]:
    if inlines and isinstance(inlines[0], Text):
        text = inlines[0].text.lstrip().lstrip("".join(SOURCE_DASHES) + "-").lstrip()
        return [Text(text), *inlines[1:]] if text else inlines[1:]
    return inlines


def parse_document(
    manifest: Manifest, warnings: Warnings, taken: frozenset[str] = frozenset()
) -> Document:
    """Parse every part of a title and check its cross-references; warn about the
    placeholders `new` or `import` left (unless the title is a draft). `taken` are ids
    already used in the book (a collection's included titles): headings avoid them, links
    may lead to them."""
    for problem in placeholder_problems(manifest):
        warnings.add(problem.path, problem.line, problem.what, problem.fix)
    ids = Ids({spec.id for spec in manifest.parts} | taken)
    parts: list[Part] = []
    links: list[tuple[Path, Link]] = []
    for spec in manifest.parts:
        reader = _PartReader(spec, manifest.language, ids, warnings, manifest.quote_marks)
        with reading(spec.file):
            parts.append(reader.read(read_source(spec.file)))
        links += [(spec.file, link) for link in reader.links]
    targets = ids.used | {n.id for p in parts for n in p.notes}
    for path, link in links:
        if link.target not in targets:
            raise SourceError(
                path,
                link.line,
                f'cross-reference to "#{link.target}" leads nowhere',
                f"link to a part or section id: {', '.join(sorted(ids.used))}",
            )
    document = Document(manifest, parts)
    check_coverage(document, warnings, workspace_root=manifest.path.parent.parent.parent)
    return document
