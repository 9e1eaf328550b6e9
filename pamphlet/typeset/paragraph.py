"""A justified paragraph as WeasyPrint holds it (a line box of text and inline boxes), turned
into the breaker's items, and the chosen breaks turned back into lines of that text.

Widths are Pango's own, read from the glyphs of one layout per text box made exactly as
WeasyPrint makes it (`create_layout`: same font files, features, size, letter- and
word-spacing), so a line set by WeasyPrint is as wide as the breaker thought it would be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import FROM_UNITS, ffi, pango
from weasyprint.text.line_break import create_layout

from pamphlet.typeset import hyphenation
from pamphlet.typeset.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Item, Settings

# Fine justification: how far word spaces and letters may move, as fractions of the
# natural space and of the font size. A line using all its stretch (ratio 1) has spaces
# 1.4× natural and letters 1 % of an em apart; at most shrink, spaces of 0.8× and −0.6 %.
WORD_STRETCH = 0.5
WORD_SHRINK = 0.33
LETTER_STRETCH = 0.015
LETTER_SHRINK = 0.012
EM_DASH_PENALTY = 80  # a line may end after an em dash between words, at a small cost
SPACES = " "
NO_BREAK_SPACE = "\u00a0"


class NotEligible(Exception):
    """The paragraph holds something the breaker does not set (a forced line break, an
    image or inline block, preserved white space): WeasyPrint breaks it, by design."""


@dataclass
class Piece:
    """One text box of the paragraph: where its text starts in the paragraph's text."""

    box: boxes.TextBox
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    def byte_offset(self, char: int) -> int:
        """The UTF-8 offset in this box's text of paragraph character `char`."""
        return len(self.text[: char - self.start].encode())

    def char_at(self, byte_offset: int) -> int:
        return self.start + len(self.text.encode()[:byte_offset].decode(errors="ignore"))


@dataclass
class Line:
    start: int  # paragraph characters [start, end), then a hyphen if `hyphenated`
    end: int
    hyphenated: bool
    ratio: float  # the breaker's adjustment ratio: > 0 stretched, < 0 shrunk
    next_start: int  # where the next line starts (after the spaces)
    last: bool


@dataclass
class Paragraph:
    linebox: boxes.LineBox
    text: str = ""
    pieces: list[Piece] = field(default_factory=list)
    starts: dict[int, int] = field(default_factory=dict)  # id(box) → first character
    advances: list[float] = field(default_factory=list)  # per character, px
    sizes: list[float] = field(default_factory=list)  # font size per character, px
    items: list[Item] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    line_at: dict[int, int] = field(default_factory=dict)  # start character → line number
    by_box: dict[int, Piece] = field(default_factory=dict)  # id(text box) → its piece
    justified: bool = True  # else balanced: ragged lines of even length
    signature: tuple = ()
    notes: list[tuple[int, boxes.Box]] = field(default_factory=list)  # (character, note)
    widths: tuple[float, float] = (0.0, 0.0)  # of the first line and of the others
    settings: Settings | None = None  # of the pass that broke it
    best: list[Line] = field(default_factory=list)  # the breaker's own choice

    def piece_of(self, box: boxes.TextBox) -> Piece | None:
        return self.by_box.get(id(box))

    def line_text(self, line: Line, hyphen: str = "\u2010") -> str:
        text = self.text[line.start : line.end].rstrip(" ")
        return text + hyphen if line.hyphenated else text

    def skip_to_char(self, skip_stack: dict | None) -> int:
        """The paragraph character a WeasyPrint skip stack points at."""
        box: boxes.Box = self.linebox
        char = 0
        while skip_stack:
            ((index, skip_stack),) = skip_stack.items()
            if isinstance(box, boxes.TextBox):
                piece = self.piece_of(box)
                return piece.char_at(index) if piece else char
            if index >= len(box.children):
                return self._end_of(box)
            box = box.children[index]
            char = self.starts.get(id(box), char)
        return self.starts.get(id(box), char)

    def _end_of(self, box: boxes.Box) -> int:
        ends = [p.end for p in self.pieces if _inside(p.box, box)]
        return max(ends) if ends else len(self.text)

    def normalize(self, char: int) -> int:
        """Skip the collapsible spaces a line never starts with."""
        while char < len(self.text) and self.text[char] in SPACES:
            char += 1
        return char


