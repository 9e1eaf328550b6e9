"""Fuzzing (hypothesis): arbitrary Markdown and manifest values through the build of every
edition, in this process. The only outcomes allowed are a valid build or the project's own
error for bad input (SourceError, one line); the EPUB's documents are always well-formed XML
and the PDFs open.

Examples are few and derandomized so the suite stays fast and repeatable; for a longer hunt:
PAMPHLET_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from pamphlet.build import build_title
from pamphlet.errors import SourceError
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace
from tests.trust import FIGURES, known_editions

SLUG = "fuzzed"
EXAMPLES = int(os.environ.get("PAMPHLET_FUZZ_EXAMPLES", "0"))
FUZZ = settings(
    max_examples=EXAMPLES or 30,
    derandomize=not EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
XML = etree.XMLParser(resolve_entities=False, no_network=True)

# --- Markdown: the house conventions, mixed with anything at all ------------------------------

WORDS = st.sampled_from(
    [
        "word", "El Alto", "“quoted”", '"straight"', "it's", "--", "...", "No. 69", "¿Qué?",
        "*em*", "**strong**", "_x_", "`code`", "[^1]", "[a link](#a-section)",
        "[web](https://example.org/a?b=c&d)", "[mail](mailto:a@example.org)", "\\*", "&amp;",
        "&", "<", ">", "<!-- note -->", "\u00a0", "\u200b", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "😀",
        "e\u0301", "ﬁ", "עברית", "中文", "\t", "  ", "|", "~", "^", "#",
    ]
)  # fmt: skip
ODD = st.sampled_from(
    ["<b>", "[^n]", "{#id}", "{.dateline}", "[", "]", "(", ")", "![", "\\", "<br>"]
)
PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
INLINE = st.lists(st.one_of(WORDS, WORDS, WORDS, PRINTABLE), max_size=10).map(" ".join)
BLOCK = st.one_of(
    INLINE,
    INLINE,
    st.tuples(INLINE, ODD, INLINE).map(" ".join),
    INLINE.map(lambda t: f"## {t}"),
    INLINE.map(lambda t: f"### {t}"),
    INLINE.map(lambda t: f"> {t}\n>\n> — {t}"),
    st.lists(INLINE, min_size=1, max_size=4).map(lambda items: "\n".join(f"- {i}" for i in items)),
    st.lists(INLINE, min_size=1, max_size=4).map(lambda items: "\n".join(f"1. {i}" for i in items)),
    INLINE.map(lambda t: f"{{.dateline}}\n{t}"),
    INLINE.map(lambda t: f"```\n{t}\n```"),
    st.just("---"),
    st.integers(1, 25).map(lambda depth: "> " * depth + "deep"),
    st.text(max_size=60),
)
MARKDOWN = st.lists(BLOCK, max_size=8).map("\n\n".join)
TITLED_MARKDOWN = st.tuples(INLINE, MARKDOWN).map(
    lambda p: (
        f"# {p[0] or 'T'}\n\nFirst.\n\n{{#a-section}}\n## A Section\n\n{p[1]}\n\n[^1]: The note.\n"
    )
)

# --- manifest values ----------------------------------------------------------------------

TEXT = st.one_of(PRINTABLE, PRINTABLE, WORDS, st.text(max_size=20), st.just(""))
FILLED = st.one_of(WORDS, PRINTABLE).filter(str.strip)
NAME = st.one_of(FILLED, FILLED, FILLED, FILLED, TEXT)  # a required value: usually there
LANGUAGE = st.one_of(*[st.sampled_from(["en", "en-US", "es", "es-419", "fr", "de-CH"])] * 4, TEXT)
TRIM = st.one_of(
    st.sampled_from(["A5", "A6", "5.5in x 8.5in", "148mm x 210mm", "10cm x 1m", "0 x 0"]), TEXT
)
ISBN = st.one_of(
    st.just(""), st.just("978-0-306-40615-7"), st.from_regex(r"[0-9X -]{0,17}", fullmatch=True)
)
MANIFEST_VALUES = st.fixed_dictionaries(
    {
        "title": NAME,
        "subtitle": TEXT,
        "author": NAME,
        "publisher": NAME,
        "language": LANGUAGE,
        "date": st.dates(),
        "description": NAME,
        "rights": NAME,
        "subjects": st.lists(TEXT, max_size=3),
        "isbn": ISBN,
        "trim": TRIM,
        "series": st.fixed_dictionaries({"name": NAME, "number": TEXT, "issue": TEXT}),
        "cover": st.fixed_dictionaries({"slogan": TEXT}),
    }
)  # fmt: skip


def toml_value(value: object) -> str:
    """A TOML value: JSON strings are TOML basic strings, once DEL is escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml(values: dict) -> str:
    """A manifest from `values`."""
    lines, tables = [], []
    for key, value in values.items():
        if isinstance(value, dict):
            rows = "".join(f"{k} = {toml_value(v)}\n" for k, v in value.items())
            tables.append(f"\n[{key}]\n{rows}")
        elif key == "date":
            lines.append(f"date = {value.isoformat()}\n")
        else:
            lines.append(f"{key} = {toml_value(value)}\n")
    parts = '\n[[parts]]\nfile = "article.md"\nrole = "article"\n'
    parts += '\n[[parts]]\nfile = "slogans.md"\nrole = "slogans"\n'
    return "".join(lines) + "".join(tables) + parts


