"""The typography report: how well a PDF's pages are set, read from the PDF itself.

`pamphlet check --typography FILE.pdf` runs it on any PDF (ours, Typst's, LaTeX's), and
`pamphlet check SLUG` on a title's PDFs. It finds the justified lines (lines whose right
edge meets the right edge shared by other lines of the same size on that side of the
spread) and measures, for each, its word spaces against the natural word space of the font
(the width of a drawn space, or, for a PDF that draws none, the spaces of its ragged last
lines). It then looks at line ends and pages: hyphenated lines and runs of them, broken
capitalised words (names), paragraphs ending on the fragment of a hyphenated word, pages
ending short, facing pages ending on different lines, headings at a page's foot.
Every finding names its page. The numbers are what the issue's targets are stated in.

Limits: from a PDF alone a hyphen that belongs to a word (“working-class”) cannot always be
told from one added to break it; a break is taken as added unless the document has that
compound elsewhere, or the next line begins with a capital or a digit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from statistics import median

from pamphlet.checks.pdflines import Line, read_lines
from pamphlet.diagnostics import Diagnostic, check_finding

CODE = "typography"
HYPHENS = "-\u2010\u00ad"
PUNCTUATION = "“”‘’\"'«»()[]¿¡,.;:!?…—–"


@dataclass
class Report:
    """The numbers of one PDF, and its findings (each with its page)."""

    path: Path
    pages: int = 0
    body_size: float = 0.0
    justified: int = 0
    over_1_5: int = 0
    over_2: int = 0
    hyphenated: int = 0
    hyphen_runs: int = 0  # runs of 3 or more hyphenated lines in a row
    broken_names: int = 0
    broken_compounds: int = 0  # a hyphenated compound broken elsewhere than at its hyphen
    fragment_ends: int = 0
    short_pages: int = 0
    uneven_spreads: int = 0
    late_headings: int = 0
    findings: list[Diagnostic] = field(default_factory=list)

    def per_100(self, count: int) -> float:
        return 100 * count / self.justified if self.justified else 0.0

    def numbers(self) -> dict[str, float]:
        return {
            "pages": self.pages,
            "justified lines": self.justified,
            "over 1.5x": self.over_1_5,
            "over 1.5x per 100": round(self.per_100(self.over_1_5), 1),
            "over 2x": self.over_2,
            "hyphenated": self.hyphenated,
            "hyphenated per 100": round(self.per_100(self.hyphenated), 1),
            "runs of 3+ hyphens": self.hyphen_runs,
            "broken names": self.broken_names,
            "broken compounds": self.broken_compounds,
            "fragment ends": self.fragment_ends,
            "short pages": self.short_pages,
            "uneven spreads": self.uneven_spreads,
            "headings in last 3 lines": self.late_headings,
        }

    def summary(self) -> str:
        return (
            f"{self.pages} pages, {self.justified} justified lines; word space over 1.5×: "
            f"{self.over_1_5} ({self.per_100(self.over_1_5):.1f} per 100), over 2×: "
            f"{self.over_2}; hyphenated: {self.hyphenated} "
            f"({self.per_100(self.hyphenated):.1f} per 100), runs of 3+: {self.hyphen_runs}; "
            f"broken names: {self.broken_names}, broken compounds: {self.broken_compounds}; "
            f"paragraphs ending on a fragment: {self.fragment_ends}; short pages: "
            f"{self.short_pages}; facing pages ending on different lines: "
            f"{self.uneven_spreads}; headings in a page's last 3 lines: {self.late_headings}"
        )

    def add(self, page: int, what: str, fix: str) -> None:
        self.findings.append(check_finding(CODE, "warning", self.path, f"page {page}", what, fix))


def check(path: Path) -> list[Diagnostic]:
    """The findings of the report on `path`, then its numbers as one `info` line."""
    report = measure(path)
    return [*report.findings, check_finding(CODE, "info", path, "", report.summary())]


def measure(path: Path) -> Report:
    pages, sizes = read_lines(path)
    report = Report(path, pages=len(pages))
    running = _running_lines(pages)
    text = [[line for line in page if id(line) not in running] for page in pages]
    flat = [line for page in text for line in page]
    if not flat:
        return report
    report.body_size = _body_size(flat)
    full = _full_lines(text, sizes)
    natural = _natural_spaces(flat, full)
    _spacing(report, flat, full, natural)
    _line_ends(report, flat, full)
    _pages(report, text, full)
    return report


# lines and edges ---------------------------------------------------------------------------


def _running_lines(pages: list[list[Line]]) -> set[int]:
    """Running heads and folios: a page's top or bottom line, short, at a height that the
    top (bottom) line of at least three pages shares."""
    ends: Counter[tuple[str, int]] = Counter()
    for page in pages:
        if page:
            ends[("top", round(page[0].y))] += 1
            ends[("bottom", round(page[-1].y))] += 1
    found = set()
    for page in pages:
        for side, line in (("top", page[:1]), ("bottom", page[-1:])):
            if not line or len(line[0].words) > 8:
                continue
            y = round(line[0].y)
            if ends[(side, y - 1)] + ends[(side, y)] + ends[(side, y + 1)] >= 3:
                found.add(id(line[0]))
    return found


def _body_size(lines: list[Line]) -> float:
    weight: Counter[float] = Counter()
    for line in lines:
        if len(line.words) >= 4:
            weight[line.size] += len(line.text)
    return weight.most_common(1)[0][0] if weight else lines[0].size


def _natural_spaces(lines: list[Line], full: set[int]) -> dict[float, float]:
    """The natural word space of each size: the advance of its drawn spaces, or, in a PDF
    that draws none, the median space of its ragged lines (set at their natural width)."""
    drawn: dict[float, list[float]] = {}
    ragged: dict[float, list[float]] = {}
    for line in lines:
        drawn.setdefault(line.size, []).extend(w for w in line.space_widths if w > 0)
        if id(line) not in full and len(line.words) >= 3:
            ragged.setdefault(line.size, []).extend(g for g in line.gaps if g > 0)
    natural = {}
    for size in drawn.keys() | ragged.keys():
        if drawn.get(size):
            natural[size] = median(drawn[size])
        elif ragged.get(size):
            natural[size] = median(ragged[size])
    return natural


def _is_leader(line: Line) -> bool:
    return sum(word.text.strip(".") == "" for word in line.words) >= 4


def _full_lines(pages: list[list[Line]], sizes: list[tuple[float, float]]) -> set[int]:
    """Lines that reach the right edge of their measure: the edge shared, within a point, by
    at least three lines of the same size on pages of the same side."""
    edges: dict[tuple[int, float], list[float]] = {}
    for number, page in enumerate(pages, 1):
        for line in page:
            if len(line.words) >= 3 and not _is_leader(line):
                edges.setdefault((number % 2, line.size), []).append(line.right)
    measures: dict[tuple[int, float], list[float]] = {}
    for key, rights in edges.items():
        measures[key] = _clusters(sorted(rights))
    full = set()
    for number, page in enumerate(pages, 1):
        for line in page:
            if len(line.words) < 2 or _is_leader(line):
                continue
            for edge in measures.get((number % 2, line.size), []):
                if edge - 1.0 <= line.right <= edge + 0.35 * line.size:
                    full.add(id(line))
                    break
    return full


def _clusters(values: list[float]) -> list[float]:
    """The values that at least three others lie within a point of, one per cluster."""
    found: list[float] = []
    for value in values:
        near = [v for v in values if abs(v - value) <= 1.0]
        if len(near) >= 3 and not any(abs(edge - value) <= 1.0 for edge in found):
            found.append(median(near))
    return found


# word spaces -------------------------------------------------------------------------------


def _spacing(report: Report, lines: list[Line], full: set[int], natural: dict) -> None:
    for line in lines:
        if id(line) not in full or not line.gaps:
            continue
        ratio = median(line.gaps) / (natural.get(line.size) or 0.25 * line.size)
        report.justified += 1
        report.over_1_5 += ratio > 1.5
        if ratio > 2:
            report.over_2 += 1
            report.add(
                line.page,
                f"word spaces {ratio:.1f}× the natural space: “{_excerpt(line)}”",
                "rebreak the paragraph (a line this loose shows as a gap)",
            )


def _excerpt(line: Line) -> str:
    text = line.text
    return text if len(text) <= 48 else text[:45] + "…"


# line ends ---------------------------------------------------------------------------------


def _line_ends(report: Report, lines: list[Line], full: set[int]) -> None:
    """Hyphenated lines, runs of them, broken names and compounds, fragment endings."""
    words = _vocabulary(lines)
    run: list[Line] = []
    for index, line in enumerate(lines):
        after = _next_of_size(lines, index)
        hyphenated = (
            after is not None
            and len(line.words[-1].text) > 1
            and line.words[-1].text[-1] in HYPHENS
            and after.words[0].text[:1].isalpha()
        )
        if after is None or not hyphenated:
            _end_run(report, run)
            run = []
            continue
        report.hyphenated += 1
        run.append(line)
        left = line.words[-1].text[:-1].lstrip(PUNCTUATION)
        right = re.split(r"[^\w]", after.words[0].text)[0]
        fragment = re.split(r"[-/\u2010—–]", left)[-1]
        added = _added_hyphen(fragment, right, words)
        if added and fragment[:1].isupper():
            report.broken_names += 1
            report.add(
                line.page,
                f"a name or capitalised word broken: “{fragment}-{right}”",
                "never hyphenate a capitalised word",
            )
        elif added and ("-" in left or after.words[0].text.rstrip(PUNCTUATION).count("-")):
            report.broken_compounds += 1
            report.add(
                line.page,
                f"a hyphenated compound broken outside its hyphen: “{left}-{after.words[0].text}”",
                "break a compound only at its own hyphen",
            )
        if added and len(after.words) == 1 and id(after) not in full:
            report.fragment_ends += 1
            report.add(
                after.page,
                f"a paragraph ends on the fragment “{after.words[0].text}”",
                "never hyphenate a paragraph's last two lines",
            )
    _end_run(report, run)


def _end_run(report: Report, run: list[Line]) -> None:
    if len(run) >= 3:
        report.hyphen_runs += 1
        report.add(
            run[0].page,
            f"{len(run)} hyphenated lines in a row, from “{_excerpt(run[0])}”",
            "at most two hyphens in a row",
        )


def _next_of_size(lines: list[Line], index: int) -> Line | None:
    """The line that continues line `index`: the next one in reading order set in the same
    size (notes and quotations between are skipped), on this page or the next."""
    line = lines[index]
    for after in lines[index + 1 : index + 40]:
        if after.page > line.page + 1:
            return None
        if abs(after.size - line.size) < 0.05:
            return after
    return None


def _vocabulary(lines: list[Line]) -> set[str]:
    words = set()
    for line in lines:
        for word in line.words[:-1] if line.words else []:
            words.add(word.text.strip(PUNCTUATION).lower())
    return words


def _added_hyphen(fragment: str, right: str, words: set[str]) -> bool:
    """Whether the hyphen between `fragment` and `right` was added to break the word."""
    if f"{fragment}-{right}".lower() in words or any(
        w.startswith(f"{fragment}-{right}".lower()) for w in words if "-" in w
    ):
        return False
    if f"{fragment}{right}".lower() in words:
        return True
    return not (right[:1].isupper() or right[:1].isdigit())


# pages -------------------------------------------------------------------------------------


def _pages(report: Report, pages: list[list[Line]], full: set[int]) -> None:
    body = report.body_size
    body_lines = [line for page in pages for line in page if line.size == body]
    leading = _leading(pages, body)
    bodied = [sum(line.size == body and id(line) in full for line in page) >= 3 for page in pages]
    bottoms = [page[-1].y if page else 0.0 for page in pages]  # an empty page is not bodied
    floor = min((b for b, ok in zip(bottoms, bodied, strict=True) if ok and b), default=None)
    if floor is None or not body_lines:
        return
    ends_part = [_ends_part(pages, index, bodied, body) for index in range(len(pages))]
    for index, page in enumerate(pages):
        if not bodied[index]:
            continue
        number = index + 1
        short = (bottoms[index] - floor) / leading
        if short > 1.5 and not ends_part[index]:
            report.short_pages += 1
            report.add(
                number,
                f"the page ends {short:.0f} lines short",
                "balance the spread: run the facing page one line short, or one long",
            )
        facing = number % 2 == 0 and index + 1 < len(pages) and bodied[index + 1]
        if facing and not (ends_part[index] or ends_part[index + 1]):
            apart = abs(bottoms[index] - bottoms[index + 1]) / leading
            if apart > 0.5:
                report.uneven_spreads += 1
                report.add(
                    number,
                    f"facing pages {number}–{number + 1} end {apart:.0f} line(s) apart",
                    "facing pages end on the same line",
                )
        _late_headings(report, page, number, body)


def _leading(pages: list[list[Line]], body: float) -> float:
    steps = [
        upper.y - lower.y
        for page in pages
        for upper, lower in pairwise(page)
        if upper.size == lower.size == body and 0 < upper.y - lower.y < 3 * body
    ]
    return median(steps) if steps else 1.2 * body


def _ends_part(pages: list[list[Line]], index: int, bodied: list[bool], body: float) -> bool:
    """The last page of a part: the next page opens a part (its first line is a title well
    above the body size) or holds no body text, or there is no next page."""
    if index + 1 >= len(pages) or not bodied[index + 1]:
        return True
    following = pages[index + 1]
    return any(line.size > 1.3 * body for line in following[:3])


def _late_headings(report: Report, page: list[Line], number: int, body: float) -> None:
    for index, line in enumerate(page):
        heading = (line.size > 1.04 * body or line.bold) and line.size >= 0.95 * body
        if not heading or len(line.words) > 10:
            continue
        after = [
            later
            for later in page[index + 1 :]
            if later.size >= 0.9 * body and not (later.size > 1.04 * body or later.bold)
        ]
        if len(after) < 3 and index > 0:
            report.late_headings += 1
            report.add(
                number,
                f"heading “{_excerpt(line)}” has {len(after)} line(s) under it at the page's foot",
                "keep a heading with at least three lines of its text",
            )
