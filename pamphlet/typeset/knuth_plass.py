"""Total-fit line breaking (Knuth & Plass, “Breaking Paragraphs into Lines”, 1981).

A paragraph is a list of items: boxes (text that is never broken), glue (word spaces, which
stretch and shrink) and penalties (places where a line may end at a cost: a hyphen, the
paragraph's end). Among every way of breaking it into lines, `break_paragraph` picks the one
with the least total demerits, where a line's demerits grow with the cube of how far its
spaces are stretched or shrunk (its badness), and more for a hyphen, for two hyphens in a
row, and for a line much looser or tighter than the one before it.

Boxes may stretch and shrink too: that is fine justification, a little letter-spacing
shared by every character of a line, so that the word spaces need to move less.

House rules on top of the paper's: at most `max_hyphens` hyphenated lines in a row, and
never a hyphen on a paragraph's next-to-last line (its last line would be a fragment).

`by_lines` gives, as TeX's looseness needs, the best breaks for each number of lines the
paragraph can be set in within the tolerance: the pages choose among them (pagination.py).
"""

from __future__ import annotations

from dataclasses import dataclass

BOX, GLUE, PENALTY = 0, 1, 2
INFINITY = 10_000  # a penalty of this size forbids a break; its negative forces one


@dataclass(slots=True)
class Item:
    kind: int
    width: float
    stretch: float = 0.0
    shrink: float = 0.0
    penalty: float = 0.0
    flagged: bool = False  # a hyphen: counted for hyphens in a row
    position: int = 0  # where in the paragraph's text the item starts (a character index)


@dataclass(frozen=True)
class Settings:
    tolerance: float = 200  # the worst badness a line may have (100 r³)
    line_penalty: float = 10
    hyphen_penalty: float = 1000
    compound_penalty: float = 800  # a line ending at a compound's own hyphen
    double_hyphen_demerits: float = 8000
    adjacent_demerits: float = 8000  # fitness classes two or more apart
    max_hyphens: int = 2
    last_line_hyphen: bool = False  # a hyphen on the next-to-last line
    hyphenate: bool = True  # False: only break at spaces, dashes and a compound's hyphen


@dataclass(frozen=True)
class Break:
    index: int  # the item the line ends at
    ratio: float  # how far the line is stretched (> 0) or shrunk (< 0); 1 = all it can
    flagged: bool


@dataclass(slots=True)
class _Node:
    index: int
    line: int
    fitness: int
    hyphens: int  # hyphenated lines in a row ending here
    demerits: float
    ratio: float
    start: int  # the first item of the next line
    previous: _Node | None


def _fitness(ratio: float) -> int:
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    if ratio <= 1:
        return 2
    return 3


def break_paragraph(
    items: list[Item], widths: tuple[float, float], settings: Settings
) -> list[Break] | None:
    """The best breaks of `items` into lines of `widths[0]` (the first line) and
    `widths[1]` (every other line), or None when no way stays within the tolerance."""
    finals = _final_nodes(items, widths, settings, by_line=False)
    if not finals:
        return None
    return _breaks(items, min(finals, key=lambda n: n.demerits))


@dataclass(frozen=True)
class Option:
    """One way to set a paragraph: its breaks, their total demerits, and how much of the
    measure its last line fills (a fraction)."""

    breaks: list[Break]
    demerits: float
    last_fill: float


def by_lines(
    items: list[Item], widths: tuple[float, float], settings: Settings
) -> dict[int, Option]:
    """The best breaks for each number of lines the paragraph can have within the
    tolerance (TeX's looseness, every value at once): {lines: setting}."""
    finals = _final_nodes(items, widths, settings, by_line=True) or []
    natural = _running_widths(items)
    found: dict[int, Option] = {}
    for node in finals:
        if node.line in found and found[node.line].demerits <= node.demerits:
            continue
        start = node.previous.start if node.previous is not None else 0
        last = natural[node.index] - natural[start]
        width = widths[0] if node.line == 1 else widths[1]
        found[node.line] = Option(_breaks(items, node), node.demerits, last / width)
    return found


def _running_widths(items: list[Item]) -> list[float]:
    sums = [0.0] * (len(items) + 1)
    for index, item in enumerate(items):
        sums[index + 1] = sums[index] + (item.width if item.kind != PENALTY else 0.0)
    return sums