GOOD_MANIFEST = (FIGURES / "pamphlet.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A workspace with a warm font cache, whose one title each example rewrites."""
    root = make_workspace(tmp_path_factory.mktemp("fuzz"), {SLUG: FIGURES})
    assert build_title(Workspace(root), SLUG, ["screen"]).ok
    return root


def build(root: Path, manifest: str, article: str, slogans: str = "Workers to power!\n"):
    title = root / "sources" / SLUG
    (title / "pamphlet.toml").write_text(manifest, encoding="utf-8")
    (title / "article.md").write_text(article, encoding="utf-8")
    (title / "slogans.md").write_text(slogans, encoding="utf-8")
    shutil.rmtree(root / "build" / SLUG, ignore_errors=True)
    result = build_title(Workspace(root), SLUG, known_editions())
    if result.error is not None:
        assert isinstance(result.error, SourceError), repr(result.error)
        assert "\n" not in str(result.error) and " — " in str(result.error)
        assert not (root / "build" / SLUG).exists()
        return result
    check_outputs(root / "build" / SLUG)
    return result


def check_outputs(out: Path) -> None:
    for pdf in out.glob("*.pdf"):
        assert len(PdfReader(pdf).pages) >= 1
    for epub in out.glob("*.epub"):
        with zipfile.ZipFile(epub) as book:
            for name in book.namelist():
                if name.endswith((".xhtml", ".opf", ".ncx", ".xml")):
                    etree.fromstring(book.read(name), XML)  # raises if not well-formed


@FUZZ
@given(article=TITLED_MARKDOWN, slogans=MARKDOWN)
def test_arbitrary_markdown_builds_or_is_refused_clearly(workspace, article, slogans):
    build(workspace, GOOD_MANIFEST, article, slogans or "Workers to power!\n")


@FUZZ
@given(values=MANIFEST_VALUES)
def test_arbitrary_manifest_values_build_or_are_refused_clearly(workspace, values):
    build(workspace, toml(values), (FIGURES / "article.md").read_text(encoding="utf-8"))


def test_the_fuzzed_workspace_builds_when_nothing_is_wrong(workspace):
    """The harness itself: a good title goes all the way through every edition."""
    result = build(workspace, GOOD_MANIFEST, (FIGURES / "article.md").read_text(encoding="utf-8"))
    assert result.ok, result.error
    assert {".epub", ".pdf"} <= {p.suffix for p in (workspace / "build" / SLUG).iterdir()}
