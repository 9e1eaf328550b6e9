"""Hostile corpus — nesting: structures deeper than any parser should follow. A manifest of
arrays or tables nested thousands deep, Markdown quotations, lists or emphasis nested
hundreds deep, an SVG nested past the XML parser's limit: each is one line naming the file,
exit 2 (never a RecursionError's traceback), build/ as it was. Rules checked by every case:
see tests/hostile.py."""

from __future__ import annotations

import pytest
from hostile import batch, make_hostile

ARTICLE = "sources/tiny/article.md"

DEEP_SVG = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 300 + "</g>" * 300 + "</svg>"


def manifest_with(text: str):
    def apply(h, slug: str) -> None:
        manifest = h.root / "sources" / slug / "pamphlet.toml"
        manifest.write_text(manifest.read_text().replace("editions =", text + "editions =", 1))

    return apply


def article_with(text: str, files: dict[str, str] | None = None):
    def apply(h, slug: str) -> None:
        for name, content in (files or {}).items():
            h.write(f"sources/{slug}/{name}", content)
        h.append(f"sources/{slug}/article.md", "\n" + text)

    return apply


CASES = {  # case → (tampering, the file and line named, what the line says)
    "toml arrays": (
        manifest_with("subjects = " + "[" * 5000 + "]" * 5000 + "\n"),
        "pamphlet.toml",
        "nested too deeply",
    ),
    "toml inline tables": (
        manifest_with("cover = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n"),
        "pamphlet.toml",
        "nested too deeply",
    ),
    "markdown quotations": (
        article_with("> " * 500 + "Deep down.\n"),
        "article.md:9",
        "nested so deeply",
    ),
    "markdown lists": (
        article_with("".join("  " * i + "- Deep down.\n" for i in range(500))),
        "article.md:9",
        "nested so deeply",
    ),
    "svg": (
        article_with("![Deep](deep.svg)\n", {"deep.svg": DEEP_SVG}),
        "article.md:9",
        "is not a well-formed SVG (Excessive depth",
    ),
}


@pytest.fixture(scope="module")
def nested(tmp_path_factory, web, tiny_build):
    """Every case in a title of its own, all built by one command."""
    h = make_hostile(tmp_path_factory.mktemp("nesting"), web, tiny_build)
    return batch(h, {name: tamper for name, (tamper, _, _) in CASES.items()})


def test_the_cases_obey_the_rules(nested):
    nested.check()


@pytest.mark.parametrize("name", CASES)
def test_nesting_too_deep_is_one_line_naming_the_file(nested, name):
    _, where, says = CASES[name]
    line = nested.line(name)
    assert line.startswith(f"error: sources/{nested.slugs[name]}/{where}"), line
    assert says in line, line


def test_deep_emphasis_and_brackets_build_or_fail_cleanly(hostile):
    """Emphasis and brackets 2,000 deep: markdown-it stops nesting them; the text builds."""
    h = hostile
    h.append(ARTICLE, "\n" + "*a " * 2000 + "\n\n" + "[" * 2000 + "x" + "]" * 2000 + "\n")
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