def _inside(box: boxes.Box, parent: boxes.Box) -> bool:
    if box is parent:
        return True
    return isinstance(parent, boxes.ParentBox) and any(_inside(box, c) for c in parent.children)


def read(linebox: boxes.LineBox, context) -> Paragraph:
    """The paragraph's text, per-character advances and sizes (Pango), ready for items."""
    paragraph = Paragraph(linebox)
    _walk(paragraph, linebox, context)
    paragraph.signature = tuple((id(piece.box), piece.text) for piece in paragraph.pieces)
    if not paragraph.text.strip():
        raise NotEligible("no text")
    return paragraph


def _walk(paragraph: Paragraph, box: boxes.Box, context) -> None:
    paragraph.starts[id(box)] = len(paragraph.text)
    if isinstance(box, boxes.TextBox):
        style = box.style
        if style["white_space"] != "normal" or "\n" in box.text or "\t" in box.text:
            raise NotEligible("preserved white space or a forced line break")
        if style["direction"] != "ltr":
            raise NotEligible("right-to-left text")
        piece = Piece(box, len(paragraph.text), box.text)
        paragraph.pieces.append(piece)
        paragraph.by_box[id(box)] = piece
        paragraph.text += box.text
        paragraph.advances += _advances(box, context)
        paragraph.sizes += [style["font_size"]] * len(box.text)
        return
    if isinstance(box, boxes.InlineBox | boxes.LineBox):
        if getattr(box, "footnote", None) is not None:  # a note's call: the note goes with it
            paragraph.notes.append((len(paragraph.text), box.footnote))
        if box.is_leader:
            raise NotEligible("a leader")
        if box is not paragraph.linebox and _decorated(box.style):
            raise NotEligible("an inline box with padding, border or margin")
        for child in box.children:
            if child.is_in_normal_flow():
                _walk(paragraph, child, context)
            elif not (
                (child.is_floated() and child.style["float"] == "footnote") or child.is_running()
            ):
                raise NotEligible("a float or positioned box inside the text")
        return
    raise NotEligible(f"an inline {type(box).__name__}")


def _decorated(style) -> bool:
    for side in ("left", "right"):
        margin = style[f"margin_{side}"]
        if style[f"padding_{side}"].value or style[f"border_{side}_width"]:
            return True
        if margin != "auto" and getattr(margin, "value", 0):
            return True
    return False


def _advances(box: boxes.TextBox, context) -> list[float]:
    """Each character's advance in px, as Pango shapes the box's whole text on one line
    (a ligature's width goes to its first character)."""
    text = box.text
    layout = create_layout(text, box.style, context, None, 0)
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    by_byte = [0.0] * (len(text.encode()) + 1)
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        infos, clusters = glyphs.glyphs, glyphs.log_clusters
        for index in range(glyphs.num_glyphs):
            by_byte[offset + clusters[index]] += infos[index].geometry.width * FROM_UNITS
        run = run.next
    letter_spacing = box.style["letter_spacing"]
    advances = []
    byte = 0
    for character in text:
        advances.append(by_byte[byte])
        byte += len(character.encode())
    if letter_spacing != "normal" and advances:
        advances[-1] += letter_spacing  # WeasyPrint counts a last letter-space too
    return advances


def hyphen_width(style, context, cache: dict) -> float:
    key = id(style)
    if key not in cache:
        layout = create_layout(style["hyphenate_character"], style, context, None, 0)
        line = pango.pango_layout_get_line_readonly(layout.layout, 0)
        rect = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ffi.NULL, rect)
        cache[key] = (style, rect.width * FROM_UNITS)  # the style is kept: its id stays
    return cache[key][1]


