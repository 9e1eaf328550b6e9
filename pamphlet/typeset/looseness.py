"""A paragraph set one line longer or shorter than its best: what the pages may ask for.

A typesetter makes a page end well by setting a paragraph on it, or on the page before, in
one line more or one less (TeX's `\\looseness`): a paragraph whose last line is short can
lose a line, one whose lines are tight can gain one. `variants` gives these settings with
what they cost in the breaker's demerits over the paragraph's best; pagination.py chooses.

Only a setting within the tolerance is offered, and none whose last line would hold less
than a fifth of the measure (a line that looks left behind). A paragraph whose first lines
are on an earlier page keeps them: only the rest (its "tail") is set again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pamphlet.typeset.knuth_plass import by_lines
from pamphlet.typeset.paragraph import Line, Paragraph, lines_of

TOLERANCE = 400  # a line of a loosened or tightened paragraph: at most this badness
MIN_LAST_FILL = 0.1  # of the measure, on the last line


@dataclass(frozen=True)
class Variant:
    """The paragraph's lines for one more (`delta` 1) or one fewer (-1) line, and the
    demerits that costs over its best (0 for the best itself, `delta` 0)."""

    delta: int
    lines: list[Line]
    cost: float


def variants(paragraph: Paragraph, keep: int, cache: dict) -> dict[int, Variant]:
    """The settings of `paragraph` one line longer and shorter, by delta (0 included).
    `keep` 0: the whole paragraph, around its best; else its first `keep` lines stay as
    they are and the rest changes, around the lines it has now."""
    key = (id(paragraph), keep, tuple(line.start for line in paragraph.lines[: keep + 1]))
    if key not in cache:
        cache[key] = _variants(paragraph, keep)
    return cache[key]


def _variants(paragraph: Paragraph, keep: int) -> dict[int, Variant]:
    around = paragraph.best if keep == 0 else paragraph.lines
    found = {0: Variant(0, around, 0.0)}
    if paragraph.settings is None or not paragraph.justified or keep >= len(around):
        return found
    start = around[keep].start
    items = [item for item in paragraph.items if item.position >= start]
    first, other = paragraph.widths
    widths = (first, other) if keep == 0 else (other, other)
    tolerance = max(TOLERANCE, paragraph.settings.tolerance)
    settings = replace(paragraph.settings, tolerance=tolerance, hyphenate=True)
    options = by_lines(items, widths, settings)
    count = len(around) - keep
    base = options.get(count)
    if base is None:
        return found
    for delta in (-1, 1):
        option = options.get(count + delta)
        if option is None or option.last_fill < MIN_LAST_FILL:
            continue
        lines = around[:keep] + lines_of(paragraph, items, option.breaks, start)
        found[delta] = Variant(delta, lines, max(0.0, option.demerits - base.demerits))
    return found


def use(paragraph: Paragraph, lines: list[Line]) -> None:
    """Set the paragraph in `lines` from now on (the layout reads them by their starts)."""
    paragraph.lines = lines
    paragraph.line_at = {paragraph.normalize(line.start): n for n, line in enumerate(lines)}
