"""Pages that end at their foot, chosen while WeasyPrint paginates its one layout of the book.

The pages hold a whole number of the text's lines (the rest goes to the bottom margin while
the text is laid out; the folio stays where the stylesheet puts it), so that every full page
ends on the same line. WeasyPrint makes the pages one after another (`make_all_pages`, each
by `remake_page`, which it also uses to lay a page out again when a page number it shows
changes). `Pager.make_all_pages` takes its place for the render and does the same, and more:
when a page inside a part ends short of its foot (a line of the text would have fitted, but
a widow, a heading kept with its three lines or a note forbade it; or its gaps could not
hide what it lacks), it lays the top of the next page out ahead, reads these pages as rows
(page_model.py) and looks for the cheapest setting that ends them well (search.py):
paragraphs on this page or the pages before it, back to the previous spread, set in one
line more or one fewer (looseness.py), or else a spread run one line long or short. It then
lays out again, with `remake_page`, the pages from the first one that changes, and checks
them; a setting that does not end them well is undone (at most `TRIALS` are tried). A page
nothing fixes is left to pages.py, which opens its gaps a little.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import floor

from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as page_module

from pamphlet.typeset.looseness import use, variants
from pamphlet.typeset.page_model import Flow, read_flow
from pamphlet.typeset.pages import fillable
from pamphlet.typeset.paragraph import Paragraph
from pamphlet.typeset.search import (
    DEBUG,
    Choice,
    Pages,
    Plan,
    Search,
    State,
    Unit,
    ends_short,
    worse,
)

TRIALS = 3  # settings tried on the real pages for one short page
AHEAD = 8  # lines of the page after a short one laid out ahead, beyond what it lacks


@dataclass
class Fit:
    """What the pager did, for the report."""

    short: int = 0  # pages found short
    loosened: int = 0  # paragraphs set in a line more
    tightened: int = 0  # ... in a line fewer
    spreads: int = 0  # spreads run a line long or short
    left: list[int] = field(default_factory=list)  # short pages no setting fixed (numbers)
    seconds: float = 0.0  # fitting them: reading, searching, laying pages out again


class Pager:
    """WeasyPrint's pagination for one render, fitting short pages as they are made; the
    breaker's `plans` are the paragraphs it may set again."""

    def __init__(self, plans: dict[int, Paragraph | None]) -> None:
        self.plans = plans
        self.state = State(0.0)  # paragraphs set otherwise, pages run long or short
        self.before: dict[int, tuple] = {}  # page index → context state before it
        self.cache: dict = {}
        self.fit = Fit()
        self.page_height = page_module.page_height
        self.limit: tuple[int, float] | None = None  # a page laid out ahead: its top only
        self.asked: dict[int, tuple[bool, bool]] = {}
        # PAMPHLET_PAGE_FITTING=off leaves short pages as they come (the benchmark times
        # the breaker's lines and the fitting of pages apart)
        self.fitting = os.environ.get("PAMPHLET_PAGE_FITTING") != "off"

    # WeasyPrint's pagination, with fitting ---------------------------------------------------

    def make_all_pages(self, context, root_box, html, pages):
        """WeasyPrint's make_all_pages (70.0), as a list, fitting short pages as made."""
        self.state.leading = self.state.leading or _body_leading(root_box)
        made: list = []
        index = 0
        self.asked = {}
        context.rendered_notes = []
        while True:
            remake_state = context.page_maker[index][-1]
            if not pages or remake_state["content_changed"] or remake_state["pages_wanted"]:
                self.before[index] = _state(context)
                page, resume_at = self._make(index, context, root_box, html)
            else:  # up to date: WeasyPrint keeps it
                self.before[index] = _state(context)
                page, resume_at = pages[index], context.page_maker[index + 1][0]
                made[index:] = [page]
                index += 1
                if resume_at is None:
                    return self._done(context, made, index)
                continue
            made[index:] = [page]
            if self.fitting and self._short(index, page, context):
                started = time.perf_counter()
                resume_at = self._fit(index, made, context, root_box, html)
                self.fit.seconds += time.perf_counter() - started
            reported = context.reported_footnotes
            index += 1
            if resume_at is None and not reported:
                return self._done(context, made, index)

    def _done(self, context, made: list, count: int) -> list:
        """WeasyPrint's end of a round of pages; the pages at their own sizes again."""
        context.page_maker = context.page_maker[: count + 1]
        context.broken_out_of_flow.clear()
        context.reported_footnotes.clear()
        for page in made:
            _unsnap(page)
        if DEBUG:
            print("pages made:", len(made), "to make again:", [
                n + 1 for n, entry in enumerate(context.page_maker)
                if entry[-1]["content_changed"] or entry[-1]["pages_wanted"]])  # fmt: skip
        return made

    def _make(self, index: int, context, root_box, html):
        """remake_page, as WeasyPrint's make_all_pages calls it. What an earlier layout of
        the page in this round asked for (to be made again in the next round: a page
        number it shows was not known yet) it still asks for: the page number is known
        now, and WeasyPrint asks only the first time it is seen."""
        remake_state = context.page_maker[index][-1]
        remake_state.update(content_changed=False, pages_wanted=False, anchors=[],
                            content_lookups=[])  # fmt: skip
        made = page_module.remake_page(index, context, root_box, html)
        content, pages = self.asked.pop(index, (False, False))
        state = context.page_maker[index][-1]
        state["content_changed"] |= content
        state["pages_wanted"] |= pages
        return made

    def _remake(self, first: int, last: int, made: list, context, root_box, html):
        """Lay pages first..last out again from the state before `first`. A page that
        asked to be made again in WeasyPrint's next round (a page number it shows was not
        known yet) still asks."""
        _restore(context, self.before[first])
        for index in range(first, last + 1):
            self.asked[index] = _asks(context, index)
        resume_at = None
        for index in range(first, last + 1):
            self.before[index] = _state(context)
            made[index], resume_at = self._make(index, context, root_box, html)
        del made[last + 1 :]
        return resume_at

    def page_height_with_lines(self, box, context, containing_block_height):
        """WeasyPrint's page_height, made a whole number of lines of the text (the rest
        goes to the bottom margin until the margin boxes are made), and the line a spread
        run long adds (or short takes). Pages without a margin (covers) are left alone."""
        self.page_height(box, context, containing_block_height)
        if not self.state.leading or box.margin_bottom <= 0:
            return
        lines = floor(box.height / self.state.leading + 1e-6) * self.state.leading
        height = lines + self.state.extra.get(box.page_type.index, 0.0)
        if self.limit is not None and self.limit[0] == box.page_type.index:
            height = min(height, self.limit[1])
        box.pamphlet_snap = box.height - height
        box.margin_bottom += box.height - height
        box.height = box.pamphlet_height = height

    # short pages -----------------------------------------------------------------------------

    def _short(self, index: int, page, context) -> bool:
        """A page of the breaker's paragraphs, not its part's last, ending a line or more
        above its foot."""
        _, next_page, *_ = context.page_maker[index + 1]
        resume_at = context.page_maker[index + 1][0]
        if resume_at is None or next_page["break"] != "any":
            return False
        if not self.state.leading or not self._text(page):
            return False
        gaps, sink = fillable(page, self.state.leading)
        return ends_short(room(page), gaps, sink, self.state.leading)

    def _shorts(self, first: int, last: int, made: list, context) -> dict[int, float]:
        """The pages first..last that end short, and what is left at their foot."""
        return {
            n: room(made[n]) for n in range(first, last + 1) if self._short(n, made[n], context)
        }

    def _fit(self, index: int, made: list, context, root_box, html):
        """Make page `index` end at its foot if some setting does; its resume_at."""
        self.fit.short += 1
        first = self._window(index, made, context)
        following = self._ahead(index + 1, room(made[index]), context, root_box, html)
        window = made[first : index + 1]
        flow = read_flow([*window, following])
        units = self._units(flow)
        for unit in units:
            flow.lengths[unit.element] = len(unit.paragraph.lines)
        heights = [_height(page) for page in window]
        search = Search(flow, units, Pages(first, index, heights, _first_row_top(window[0])),
                        self.state)  # fmt: skip
        before = self._shorts(first, index - 1, made, context)
        if DEBUG:
            print("real rooms", [(n + 1, round(room(made[n]) / self.state.leading, 2),
                  [round(x / self.state.leading, 2) for x in fillable(made[n], self.state.leading)])
                  for n in range(first, index + 1)])  # fmt: skip
        kept = dict(self.state.choices), dict(self.state.extra)
        tried, dirty = 0, index + 1
        for plan in search.plans():
            tried += 1
            self._apply(plan, units)
            changed = min(search.first_changed(plan), dirty)
            resume_at = self._remake(changed, index, made, context, root_box, html)
            dirty = changed
            short = self._shorts(first, index, made, context)
            if DEBUG:
                print(f"page {index + 1}: pages {first + 1}-{index + 1} with {plan}: "
                      f"short {sorted(n + 1 for n in short)}")  # fmt: skip
            if not worse(short, before, self.state.leading):
                self._count(plan)
                return self._then(index, context, resume_at)
            self.state.choices, self.state.extra = dict(kept[0]), dict(kept[1])
            for unit in units:
                use(unit.paragraph, self._current(unit))
            if tried == TRIALS:
                break
        self.fit.left.append(index + 1)
        if DEBUG:
            print(f"page {index + 1} left short ({tried} tried, {len(units)} paragraphs)")
        if not tried:  # the pages are as they were
            _restore(context, self.before[index + 1])
            return self._then(index, context, context.page_maker[index + 1][0])
        resume_at = self._remake(dirty, index, made, context, root_box, html)
        return self._then(index, context, resume_at)

    def _ahead(self, index: int, short: float, context, root_box, html):
        """The top of page `index`, laid out ahead: what may come onto the page before it,
        which is `short` at its foot (a few lines more than that, as a spread may run a
        line long and paragraphs lose lines)."""
        self.before[index] = _state(context)
        self.limit = index, short + AHEAD * self.state.leading
        try:
            page, _ = self._make(index, context, root_box, html)
        finally:
            self.limit = None
        self.asked[index] = _asks(context, index)
        return page

    def _window(self, index: int, made: list, context) -> int:
        """The first page a fit may change: the previous spread's, within the part."""
        first = index
        limit = index - (2 if index % 2 else 3)  # an odd index is a left page
        while first - 1 >= max(limit, 0) and self._continues(first - 1, made, context):
            first -= 1
        return first

    def _then(self, index: int, context, resume_at):
        """The page after a fitted one is laid out again (it was made ahead)."""
        if resume_at is not None:
            context.page_maker[index + 1][-1]["content_changed"] = True
        return resume_at

    def _continues(self, index: int, made: list, context) -> bool:
        next_page = context.page_maker[index + 1][1]
        return next_page["break"] == "any" and self._text(made[index])

    def _text(self, page) -> bool:
        """Whether the page holds justified paragraphs set by the breaker."""
        for box in page.children[0].descendants():
            mark = getattr(box, "pamphlet_line", None)
            if mark is not None and isinstance(box, boxes.LineBox):
                paragraph = self.plans.get(mark[0])
                if paragraph is not None and paragraph.justified:
                    return True
        return False

    # what may change ---------------------------------------------------------------------

    def _units(self, flow: Flow) -> list[Unit]:
        """The breaker's paragraphs in the rows, with the settings they may take."""
        units = []
        seen = set()
        for row in flow.rows:
            if row.unit is None or row.unit in seen:
                continue
            seen.add(row.unit)
            paragraph = self.plans.get(row.unit)
            if paragraph is None or not paragraph.justified:
                continue
            keep = row.number  # its lines on earlier pages stay
            options = variants(paragraph, keep, self.cache)
            last = max(r.number for r in flow.rows if r.unit == row.unit)
            if last != len(paragraph.lines) - 1:  # it goes on past the rows: leave it
                options = {0: options[0]}
            units.append(Unit(row.unit, paragraph, keep, row.chain[-1], options))
        return units

    def _current(self, unit: Unit) -> list:
        choice = self.state.choices.get(unit.key)
        return choice.lines if choice is not None else unit.paragraph.best

    def _apply(self, plan: Plan, units: list[Unit]) -> None:
        for unit in units:
            delta = plan.change.get(unit.key)
            if delta is None:
                continue
            variant = unit.options[delta]
            if delta or unit.keep:
                self.state.choices[unit.key] = Choice(variant.lines, variant.cost)
            else:
                self.state.choices.pop(unit.key, None)
            use(unit.paragraph, variant.lines)
        for page in plan.spread:
            self.state.extra[page] = plan.lines * self.state.leading

    def _count(self, plan: Plan) -> None:
        self.fit.loosened += sum(1 for d in plan.change.values() if d > 0)
        self.fit.tightened += sum(1 for d in plan.change.values() if d < 0)
        self.fit.spreads += bool(plan.lines)


