"""Which paragraphs to set a line longer or shorter, or which spread to run a line long or
short, so that a short page ends at its foot: the settings a typesetter would try, played
over the rows of the pages (page_model.py) cheapest first, before any page is laid out again.

A setting's cost is the breaker's demerits for the paragraphs it sets otherwise than their
best (looseness.py), plus `CHANGED` for each; a spread run long or short costs more than
any setting of paragraphs (`SPREAD_COST`), so it comes only when they do not do. A setting
is kept if page `index` then ends well and no page before it ends worse.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import combinations, product

from pamphlet.typeset.looseness import Variant
from pamphlet.typeset.page_model import Flow
from pamphlet.typeset.paragraph import Paragraph

CHANGED = 20_000  # demerits for each paragraph set otherwise than its best
MOST_CHANGED = 4  # paragraphs changed at once for one page
SPREAD = (1, -1)  # lines a spread may run long (1) or short (-1)
SPREAD_COST = 10**9  # after every way with paragraphs
SEARCHED = 400  # settings tried on the rows for one short page
ROUGH = 0.4  # of a line: what a page may lack after its gaps open, and not be short
DEBUG = os.environ.get("PAMPHLET_DEBUG_PAGES")  # what is tried, on stdout


@dataclass
class Choice:
    """A paragraph set otherwise than the breaker first chose, and what it costs."""

    lines: list
    cost: float


@dataclass
class State:
    """What the pages are set with now: the paragraphs set otherwise, the lines each page
    runs long or short (in px), and the text's leading."""

    leading: float
    choices: dict[int, Choice] = field(default_factory=dict)  # by plan key
    extra: dict[int, float] = field(default_factory=dict)  # by page index


@dataclass
class Pages:
    """The pages a fit may change (first..index, laid out), their heights, and where the
    first one's first row is."""

    first: int
    index: int
    heights: list[float]
    top: float


