"""The distributor bundle, build/dist/: for each title its screen PDF and EPUB, a cover
thumbnail, a JSON metadata record and an ONIX 3.0 message (one product per file format,
validated against EDItEUR's ONIX 3.0 XML Schema and code lists), with SHA256SUMS for all.

The bundle is assembled beside build/dist/ and swapped in whole, so a failed run leaves the
previous bundle as it was.
"""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pamphlet.build import build_title, load_document
from pamphlet.context import BuildContext
from pamphlet.errors import BuildError, Warnings
from pamphlet.output import build_timestamp, remove_tree, sha256, write_atomic, write_checksums
from pamphlet.render.templates import publication_markup
from pamphlet.sources.markdown import slugify
from pamphlet.typography import primary_language
from pamphlet.workspace import Workspace

DIST = "dist"
THUMBNAIL_HEIGHT = 800
ONIX_NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
# ISO 639-2/B codes (ONIX code list 74) for the languages pamphlet ships labels for, and more.
ISO_639_2 = {"en": "eng", "es": "spa", "fr": "fre", "de": "ger", "pt": "por", "it": "ita"}
ORGANISATION_WORDS = re.compile(
    r"\b(league|party|collective|committee|group|union|press|organi[sz]ation|federation|"
    r"council|liga|partido|colectivo|comité|grupo|unión|sindicato|federación)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Format:
    """A file format of the bundle: the edition that makes it and how ONIX names it."""

    edition: str
    suffix: str
    media_type: str
    onix_detail: str  # ONIX code list 175
    name: str


FORMATS = (
    Format("screen", ".pdf", "application/pdf", "E107", "PDF"),
    Format("epub", ".epub", "application/epub+zip", "E101", "EPUB"),
)


def file_entry(path: Path, fmt: Format) -> dict:
    return {
        "name": path.name,
        "edition": fmt.edition,
        "format": fmt.name,
        "media_type": fmt.media_type,
        "bytes": path.stat().st_size,
        "sha256": sha256(path),
    }


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def metadata_record(ctx: BuildContext, files: list[dict], pages: int, cover: str) -> dict:
    """The title's metadata as JSON for a distributor's catalogue."""
    from pamphlet.editions.epub_metadata import book_identifier

    m = ctx.manifest
    return {
        "slug": m.slug,
        "identifier": book_identifier(ctx),
        "title": m.title,
        "subtitle": m.subtitle,
        "author": m.author,
        "publisher": m.publisher,
        "language": m.language,
        "date": m.date.isoformat(),
        "description": m.description,
        "subjects": list(m.subjects),
        "rights": m.rights,
        "isbn": m.isbn,
        "edition": m.edition,
        "version": m.version,
        "series": (
            {"name": m.series.name, "number": m.series.number, "issue": m.series.issue}
            if m.series
            else None
        ),
        "trim": {"inches": m.trim.inches, "millimetres": m.trim.millimetres},
        "pages": pages,
        "parts": [{"role": part.role, "title": part.title_text} for part in ctx.document.parts],
        "cover": cover,
        "files": files,
    }


# --- ONIX 3.0 -------------------------------------------------------------------------------


class _Onix:
    """Writes elements in the ONIX 3.0 reference namespace."""

    def __init__(self) -> None:
        self.root = etree.Element("ONIXMessage", release="3.0", nsmap={None: ONIX_NAMESPACE})

    @staticmethod
    def add(parent: etree._Element, tag: str, text: str | None = None, **attrs: str):
        element = etree.SubElement(parent, tag, attrs)
        if text is not None:
            element.text = text
        return element

    def fields(self, parent: etree._Element, tag: str, *children: tuple[str, str]):
        element = self.add(parent, tag)
        for child, text in children:
            self.add(element, child, text)
        return element


def _product_id(m, fmt: Format) -> str:
    return f"{m.slug}-{fmt.name.lower()}"


def onix_message(ctx: BuildContext, files: dict[str, dict], pages: int, cover: str) -> bytes:
    """An ONIX 3.0 message with one product per file format of the title."""
    m = ctx.manifest
    onix = _Onix()
    header = onix.add(onix.root, "Header")
    onix.fields(header, "Sender", ("SenderName", m.publisher))
    onix.add(header, "SentDateTime", build_timestamp(m).strftime("%Y%m%d"))
    language = ISO_639_2.get(primary_language(m.language), "und")
    publisher = slugify(m.publisher)
    description = m.description
    if m.series:
        publication = publication_markup(ctx.document, ctx.labels).striptags()
        description += " " + ctx.labels["first_published"].format(publication=publication)
    for fmt in FORMATS:
        product = onix.add(onix.root, "Product")
        onix.add(product, "RecordReference", f"pamphlet.{publisher}.{_product_id(m, fmt)}")
        onix.add(product, "NotificationType", "03")
        onix.fields(
            product,
            "ProductIdentifier",
            ("ProductIDType", "01"),
            ("IDTypeName", "pamphlet"),
            ("IDValue", _product_id(m, fmt)),
        )
        detail = onix.add(product, "DescriptiveDetail")
        onix.add(detail, "ProductComposition", "00")
        onix.add(detail, "ProductForm", "ED")
        onix.add(detail, "ProductFormDetail", fmt.onix_detail)
        title = onix.add(detail, "TitleDetail")
        onix.add(title, "TitleType", "01")
        element = onix.add(title, "TitleElement")
        onix.add(element, "TitleElementLevel", "01")
        onix.add(element, "TitleText", m.title)
        if m.subtitle:
            onix.add(element, "Subtitle", m.subtitle)
        contributor = onix.add(detail, "Contributor")
        onix.add(contributor, "SequenceNumber", "1")
        onix.add(contributor, "ContributorRole", "A01")
        name = "CorporateName" if ORGANISATION_WORDS.search(m.author) else "PersonName"
        onix.add(contributor, name, m.author)
        if m.edition:
            onix.add(detail, "EditionStatement", f"{m.edition}, version {m.version}")
        onix.fields(detail, "Language", ("LanguageRole", "01"), ("LanguageCode", language))
        onix.fields(
            detail,
            "Extent",
            ("ExtentType", "00" if fmt.edition == "screen" else "10"),
            ("ExtentValue", str(pages)),
            ("ExtentUnit", "03"),
        )
        onix.fields(
            detail,
            "Extent",
            ("ExtentType", "22"),
            ("ExtentValue", str(files[fmt.edition]["bytes"])),
            ("ExtentUnit", "17"),
        )
        if m.subjects:
            onix.fields(
                detail,
                "Subject",
                ("SubjectSchemeIdentifier", "20"),
                ("SubjectHeadingText", "; ".join(m.subjects)),
            )
        collateral = onix.add(product, "CollateralDetail")
        onix.fields(
            collateral,
            "TextContent",
            ("TextType", "03"),
            ("ContentAudience", "00"),
            ("Text", description),
        )
        resource = onix.add(collateral, "SupportingResource")
        onix.add(resource, "ResourceContentType", "01")
        onix.add(resource, "ContentAudience", "00")
        onix.add(resource, "ResourceMode", "03")
        version = onix.add(resource, "ResourceVersion")
        onix.add(version, "ResourceForm", "02")
        onix.add(version, "ResourceLink", cover)
        publishing = onix.add(product, "PublishingDetail")
        onix.fields(
            publishing, "Publisher", ("PublishingRole", "01"), ("PublisherName", m.publisher)
        )
        onix.add(publishing, "PublishingStatus", "04")
        onix.fields(
            publishing,
            "PublishingDate",
            ("PublishingDateRole", "01"),
            ("Date", m.date.strftime("%Y%m%d")),
        )
        related = onix.add(product, "RelatedMaterial")
        for other in FORMATS:
            if other is not fmt:
                relation = onix.add(related, "RelatedProduct")
                onix.add(relation, "ProductRelationCode", "06")
                onix.fields(
                    relation,
                    "ProductIdentifier",
                    ("ProductIDType", "01"),
                    ("IDTypeName", "pamphlet"),
                    ("IDValue", _product_id(m, other)),
                )
        if m.isbn and len(m.isbn) == 13:
            relation = onix.add(related, "RelatedProduct")
            onix.add(relation, "ProductRelationCode", "13")
            onix.fields(relation, "ProductIdentifier", ("ProductIDType", "15"), ("IDValue", m.isbn))
        supply = onix.add(product, "ProductSupply")
        market = onix.add(supply, "Market")
        onix.fields(market, "Territory", ("RegionsIncluded", "WORLD"))
        supply_detail = onix.add(supply, "SupplyDetail")
        onix.fields(
            supply_detail, "Supplier", ("SupplierRole", "01"), ("SupplierName", m.publisher)
        )
        onix.add(supply_detail, "ProductAvailability", "20")
        onix.add(supply_detail, "UnpricedItemType", "04")
    return etree.tostring(onix.root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def onix_problems(path: Path) -> list[str]:
    """What EDItEUR's ONIX 3.0 reference XML Schema (with its code lists, as shipped by
    onixcheck) finds wrong in a file; empty when it is valid."""
    import onixcheck

    return [str(message) for message in onixcheck.validate(str(path), schemas=("xsd",))]


# --- the bundle -----------------------------------------------------------------------------


def thumbnail(ctx: BuildContext) -> bytes:
    """The cover as a JPEG, THUMBNAIL_HEIGHT pixels high."""
    from PIL import Image

    from pamphlet.render.cover import cover_png

    image = Image.open(io.BytesIO(cover_png(ctx, THUMBNAIL_HEIGHT))).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88, optimize=True)
    return out.getvalue()


def bundle_title(workspace: Workspace, slug: str, folder: Path) -> list[str]:
    """Build the title's screen PDF and EPUB and put them, their metadata and cover into
    `folder`; the names written."""
    result = build_title(workspace, slug, [fmt.edition for fmt in FORMATS], use_cache=True)
    if result.error:
        raise result.error
    ctx = BuildContext(workspace, load_document(workspace, slug, Warnings()))
    files: dict[str, dict] = {}
    for fmt in FORMATS:
        built = ctx.out / f"{slug}{fmt.suffix}"
        shutil.copyfile(built, folder / built.name)
        files[fmt.edition] = file_entry(folder / built.name, fmt)
    pages = page_count(folder / f"{slug}.pdf")
    cover = f"{slug}-cover.jpg"
    write_atomic(folder / cover, thumbnail(ctx))
    record = metadata_record(ctx, list(files.values()), pages, cover)
    write_atomic(
        folder / f"{slug}.json",
        (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8"),
    )
    onix_file = write_atomic(folder / f"{slug}.onix.xml", onix_message(ctx, files, pages, cover))
    problems = onix_problems(onix_file)
    if problems:
        raise BuildError(
            onix_file,
            None,
            f"the ONIX record is not valid: {problems[0]}",
            "report this to the pamphlet maintainers",
        )
    return [f"{slug}{fmt.suffix}" for fmt in FORMATS] + [
        cover,
        f"{slug}.json",
        f"{slug}.onix.xml",
    ]


def make_dist(workspace: Workspace, slugs: list[str], on_title=None) -> Path:
    """Assemble build/dist/ for `slugs` and swap it in whole."""
    target = workspace.build / DIST
    staging = workspace.build / f".{DIST}-new"
    remove_tree(staging)
    staging.mkdir(parents=True)
    try:
        names: list[str] = []
        for slug in slugs:
            written = bundle_title(workspace, slug, staging)
            names += written
            if on_title:
                on_title(slug, written)
        write_checksums(staging, names)
        old = workspace.build / f".{DIST}-old"
        remove_tree(old)
        if target.exists():
            target.rename(old)
        staging.rename(target)
        remove_tree(old)
    finally:
        remove_tree(staging)
    return target
