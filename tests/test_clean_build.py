"""The flagship and the fixtures build without a single warning (as WeasyPrint's tests fail on
any logged warning): a warning in a clean build is a defect of pamphlet or of the house
style, never something to get used to."""

from __future__ import annotations

from tests.conftest import Built


def assert_no_warning(built: Built) -> None:
    lines = [line for line in built.result.stderr.splitlines() if "warning" in line.lower()]
    assert lines == [], "\n".join(lines)


def test_the_flagship_builds_without_a_warning(flagship):
    assert_no_warning(flagship)


def test_the_spanish_title_builds_every_edition_without_a_warning(spanish_title):
    assert_no_warning(spanish_title)


def test_the_figures_title_builds_without_a_warning(figures_title):
    """Its picture is supplied at over 300 ppi at its printed size, as a shop wants it."""
    assert_no_warning(figures_title)


def test_the_notes_title_warns_only_of_its_blank_pages(notes_title):
    """The notes title is 9 pages on purpose: its one warning is the blank pages a
    saddle-stitched 12-page book needs (tests/test_print_options.py reads it)."""
    lines = [line for line in notes_title.result.stderr.splitlines() if "warning" in line.lower()]
    assert len(lines) == 1 and "needs 3 blank pages before the back cover" in lines[0], lines
