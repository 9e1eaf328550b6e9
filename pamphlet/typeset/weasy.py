"""WeasyPrint sets the lines the breaker chose, in its one layout of the book.

`optimal_lines()` wraps one `HTML(...).render(...)`. While it runs, four functions of
WeasyPrint's inline layout (70.0) are wrapped, and only act on justified paragraphs:

- `get_next_linebox`: the first time a paragraph's line box is laid out, its breaks are
  chosen over the whole paragraph (paragraph.py, knuth_plass.py) for the measure WeasyPrint
  gives it; each line then gets exactly the text the breaker gave it, and is checked as
  soon as it is made (it must end where the breaker's line ends);
- `split_inline_box`: the line is not limited by the measure (a shrunk line is wider than
  it before it is justified);
- `split_text_box`: a text box gives the line the part of its text the breaker chose, and
  a hyphen where the line ends inside a word, letter-spaced for the line's share of the
  breaker's ratio (within small limits);
- `text_align`: word spaces take the rest, to the exact measure.

The pages are made by pagination.py (WeasyPrint's page loop, fitting short pages), which may
set a paragraph again a line longer or shorter (looseness.py) and lay its pages out again;
the gaps of pages still short open a little (pages.py).

Paragraphs WeasyPrint lays out again (page breaks, repagination) keep their breaks. When the
document is made, every paragraph is verified line by line against the breaker's lines; one
that came out otherwise (or could not be broken within the measure) is set by WeasyPrint's
own line breaking from then on, and counted in the report (a build warning).
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from math import inf

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.line_break import create_layout, line_size

from pamphlet.typeset import footnotes
from pamphlet.typeset.knuth_plass import Settings, break_paragraph
from pamphlet.typeset.pages import balance_pages
from pamphlet.typeset.pagination import Fit, Pager, paginated
from pamphlet.typeset.paragraph import (
    LETTER_SHRINK,
    LETTER_STRETCH,
    Line,
    NotEligible,
    Paragraph,
    balance,
    balanced,
    build_items,
    read,
    set_lines,
    signature,
)

# (hyphenate?, tolerance): first without hyphens, as TeX's pretolerance pass, then with
# them, then looser, last any setting that fits the measure at all.
PASSES = ((False, 100), (True, 200), (True, 800), (True, 9999))
SETTINGS = Settings()


@dataclass
class Report:
    """What the breaker did in one layout."""

    paragraphs: int = 0  # justified, set as the breaker chose
    balanced: int = 0  # titles, headings, slogans: ragged lines of even length
    lines: int = 0
    hyphens: int = 0
    fallbacks: list[str] = field(default_factory=list)  # set by WeasyPrint, and why
    not_justified: int = 0
    left_to_weasyprint: Counter = field(default_factory=Counter)  # by design, by reason
    seconds: float = 0.0
    pages: Fit = field(default_factory=Fit)  # short pages and how they were fitted
    pages_filled: int = 0  # pages whose gaps were opened a little to end on the line

    def summary(self) -> str:
        return (
            f"{self.paragraphs} paragraphs ({self.lines} lines, {self.hyphens} hyphens) set "
            f"as broken by the paragraph, {self.balanced} balanced; "
            f"{len(self.fallbacks)} fell back to WeasyPrint; "
            f"{sum(self.left_to_weasyprint.values())} left to WeasyPrint by design; "
            f"{self.pages.short} short pages: {self.pages.loosened} paragraphs loosened, "
            f"{self.pages.tightened} tightened, {self.pages.spreads} spreads run long or "
            f"short, {len(self.pages.left)} left ({self.pages.seconds:.3f} s); "
            f"{self.pages_filled} pages' gaps opened; {self.seconds:.3f} s"
        )


@dataclass
class _Current:
    paragraph: Paragraph
    line: Line
    linebox: boxes.LineBox


class Breaker:
    def __init__(self) -> None:
        self.report = Report()
        self.plans: dict[int, Paragraph | None] = {}
        self.keep: list = []  # the planned line boxes, alive while their ids are keys
        self.current: _Current | None = None
        self.styles: dict = {}  # letter-spaced copies of styles
        self.original = {
            name: getattr(inline, name)
            for name in ("get_next_linebox", "split_inline_box", "split_text_box", "text_align")
        }

    # the wrapped functions ---------------------------------------------------------------

    def get_next_linebox(self, context, linebox, position_y, bottom_space, skip_stack,
                         containing_block, *rest):  # fmt: skip
        original = self.original["get_next_linebox"]
        footnotes.at_page_foot_lookahead(context)
        arguments = (context, linebox, position_y, bottom_space, skip_stack, containing_block,
                     *rest)  # fmt: skip
        paragraph = self._plan(context, linebox, containing_block, skip_stack)
        if paragraph is None:
            return original(*arguments)
        start = paragraph.normalize(paragraph.skip_to_char(skip_stack))
        number = paragraph.line_at.get(start)
        if number is None:
            self._fall_back(linebox, f"a line starts where the breaker has none ({start})")
            return original(*arguments)
        line = paragraph.lines[number]
        outer, self.current = self.current, _Current(paragraph, line, linebox)
        try:
            made, resume_at = original(*arguments)
        finally:
            self.current = outer
        ends = len(paragraph.text) if resume_at is None else paragraph.skip_to_char(resume_at)
        expected = len(paragraph.text) if line.last else line.next_start
        if paragraph.normalize(ends) != paragraph.normalize(expected):
            self._fall_back(linebox, f"line {number + 1} ended at {ends}, not {expected}")
        elif made is not None:
            made.pamphlet_line = (id(linebox), number)
        return made, resume_at

    def split_inline_box(self, context, box, position_x, max_x, *rest):
        if self.current is not None and box is self.current.linebox:
            max_x = inf  # the breaker decides what the line holds
        return self.original["split_inline_box"](context, box, position_x, max_x, *rest)

    def split_text_box(self, context, box, available_width, skip, is_line_start=True):
        original = self.original["split_text_box"]
        current = self.current
        piece = current.paragraph.piece_of(box) if current is not None else None
        if current is None or piece is None:
            return original(context, box, available_width, skip, is_line_start)
        line, paragraph = current.line, current.paragraph
        begin = piece.char_at(skip)
        if line.end >= piece.end:
            return original(context, self._spaced(box, current), inf, skip, is_line_start)
        resume = piece.byte_offset(min(line.next_start, piece.end))
        text = paragraph.text[begin : line.end].rstrip(" ")
        if line.hyphenated:
            text += box.style["hyphenate_character"]
        if not text:
            return None, resume, False
        made, _, _ = original(
            context, self._spaced(box.copy_with_text(text), current), inf, 0, is_line_start
        )
        return made, resume, False

    def _spaced(self, box: boxes.TextBox, current: _Current) -> boxes.TextBox:
        """The text box in the letter-spacing of its line's share of the ratio (a copy),
        so that Pango lays it out once, already spaced; or the box itself."""
        if current.line.last or not current.paragraph.justified:
            return box
        em = _letter_em(current.line.ratio)
        if not em:
            return box
        key = (id(box.style), em)
        if key not in self.styles:
            style = box.style.copy()
            style["letter_spacing"] = em * style["font_size"]
            self.styles[key] = (box.style, style)  # the original kept: its id stays unique
        spaced = box.copy()
        spaced.style = self.styles[key][1]
        return spaced

    def text_align(self, context, line, available_width, last):
        current = self.current
        if (
            current is None
            or line.style is not current.linebox.style
            or last
            or not current.paragraph.justified
        ):
            return self.original["text_align"](context, line, available_width, last)
        _justify(context, line, available_width)
        return 0

    # planning ------------------------------------------------------------------------------

    def _plan(self, context, linebox, containing_block, skip_stack) -> Paragraph | None:
        key = id(linebox)
        if key in self.plans:
            paragraph = self.plans[key]
            if paragraph is None or signature(linebox) == paragraph.signature:
                return paragraph  # laid out again (a page break, repagination): same lines
            if skip_stack is not None:  # its text changed (a target counter) past a page break
                return self._replan_rest(context, linebox, containing_block, skip_stack, paragraph)
        justified = linebox.style["text_align_all"] == "justify"
        if skip_stack is not None or not (justified or balanced(linebox)):
            self.report.not_justified += 1
            return self._remember(linebox, None)
        if context.excluded_shapes:
            self._leave(linebox, "beside a float")
            return None
        started = time.perf_counter()
        try:
            paragraph = read(linebox, context)
            build_items(paragraph, context, SETTINGS)
            if not justified:
                paragraph.justified = False
                balance(paragraph, containing_block.width - (linebox.text_indent or 0))
        except NotEligible as reason:
            self._leave(linebox, str(reason))
            return None
        finally:
            self.report.seconds += time.perf_counter() - started
        if justified and not self._break(paragraph, linebox, containing_block.width):
            return None
        paragraph.line_at = {paragraph.normalize(line.start): n for n, line in
                             enumerate(paragraph.lines)}  # fmt: skip
        return self._remember(linebox, paragraph)

    def _replan_rest(self, context, linebox, containing_block, skip_stack, old: Paragraph):
        """New breaks for the part of a paragraph after a page break, whose text changed
        since it was planned (`old`, before a target counter got its number): the lines
        before the break are set already and stay as they were."""
        try:
            paragraph = read(linebox, context)
            build_items(paragraph, context, SETTINGS)
        except NotEligible:
            self._fall_back(linebox, "its text changed and can no longer be planned")
            return None
        start = paragraph.normalize(paragraph.skip_to_char(skip_stack))
        kept = [line for line in old.lines if line.start < start]
        paragraph.items = [item for item in paragraph.items if item.position >= start]
        if not self._break(paragraph, linebox, containing_block.width, indent=False):
            return None
        for line in paragraph.lines[:1]:
            line.start = start
        paragraph.lines = paragraph.best = kept + paragraph.lines
        paragraph.settings = None  # its items are those of the rest only: no other settings
        paragraph.line_at = {paragraph.normalize(line.start): n for n, line in
                             enumerate(paragraph.lines)}  # fmt: skip
        return self._remember(linebox, paragraph)

    def _break(self, paragraph: Paragraph, linebox, width: float, indent: bool = True) -> bool:
        started = time.perf_counter()
        widths = (width - (linebox.text_indent or 0) if indent else width, width)
        for hyphenate, tolerance in PASSES:
            settings = replace(SETTINGS, tolerance=tolerance, hyphenate=hyphenate)
            breaks = break_paragraph(paragraph.items, widths, settings)
            if breaks:
                break
        self.report.seconds += time.perf_counter() - started
        if not breaks:
            self._remember(linebox, None)
            self._fall_back(linebox, "no way to break it within the measure")
            return False
        set_lines(paragraph, breaks)
        paragraph.widths, paragraph.settings = widths, settings
        paragraph.best = paragraph.lines
        return True

    def _remember(self, linebox, paragraph: Paragraph | None) -> Paragraph | None:
        self.plans[id(linebox)] = paragraph
        self.keep.append(linebox)
        return paragraph

    def _leave(self, linebox, reason: str) -> None:
        self.report.left_to_weasyprint[reason] += 1
        self._remember(linebox, None)

    def _fall_back(self, linebox, reason: str) -> None:
        self.plans[id(linebox)] = None
        self.report.fallbacks.append(f"{_name(linebox)}: {reason}")

    # verification --------------------------------------------------------------------------

    def verify(self, pages) -> None:
        """Every planned paragraph, as it came out of the layout: each of its lines once,
        holding exactly the breaker's text."""
        seen: dict[int, dict[int, str]] = {}
        for page in pages:
            for box in page.descendants():
                mark = getattr(box, "pamphlet_line", None)
                if isinstance(box, boxes.LineBox) and mark is not None:
                    seen.setdefault(mark[0], {})[mark[1]] = _text_of(box)
        for linebox in {id(box): box for box in self.keep}.values():
            paragraph = self.plans.get(id(linebox))
            if paragraph is None:
                continue
            found = seen.get(id(linebox), {})
            expected = {
                n: paragraph.line_text(line, _hyphen(paragraph)).strip()
                for n, line in enumerate(paragraph.lines)
            }
            if found == expected and not paragraph.justified:
                self.report.balanced += 1
            elif found == expected:
                self.report.paragraphs += 1
                self.report.lines += len(expected)
                self.report.hyphens += sum(line.hyphenated for line in paragraph.lines)
            elif set(found) - set(expected) or any(found[n] != expected[n] for n in found):
                self._fall_back(linebox, "its lines came out otherwise")
            # lines not found: the paragraph is not in the pages (a discarded layout)


