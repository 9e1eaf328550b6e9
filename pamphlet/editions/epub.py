"""The EPUB 3: one XHTML document per part, our own nav (contents, landmarks, page list) and
NCX, subset static fonts, a cover image rasterized from the PDF cover, accessibility
metadata (EPUB Accessibility 1.1), the print edition's page numbers, and a zip whose bytes
depend only on the sources.

ebooklib writes the package (OPF, NCX, zip); the documents and the nav are ours, because
ebooklib rewrites document heads (breaking stylesheet links in subfolders) and its nav and
page-list are too rough. The page list comes from the print edition's layout
(`pagemap.page_map`): a page-break marker where each printed page begins, and a `page-list`
nav to reach them.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from pamphlet.context import BuildContext
from pamphlet.editions.epub_metadata import accessibility_metadata, metadata
from pamphlet.editions.epub_pages import (
    NAV_FILE,
    PageTarget,
    ids,
    mark_pages,
    page_targets,
    print_pages,
)
from pamphlet.editions.ncx import ncx
from pamphlet.fonts import TEXT_FACES, cut_face, font_face_rule
from pamphlet.images import media_type
from pamphlet.layout.book import book_layout
from pamphlet.layout.cover import cover_picture
from pamphlet.model import Included, Part
from pamphlet.output import build_timestamp, write_atomic
from pamphlet.registry import edition
from pamphlet.render.contents import contents
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.navigation import NavEntry, navigation
from pamphlet.render.templates import EPUB_TYPES
from pamphlet.render.templates import context as template_context
from pamphlet.sandbox import leaves_package, markup_problem, xml_nodes
from pamphlet.timing import stage

NAME = "epub"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COVER_FILE = "images/cover.jpg"


@dataclass
class Page:
    """One XHTML document of the book."""

    file: str
    title: str
    body: str
    matter: str
    epub_type: str = ""
    language: str = ""  # when not the book's: a title's, inside a collection

    @property
    def id(self) -> str:
        return "doc-" + self.file.removesuffix(".xhtml")


def part_file(part: Part | Included) -> str:
    """The document of a part, or of an included title's opening."""
    return f"{part.id}.xhtml"


class _Writer(epub.EpubWriter):
    """ebooklib's writer with our nav document, `xml:lang` on the package, and our NCX: nested
    like the nav, with the page list (older reading systems, Adobe's RMSDK among them, read
    contents and pages from there)."""

    def __init__(
        self,
        name: str | IO[bytes],  # where the zip is written, as zipfile takes it
        book: epub.EpubBook,
        nav_xhtml: bytes,
        language: str,
        toc: list[NavEntry],
        pages: list[PageTarget],
        options: dict,
    ):
        super().__init__(name, book, options)
        self.nav_xhtml = nav_xhtml
        self.toc = toc
        self.language = language
        self.pages = pages

    def _get_nav(self, item: epub.EpubNav) -> bytes:
        return self.nav_xhtml

    def _get_ncx(self) -> bytes:
        return ncx(super()._get_ncx(), self.toc, self.pages, folder="text/")

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.language)
        super()._write_opf_file(root)


def _href_map(ctx: BuildContext) -> dict[str, str]:
    """Which document holds each id, so cross-references work across files."""
    where: dict[str, str] = {title.id: part_file(title) for title in ctx.document.titles}
    for part in ctx.document.parts:
        file = part_file(part)
        where[part.id] = file
        for block in part.blocks:
            block_id = getattr(block, "id", None)
            if block_id:
                where[block_id] = file
        for note in part.notes:
            where[note.id] = where[note.ref_id] = file
    return where


def _pages(ctx: BuildContext, writer: HtmlWriter) -> list[Page]:
    """The documents in the printed order (cover, colophon, title page, the parts inside,
    the back cover's part last), so that the page list rises with the reading order."""
    env = ctx.templates
    values = template_context(ctx.document, writer, NAME, ctx.labels, epub=True)
    label = ctx.labels
    m = ctx.manifest
    cover_alt = label["cover_alt"].format(title=m.title, author=m.author)
    pages = [
        Page(
            "cover.xhtml",
            label["cover"],
            env.get_template("epub/cover.xhtml.j2").render(values, cover_alt=cover_alt),
            "frontmatter",
            "cover",
        ),
        Page(
            "colophon.xhtml",
            label["colophon"],
            env.get_template("colophon.html.j2").render(values),
            "frontmatter",
            "colophon",
        ),
        Page(
            "titlepage.xhtml",
            m.title,
            env.get_template("titlepage.html.j2").render(values),
            "frontmatter",
            "titlepage",
        ),
    ]
    if not book_layout(ctx).binding.self_cover:  # the text block opens with the title page
        pages[1], pages[2] = pages[2], pages[1]
    for part in printed_order(ctx):
        opening = ctx.document.opening_at(part)
        if opening:
            html = env.get_template("opening.html.j2").render(values, opening=opening)
            pages.append(
                Page(
                    part_file(opening),
                    opening.manifest.title,
                    html,
                    "bodymatter",
                    "part",
                    opening.language,
                )
            )
        html = env.get_template("part.html.j2").render(values, part=part)
        pages.append(
            Page(
                part_file(part),
                part.title_text or ctx.labels_in(part.language or m.language)["slogans"],
                html,
                "backmatter" if part.role == "afterword" else "bodymatter",
                EPUB_TYPES[part.role],
                part.language,
            )
        )
    return pages


