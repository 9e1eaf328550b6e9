"""A workspace may arrive as an archive or a clone with a `build/` folder in it, planted or
damaged. Nothing in `build/` may make a command delete, overwrite or move anything outside
the workspace: links and wrong kinds of file are refused with one line (exit 2), never
followed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import FIXTURES, make_workspace, pamphlet
from trust import snapshot


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A built workspace (the small notes title, screen edition) beside an outside folder
    with subfolders and files that must survive every command."""
    root = make_workspace(tmp_path / "ws", {"notes": FIXTURES / "notes"})
    pamphlet(root, "build", "notes", "--edition", "screen", check=True)
    outside = tmp_path / "outside"
    (outside / "precious" / "deep").mkdir(parents=True)
    (outside / "precious" / "deep" / "keep.txt").write_text("keep me")
    (outside / "notes").mkdir()
    (outside / "notes" / "keep.txt").write_text("keep me too")
    (outside / "lockfile").write_text("untouched")
    return root


def outside_of(root: Path) -> Path:
    return root.parent / "outside"


def assert_refused(result, shown: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert shown in lines[0]


@pytest.mark.parametrize(
    "command", [["build", "notes", "--edition", "screen"], ["preview", "notes"]]
)
def test_a_linked_staging_folder_is_refused_and_what_it_points_to_survives(workspace, command):
    outside = outside_of(workspace)
    before = snapshot(outside)
    (workspace / "build" / ".staging").symlink_to(outside, target_is_directory=True)
    result = pamphlet(workspace, *command)
    assert_refused(result, "build/.staging")
    assert snapshot(outside) == before
    assert (outside / "precious" / "deep").is_dir()


def test_a_linked_folder_inside_staging_is_refused(workspace):
    outside = outside_of(workspace)
    before = snapshot(outside)
    (workspace / "build" / ".staging").mkdir()
    (workspace / "build" / ".staging" / "notes").symlink_to(outside / "notes")
    result = pamphlet(workspace, "build", "notes", "--edition", "screen", "--force")
    assert_refused(result, "build/.staging/notes")
    assert snapshot(outside) == before


def test_a_linked_lock_file_is_refused_and_its_target_not_written(workspace):
    outside = outside_of(workspace)
    (workspace / "build" / ".lock").symlink_to(outside / "lockfile")
    result = pamphlet(workspace, "build", "notes", "--edition", "screen", "--force")
    assert_refused(result, "build/.lock")
    assert (outside / "lockfile").read_text() == "untouched"


def test_a_planted_publishing_list_moves_nothing_out_of_build(workspace):
    outside = outside_of(workspace)
    staging = workspace / "build" / ".staging" / "notes"
    staging.mkdir(parents=True)
    (staging / "evil.txt").write_text("planted")
    escape = os.path.relpath(outside / "precious" / "planted.txt", workspace / "build" / "notes")
    (staging / ".publishing").write_text(f"{escape}\n../../outside-too.txt\n/etc/evil\n")
    before = snapshot(outside)
    result = pamphlet(workspace, "build", "notes", "--edition", "screen")
    assert_refused(result, ".publishing")
    assert snapshot(outside) == before
    assert not (workspace.parent / "outside-too.txt").exists()


@pytest.mark.parametrize("where", ["build", "build/notes", "build/.cache"])
def test_a_linked_build_folder_is_refused(workspace, where):
    outside = outside_of(workspace)
    place = workspace / where
    moved = place.with_name(place.name + "-moved")
    place.rename(moved)
    place.symlink_to(outside / "precious", target_is_directory=True)
    before = snapshot(outside)
    result = pamphlet(workspace, "build", "notes", "--edition", "screen", "--force")
    assert_refused(result, where)
    assert snapshot(outside) == before


def test_a_linked_output_file_is_refused_and_its_target_not_hashed_or_written(workspace):
    outside = outside_of(workspace)
    output = workspace / "build" / "notes" / "notes.pdf"
    output.unlink()
    output.symlink_to(outside / "lockfile")
    result = pamphlet(workspace, "build", "notes", "--edition", "screen", "--force")
    assert_refused(result, "build/notes/notes.pdf")
    assert (outside / "lockfile").read_text() == "untouched"


def test_build_being_a_file_is_bad_input(tmp_path):
    root = make_workspace(tmp_path / "ws", {"notes": FIXTURES / "notes"})
    (root / "build").write_text("not a folder")
    result = pamphlet(root, "build", "notes", "--edition", "screen")
    assert_refused(result, "build")
    assert (root / "build").read_text() == "not a folder"
