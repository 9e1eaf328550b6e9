"""Pages that end on the same line: the space a page is short is given to its gaps.

A page can end short of the foot although the next page goes on with the same part: a
heading and the three lines it keeps did not fit, or a quotation would have been split.
After layout, before the document is made (so links and bookmarks follow), the shortfall
of such a page is shared among the places a typesetter opens up: above headings, around
quotations, before a section break or the dateline, and the sink above a part's title, each
by at most a few lines. Its last line then sits at the foot, level with the facing page's.
A part's last page is left as it is: its text simply ends there.
"""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

GAP_TAGS = {"h2", "h3", "figure", "blockquote", "hr", "footer"}
MOST = 1.5  # lines a gap may grow by
MOST_SINK = 4.0  # lines the sink above a part's title may grow by
LEAST = 0.25  # a shortfall under this many lines is left alone


def balance_pages(pages: list[boxes.PageBox]) -> int:
    """Fill the short pages of `pages` (laid out, in order); how many were filled."""
    heights = sorted(
        box.height
        for page in pages
        for box in page.descendants()
        if isinstance(box, boxes.LineBox) and getattr(box, "pamphlet_line", None)
    )
    if not heights:
        return 0
    leading = heights[len(heights) // 2]
    parts = [_parts(page) for page in pages]
    filled = 0
    for index, page in enumerate(pages):
        following = parts[index + 1] if index + 1 < len(pages) else []
        if not parts[index] or not following or following[0] is not parts[index][-1]:
            continue  # not a page of text, or its part ends here
        filled += _fill(page, leading)
    return filled


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


def _fill(page: boxes.PageBox, leading: float) -> int:
    root = page.children[0]
    lines = [box for box in root.descendants() if isinstance(box, boxes.LineBox)]
    if not lines:
        return 0
    area = next((c for c in page.children if isinstance(c, boxes.FootnoteAreaBox)), None)
    foot = page.content_box_y() + page.height
    if area is not None and area.children:
        foot = area.position_y
    last = max(line.position_y + line.height for line in lines)
    short = foot - last
    if short < LEAST * leading:
        return 0
    top = min(line.position_y for line in lines)
    gaps = {id(box): box for box in _gaps(root, top)}
    if not gaps:
        return 0
    room = {
        key: (MOST_SINK if _is_part_title(box) else MOST) * leading for key, box in gaps.items()
    }
    share = min(1.0, short / sum(room.values()))
    growth = {key: room[key] * share for key in gaps}
    holders = set()
    for box in gaps.values():
        holders |= _ancestors(root, box)
    _shift(root, growth, holders, 0.0)
    return 1


def _gaps(root: boxes.Box, top: float) -> list[boxes.Box]:
    """The blocks a gap may open above: not the page's first, in reading order."""
    found: list[boxes.Box] = []
    for box in root.descendants():
        if not isinstance(box, boxes.BlockBox) or box.element is None:
            continue
        tag = box.element.tag
        opens = tag in GAP_TAGS or _is_part_title(box)
        below_top = box.position_y > top + 1 or _is_part_title(box)
        if opens and below_top and not any(_within(box, other) for other in found):
            found.append(box)
    return found


def _is_part_title(box: boxes.Box) -> bool:
    element = box.element
    return element is not None and "part-title" in (element.get("class") or "").split()


def _within(box: boxes.Box, parent: boxes.Box) -> bool:
    return (
        box is not parent
        and isinstance(parent, boxes.ParentBox)
        and any(child is box or _within(box, child) for child in parent.children)
    )


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