def printed_order(ctx: BuildContext) -> list[Part]:
    """The parts as the printed copy has them: the back cover's part (the slogans) last."""
    moved = book_layout(ctx).moved_part
    return [part for part in ctx.document.parts if part is not moved] + ([moved] if moved else [])


def _document(ctx: BuildContext, writer: HtmlWriter, page: Page) -> bytes:
    template = ctx.templates.get_template("epub/page.xhtml.j2")
    values = template_context(ctx.document, writer, NAME, ctx.labels, epub=True)
    return template.render(
        values,
        page_title=page.title,
        page_language=page.language or ctx.manifest.language,
        matter=page.matter,
        kind=page.epub_type,
        content=Markup(page.body),
    ).encode()


def _toc(ctx: BuildContext, writer: HtmlWriter) -> list[NavEntry]:
    """The navigation: the same contents as the printed one, in the printed order."""
    entries = contents(ctx.document, ctx.labels_in, printed_order(ctx))
    return navigation(entries, writer.settings.href)


def _landmarks(ctx: BuildContext) -> list[dict[str, str]]:
    parts = printed_order(ctx)
    first_body: Part | Included = next((p for p in parts if p.role != "foreword"), parts[0])
    if ctx.document.titles:  # a collection's text starts where its first title opens
        first_body = next(
            (item for item in ctx.document.sequence(parts) if isinstance(item, Included)),
            first_body,
        )
    label = ctx.labels
    landmarks = [
        {"type": "cover", "href": "cover.xhtml", "title": label["cover"]},
        {"type": "titlepage", "href": "titlepage.xhtml", "title": label["title_page"]},
        {"type": "toc", "href": "nav.xhtml", "title": label["contents"]},
        {"type": "bodymatter", "href": part_file(first_body), "title": label["body_matter"]},
    ]
    moved = book_layout(ctx).moved_part
    closing = [p for p in parts if p.role == "afterword"] or ([moved] if moved else [])
    if closing:
        landmarks.append(
            {"type": "backmatter", "href": part_file(closing[0]), "title": label["back_matter"]}
        )
    return landmarks


def _stylesheet(ctx: BuildContext) -> str:
    """base.css + epub.css with colour names replaced by their values: many e-readers
    (Kindle, Adobe RMSDK) do not understand CSS variables."""
    base = ctx.sheet("base.css").text
    own = ctx.sheet("epub.css").text
    values = dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", own))
    css = f"{base}\n{own}"
    css = re.sub(r":root\s*\{[^}]*\}", "", css)
    return re.sub(r"var\((--[\w-]+)\)", lambda m: values.get(m[1], "inherit").strip(), css)


_PARSER = etree.XMLParser(remove_blank_text=False, resolve_entities=False, no_network=True)


def _characters(documents: list[bytes], css: str) -> set[str]:
    text: set[str] = set(css)
    for document in documents:
        root = etree.fromstring(document)
        text |= set("".join(root.itertext()))
    return {c for c in text if c.isprintable()} | set("0123456789")


def _fonts(characters: set[str]) -> tuple[list[epub.EpubItem], str]:
    items, rules = [], []
    for face in TEXT_FACES:
        file = f"fonts/{face.stem}.ttf"
        items.append(
            epub.EpubItem(
                uid=f"font-{face.stem}",
                file_name=file,
                media_type="font/ttf",
                content=cut_face(face, characters),
            )
        )
        rules.append(font_face_rule(face, f"../{file}"))
    return items, "".join(rules)


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _cover(ctx: BuildContext) -> bytes:
    with stage("epub cover"):
        return cover_picture(ctx)


