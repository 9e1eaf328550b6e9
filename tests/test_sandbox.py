"""Sandboxed sources: a hostile title or workspace points at a local web server, at files
outside the workspace (directly, through ../ and through symlinks), at a decompression bomb,
a 10 MB source, 500-deep nesting. Each gives a clear error naming the file, the line and the
reference, or a correct build; the server is never asked for anything, and no file outside
the workspace is ever opened (an audit hook watches every open)."""

from __future__ import annotations

import os
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import png_bomb
from lxml import etree
from pypdf import PdfReader

from pamphlet.build import build_title
from pamphlet.errors import SourceError
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace
from tests.trust import FIGURES, known_editions, snapshot

SLUG = "figures"
ARTICLE = f"sources/{SLUG}/article.md"


@pytest.fixture(scope="module")
def server(web):
    yield web.url
    assert web.hits == [], "a build asked the network for something"


_OPENED: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event == "open" and _OPENED and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@dataclass
class Hostile:
    """A workspace the case has tampered with, and the secret folder beside it."""

    root: Path
    outside: Path
    url: str

    @property
    def title(self) -> Path:
        return self.root / "sources" / SLUG

    def append(self, relative: str, text: str) -> int:
        """Append `text` to a workspace file; the line number where it starts."""
        path = self.root / relative
        before = path.read_text(encoding="utf-8")
        if not before.endswith("\n"):
            before += "\n"
        path.write_text(before + text, encoding="utf-8")
        return before.count("\n") + 1

    def template(self, name: str, text: str) -> int:
        (self.root / "templates").mkdir(exist_ok=True)
        (self.root / "templates" / name).write_text(text, encoding="utf-8")
        return 1


@dataclass
class Case:
    name: str
    tamper: Callable[[Hostile], int | None]  # returns the line the error must name
    file: str  # the file the error must name, relative to the workspace
    says: str  # a part of the message ("{url}" and "{outside}" are filled in)


def _symlink(link: Path, target: Path) -> None:
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)


def _picture(h: Hostile, name: str, data: bytes) -> int:
    (h.title / name).write_bytes(data)
    return h.append(ARTICLE, f"\n![A picture]({name})\n") + 1


CASES: list[Case] = []


def case(file: str, says: str) -> Callable:
    """Register a tampering function as a case: the error must name `file` and say `says`."""

    def register(tamper: Callable[[Hostile], int | None]) -> Callable:
        CASES.append(Case(tamper.__name__, tamper, file, says))
        return tamper

    return register


@case(ARTICLE, 'image "{url}/map.png" is outside the title folder')
def markdown_image_on_the_network(h: Hostile) -> int:
    return h.append(ARTICLE, f"\n![A map]({h.url}/map.png)\n") + 1


@case(ARTICLE, '"file:///etc/passwd" is not allowed in a link or an image')
def markdown_image_of_etc_passwd(h: Hostile) -> int:
    return h.append(ARTICLE, "\n![A map](file:///etc/passwd)\n") + 1


@case(ARTICLE, '"file:///etc/passwd" is not allowed in a link or an image')
def markdown_link_to_etc_passwd(h: Hostile) -> int:
    return h.append(ARTICLE, "\nSee [the list](file:///etc/passwd).\n") + 1


@case(ARTICLE, 'image "../../../outside/secret.png" is outside the title folder')
def markdown_image_up_dot_dot(h: Hostile) -> int:
    return h.append(ARTICLE, "\n![A map](../../../outside/secret.png)\n") + 1


@case(ARTICLE, 'image "images/map.png" is a link that leads outside the title folder')
def markdown_image_through_a_symlink(h: Hostile) -> int:
    _symlink(h.title / "images" / "map.png", h.outside / "secret.png")
    return h.append(ARTICLE, "\n![A map](images/map.png)\n") + 1


@case(ARTICLE, 'image "pipe.png": it is not a regular file')
def markdown_image_that_is_a_pipe(h: Hostile) -> int:
    os.mkfifo(h.title / "pipe.png")  # reading it would hang
    return h.append(ARTICLE, "\n![A map](pipe.png)\n") + 1


@case(ARTICLE, 'image "bomb.png" claims more pixels than any page can show')
def decompression_bomb(h: Hostile) -> int:
    return _picture(h, "bomb.png", png_bomb())


@case(ARTICLE, 'image "broken.png" cannot be read as an image')
def truncated_image(h: Hostile) -> int:
    return _picture(h, "broken.png", (FIGURES / "images" / "ruta señalada.png").read_bytes()[:300])