def build_items(paragraph: Paragraph, context, settings: Settings) -> None:
    """Boxes, glue and penalties for the paragraph's text (see knuth_plass.py), with every
    hyphenation point the discipline allows (a pass may ignore them)."""
    text = paragraph.text
    width_at, size_at = _running_sums(paragraph.advances), _running_sums(paragraph.sizes)
    styles = _style_per_char(paragraph)
    items: list[Item] = []
    widths: dict = {}

    def box(start: int, end: int) -> None:
        letters = size_at[end] - size_at[start]
        items.append(
            Item(BOX, width_at[end] - width_at[start], letters * LETTER_STRETCH,
                 letters * LETTER_SHRINK, position=start)
        )  # fmt: skip

    def glue(start: int, end: int) -> None:
        width, size = width_at[end] - width_at[start], paragraph.sizes[start]
        items.append(
            Item(GLUE, width, width * WORD_STRETCH + size * LETTER_STRETCH,
                 width * WORD_SHRINK + size * LETTER_SHRINK, position=start)
        )  # fmt: skip

    index, length = 0, len(text)
    while index < length and text[index] in SPACES:
        index += 1
    while index < length:
        character = text[index]
        if character in SPACES:
            end = index
            while end < length and text[end] in SPACES:
                end += 1
            glue(index, end)
            index = end
            continue
        if character == NO_BREAK_SPACE:
            items.append(Item(PENALTY, 0.0, penalty=INFINITY, position=index))
            glue(index, index + 1)
            index += 1
            continue
        end = index
        while end < length and text[end] not in SPACES and text[end] != NO_BREAK_SPACE:
            end += 1
        for start, stop, kind in _word_parts(text[index:end], styles[index]):
            box(index + start, index + stop)
            if kind == "hyphen":
                width = hyphen_width(styles[index + stop - 1], context, widths)
                items.append(Item(PENALTY, width, penalty=settings.hyphen_penalty,
                                  flagged=True, position=index + stop))  # fmt: skip
            elif kind == "compound":
                items.append(Item(PENALTY, 0.0, penalty=settings.compound_penalty,
                                  flagged=True, position=index + stop))  # fmt: skip
            elif kind == "dash":
                items.append(Item(PENALTY, 0.0, penalty=EM_DASH_PENALTY, position=index + stop))
        index = end
    while items and items[-1].kind != BOX:
        items.pop()
    end = len(text.rstrip(" "))
    items.append(Item(GLUE, 0.0, stretch=1e6, position=end))
    items.append(Item(PENALTY, 0.0, penalty=-INFINITY, position=end))
    paragraph.items = items


def _running_sums(values: list[float]) -> list[float]:
    sums = [0.0]
    total = 0.0
    for value in values:
        total += value
        sums.append(total)
    return sums


def _style_per_char(paragraph: Paragraph) -> list:
    styles = []
    for piece in paragraph.pieces:
        styles += [piece.box.style] * len(piece.text)
    return styles


def _word_parts(word: str, style) -> list[tuple[int, int, str]]:
    """The word cut at the places a line may end inside it: (start, end, what follows)."""
    cuts: dict[int, str] = {}
    if "-" in word or "‐" in word:
        for offset in hyphenation.hard_hyphen_breaks(word):
            if offset < len(word):
                cuts[offset] = "compound"
    if "—" in word:
        for offset, character in enumerate(word[:-1]):
            between_letters = offset and word[offset - 1].isalpha() and word[offset + 1].isalpha()
            if character == "—" and between_letters:
                cuts[offset + 1] = "dash"
    if not cuts and len(word) >= 6 and style["hyphens"] == "auto" and style["lang"]:
        shortest = style["hyphenate_limit_chars"][0]
        shortest = shortest if isinstance(shortest, int) else 6
        for offset in hyphenation.soft_breaks(word, style["lang"], shortest):
            cuts[offset] = "hyphen"
    if not cuts:
        return [(0, len(word), "")]
    parts = []
    start = 0
    for offset in sorted(cuts):
        parts.append((start, offset, cuts[offset]))
        start = offset
    parts.append((start, len(word), ""))
    return parts


