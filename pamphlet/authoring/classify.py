"""The importer's classifier: the paragraphs of an export, in reading order, become the
title's parts, sections, quotations, dateline and slogans, the manifest's [series] and
author; every guess is kept with its input line for the editor to review."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pamphlet.authoring.exports import Unit
from pamphlet.authoring.publication import publication_line
from pamphlet.authoring.recognise import (
    DASH_START,
    QUOTE_OPENERS,
    is_dateline,
    is_heading_like,
    is_navigation,
    is_slogan_line,
    opens_quotation,
    plain,
    shorten,
    split_slogans,
    trailing_citation,
)
from pamphlet.errors import SourceError
from pamphlet.languages import known_languages
from pamphlet.languages import language as language_data
from pamphlet.manifest import Series
from pamphlet.sources.ids import slugify

BYLINE_WORDS = sorted({w for c in known_languages() for w in language_data(c).byline}, key=len)
BYLINE = re.compile(
    rf"^(?:{'|'.join(map(re.escape, BYLINE_WORDS))})\s+(?P<name>[^.,;:]{{3,80}})$", re.IGNORECASE
)


@dataclass
class Guess:
    line: int
    what: str


@dataclass
class ImportedPart:
    role: str
    title: str  # plain text
    id: str
    heading: str = ""  # the title as Markdown
    blocks: list[str] = field(default_factory=list)

    @property
    def file(self) -> str:
        return f"{self.id}.md"


@dataclass
class Imported:
    """What the importer recovered, and what it guessed."""

    source: Path
    title: str = ""
    language: str = "en"
    series: Series | None = None
    author: str = ""
    day: date | None = None
    parts: list[ImportedPart] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)  # lines before the title, kept aside

    def guess(self, line: int, what: str) -> None:
        self.guesses.append(Guess(line, what))


class _Classifier:
    def __init__(self, imported: Imported, units: list[Unit]):
        self.out = imported
        self.units = units
        self.index = 0
        self.title_level = 1
        self.part: ImportedPart | None = None
        self.slogans: ImportedPart | None = None
        self.ended = False  # the dateline or slogans closed the article

    def next_unit(self, offset: int = 1) -> Unit | None:
        position = self.index + offset
        return self.units[position] if position < len(self.units) else None

    def run(self) -> None:
        self.front_matter()
        while self.index < len(self.units):
            self.step(self.units[self.index])

    def front_matter(self) -> None:
        """Everything before the title: the "published in" line, a byline, web cruft."""
        while self.index < len(self.units):
            unit = self.units[self.index]
            following = self.next_unit()
            text = plain(unit.text)
            if self.publication_line(unit) or self.byline(unit):
                continue
            if is_navigation(unit):
                self.out.guess(unit.line, f"dropped web navigation: {text}")
            elif is_heading_like(unit, following):
                self.out.title = plain(unit.text).strip()
                self.title_level = int(unit.tag[1]) if unit.tag.startswith("h") else 1
                self.part = ImportedPart("article", self.out.title, "article", unit.text)
                self.out.parts.append(self.part)
                self.out.guess(unit.line, f"title: {self.out.title}")
                self.index += 1
                return
            else:
                self.out.unparsed.append(text)
                self.out.guess(
                    unit.line, f"before the title, kept as a comment in pamphlet.toml: {text}"
                )
            self.index += 1
        raise SourceError(
            self.out.source,
            None,
            "found no title: no heading, and no short line standing alone",
            "put the title on a line of its own, with a blank line under it",
        )

    def step(self, unit: Unit) -> None:
        following = self.next_unit()
        assert self.part is not None
        if unit.tag == "hr" or is_navigation(unit):
            if unit.tag != "hr":
                self.out.guess(unit.line, f"dropped web navigation: {plain(unit.text)}")
            self.index += 1
            return
        if self.publication_line(unit) or self.byline(unit):
            return
        when = is_dateline(unit, self.out.language)
        if when and self.part.role == "article":
            self.part.blocks.append(f"{{.dateline}}\n{unit.text}")
            self.out.day = self.out.day or when
            self.out.guess(unit.line, f"dateline: {plain(unit.text)}")
            self.ended = True
            self.index += 1
            return
        if self.is_section_or_part(unit, following):
            return
        if self.ended and self.part.role == "article" and self.slogan_block():
            return
        if self.ended is False and self.looks_like_slogans(unit, following):
            self.ended = True
            self.slogan_block()
            return
        if unit.quote:
            self.marked_quotation(unit.quote)
            return
        if self.text_quotation():
            return
        self.part.blocks.append(self.paragraph(unit))
        self.index += 1

    def publication_line(self, unit: Unit) -> bool:
        """The line that says where the text first appeared ("first printed in …", "publicado
        en …"), before the title or among the article's first lines."""
        text = plain(unit.text).strip()
        if self.out.series or unit.tag.startswith("h"):
            return False
        if self.part is not None and len(self.part.blocks) > 2:
            return False
        found = publication_line(text)
        if found is None:
            return False
        self.out.series = Series(found.name, found.number, found.issue)
        number = f" No. {found.number}" if found.number else " (no number)"
        issue = f" ({found.issue})" if found.issue else ""
        self.out.guess(
            unit.line,
            f'series: {found.name}{number}{issue}, from the line "{text}" (left out of the '
            "text: the title page and colophon print it from [series])",
        )
        self.index += 1
        return True

    def byline(self, unit: Unit) -> bool:
        """A "By …" line at the top of the article: its author."""
        match = BYLINE.match(plain(unit.text).strip())
        if not match or self.out.author or (self.part and len(self.part.blocks) > 1):
            return False
        self.out.author = match["name"].strip()
        self.out.guess(unit.line, f"author: {self.out.author} (from the byline, left out)")
        self.index += 1
        return True

    def is_section_or_part(self, unit: Unit, following: Unit | None) -> bool:
        assert self.part is not None
        if not is_heading_like(unit, following):
            return False
        text = plain(unit.text).strip()
        level = int(unit.tag[1]) if unit.tag.startswith("h") else 0
        new_part = self.part.blocks and (
            self.ended
            or (level and level <= self.title_level)
            or (not level and unit.blank_before >= 2)
        )
        if new_part:
            self.ended = True  # an appended article ends the main one
            self.part = ImportedPart("appendix", text, self.part_id(text), unit.text)
            self.out.parts.append(self.part)
            self.out.guess(unit.line, f"appended article: {text} → {self.part.file}")
        else:
            depth = max(2, min(3, level - self.title_level + 1)) if level else 2
            self.part.blocks.append(f"{'#' * depth} {unit.text}")
            self.out.guess(unit.line, f"section: {text}")
        self.index += 1
        return True

    def part_id(self, title: str) -> str:
        """A short file name for an appended article: its first long word."""
        words = slugify(title).split("-")
        words = [w for w in words if len(w) > 4] or [w for w in words if len(w) > 3] or words
        taken = {p.id for p in self.out.parts} | {"article", "slogans"}
        wanted, number = words[0], 2
        while wanted in taken:
            wanted, number = f"{words[0]}-{number}", number + 1
        return wanted

    def slogan_block(self) -> bool:
        """Short lines after the dateline: the closing slogans, in groups."""
        groups: list[list[str]] = []
        start = self.units[self.index].line
        while self.index < len(self.units):
            unit = self.units[self.index]
            if (
                unit.tag not in ("p", "li")
                or unit.quote
                or not all(map(is_slogan_line, unit.lines))
            ):
                break
            if unit.blank_before >= 2 and groups:
                break
            slogans = []
            for number, line in enumerate(unit.lines):
                found = [
                    re.sub(r"^(\*\*|\*|_)|(\*\*|\*|_)$", "", s).strip()
                    for s in split_slogans(line.lstrip("- "))
                ]
                if len(found) > 1:
                    self.out.guess(
                        unit.line + number,
                        f"{len(found)} slogans on one line, set one a line: " + " | ".join(found),
                    )
                slogans += found
            if unit.attached and groups:
                groups[-1] += slogans
            else:
                groups.append(slogans)
            self.index += 1
        if not groups:
            return False
        if self.slogans is None:
            self.slogans = ImportedPart("slogans", "", "slogans")
            self.out.parts.append(self.slogans)
        self.slogans.blocks += ["\n".join(group) for group in groups]
        count = sum(len(g) for g in groups)
        self.out.guess(start, f"slogans: {count} in {len(groups)} group(s) → slogans.md")
        return True

    def text_quotation(self) -> bool:
        """A quotation in a text export: lines set directly under a paragraph ending with a
        colon, or paragraphs that each open with a quotation mark."""
        assert self.part is not None
        unit = self.units[self.index]
        before = self.units[self.index - 1] if self.index else None
        after_colon = before is not None and plain(before.text).rstrip().endswith(":")
        paragraphs: list[Unit] = []
        how = ""
        if unit.attached and after_colon:
            while self.index < len(self.units) and self.units[self.index].attached:
                paragraphs.append(self.units[self.index])
                self.index += 1
            how = "set under a line ending with a colon"
        elif after_colon and opens_quotation(unit.text):
            position = self.index
            while position < len(self.units) and opens_quotation(self.units[position].text):
                position += 1
            if position < len(self.units) and plain(self.units[position].text)[:1] in (
                QUOTE_OPENERS
            ):
                position += 1  # the paragraph that closes the quotation
            if position - self.index < 2:
                return False
            paragraphs = self.units[self.index : position]
            self.index = position
            how = f"{len(paragraphs)} paragraphs, each opening with a quotation mark"
        if not paragraphs:
            return False
        self.quotation([p.text for p in paragraphs], None, paragraphs[0].line, how)
        return True

    def looks_like_slogans(self, unit: Unit, following: Unit | None) -> bool:
        """Closing slogans without a dateline: lines set one under the other, each a short
        exclamation."""
        lines = [*unit.lines, *(following.lines if following and following.attached else [])]
        return (
            unit.tag == "p"
            and not unit.quote
            and len(lines) >= 2
            and all(is_slogan_line(line) and _unmarked(line).endswith("!") for line in lines)
        )

    def marked_quotation(self, group: int) -> None:
        """A quotation the export marks: an HTML <blockquote>, or lines starting with ">"."""
        start = self.units[self.index].line
        texts, source = [], None
        while self.index < len(self.units) and self.units[self.index].quote == group:
            unit = self.units[self.index]
            if unit.tag == "cite":
                source = DASH_START.sub("", unit.text)
            else:
                texts.append(unit.text)
            self.index += 1
        self.quotation(texts, source, start, "marked as a quotation")

    def quotation(self, texts: list[str], source: str | None, line: int, how: str) -> None:
        """Write a block quotation, finding its source line if it has one."""
        assert self.part is not None
        damaged = False
        if source is None and texts and DASH_START.match(texts[-1]) and len(texts) > 1:
            source = DASH_START.sub("", texts.pop())
        if source is None and texts:
            found = trailing_citation(texts[-1])
            if found:
                texts[-1], source, closed = found
                damaged = not closed
                if damaged:
                    source = "(" + source
        lines = "\n>\n".join(f"> {text}" for text in texts)
        if source:
            if damaged:
                note = language_data(self.out.language).new_title["unclosed_citation"]
                lines += f"\n>\n> <!-- {note} -->\n"
            else:
                lines += "\n>\n"
            lines += f"> — {source}"
        self.part.blocks.append(lines)
        what = f"quotation ({how})"
        if source:
            what += f", source: {shorten(plain(source), 60)}"
            if damaged:
                what += " — its parenthesis is never closed: check the citation"
        self.out.guess(line, what)

    def paragraph(self, unit: Unit) -> str:
        if unit.tag == "pre":
            return "```\n" + "\n".join(plain(line) for line in unit.lines) + "\n```"
        if unit.tag == "li" or unit.hard_breaks:
            return "\\\n".join(unit.lines) if unit.tag != "li" else "\n".join(unit.lines)
        return " ".join(unit.lines)


def _unmarked(line: str) -> str:
    """A line's text without the bold or italic marks around it."""
    return re.sub(r"^(\*\*|\*|_)|(\*\*|\*|_)$", "", plain(line).strip())


def classify(source: Path, units: list[Unit], language: str) -> Imported:
    imported = Imported(source, language=language)
    _Classifier(imported, [u for u in units if u.lines or u.tag == "hr"]).run()
    return imported
