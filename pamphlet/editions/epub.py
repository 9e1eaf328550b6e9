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
import uuid
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

from ebooklib import epub
from lxml import etree
from markupsafe import Markup

from pamphlet.context import BuildContext
from pamphlet.fonts import TEXT_FACES, cut_face, font_face_rule
from pamphlet.images import media_type
from pamphlet.layout.book import book_layout
from pamphlet.layout.cover import cover_picture
from pamphlet.layout.pagemap import END, PageStart, insert_page_break, page_break, page_map
from pamphlet.model import Image, Included, Part
from pamphlet.output import build_timestamp, write_atomic
from pamphlet.registry import edition
from pamphlet.render.contents import contents
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.navigation import NavEntry, navigation, ncx_toc, number_nav_points
from pamphlet.render.templates import EPUB_TYPES
from pamphlet.render.templates import context as template_context
from pamphlet.sandbox import leaves_package, loaded_references
from pamphlet.timing import stage

NAME = "epub"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"
CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
NAV_FILE = "nav.xhtml"
PRINTED_CONTENTS = "contents"  # the id of the printed contents, whose EPUB twin is the nav


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


@dataclass(frozen=True)
class PageTarget:
    """Where printed page `label` begins in the EPUB: `offset` letters into the element
    `anchor` of document `file` (the document's body when `anchor` is empty)."""

    label: str
    file: str
    anchor: str
    offset: int

    @property
    def id(self) -> str:
        return f"page-{self.label}"

    @property
    def href(self) -> str:
        return f"{self.file}#{self.id}"


def part_file(part: Part | Included) -> str:
    """The document of a part, or of an included title's opening."""
    return f"{part.id}.xhtml"


class _Writer(epub.EpubWriter):
    """ebooklib's writer with our nav document, `xml:lang` on the package, and the page list
    in the NCX too (older reading systems, Adobe's RMSDK among them, read pages from there)."""

    def __init__(
        self,
        name: str,
        book: epub.EpubBook,
        nav_xhtml: bytes,
        language: str,
        pages: list[PageTarget],
        options: dict,
    ):
        super().__init__(name, book, options)
        self.nav_xhtml = nav_xhtml
        self.language = language
        self.pages = pages

    def _get_nav(self, item: epub.EpubNav) -> bytes:
        return self.nav_xhtml

    def _get_ncx(self) -> bytes:
        root = etree.fromstring(super()._get_ncx(), etree.XMLParser(remove_blank_text=True))
        ncx = f"{{{epub.NAMESPACES['DAISY']}}}"
        depth = number_nav_points(root.find(f"{ncx}navMap"), ncx)
        root.find(f"{ncx}head/{ncx}meta[@name='dtb:depth']").set("content", str(depth))
        if not self.pages:
            return etree.tostring(root, encoding="utf-8", xml_declaration=True)
        numbers = [int(p.label) for p in self.pages if p.label.isdigit()]
        for name, value in (
            ("dtb:totalPageCount", len(self.pages)),
            ("dtb:maxPageNumber", max(numbers, default=0)),
        ):
            root.find(f"{ncx}head/{ncx}meta[@name='{name}']").set("content", str(value))
        page_list = etree.SubElement(root, f"{ncx}pageList")
        for page in self.pages:
            target = etree.SubElement(
                page_list, f"{ncx}pageTarget", {"id": f"ncx-{page.id}", "type": "normal"}
            )
            if page.label.isdigit():
                target.set("value", page.label)
            label = etree.SubElement(etree.SubElement(target, f"{ncx}navLabel"), f"{ncx}text")
            label.text = page.label
            etree.SubElement(target, f"{ncx}content", {"src": f"text/{page.href}"})
        return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.language)
        super()._write_opf_file(root)


def book_identifier(ctx: BuildContext) -> str:
    """urn:isbn from the ISBN, or a UUID derived from the title's identity (never random)."""
    m = ctx.manifest
    if m.isbn:
        return f"urn:isbn:{m.isbn}"
    return (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'pamphlet:{m.publisher}:{m.slug}:{m.title}')}"
    )


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
    back = book_layout(ctx).back_cover
    moved = back.part if back else None
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
    first_body = next((p for p in parts if p.role != "foreword"), parts[0])
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
    back = book_layout(ctx).back_cover
    closing = [p for p in parts if p.role == "afterword"] or (
        [back.part] if back and back.part else []
    )
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