@case(ARTICLE, 'image "remote.svg" names "{url}/x.png"')
def svg_image_fetching_from_the_network(h: Hostile) -> int:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{h.url}/x.png"/></svg>'
    return _picture(h, "remote.svg", svg.encode())


@case(ARTICLE, 'image "entity.svg" declares entities')
def svg_image_with_an_external_entity(h: Hostile) -> int:
    svg = (
        f'<!DOCTYPE svg [<!ENTITY s SYSTEM "file://{h.outside}/secret.png">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&s;</text></svg>'
    )
    return _picture(h, "entity.svg", svg.encode())


@case(ARTICLE, "the file is 10.2 MB; a source file can be at most 1 MB")
def a_10_megabyte_source(h: Hostile) -> None:
    (h.title / "article.md").write_bytes(b"# Big\n\n" + b"Words and words. " * 600_000)


@case(f"sources/{SLUG}/pamphlet.toml", '"slogans.md" is a link that leads outside the title')
def part_file_through_a_symlink(h: Hostile) -> int:
    (h.title / "slogans.md").unlink()
    _symlink(h.title / "slogans.md", h.outside / "secret.md")
    return 23


@case(f"sources/{SLUG}/pamphlet.toml", "pamphlet.toml is a link that leads out of the title")
def manifest_through_a_symlink(h: Hostile) -> None:
    shutil.copy(h.title / "pamphlet.toml", h.outside / "pamphlet.toml")
    (h.title / "pamphlet.toml").unlink()
    _symlink(h.title / "pamphlet.toml", h.outside / "pamphlet.toml")


@case("styles/base.css", 'asks for "{url}/bg.png" (a build never reads from the network)')
def stylesheet_url_on_the_network(h: Hostile) -> int:
    return h.append("styles/base.css", f"body {{ background: url({h.url}/bg.png); }}\n")


@case("styles/paged.css", 'the stylesheet asks for "{url}/more.css"')
def stylesheet_import_from_the_network(h: Hostile) -> int:
    sheet = h.root / "styles/paged.css"
    sheet.write_text(f'@import "{h.url}/more.css";\n' + sheet.read_text())
    return 1


@case("styles/base.css", 'asks for "{url}/x.ttf"')
def stylesheet_font_from_the_network(h: Hostile) -> int:
    rule = f'@font-face {{ font-family: X; src: url("{h.url}/x.ttf"); }}\n'
    return h.append("styles/base.css", rule)


@case("styles/base.css", 'asks for "file:///etc/passwd" (the file is outside the workspace)')
def stylesheet_url_of_etc_passwd(h: Hostile) -> int:
    return h.append("styles/base.css", "p { background: url(file:///etc/passwd) }\n")


@case("styles/base.css", 'asks for "../../outside/secret.png" (the file is outside the')
def stylesheet_url_up_dot_dot(h: Hostile) -> int:
    return h.append("styles/base.css", "p { background: url(../../outside/secret.png) }\n")


@case("styles/base.css", 'asks for "paper.png" (the file is a link that leads outside the')
def stylesheet_url_through_a_symlink(h: Hostile) -> int:
    _symlink(h.root / "styles" / "paper.png", h.outside / "secret.png")
    return h.append("styles/base.css", "p { background: url(paper.png) }\n")


@case("styles/base.css", "the stylesheet cannot be used: the file is a link that leads outside")
def stylesheet_that_is_a_symlink(h: Hostile) -> None:
    (h.root / "styles/base.css").unlink()
    _symlink(h.root / "styles/base.css", h.outside / "secret.css")


@case("templates/colophon.html.j2", '"{url}/logo.png" cannot be used (a build never reads')
def template_image_on_the_network(h: Hostile) -> int:
    return h.template("colophon.html.j2", f'<img src="{h.url}/logo.png" alt="Logo"/>\n')


@case("templates/titlepage.html.j2", '"{url}/s.css" cannot be used')
def template_stylesheet_on_the_network(h: Hostile) -> int:
    return h.template("titlepage.html.j2", f'<link rel="stylesheet" href="{h.url}/s.css"/>\n')


@case("templates/colophon.html.j2", '"/etc/passwd" cannot be used (the file is outside the')
def template_attaching_etc_passwd(h: Hostile) -> int:
    attachment = '<p>x</p>\n<link rel="attachment" href="file:///etc/passwd"/>\n'
    return h.template("colophon.html.j2", attachment) + 1


