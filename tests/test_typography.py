"""Pages a typesetter would sign: the typography report (pamphlet/checks/typography.py) on
the flagship, the fixtures and two titles written for these tests (English and Spanish:
long words, names, compounds, quotations, notes), against the issue's targets; the report
on WeasyPrint's own line breaking (which must fail them, or the report proves nothing);
the hyphenation discipline and the breaker's rules on small inputs; `check --typography`.
"""

from __future__ import annotations

import re

import pytest
from conftest import FIXTURES, REPO, Built, make_workspace, pamphlet

from pamphlet.checks.typography import Report, measure
from pamphlet.typeset import hyphenation
from pamphlet.typeset.knuth_plass import BOX, GLUE, INFINITY, PENALTY, Item, Settings
from pamphlet.typeset.knuth_plass import break_paragraph as knuth_plass

TITLES = ["notes", "espanol", "typeset-en", "typeset-es"]


def meets_targets(report: Report) -> list[str]:
    """The targets the report misses, as readable lines (empty: all met)."""
    missed = []
    if report.over_2 > 5:
        missed.append(f"{report.over_2} lines over 2× the natural space (≤ 5)")
    if report.per_100(report.over_1_5) > 20:
        missed.append(f"{report.per_100(report.over_1_5):.1f} per 100 over 1.5× (≤ 20)")
    if report.per_100(report.hyphenated) > 14:
        missed.append(f"{report.per_100(report.hyphenated):.1f} hyphenated per 100 (≤ 14)")
    for name in ("hyphen_runs", "broken_names", "fragment_ends", "short_pages"):
        if getattr(report, name):
            missed.append(f"{name.replace('_', ' ')}: {getattr(report, name)}")
    return missed


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixtures and test titles, every edition built in one workspace."""
    root = make_workspace(
        tmp_path_factory.mktemp("typeset"), {name: FIXTURES / name for name in TITLES}
    )
    result = pamphlet(root, "build", *TITLES, "--edition", "screen", "--edition", "print")
    assert result.returncode == 0, result.stderr
    return Built(root, "", result)


@pytest.mark.parametrize("suffix", [".pdf", "-print.pdf"])
def test_flagship_meets_the_targets(flagship, suffix):
    report = measure(flagship.file(suffix))
    assert report.justified > 300, report.summary()
    assert meets_targets(report) == [], report.summary()
    assert report.uneven_spreads <= 1, report.summary()
    assert report.late_headings == 0, report.summary()


def test_every_flagship_paragraph_is_set_as_the_breaker_chose(flagship):
    output = flagship.result.stdout + flagship.result.stderr
    assert "paragraph breaker" not in output, output


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("suffix", [".pdf", "-print.pdf"])
def test_fixtures_and_new_titles_meet_the_targets(titles, title, suffix):
    report = measure(titles.root / "build" / title / f"{title}{suffix}")
    assert report.justified >= 20, report.summary()
    assert meets_targets(report) == [], report.summary()
    assert report.uneven_spreads == 0, report.summary()
    assert "paragraph breaker" not in titles.result.stdout + titles.result.stderr


def test_spanish_title_has_no_short_page(titles):
    """Page 6 used to end 12 lines short: its section's first note moved to the next page
    with its call, and WeasyPrint kept the empty note area's margins out of the page."""
    report = measure(titles.root / "build" / "typeset-es" / "typeset-es.pdf")
    assert report.short_pages == 0, report.summary()


def test_weasyprints_own_line_breaking_misses_the_targets(tmp_path):
    """The same flagship without the breaker: the report must see the difference."""
    root = make_workspace(
        tmp_path, {"flagship": REPO / "sources" / "bolivias-unfinished-revolution"}
    )
    env = {**__import__("os").environ, "PAMPHLET_LINE_BREAKING": "weasyprint"}
    pamphlet(root, "build", "--edition", "screen", check=True, env=env)
    report = measure(root / "build" / "flagship" / "flagship.pdf")
    missed = meets_targets(report)
    assert len(missed) >= 3, report.summary()
    assert report.over_2 > 20 and report.broken_names > 0, report.summary()


def test_without_page_fitting_the_flagship_has_short_pages(tmp_path):
    """PAMPHLET_PAGE_FITTING=off (the benchmark's switch) leaves the pages as WeasyPrint
    makes them from the breaker's lines: the short pages fitting removes are back."""
    root = make_workspace(
        tmp_path, {"flagship": REPO / "sources" / "bolivias-unfinished-revolution"}
    )
    env = {**__import__("os").environ, "PAMPHLET_PAGE_FITTING": "off"}
    pamphlet(root, "build", "--edition", "screen", check=True, env=env)
    report = measure(root / "build" / "flagship" / "flagship.pdf")
    assert report.short_pages > 0 and report.over_2 <= 5, report.summary()