def build(ctx: BuildContext) -> list[Path]:
    files = _href_map(ctx)
    image_names = package_names(ctx)
    writer = HtmlWriter(
        MarkupSettings(
            href=lambda target: f"{files[target]}#{target}",
            image_src=lambda image: f"../{image_names[image.path]}",
            footnotes_inline=False,
            epub=True,
            back_to_text=ctx.labels["back_to_text"],
        )
    )
    pages = _pages(ctx, writer)
    trees = {page.file: etree.fromstring(_document(ctx, writer, page), _PARSER) for page in pages}
    with stage("epub page list"):
        targets = page_targets(print_pages(ctx), ids(trees), pages[0].file)
    toc = _toc(ctx, writer)
    nav_xhtml = (
        ctx.templates.get_template("epub/nav.xhtml.j2")
        .render(
            template_context(ctx.document, writer, NAME, ctx.labels, epub=True),
            toc=toc,
            landmarks=_landmarks(ctx),
            pages=targets,
        )
        .encode()
    )
    trees[NAV_FILE] = etree.fromstring(nav_xhtml, _PARSER)
    mark_pages(trees, targets)
    documents = {file: _serialize(root) for file, root in trees.items()}
    _check_references(ctx, documents)
    css = _stylesheet(ctx)
    with stage("epub fonts"):
        font_items, font_css = _fonts(_characters(list(documents.values()), css))

    book = epub.EpubBook()
    book.FOLDER_NAME = "EPUB"
    metadata(book, ctx)
    accessibility_metadata(book, ctx, page_list=bool(targets))
    cover = epub.EpubImage(
        uid="cover-image", file_name=COVER_FILE, media_type="image/jpeg", content=_cover(ctx)
    )
    cover.properties = ["cover-image"]
    book.add_item(cover)
    for image in _images(ctx, image_names):
        book.add_item(image)
    book.add_item(
        epub.EpubItem(
            uid="css",
            file_name="css/book.css",
            media_type="text/css",
            content=(font_css + css).encode(),
        )
    )
    for item in font_items:
        book.add_item(item)
    spine_items = []
    for page in pages:
        item = epub.EpubItem(
            uid=page.id,
            file_name=f"text/{page.file}",
            media_type="application/xhtml+xml",
            content=documents[page.file],
        )
        book.add_item(item)
        spine_items.append(item)
    book.toc = [epub.Link(f"text/{e.href}", e.title, f"toc-{i}") for i, e in enumerate(toc)]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(file_name=f"text/{NAV_FILE}")
    book.add_item(nav)
    book.spine = [*spine_items[:3], nav, *spine_items[3:]]

    raw = io.BytesIO()
    options = {
        "epub3_pages": False,
        "epub2_guide": False,
        "epub3_landmark": False,
        "mtime": build_timestamp(ctx.manifest),
        "compresslevel": 9,
    }
    language = ctx.manifest.language
    _Writer(raw, book, documents[NAV_FILE], language, toc, targets, options).write()
    target = ctx.out / edition(NAME).outputs[0].name(ctx.slug)
    write_atomic(target, _normalized_zip(raw.getvalue()))
    return [target]


def _check_references(ctx: BuildContext, documents: dict[str, bytes]) -> None:
    """What the documents load must be inside the book: the sandbox's rule for the EPUB,
    which a workspace template could otherwise break."""
    for document in documents.values():
        nodes = xml_nodes(etree.fromstring(document))
        problem = markup_problem(nodes, lambda reference: not leaves_package(reference, "text"))
        if problem:
            raise ctx.reference_error(*problem)


def package_names(ctx: BuildContext) -> dict[Path, str]:
    """Where each image goes in the package: under images/, by its path in the title's folder
    (an images/ folder there is not doubled; in a collection, under the folder of the title it
    comes from), each part of it lowercase ASCII letters, digits, '.', '-' and '_' ("Ruta
    señalada.png" → "ruta-senalada.png"), so that every reading system and zip tool finds it
    by its href; names that would clash get a number."""
    taken = {COVER_FILE}
    names: dict[Path, str] = {}
    for image in ctx.document.images():
        parts = _place_in_its_folder(ctx, image.path)
        if parts[0] == "images" and len(parts) > 1:
            parts = parts[1:]
        stem = "images/" + "/".join(_safe_name(part) for part in parts)
        name, number = stem, 1
        while name in taken:
            number += 1
            base, dot, suffix = stem.rpartition(".")
            name = f"{base}-{number}.{suffix}" if dot else f"{stem}-{number}"
        taken.add(name)
        names[image.path] = name
    return names


def _place_in_its_folder(ctx: BuildContext, path: Path) -> tuple[str, ...]:
    """The path of an image in the folder of the title it belongs to (in a collection, that
    folder's name first)."""
    for folder in ctx.document.folders:
        if path.is_relative_to(folder.resolve()):
            inside = path.relative_to(folder.resolve()).parts
            return (folder.name, *inside) if ctx.document.titles else inside
    raise ValueError(f"{path} is in none of the title's folders")


def _safe_name(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9._]+", "-", ascii_name.lower()).strip("-.") or "image"


def _images(ctx: BuildContext, names: dict[Path, str]) -> list[epub.EpubImage]:
    return [
        epub.EpubImage(
            uid=f"image-{i}",
            file_name=names[image.path],
            media_type=media_type(image.path),
            content=image.path.read_bytes(),
        )
        for i, image in enumerate(ctx.document.images())
    ]


def _normalized_zip(data: bytes) -> bytes:
    """The same entries with fixed timestamps and `mimetype` first and stored, so the bytes
    depend only on the content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        names = ["mimetype"] + [n for n in source.namelist() if n != "mimetype"]
        for name in names:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, source.read(name), compresslevel=9)
    return out.getvalue()
