"""Pages a typesetter would sign, read from the flagship's PDFs: every page of text ends on
one line (a spread run a line long or short ends on its own line, both pages alike), the
folio stays where it is, the gaps above headings and quotations open by at most half a
line and a quarter, and a cross-reference shows the page its target is on. Then the
pieces on small inputs: the breaker's settings for each number of lines (looseness) and
the model of WeasyPrint's page breaks (widows, orphans, headings kept with their lines,
notes at the foot) that the pages are chosen with.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from statistics import median

import pypdfium2 as pdfium
import pytest

from pamphlet.checks.pdflines import read_lines
from pamphlet.typeset.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Item, Settings, by_lines
from pamphlet.typeset.knuth_plass import break_paragraph as knuth_plass
from pamphlet.typeset.page_model import Flow, Row


def text_lines(path):
    """The PDF's lines by page, and the body size and leading of its text."""
    pages, _ = read_lines(path)
    sizes = Counter(line.size for page in pages for line in page if len(line.words) >= 6)
    body = sizes.most_common(1)[0][0]
    steps = [
        upper.y - lower.y
        for page in pages
        for upper, lower in pairwise(page)
        if upper.size == lower.size == body and 0 < upper.y - lower.y < 2 * body
    ]
    return pages, body, median(steps)


def folios(pages) -> dict[int, float]:
    """The page number drawn at the foot of each numbered page, by page: its baseline."""
    found = {}
    for number, page in enumerate(pages, 1):
        foot = min(page, key=lambda line: line.y, default=None)
        if foot is not None and foot.text.strip() == str(number):
            found[number] = foot.y
    return found


def ends_part(pages, number: int, body: float) -> bool:
    """Whether page `number` is its part's last: the next opens a part (a title at its
    top), or holds no text."""
    following = pages[number] if number < len(pages) else []
    text = [line for line in following if abs(line.size - body) < 0.05]
    return len(text) < 3 or any(line.size > 1.3 * body for line in following[:3])


@pytest.mark.parametrize("suffix", [".pdf", "-print.pdf"])
def test_folios_stay_put_and_text_pages_end_on_the_same_line(flagship, suffix):
    pages, body, leading = text_lines(flagship.file(suffix))
    feet = folios(pages)
    assert len(feet) >= 12, feet
    assert max(feet.values()) - min(feet.values()) < 0.5, feet  # a short spread's too
    ends = {}
    for number in feet:
        text = [line for line in pages[number - 1] if line.y > feet[number] + 1]
        if text and not ends_part(pages, number, body):
            ends[number] = min(line.y for line in text)
    assert len(ends) >= 10, ends
    foot = Counter(round(end, 1) for end in ends.values()).most_common(1)[0][0]
    offsets = {number: (end - foot) / leading for number, end in ends.items()}
    # a page ends on the type area's last line, or a line above or below it (its spread
    # run short or long: the page facing it does the same), give or take what its gaps
    # could not hide (less than half a line)
    lines = {number: round(offset) for number, offset in offsets.items()}
    assert set(lines.values()) <= {-1, 0, 1}, offsets
    assert all(abs(offsets[n] - lines[n]) < 0.45 for n in offsets), offsets
    for number, line in lines.items():
        facing = number + 1 if number % 2 == 0 else number - 1
        if facing in lines:
            assert lines[facing] == line, offsets


def test_gaps_above_headings_and_quotations_stay_small(flagship):
    """No hole: a heading's space grows by at most half a line, a quotation's by a
    quarter, over the least that kind of gap has anywhere in the book."""
    pages, body, leading = text_lines(flagship.file(".pdf"))
    gaps: dict[str, list[float]] = {"heading": [], "quotation": []}
    for page in pages:
        for upper, lower in pairwise(page):
            if upper.size != body or lower.y >= upper.y:
                continue
            if 1.04 * body < lower.size < 1.3 * body:
                gaps["heading"].append(upper.y - lower.y)
            elif 0.85 * body < lower.size < 0.95 * body:
                gaps["quotation"].append(upper.y - lower.y)
    assert len(gaps["heading"]) >= 3 and len(gaps["quotation"]) >= 2, gaps
    assert max(gaps["heading"]) - min(gaps["heading"]) <= 0.5 * leading + 0.1, gaps
    assert max(gaps["quotation"]) - min(gaps["quotation"]) <= 0.25 * leading + 0.1, gaps


def test_cross_reference_shows_its_targets_page(flagship):
    """The number comes from the one layout, after pages were laid out again to end well:
    the page the appendix begins on, not 0 or a page it was once on."""
    pdf = pdfium.PdfDocument(str(flagship.file(".pdf")))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    found = re.search(r"\(See Lessons of the Bolivian Revolution, p\.\s?(\d+)\)", " ".join(pages))
    assert found, pages
    appendix = next(n for n, page in enumerate(pages, 1) if page.lower().startswith("appendix"))
    assert int(found.group(1)) == appendix


# the breaker's settings for each number of lines -------------------------------------------


