"""Hostile corpus — file-system faults: files that cannot be read (the cases that need it run
as the user nobody, since root reads anything), named pipes and folders where files should
be, names too long or not UTF-8, a build/ that may not be written. Bad input is exit 2 and a
failed build exit 1, each in one line, with no traceback and nothing waiting forever.
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os

import pytest
from trust import snapshot

TITLE = "sources/tiny"
ARTICLE = f"{TITLE}/article.md"
MANIFEST = f"{TITLE}/pamphlet.toml"


@pytest.mark.parametrize(
    ("relative", "says"),
    [
        (ARTICLE, "the file cannot be read (Permission denied)"),
        (MANIFEST, "the file cannot be read (Permission denied)"),
        ("styles/base.css", "cannot be read (Permission denied)"),
        ("templates/colophon.html.j2", "the file cannot be read (Permission denied)"),
        (TITLE, "Permission denied"),
        ("styles", "Permission denied"),
    ],
)
def test_an_unreadable_source_is_bad_input(hostile_nobody, relative, says):
    h = hostile_nobody
    if relative.startswith("templates"):
        h.write(relative, "<p>Colophon</p>\n")
    (h.root / relative).chmod(0)
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(run, status=2, says=says, build_as_before=before)


def test_an_unreadable_image_is_bad_input(hostile_nobody):
    h = hostile_nobody
    h.write(f"{TITLE}/map.png", (h.outside / "secret.png").read_bytes())
    (h.title / "map.png").chmod(0)
    line = h.append(ARTICLE, "\n![A map](map.png)\n") + 1
    run = h.run("build", "tiny", "--force")
    h.check(run, status=2, says="cannot be read", where=f"{ARTICLE}:{line}")


def test_a_build_folder_that_may_not_be_written_is_a_failed_build(hostile_nobody):
    h = hostile_nobody
    h.append(ARTICLE, "\nA new paragraph.\n")
    (h.build / "tiny").chmod(0o555)
    before = snapshot(h.build)
    run = h.run("build", "tiny")
    h.check(run, status=1, says="Permission denied", build_as_before=before)


@pytest.mark.parametrize(
    ("relative", "kind", "says"),
    [
        (ARTICLE, "pipe", 'part file "article.md" is not a regular file'),
        (ARTICLE, "folder", 'part file "article.md" is not a regular file'),
        (MANIFEST, "pipe", "pamphlet.toml is not a regular file"),
        ("templates/colophon.html.j2", "pipe", "it is not a regular file"),
        ("styles/paged.css", "folder", "the stylesheet cannot be used: it is not a regular"),
        ("styles/base.css", "pipe", "the stylesheet cannot be used: it is not a regular"),
    ],
)
def test_a_pipe_or_a_folder_where_a_file_should_be_never_hangs(hostile, relative, kind, says):
    h = hostile
    path = h.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    os.mkfifo(path) if kind == "pipe" else path.mkdir()
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(run, status=2, says=says, build_as_before=before, seconds=30)


def test_a_name_too_long_is_bad_input(hostile):
    h = hostile
    line = h.append(ARTICLE, "\n![A map](" + "a" * 300 + ".png)\n") + 1
    run = h.run("build", "tiny", "--force")
    h.check(run, status=2, says="File name too long", where=f"{ARTICLE}:{line}")


def test_a_title_folder_whose_name_is_not_utf8_is_one_line(hostile):
    h = hostile
    os.rename(h.title, os.fsencode(h.root / "sources") + b"/caf\xe9")
    run = h.run("build")
    h.check(run, status=2, says='folder name "caf\\udce9" is not a slug')


def test_a_part_in_another_encoding_is_one_line(hostile):
    h = hostile
    h.write(ARTICLE, "# Título\n\nCafé con leche.\n".encode("latin-1"))
    run = h.run("build", "tiny", "--force")
    h.check(run, status=2, says="byte 0xed is not UTF-8", where=f"{ARTICLE}:1")
