"""The ONIX 3.0 message of a title in the distributor bundle: one product per file format,
the EPUB's carrying the accessibility its package document declares (see accessibility.py),
checked against EDItEUR's ONIX 3.0 reference XML Schema and code lists (as shipped by the
onixcheck package) before the bundle is written."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from pamphlet.context import BuildContext
from pamphlet.dist.formats import FORMATS, Format
from pamphlet.dist.accessibility import SUMMARY, Feature
from pamphlet.labels import FALLBACK
from pamphlet.labels import languages as label_languages
from pamphlet.output import build_timestamp
from pamphlet.render.templates import publication_markup
from pamphlet.sources.ids import slugify
from pamphlet.typography import primary_language

ONIX_NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
# ISO 639-2/B codes (ONIX code list 74) for the languages pamphlet ships labels for, and more.
ISO_639_2 = {"en": "eng", "es": "spa", "fr": "fre", "de": "ger", "pt": "por", "it": "ita"}
ORGANISATION_WORDS = re.compile(
    r"\b(league|party|collective|committee|group|union|press|organi[sz]ation|federation|"
    r"council|liga|partido|colectivo|comité|grupo|unión|sindicato|federación)\b",
    re.IGNORECASE,
)


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


def onix_message(
    ctx: BuildContext,
    files: dict[str, dict],
    pages: int,
    cover: str,
    features: dict[str, list[Feature]],
) -> bytes:
    """An ONIX 3.0 message with one product per file format of the title; `features` are the
    `ProductFormFeature`s of each edition's product (the EPUB's accessibility)."""
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
        for feature in features.get(fmt.edition, []):
            _product_form_feature(onix, detail, feature, language)
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
        for code in _languages(ctx):  # a collection's titles may be in several
            onix.fields(detail, "Language", ("LanguageRole", "01"), ("LanguageCode", code))
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


def _product_form_feature(
    onix: _Onix, detail: etree._Element, feature: Feature, language: str
) -> None:
    element = onix.add(detail, "ProductFormFeature")
    onix.add(element, "ProductFormFeatureType", feature.type)
    onix.add(element, "ProductFormFeatureValue", feature.value)
    if feature.description:
        attrs = {"language": _labels_language(language)} if feature.value == SUMMARY else {}
        onix.add(element, "ProductFormFeatureDescription", feature.description, **attrs)


def _languages(ctx: BuildContext) -> list[str]:
    """The languages of the text (ISO 639-2/B), the title's own first."""
    codes = [ISO_639_2.get(primary_language(tag), "und") for tag in ctx.document.languages]
    return list(dict.fromkeys(codes))


def _labels_language(language: str) -> str:
    """The ONIX language code of the text pamphlet wrote from its labels for a title in
    `language` (ISO 639-2/B): the title's own if pamphlet has labels in it, else English's."""
    if language in {ISO_639_2.get(code) for code in label_languages()}:
        return language
    return ISO_639_2[FALLBACK]


def onix_problems(path: Path) -> list[str]:
    """What EDItEUR's ONIX 3.0 reference XML Schema (with its code lists, as shipped by
    onixcheck) finds wrong in a file; empty when it is valid."""
    import onixcheck

    return [str(message) for message in onixcheck.validate(str(path), schemas=("xsd",))]