def words(count: int, width: float = 30.0) -> list[Item]:
    items: list[Item] = []
    for _ in range(count):
        items += [Item(BOX, width, 0.5, 0.3), Item(GLUE, 6.0, 3.0, 2.0)]
    items.pop()
    return [*items, Item(GLUE, 0.0, 1e6), Item(PENALTY, 0.0, penalty=-INFINITY)]


def test_by_lines_gives_the_best_breaks_for_each_number_of_lines():
    items = words(40)  # six words a line are a little tight, five are loose
    settings = Settings(tolerance=2000)
    best = knuth_plass(items, (200.0, 200.0), settings)
    options = by_lines(items, (200.0, 200.0), settings)
    assert best and len(best) in options
    assert options[len(best)].breaks == best  # the best of its count is the best of all
    assert min(options, key=lambda n: options[n].demerits) == len(best)
    assert len(options) >= 2, options.keys()  # a line more (or fewer) at a cost
    for count, option in options.items():
        assert len(option.breaks) == count
        assert all(abs(b.ratio) <= 20.0 ** (1 / 3) + 1e-6 for b in option.breaks[:-1])
        assert 0 < option.last_fill <= 1.0


# the model of WeasyPrint's page breaks -----------------------------------------------------


class Element:
    """A stand-in for an element: rows compare their elements by identity."""

    def __init__(self, tag: str) -> None:
        self.tag = tag


def style(**values) -> dict:
    return {"break_inside": "auto", "break_before": "auto", "break_after": "auto",
            "orphans": 2, "widows": 2, **values}  # fmt: skip


ROOT, SECTION = Element("html"), Element("section")
CHAIN = (ROOT, SECTION)
STYLES = (style(), style())


def paragraph(lines: int, space: float = 0.0, **styled) -> list[Row]:
    element = Element("p")
    return [
        Row(10.0, space if n == 0 else 0.0, (*CHAIN, element), (*STYLES, style(**styled)), number=n)
        for n in range(lines)
    ]


def heading() -> list[Row]:
    element = Element("h2")
    styled = style(break_after="avoid", break_inside="avoid")
    return [Row(12.0, 15.0, (*CHAIN, element), (*STYLES, styled))]


def flow(*blocks: list[Row]) -> Flow:
    rows = [row for block in blocks for row in block]
    lengths = {}
    for row in rows:
        lengths[row.chain[-1]] = row.number + 1
    return Flow(rows, lengths)


def test_a_page_takes_what_fits():
    pages = flow(paragraph(12), paragraph(12)).paginate([100.0, 100.0], 0.0)
    assert [(page.start, page.end) for page in pages] == [(0, 10), (10, 20)]
    assert pages[0].room == pytest.approx(0.0)


def test_a_widow_takes_a_line_with_it():
    """Eleven lines and a page of ten: one would be left alone, so two go over."""
    pages = flow(paragraph(11), paragraph(12)).paginate([100.0], 0.0)
    assert pages[0].end == 9 and pages[0].room == pytest.approx(10.0)


def test_a_heading_keeps_three_lines_with_it():
    rows = flow(paragraph(6), heading(), paragraph(8, orphans=3))
    pages = rows.paginate([100.0], 0.0)
    # 6 lines (60), the heading (15 + 12): three lines would need 30 more, only 13 are left
    assert pages[0].end == 6 and pages[0].room == pytest.approx(40.0)
    pages = flow(paragraph(4), heading(), paragraph(8, orphans=3)).paginate([100.0], 0.0)
    assert pages[0].end == 4 + 1 + 3  # the heading and three of its lines


def test_a_note_goes_to_the_foot_of_its_calls_page():
    rows = paragraph(12)
    note = object()
    rows[8] = Row(10.0, 0.0, rows[8].chain, rows[8].styles, number=8, notes=(note,),
                  note_height=15.0)  # fmt: skip
    pages = Flow(rows, {rows[0].chain[-1]: 12}, area=5.0).paginate([100.0], 0.0)
    # line 9 fits (90), but not with its note (15, and the note area's 5): it goes over
    assert pages[0].end == 8 and pages[0].room == pytest.approx(20.0)


def test_a_paragraph_set_a_line_longer_moves_the_break():
    rows = flow(paragraph(6), paragraph(5))
    assert rows.paginate([100.0], 0.0)[0].end == 9  # 6 + 3 lines, 2 left for the next page
    unit = rows.rows[0].chain[-1]
    longer = [
        Row(r.height, r.space, r.chain, r.styles, unit=1, number=r.number) for r in rows.rows[:6]
    ]
    flagged = Flow(longer + rows.rows[6:], {**rows.lengths})
    lines = [
        type("Line", (), {"start": n, "next_start": n + 1, "last": n == 6})() for n in range(7)
    ]
    grown = flagged.with_lines(1, 0, lines, {})
    assert grown.lengths[unit] == 7 and len(grown.rows) == 12
    assert grown.paginate([100.0], 0.0)[0].end == 10  # 7 + 3, and 2 left
