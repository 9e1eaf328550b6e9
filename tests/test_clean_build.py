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


def test_the_notes_title_builds_without_a_warning(notes_title):
    assert_no_warning(notes_title)
