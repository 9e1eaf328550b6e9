"""`pamphlet dist`, the distributor bundle: the files and their checksums, the JSON record, the
ONIX record (valid ONIX 3.0, its EPUB product carrying the accessibility the EPUB itself
declares) and the OPDS catalogue (valid against the RELAX NG schemas of RFC 4287 and OPDS 1.2,
checked with jing, and walked link by link as an OPDS reader would).

One bundle of four titles is made for the module: the flagship, the Spanish fixture and two
test titles that share a series and a subject, so the navigation feeds have groups of one and
of two titles.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
import uuid
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse
from urllib.request import url2pathname

import onixcheck
import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from pamphlet.dist.accessibility import onix_features
from pamphlet.dist.opds import CatalogueTitle, Download, catalogue
from pamphlet.errors import BuildError
from pamphlet.output import sha256
from tests.conftest import FIXTURES, FLAGSHIP, REPO, make_workspace, pamphlet
from tests.trust import quiet_env, shifted_clock

SCHEMAS = Path(__file__).resolve().parent / "schemas"
TITLES = {
    FLAGSHIP: REPO / "sources" / FLAGSHIP,
    "espanol": FIXTURES / "espanol",
    "notes": FIXTURES / "notes",
    "figures": FIXTURES / "figures",
}
CONTACT = "access@testpress.example"
ONIX = {"o": "http://ns.editeur.org/onix/3.0/reference"}
ATOM = "http://www.w3.org/2005/Atom"
NS = {
    "a": ATOM,
    "dc": "http://purl.org/dc/terms/",
    "opds": "http://opds-spec.org/2010/catalog",
    "thr": "http://purl.org/syndication/thread/1.0",
}
ACQUISITION = "http://opds-spec.org/acquisition"
ACQUISITION_FEED = "application/atom+xml;profile=opds-catalog;kind=acquisition"
NAVIGATION_FEED = "application/atom+xml;profile=opds-catalog;kind=navigation"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    root = make_workspace(tmp_path_factory.mktemp("dist"), TITLES)
    manifest = root / "sources" / "notes" / "pamphlet.toml"  # its last table is [epub]
    manifest.write_text(manifest.read_text() + f'accessibility_contact = "{CONTACT}"\n')
    result = pamphlet(root, "dist", env=quiet_env())
    assert result.returncode == 0, result.stderr
    return root / "build" / "dist"


def manifest(bundle: Path, slug: str) -> dict:
    return tomllib.loads((bundle.parent.parent / "sources" / slug / "pamphlet.toml").read_text())


# --- the bundle -------------------------------------------------------------------------------


def test_bundle_holds_each_title_with_checksums(bundle):
    names = sorted(p.name for p in bundle.iterdir())
    for slug in TITLES:
        for suffix in (".pdf", ".epub", ".json", ".onix.xml", "-cover.jpg", "-thumbnail.jpg"):
            assert f"{slug}{suffix}" in names
    assert {"catalog.xml", "catalog-series.xml", "catalog-subjects.xml"} <= set(names)
    sums = (bundle / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ")[1]: line.split("  ")[0] for line in sums}
    assert sorted(listed) == [n for n in names if n != "SHA256SUMS"]
    for name, digest in listed.items():
        assert sha256(bundle / name) == digest


def test_json_record_describes_the_files(bundle):
    record = json.loads((bundle / f"{FLAGSHIP}.json").read_text(encoding="utf-8"))
    assert record["title"] == "Bolivia’s Unfinished Revolution"
    assert record["series"] == {
        "name": "Proletarian Revolution",
        "number": "69",
        "issue": "Winter 2004",
    }
    assert record["pages"] == len(PdfReader(bundle / f"{FLAGSHIP}.pdf").pages)
    files = {f["name"]: f for f in record["files"]}
    epub = files[f"{FLAGSHIP}.epub"]
    assert epub["media_type"] == "application/epub+zip"
    assert epub["sha256"] == sha256(bundle / f"{FLAGSHIP}.epub")
    assert epub["bytes"] == (bundle / f"{FLAGSHIP}.epub").stat().st_size
    assert record["cover"] == f"{FLAGSHIP}-cover.jpg"
    assert record["thumbnail"] == f"{FLAGSHIP}-thumbnail.jpg"


def test_cover_and_thumbnail(bundle):
    cover = Image.open(bundle / f"{FLAGSHIP}-cover.jpg")
    thumbnail = Image.open(bundle / f"{FLAGSHIP}-thumbnail.jpg")
    assert cover.format == thumbnail.format == "JPEG"
    assert cover.height == 800 and thumbnail.height == 240
    for image in (cover, thumbnail):
        assert abs(image.width / image.height - 5.5 / 8.5) < 0.01
    # the same picture: the thumbnail is the cover made small
    small = cover.convert("L").resize(thumbnail.size)
    pixels = zip(small.tobytes(), thumbnail.convert("L").tobytes(), strict=True)
    assert sum(abs(a - b) for a, b in pixels) / (thumbnail.width * thumbnail.height) < 8


def test_failed_dist_keeps_the_previous_bundle(bundle):
    root = bundle.parent.parent
    before = (bundle / "SHA256SUMS").read_text()
    path = root / "sources" / "notes" / "pamphlet.toml"
    text = path.read_text()
    path.write_text(text.replace("title =", "titel ="))
    try:
        result = pamphlet(root, "dist", env=quiet_env())
    finally:
        path.write_text(text)
    assert result.returncode == 2 and 'did you mean "title"' in result.stderr
    assert (bundle / "SHA256SUMS").read_text() == before
    assert not (root / "build" / ".dist-new").exists()


def test_bundle_does_not_read_the_clock(bundle, tmp_path):
    """Metadata and catalogue written 400 days later are the same bytes."""
    root = bundle.parent.parent
    metadata = sorted(p.name for p in bundle.glob("*.xml")) + [f"{s}.json" for s in TITLES]
    before = {name: (bundle / name).read_bytes() for name in metadata}
    later = quiet_env(**shifted_clock(tmp_path / "clock", days=400))
    result = pamphlet(root, "dist", env=later)
    assert result.returncode == 0, result.stderr
    assert {name: (bundle / name).read_bytes() for name in metadata} == before


# --- ONIX -------------------------------------------------------------------------------------


def epub_metadata(epub: Path) -> dict[str, list[str]]:
    """The EPUB's <meta property=…> values, read independently of pamphlet's code."""
    with zipfile.ZipFile(epub) as archive:
        container = etree.fromstring(archive.read("META-INF/container.xml"))
        opf = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
        package = etree.fromstring(archive.read(opf))
    found: dict[str, list[str]] = {}
    for meta in package.xpath("//*[local-name()='meta'][@property]"):
        found.setdefault(meta.get("property"), []).append(meta.text)
    return found


def product_features(path: Path) -> dict[str, list[tuple[str, str, str | None]]]:
    """Each product's ProductFormFeatures (type, value, description), by ProductFormDetail."""
    products = etree.parse(str(path)).getroot().findall("o:Product", ONIX)
    return {
        product.findtext(".//o:ProductFormDetail", namespaces=ONIX): [
            (
                f.findtext("o:ProductFormFeatureType", namespaces=ONIX),
                f.findtext("o:ProductFormFeatureValue", namespaces=ONIX),
                f.findtext("o:ProductFormFeatureDescription", namespaces=ONIX),
            )
            for f in product.findall(".//o:ProductFormFeature", ONIX)
        ]
        for product in products
    }


