"""The bundle's OPDS 1.2 catalogue, so that an e-reader or a shop's software can browse and
fetch the titles: `catalog.xml`, an Atom acquisition feed with one entry per title (its
metadata, cover and thumbnail, and acquisition links to the EPUB and the PDF with their
types and sizes). With more than one title, navigation feeds by series
(`catalog-series.xml`) and by subject (`catalog-subjects.xml`) lead to one acquisition feed
per series and per subject, which `catalog.xml` also offers as facets.

Every link is relative to the bundle folder. Nothing depends on the clock: an entry is
updated when its title's build timestamp says (the text's date, or SOURCE_DATE_EPOCH), a
feed when its latest entry is, and every id is derived from the titles' identifiers and the
publishers' names.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from lxml import etree

from pamphlet.context import BuildContext
from pamphlet.labels import labels
from pamphlet.output import build_timestamp, iso_date
from pamphlet.sources.ids import slugify

CATALOGUE = "catalog.xml"
BY_SERIES = "catalog-series.xml"
BY_SUBJECT = "catalog-subjects.xml"
ATOM = "http://www.w3.org/2005/Atom"
DCTERMS = "http://purl.org/dc/terms/"
OPDS = "http://opds-spec.org/2010/catalog"
THREAD = "http://purl.org/syndication/thread/1.0"  # RFC 4685, for thr:count on facets
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACES = {None: ATOM, "dc": DCTERMS, "opds": OPDS, "thr": THREAD}
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
NAVIGATION_FEED = "application/atom+xml;profile=opds-catalog;kind=navigation"
ACQUISITION = "http://opds-spec.org/acquisition"
IMAGE = "http://opds-spec.org/image"
THUMBNAIL = "http://opds-spec.org/image/thumbnail"
FACET = "http://opds-spec.org/facet"
EPUB = "application/epub+zip"


@dataclass(frozen=True)
class Download:
    """A file of the title in the bundle."""

    name: str
    media_type: str
    bytes: int
    format: str


@dataclass(frozen=True)
class CatalogueTitle:
    """What the catalogue says about one title, with the names of its files in the bundle."""

    identifier: str
    title: str
    author: str
    publisher: str
    language: str
    issued: date
    updated: datetime
    summary: str
    subjects: tuple[str, ...]
    series: str
    first_published_in: str
    rights: str
    cover: str
    thumbnail: str
    record: str
    onix: str
    downloads: tuple[Download, ...]
    other_languages: tuple[str, ...] = ()  # a collection's titles in other languages


def catalogue_title(
    ctx: BuildContext, files: Iterable[dict], cover: str, thumbnail: str, onix: str
) -> CatalogueTitle:
    """A title's catalogue entry, from its manifest and the file entries of its JSON record."""
    from pamphlet.editions.epub_metadata import book_identifier
    from pamphlet.render.templates import publication_markup

    m = ctx.manifest
    return CatalogueTitle(
        identifier=book_identifier(ctx),
        title=m.title,
        author=m.author,
        publisher=m.publisher,
        language=m.language,
        issued=m.date,
        updated=build_timestamp(m),
        summary=m.description,
        subjects=tuple(m.subjects),
        series=m.series.name if m.series else "",
        first_published_in=_plain(publication_markup(ctx.document, ctx.labels)),
        rights=m.rights,
        cover=cover,
        thumbnail=thumbnail,
        record=f"{m.slug}.json",
        onix=onix,
        downloads=tuple(  # the EPUB first, the format e-readers want
            Download(f["name"], f["media_type"], f["bytes"], f["format"])
            for f in sorted(files, key=lambda f: f["media_type"] != EPUB)
        ),
        other_languages=tuple(ctx.document.languages[1:]),
    )


def _plain(markup: str) -> str:
    """Markup as text, its no-break spaces kept (Markup.striptags folds them into spaces)."""
    return html.unescape(re.sub(r"<[^>]*>", "", str(markup)))


@dataclass(frozen=True)
class Group:
    """The titles of one series or one subject, and the acquisition feed that lists them."""

    name: str
    feed: str
    titles: tuple[CatalogueTitle, ...]


