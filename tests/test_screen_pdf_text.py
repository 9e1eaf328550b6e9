"""The screen PDF's text as a copy-and-paste, a search or a screen reader gets it, read with
the outside tools (Poppler's pdftotext, pypdf): the words as written, small caps included;
running heads, folios and the contents' leader dots as artifacts, not content; XMP
metadata. On the flagship and the Spanish sample title."""

from __future__ import annotations

import re
import subprocess

import pikepdf
import pytest
import uharfbuzz as hb
from pypdf import PdfReader

from pamphlet.fonts import TEXT_FACES, cut_face
from pamphlet.smallcaps import distinct_small_caps
from tests.pdfs import content_and_artifacts, normalize

TITLES = ["flagship", "spanish_title"]
# Set in small caps on the cover, title page and running heads.
SMALL_CAPS = {
    "flagship": [
        "Proletarian Revolution No. 69 · Winter 2004",
        "League for the Revolutionary Party",
        "SV Publishing",
    ],
    "spanish_title": [
        "Revolución Proletaria n.º 12 · invierno de 2004",
        "Colectivo de Prueba",
        "Ediciones de Prueba",
    ],
}
LEADERS = re.compile(r"(?:\.\s*){4,}")  # ". . . ." or "...."


def pdftotext(path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stderr, done.stderr
    return normalize(done.stdout)


def pypdf_text(path) -> str:
    return normalize(
        " ".join(content + artifacts for content, artifacts in content_and_artifacts(path))
    )


@pytest.mark.parametrize("extract", [pdftotext, pypdf_text], ids=["pdftotext", "pypdf"])
@pytest.mark.parametrize("title", TITLES)
def test_small_caps_extract_as_written(title, extract, request):
    built = request.getfixturevalue(title)
    text = extract(built.file(".pdf"))
    for words in SMALL_CAPS[title]:
        assert words in text
    assert not wrong_case(text, built)  # "Sv PubliShing", "bolivia’S unfiniShed"
    assert not re.findall(r"(?:\b\w ){4,}", text)  # "P r o l e t a r i a n"


def wrong_case(text: str, built) -> list[str]:
    """Words with a capital after a small letter, but for compounds such as "mid-October",
    whose hyphen both extractors drop when it ends a line."""
    sources = " ".join(
        p.read_text(encoding="utf-8")
        for p in built.out.parent.parent.glob(f"sources/{built.slug}/*.md")
    )
    wrong = []
    for match in re.finditer(r"\b\w*?([a-zß-ÿ])([A-ZÀ-Þ])\w*", text):
        cut = match.start(2) - match.start()
        word = match[0]
        if f"{word[:cut]}-{word[cut:]}" not in sources:
            wrong.append(word)
    return wrong


@pytest.mark.parametrize("title", TITLES)
def test_running_heads_folios_and_leaders_are_artifacts(title, request):
    built = request.getfixturevalue(title)
    pages = content_and_artifacts(built.file(".pdf"))
    contents = next(i for i, (_, artifacts) in enumerate(pages) if LEADERS.search(artifacts))
    content, artifacts = pages[contents]
    assert not LEADERS.search(content)
    assert set(artifacts) <= set(" .")  # nothing but the dots
    labels = PdfReader(built.file(".pdf")).page_labels  # the printed page numbers
    heads = 0
    for index in range(contents + 1, len(pages) - 1):  # the text's pages, back cover aside
        content, artifacts = pages[index]
        furniture = normalize(artifacts).split(" ")
        assert labels[index] in furniture  # the folio…
        heads += len(furniture) > 1  # … and the running head, but on a part's first page
        assert content.strip().splitlines()[-1].strip() != labels[index]
    assert heads >= 1


@pytest.mark.parametrize(
    ("title", "suffix"),
    [("flagship", ".pdf"), ("spanish_title", ".pdf"), ("spanish_title", "-large-print.pdf")],
)
def test_every_tagged_sequence_belongs_to_the_structure_tree(title, suffix, request):
    """What is not an artifact is content a screen reader reaches through the tags: each
    marked sequence with an MCID maps to an element of the tree; no orphans (the large-print
    PDF, a reading edition too, is made the same way)."""
    with pikepdf.open(request.getfixturevalue(title).file(suffix)) as pdf:
        root = pdf.Root.StructTreeRoot
        reachable, stack = set(), list(root.K) if isinstance(root.K, pikepdf.Array) else [root.K]
        while stack:
            element = stack.pop()
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable:
                reachable.add(element.objgen)
                kids = element.get("/K", [])
                stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        parents = pikepdf.NumberTree(root.ParentTree)
        artifacts = tagged = 0
        for page in pdf.pages:
            elements = parents[int(page.obj.StructParents)]
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC":
                    continue
                if operands[0] == pikepdf.Name.Artifact:
                    artifacts += 1
                elif "/MCID" in operands[1]:
                    tagged += 1
                    assert elements[int(operands[1].MCID)].objgen in reachable
        assert artifacts > 20 and tagged > 50


@pytest.mark.parametrize(
    ("title", "suffix"),
    [("flagship", ".pdf"), ("spanish_title", ".pdf"), ("spanish_title", "-large-print.pdf")],
)
def test_xmp_metadata_names_title_author_language_and_dates(title, suffix, request):
    built = request.getfixturevalue(title)
    manifest = (built.root / "sources" / built.slug / "pamphlet.toml").read_text(encoding="utf-8")
    expected = dict(re.findall(r'^(title|author|language) = "(.*)"', manifest, re.M))
    with pikepdf.open(built.file(suffix)) as pdf:
        meta = pdf.open_metadata()
        assert meta["dc:title"].startswith(expected["title"])  # and the subtitle, if any
        assert meta["dc:creator"] == [expected["author"]]
        assert set(meta["dc:language"]) == {expected["language"]}  # an RDF bag
        date = re.search(r"^date = (\S+)", manifest, re.M)[1]
        assert meta["xmp:CreateDate"].startswith(date)
        assert meta["xmp:ModifyDate"] and meta["xmp:MetadataDate"] == meta["xmp:ModifyDate"]


def shaped(font_data: bytes, text: str) -> tuple[list[int], list[int]]:
    font = hb.Font(hb.Face(hb.Blob(font_data)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {"smcp": True, "c2sc": True})  # CSS all-small-caps
    return [g.codepoint for g in buffer.glyph_infos], [p.x_advance for p in buffer.glyph_positions]


def test_small_caps_of_both_cases_get_their_own_glyphs_and_keep_their_spacing():
    cut = cut_face(TEXT_FACES[0])
    distinct = distinct_small_caps(cut)
    upper, lower = shaped(distinct, "SVAT"), shaped(distinct, "svat")
    assert set(upper[0]).isdisjoint(lower[0])  # each glyph stands for one character
    assert shaped(cut, "SVAT")[0] == shaped(cut, "svat")[0]  # where they were shared
    for text in ("SV Publishing", "AVATAR Type", "League for the Revolutionary Party", "Ñandú"):
        assert shaped(distinct, text)[1] == shaped(cut, text)[1], text  # kerning kept


def test_footnotes_stay_content(notes_title):
    """Only margin boxes and leaders become artifacts: the notes at the page foot, which a
    reader needs, are still text of the page."""
    pages = content_and_artifacts(notes_title.file(".pdf"))
    content = normalize(" ".join(content for content, _ in pages))
    artifacts = normalize(" ".join(artifacts for _, artifacts in pages))
    for note in ("The first note, at the foot of its page.", "The second note, which has"):
        assert note in content and note not in artifacts
