"""The importer on a corpus of exports written for it (tests/imports/<case>/): English and
Spanish, publication lines in many phrasings (first printed in, reprinted from, originally
appeared, from …, Publicado en, Originalmente publicado em, number-only issues), different
orders and web clutter. Each case's expected.toml says what the import must find; every
case must build and its original must proof clean against the editions it makes."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from pamphlet.build import load_document
from pamphlet.errors import Warnings
from pamphlet.model import Quotation, plain_text
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace, pamphlet

CORPUS = Path(__file__).parent / "imports"
CASES = sorted(p.name for p in CORPUS.iterdir() if (p / "expected.toml").is_file())


def same(text):
    """Texts compared as the editor wrote them: the typographer's apostrophes aside."""
    if isinstance(text, list):
        return [same(item) for item in text]
    return text.replace("’", "'")


def export_of(case: str) -> Path:
    return next(p for p in (CORPUS / case).iterdir() if p.stem == "export")


def test_the_corpus_is_large_and_in_both_languages():
    languages = [
        tomllib.loads((CORPUS / c / "expected.toml").read_text())["language"] for c in CASES
    ]
    assert len(CASES) >= 12
    assert sum(tag.startswith("en") for tag in languages) >= 6
    assert sum(tag.startswith("es") for tag in languages) >= 5


@pytest.mark.parametrize("case", CASES)
def test_import(tmp_path, case):
    expected = tomllib.loads((CORPUS / case / "expected.toml").read_text(encoding="utf-8"))
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    result = pamphlet(root, "import", str(export_of(case)), "--slug", "case")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    for guess in expected.get("guesses", []):
        assert guess in out, f"{guess!r} not in:\n{out}"
    folder = root / "sources" / "case"
    manifest_text = (folder / "pamphlet.toml").read_text(encoding="utf-8")
    for line in expected.get("unparsed", []):
        assert line in out, "a line the importer cannot read must be printed whole"
        assert f"#   {line}" in manifest_text, "… and kept as a comment in the manifest"
    assert (folder / f"original{export_of(case).suffix}").read_bytes() == export_of(
        case
    ).read_bytes()
    document = load_document(Workspace(root), "case", Warnings())
    m = document.manifest
    assert m.title == expected["title"]
    assert m.language == expected["language"]
    assert m.draft
    if "date" in expected:
        assert m.date == expected["date"]
    if "author" in expected:
        assert m.author == expected["author"]
    series = expected.get("series")
    if series:
        assert (m.series.name, m.series.number, m.series.issue) == (
            series["name"],
            series["number"],
            series["issue"],
        )
    else:
        assert m.series is None
    assert same([[p.role, p.title_text] for p in document.parts]) == expected["parts"]
    article = document.parts[0]
    sections = [plain_text(h.children) for h in article.sections]
    assert same(sections) == expected.get("sections", [])
    quotations = [b for b in article.blocks if isinstance(b, Quotation)]
    assert len(quotations) == expected.get("quotations", 0)
    sources = [plain_text(q.source) for q in quotations if q.source]
    assert same(sources) == expected.get("sources", [])
    assert same(document.slogans) == expected.get("slogans", [])
    texts = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.md"))
    for cruft in expected.get("absent", []):
        assert cruft not in texts, cruft


@pytest.mark.parametrize(
    "case", ["en-originally-appeared-web", "es-publicado-en", "en-from-line-byline"]
)
def test_an_import_says_what_its_export_says(tmp_path, case):
    """Imported and built, the editions say what the export said: pamphlet proof finds
    nothing but the publication line and the byline, which the manifest now prints."""
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    pamphlet(root, "import", str(export_of(case)), "--slug", "case", check=True)
    result = pamphlet(root, "proof", "case", "--edition", "screen", "--edition", "epub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 unacknowledged difference(s)" in result.stderr