def _name(linebox) -> str:
    element = linebox.element
    identifier = element.get("id") if element is not None else None
    return f"<{linebox.element_tag}{f' id={identifier}' if identifier else ''}>"


def _hyphen(paragraph: Paragraph) -> str:
    return paragraph.pieces[0].box.style["hyphenate_character"]


def _text_of(line: boxes.LineBox) -> str:
    return "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)).strip()


# justification ---------------------------------------------------------------------------


LETTER_STEPS = 8  # letter-spacing is set in eighths of its limit: styles are shared


def _letter_em(ratio: float) -> float:
    """The letter-spacing, in em, that takes a line's share of its adjustment ratio."""
    letters = round(min(max(ratio, -1.0), 1.0) * LETTER_STEPS) / LETTER_STEPS
    return letters * (LETTER_STRETCH if letters > 0 else LETTER_SHRINK)


def _justify(context, line, available_width: float) -> None:
    """Word spaces for what the line still lacks (its letters were spaced as its text
    boxes were made, see Breaker._spaced), to the exact measure."""
    extra = available_width - line.width
    spaces = inline.count_expandable_spaces(line)
    if extra and spaces:
        _word_space(context, line, extra / spaces, 0.0)


def _set_layout(context, box) -> float:
    """A new Pango layout for the text box in its style; its width."""
    layout = create_layout(box.text, box.style, context, None, box.justification_spacing)
    first_line, _ = layout.get_first_line()
    width, _ = line_size(first_line, box.style)
    layout.deactivate()
    box.pango_layout = layout
    return width


