"""Incremental and parallel builds: what is up to date is left alone, a change rebuilds what
depends on it, several titles build in worker processes, and a build in two processes gives
the same bytes as a build in one."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import FIXTURES, make_workspace, pamphlet


def state(root, slug):
    """name → (bytes, modification time) of every output of `slug`."""
    folder = root / "build" / slug
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.fixture
def built(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    pamphlet(root, "build", "notes", "--jobs", "2", check=True)
    return root


def rebuilt(before: dict, after: dict) -> set[str]:
    return {name for name in after if before.get(name) != after[name]}


def test_nothing_changed_nothing_written(built):
    before = state(built, "notes")
    result = pamphlet(built, "build", "notes", check=True)
    assert "notes: up to date" in result.stderr
    assert state(built, "notes") == before


def test_force_builds_again_with_the_same_bytes(built):
    before = state(built, "notes")
    pamphlet(built, "build", "notes", "--force", check=True)
    after = state(built, "notes")
    assert rebuilt(before, after) == set(after)  # every file written again…
    assert {n: b for n, (b, _) in after.items()} == {n: b for n, (b, _) in before.items()}


def test_a_stylesheet_rebuilds_only_the_editions_that_read_it(built):
    before = state(built, "notes")
    epub_css = built / "styles" / "epub.css"
    epub_css.write_text(epub_css.read_text() + "\n.colophon { margin-top: 4em; }\n")
    result = pamphlet(built, "build", "notes", check=True)
    assert "built epub" in result.stderr and "up to date: screen, print, booklet" in result.stderr
    assert rebuilt(before, state(built, "notes")) == {"notes.epub", "SHA256SUMS"}


def test_an_edited_part_rebuilds_the_title(built):
    before = state(built, "notes")
    part = built / "sources" / "notes" / "appendix.md"
    part.write_text(part.read_text() + "\nOne more sentence.\n")
    pamphlet(built, "build", "notes", check=True)
    changed = rebuilt(before, state(built, "notes"))
    assert {"notes.pdf", "notes-print.pdf", "notes-booklet.pdf", "notes.epub"} <= changed


def test_an_output_deleted_or_altered_is_made_again(built):
    (built / "build" / "notes" / "notes.pdf").unlink()
    (built / "build" / "notes" / "notes.epub").write_bytes(b"not an epub")
    result = pamphlet(built, "build", "notes", check=True)
    assert "built screen, epub" in result.stderr
    assert (built / "build" / "notes" / "notes.epub").read_bytes().startswith(b"PK")


def test_two_processes_give_the_bytes_of_one(built, tmp_path):
    one = make_workspace(tmp_path / "one", {"notes": FIXTURES / "notes"})
    pamphlet(one, "build", "notes", "--jobs", "1", check=True)
    two = {n: b for n, (b, _) in state(built, "notes").items()}
    assert {n: b for n, (b, _) in state(one, "notes").items()} == two


def test_many_titles_in_workers_one_failing(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes", "espanol": FIXTURES / "espanol"})
    shutil.copytree(FIXTURES / "notes", root / "sources" / "broken")
    manifest = root / "sources" / "broken" / "pamphlet.toml"
    manifest.write_text(manifest.read_text().replace('language = "en"', 'language = "english"'))
    result = pamphlet(root, "build", "--jobs", "2", "-e", "screen", "-e", "epub")
    assert result.returncode == 2
    assert "broken/pamphlet.toml:5:" in result.stderr
    lines = result.stderr.splitlines()
    summary = lines[lines.index(next(x for x in lines if x.startswith("title "))) :]
    assert [line.split()[:2] for line in summary[1:4]] == [
        ["broken", "failed"],
        ["espanol", "ok"],
        ["notes", "ok"],
    ]
    assert (root / "build" / "notes" / "notes.pdf").is_file()
    assert (root / "build" / "espanol" / "espanol.epub").is_file()


def test_editions_sharing_the_job_ticket_are_rebuilt_together(built):
    """Print and booklet both write the job ticket: deleting the booklet rebuilds both, and
    the ticket still lists every print-shop file."""
    (built / "build" / "notes" / "notes-booklet.pdf").unlink()
    result = pamphlet(built, "build", "notes", check=True)
    assert "built print, booklet" in result.stderr
    ticket = (built / "build" / "notes" / "notes-jobticket.txt").read_text()
    for name in ("notes-print.pdf", "notes-booklet.pdf", "notes-booklet-office.pdf"):
        assert name in ticket
    again = pamphlet(built, "build", "notes", check=True)
    assert "up to date" in again.stderr
