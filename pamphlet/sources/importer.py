"""A web article exported as plain text or HTML → a title folder of Markdown parts.

The export is read into paragraphs (`Unit`s): from text, one per line or per block of
lines; from HTML, by `webpage.read_html`. Then they are classified, in reading order:

- a "published in … No. 69 (Winter 2004)" line before the title → the manifest's [series];
- the first heading → the title; later headings → sections (`##`);
- a paragraph set directly under one that ends with a colon, or paragraphs that each open
  with a quotation mark (the convention for a quotation of several paragraphs), or an HTML
  <blockquote> → a block quotation; a citation in parentheses at its end, or a last line
  after a dash, → its source line;
- a line holding only a date → the dateline; short lines after it → the closing slogans;
- a heading after the end of the article → an appended article (an appendix part);
- menus and link lines ("Return to homepage | Write to us") → dropped.

Every guess is reported with its input line, so the editor can review them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pamphlet.errors import SourceError
from pamphlet.manifest import Series
from pamphlet.sources.markdown import parse_dateline, slugify

QUOTE_OPENERS = '“«„"'
DASH_START = re.compile(r"^\s*(—|–|―|--?)\s*")
PUBLISHED = re.compile(
    r"(?:published|appeared|publicad[oa]|aparecid[oa])\s+(?:\w+\s+){0,2}?(?:in|en)\s+"
    r"(?:the\s+|el\s+|la\s+)?(?P<name>.+?)\s*,?\s+(?:No\.|Nº|n\.\s?º|núm\.|número|Number|#)\s*"
    r"(?P<number>\d+)\s*(?:\((?P<issue>[^)]+)\)|,\s*(?P<issue2>[^.]+))?",
    re.IGNORECASE,
)
BYLINE = re.compile(r"^(?:by|por)\s+(?P<name>[^.,;:]{3,80})$", re.IGNORECASE)
NAVIGATION = re.compile(
    r"^(?:(?:return|back|go|volver)\s+(?:to\s+)?(?:the\s+|a\s+la\s+|al\s+)?"
    r"(?:top|home|homepage|index|inicio|página principal)|home|inicio|top of page|"
    r"print this (?:page|article)|share(?: this)?|imprimir|compartir)\b",
    re.IGNORECASE,
)
SLOGAN_SPLIT = re.compile(r"(?<=[!?])\s+(?=[¡¿\"“«]?[A-ZÁÉÍÓÚÑ0-9])")
STOPWORDS = {
    "en": {"the", "and", "of", "to", "in", "is", "that", "was", "for", "with", "were"},
    "es": {"el", "la", "los", "las", "de", "que", "y", "en", "por", "con", "una", "del"},
}


@dataclass
class Unit:
    """A paragraph of the export: its lines, where it was, how it was set apart."""

    lines: list[str]
    line: int
    blank_before: int = 1
    attached: bool = False  # text: directly under the line before, no blank line between
    tag: str = "p"  # p, h1…h6, li, pre, hr, cite (the source of an HTML quotation)
    quote: int = 0  # HTML: which <blockquote> it belongs to
    links: float = 0.0  # HTML: share of the text that is link text
    hard_breaks: bool = False  # HTML: its lines were broken with <br>

    @property
    def text(self) -> str:
        return " ".join(self.lines)


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

    def guess(self, line: int, what: str) -> None:
        self.guesses.append(Guess(line, what))


# --- Markdown text --------------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that reads back as the same text."""
    text = re.sub(r"([\\`*_\[\]<>{}|])", r"\\\1", text)
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)


def escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, list item, quotation or attribute block."""
    line = re.sub(r"^(\s*)([#>+-])(?=\s|$)", r"\1\\\2", line)
    return re.sub(r"^(\s*\d+)([.)])(?=\s)", r"\1\\\2", line)


# --- reading plain text ---------------------------------------------------------------------


def read_text(text: str) -> list[Unit]:
    """Paragraphs of a plain-text export: each line is one when lines are long (a web page
    saved as text), each block of lines when the text is wrapped (an e-mail)."""
    lines = text.splitlines()
    wrapped = bool(lines) and max(len(line) for line in lines) <= 100
    units: list[Unit] = []
    blanks = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            blanks += 1
            continue
        if wrapped and units and blanks == 0:
            units[-1].lines.append(line)
        else:
            units.append(Unit([line], number, blanks, attached=bool(units) and blanks == 0))
        blanks = 0
    group = 0
    for index, unit in enumerate(units):
        if all(line.startswith(">") for line in unit.lines):  # an e-mail's quotation
            unit.lines = [line.lstrip("> ").strip() for line in unit.lines if line.strip("> ")]
            before = units[index - 1] if index else None
            group += 0 if before is not None and before.quote else 1
            unit.quote = group
        unit.lines = [escape_line_start(escape_markdown(line)) for line in unit.lines]
    return units


def guess_language(units: list[Unit]) -> str:
    words = re.findall(r"\w+", " ".join(u.text for u in units).lower())
    scores = {lang: sum(w in stop for w in words) for lang, stop in STOPWORDS.items()}
    return max(scores, key=lambda lang: scores[lang])


# --- classifying ----------------------------------------------------------------------------


def _plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def is_navigation(unit: Unit) -> bool:
    text = _plain(unit.text).strip()
    if unit.tag.startswith("h"):
        return False
    if unit.links >= 0.8 and len(text) < 160:
        return True
    items = [item.strip() for item in re.split(r"\s[|·•]\s", text)]
    if len(items) >= 2 and all(0 < len(item) <= 40 for item in items):
        return not re.search(r"[.!?]$", text)
    return bool(NAVIGATION.match(text)) and len(text) < 80


def is_heading_like(unit: Unit, following: Unit | None) -> bool:
    """A short line standing alone (not a sentence) followed by text: a heading."""
    if unit.tag.startswith("h"):
        return True
    if unit.tag != "p" or unit.quote or len(unit.lines) != 1 or unit.attached:
        return False
    text = _plain(unit.text)
    if len(text) > 90 or len(text.split()) > 14 or re.search(r"[.,;:]$", text):
        return False
    if not re.match(r"^[\"“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9]", text):
        return False
    return following is None or (not following.attached and following.blank_before > 0)


def is_dateline(unit: Unit, language: str) -> date | None:
    text = _plain(unit.text)
    if len(unit.lines) != 1 or len(text) > 40 or unit.quote:
        return None
    return parse_dateline(text, language)


def opens_quotation(text: str) -> bool:
    """Whether a paragraph opens a quotation it does not close (so the next goes on)."""
    text = _plain(text).strip()
    if not text or text[0] not in QUOTE_OPENERS:
        return False
    if text[0] == '"':
        return text.count('"') % 2 == 1
    closing = {"“": "”", "«": "»", "„": "“"}[text[0]]
    return text.count(text[0]) > text.count(closing)


def trailing_citation(text: str) -> tuple[str, str, bool] | None:
    """A citation in parentheses at the end of a quotation: (text before, citation, whether
    the parenthesis is closed). "… (COR). (Forrest Hylton, “…,” Bolivia Watch, Oct." gives
    the citation even though its parenthesis is never closed."""
    start = text.rfind("(")
    if start < 0:
        return None
    rest = text[start + 1 :]
    closed = re.fullmatch(r"([^()]*)\)\s*\.?\s*", rest)
    content = closed[1] if closed else (rest if ")" not in rest else None)
    if content is None:
        return None
    content = content.strip()
    before = text[:start].rstrip()
    if len(content) < 12 or "," not in content or not content[0].isupper() or not before:
        return None
    return before, content, bool(closed)


def split_slogans(line: str) -> list[str]:
    return [s.strip() for s in SLOGAN_SPLIT.split(line) if s.strip()]


def is_slogan_line(line: str) -> bool:
    text = _plain(line)
    return len(text) <= 90 and not re.search(r"[.,;:]$", text)


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
            text = _plain(unit.text)
            if self.publication_line(unit) or self.byline(unit):
                continue
            if is_navigation(unit):
                self.out.guess(unit.line, f"dropped web navigation: {text}")
            elif is_heading_like(unit, following):
                self.out.title = _plain(unit.text).strip()
                self.title_level = int(unit.tag[1]) if unit.tag.startswith("h") else 1
                self.part = ImportedPart("article", self.out.title, "article", unit.text)
                self.out.parts.append(self.part)
                self.out.guess(unit.line, f"title: {self.out.title}")
                self.index += 1
                return
            else:
                self.out.guess(unit.line, f"dropped before the title: {_short(text)}")
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
                self.out.guess(unit.line, f"dropped web navigation: {_plain(unit.text)}")
            self.index += 1
            return
        if self.publication_line(unit) or self.byline(unit):
            return
        when = is_dateline(unit, self.out.language)
        if when and self.part.role == "article":
            self.part.blocks.append(f"{{.dateline}}\n{unit.text}")
            self.out.day = self.out.day or when
            self.out.guess(unit.line, f"dateline: {_plain(unit.text)}")
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
        """The "published in" line, before the title or among the article's first lines."""
        text = _plain(unit.text)
        published = PUBLISHED.search(text)
        if self.out.series or len(text) > 200 or not published or unit.tag.startswith("h"):
            return False
        if self.part is not None and len(self.part.blocks) > 2:
            return False
        issue = (published["issue"] or published["issue2"] or "").strip()
        self.out.series = Series(published["name"].strip(), published["number"], issue)
        self.out.guess(
            unit.line,
            f"series: {self.out.series.name} No. {published['number']}"
            + (f" ({issue})" if issue else "")
            + ' (from the "published in" line, which is left out)',
        )
        self.index += 1
        return True

    def byline(self, unit: Unit) -> bool:
        """A "By …" line at the top of the article: its author."""
        match = BYLINE.match(_plain(unit.text).strip())
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
        text = _plain(unit.text).strip()
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
            slogans = [
                re.sub(r"^(\*\*|\*|_)|(\*\*|\*|_)$", "", s).strip()
                for line in unit.lines
                for s in split_slogans(line.lstrip("- "))
            ]
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
        after_colon = before is not None and _plain(before.text).rstrip().endswith(":")
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
            if position < len(self.units) and _plain(self.units[position].text)[:1] in (
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
            and all(is_slogan_line(line) and _plain(line).endswith("!") for line in lines)
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
                lines += (
                    "\n>\n> <!-- pamphlet import: in the original this citation opens a "
                    "parenthesis it never closes; check it. -->\n"
                )
            else:
                lines += "\n>\n"
            lines += f"> — {source}"
        self.part.blocks.append(lines)
        what = f"quotation ({how})"
        if source:
            what += f", source: {_short(_plain(source), 60)}"
            if damaged:
                what += " — its parenthesis is never closed: check the citation"
        self.out.guess(line, what)

    def paragraph(self, unit: Unit) -> str:
        if unit.tag == "pre":
            return "```\n" + "\n".join(_plain(line) for line in unit.lines) + "\n```"
        if unit.tag == "li" or unit.hard_breaks:
            return "\\\n".join(unit.lines) if unit.tag != "li" else "\n".join(unit.lines)
        return " ".join(unit.lines)


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def classify(source: Path, units: list[Unit], language: str) -> Imported:
    imported = Imported(source, language=language)
    _Classifier(imported, [u for u in units if u.lines or u.tag == "hr"]).run()
    return imported


def read_export(path: Path, language: str | None = None) -> Imported:
    """Read a plain-text or HTML export of a web article and classify it."""
    from pamphlet.manifest.files import decode_source

    data = path.read_bytes()
    looks_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or re.match(
        rb"\s*(<!doctype html|<html)", data[:512], re.IGNORECASE
    )
    facts: dict[str, str] = {}
    images: list[str] = []
    if looks_html:
        from pamphlet.sources.webpage import read_html

        units, facts, images = read_html(data)
    else:
        units = read_text(decode_source(path, data))
    if not units:
        raise SourceError(path, None, "the file has no text", "export the article again")
    guessed = not language and not facts.get("language")
    language = language or facts.get("language") or guess_language(units)
    imported = classify(path, units, language.split("-")[0].lower())
    imported.language = language
    if guessed:
        imported.guess(0, f"language: {language} (from its words; --lang sets it)")
    if imported.day is None and facts.get("date"):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", facts["date"])
        if match:
            imported.day = date(int(match[1]), int(match[2]), int(match[3]))
            imported.guess(0, f"date: {imported.day.isoformat()} (from the page's metadata)")
    for image in images:
        imported.guess(0, f"left out an image ({image}): save it into the title folder")
    return imported


# --- writing the title folder ---------------------------------------------------------------


def part_texts(imported: Imported) -> list[tuple[ImportedPart, str]]:
    """Each part as the Markdown file the title will hold."""
    name = imported.source.name
    texts = []
    for part in imported.parts:
        if part.role == "slogans":
            head = "<!-- The closing slogans: one per line, a blank line between groups. -->"
        else:
            head = f"<!-- Imported from {name} by pamphlet: review it, then lint it. -->"
            head += f"\n\n# {part.heading}"
        texts.append((part, "\n\n".join([head, *part.blocks]) + "\n"))
    return texts


def first_sentence(imported: Imported) -> str:
    for part in imported.parts:
        for block in part.blocks:
            if block[:1].isalnum() or block[:1] in QUOTE_OPENERS:
                sentence = re.split(r"(?<=[.!?])\s", _plain(block), maxsplit=1)[0]
                return _short(re.sub(r"[*_]", "", sentence), 300)
    return ""


def import_title(
    workspace,
    path: Path,
    slug: str | None = None,
    language: str | None = None,
    author: str = "",
    publisher: str = "",
    force: bool = False,
) -> tuple[Path, Imported]:
    """Read an export and write sources/<slug>/: its manifest and Markdown parts."""
    from pamphlet.scaffold import PartFile, TitleDraft, check_new_title, write_title

    if not path.is_file():
        raise SourceError(path, None, "no such file", "give the path of the exported article")
    imported = read_export(path, language)
    slug = slug or slugify(imported.title)
    if not force or not (workspace.sources / slug).exists():
        check_new_title(workspace, slug, imported.language)
    notes = [f"Imported from {path.name} by `pamphlet import`."]
    if not (author or imported.author) or not publisher:
        notes.append("Check author, publisher, description and rights: some are placeholders.")
    draft = TitleDraft(
        slug,
        imported.title,
        imported.language,
        author or imported.author,
        publisher,
        day=imported.day or date.today(),
        description=first_sentence(imported),
        series=imported.series,
        notes=notes,
    )
    comments = {"article": "the article", "slogans": "the closing slogans"}
    parts = [
        PartFile(part.file, part.role, text, comments.get(part.role, "an appended article"))
        for part, text in part_texts(imported)
    ]
    return write_title(workspace, draft, parts, force=force), imported