def _word_space(context, box, spacing: float, advance: float) -> float:
    """WeasyPrint's add_word_spacing, without a new layout where the box has one of its
    text: the extra space is drawn from the layout's justification spacing."""
    if isinstance(box, boxes.TextBox):
        box.justification_spacing = spacing
        box.position_x += advance
        spaces = box.text.count(" ") + box.text.count("\u00a0")
        if spaces:
            layout = getattr(box, "pango_layout", None)
            if layout is None or layout.text != box.text:
                _set_layout(context, box)
            box.pango_layout.justification_spacing = spacing
            advance += spacing * spaces
            box.width += spacing * spaces
        return advance
    if isinstance(box, boxes.LineBox | boxes.InlineBox):
        box.position_x += advance
        before = advance
        for child in box.children:
            if child.is_in_normal_flow():
                advance = _word_space(context, child, spacing, advance)
        box.width += advance - before
        return advance
    box.translate(advance, 0)
    return advance


@contextmanager
def optimal_lines() -> Iterator[Report]:
    """Lay out with the breaker for the duration (one render); yields its report, filled
    in when the render returns. PAMPHLET_LINE_BREAKING=weasyprint leaves WeasyPrint's own
    line breaking in place (the benchmark compares the two)."""
    from weasyprint import document as document_module
    from weasyprint.document import Document

    if os.environ.get("PAMPHLET_LINE_BREAKING") == "weasyprint":  # for comparisons
        yield Report()
        return
    breaker = Breaker()
    wrapped = {name: getattr(breaker, name) for name in breaker.original}
    render = Document._render

    def _render(cls, *arguments, **options):
        document = render.__func__(cls, *arguments, **options)
        breaker.verify(page._page_box for page in document.pages)
        return document

    layout_document = document_module.layout_document

    def layout_and_balance(*arguments, **options):
        pages = list(layout_document(*arguments, **options))
        breaker.report.pages_filled = balance_pages(pages, pager.state.leading)
        return pages

    guard = footnotes.Guard()
    pager = Pager(breaker.plans)
    breaker.report.pages = pager.fit
    for name, function in wrapped.items():
        setattr(inline, name, function)
    Document._render = classmethod(_render)
    document_module.layout_document = layout_and_balance
    guard.install()
    try:
        with paginated(pager):
            yield breaker.report
    finally:
        for name, function in breaker.original.items():
            setattr(inline, name, function)
        Document._render = render
        document_module.layout_document = layout_document
        guard.remove()


def report_lines(ctx, report: Report) -> None:
    """The breaker's and the pager's times as stages of the build, and the breaker's
    fallbacks as one warning."""
    from pamphlet.timing import add_time

    add_time("line breaking", report.seconds)
    add_time("page fitting", report.pages.seconds)
    if report.fallbacks:
        shown = "; ".join(report.fallbacks[:3])
        more = f" (+{len(report.fallbacks) - 3} more)" if len(report.fallbacks) > 3 else ""
        ctx.warnings.add(
            ctx.manifest.folder,
            None,
            f"{len(report.fallbacks)} paragraph(s) set by WeasyPrint's own line breaking, "
            f"not the paragraph breaker's: {shown}{more}",
            "the text is all there; report it if the paragraph's lines look loose",
        )