@case("templates/colophon.html.j2", 'secret.png" cannot be used (the file is outside the')
def template_attaching_up_dot_dot(h: Hostile) -> int:
    attachment = '<a rel="attachment" href="../../../outside/secret.png">x</a>\n'
    return h.template("colophon.html.j2", attachment)


@case("templates/colophon.html.j2", '"{url}/p.png" cannot be used')
def template_style_attribute_on_the_network(h: Hostile) -> int:
    styled = f'<p style="background: url({h.url}/p.png)">x</p>\n'
    return h.template("colophon.html.j2", styled)


@case("templates/colophon.html.j2", '"{url}/s.png" cannot be used')
def template_inline_svg_on_the_network(h: Hostile) -> int:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9">'
        f'<image href="{h.url}/s.png" width="9" height="9"/></svg>\n'
    )
    return h.template("colophon.html.j2", svg)


@case("templates/colophon.html.j2", "the template cannot be used: the file is a link that leads")
def template_that_is_a_symlink(h: Hostile) -> None:
    (h.root / "templates").mkdir()
    _symlink(h.root / "templates" / "colophon.html.j2", h.outside / "secret.html")


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory) -> Path:
    """build/ after a complete build of every edition: what a failed build must leave as is."""
    root = make_workspace(tmp_path_factory.mktemp("earlier"), {SLUG: FIGURES})
    result = build_title(Workspace(root), SLUG, known_editions())
    assert result.ok, result.error
    return root / "build"


@pytest.fixture
def hostile(tmp_path, server, earlier_build) -> Hostile:
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("secret.png", "secret.md", "secret.css", "secret.html"):
        (outside / name).write_text("SECRET-CANARY\n")
    root = make_workspace(tmp_path / "ws", {SLUG: FIGURES})
    shutil.copytree(earlier_build, root / "build")
    return Hostile(root, outside, server)


def _build(h: Hostile):
    """Build every edition in this process, recording every file opened meanwhile."""
    before = snapshot(h.root / "build")
    _OPENED[:] = ["(recording)"]
    cwd = Path.cwd()
    os.chdir(h.root)
    try:
        result = build_title(Workspace(h.root), SLUG, known_editions())
    finally:
        os.chdir(cwd)
        opened, _OPENED[:] = _OPENED[1:], []
    leaks = [p for p in opened if os.path.abspath(p).startswith(str(h.outside))]
    assert leaks == [], f"files outside the workspace were opened: {leaks}"
    return result, before


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_input_is_refused_clearly(case, hostile, server):
    h = hostile
    line = case.tamper(h)
    result, before = _build(h)
    assert isinstance(result.error, SourceError), result.error
    message = str(result.error)
    expected = case.says.format(url=server, outside=h.outside)
    assert expected in message
    where = case.file + (f":{line}" if line else "")
    assert message.startswith(f"{where}: "), message
    assert "\n" not in message and " — " in message
    assert snapshot(h.root / "build") == before


def test_links_to_the_web_are_kept_but_never_fetched(hostile, server):
    h = hostile
    h.append(ARTICLE, f"\nSee [the archive]({server}/archive).\n")
    result, _ = _build(h)
    assert result.ok, result.error
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(h.root / f"build/{SLUG}/{SLUG}.pdf").pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    ]
    assert f"{server}/archive" in links


NESTED = {
    "quotations": lambda depth: "> " * depth + "Deep down.\n",
    "lists": lambda depth: "".join("  " * i + "- Deep down.\n" for i in range(depth)),
    "numbered lists": lambda depth: "".join("   " * i + "1. Deep down.\n" for i in range(depth)),
}


@pytest.mark.parametrize("kind", NESTED)
def test_500_deep_nesting_is_a_clear_error(kind, hostile):
    h = hostile
    line = h.append(ARTICLE, "\n" + NESTED[kind](500)) + 1
    result, before = _build(h)
    assert isinstance(result.error, SourceError)
    assert str(result.error).startswith(f"{ARTICLE}:{line}: quotations or lists are nested so")
    assert snapshot(h.root / "build") == before


def test_the_deepest_nesting_kept_builds(hostile):
    h = hostile
    h.append(ARTICLE, "\n" + NESTED["quotations"](19) + "\n" + NESTED["lists"](9))
    result, _ = _build(h)
    assert result.ok, result.error
    with zipfile.ZipFile(h.root / f"build/{SLUG}/{SLUG}.epub") as book:
        tree = etree.fromstring(book.read("EPUB/text/article.xhtml"))
    assert "".join(tree.itertext()).count("Deep down.") == 10