@dataclass(frozen=True)
class Grouping:
    """A way to group titles (by series, by subject): its navigation feed, the labels of that
    feed's title and of its facet group, the names it gives a title, and the file-name
    prefix of its groups' feeds."""

    feed: str
    title_label: str
    facet_label: str
    names: Callable[[CatalogueTitle], Iterable[str]]
    prefix: str


SERIES = Grouping(
    BY_SERIES,
    "catalogue_by_series",
    "catalogue_series",
    lambda t: [t.series] if t.series else [],
    "catalog-series-",
)
SUBJECT = Grouping(
    BY_SUBJECT,
    "catalogue_by_subject",
    "catalogue_subject",
    lambda t: t.subjects,
    "catalog-subject-",
)


def catalogue(titles: list[CatalogueTitle]) -> dict[str, bytes]:
    """Every feed of the catalogue: file name → the feed's bytes."""
    ordered = sorted(
        titles, key=lambda t: (-t.issued.toordinal(), t.title.casefold(), t.identifier)
    )
    words = labels(_shared_language(ordered))
    writer = _FeedWriter(ordered)
    if len(ordered) < 2:
        return {CATALOGUE: writer.acquisition(CATALOGUE, writer.name, ordered, [])}
    groupings = [(by, groups) for by in (SERIES, SUBJECT) if (groups := _groups(ordered, by))]
    links = [
        _link("subsection", by.feed, NAVIGATION_FEED, words[by.title_label]) for by, _ in groupings
    ]
    facets = [(words[by.facet_label], group) for by, groups in groupings for group in groups]
    feeds = {CATALOGUE: writer.acquisition(CATALOGUE, writer.name, ordered, links, facets)}
    for by, groups in groupings:
        title = words[by.title_label]
        feeds[by.feed] = writer.navigation(by.feed, title, groups)
        up = [_link("up", by.feed, NAVIGATION_FEED, title)]
        for group in groups:
            feeds[group.feed] = writer.acquisition(group.feed, group.name, group.titles, up)
    return feeds


def _shared_language(titles: list[CatalogueTitle]) -> str:
    """The language of the catalogue's own words: the titles' one language, else English."""
    languages = {t.language.split("-")[0].lower() for t in titles}
    return languages.pop() if len(languages) == 1 else "en"


def _groups(titles: list[CatalogueTitle], by: Grouping) -> list[Group]:
    """The titles grouped by series or by subject, in alphabetical order, each group with a
    feed of its own (names that slugify alike are told apart by a number)."""
    members: dict[str, list[CatalogueTitle]] = {}
    for title in titles:
        for name in dict.fromkeys(by.names(title)):
            members.setdefault(name, []).append(title)
    groups: list[Group] = []
    used: set[str] = set()
    for name in sorted(members, key=lambda n: (n.casefold(), n)):
        slug = base = slugify(name)
        number = 2
        while slug in used:
            slug, number = f"{base}-{number}", number + 1
        used.add(slug)
        groups.append(Group(name, f"{by.prefix}{slug}.xml", tuple(members[name])))
    return groups


def _link(rel: str, href: str, media_type: str, title: str = "") -> dict:
    link = {"rel": rel, "href": href, "type": media_type}
    if title:
        link["title"] = title
    return link


def _uuid(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'pamphlet:opds:' + ':'.join(parts))}"


