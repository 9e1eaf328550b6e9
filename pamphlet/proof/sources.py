"""The title's Markdown sources, read for the proof: their words with file and line (so a
difference can be found and fixed where it was made), and the editor's acknowledgements —
a comment `<!-- editor: … -->` in the block it speaks of, or alone just above it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from pamphlet.authoring.lint.masking import mask_markdown
from pamphlet.manifest import Manifest
from pamphlet.manifest.files import read_source
from pamphlet.proof.words import Word, words

_EDITOR = re.compile(r"<!--\s*editor\b[\s:,.—-]*(?P<why>.*?)-->", re.IGNORECASE | re.DOTALL)
_BLANK = re.compile(r"^\s*(>\s*)*$")


@dataclass
class Acknowledgement:
    path: Path
    first: int  # lines first..last of the block it speaks of
    last: int
    why: str


@dataclass
class Sources:
    words: list[Word] = field(default_factory=list)
    places: list[tuple[Path, int]] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    def acknowledged(self, path: Path, line: int) -> str:
        """Why the editor changed the words at `path:line`, if a comment says."""
        for ack in self.acknowledgements:
            if ack.path == path and ack.first <= line <= ack.last:
                return ack.why
        return ""


def read_sources(manifest: Manifest) -> Sources:
    sources = Sources()
    for spec in manifest.parts:
        text = read_source(spec.file)
        for number, line in enumerate(mask_markdown(text), start=1):
            sources.places.append((spec.file, number))
            sources.words += words(line, len(sources.places) - 1)
        sources.acknowledgements += _editor_comments(spec.file, text)
    return sources


def _editor_comments(path: Path, text: str) -> list[Acknowledgement]:
    lines = text.split("\n")
    found = []
    for match in _EDITOR.finditer(text):
        start = text.count("\n", 0, match.start()) + 1
        end = text.count("\n", 0, match.end()) + 1
        first, last = _block(lines, start, end)
        if _only_comment(lines, first, last, start, end):
            following = last + 1
            while following <= len(lines) and _BLANK.match(lines[following - 1]):
                following += 1
            if following <= len(lines):
                last = _block(lines, following, following)[1]
        why = " ".join(match["why"].replace(">", " ").split()) or "the editor's change"
        found.append(Acknowledgement(path, first, last, why))
    return found


def _block(lines: list[str], start: int, end: int) -> tuple[int, int]:
    """The Markdown block (lines up to blank ones; a quotation's "> " lines go together)
    holding lines start..end."""
    quoted = lines[start - 1].lstrip().startswith(">")

    def inside(number: int) -> bool:
        line = lines[number - 1]
        return line.lstrip().startswith(">") if quoted else not _BLANK.match(line)

    first, last = start, end
    while first > 1 and inside(first - 1):
        first -= 1
    while last < len(lines) and inside(last + 1):
        last += 1
    return first, last


def _only_comment(lines: list[str], first: int, last: int, start: int, end: int) -> bool:
    rest = "\n".join(lines[first - 1 : start - 1] + lines[end:last])
    return not re.sub(r"[>\s]", "", rest)


def source_positions(original: list[Word], sources: Sources) -> list[int | None]:
    """For each word of the original, the index of the same word in the sources (None for
    words the sources lack)."""
    matcher = SequenceMatcher(
        None, [w.key for w in original], [w.key for w in sources.words], autojunk=False
    )
    positions: list[int | None] = [None] * len(original)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            positions[block.a + offset] = block.b + offset
    return positions
