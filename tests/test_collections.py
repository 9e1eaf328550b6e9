"""Collections: a title whose manifest lists other titles. The fixture collection
(tests/fixtures/collection) has an introduction of its own, the flagship (its parts in a new
order: the slogans after the appendix) and the Spanish fixture (only two of its three
parts). It is built in every edition from one workspace, then read back: contents, title
openings, running heads, bookmarks, links and notes across titles, the EPUB's nested
navigation, languages and one page list; `pamphlet check`, `pamphlet dist`, the cache,
`watch`, `pamphlet new --collection` and the errors for bad input.
"""

from __future__ import annotations

import re
from pathlib import Path

import onixcheck
import pyphen
import pytest
from lxml import etree
from pypdf import PdfReader

from pamphlet import registry
from pamphlet.errors import SourceError, Warnings
from pamphlet.manifest import load_manifest
from pamphlet.sources.collection import read_document
from pamphlet.watch import plan
from pamphlet.workspace import Workspace
from tests.conftest import FIXTURES, FLAGSHIP, REPO, Built, make_workspace, pamphlet
from tests.epubs import NS, Epub, text_after
from tests.pdfs import body_texts, internal_links, outline, page_of, page_texts

SLUG = "collection"
TITLES = {
    FLAGSHIP: REPO / "sources" / FLAGSHIP,
    "espanol": FIXTURES / "espanol",
    SLUG: FIXTURES / "collection",
}
FLAGSHIP_TITLE = "Bolivia’s Unfinished Revolution"
SPANISH_TITLE = "La imprenta de los trabajadores"
FLAGSHIP_SECTIONS = [
    "From El Alto to La Paz",
    "Revolutionary Talk, Reformist Treachery",
    "Revolutionary Tasks",
    "Revolutionary Tactics",
    "COB Leaders, Take Power!",
    "Permanent Revolution",
]
SPANISH_SECTIONS = ["Una tradición de organización", "Lo que debe tener un buen folleto"]
LESSONS = "Lessons of the Bolivian Revolution"
EVERY_EDITION = ("screen", "print", "booklet", "epub", "html", "large-print")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_workspace(tmp_path_factory.mktemp("collection"), TITLES)
    editions = [arg for name in EVERY_EDITION for arg in ("--edition", name)]
    result = pamphlet(root, "build", SLUG, *editions, check=True)
    return Built(root, SLUG, result)


@pytest.fixture(scope="module")
def pdf(built: Built) -> Path:
    return built.file(".pdf")


@pytest.fixture(scope="module")
def texts(pdf: Path) -> list[str]:
    return page_texts(pdf)


@pytest.fixture(scope="module")
def bodies(pdf: Path) -> list[str]:
    return body_texts(pdf)


@pytest.fixture(scope="module")
def book(built: Built) -> Epub:
    return Epub(built.file(".epub"))


def test_builds_in_every_edition(built):
    names = {p.name for p in built.out.iterdir()}
    for edition in EVERY_EDITION:
        for name in registry.edition(edition).output_names(SLUG):
            assert name in names, name
    assert f"{SLUG}-jobticket.txt" in names
    assert len(PdfReader(built.file("-print.pdf")).pages) % 4 == 0


# --- the screen PDF ---------------------------------------------------------------------------


def opening_page(bodies: list[str], title: str, author: str) -> int:
    """The page (index) of a title's opening: its name and its author, and little else."""
    for index, text in enumerate(bodies):
        if text.startswith(title) and author.lower() in text.lower() and len(text) < 300:
            return index
    raise AssertionError(f"no opening page for {title}")


