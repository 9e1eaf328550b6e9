"""EPUBs every checker accepts, and the details distributors and readers meet: package
names without spaces or doubled folders, an NCX nested like the nav, a cover picture as
large as the shops ask for, fixed colours readable on white and on black pages, and an
accessibility summary that says only what the title has."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote, urljoin

import pypdfium2
import pytest
from lxml import etree
from PIL import Image, ImageChops, ImageStat

from pamphlet.checks import epubcheck
from tests.epubs import NS, Epub

NCX = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def test_figures_epub_passes_epubcheck(figures_title):
    """The title whose picture is named "ruta señalada.png" in an images/ folder."""
    assert [finding.check_line() for finding in epubcheck.check(figures_title.file(".epub"))] == []


def test_package_names_have_no_spaces_and_no_doubled_folders(figures_title):
    book = Epub(figures_title.file(".epub"))
    names = book.zip.namelist()
    assert not [name for name in names if re.search(r"[^A-Za-z0-9._/-]", name)], names
    assert not [name for name in names if "images/images" in name]
    pictures = sorted(n.removeprefix(book.base) for n in names if "/images/" in n)
    assert pictures == ["images/cover.jpg", "images/ruta-senalada.png", "images/star.svg"]


def test_every_href_and_src_leads_to_a_file_in_the_package(figures_title):
    book = Epub(figures_title.file(".epub"))
    names = set(book.zip.namelist())
    for item in book.manifest().values():
        assert book.base + item["href"] in names, item
        if not item["media-type"].endswith("xml"):
            continue
        document = etree.fromstring(book.zip.read(book.base + item["href"]))
        for element in document.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute, "")
                if target and not target.startswith(("#", "http", "mailto:")):
                    path = unquote(urljoin(book.base + item["href"], target.split("#")[0]))
                    assert path in names, (item["href"], target)


def test_ncx_is_nested_like_the_nav(flagship):
    book = Epub(flagship.file(".epub"))
    nav = book.xhtml("text/nav.xhtml").find(".//x:nav[@id='toc']/x:ol", NS)
    ncx = etree.fromstring(book.zip.read(book.base + "toc.ncx"))

    def nav_tree(ol) -> list:
        return [
            (
                li.find("x:a", NS).text,
                nav_tree(li.find("x:ol", NS)) if li.find("x:ol", NS) is not None else [],
            )
            for li in ol.findall("x:li", NS)
        ]

    def ncx_tree(parent) -> list:
        return [
            (point.find("n:navLabel/n:text", NCX).text, ncx_tree(point))
            for point in parent.findall("n:navPoint", NCX)
        ]

    tree = ncx_tree(ncx.find("n:navMap", NCX))
    assert tree == nav_tree(nav)
    assert len(tree[0][1]) == 6  # the article's six sections
    depth = ncx.find("n:head/n:meta[@name='dtb:depth']", NCX).get("content")
    assert depth == "2"
    ids = [point.get("id") for point in ncx.iter(f"{{{NCX['n']}}}navPoint")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("title", ["flagship", "figures_title"])
def test_cover_is_a_large_jpeg_of_the_printed_cover(title, request):
    built = request.getfixturevalue(title)
    book = Epub(built.file(".epub"))
    cover = next(i for i in book.manifest().values() if i.get("properties") == "cover-image")
    assert cover["media-type"] == "image/jpeg"
    data = book.zip.read(book.base + cover["href"])
    assert len(data) < 5_000_000
    picture = Image.open(io.BytesIO(data))
    assert picture.format == "JPEG"
    assert picture.width >= 1600 and picture.height >= 2560, picture.size
    page = pypdfium2.PdfDocument(built.file(".pdf"))[0]
    printed = page.render(scale=picture.height / page.get_height()).to_pil().convert("RGB")
    printed = printed.resize(picture.size)
    difference = ImageStat.Stat(ImageChops.difference(printed, picture.convert("RGB"))).mean
    assert max(difference) < 3, difference  # the same picture, give or take JPEG's noise


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""

    def luminance(rgb: tuple[int, int, int]) -> float:
        linear = [
            c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
            for c in (v / 255 for v in rgb)
        ]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def fixed_colours(css: str) -> list[tuple[str, tuple[int, int, int]]]:
    """Every colour written as a value in a stylesheet: #rgb, #rrggbb, rgb(…)."""
    found = []
    for match in re.finditer(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b|rgb\(([^)]*)\)", css):
        if match[1]:
            digits = match[1] if len(match[1]) == 6 else "".join(c * 2 for c in match[1])
            rgb = tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))
        else:
            rgb = tuple(int(float(v)) for v in re.split(r"[ ,]+", match[2].strip())[:3])
        found.append((match[0], rgb))
    return found


def test_the_contrast_test_can_fail():
    assert contrast(WHITE, BLACK) == pytest.approx(21)
    assert contrast((0xA5, 0x14, 0x1C), BLACK) < 4.5  # the print red, on a night-mode page
    assert fixed_colours("a { color: #a5141c; border: 1px solid #fff }") == [
        ("#a5141c", (0xA5, 0x14, 0x1C)),
        ("#fff", WHITE),
    ]


@pytest.mark.parametrize("page", [WHITE, BLACK], ids=["white page", "black page"])
def test_fixed_colours_of_the_epub_are_readable_on_white_and_black(flagship, page):
    css = zipfile.ZipFile(flagship.file(".epub")).read("EPUB/css/book.css").decode()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    colours = fixed_colours(css)
    assert colours  # the label's accent and the slogans' rule at least
    assert [
        (text, round(contrast(rgb, page), 2)) for text, rgb in colours if contrast(rgb, page) < 4.5
    ] == []


def summary(built) -> str:
    return Epub(built.file(".epub")).meta("schema:accessibilitySummary")[0]


def test_accessibility_summary_says_only_what_each_title_has(flagship, notes_title, figures_title):
    flagship_summary = summary(flagship)  # no notes, no pictures, a page list
    assert "notes" not in flagship_summary and "picture" not in flagship_summary
    assert "page list" in flagship_summary
    assert "notes link to and from the text" in summary(notes_title)
    figures_summary = summary(figures_title)  # Spanish, with pictures and a note
    assert "Cada imagen del texto tiene una descripción textual" in figures_summary
    assert "notas" in figures_summary