def _body_leading(root_box) -> float:
    """The line height of the justified paragraphs (the most common, if they differ): the
    text's, whose whole number of lines the pages hold. 0 when there are none."""
    heights: Counter[float] = Counter()
    for box in root_box.descendants():
        if isinstance(box, boxes.LineBox) and box.style["text_align_all"] == "justify":
            height = box.style["line_height"]  # "normal", a number, or a length in px
            if isinstance(height, int | float):
                heights[height * box.style["font_size"]] += 1
            elif getattr(height, "unit", None) == "px":
                heights[float(height.value)] += 1
    return heights.most_common(1)[0][0] if heights else 0.0


def _height(page) -> float:
    """The page's text height: whole lines (and the spread's line)."""
    return getattr(page, "pamphlet_height", page.height)


def _unsnap(page) -> None:
    """The page as WeasyPrint sized it, for its margin boxes: a folio stays in place,
    even on a spread run a line long or short."""
    snap = getattr(page, "pamphlet_snap", 0.0)
    if snap:
        page.height += snap
        page.margin_bottom -= snap
        page.pamphlet_snap = 0.0


def room(page) -> float:
    """What is left between the page's last line and its foot (its notes' top)."""
    lines = [box for box in page.children[0].descendants() if isinstance(box, boxes.LineBox)]
    if not lines:
        return _height(page)
    foot = page.content_box_y() + _height(page)
    area = next((c for c in page.children if isinstance(c, boxes.FootnoteAreaBox)), None)
    if area is not None and area.children:
        foot = area.position_y
    return foot - max(line.position_y + line.height for line in lines)