def test_check_typography_judges_any_pdf(flagship, tmp_path):
    result = pamphlet(flagship.root, "check", "--typography", str(flagship.file(".pdf")))
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("info: [typography]") and "justified lines" in summary
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_text("hello")
    result = pamphlet(flagship.root, "check", "--typography", str(not_pdf))
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and len(result.stderr.splitlines()) == 1


def test_cross_reference_page_is_in_the_pdfs_only(flagship):
    """The page number of a cross-reference is generated matter: in the PDFs, not in the
    EPUB's text (which has no fixed pages)."""
    import zipfile

    with zipfile.ZipFile(flagship.file(".epub")) as epub:
        text = "".join(
            epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml")
        )
    assert "(See <a" in text and "p.\u00a0" not in text.split("(See <a", 1)[1][:200]


def test_spanish_cross_reference_says_pag(titles):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(titles.root / "build" / "typeset-es" / "typeset-es.pdf"))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    text = " ".join(pages)
    found = re.search(r"\(Véase la cronología, pág\.\s?(\d+)\.\)", text)
    assert found, text
    appendix = next(  # after the front matter, whose contents list it too
        n for n, page in enumerate(pages, 1) if n > 4 and "Cronología del conflicto" in page
    )
    assert int(found.group(1)) == appendix


# the discipline and the breaker on small inputs ------------------------------------------


def test_no_break_in_names_numbers_or_short_words():
    assert hyphenation.soft_breaks("Huanuni", "en-US") == []
    assert hyphenation.soft_breaks("Bolivian", "en-US") == []
    assert hyphenation.soft_breaks("COB's", "en-US") == []
    assert hyphenation.soft_breaks("1952", "en-US") == []
    assert hyphenation.soft_breaks("strike", "en-US") == []  # shorter than 6 + 1 letters


def test_at_least_three_letters_on_each_side_in_both_languages():
    for word, lang in (("revolutionary", "en-US"), ("contrarrevolucionario", "es")):
        points = hyphenation.soft_breaks(word, lang)
        assert points, word
        assert all(3 <= p <= len(word) - 3 for p in points), (word, points)


def test_a_compound_breaks_only_at_its_own_hyphen():
    assert hyphenation.soft_breaks("working-class", "en-US") == []
    assert hyphenation.hard_hyphen_breaks("working-class") == [8]
    assert hyphenation.hard_hyphen_breaks("x-ray") == []  # one letter before


def paragraph(words: int, hyphen_every: int, hyphen_penalty: float = 50) -> list[Item]:
    """`words` words of 30 units; a hyphenation point in every `hyphen_every`th word."""
    items: list[Item] = []
    for index in range(words):
        if index % hyphen_every == 0:
            hyphen = Item(PENALTY, 2.0, penalty=hyphen_penalty, flagged=True)
            items += [Item(BOX, 15.0), hyphen]
            items.append(Item(BOX, 15.0))
        else:
            items.append(Item(BOX, 30.0, 0.5, 0.3))
        items.append(Item(GLUE, 6.0, 3.0, 2.0))
    items.pop()
    return [*items, Item(GLUE, 0.0, 1e6), Item(PENALTY, 0.0, penalty=-INFINITY)]


def test_the_breaker_never_hyphenates_the_next_to_last_line_nor_three_in_a_row():
    items = paragraph(120, 1, hyphen_penalty=-100)  # every word may break, and should
    chosen = []
    for width in (181.0, 203.0, 227.0, 251.0):
        breaks = knuth_plass(items, (width, width), Settings(tolerance=9999))
        assert breaks, width
        flags = [b.flagged for b in breaks]
        assert not flags[-2], "a hyphen on the next-to-last line"
        assert not any(all(flags[i : i + 3]) for i in range(len(flags) - 2)), flags
        chosen.append(any(flags))
    assert any(chosen), "the test needs hyphens to mean something"


def test_the_breaker_prefers_even_lines_to_greedy_ones():
    items = paragraph(60, 1000)
    breaks = knuth_plass(items, (200.0, 200.0), Settings(tolerance=9999))
    assert breaks and max(abs(b.ratio) for b in breaks[:-1]) <= 1.0


def test_check_reports_the_typography_of_a_titles_pdfs(flagship, flagship_checked):
    lines = [line for line in flagship_checked.stdout.splitlines() if "[typography]" in line]
    for name in (f"{flagship.slug}.pdf", f"{flagship.slug}-print.pdf"):
        summary = [line for line in lines if name in line and line.startswith("info:")]
        assert summary and "justified lines" in summary[0], lines
