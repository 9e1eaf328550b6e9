"""The last resort for a page that ends short: its gaps open a little, as a reader does not
notice, so that its last line sits on the line every full page ends on.

The pages hold a whole number of lines of the text (pagination.py), so a page of text alone
ends at its foot; one with a heading or a quotation ends up to a line above it, and one
where a widow, a heading's three lines or a note forbade the next line, a line or more above
it, unless pagination.py found a paragraph or a spread to set otherwise. After layout, before
the document is made (so links and bookmarks follow), what such a page lacks is shared among
the places a typesetter opens up, each by at most `ALLOWANCE` of a line: above a heading, a
section break or the dateline (half a line), above and below a quotation (a quarter each:
never a hole at a quotation), and the sink above a part's title on its opening page (four
lines: that page has no neighbour to match). A part's last page is left as it is.
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

# lines each kind of gap may grow by, by tag (a part's title by its class)
ALLOWANCE = {"h2": 0.5, "h3": 0.5, "hr": 0.5, "footer": 0.5, "figure": 0.25, "blockquote": 0.25}
QUOTATIONS = {"figure", "blockquote"}  # what follows one may open a quarter line too
AFTER_QUOTATION = 0.25
SINK = 4.0
LEAST = 0.1  # a page lacking less than this many lines is left alone


def balance_pages(pages: list[boxes.PageBox], leading: float) -> int:
    """Open the gaps of the short pages of `pages` (laid out, in order), whose text has
    lines `leading` apart; how many pages were changed."""
    if not leading:
        return 0
    parts = [_parts(page) for page in pages]
    filled = 0
    for index, page in enumerate(pages):
        following = parts[index + 1] if index + 1 < len(pages) else []
        if not parts[index] or not following or following[0] is not parts[index][-1]:
            continue  # not a page of text, or its part ends here
        filled += _fill(page, leading)
    return filled


def fillable(page: boxes.PageBox, leading: float) -> tuple[float, float]:
    """How far the page's gaps may open in all, and how far of that is a part's sink."""
    root = page.children[0]
    top = _top(root)
    if top is None:
        return 0.0, 0.0
    kinds = [lines for _, lines in _gaps(root, top)]
    return sum(kinds) * leading, sum(kind for kind in kinds if kind >= SINK) * leading


def allowance(element, after=None) -> float:
    """The lines a gap above this element may grow by (0: none opens there), when it
    follows `after` (the element before it, if any)."""
    if "part-title" in (element.get("class") or "").split():
        return SINK
    follows = AFTER_QUOTATION if after is not None and after.tag in QUOTATIONS else 0.0
    return max(ALLOWANCE.get(element.tag, 0.0), follows)


def _parts(page: boxes.PageBox) -> list:
    """The part elements (section.part) the page holds text of, in order."""
    found = []
    for box in page.descendants():
        element = getattr(box, "element", None)
        if (
            isinstance(box, boxes.BlockBox)
            and element is not None
            and "part" in (element.get("class") or "").split()
            and element not in found
        ):
            found.append(element)
    return found


def _lines(root: boxes.Box) -> list[boxes.LineBox]:
    return [box for box in root.descendants() if isinstance(box, boxes.LineBox)]


def _top(root: boxes.Box) -> float | None:
    lines = _lines(root)
    return min(line.position_y for line in lines) if lines else None


def _foot(page: boxes.PageBox) -> float:
    """Where the page's text may end: its last whole line, or its notes' top."""
    height = getattr(page, "pamphlet_height", page.height)
    area = next((c for c in page.children if isinstance(c, boxes.FootnoteAreaBox)), None)
    if area is not None and area.children:
        return area.position_y
    return page.content_box_y() + height


def _fill(page: boxes.PageBox, leading: float) -> int:
    root = page.children[0]
    lines = _lines(root)
    if not lines:
        return 0
    short = _foot(page) - max(line.position_y + line.height for line in lines)
    if short < LEAST * leading:
        return 0
    found = _gaps(root, min(line.position_y for line in lines))
    gaps = {id(box): box for box, _ in found}
    room = {id(box): lines * leading for box, lines in found}
    if not gaps or not sum(room.values()):
        return 0
    share = min(1.0, short / sum(room.values()))
    growth = {key: room[key] * share for key in gaps}
    holders = set()
    for box in gaps.values():
        holders |= _ancestors(root, box)
    _shift(root, growth, holders, 0.0)
    return 1


def _gaps(root: boxes.Box, top: float) -> list[tuple[boxes.Box, float]]:
    """The blocks a gap may open above, not the page's first, in reading order, with the
    lines each may open by."""
    found: list[tuple[boxes.Box, float]] = []

    def visit(box: boxes.Box, after) -> None:
        if not isinstance(box, boxes.BlockBox) or box.element is None:
            return
        kind = allowance(box.element, after)
        if kind and (box.position_y > top + 1 or kind >= SINK):
            found.append((box, kind))
            return  # a gap inside it would open twice
        previous = None
        for child in box.children:
            if child.is_in_normal_flow():
                visit(child, previous)
                previous = getattr(child, "element", None)

    visit(root, None)
    return found


def _ancestors(root: boxes.Box, target: boxes.Box) -> set[int]:
    """The ids of the boxes that hold `target`, from `root` down."""
    path: list[boxes.Box] = []

    def search(box: boxes.Box) -> bool:
        if box is target:
            return True
        if isinstance(box, boxes.ParentBox):
            path.append(box)
            if any(search(child) for child in box.children):
                return True
            path.pop()
        return False

    search(root)
    return {id(box) for box in path}


def _shift(box: boxes.Box, growth: dict[int, float], holders: set[int], shift: float) -> float:
    """Move `box` down by `shift` plus the growth of the gaps before and inside it."""
    shift += growth.get(id(box), 0.0)
    if id(box) not in holders:
        if shift:
            box.translate(dy=shift)
        return shift
    box.position_y += shift
    before = shift
    for child in box.children:
        shift = _shift(child, growth, holders, shift)
    box.height += shift - before
    return shift