def _metadata(book: epub.EpubBook, ctx: BuildContext) -> None:
    m = ctx.manifest
    book.set_identifier(book_identifier(ctx))
    book.set_title(f"{ctx.labels['draft']}: {m.title}" if m.draft else m.title)
    book.set_language(m.language)
    for language in ctx.document.languages[1:]:  # a collection's titles in other languages
        book.add_metadata("DC", "language", language)
    book.add_author(m.author)
    authors = dict.fromkeys(title.manifest.author for title in ctx.document.titles)
    others = [author for author in authors if author != m.author]
    for number, author in enumerate(others, start=2):  # the authors of a collection's titles
        book.add_author(author, uid=f"creator-{number}")
    book.add_metadata("DC", "publisher", m.publisher)
    book.add_metadata("DC", "date", m.date.isoformat())
    book.add_metadata("DC", "description", m.description)
    book.add_metadata("DC", "rights", m.rights)
    for subject in m.subjects:
        book.add_metadata("DC", "subject", subject)
    if m.subtitle:
        book.add_metadata("DC", "title", m.subtitle, {"id": "subtitle"})
        book.add_metadata(
            None, "meta", "subtitle", {"refines": "#subtitle", "property": "title-type"}
        )
    if m.series:
        book.add_metadata(
            None, "meta", m.series.name, {"property": "belongs-to-collection", "id": "series"}
        )
        book.add_metadata(
            None, "meta", "series", {"refines": "#series", "property": "collection-type"}
        )
        if m.series.number.isdigit():
            book.add_metadata(
                None, "meta", m.series.number, {"refines": "#series", "property": "group-position"}
            )


def _accessibility_metadata(book: epub.EpubBook, ctx: BuildContext, page_list: bool) -> None:
    """EPUB Accessibility 1.1 discovery metadata and conformance claim. The claim holds
    because every build is checked with epubcheck and DAISY Ace (tests, `pamphlet check`)."""
    m = ctx.manifest
    label = ctx.labels
    has_images = bool(ctx.document.images())
    modes = ["textual", "visual"] if has_images else ["textual"]
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "alternativeText",
        "displayTransformability",
    ]
    if page_list:
        features += ["pageBreakMarkers", "printPageNumbers", "pageNavigation"]
    summary = label["a11y_summary"]
    if page_list:
        summary += " " + label["a11y_summary_pages"]

    def meta(prop: str, value: str) -> None:
        book.add_metadata(None, "meta", value, {"property": prop})

    for mode in modes:
        meta("schema:accessMode", mode)
    meta("schema:accessModeSufficient", "textual")
    for feature in features:
        meta("schema:accessibilityFeature", feature)
    meta("schema:accessibilityHazard", "none")
    meta("schema:accessibilitySummary", summary)
    meta("dcterms:conformsTo", CONFORMANCE)
    meta("a11y:certifiedBy", m.epub.certified_by or m.publisher)
    if page_list:
        source = print_edition_name(ctx)
        book.add_metadata("DC", "source", source)
        meta("pageBreakSource", source)


def print_edition_name(ctx: BuildContext) -> str:
    """How the page list names its source: 'Title, print edition, Publisher, …'."""
    m = ctx.manifest
    parts = [m.title, ctx.labels["print_edition"], m.publisher]
    if m.edition:
        parts.append(ctx.labels["edition_line"].format(edition=m.edition, version=m.version))
    return ", ".join(parts)


# --- the print edition's pages ----------------------------------------------------------------


def _print_pages(ctx: BuildContext) -> list[PageStart]:
    """Where each printed page begins, its blank pages included: from the title's one layout,
    shared with the PDFs."""
    layout = book_layout(ctx)
    starts = page_map(layout.document)
    blanks = [PageStart("", "", "", 0)] * layout.blanks
    starts[layout.blanks_before : layout.blanks_before] = blanks
    return [replace(start, label=str(number)) for number, start in enumerate(starts, start=1)]


def page_targets(starts: list[PageStart], where: dict[str, str], first: str) -> list[PageTarget]:
    """Each printed page's place in the EPUB. `where` tells which document holds each id;
    `first` is the first document. Every page gets an entry, so the numbering has no holes:
    a page whose content the EPUB does not hold (a blank page, the back cover) is placed at
    the end of the document of the page before it, where a reader of the print meets it."""
    targets: list[PageTarget] = []
    for start in starts:
        if start.part == PRINTED_CONTENTS:  # just before the nav's table of contents
            target = PageTarget(start.label, NAV_FILE, "toc", 0)
        elif start.anchor in where and where[start.anchor] == where.get(start.part):
            target = PageTarget(start.label, where[start.anchor], start.anchor, start.offset)
        elif start.part in where:
            target = PageTarget(start.label, where[start.part], start.part, 0)
        elif targets:
            target = PageTarget(start.label, targets[-1].file, "", END)
        else:
            target = PageTarget(start.label, first, "", 0)
        targets.append(target)
    return targets