class Search:
    """The settings that would end the pages first..index well, cheapest first, as the
    rows foretell: paragraphs a line longer or shorter, then a spread a line long or short
    (alone or with one paragraph)."""

    def __init__(self, flow: Flow, units: list[Unit], pages: Pages, state: State) -> None:
        self.flow, self.pages, self.state = flow, pages, state
        self.first, self.index, self.top = pages.first, pages.index, pages.top
        self.leading = state.leading
        self.units = [unit for unit in units if self._choices(unit)]
        self.natural = [
            height - state.extra.get(self.first + n, 0.0) for n, height in enumerate(pages.heights)
        ]

    def plans(self) -> Iterator[Plan]:
        """The plans that end page `index` well and no page before it worse."""
        before = self._shorts(Plan({}, (), 0, 0.0))
        if before is None:  # the rows do not show how the pages end
            return
        before.pop(len(self.natural) - 1, None)
        for plan in self._ways():
            short = self._shorts(plan)
            if short is not None and not worse(short, before, self.leading):
                yield plan

    def _shorts(self, plan: Plan) -> dict[int, float] | None:
        """The pages of the window that end short, and what is left at their foot (None:
        the rows do not tell)."""
        pages = self._paginate(plan)
        if None in pages:
            return None
        if DEBUG:
            rooms = [page and (page.end, round(page.room / self.leading, 2)) for page in pages]
            print("   ", plan, rooms)
        return {n: page.room for n, page in enumerate(pages) if page and self._short(page)}

    def first_changed(self, plan: Plan) -> int:
        """The first page the plan changes: where a paragraph it sets otherwise begins to
        change, or the first page of its spread."""
        pages = [self.first + row.page for row in self.flow.rows if row.unit in plan.change]
        return min([*pages, *plan.spread, self.index + 1])

    def _short(self, page) -> bool:
        leading = self.leading
        return ends_short(page.room, page.fillable * leading, page.sink * leading, leading)

    def _ways(self) -> list[Plan]:
        ways = []
        for count in range(1, MOST_CHANGED + 1):
            for chosen in combinations(self.units, count):
                for deltas in product(*(self._choices(unit) for unit in chosen)):
                    change = dict(zip((unit.key for unit in chosen), deltas, strict=True))
                    ways.append(Plan(change, (), 0, self._cost(change)))
        ways.sort(key=lambda plan: plan.cost)
        ways = ways[:SEARCHED]
        back = {unit.key: 0 for unit in self.units if 0 in self._choices(unit)}
        changes = [{}, back] if back else [{}]
        changes += [{unit.key: delta} for unit in self.units for delta in self._choices(unit)]
        spreads = [
            Plan(change, spread, lines, SPREAD_COST + self._cost(change))
            for spread in self._spreads()
            for lines in SPREAD
            for change in changes
        ]  # a spread alone, with every paragraph back to its best, or with one changed
        return ways + sorted(spreads, key=lambda plan: plan.cost)

    def _choices(self, unit: Unit) -> list[int]:
        """The settings a paragraph may change to: a line more or less, or back to its
        best."""
        current = self.state.choices.get(unit.key)
        return [
            delta
            for delta, variant in unit.options.items()
            if (delta and (current is None or variant.lines != current.lines))
            or (not delta and current is not None and not unit.keep)
        ]

    def _spreads(self) -> list[tuple[int, int]]:
        """The spreads the pages first..index belong to, whole within them (the right page
        of the last may come after): a left page has an odd index."""
        found = []
        for page in range(self.first, self.index + 1):
            left = page if page % 2 else page - 1
            if left >= self.first and (left, left + 1) not in found:
                found.append((left, left + 1))
        return found

    def _cost(self, change: dict) -> float:
        """What the paragraphs of the rows cost, set as `change` says (the others as they
        are now)."""
        cost = 0.0
        for unit in self.units:
            if unit.key in change:
                delta = change[unit.key]
                cost += unit.options[delta].cost + (CHANGED if delta else 0.0)
            elif unit.key in self.state.choices:
                cost += self.state.choices[unit.key].cost + CHANGED
        return cost

    def _paginate(self, plan: Plan):
        flow = self.flow
        for unit in self.units:
            delta = plan.change.get(unit.key)
            if delta is not None:
                lines = unit.options[delta].lines
                flow = flow.with_lines(unit.key, unit.keep, lines, _calls(unit.paragraph, lines))
        heights = []
        for n, natural in enumerate(self.natural):
            page = self.first + n
            extra = plan.lines * self.leading if page in plan.spread else None
            heights.append(natural + (self.state.extra.get(page, 0.0) if extra is None else extra))
        return flow.paginate(heights, self.top)


@dataclass
class Unit:
    """A paragraph of the rows: its lines before them stay (`keep`); its settings."""

    key: int
    paragraph: Paragraph
    keep: int
    element: object
    options: dict[int, Variant]


@dataclass
class Plan:
    change: dict[int, int]  # plan key → lines more (1), fewer (-1), or its best (0)
    spread: tuple[int, ...]  # the pages of a spread run long or short
    lines: int  # by this many lines (1 long, -1 short)
    cost: float


def worse(short: dict[int, float], before: dict[int, float], leading: float) -> bool:
    """Whether pages end worse than before: a page short that was not, or shorter."""
    return any(n not in before or room > before[n] + 0.1 * leading for n, room in short.items())


def ends_short(room: float, gaps: float, sink: float, leading: float) -> bool:
    """Whether a page with this much `room` at its foot ends short: a line of the text
    would fit there (but in the sink above a part's title, which is there to take it), or
    its gaps cannot open enough to hide what it lacks."""
    return room - sink >= leading - 0.01 or room - gaps > ROUGH * leading


def _calls(paragraph: Paragraph, lines: list) -> dict:
    """The line of each note the paragraph calls, were it set in `lines`."""
    calls = {}
    for char, note in paragraph.notes:
        for number, line in enumerate(lines):
            if line.start <= char < (line.next_start if not line.last else len(paragraph.text)):
                calls[note] = number
                break
    return calls
