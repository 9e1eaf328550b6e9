"""Lines of text read back from a PDF, for judging its typography (checks/typography.py).

Works on any PDF, whoever made it (WeasyPrint, Typst, LaTeX, a word processor): it reads
every character's origin, advance and size from pdfium's text page (pypdfium2), groups the
characters into lines in the order they are drawn, and splits lines into words at spaces
(drawn or, where a tool draws none, inferred by pdfium) and at gaps. Nothing here knows how
pamphlet sets its pages.
"""

from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

SPACES = " \u00a0\u2009\u202f\u2002\u2003"
LINE_ENDS = "\r\n"
HYPHEN_AT_LINE_END = "\x02"  # pdfium's code for a hyphen it found at a line's end


@dataclass
class Glyph:
    char: str
    x: float  # origin
    right: float  # origin + advance
    y: float  # baseline
    size: float  # in points, as drawn (text matrix and CTM applied)
    bold: bool
    space: bool  # a space: drawn, or inferred by pdfium between words


@dataclass
class Word:
    text: str
    x: float
    right: float
    gap_before: float  # from the previous word's last glyph to this word's first, in pt


@dataclass
class Line:
    page: int  # 1-based
    y: float
    size: float  # the size most of the line's characters are set in
    bold: bool
    words: list[Word] = field(default_factory=list)
    space_widths: list[float] = field(default_factory=list)  # advances of drawn spaces

    @property
    def x(self) -> float:
        return self.words[0].x

    @property
    def right(self) -> float:
        return self.words[-1].right

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def gaps(self) -> list[float]:
        return [word.gap_before for word in self.words[1:]]


def read_lines(path: Path) -> tuple[list[list[Line]], list[tuple[float, float]]]:
    """Every page's lines, top to bottom, and every page's size (width, height) in points."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        pages, sizes = [], []
        for index in range(len(document)):
            page = document[index]
            sizes.append(page.get_size())
            textpage = page.get_textpage()
            try:
                glyphs = _glyphs(textpage)
            finally:
                textpage.close()
                page.close()
            lines = [line for line in _lines(glyphs, index + 1) if line.words]
            lines.sort(key=lambda line: -line.y)
            pages.append(lines)
        return pages, sizes
    finally:
        document.close()


def _glyphs(textpage) -> list[Glyph]:
    import pypdfium2.raw as pdfium_c

    handle = textpage.raw
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_c.FS_RECTF()
    matrix = pdfium_c.FS_MATRIX()
    name = ctypes.create_string_buffer(128)
    fonts: dict[bytes, bool] = {}
    glyphs = []
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        char = chr(pdfium_c.FPDFText_GetUnicode(handle, index))
        if char == HYPHEN_AT_LINE_END:
            char = "-"
        generated = pdfium_c.FPDFText_IsGenerated(handle, index) == 1
        if char in LINE_ENDS or (generated and char not in SPACES):
            glyphs.append(Glyph("\n", 0, 0, 0, 0, False, False))
            continue
        pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, box)
        pdfium_c.FPDFText_GetMatrix(handle, index, matrix)
        size = pdfium_c.FPDFText_GetFontSize(handle, index) * math.hypot(matrix.a, matrix.b)
        if generated:  # pdfium's inferred space: no width of its own
            glyphs.append(Glyph(" ", x.value, x.value, y.value, 0, False, True))
            continue
        bold = _is_bold(handle, index, name, fonts)
        glyphs.append(
            Glyph(char, x.value, box.right, y.value, size, bold, char in SPACES or char == "\t")
        )
    return glyphs


BOLD_NAMES = (b"bold", b"semibold", b"demi", b"black", b"heavy")


def _is_bold(handle, index: int, name, fonts: dict[bytes, bool]) -> bool:
    """Bold or semibold, by weight where the PDF says it, else by the font's name."""
    import pypdfium2.raw as pdfium_c

    pdfium_c.FPDFText_GetFontInfo(handle, index, name, len(name), None)
    font = name.value
    if font not in fonts:
        weight = pdfium_c.FPDFText_GetFontWeight(handle, index)
        lowered = font.lower().replace(b"-", b"").replace(b" ", b"")
        fonts[font] = weight >= 600 or any(word in lowered for word in BOLD_NAMES)
    return fonts[font]


def _lines(glyphs: list[Glyph], page: int) -> list[Line]:
    """Glyphs in drawing order → lines: a new line where the pen goes back or the baseline
    moves by more than most of a line (a raised note call stays on its line)."""
    lines: list[list[Glyph]] = [[]]
    for glyph in glyphs:
        current = lines[-1]
        if glyph.char == "\n":
            if current:
                lines.append([])
            continue
        last = next((g for g in reversed(current) if not g.space), None)
        if last is not None and not glyph.space:
            size = max(last.size, glyph.size)
            if glyph.x < last.x - 0.5 or abs(glyph.y - last.y) > 0.8 * size:
                current = []
                lines.append(current)
        current.append(glyph)
    return [_line(chars, page) for chars in lines if any(not g.space for g in chars)]


def _line(glyphs: list[Glyph], page: int) -> Line:
    inked = [g for g in glyphs if not g.space]
    sizes: dict[float, int] = {}
    for glyph in inked:
        sizes[round(glyph.size, 1)] = sizes.get(round(glyph.size, 1), 0) + 1
    size = max(sizes, key=lambda s: (sizes[s], s))
    on_size = [g for g in inked if abs(g.size - size) < 0.15]
    line = Line(
        page,
        median(g.y for g in on_size),
        size,
        sum(g.bold for g in inked) > len(inked) / 2,
    )
    line.space_widths = [
        g.right - g.x for g in glyphs if g.space and g.size and abs(g.size - size) < 0.15
    ]
    current: list[Glyph] = []
    gap_before = 0.0
    previous_right = None
    for glyph in glyphs:
        split = glyph.space or (
            current and glyph.x - current[-1].right > 0.12 * max(glyph.size, size)
        )
        if split and current:
            line.words.append(_word(current, gap_before))
            previous_right = current[-1].right
            current = []
        if glyph.space:
            continue
        if not current:
            gap_before = glyph.x - previous_right if previous_right is not None else 0.0
        current.append(glyph)
    if current:
        line.words.append(_word(current, gap_before))
    return line


def _word(glyphs: list[Glyph], gap_before: float) -> Word:
    return Word("".join(g.char for g in glyphs), glyphs[0].x, glyphs[-1].right, gap_before)