def _mark_pages(trees: dict[str, etree._Element], targets: list[PageTarget]) -> None:
    for target in targets:
        root = trees[target.file]
        element = root.find(XHTML_BODY) if not target.anchor else _by_id(root, target.anchor)
        insert_page_break(element, target.offset, page_break(target.label))


def _by_id(root: etree._Element, element_id: str) -> etree._Element:
    return next(e for e in root.iter() if e.get("id") == element_id)


def _ids(trees: dict[str, etree._Element]) -> dict[str, str]:
    """Which document holds each id."""
    where: dict[str, str] = {}
    for file, root in trees.items():
        for element in root.iter():
            if isinstance(element.tag, str) and element.get("id"):
                where.setdefault(element.get("id"), file)
    return where


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8")


def _cover(ctx: BuildContext) -> bytes:
    with stage("epub cover"):
        return cover_picture(ctx)


def build(ctx: BuildContext) -> list[Path]:
    files = _href_map(ctx)
    writer = HtmlWriter(
        MarkupSettings(
            href=lambda target: f"{files[target]}#{target}",
            image_src=lambda image: f"../{_image_file(ctx, image)}",
            footnotes_inline=False,
            epub=True,
            back_to_text=ctx.labels["back_to_text"],
        )
    )
    pages = _pages(ctx, writer)
    trees = {page.file: etree.fromstring(_document(ctx, writer, page), _PARSER) for page in pages}
    with stage("epub page list"):
        targets = page_targets(_print_pages(ctx), _ids(trees), pages[0].file)
    nav_xhtml = (
        ctx.templates.get_template("epub/nav.xhtml.j2")
        .render(
            template_context(ctx.document, writer, NAME, ctx.labels, epub=True),
            toc=_toc(ctx, writer),
            landmarks=_landmarks(ctx),
            pages=targets,
        )
        .encode()
    )
    trees[NAV_FILE] = etree.fromstring(nav_xhtml, _PARSER)
    _mark_pages(trees, targets)
    documents = {file: _serialize(root) for file, root in trees.items()}
    _check_references(ctx, documents)
    css = _stylesheet(ctx)
    with stage("epub fonts"):
        font_items, font_css = _fonts(_characters(list(documents.values()), css))

    book = epub.EpubBook()
    book.FOLDER_NAME = "EPUB"
    _metadata(book, ctx)
    _accessibility_metadata(book, ctx, page_list=bool(targets))
    cover = epub.EpubImage(
        uid="cover-image",
        file_name="images/cover.png",
        media_type="image/png",
        content=_cover(ctx),
    )
    cover.properties = ["cover-image"]
    book.add_item(cover)
    for image in _images(ctx):
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
    book.toc = ncx_toc(_toc(ctx, writer))
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
    _Writer(raw, book, documents[NAV_FILE], ctx.manifest.language, targets, options).write()
    target = ctx.out / edition(NAME).outputs[0].name(ctx.slug)
    write_atomic(target, _normalized_zip(raw.getvalue()))
    return [target]


def _check_references(ctx: BuildContext, documents: dict[str, bytes]) -> None:
    """What the documents load must be inside the book: the sandbox's rule for the EPUB,
    which a workspace template could otherwise break."""
    for document in documents.values():
        for reference in loaded_references(etree.fromstring(document)):
            if leaves_package(reference, "text"):
                raise ctx.reference_error(reference, "an EPUB loads nothing from outside itself")


def _image_file(ctx: BuildContext, image: Image) -> str:
    """Where an image goes in the package: its path in the title's folder, under images/
    (two images of the same name in different folders stay apart); in a collection, under
    images/<the title's folder>/."""
    for folder in ctx.document.folders:
        if image.path.is_relative_to(folder.resolve()):
            inside = image.path.relative_to(folder.resolve()).as_posix()
            return f"images/{folder.name}/{inside}" if ctx.document.titles else f"images/{inside}"
    raise ValueError(f"{image.path} is in none of the title's folders")


def _images(ctx: BuildContext) -> list[epub.EpubImage]:
    return [
        epub.EpubImage(
            uid=f"image-{i}",
            file_name=_image_file(ctx, image),
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
