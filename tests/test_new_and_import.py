"""`pamphlet new` and `pamphlet import`: title folders that build, and an import of the
flagship's web export that has the structure of the hand-made sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pamphlet.build import load_document
from pamphlet.checks import epubcheck, readers
from pamphlet.errors import Warnings
from pamphlet.manifest import editorial
from pamphlet.manifest import options as manifest_options
from pamphlet.model import Dateline, Quotation, plain_text
from pamphlet.registry import available_editions, edition
from pamphlet.workspace import Workspace
from tests.conftest import FLAGSHIP, REPO, make_workspace, pamphlet

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
TEXT_EXPORT = EXPORTS / f"{FLAGSHIP}.txt"  # the publisher's plain-text export, as sent
WEB_EXPORT = EXPORTS / "article.html"  # a web page with menus, scripts and a share line


def every_edition() -> list[str]:
    """The editions the registry has and whose module exists on this branch."""
    return available_editions()


def structure(document) -> list[tuple]:
    """Parts, headings, quotations (paragraphs) and datelines: what an import must get right."""
    parts = []
    for part in document.parts:
        quotes = [len(b.blocks) for b in part.blocks if isinstance(b, Quotation)]
        dates = [b.date for b in part.blocks if isinstance(b, Dateline)]
        sections = [plain_text(h.children) for h in part.sections]
        parts.append((part.role, part.title_text, sections, quotes, dates))
    return parts


@pytest.mark.parametrize("language", ["en", "es"])
def test_new_title_builds_at_once_in_every_edition(tmp_path, language):
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    result = pamphlet(root, "new", "first", "--title", "A First Title", "--lang", language)
    assert result.returncode == 0, result.stderr
    assert "pamphlet.toml" in result.stdout and "article.md" in result.stdout
    editions = every_edition()
    args = [arg for name in editions for arg in ("--edition", name)]
    built = pamphlet(root, "build", "first", *args)
    assert built.returncode == 0, built.stderr
    out = root / "build" / "first"
    for name in editions:
        for file in edition(name).output_names("first"):
            if name == "cover":  # a new title is self-covered: no cover wrap
                assert not (out / file).exists()
                continue
            assert (out / file).stat().st_size > 1000, file
    lint = pamphlet(root, "lint", "first")
    assert lint.returncode == 0, lint.stdout  # a fresh title is clean
    # and so are its files, for the outside tools: epubcheck, Ghostscript, MuPDF
    assert [f.check_line() for f in epubcheck.check(out / "first.epub")] == []
    for pdf in sorted(out.glob("*.pdf")):
        assert [f.check_line() for f in readers.check(pdf)] == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_new_manifest_explains_every_key_in_the_titles_language(tmp_path, language):
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    pamphlet(root, "new", "first", "--title", "A First Title", "--lang", language, check=True)
    text = (root / "sources" / "first" / "pamphlet.toml").read_text(encoding="utf-8")
    tables = {
        "": manifest_options.TOP,
        "series": manifest_options.SERIES,
        "cover": manifest_options.COVER,
        "print": manifest_options.PRINT,
        "epub": manifest_options.EPUB,
        "parts": manifest_options.PART,
        "proof": editorial.PROOF,
        "lint": editorial.LINT,
        "order": editorial.ORDER,
    }
    for table, keys in tables.items():
        if table:
            assert re.search(rf"^#? ?\[+{table}\]+ .*#\s*\S+", text, re.MULTILINE), table
        for key in keys:
            if key in tables or key in ("id", "titles"):  # tables; a part's id only where
                # it needs one; [[titles]] only in a collection's (new --collection)
                continue
            line = re.search(rf"^#? ?{key} = .*#\s*\S+", text, re.MULTILINE)
            assert line, f"{key} is not in the manifest with a comment"
    comments = " ".join(re.findall(r"#\s*(.*)$", text, re.MULTILINE))
    english = ("the periodical", "a person or an organisation", "copies")
    spanish = ("la publicación periódica", "una persona o una organización", "ejemplares")
    wanted, unwanted = (english, spanish) if language == "en" else (spanish, english)
    assert all(words in comments for words in wanted)
    assert not any(words in comments for words in unwanted)
    assert re.search(r"^draft = true", text, re.MULTILINE)  # placeholders: a marked draft


def test_new_refuses_an_existing_folder_or_a_bad_name(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    taken = pamphlet(root, "new", FLAGSHIP, "--title", "Again")
    assert taken.returncode == 2 and "already exists" in taken.stderr
    bad = pamphlet(root, "new", "Not A Slug", "--title", "Bad")
    assert bad.returncode == 2 and "not a usable folder name" in bad.stderr
    assert "Traceback" not in bad.stderr + taken.stderr


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = make_workspace(
        tmp_path_factory.mktemp("import"), {FLAGSHIP: REPO / "sources" / FLAGSHIP}
    )
    result = pamphlet(root, "import", str(TEXT_EXPORT), "--slug", "imported")
    assert result.returncode == 0, result.stderr
    return root, result


def test_import_of_the_flagship_text_has_the_hand_made_structure(imported):
    root, _ = imported
    workspace = Workspace(root)
    by_hand = load_document(workspace, FLAGSHIP, Warnings())
    guessed = load_document(workspace, "imported", Warnings())
    assert structure(guessed) == structure(by_hand)
    assert guessed.slogans == by_hand.slogans
    assert guessed.manifest.title == by_hand.manifest.title
    assert guessed.manifest.series == by_hand.manifest.series
    assert guessed.manifest.date == by_hand.manifest.date
    hylton = next(b for b in guessed.parts[0].blocks if isinstance(b, Quotation))
    assert plain_text(hylton.source).startswith("(Forrest Hylton, “Bolivia: Aymara Rebellion")
    assert plain_text(hylton.blocks[0].children).endswith("Regional Workers Central (COR).")


def test_import_prints_its_guesses_and_drops_web_navigation(imported):
    root, result = imported
    out = result.stdout
    assert "series: Proletarian Revolution No. 69 (Winter 2004)" in out
    assert "dropped web navigation: Return to LRP homepage | Write to the LRP" in out
    assert "its parenthesis is never closed" in out
    assert "dateline: November 28, 2003" in out
    texts = "".join(p.read_text() for p in (root / "sources" / "imported").glob("*.md"))
    assert "Return to LRP homepage" not in texts
    assert "The following article was published" not in texts


def test_import_refuses_to_overwrite_a_title(imported):
    root, _ = imported
    again = pamphlet(root, "import", str(TEXT_EXPORT), "--slug", "imported")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_import_of_a_web_page(tmp_path):
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    result = pamphlet(root, "import", str(WEB_EXPORT))
    assert result.returncode == 0, result.stderr
    document = load_document(Workspace(root), "organize-the-warehouses", Warnings())
    assert structure(document) == [
        (
            "article",
            "Organize the Warehouses",
            ["How the Walkout Spread", "What Comes Next"],
            [1],
            [__import__("datetime").date(2021, 3, 8)],
        ),
        ("slogans", "", [], [], []),
        ("appendix", "A Note on the Company", [], [], []),
    ]
    assert document.slogans == [
        "Organize the Warehouses!",
        "Build Rank-and-File Committees!",
        "For a Workers’ Party!",
    ]
    m = document.manifest
    assert (m.author, m.series.name, m.series.number) == ("Ana Example", "Workers Bulletin", "12")
    quote = next(b for b in document.parts[0].blocks if isinstance(b, Quotation))
    assert plain_text(quote.source) == "A picker at the north depot"
    article = (root / "sources" / "organize-the-warehouses" / "article.md").read_text()
    assert "*three*" in article and "[strike bulletin](https://example.org/strike)" in article
    for cruft in ("analytics", "Share", "Archive", "Return to the homepage", "picket line"):
        assert cruft not in article
    assert "left out an image (https://example.org/picket.jpg)" in result.stdout
