"""Hostile corpus — a planted or damaged `build/`. A workspace may arrive as an archive or a
clone with `build/` in it. Nothing in it may make a command delete, overwrite, move, read or
hash anything outside the workspace: `build/` and everything in it must be real folders and
regular files (and `build/<title>` a folder), or the command stops with one line, exit 2,
before touching anything. Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os

import pytest
from trust import snapshot

SCREEN = ("--edition", "screen")


def refused(h, says: str, *command: str) -> None:
    outside = snapshot(h.outside)
    run = h.run(*(command or ("build", "tiny", *SCREEN)))
    h.check(run, status=2, says=says)
    assert snapshot(h.outside) == outside
    assert (h.outside / "precious" / "deep" / "keep.txt").read_text() == "keep me"


def test_check_reads_no_output_that_is_a_link(hostile):
    h = hostile
    h.link("build/tiny/tiny.pdf", h.outside / "secret.txt")
    refused(h, "build/tiny/tiny.pdf is a symbolic link", "check", "tiny")


@pytest.mark.parametrize("command", [("build", "tiny", *SCREEN), ("preview", "tiny")])
def test_a_linked_staging_folder_is_refused_and_what_it_points_to_survives(hostile, command):
    h = hostile
    h.link("build/.staging", h.outside)
    refused(h, "build/.staging is a symbolic link", *command)


def test_a_linked_folder_inside_staging_is_refused(hostile):
    h = hostile
    (h.build / ".staging").mkdir()
    h.link("build/.staging/tiny", h.outside / "tiny")
    refused(h, "build/.staging/tiny is a symbolic link", "build", "tiny", "--force")


def test_a_linked_lock_file_is_refused_and_its_target_not_written(hostile):
    h = hostile
    h.link("build/.lock", h.outside / "secret.txt")
    refused(h, "build/.lock is a symbolic link", "build", "tiny", "--force")
    assert (h.outside / "secret.txt").read_text() == "SECRET-CANARY\n"


def test_a_planted_publishing_list_moves_nothing_out_of_build(hostile):
    h = hostile
    staging = h.build / ".staging" / "tiny"
    staging.mkdir(parents=True)
    (staging / "evil.txt").write_text("planted")
    escape = os.path.relpath(h.outside / "precious" / "planted.txt", h.build / "tiny")
    (staging / ".publishing").write_text(f"{escape}\n../../outside-too.txt\n/etc/evil\n")
    refused(h, ".publishing: lists")
    assert not (h.root.parent / "outside-too.txt").exists()


@pytest.mark.parametrize(
    "where", ["build", "build/tiny", "build/.cache", "build/.cache/fonts", "build/tiny/extra"]
)
def test_a_linked_folder_in_build_is_refused(hostile, where):
    h = hostile
    place = h.root / where
    if place.exists():
        place.rename(place.with_name(place.name + "-moved"))
    h.link(where, h.outside / "precious")
    shown = "build/" if where == "build" else where
    refused(h, f"{shown} is a symbolic link", "build", "tiny", "--force")


@pytest.mark.parametrize("name", ["tiny/tiny.pdf", "tiny/SHA256SUMS", ".cache/tiny.json"])
def test_a_linked_file_in_build_is_refused_and_never_read_or_written(hostile, name):
    h = hostile
    h.link(f"build/{name}", h.outside / "secret.txt")
    refused(h, f"build/{name} is a symbolic link", "build", "tiny", "--force")
    assert (h.outside / "secret.txt").read_text() == "SECRET-CANARY\n"


@pytest.mark.parametrize("name", ["tiny/tiny.pdf", ".cache/tiny.json", "pipe"])
def test_a_named_pipe_in_build_is_refused_without_waiting(hostile, name):
    h = hostile
    (h.build / name).unlink(missing_ok=True)
    os.mkfifo(h.build / name)  # opening it would wait for a writer forever
    refused(h, f"build/{name} is not a file", "build", "tiny")


@pytest.mark.parametrize(("name", "kind"), [("", "folder"), ("tiny", "folder"), (".lock", "file")])
def test_build_internals_of_the_wrong_kind_are_bad_input(hostile, name, kind):
    h = hostile
    place = h.build / name if name else h.build
    if place.is_dir():
        place.rename(place.with_name(place.name + "-moved"))
        place.write_text("not a folder")
    else:
        place.mkdir()
    refused(h, f"build/{name} is not a {kind}")


def test_a_damaged_cache_record_only_means_building_again(hostile):
    h = hostile
    (h.build / ".cache" / "tiny.json").write_text("[" * 100_000)  # deeper than any parser goes
    run = h.run("build", "tiny")
    h.check(run, status=0)
    assert "built screen" in run.result.stderr


def test_a_damaged_cached_face_is_cut_again(tmp_path, monkeypatch):
    """Without the faces setup prepares, the PDF faces are cut into build/.cache, which may
    arrive damaged: a cached face that is not a font (the layout engine would be left with no
    font at all, and crash) is cut again, to the same bytes."""
    from pamphlet import fonts

    monkeypatch.setattr(fonts, "prepared_faces", lambda: tmp_path / "not-prepared")
    cache = tmp_path / "cache"
    whole = {face: path.read_bytes() for face, path in fonts.cached_faces(cache).items()}
    paths = fonts.cached_faces(cache)
    assert all(path.is_relative_to(cache) for path in paths.values())
    first, *others = paths.values()
    first.write_bytes(first.read_bytes()[:1000])
    for other in others:
        other.write_bytes(b"not a font")
    assert {face: path.read_bytes() for face, path in fonts.cached_faces(cache).items()} == whole


def test_a_build_uses_the_faces_setup_prepared_which_are_those_it_would_cut(hostile, tmp_path):
    from pamphlet import fonts

    prepared = fonts.cached_faces(tmp_path / "unused")
    assert all(path.is_relative_to(fonts.prepared_faces()) for path in prepared.values()), (
        "scripts/setup.sh prepares the faces"
    )
    cut = fonts.cut_faces(tmp_path / "cut")
    assert {f: p.read_bytes() for f, p in prepared.items()} == {
        f: p.read_bytes() for f, p in cut.items()
    }
    assert not list((hostile.build / ".cache").glob("fonts-*")), "the build cut its own faces"
