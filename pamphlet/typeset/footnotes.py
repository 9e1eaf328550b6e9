"""Keep every footnote on the page of its call, and a page whose notes all moved on whole.

When a paragraph's last lines do not fit at a page's foot and breaking before them would
leave a widow, WeasyPrint 70 first tries moving the page's footnotes to the next page to
make room (`_linebox_layout` in layout/block.py, "report footnotes"), so a note can land a
page after its call. Breaking paragraphs differently meets that case in new places. This
guard makes WeasyPrint take its other way out, the one it takes on pages without notes:
carry the lines over (widows and orphans kept). It does so by marking the layout as "in a
column" (where WeasyPrint never moves notes) for the moment that decision is made: from the
look-ahead over the next lines, which runs through `get_next_linebox`, to the end of that
`_linebox_layout` call.

WeasyPrint 70 also keeps the margin, border and padding of the footnote area out of the page
after its last note has moved to the next page (`_update_footnote_area` leaves the empty
area's height at 0, not "auto"): the page then ends more than a line early and can carry a
whole section over. The guard gives that room back.
"""

from __future__ import annotations

import inspect
import sys
from functools import cache

from weasyprint import layout
from weasyprint.layout import block

_LINEBOX_LAYOUT = block._linebox_layout  # WeasyPrint's own, before any wrapping


@cache
def _lookahead_line() -> int:
    """The line of block.py where _linebox_layout looks ahead at a page's foot."""
    lines, first = inspect.getsourcelines(_LINEBOX_LAYOUT)
    for offset, text in enumerate(lines):
        if "for next_line, _ in lines_iterator:" in text:
            return first + offset
    return -1


def at_page_foot_lookahead(context) -> bool:
    """Called from get_next_linebox: whether WeasyPrint is looking ahead at a page's
    foot with notes on the page; if so, the guard is set until _linebox_layout returns."""
    frame = sys._getframe(3)  # this ← get_next_linebox ← iter_line_boxes ← its caller
    if frame.f_code is not _LINEBOX_LAYOUT.__code__:
        return False
    if frame.f_lineno != _lookahead_line() or not context.current_page_footnotes:
        return False
    if not context.in_column:
        context.pamphlet_footnote_guard = True
        context.in_column = True
    return True


def _update_footnote_area(context):
    """WeasyPrint's, and an emptied footnote area takes no room at the page's foot."""
    overflow = _UPDATE_FOOTNOTE_AREA(context)
    area = context.current_footnote_area
    if not area.children and area.height != "auto" and not context.in_column:
        context.page_bottom += area.margin_height()
        area.height = "auto"
    return overflow


_UPDATE_FOOTNOTE_AREA = layout.LayoutContext._update_footnote_area


class Guard:
    """Wraps block._linebox_layout to lift the guard when the call returns, and the
    footnote area's update (above) while installed."""

    def __init__(self) -> None:
        self.original = _LINEBOX_LAYOUT

    def __call__(self, context, *arguments):
        try:
            return self.original(context, *arguments)
        finally:
            if getattr(context, "pamphlet_footnote_guard", False):
                context.pamphlet_footnote_guard = False
                context.in_column = False

    def install(self) -> None:
        block._linebox_layout = self
        layout.LayoutContext._update_footnote_area = _update_footnote_area

    def remove(self) -> None:
        block._linebox_layout = self.original
        layout.LayoutContext._update_footnote_area = _UPDATE_FOOTNOTE_AREA
