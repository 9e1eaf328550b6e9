"""Where pages would end: the laid-out pages read as rows, and WeasyPrint's page breaking
played over them again with some paragraphs a line longer or shorter.

A row is a line (or a block without lines, such as a rule): its height, the space above it
when it follows the row before on a page (the margins between them, collapsed), the
elements it belongs to, and the height the footnotes it calls take at the page's foot.
`Flow.paginate` breaks rows into pages as WeasyPrint does for this kind of text: as many
rows as fit, then back to the last place a break is allowed (orphans, widows, headings
kept with what follows, no break inside what must not break). pagination.py uses it to
find, before laying a page out again, which paragraphs to set in one line more or less.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from weasyprint.formatting_structure import boxes

from pamphlet.typeset.pages import SINK, allowance
from pamphlet.typeset.paragraph import Line

AVOID = ("avoid", "avoid-page")


@dataclass(frozen=True)
class Row:
    height: float
    space: float  # above it, after the row before on the same page
    chain: tuple  # the elements holding it, from the root down (the last: its block)
    styles: tuple  # their computed styles, in the same order
    unit: int | None = None  # a paragraph set by the breaker: the key of its plan
    number: int = 0  # its line in that paragraph (or in its block)
    notes: tuple = ()  # the footnotes it calls
    note_height: float = 0.0  # what they add to the page's foot
    gap: float = 0.0  # lines the space above it may open by (pages.py), but at a page's top
    page: int = 0  # the page it is on now, counted from the first read


@dataclass
class Page:
    """A page as the model breaks it: its rows [start, end), what is left at its foot."""

    start: int
    end: int
    room: float
    fillable: float = 0.0  # lines its gaps may open by in all
    sink: float = 0.0  # of which above a part's title


@dataclass
class Flow:
    rows: list[Row]
    lengths: dict = field(default_factory=dict)  # a block's rows in all (None: unknown)
    area: float = 0.0  # what a footnote area adds at the foot besides its notes

    def paginate(self, capacities: list[float], top: float) -> list[Page | None]:
        """Break the rows into pages of these content heights, the first page's first row
        `top` below its top. A page the rows run out on is None, and the last."""
        pages: list[Page | None] = []
        start = 0
        for number, capacity in enumerate(capacities):
            page = self._page(start, capacity, top if number == 0 else 0.0)
            pages.append(page)
            if page is None:
                break
            start = page.end
        return pages

    def _page(self, start: int, capacity: float, top: float) -> Page | None:
        rows = self.rows
        bottoms: list[float] = []
        feet: list[float] = []
        y, notes = top, 0.0
        for index in range(start, len(rows)):
            row = rows[index]
            if row.note_height:
                notes += row.note_height + (0.0 if notes else self.area)
            y += (row.space if index > start else 0.0) + row.height
            if index > start and y > capacity - notes + 1e-6:
                end = self._last_break(start, index) or index
                left = capacity - feet[end - start - 1] - bottoms[end - start - 1]
                gaps = sum(row.gap for row in rows[start + 1 : end])
                sink = rows[start].gap if rows[start].gap >= SINK else 0.0
                return Page(start, end, left, gaps + sink, sink)
            bottoms.append(y)
            feet.append(notes)
        return None

    def _last_break(self, start: int, index: int) -> int | None:
        """The last row at or before `index` that a page may begin with."""
        for before in range(index, start, -1):
            if self.may_break(before, start):
                return before
        return None

    def may_break(self, index: int, page_start: int) -> bool:
        """Whether a page may end before row `index` (the page begun at `page_start`)."""
        before, after = self.rows[index - 1], self.rows[index]
        shared = 0
        for upper, lower in zip(before.chain, after.chain, strict=False):
            if upper is not lower:
                break
            shared += 1
        if any(style["break_inside"] in AVOID for style in after.styles[:shared]):
            return False
        if shared == len(before.chain) == len(after.chain):  # lines of one block
            style = after.styles[-1]
            on_page = sum(
                1 for row in self.rows[page_start:index] if row.chain[-1] is after.chain[-1]
            )
            total = self.lengths.get(after.chain[-1])
            left = None if total is None else total - after.number
            return on_page >= style["orphans"] and (left is None or left >= style["widows"])
        closing, opening = before.styles[shared:], after.styles[shared:]
        return not (
            any(style["break_after"] in AVOID for style in closing)
            or any(style["break_before"] in AVOID for style in opening)
        )

    def with_lines(self, unit: int, first: int, lines: list[Line], calls: dict) -> Flow:
        """The flow with paragraph `unit` set in `lines` from its line `first` on (the
        rows before it unchanged); `calls` gives the line of each note it calls."""
        rows = self.rows
        found = [index for index, row in enumerate(rows) if row.unit == unit]
        template = rows[found[0]]
        heights = {note: row.note_height / len(row.notes) for row in rows for note in row.notes}
        new = []
        for number in range(first, len(lines)):
            notes = tuple(note for note, line in calls.items() if line == number)
            new.append(
                replace(
                    template,
                    space=template.space if number == first else 0.0,
                    gap=template.gap if number == first else 0.0,
                    number=number,
                    notes=notes,
                    note_height=sum(heights.get(note, 0.0) for note in notes),
                )
            )
        lengths = {**self.lengths, template.chain[-1]: len(lines)}
        return Flow(rows[: found[0]] + new + rows[found[-1] + 1 :], lengths, self.area)


# reading laid-out pages ---------------------------------------------------------------------


def read_flow(pages: list[boxes.PageBox]) -> Flow:
    """The rows of consecutive laid-out pages of one flow, and the lengths of their blocks."""
    rows: list[Row] = []
    counts: dict = {}
    area = 0.0
    previous: list = []  # the last row's chain of boxes, on the page before
    previous_elements: list = []  # the elements holding the last row
    for page_number, page in enumerate(pages):
        root = page.children[0]
        heights, extra = _note_heights(page)
        area = area or extra
        page_rows: list[tuple[float, float, list]] = []
        _collect(root, [], page_rows)
        for number, (y, height, chain) in enumerate(page_rows):
            if number:
                upper_y, upper_height, _ = page_rows[number - 1]
                space = y - (upper_y + upper_height)
            else:
                space = _space_between(previous, chain) if previous else 0.0
            line = chain[-1]
            blocks = [box for box in chain if not isinstance(box, boxes.LineBox)]
            elements = tuple(box.element for box in blocks)
            key = elements[-1]
            counts[key] = counts.get(key, -1) + 1
            gap = _gap(previous_elements, [box.element for box in blocks])
            previous_elements = [box.element for box in blocks]
            mark = getattr(line, "pamphlet_line", None)
            called = tuple(
                box.footnote
                for box in line.descendants()
                if getattr(box, "footnote", None) is not None
            ) if isinstance(line, boxes.LineBox) else ()  # fmt: skip
            rows.append(
                Row(
                    height,
                    space,
                    elements,
                    tuple(box.style for box in blocks),
                    mark[0] if mark else None,
                    mark[1] if mark else counts[key],
                    called,
                    sum(heights.get(note.element, 0.0) for note in called),
                    gap,
                    page_number,
                )
            )
        if page_rows:
            previous = page_rows[-1][2]
    lengths: dict = {}
    for row in rows:
        lengths[row.chain[-1]] = row.number + 1
    if rows:  # the block of the flow's last row may go on past it
        lengths[rows[-1].chain[-1]] = None
    return Flow(rows, lengths, area)


def _gap(upper: list, lower: list) -> float:
    """The lines the space between two rows may open by (pages.py): above the blocks that
    begin at the lower one, following the block that ends at the upper one."""
    shared = 0
    for above, below in zip(upper, lower, strict=False):
        if above is not below:
            break
        shared += 1
    if any(allowance(element) for element in lower[:shared]):
        return 0.0  # inside a block whose gap is above it (a quotation's source line)
    after = upper[shared] if shared < len(upper) else None
    opening = lower[shared:]
    return max((allowance(element, after if n == 0 else None) for n, element in
                enumerate(opening)), default=0.0)  # fmt: skip


def _collect(box: boxes.Box, chain: list, found: list) -> None:
    """The rows under `box` in reading order: (top, height, chain of boxes to the row)."""
    if isinstance(box, boxes.LineBox):
        found.append((box.position_y, box.height, [*chain, box]))
        return
    if not isinstance(box, boxes.BlockLevelBox) or not box.is_in_normal_flow():
        return
    chain = [*chain, box]
    children = getattr(box, "children", ())
    if not children and box.height:
        found.append((box.border_box_y(), box.border_height(), chain))
    for child in children:
        _collect(child, chain, found)


def _note_heights(page: boxes.PageBox) -> tuple[dict, float]:
    """The height of each footnote at the page's foot, by element, and what the area adds
    besides (its margin, border and padding)."""
    area = next((c for c in page.children if isinstance(c, boxes.FootnoteAreaBox)), None)
    if area is None or not area.children:
        return {}, 0.0
    heights = {note.element: note.margin_height() for note in area.children}
    return heights, area.margin_height() - sum(heights.values())


def _space_between(upper: list, lower: list) -> float:
    """The space between the last row of a page and the first of the next, were they on
    one page: the margins of the blocks that end and begin there, collapsed."""
    shared = 0
    for above, below in zip(upper, lower, strict=False):
        if above.element is not below.element or isinstance(above, boxes.LineBox):
            break
        shared += 1
    lengths = [_length(box.style["margin_bottom"]) for box in upper[shared:]]
    lengths += [_length(box.style["margin_top"]) for box in lower[shared:]]
    margins = [m for m in lengths if m is not None]
    positive = max([m for m in margins if m > 0], default=0.0)
    negative = min([m for m in margins if m < 0], default=0.0)
    return positive + negative


def _length(value) -> float | None:
    unit = getattr(value, "unit", None)
    return float(value.value) if unit == "px" else None