def test_onix_records_are_valid_onix_3(bundle):
    for slug in TITLES:
        path = bundle / f"{slug}.onix.xml"
        assert onixcheck.validate(str(path), schemas=("xsd", "rng")) == []
    root = etree.parse(str(bundle / "notes.onix.xml"))
    products = root.findall("o:Product", ONIX)
    assert [p.findtext(".//o:ProductFormDetail", namespaces=ONIX) for p in products] == [
        "E107",
        "E101",
    ]
    assert (
        products[0].findtext(".//o:TitleText", namespaces=ONIX) == "On Notes and Cross-References"
    )
    related = products[0].findall(".//o:RelatedProduct", ONIX)
    isbn = [r for r in related if r.findtext("o:ProductRelationCode", namespaces=ONIX) == "13"]
    assert isbn[0].findtext(".//o:IDValue", namespaces=ONIX) == "9780306406157"


# What the flagship's EPUB declares (page list included), in code list 196: EPUB
# Accessibility 1.1, WCAG 2.2, level AA; readable without sight (accessModeSufficient
# textual); structural navigation, table of contents, reading order, alternative text,
# display transformability, print page numbers (and page-break markers), page list
# navigation; the summary; the certifier.
FLAGSHIP_CODES = ["04", "82", "85", "52", "29", "11", "13", "14", "36", "19", "41", "00", "90"]