def set_lines(paragraph: Paragraph, breaks) -> None:
    """The lines the breaks make, as ranges of the paragraph's text."""
    paragraph.lines = lines_of(paragraph, paragraph.items, breaks, paragraph.normalize(0))


def lines_of(paragraph: Paragraph, items: list[Item], breaks, start: int) -> list[Line]:
    """The lines that `breaks` of `items` make, the first starting at character `start`."""
    lines = []
    for number, chosen in enumerate(breaks):
        item = items[chosen.index]
        last = number == len(breaks) - 1
        following = _next_box(items, chosen.index)
        next_start = items[following].position if following < len(items) else len(paragraph.text)
        lines.append(
            Line(
                start,
                item.position,
                chosen.flagged and item.kind == PENALTY and item.width > 0,
                chosen.ratio,
                next_start,
                last,
            )
        )
        start = next_start
    return lines


def _next_box(items: list[Item], index: int) -> int:
    index += 1
    while index < len(items) and items[index].kind != BOX:
        index += 1
    return index


BALANCED_TAGS = {"h1", "h2", "h3", "h4", "figcaption"}
BALANCED_CLASSES = {"slogan", "cover-title", "cover-subtitle", "cover-slogan", "title", "subtitle"}


def balanced(linebox: boxes.LineBox) -> bool:
    """Titles, headings and slogans: set ragged in lines of even length, never a lone word
    on the last line (the balance of CSS's text-wrap, which WeasyPrint 70 lacks)."""
    element = linebox.element
    if element is None:
        return False
    if element.tag in BALANCED_TAGS:
        return True
    return bool(BALANCED_CLASSES & set((element.get("class") or "").split()))


def balance(paragraph: Paragraph, width: float) -> None:
    """The fewest lines the text needs at `width`, each as short as that number allows:
    the narrowest measure that still gives that many lines, broken first-fit."""
    items = paragraph.items
    count = _first_fit(items, width)
    if count is None:
        raise NotEligible("a word wider than the measure")
    low, high = 0.0, width
    for _ in range(24):
        middle = (low + high) / 2
        if _first_fit(items, middle) == count:
            high = middle
        else:
            low = middle
    breaks = _first_fit(items, high, breaks=True)
    start = paragraph.normalize(0)
    lines = []
    for number, index in enumerate(breaks):
        following = _next_box(items, index)
        next_start = items[following].position if following < len(items) else len(paragraph.text)
        last = number == len(breaks) - 1
        lines.append(Line(start, items[index].position, False, 0.0, next_start, last))
        start = next_start
    paragraph.lines = lines


def _first_fit(items: list[Item], width: float, breaks: bool = False):
    """Lines (or, with `breaks`, the item each line ends at) when breaking at spaces and
    dashes, first-fit, at `width`; None if a word alone is wider."""
    ends: list[int] = []
    line = 0.0
    pending = 0.0  # a space waiting for the next word
    last_break = -1
    for index, item in enumerate(items):
        if item.kind == BOX:
            if line and line + pending + item.width > width + 1e-6:
                if last_break < 0:
                    return None
                ends.append(last_break)
                line, pending, last_break = item.width, 0.0, -1
                continue
            line += pending + item.width
            pending = 0.0
        elif item.kind == GLUE:
            if item.stretch < 1e5:
                pending += item.width
            if index and items[index - 1].kind == BOX:
                last_break = index
        elif item.penalty < INFINITY and not item.width and not item.flagged:
            last_break = index
        if line > width + 1e-6 and not ends and last_break < 0 and item.kind == BOX:
            return None
    ends.append(len(items) - 1)
    return ends if breaks else len(ends)


def signature(box: boxes.Box) -> tuple:
    """What a plan depends on: the text boxes of the line box and their texts (a target
    counter's text, or a box WeasyPrint made anew, calls for new breaks)."""
    found: list = []
    _collect(box, found)
    return tuple(found)


def _collect(box: boxes.Box, found: list) -> None:
    if isinstance(box, boxes.TextBox):
        found.append((id(box), box.text))
    elif isinstance(box, boxes.ParentBox):
        for child in box.children:
            if child.is_in_normal_flow():
                _collect(child, found)
