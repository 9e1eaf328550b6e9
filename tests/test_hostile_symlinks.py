"""Hostile corpus — symbolic links in the sources. A link may lead elsewhere inside the
workspace, never out of it: a title folder, `sources/`, `styles/`, `templates/`, a part, the
manifest, an image, a stylesheet or the shop's profile that leads out (or loops) is refused
with one line before anything outside is opened, and `build/` stays as it was.
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os

import pytest
from trust import snapshot

TITLE = "sources/tiny"
ARTICLE = f"{TITLE}/article.md"
MANIFEST = f"{TITLE}/pamphlet.toml"


def refused(h, says: str, where: str | None = None, *args: str) -> None:
    before = snapshot(h.build)
    run = h.run("build", "--force", *args)
    h.check(run, status=2, says=says, where=where, build_as_before=before)


@pytest.mark.parametrize(
    ("folder", "target", "says"),
    [
        ("sources", "outside", "sources/ is a link that leads outside the workspace"),
        ("styles", "outside/styles", "styles/ is a link that leads outside the workspace"),
        ("templates", "outside", "templates/ is a link that leads outside the workspace"),
        (TITLE, "outside/title", "the title folder sources/tiny/ is a link that leads outside"),
    ],
)
def test_a_folder_that_leads_out_is_refused(hostile, folder, target, says):
    h = hostile
    if folder == "sources":  # the sources, moved out with the title in them
        os.rename(h.root / "sources", h.outside / "sources")
        h.link("sources", h.outside / "sources")
        (h.outside / "sources" / "tiny" / "keep.txt").write_text("keep")
    else:
        h.link(folder, h.root.parent / target)
    refused(h, says, where=folder)


@pytest.mark.parametrize("folder", ["sources", "styles", "templates", TITLE])
def test_a_folder_that_loops_is_refused(hostile, folder):
    h = hostile
    h.link(folder, h.root / folder)
    if folder == "sources":
        run = h.run("build", "--force")
        h.check(run, status=2, says="this folder is not inside a pamphlet workspace")
        return
    refused(h, "is a link that loops" if folder != TITLE else "loops", where=folder)


@pytest.mark.parametrize(
    ("name", "line", "says"),
    [
        ("article.md", 11, '"article.md" is a link that leads outside the title folder'),
        ("loop.md", 11, '"loop.md" is a link that loops'),
    ],
)
def test_a_part_that_leads_out_or_loops_is_refused(hostile, name, line, says):
    h = hostile
    if name == "loop.md":
        h.link(f"{TITLE}/loop.md", h.title / "loop.md")
        h.write(MANIFEST, (h.title / "pamphlet.toml").read_text().replace("article.md", name))
    else:
        h.link(ARTICLE, h.outside / "secret.md")
    refused(h, says, where=f"{MANIFEST}:{line}")


def test_a_manifest_that_leads_out_is_refused(hostile):
    h = hostile
    h.link(MANIFEST, h.outside / "title" / "pamphlet.toml")
    refused(h, "pamphlet.toml is a link that leads out of the title folder", where=MANIFEST)


@pytest.mark.parametrize(
    ("written", "make", "says"),
    [
        ("map.png", "link-out", 'image "map.png" is a link that leads outside the title folder'),
        ("loop.png", "loop", 'image "loop.png": the name is a link that loops'),
        ("a%00.png", None, 'image "a\\x00.png": the name is a link that loops, or holds a NUL'),
        ("../../../outside/secret.png", None, "is outside the title folder"),
    ],
)
def test_an_image_that_leads_out_is_refused(hostile, written, make, says):
    h = hostile
    if make == "link-out":
        h.link(f"{TITLE}/{written}", h.outside / "secret.png")
    elif make == "loop":
        h.link(f"{TITLE}/{written}", h.title / written)
    line = h.append(ARTICLE, f"\n![A map]({written})\n") + 1
    refused(h, says, where=f"{ARTICLE}:{line}")


def test_a_stylesheet_that_leads_out_is_refused(hostile):
    h = hostile
    h.link("styles/screen.css", h.outside / "secret.css")
    refused(h, "the stylesheet cannot be used: the file is a link that leads outside")


def test_a_stylesheet_url_through_a_link_is_refused(hostile):
    h = hostile
    h.link("styles/paper.png", h.outside / "secret.png")
    line = h.append("styles/screen.css", "p { background: url(paper.png) }\n")
    refused(h, '"paper.png" (the file is a link that leads outside', f"styles/screen.css:{line}")


@pytest.mark.parametrize(
    ("profile", "link", "says"),
    [
        ("../../outside/secret.icc", False, "cannot be used: the file is outside the workspace"),
        ("shop.icc", True, "cannot be used: the file is a link that leads outside"),
    ],
)
def test_an_output_profile_outside_styles_is_refused_before_it_is_read(
    hostile, profile, link, says
):
    h = hostile
    if link:
        h.link(f"styles/{profile}", h.outside / "secret.icc")
    text = (h.title / "pamphlet.toml").read_text()
    h.write(MANIFEST, text + f'\n[print]\noutput_profile = "{profile}"\n')
    refused(h, says, f"{MANIFEST}:15", "--edition", "print")


def test_a_link_that_stays_inside_the_workspace_is_followed(hostile):
    h = hostile
    os.rename(h.title, h.root / "sources" / "shared")
    h.link(TITLE, h.root / "sources" / "shared")
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    assert (h.build / "tiny" / "tiny.pdf").is_file()


def test_files_the_manifest_does_not_name_are_never_read(hostile):
    """A no-op build hashes what the manifest and stylesheets name, nothing else: not a link
    to a folder of secrets, not a 3 GiB stray file (sparse: it takes no room)."""
    h = hostile
    h.link(f"{TITLE}/etc", h.outside)
    with open(h.title / "stray.iso", "wb") as stray:
        stray.truncate(3 << 30)
    first = h.run("build")
    h.check(first, status=0)
    again = h.run("build")
    h.check(again, status=0, seconds=10)
    assert "up to date" in again.result.stderr
    opened = {os.path.basename(e["path"]) for r in (first, again) for e in r.events if "path" in e}
    assert "stray.iso" not in opened and "keep.txt" not in opened