def test_onix_epub_product_carries_what_the_epub_declares(bundle):
    for slug in TITLES:
        features = product_features(bundle / f"{slug}.onix.xml")
        assert features["E107"] == []  # the PDF claims nothing
        epub = features["E101"]
        declared = epub_metadata(bundle / f"{slug}.epub")
        by_code = {value: text for kind, value, text in epub if kind == "09"}
        assert by_code["00"] == declared["schema:accessibilitySummary"][0]
        assert by_code["90"] == declared["a11y:certifiedBy"][0]
        assert declared["schema:accessibilityHazard"] == ["none"]
        assert [(k, v) for k, v, _ in epub if k == "12"] == [("12", "00")]  # no known hazards
        assert ("99" in by_code) == (slug == "notes")
    flagship = product_features(bundle / f"{FLAGSHIP}.onix.xml")["E101"]
    assert [value for kind, value, _ in flagship if kind == "09"] == FLAGSHIP_CODES
    assert epub_metadata(bundle / f"{FLAGSHIP}.epub")["a11y:certifiedBy"] == ["SV Publishing"]
    notes = {v: text for k, v, text in product_features(bundle / "notes.onix.xml")["E101"]}
    assert notes["90"] == "Test Access Review" and notes["99"] == CONTACT


def test_onix_summary_is_labelled_with_its_language(bundle):
    for slug, language in ((FLAGSHIP, "eng"), ("espanol", "spa")):
        root = etree.parse(str(bundle / f"{slug}.onix.xml"))
        summary = root.xpath(
            "//o:ProductFormFeature[o:ProductFormFeatureValue='00']"
            "/o:ProductFormFeatureDescription",
            namespaces=ONIX,
        )[0]
        assert summary.get("language") == language
    espanol = epub_metadata(bundle / "espanol.epub")["schema:accessibilitySummary"][0]
    assert espanol.startswith("Esta publicación cumple EPUB Accessibility 1.1")


def fake_epub(folder: Path, metas: dict[str, list[str]]) -> Path:
    """A zip with just a container and a package document declaring `metas`."""
    lines = "".join(
        f'<meta property="{prop}">{value}</meta>'
        for prop, values in metas.items()
        for value in values
    )
    path = folder / "fake.epub"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "META-INF/container.xml",
            '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">'
            '<rootfiles><rootfile full-path="EPUB/content.opf"/></rootfiles></container>',
        )
        archive.writestr(
            "EPUB/content.opf",
            f'<package xmlns="http://www.idpf.org/2007/opf"><metadata>{lines}</metadata></package>',
        )
    return path


def test_a_declaration_without_onix_equivalent_stops_the_bundle(tmp_path):
    good = {
        "dcterms:conformsTo": ["EPUB Accessibility 1.1 - WCAG 2.1 Level A"],
        "schema:accessibilityFeature": ["tableOfContents", "none"],
        "schema:accessibilityHazard": ["noFlashingHazard", "noSoundHazard"],
    }
    features = onix_features(fake_epub(tmp_path, good))
    assert [(f.type, f.value) for f in features] == [
        ("09", "04"),
        ("09", "81"),
        ("09", "84"),
        ("09", "11"),
        ("12", "14"),
        ("12", "16"),
    ]
    for prop, value in (
        ("schema:accessibilityFeature", "braille"),
        ("schema:accessibilityHazard", "unknown"),
        ("dcterms:conformsTo", "EPUB Accessibility 1.0 - WCAG 2.0 Level A"),
    ):
        with pytest.raises(BuildError, match=f'"{value}", which has no ONIX equivalent'):
            onix_features(fake_epub(tmp_path, {**good, prop: [value]}))


