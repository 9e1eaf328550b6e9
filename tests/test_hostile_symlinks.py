"""Hostile corpus — symbolic links in the sources. A link may lead elsewhere inside the
workspace, never out of it: a title folder, `sources/`, `styles/`, `templates/`, a part, the
manifest, an image, a stylesheet or the shop's profile that leads out (or loops) is refused
with one line before anything outside is opened, and `build/` stays as it was.
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os

import pytest
from hostile import batch, make_hostile
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
    ],
)
def test_a_workspace_folder_that_leads_out_is_refused(hostile, folder, target, says):
    h = hostile
    if folder == "sources":  # the sources, moved out with the title in them
        os.rename(h.root / "sources", h.outside / "sources")
        h.link("sources", h.outside / "sources")
        (h.outside / "sources" / "tiny" / "keep.txt").write_text("keep")
    else:
        h.link(folder, h.root.parent / target)
    refused(h, says, where=folder)


@pytest.mark.parametrize("folder", ["sources", "styles", "templates"])
def test_a_workspace_folder_that_loops_is_refused(hostile, folder):
    h = hostile
    h.link(folder, h.root / folder)
    if folder == "sources":
        run = h.run("build", "--force")
        h.check(run, status=2, says="this folder is not inside a pamphlet workspace")
        return
    refused(h, "is a link that loops", where=folder)


def link(relative: str, target: str):
    """Tampering: `relative` (in the case's title folder) becomes a link to `target`, where
    "OUT/x" is x in the outside folder and "SELF" the link itself (a loop)."""

    def apply(h, slug: str) -> None:
        place = f"sources/{slug}/{relative}".rstrip("/")
        if target == "SELF":
            h.link(place, h.root / place)
        else:
            h.link(place, h.outside / target.removeprefix("OUT/"))

    return apply


def image(written: str, then=None):
    def apply(h, slug: str) -> None:
        if then:
            then(h, slug)
        h.append(f"sources/{slug}/article.md", f"\n![A map]({written})\n")

    return apply


def manifest(old: str, new: str, then=None):
    def apply(h, slug: str) -> None:
        if then:
            then(h, slug)
        path = h.root / "sources" / slug / "pamphlet.toml"
        path.write_text(path.read_text().replace(old, new))

    return apply


def profile(name: str, then=None):
    new = f'editions = ["print"]\n\n[print]\noutput_profile = "{name}"'
    return manifest('editions = ["screen"]', new, then)


def shop_profile_link(h, slug: str) -> None:
    if not (h.root / "styles" / "shop.icc").is_symlink():
        h.link("styles/shop.icc", h.outside / "secret.icc")


CASES = {  # case → (tampering, the file and line named, what the line says)
    "title folder out": (link("", "OUT/title"), "", "the title folder sources/case-0/ is a link"),
    "title folder loop": (link("", "SELF"), "", "is a link that loops"),
    "part out": (link("article.md", "OUT/secret.md"), "pamphlet.toml:11", "is a link that leads"),
    "part loop": (
        manifest("article.md", "loop.md", link("loop.md", "SELF")),
        "pamphlet.toml:11",
        '"loop.md" is a link that loops',
    ),
    "manifest out": (
        link("pamphlet.toml", "OUT/title/pamphlet.toml"),
        "pamphlet.toml",
        "pamphlet.toml is a link that leads out of the title folder",
    ),
    "image out": (
        image("map.png", link("map.png", "OUT/secret.png")),
        "article.md:9",
        'image "map.png" is a link that leads outside the title folder',
    ),
    "image loop": (
        image("loop.png", link("loop.png", "SELF")),
        "article.md:9",
        'image "loop.png": the name is a link that loops',
    ),
    "image NUL": (image("a%00.png"), "article.md:9", 'image "a\\x00.png": the name is a link'),
    "image up and out": (
        image("../../../outside/secret.png"),
        "article.md:9",
        "is outside the title folder",
    ),
    "profile up and out": (
        profile("../../outside/secret.icc"),
        "pamphlet.toml:11",
        "cannot be used: the file is outside the workspace",
    ),
    "profile through a link": (
        profile("shop.icc", shop_profile_link),
        "pamphlet.toml:11",
        "cannot be used: the file is a link that leads outside",
    ),
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory, web, tiny_build):
    """Every case in a title of its own, all built by one command."""
    h = make_hostile(tmp_path_factory.mktemp("links"), web, tiny_build)
    return batch(h, {name: tamper for name, (tamper, _, _) in CASES.items()})


def test_the_cases_obey_the_rules(linked):
    linked.check()


@pytest.mark.parametrize("name", CASES)
def test_a_link_that_leads_out_or_loops_is_refused(linked, name):
    _, where, says = CASES[name]
    slug = linked.slugs[name]
    line = linked.line(name)
    assert line.startswith(f"error: sources/{slug}{'/' if where else ''}{where}"), line
    assert says.replace("case-0", slug) in line, line


def test_a_stylesheet_that_leads_out_is_refused(hostile):
    h = hostile
    h.link("styles/screen.css", h.outside / "secret.css")
    refused(h, "the stylesheet cannot be used: the file is a link that leads outside")


def test_a_stylesheet_url_through_a_link_is_refused(hostile):
    h = hostile
    h.link("styles/paper.png", h.outside / "secret.png")
    line = h.append("styles/screen.css", "p { background: url(paper.png) }\n")
    refused(h, '"paper.png" (the file is a link that leads outside', f"styles/screen.css:{line}")


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
