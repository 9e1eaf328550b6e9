"""What the lint rules read: the prose of a source, with comments, code, link addresses,
escapes and attribute lines masked (so columns still match the file), cut into paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MASK = "\x1a"  # stands for masked text: matches no rule, keeps columns
DASHES = "—–―"


COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_LINK_DESTINATION = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>|\bhttps?://\S+|\bmailto:\S+")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_ATTRIBUTES = re.compile(r"^\s*\{[^}]*\}\s*$")
_NOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:?")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_QUOTE_MARKER = re.compile(r"^\s{0,3}(?:>\s?)*")


def blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", MASK, match[0])


def mask_markdown(text: str) -> list[str]:
    """The lines of a Markdown source with everything that is not prose masked."""
    text = COMMENT.sub(blank, text)
    lines = text.split("\n")
    fenced = None
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fenced or fence:
            if fence and (fenced is None or fence[1][0] == fenced):
                fenced = None if fenced else fence[1][0]
            lines[index] = MASK * len(line)
            continue
        if _ATTRIBUTES.match(line) or _THEMATIC_BREAK.match(line) or _SETEXT.match(line):
            lines[index] = MASK * len(line)
            continue
        for pattern in (_ESCAPE, _CODE_SPAN, _LINK_DESTINATION, _AUTOLINK, _NOTE_LABEL):
            line = pattern.sub(blank, line)
        lines[index] = line
    return lines


def mask_toml(text: str) -> list[str]:
    """The lines of a manifest with everything but the contents of its strings masked."""
    out: list[str] = []
    closing: str | None = None  # the delimiter of the string we are in
    i = 0
    while i < len(text):
        c = text[i]
        if closing is None:
            if c == "#":
                end = text.find("\n", i)
                end = len(text) if end < 0 else end
                out.append(MASK * (end - i))
                i = end
                continue
            for delimiter in ('"""', "'''", '"', "'"):
                if text.startswith(delimiter, i):
                    closing = delimiter
                    out.append(MASK * len(delimiter))
                    i += len(delimiter)
                    break
            else:
                out.append(c if c == "\n" else MASK)
                i += 1
            continue
        if c == "\\" and closing[0] == '"':
            out.append(MASK * 2 if i + 1 < len(text) and text[i + 1] != "\n" else MASK + "\n")
            i += 2
            continue
        if text.startswith(closing, i):
            out.append(MASK * len(closing))
            i += len(closing)
            closing = None
            continue
        out.append(c)
        i += 1
    return "".join(out).split("\n")


@dataclass
class Paragraph:
    """Consecutive prose lines: (line number, column offset, text) with quote markers cut."""

    lines: list[tuple[int, int, str]] = field(default_factory=list)
    quoted: bool = False

    @property
    def text(self) -> str:
        return " ".join(text for _, _, text in self.lines)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, 0-based column) of a character of `text`."""
        for number, column, text in self.lines:
            if offset <= len(text):
                return number, column + offset
            offset -= len(text) + 1
        number, column, text = self.lines[-1]
        return number, column + len(text)

    def first_character(self) -> str:
        return self.text.lstrip(MASK + " \t")[:1]


_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """Split masked lines into paragraphs: blank lines, headings and list items separate."""
    found: list[Paragraph] = []
    current: Paragraph | None = None
    for number, line in enumerate(lines, start=1):
        marker = _QUOTE_MARKER.match(line)
        column = marker.end() if marker else 0
        rest = line[column:]
        if not rest.strip(MASK + " \t"):
            current = None
            continue
        starts_block = HEADING.match(rest) or _LIST_ITEM.match(rest)
        if current is None or starts_block:
            current = Paragraph(quoted=column > 0 and ">" in line[:column])
            found.append(current)
        current.lines.append((number, column, rest))
        if HEADING.match(rest):
            current = None
    return found