def test_accessibility_contact_must_be_an_email_address(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    path = root / "sources" / "notes" / "pamphlet.toml"
    path.write_text(path.read_text() + 'accessibility_contact = "the access desk"\n')
    line = len(path.read_text().splitlines())
    result = pamphlet(root, "dist", env=quiet_env())
    assert result.returncode == 2
    assert f"pamphlet.toml:{line}:" in result.stderr
    assert '"the access desk" is not an e-mail address' in result.stderr
    assert "Traceback" not in result.stderr


# --- the OPDS catalogue -----------------------------------------------------------------------


def jing(schema: str, *files: Path) -> subprocess.CompletedProcess:
    """RELAX NG validation of `files` against tests/schemas/`schema` (compact syntax)."""
    if not shutil.which("jing"):
        pytest.fail("jing is not installed: run scripts/setup.sh test")
    command = ["jing", "-c", str(SCHEMAS / schema), *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


def feeds(bundle: Path) -> list[Path]:
    return sorted(bundle.glob("catalog*.xml"))


def test_catalogue_is_valid_atom_and_opds(bundle):
    for schema in ("atom.rnc", "opds.rnc"):
        result = jing(schema, *feeds(bundle))
        assert result.returncode == 0 and result.stdout == "", result.stdout
    for path in feeds(bundle):
        # the two rules RFC 4287's schema states in Schematron, which RELAX NG does not check
        feed = etree.parse(str(path)).getroot()
        entries = feed.findall("a:entry", NS)
        assert feed.find("a:author", NS) is not None or all(
            e.find("a:author", NS) is not None for e in entries
        )
        for entry in entries:
            assert entry.find("a:content", NS) is not None or entry.xpath(
                "a:link[@rel='alternate' or not(@rel)]", namespaces=NS
            )


def test_schema_check_can_fail(bundle, tmp_path):
    """The schemas do reject a broken feed: an entry without an id, a summary in HTML."""
    text = (bundle / "catalog.xml").read_text(encoding="utf-8")
    for broken in (
        text.replace("<entry xml:lang", "<entry><title>x</title></entry><entry xml:lang", 1),
        text.replace('<summary type="text">', '<summary type="html">', 1),
    ):
        path = tmp_path / "broken.xml"
        path.write_text(broken, encoding="utf-8")
        result = jing("opds.rnc", path)
        assert result.returncode != 0 and "error" in result.stdout


def walk(bundle: Path) -> list[tuple[str, etree._Element, Path]]:
    """Follow every link from catalog.xml, as an OPDS reader does: each link's href resolved
    against its feed's address; feeds followed in turn. Every (feed, link, file) found."""
    found: list[tuple[str, etree._Element, Path]] = []
    queue, seen = ["catalog.xml"], set()
    while queue:
        name = queue.pop()
        if name in seen:
            continue
        seen.add(name)
        address = (bundle / name).as_uri()
        for link in etree.parse(str(bundle / name)).getroot().iter(f"{{{ATOM}}}link"):
            target = Path(url2pathname(urlparse(urljoin(address, link.get("href"))).path))
            assert target.parent == bundle and target.is_file(), (name, link.get("href"))
            found.append((name, link, target))
            if link.get("type", "").startswith("application/atom+xml"):
                queue.append(target.name)
    return found


def test_every_link_leads_to_a_file_of_the_bundle_a_reader_can_open(bundle):
    links = walk(bundle)
    reached = {target.name for _, _, target in links}
    assert {p.name for p in feeds(bundle)} <= reached  # no feed left unreachable
    for feed, link, target in links:
        media_type = link.get("type")
        if link.get("length"):
            assert int(link.get("length")) == target.stat().st_size
        if media_type == "image/jpeg":
            assert Image.open(target).format == "JPEG"
        elif media_type == "application/epub+zip":
            with zipfile.ZipFile(target) as archive:
                assert archive.read("mimetype") == b"application/epub+zip"
        elif media_type == "application/pdf":
            assert len(PdfReader(target).pages) > 0
        elif media_type == "application/json":
            assert json.loads(target.read_text(encoding="utf-8"))["title"]
        elif media_type == "application/xml":
            assert etree.parse(str(target)).getroot().tag.endswith("ONIXMessage")
        else:
            root = etree.parse(str(target)).getroot()
            assert root.tag == f"{{{ATOM}}}feed", (feed, media_type)
            kind = media_type.rsplit("kind=", 1)[1]
            for entry in root.findall("a:entry", NS):
                acquires = entry.xpath(f"a:link[starts-with(@rel, '{ACQUISITION}')]", namespaces=NS)
                assert bool(acquires) == (kind == "acquisition"), (target.name, kind)


def entries(path: Path) -> dict[str, etree._Element]:
    root = etree.parse(str(path)).getroot()
    return {e.findtext("a:title", namespaces=NS): e for e in root.findall("a:entry", NS)}


def test_catalogue_describes_every_title(bundle):
    catalogue_entries = entries(bundle / "catalog.xml")
    assert len(catalogue_entries) == len(TITLES)
    for slug in TITLES:
        m = manifest(bundle, slug)
        entry = catalogue_entries[m["title"]]
        assert entry.findtext("a:author/a:name", namespaces=NS) == m["author"]
        assert entry.findtext("dc:language", namespaces=NS) == m["language"]
        assert entry.get("{http://www.w3.org/XML/1998/namespace}lang") == m["language"]
        assert entry.findtext("dc:publisher", namespaces=NS) == m["publisher"]
        assert entry.findtext("dc:issued", namespaces=NS) == m["date"].isoformat()
        assert entry.findtext("a:summary", namespaces=NS) == m["description"]
        assert entry.findtext("a:rights", namespaces=NS) == m["rights"]
        assert [c.get("term") for c in entry.findall("a:category", NS)] == m["subjects"]
        # no clock: updated is the text's date (SOURCE_DATE_EPOCH is not set here)
        assert entry.findtext("a:updated", namespaces=NS) == f"{m['date'].isoformat()}T00:00:00Z"
        links = {link.get("rel"): link for link in entry.findall("a:link", NS)}
        assert links["http://opds-spec.org/image"].get("href") == f"{slug}-cover.jpg"
        assert links["http://opds-spec.org/image/thumbnail"].get("href") == f"{slug}-thumbnail.jpg"
        acquisitions = {
            link.get("href"): link
            for link in entry.findall("a:link", NS)
            if link.get("rel") == ACQUISITION
        }
        assert list(acquisitions) == [f"{slug}.epub", f"{slug}.pdf"]  # the EPUB first
        assert acquisitions[f"{slug}.epub"].get("type") == "application/epub+zip"
        assert acquisitions[f"{slug}.pdf"].get("type") == "application/pdf"
        for name, link in acquisitions.items():
            assert int(link.get("length")) == (bundle / name).stat().st_size
    flagship = catalogue_entries["Bolivia’s Unfinished Revolution"]
    assert (
        flagship.findtext("dc:source", namespaces=NS)
        == "Proletarian Revolution No.\u00a069 (Winter 2004)"
    )
    # newest first
    issued = [e.findtext("dc:issued", namespaces=NS) for e in catalogue_entries.values()]
    assert issued == sorted(issued, reverse=True)


def test_catalogue_ids_are_unique_and_derived_from_identifiers(bundle):
    ids = [
        element.text
        for path in feeds(bundle)
        for element in etree.parse(str(path)).getroot().iter(f"{{{ATOM}}}id")
    ]
    feed_ids = [
        etree.parse(str(p)).getroot().findtext("a:id", namespaces=NS) for p in feeds(bundle)
    ]
    assert len(set(feed_ids)) == len(feed_ids)
    entry_ids = {
        e.findtext("dc:identifier", namespaces=NS): e.findtext("a:id", namespaces=NS)
        for e in entries(bundle / "catalog.xml").values()
    }
    assert "urn:isbn:9780306406157" in entry_ids  # the notes title's ISBN
    for path in feeds(bundle):  # a title has one entry id wherever it is listed
        for e in etree.parse(str(path)).getroot().findall("a:entry", NS):
            if e.find("dc:identifier", NS) is not None:
                assert entry_ids[e.findtext("dc:identifier", namespaces=NS)] == e.findtext(
                    "a:id", namespaces=NS
                )
    assert all(i.startswith("urn:uuid:") for i in ids)


def test_navigation_feeds_group_titles_by_series_and_subject(bundle):
    series = entries(bundle / "catalog-series.xml")
    assert list(series) == ["Proletarian Revolution", "Revolución Proletaria", "Test Papers"]
    link = series["Test Papers"].find("a:link", NS)
    assert link.get("rel") == "subsection" and link.get("type") == ACQUISITION_FEED
    assert link.get(f"{{{NS['thr']}}}count") == "2"
    listed = entries(bundle / link.get("href"))
    assert sorted(listed) == ["Figures and Facts", "On Notes and Cross-References"]
    subjects = entries(bundle / "catalog-subjects.xml")
    every_subject = {s for slug in TITLES for s in manifest(bundle, slug)["subjects"]}
    assert set(subjects) == every_subject
    testing = subjects["Testing"].find("a:link", NS).get("href")
    assert sorted(entries(bundle / testing)) == sorted(listed)
    bolivia = subjects["Bolivia"].find("a:link", NS).get("href")
    assert list(entries(bundle / bolivia)) == ["Bolivia’s Unfinished Revolution"]
    root = etree.parse(str(bundle / "catalog.xml")).getroot()
    navigation = root.xpath("a:link[@rel='subsection']", namespaces=NS)
    assert [(n.get("href"), n.get("type")) for n in navigation] == [
        ("catalog-series.xml", NAVIGATION_FEED),
        ("catalog-subjects.xml", NAVIGATION_FEED),
    ]
    facets = root.xpath("a:link[@rel='http://opds-spec.org/facet']", namespaces=NS)
    groups = {f.get(f"{{{NS['opds']}}}facetGroup") for f in facets}
    assert groups == {"Series", "Subject"}
    assert len(facets) == len(series) + len(subjects)


# --- the catalogue from made-up titles --------------------------------------------------------


def made_up(title: str, subjects: tuple[str, ...], series: str = "", language: str = "en"):
    return CatalogueTitle(
        identifier=f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, title)}",
        title=title,
        author="An Author",
        publisher="A Press",
        language=language,
        issued=date(2020, 1, 1),
        updated=datetime(2020, 1, 1, tzinfo=UTC),
        summary="A summary.",
        subjects=subjects,
        series=series,
        first_published_in="",
        rights="© 2020 An Author",
        cover="x-cover.jpg",
        thumbnail="x-thumbnail.jpg",
        record="x.json",
        onix="x.onix.xml",
        downloads=(Download("x.epub", "application/epub+zip", 10, "EPUB"),),
    )