def _first_row_top(page) -> float:
    lines = [box for box in page.children[0].descendants() if isinstance(box, boxes.LineBox)]
    return min(line.position_y for line in lines) - page.content_box_y() if lines else 0.0


def _asks(context, index: int) -> tuple[bool, bool]:
    """Whether page `index` asked to be made again in WeasyPrint's next round."""
    state = context.page_maker[index][-1]
    return state["content_changed"], state["pages_wanted"]


def _state(context) -> tuple:
    """What laying a page out changes in WeasyPrint's context, to lay it out again."""
    return (
        list(context.footnotes),
        list(context.reported_footnotes),
        dict(context.broken_out_of_flow),
    )


def _restore(context, state: tuple) -> None:
    footnotes, reported, broken = state
    context.footnotes = list(footnotes)
    context.reported_footnotes = list(reported)
    context.broken_out_of_flow = dict(broken)


@contextmanager
def paginated(pager: Pager) -> Iterator[None]:
    """Pages made by `pager` for the duration (one render)."""
    from weasyprint import layout as layout_module

    make_all_pages = layout_module.make_all_pages
    layout_module.make_all_pages = pager.make_all_pages
    page_module.page_height = pager.page_height_with_lines
    try:
        yield
    finally:
        layout_module.make_all_pages = make_all_pages
        page_module.page_height = pager.page_height