def test_each_title_opens_with_its_name_author_source_and_rights(bodies):
    flagship = bodies[opening_page(bodies, FLAGSHIP_TITLE, "League for the Revolutionary Party")]
    assert "From Proletarian Revolution No. 69 (Winter 2004)" in flagship
    assert "© 2004 League for the Revolutionary Party" in flagship
    spanish = bodies[opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")]
    assert "Por qué seguimos publicando folletos" in spanish
    assert "De Revolución Proletaria n.º 12 (invierno de 2004)" in spanish  # its language
    assert "© 2004 Colectivo de Prueba" in spanish


def contents_numbers(contents: str, entries: list[str]) -> list[int]:
    """The page number the printed contents gives each entry, checking they come in order."""
    numbers, at = [], 0
    for entry in entries:
        match = re.compile(re.escape(entry) + r"[ .]*?(\d+)").search(contents, at)
        assert match, f"{entry!r} is not in the contents after position {at}"
        numbers.append(int(match[1]))
        at = match.end()
    return numbers


def test_one_contents_with_each_title_and_its_sections(texts, bodies):
    contents = texts[page_of(texts, "Contents")]
    entries = [
        "Introduction",
        FLAGSHIP_TITLE,
        *FLAGSHIP_SECTIONS,
        f"Appendix: {LESSONS}",
        SPANISH_TITLE,
        *SPANISH_SECTIONS,
    ]
    numbers = contents_numbers(contents, entries)
    assert "Cómo se hace este folleto" not in contents  # the appendix the collection leaves out
    flagship = opening_page(bodies, FLAGSHIP_TITLE, "League for the Revolutionary Party")
    spanish = opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")
    assert numbers[1] == flagship + 1 and numbers[9] == spanish + 1
    for entry, number in zip(entries, numbers, strict=True):
        heading = entry.removeprefix("Appendix: ")
        if entry not in (FLAGSHIP_TITLE, SPANISH_TITLE):
            assert heading in bodies[number - 1], f"{entry}: contents says {number}"
    # the article named like its title is not listed again: its sections come under it
    assert contents.count(FLAGSHIP_TITLE) == 1


def test_bookmarks_nest_each_titles_parts_and_sections(pdf, bodies):
    marks = outline(pdf)
    assert [(depth, title) for depth, title, _ in marks] == [
        (0, "Introduction"),
        (0, FLAGSHIP_TITLE),
        *[(1, section) for section in FLAGSHIP_SECTIONS],
        (1, f"Appendix {LESSONS}"),
        (0, SPANISH_TITLE),
        *[(1, section) for section in SPANISH_SECTIONS],
    ]
    pages = {title: page for _, title, page in marks}
    assert pages[SPANISH_TITLE] == opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")


def test_running_heads_name_the_title_of_the_page(texts, bodies):
    flagship = opening_page(bodies, FLAGSHIP_TITLE, "League for the Revolutionary Party")
    spanish = opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")
    ranges = {
        FLAGSHIP_TITLE: (range(flagship + 1, spanish), [*FLAGSHIP_SECTIONS, LESSONS]),
        SPANISH_TITLE: (range(spanish + 1, len(texts) - 1), SPANISH_SECTIONS),
    }
    for title, (pages, sections) in ranges.items():
        left = 0
        for index in pages:
            printed = index + 1
            head = texts[index].replace(bodies[index], "").strip().lower()  # small caps
            head = head.removesuffix(str(printed)).strip()
            if not head:
                continue  # the first page of a part has none
            if printed % 2 == 0:
                assert head == title.lower(), f"page {printed}: {head!r}"
                left += 1
            else:
                names = [s.lower() for s in [title, *sections]]
                assert head in names, f"page {printed}: {head!r}"
        assert left >= 1, f"no left running head with {title}"
    for index in (flagship, spanish):  # an opening has no running head
        assert texts[index].lower().startswith(bodies[index].lower()[:20])


def test_cross_references_lead_across_titles(pdf, bodies):
    links = set(internal_links(pdf))
    introduction = page_of(bodies, "This volume brings together two pamphlets")
    flagship = opening_page(bodies, FLAGSHIP_TITLE, "League for the Revolutionary Party")
    spanish = opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")
    lessons = page_of(bodies, f"Appendix {LESSONS}")
    assert {(introduction, flagship), (introduction, spanish), (introduction, lessons)} <= links
    see = page_of(bodies, f"(See {LESSONS}")  # the flagship's own link, renamed
    assert (see, lessons) in links
    # the PDFs give the page a cross-reference leads to, across titles too
    assert f"{LESSONS}, p. {lessons + 1}, follows it here" in bodies[introduction]
    assert f"(See {LESSONS}, p. {lessons + 1})" in bodies[see]


def test_a_titles_cross_references_give_the_page_in_its_language(tmp_path):
    root = make_workspace(tmp_path, {"espanol": TITLES["espanol"]})
    article = root / "sources" / "espanol" / "articulo.md"
    article.write_text(
        article.read_text().replace(
            "en los barrios.", "en los barrios (véase [el apéndice](#apendice))."
        ),
        encoding="utf-8",
    )
    write_collection(root, "mixed", '[[titles]]\nslug = "espanol"\n')
    pamphlet(root, "build", "mixed", "--edition", "screen", check=True)
    bodies = body_texts(root / "build" / "mixed" / "mixed.pdf")
    appendix = page_of(bodies, "Este folleto se compone")
    assert f"(véase el apéndice, pág. {appendix + 1})" in bodies[page_of(bodies, "en los barrios")]


def test_notes_stay_with_their_text(bodies):
    introduction = bodies[page_of(bodies, "This volume brings together")]
    assert "Each text keeps its own notes, and its own quotation marks." in introduction
    spanish = bodies[page_of(bodies, "pasa de mano en mano")]
    assert "Una tirada de quinientos ejemplares se imprime en una tarde" in spanish


def hyphenated_words(pdf: Path, pages: range) -> list[tuple[str, str]]:
    """(before, after) the hyphen of every word broken at a line's end on `pages`."""
    reader = PdfReader(pdf)
    found = []
    for index in pages:
        text = reader.pages[index].extract_text() or ""
        found += re.findall(r"(\w+)[\u2010-]\n(\w+)", text)
    return found


def test_each_title_is_hyphenated_in_its_own_language(pdf, bodies):
    spanish = opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")
    breaks = hyphenated_words(pdf, range(spanish + 1, spanish + 3))
    assert breaks, "no word is broken on the Spanish pages"
    rules = pyphen.Pyphen(lang="es")
    for before, after in breaks:
        assert len(before) in rules.positions(before + after), f"{before}-{after}"


def test_pdf_language_is_the_collections(pdf):
    import pikepdf

    with pikepdf.open(pdf) as document:
        assert str(document.Root.Lang) == "en-US"
        assert str(document.docinfo["/Title"]).startswith("Bolivia and the Workers’ Press")


# --- the EPUB ---------------------------------------------------------------------------------


def nav_tree(book: Epub) -> list[tuple[str, str, list]]:
    """(text, lang, children) of the nav's table of contents."""
    nav = book.xhtml(book.nav_href())
    top = nav.find(".//x:nav[@epub:type='toc']/x:ol", NS)

    def entries(ol: etree._Element) -> list[tuple[str, str, list]]:
        out = []
        for li in ol.findall("x:li", NS):
            link = li.find("x:a", NS)
            inner = li.find("x:ol", NS)
            kids = entries(inner) if inner is not None else []
            out.append(("".join(link.itertext()), li.get("lang", ""), kids))
        return out

    return entries(top)


def test_epub_navigation_nests_titles_parts_and_sections(book):
    tree = nav_tree(book)
    assert [(text, lang) for text, lang, _ in tree] == [
        ("Introduction", ""),
        (FLAGSHIP_TITLE, ""),
        (SPANISH_TITLE, "es-419"),
    ]
    assert [text for text, _, _ in tree[1][2]] == [*FLAGSHIP_SECTIONS, f"Appendix: {LESSONS}"]
    assert [text for text, _, _ in tree[2][2]] == SPANISH_SECTIONS
    opening = book.target(
        book.xhtml(book.nav_href()).xpath(
            "//x:nav[@epub:type='toc']/x:ol/x:li[3]/x:a/@href", namespaces=NS
        )[0]
    )
    assert opening.get("role") == "doc-part"
    assert "".join(opening.itertext()).split()[:4] == ["La", "imprenta", "de", "los"]


def test_ncx_has_the_same_tree(book):
    ncx_ns = {"n": "http://www.daisy.org/z3986/2005/ncx/"}
    name = next(i["href"] for i in book.manifest().values() if i["href"].endswith(".ncx"))
    ncx = book.xhtml(name)

    def points(parent: etree._Element) -> list:
        return [
            (p.findtext("n:navLabel/n:text", namespaces=ncx_ns), points(p))
            for p in parent.findall("n:navPoint", ncx_ns)
        ]

    def texts(tree: list) -> list:
        return [(text, texts(children)) for text, _, children in tree]

    assert points(ncx.find("n:navMap", ncx_ns)) == texts(nav_tree(book))
    depth = ncx.find("n:head/n:meta[@name='dtb:depth']", ncx_ns).get("content")
    assert depth == "2"


def test_epub_languages_per_document(book):
    assert book.dc("language") == ["en-US", "es-419"]  # the collection's first
    assert book.dc("creator") == [
        "SV Publishing",
        "League for the Revolutionary Party",
        "Colectivo de Prueba",
    ]
    languages = {}
    for href in book.spine():
        root = book.xhtml(href)
        languages[href.rsplit("/", 1)[-1]] = root.get("lang")
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == root.get("lang")
    assert languages["introduction.xhtml"] == "en-US"
    assert languages["bolivias-unfinished-revolution-article.xhtml"] == "en-US"
    assert languages["espanol.xhtml"] == "es-419"
    assert languages["espanol-articulo.xhtml"] == "es-419"
    assert languages["nav.xhtml"] == "en-US"
    # the Spanish note's back link speaks Spanish; the introduction's English
    spanish = book.xhtml("text/espanol-articulo.xhtml")
    backlink = spanish.find(".//x:a[@role='doc-backlink']", NS)
    assert backlink.get("aria-label") == "Volver al texto"
    english = book.xhtml("text/introduction.xhtml")
    assert english.find(".//x:a[@role='doc-backlink']", NS).get("aria-label") == "Back to text"


def test_every_link_of_the_epub_leads_to_an_element(book):
    ids: dict[str, set[str]] = {}
    documents = {}
    for href in book.spine():
        root = book.xhtml(href)
        name = href.rsplit("/", 1)[-1]
        documents[name] = root
        ids[name] = {e.get("id") for e in root.iter() if isinstance(e.tag, str) and e.get("id")}
    every_id = [i for found in ids.values() for i in found]
    assert len(every_id) == len(set(every_id)), "an id is used in two documents"
    followed = 0
    for name, root in documents.items():
        for link in root.iter("{http://www.w3.org/1999/xhtml}a"):
            href = link.get("href", "")
            if href.startswith(("http", "mailto:", "../")) or "#" not in href:
                continue
            file, _, anchor = href.partition("#")
            assert anchor in ids[file or name], f"{name}: {href} leads nowhere"
            followed += 1
    assert followed > 40
    article = documents["bolivias-unfinished-revolution-article.xhtml"]
    see = article.xpath(f"//x:a[.='{LESSONS}']", namespaces=NS)[0]
    assert see.get("href") == (
        "bolivias-unfinished-revolution-lessons.xhtml#bolivias-unfinished-revolution-lessons"
    )


def test_one_page_list_for_the_whole_collection(book, built, bodies):
    pages = book.page_list()
    printed = len(PdfReader(built.file("-print.pdf")).pages)
    assert [label for label, _ in pages] == [str(n) for n in range(1, printed + 1)]
    spine = [href.rsplit("/", 1)[-1] for href in book.spine()]
    order = [spine.index(href.partition("#")[0]) for _, href in pages]
    assert order == sorted(order), "the page list goes back and forth in the reading order"
    spanish = opening_page(bodies, SPANISH_TITLE, "Colectivo de Prueba")
    _, href = pages[spanish]
    assert href.startswith("espanol.xhtml#")
    assert text_after(book.target(href)).startswith(SPANISH_TITLE)
    _label, href = pages[spanish + 1]
    assert href.startswith("espanol-articulo.xhtml#")


def test_web_edition_holds_every_title(built):
    page = built.file(".html").read_text(encoding="utf-8")
    for words in ("This volume brings together", "Throughout the afternoon", "Componíamos"):
        assert words in page
    assert '<section class="title-opening" id="espanol" lang="es-419"' in page


def test_check_passes_epubcheck_ace_and_preflight(built):
    result = pamphlet(built.root, "check", SLUG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout
    for validator in ("epubcheck", "ace"):
        row = next(line for line in result.stdout.splitlines() if line.startswith(validator))
        assert "no problems" in row, row


def test_dist_catalogues_the_collection_like_any_title(built):
    from tests.test_dist import NS as FEEDS
    from tests.test_dist import entries, feeds, jing

    result = pamphlet(built.root, "dist")
    assert result.returncode == 0, result.stderr
    bundle = built.root / "build" / "dist"
    entry = entries(bundle / "catalog.xml")["Bolivia and the Workers’ Press"]
    languages = [e.text for e in entry.findall("dc:language", FEEDS)]
    assert languages == ["en-US", "es-419"]
    hrefs = {link.get("href") for link in entry.findall("a:link", FEEDS)}
    assert {f"{SLUG}.epub", f"{SLUG}.pdf", f"{SLUG}.onix.xml"} <= hrefs
    for schema in ("atom.rnc", "opds.rnc"):
        checked = jing(schema, *feeds(bundle))
        assert checked.returncode == 0, checked.stdout
    onix = bundle / f"{SLUG}.onix.xml"
    assert onixcheck.validate(str(onix), schemas=("xsd", "rng")) == []
    codes = etree.parse(str(onix)).xpath(
        "//o:Product[1]//o:Language/o:LanguageCode/text()",
        namespaces={"o": "http://ns.editeur.org/onix/3.0/reference"},
    )
    assert codes == ["eng", "spa"]


# --- rebuilt when an included title changes ---------------------------------------------------


def built_titles(said: str) -> list[str]:
    """The titles a `pamphlet build` run built (its summary table's rows)."""
    rows = [line.split() for line in said.splitlines()]
    return sorted(row[0] for row in rows if len(row) > 1 and row[1] == "ok")


def test_changing_an_included_title_rebuilds_it_and_the_collection_only(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    first = pamphlet(root, "build", "--edition", "epub", check=True)
    assert built_titles(first.stderr) == sorted(TITLES)
    flagship_epub = root / "build" / FLAGSHIP / f"{FLAGSHIP}.epub"
    before = flagship_epub.stat().st_mtime_ns
    part = root / "sources" / "espanol" / "articulo.md"
    part.write_text(part.read_text().replace("propia prensa", "propia prensa obrera"))
    second = pamphlet(root, "build", "--edition", "epub", check=True)
    assert built_titles(second.stderr) == [SLUG, "espanol"]
    assert f"{FLAGSHIP}: up to date" in second.stderr
    assert flagship_epub.stat().st_mtime_ns == before
    book = Epub(root / "build" / SLUG / f"{SLUG}.epub")
    assert "propia prensa obrera" in "".join(book.xhtml("text/espanol-articulo.xhtml").itertext())
    third = pamphlet(root, "build", "--edition", "epub", check=True)
    assert built_titles(third.stderr) == []


def test_watch_rebuilds_the_collections_of_a_changed_title(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    workspace = Workspace(root)
    slugs = workspace.slugs()
    changed = plan(workspace, [root / "sources" / "espanol" / "articulo.md"], slugs)
    assert sorted(changed) == [SLUG, "espanol"]
    changed = plan(workspace, [root / "sources" / SLUG / "introduction.md"], slugs)
    assert sorted(changed) == [SLUG]
    changed = plan(workspace, [root / "sources" / FLAGSHIP / "lessons.md"], [FLAGSHIP, "espanol"])
    assert sorted(changed) == [FLAGSHIP]  # the collection is not being watched


# --- the document model -------------------------------------------------------------------------


def read(root: Path, slug: str, warnings: Warnings | None = None):
    return read_document(
        load_manifest(root / "sources" / slug / "pamphlet.toml"), warnings or Warnings()
    )


def write_collection(root: Path, slug: str, titles: str, parts: str = "") -> Path:
    folder = root / "sources" / slug
    folder.mkdir(parents=True, exist_ok=True)
    manifest = folder / "pamphlet.toml"
    manifest.write_text(
        f'title = "{slug.title()}"\nauthor = "A"\npublisher = "P"\nlanguage = "en"\n'
        'date = 2004-01-01\ndescription = "D."\nrights = "R"\n' + parts + titles,
        encoding="utf-8",
    )
    return manifest


def test_a_collection_is_one_document_with_unique_ids(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    document = read(root, SLUG)
    assert [title.id for title in document.titles] == [FLAGSHIP, "espanol"]
    assert [part.id for part in document.parts] == [
        "introduction",
        f"{FLAGSHIP}-article",
        f"{FLAGSHIP}-lessons",
        f"{FLAGSHIP}-slogans",
        "espanol-articulo",
        "espanol-consignas",
    ]
    assert [part.language for part in document.parts] == ["en-US"] * 4 + ["es-419"] * 2
    assert document.languages == ["en-US", "es-419"]
    notes = [note.id for part in document.parts for note in part.notes]
    assert notes == ["note-introduction-1", "espanol-note-articulo-tirada"]
    assert document.own_parts == document.parts[:1]
    assert document.slogans == []  # the titles keep their slogans: none on the cover


def test_a_collection_inside_a_collection_brings_its_titles(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    intro = root / "sources" / "outer" / "intro.md"
    write_collection(
        root,
        "outer",
        '[[titles]]\nslug = "collection"\n',
        '[[parts]]\nfile = "intro.md"\nrole = "afterword"\n',
    )
    intro.write_text("# Afterword\n\nSee [the Spanish title](#espanol).\n", encoding="utf-8")
    document = read(root, "outer")
    assert [title.id for title in document.titles] == [FLAGSHIP, "espanol"]
    assert document.parts[-1].id == "intro"  # an afterword closes the book
    assert "introduction" not in [part.id for part in document.parts]


def test_a_link_to_a_part_left_out_keeps_its_words(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: TITLES[FLAGSHIP]})
    write_collection(root, "short", f'[[titles]]\nslug = "{FLAGSHIP}"\nparts = ["article"]\n')
    result = pamphlet(root, "build", "short", "--edition", "epub")
    assert result.returncode == 0, result.stderr
    said = result.stdout + result.stderr
    source = (root / "sources" / FLAGSHIP / "article.md").read_text().splitlines()
    line = next(n for n, text in enumerate(source, 1) if f"(See [{LESSONS}](#lessons))" in text)
    assert f"sources/{FLAGSHIP}/article.md:{line}:" in said
    assert 'leads to "#lessons", which the collection leaves out' in said
    book = Epub(root / "build" / "short" / "short.epub")
    article = book.xhtml(f"text/{FLAGSHIP}-article.xhtml")
    assert f"(See {LESSONS})" in " ".join("".join(article.itertext()).split())
    assert not article.xpath(f"//x:a[.='{LESSONS}']", namespaces=NS)


# --- bad input: one line with file and line, exit 2, nothing lost -----------------------------

BAD = {
    "unknown title": (
        '[[titles]]\nslug = "espanl"\n',
        'sources/bad/pamphlet.toml:9: no title "espanl" in sources/ — did you mean "espanol"?',
    ),
    "itself": (
        '[[titles]]\nslug = "bad"\n',
        'sources/bad/pamphlet.toml:9: the collection "bad" includes itself',
    ),
    "unknown part": (
        '[[titles]]\nslug = "espanol"\nparts = ["articulo", "apendise"]\n',
        'sources/bad/pamphlet.toml:10: the title "espanol" has no part "apendise" — its parts '
        "are: articulo, consignas, apendice",
    ),
    "listed twice": (
        '[[titles]]\nslug = "espanol"\n\n[[titles]]\nslug = "espanol"\n',
        'sources/bad/pamphlet.toml:12: the title "espanol" is listed twice',
    ),
    "parts of a collection": (
        '[[titles]]\nslug = "collection"\nparts = ["introduction"]\n',
        'sources/bad/pamphlet.toml:10: "collection" is a collection: parts are chosen from a title',
    ),
    "no parts nor titles": ("", "sources/bad/pamphlet.toml:1: the manifest lists no parts"),
}


@pytest.fixture(scope="module")
def bad_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("bad"), TITLES)


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_is_one_line_with_file_and_line(bad_workspace, case):
    titles, expected = BAD[case]
    write_collection(bad_workspace, "bad", titles)
    result = pamphlet(bad_workspace, "build", "bad", "--edition", "epub")
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert lines[0].startswith(f"error: {expected}"), lines[0]


def test_collections_in_a_loop_are_refused_at_the_line_that_closes_it(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    write_collection(root, "first", '[[titles]]\nslug = "second"\n')
    write_collection(root, "second", '[[titles]]\nslug = "espanol"\n\n[[titles]]\nslug = "first"\n')
    for slug, where, loop in (
        ("first", "sources/second/pamphlet.toml:12", "first → second → first"),
        ("second", "sources/first/pamphlet.toml:9", "second → first → second"),
    ):
        result = pamphlet(root, "build", slug, "--edition", "epub")
        assert result.returncode == 2
        assert result.stderr.startswith(
            f"error: {where}: the collections include each other in a loop: {loop}"
        ), result.stderr
    with pytest.raises(SourceError):
        read(root, "first")


def test_a_failed_collection_build_leaves_the_previous_files(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    pamphlet(root, "build", SLUG, "--edition", "epub", check=True)
    epub = root / "build" / SLUG / f"{SLUG}.epub"
    before = epub.read_bytes()
    manifest = root / "sources" / SLUG / "pamphlet.toml"
    manifest.write_text(manifest.read_text().replace('slug = "espanol"', 'slug = "gone"'))
    result = pamphlet(root, "build", SLUG, "--edition", "epub")
    assert result.returncode == 2
    assert epub.read_bytes() == before


# --- pamphlet new --collection ----------------------------------------------------------------


def test_new_collection_lists_the_titles_and_builds_at_once(tmp_path):
    root = make_workspace(tmp_path, TITLES)
    result = pamphlet(root, "new", "anthology", "--title", "An Anthology", "--collection")
    assert result.returncode == 0, result.stderr
    manifest = load_manifest(root / "sources" / "anthology" / "pamphlet.toml")
    # every title of the workspace but the collection there already
    assert [t.slug for t in manifest.titles] == [FLAGSHIP, "espanol"]
    assert [p.role for p in manifest.parts] == ["foreword"]
    text = manifest.path.read_text(encoding="utf-8")
    assert '# parts = ["articulo", "consignas", "apendice"]' in text
    built = pamphlet(root, "build", "anthology", "--edition", "epub")
    assert built.returncode == 0, built.stderr
    tree = nav_tree(Epub(root / "build" / "anthology" / "anthology.epub"))
    assert [text for text, _, _ in tree] == ["Introduction", FLAGSHIP_TITLE, SPANISH_TITLE]

    chosen = pamphlet(
        root, "new", "solo", "--title", "Solo", "--collection", "--include", "espanol", "-l", "es"
    )
    assert chosen.returncode == 0, chosen.stderr
    solo = load_manifest(root / "sources" / "solo" / "pamphlet.toml")
    assert [t.slug for t in solo.titles] == ["espanol"]
    assert "# Introducción" in (root / "sources" / "solo" / "introduction.md").read_text()

    unknown = pamphlet(root, "new", "nope", "--title", "N", "--collection", "--include", "espanl")
    assert unknown.returncode == 2
    assert 'no title "espanl" in sources/' in unknown.stderr
    assert not (root / "sources" / "nope").exists()


def test_images_of_an_included_title_reach_every_edition(tmp_path):
    import pikepdf

    root = make_workspace(tmp_path, {"figures": FIXTURES / "figures"})
    write_collection(root, "pictures", '[[titles]]\nslug = "figures"\n')
    result = pamphlet(root, "build", "pictures", "--edition", "screen", "--edition", "epub")
    assert result.returncode == 0, result.stderr
    book = Epub(root / "build" / "pictures" / "pictures.epub")
    files = {item["href"] for item in book.manifest().values()}
    article = book.xhtml("text/figures-article.xhtml")
    sources = [img.get("src") for img in article.iter("{http://www.w3.org/1999/xhtml}img")]
    assert len(sources) == 2
    for src in sources:
        assert src.startswith("../images/figures/") and src.removeprefix("../") in files
    with pikepdf.open(root / "build" / "pictures" / "pictures.pdf") as pdf:
        images = {
            name
            for page in pdf.pages
            for name, xobject in page.obj.get("/Resources", {}).get("/XObject", {}).items()
            if xobject.get("/Subtype") == "/Image"
        }
    assert images, "the map is not in the screen PDF"


def test_proof_says_a_collection_is_proofed_through_its_titles(bad_workspace):
    result = pamphlet(bad_workspace, "proof", SLUG)
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"error: sources/{SLUG}/pamphlet.toml: a collection has no original of its own"
    ), result.stderr
    assert f"pamphlet proof {FLAGSHIP} espanol" in result.stderr
