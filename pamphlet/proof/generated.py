"""What an edition prints that is not the publisher's text: the generated matter.

Derived, never listed by hand: the page templates rendered for this title with the parts'
text left out (cover, title page, contents, colophon, part labels, back cover), every label
of the title's language with the title's values put in, the headings (running heads,
contents, navigation), the manifest's values, and the strings of `content:` in the
stylesheets (leaders, separators). A run of words the original does not have is
generated when it is a sequence of these phrases and numbers (folios, note and page numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import tinycss2
from lxml import html as lxml_html
from markupsafe import Markup

from pamphlet.fonts import FAMILY
from pamphlet.labels import labels as labels_for
from pamphlet.model import Document, Link, Part, plain_text, walk
from pamphlet.proof.words import is_number, keys, spaceless
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.templates import context as template_context
from pamphlet.render.templates import environment, publication_markup
from pamphlet.workspace import Workspace

LONGEST = 80  # words in one generated phrase: more is never one phrase
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class _WithoutText(HtmlWriter):
    """Writes no part text: what the templates print around it is what is left."""

    def body(self, part: Part, labels: dict[str, str] | None = None) -> Markup:
        return Markup("")


@dataclass
class Generated:
    """The generated phrases of one title, as key strings run together; what may stand inside
    the running text: note numbers, and what follows a cross-reference (its page number)."""

    phrases: set[str] = field(default_factory=set)
    note_numbers: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)  # cross-references' texts, run together
    any_number: bool = True  # folios and page numbers: any number; else note numbers only
    longest: int = 0  # characters of the longest phrase

    def inside(self, before: list[str]) -> Generated:
        """What is generated in the middle of the running text, after the words `before`."""
        joined = spaceless(before)
        if any(joined.endswith(reference) for reference in self.references if reference):
            return Generated(self.phrases, self.note_numbers, longest=self.longest)
        return Generated(set(), self.note_numbers, any_number=False)

    def add(self, text: str) -> None:
        run = spaceless(keys(text))
        if run:
            self.phrases.add(run)
            self.longest = max(self.longest, len(run))

    def number(self, word_key: str) -> bool:
        return is_number(word_key) if self.any_number else word_key in self.note_numbers

    def ends(self, run: list[str], start: int):
        """Where a generated phrase or number starting at `start` may end."""
        if self.number(run[start]):
            yield start + 1
        joined = ""
        for end in range(start + 1, min(len(run), start + LONGEST) + 1):
            joined += run[end - 1]
            if len(joined) > self.longest:
                return
            if joined in self.phrases:
                yield end

    def explains(self, run: list[str]) -> bool:
        """Whether a run of word keys is made of generated phrases and numbers only (giving
        up at the first word no phrase reaches)."""
        reachable = {0}
        for start in range(len(run)):
            if start in reachable:
                reachable.update(self.ends(run, start))
            elif not any(position > start for position in reachable):
                return False
        return len(run) in reachable

    def unexplained(self, run: list[str]) -> list[int]:
        """The fewest positions of `run` that generated phrases and numbers cannot account
        for (dynamic programming over where phrases start and end)."""
        best: list[list[int] | None] = [None] * (len(run) + 1)
        best[0] = []
        for start in range(len(run)):
            done = best[start]
            if done is None:
                continue
            _offer(best, start + 1, [*done, start])
            for end in self.ends(run, start):
                _offer(best, end, done)
        return best[len(run)] or []


def _offer(best: list[list[int] | None], at: int, left: list[int]) -> None:
    known = best[at]
    if known is None or len(left) < len(known):
        best[at] = left


def generated_matter(workspace: Workspace, document: Document) -> Generated:
    found = Generated()
    labels = labels_for(document.language)
    for back_cover in (None, SimpleNamespace(kind="publisher", part=None)):
        for text in _rendered_texts(workspace, document, labels, back_cover):
            found.add(text)
    values = _values(document, labels)
    for label in labels.values():
        for text in _filled(label, values):
            found.add(text)
    for value in values.values():
        found.add(value)
    for part in document.parts:
        found.add(part.title_text)
        for section in part.sections:
            found.add(plain_text(section.children))
    for text in _stylesheet_strings(workspace.styles):
        found.add(text)
    for part in document.parts:
        found.note_numbers |= {str(note.number) for note in part.notes}
        found.references += [
            spaceless(keys(plain_text(node.children)))
            for node in walk(part.blocks)
            if isinstance(node, Link) and not node.external
        ]
    return found


def _rendered_texts(workspace: Workspace, document: Document, labels, back_cover) -> list[str]:
    """The text of every element of the book's page templates, parts' text left out."""
    writer = _WithoutText(
        MarkupSettings(footnotes_inline=True, back_to_text=labels["back_to_text"])
    )
    seen = template_context(
        document,
        writer,
        "proof",
        labels,
        created="",
        modified="",
        body_parts=document.parts,
        back_cover=back_cover,
        self_cover=True,
    )
    markup = environment(workspace.templates).get_template("book.html.j2").render(seen)
    root = lxml_html.document_fromstring(markup)
    texts = []
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag not in ("head", "title", "meta"):
            text = element.text_content().strip()
            if text:
                texts.append(text)
    return texts


def _values(document: Document, labels: dict[str, str]) -> dict[str, str]:
    """What the templates put into labels and pages, by placeholder name."""
    m = document.manifest
    series = m.series
    publication = publication_markup(document, labels).striptags()  # as the title page has it
    values = {
        "title": m.title,
        "subtitle": m.subtitle,
        "author": m.author,
        "publisher": m.publisher,
        "description": m.description,
        "rights": m.rights,
        "edition": m.edition,
        "version": m.version,
        "isbn": m.isbn,
        "publication": publication,
        "cover_slogan": document.cover_slogan,
        "family": FAMILY,
        **{f"subject{i}": s for i, s in enumerate(m.subjects)},
    }
    if series:
        values |= {"series": series.name, "number": series.number, "issue": series.issue}
    return {name: value for name, value in values.items() if value}


def _filled(label: str, values: dict[str, str]) -> list[str]:
    """A label with the title's values put in; where a value is unknown (a page number), the
    pieces around it."""
    pieces = _PLACEHOLDER.split(label)
    texts, current = [], ""
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            current += piece
        elif piece in values:
            current += values[piece]
        else:
            texts.append(current)
            current = ""
    return [*texts, current]


def _stylesheets(styles: Path) -> list[Path]:
    """The sheets a build reads: each of the package's, or the workspace's of the same name,
    and any other the workspace has."""
    from pamphlet.stylesheets import PACKAGE_STYLES

    names = {p.name for p in PACKAGE_STYLES.glob("*.css")} | {p.name for p in styles.glob("*.css")}
    return [styles / n if (styles / n).is_file() else PACKAGE_STYLES / n for n in sorted(names)]


def _stylesheet_strings(styles: Path) -> list[str]:
    """The quoted strings of every `content` declaration in the stylesheets."""
    found: list[str] = []
    for sheet in _stylesheets(styles):
        rules = tinycss2.parse_stylesheet(sheet.read_text(encoding="utf-8", errors="replace"))
        stack = list(rules)
        while stack:
            rule = stack.pop()
            content = getattr(rule, "content", None)
            if not content:
                continue
            for declaration in tinycss2.parse_declaration_list(content):
                if getattr(declaration, "name", "") == "content":
                    found += [t.value for t in declaration.value if t.type == "string"]
            stack += [r for r in tinycss2.parse_rule_list(content) if r.type != "declaration"]
    return found
