"""An exported web article, read into paragraphs (`Unit`s) for the importer to classify: here
the plain-text export (one paragraph per line, or per block of wrapped lines, ">" quotations
of an e-mail), and the Markdown escapes every reader needs; `webpage` reads HTML exports."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pamphlet.languages import languages_with

# In an e-mail's ">" quotation, a line opening with a dash is the source, not more of the
# quoted paragraph.
QUOTED_SOURCE = re.compile(r"^(?:>\s*)+(?:--?|—|–|―)\s*\S")


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


# --- Markdown text ---------------------------------------------------------------------


def escape_markdown(text: str) -> str:
    """Plain text as Markdown that reads back as the same text."""
    text = re.sub(r"([\\`*_\[\]<>{}|])", r"\\\1", text)
    return re.sub(r"&(?=#?\w+;)", r"\\&", text)


def escape_line_start(line: str) -> str:
    """Escape what would make a line a heading, list item, quotation or attribute block."""
    line = re.sub(r"^(\s*)([#>+-])(?=\s|$)", r"\1\\\2", line)
    return re.sub(r"^(\s*\d+)([.)])(?=\s)", r"\1\\\2", line)


# --- reading plain text ----------------------------------------------------------------


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
        if wrapped and units and blanks == 0 and not QUOTED_SOURCE.match(line):
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
    scores = {data.code: sum(w in data.common_words for w in words) for data in COMMON}
    return max(scores, key=lambda code: scores[code])


COMMON = languages_with("words", "common")