class _FeedWriter:
    """Writes the catalogue's Atom feeds for one set of titles."""

    def __init__(self, titles: list[CatalogueTitle]) -> None:
        self.publishers = sorted({t.publisher for t in titles})
        self.name = ", ".join(self.publishers)
        languages = {t.language for t in titles}
        self.language = languages.pop() if len(languages) == 1 else ""

    def acquisition(
        self,
        feed: str,
        title: str,
        titles: Iterable[CatalogueTitle],
        links: list[dict],
        facets: Iterable[tuple[str, Group]] = (),
    ) -> bytes:
        titles = list(titles)
        root = self._feed(feed, title, ACQUISITION_FEED, titles, links)
        for group_name, group in facets:
            self._add(
                root,
                "link",
                None,
                {
                    "rel": FACET,
                    "href": group.feed,
                    "type": ACQUISITION_FEED,
                    "title": group.name,
                    f"{{{OPDS}}}facetGroup": group_name,
                    f"{{{THREAD}}}count": str(len(group.titles)),
                },
            )
        for entry in titles:
            self._entry(root, entry)
        return self._bytes(root)

    def navigation(self, feed: str, title: str, groups: list[Group]) -> bytes:
        root = self._feed(feed, title, NAVIGATION_FEED, [t for g in groups for t in g.titles], [])
        for group in groups:
            entry = self._add(root, "entry")
            self._add(entry, "title", group.name)
            self._add(entry, "id", _uuid(*self.publishers, feed, group.feed))
            self._add(entry, "updated", iso_date(max(t.updated for t in group.titles)))
            self._add(entry, "content", "; ".join(t.title for t in group.titles), {"type": "text"})
            link = _link("subsection", group.feed, ACQUISITION_FEED, group.name)
            link[f"{{{THREAD}}}count"] = str(len(group.titles))
            self._add(entry, "link", None, link)
        return self._bytes(root)

    def _feed(
        self, feed: str, title: str, kind: str, titles: list[CatalogueTitle], links: list[dict]
    ) -> etree._Element:
        """A feed's head: id, title, updated and authors (from `titles`, the titles it leads
        to), and its links."""
        root = etree.Element(f"{{{ATOM}}}feed", nsmap=NAMESPACES)
        if self.language:
            root.set(XML_LANG, self.language)
        self._add(root, "id", _uuid(*self.publishers, feed))
        self._add(root, "title", title)
        self._add(root, "updated", iso_date(max(t.updated for t in titles)))
        for publisher in sorted({t.publisher for t in titles}):
            self._add(self._add(root, "author"), "name", publisher)
        self._add(root, "link", None, _link("self", feed, kind))
        self._add(root, "link", None, _link("start", CATALOGUE, ACQUISITION_FEED, self.name))
        for link in links:
            self._add(root, "link", None, link)
        return root

    def _entry(self, root: etree._Element, t: CatalogueTitle) -> None:
        entry = self._add(root, "entry", None, {XML_LANG: t.language})
        self._add(entry, "title", t.title)
        self._add(entry, "id", _uuid(t.identifier))
        self._add(entry, "updated", iso_date(t.updated))
        self._add(self._add(entry, "author"), "name", t.author)
        self._add(entry, "rights", t.rights)
        self._add(entry, f"{{{DCTERMS}}}identifier", t.identifier)
        self._add(entry, f"{{{DCTERMS}}}publisher", t.publisher)
        for language in (t.language, *t.other_languages):
            self._add(entry, f"{{{DCTERMS}}}language", language)
        self._add(entry, f"{{{DCTERMS}}}issued", t.issued.isoformat())
        if t.first_published_in:
            self._add(entry, f"{{{DCTERMS}}}source", t.first_published_in)
        for subject in t.subjects:
            self._add(entry, "category", None, {"term": subject, "label": subject})
        self._add(entry, "summary", t.summary, {"type": "text"})
        self._add(entry, "link", None, _link(IMAGE, t.cover, "image/jpeg"))
        self._add(entry, "link", None, _link(THUMBNAIL, t.thumbnail, "image/jpeg"))
        self._add(entry, "link", None, _link("alternate", t.record, "application/json"))
        self._add(entry, "link", None, _link("describedby", t.onix, "application/xml"))
        for download in t.downloads:
            link = _link(ACQUISITION, download.name, download.media_type, download.format)
            link["length"] = str(download.bytes)
            self._add(entry, "link", None, link)

    @staticmethod
    def _add(
        parent: etree._Element, tag: str, text: str | None = None, attrs: dict | None = None
    ) -> etree._Element:
        name = tag if tag.startswith("{") else f"{{{ATOM}}}{tag}"
        element = etree.SubElement(parent, name, attrs or {})
        if text is not None:
            element.text = text
        return element

    @staticmethod
    def _bytes(root: etree._Element) -> bytes:
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