def test_one_title_makes_one_acquisition_feed(tmp_path):
    written = catalogue([made_up("Alone", ("Solitude",))])
    assert list(written) == ["catalog.xml"]
    (tmp_path / "catalog.xml").write_bytes(written["catalog.xml"])
    assert jing("opds.rnc", tmp_path / "catalog.xml").returncode == 0
    root = etree.fromstring(written["catalog.xml"])
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert not root.xpath("a:link[@rel='subsection' or contains(@rel, 'facet')]", namespaces=NS)


def test_catalogue_does_not_depend_on_the_order_of_titles():
    titles = [made_up("B", ("x",), "S"), made_up("A", ("x", "y")), made_up("C", ("y",), "S")]
    assert catalogue(titles) == catalogue(list(reversed(titles)))


def test_groups_whose_names_slugify_alike_get_feeds_of_their_own(tmp_path):
    titles = [made_up("A", ("Working class",)), made_up("B", ("Working-class",))]
    written = catalogue(titles)
    assert "catalog-subject-working-class.xml" in written
    assert "catalog-subject-working-class-2.xml" in written
    assert "catalog-series.xml" not in written  # no title has a series: no feed by series
    for name, feed in written.items():
        (tmp_path / name).write_bytes(feed)
    assert jing("opds.rnc", *feeds(tmp_path)).returncode == 0


def test_catalogue_words_follow_a_shared_language():
    spanish = [made_up("A", ("x",), "S", "es"), made_up("B", ("x",), "S", "es-419")]
    root = etree.fromstring(catalogue(spanish)["catalog-series.xml"])
    assert root.findtext("a:title", namespaces=NS) == "Por serie"
    mixed = [made_up("A", ("x",), "S", "es"), made_up("B", ("x",), "S", "en")]
    root = etree.fromstring(catalogue(mixed)["catalog-series.xml"])
    assert root.findtext("a:title", namespaces=NS) == "By series"