def _breaks(items: list[Item], node: _Node | None) -> list[Break]:
    breaks = []
    while node is not None and node.index >= 0:
        breaks.append(Break(node.index, node.ratio, items[node.index].flagged))
        node = node.previous
    return breaks[::-1]


def _final_nodes(
    items: list[Item], widths: tuple[float, float], settings: Settings, by_line: bool
) -> list[_Node] | None:
    """The nodes that end the paragraph: the best of each class (and, `by_line`, of each
    number of lines), or None when no way stays within the tolerance."""
    count = len(items)
    width_sum = [0.0] * (count + 1)
    stretch_sum = [0.0] * (count + 1)
    shrink_sum = [0.0] * (count + 1)
    for index, item in enumerate(items):
        counted = item.kind != PENALTY
        width_sum[index + 1] = width_sum[index] + (item.width if counted else 0.0)
        stretch_sum[index + 1] = stretch_sum[index] + (item.stretch if counted else 0.0)
        shrink_sum[index + 1] = shrink_sum[index] + (item.shrink if counted else 0.0)
    starts = _line_starts(items)
    tolerance = settings.tolerance
    active = [_Node(-1, 0, 1, 0, 0.0, 0.0, starts[count], None)]
    for index, item in enumerate(items):
        if item.kind == BOX:
            continue
        if item.kind == GLUE:
            if index == 0 or items[index - 1].kind != BOX:
                continue
            penalty, flagged, extra = 0.0, False, 0.0
        else:
            if item.penalty >= INFINITY or (item.width and not settings.hyphenate):
                continue
            penalty, flagged, extra = item.penalty, item.flagged, item.width
        forced = item.kind == PENALTY and penalty <= -INFINITY
        best: dict[tuple[int, int, int], _Node] = {}
        survivors = []
        for node in active:
            start = node.start
            natural = width_sum[index] - width_sum[start] + extra
            target = widths[0] if node.line == 0 else widths[1]
            if natural < target:
                stretch = stretch_sum[index] - stretch_sum[start]
                ratio = (target - natural) / stretch if stretch > 0 else 1e9
            elif natural > target:
                shrink = shrink_sum[index] - shrink_sum[start]
                ratio = (target - natural) / shrink if shrink > 0 else -1e9
            else:
                ratio = 0.0
            if ratio >= -1 and not forced:
                survivors.append(node)
            if ratio < -1 or ratio > 1e8:
                continue
            badness = min(100 * abs(ratio) ** 3, INFINITY)
            if badness > tolerance:
                continue
            hyphens = node.hyphens + 1 if flagged else 0
            if hyphens > settings.max_hyphens:
                continue
            last_after_hyphen = forced and node.index >= 0 and items[node.index].flagged
            if last_after_hyphen and not settings.last_line_hyphen:
                continue
            if forced:  # the last line keeps its natural spaces (the fill takes the rest)
                ratio = min(ratio, 0.0)
            demerits = (settings.line_penalty + badness) ** 2
            if penalty > 0:
                demerits += penalty**2
            elif penalty > -INFINITY:
                demerits -= penalty**2
            if flagged and node.index >= 0 and items[node.index].flagged:
                demerits += settings.double_hyphen_demerits
            fitness = _fitness(ratio)
            if abs(fitness - node.fitness) > 1:
                demerits += settings.adjacent_demerits
            total = node.demerits + demerits
            key = (fitness, hyphens, node.line if by_line else 0)
            if key not in best or total < best[key].demerits:
                best[key] = _Node(
                    index, node.line + 1, fitness, hyphens, total, ratio, starts[index], node
                )
        active = survivors + list(best.values())
        if not active:
            return None
    return [node for node in active if node.index == count - 1] or None


def _line_starts(items: list[Item]) -> list[int]:
    """For a break at item i, the first item of the next line: glue and penalties after a
    break are dropped, up to the next box. The last entry is the paragraph's first box."""
    count = len(items)
    starts = [count] * (count + 1)
    following = count
    for index in range(count - 1, -1, -1):
        starts[index] = following
        if items[index].kind == BOX:
            following = index
    starts[count] = following
    return starts
