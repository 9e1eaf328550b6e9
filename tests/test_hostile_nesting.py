"""Hostile corpus — nesting: structures deeper than any parser should follow. A manifest of
arrays or tables nested thousands deep, Markdown quotations, lists or emphasis nested
hundreds deep, an SVG nested past the XML parser's limit: each is one line naming the file,
exit 2 (never a RecursionError's traceback), build/ as it was. Rules checked by every case:
see tests/hostile.py."""

from __future__ import annotations

import pytest
from trust import snapshot

MANIFEST = "sources/tiny/pamphlet.toml"
ARTICLE = "sources/tiny/article.md"

TOML = {
    "arrays": "subjects = " + "[" * 5000 + "]" * 5000 + "\n",
    "inline tables": "cover = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
}


@pytest.mark.parametrize("text", TOML.values(), ids=TOML.keys())
def test_a_manifest_nested_too_deeply_is_one_line(hostile, text):
    h = hostile
    manifest = (h.title / "pamphlet.toml").read_text()
    h.write(MANIFEST, manifest.replace("editions =", text + "editions =", 1))
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(run, says="nested too deeply", where=MANIFEST, build_as_before=before)


MARKDOWN = {
    "quotations": ("> " * 500 + "Deep down.\n", "nested so deeply"),
    "lists": ("".join("  " * i + "- Deep down.\n" for i in range(500)), "nested so deeply"),
}


@pytest.mark.parametrize(("text", "says"), MARKDOWN.values(), ids=MARKDOWN.keys())
def test_markdown_nested_too_deeply_is_one_line(hostile, text, says):
    h = hostile
    line = h.append(ARTICLE, "\n" + text) + 1
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(run, says=says, where=f"{ARTICLE}:{line}", build_as_before=before)


def test_deep_emphasis_and_brackets_build_or_fail_cleanly(hostile):
    """Emphasis and brackets 2,000 deep: markdown-it stops nesting them; the text builds."""
    h = hostile
    h.append(ARTICLE, "\n" + "*a " * 2000 + "\n\n" + "[" * 2000 + "x" + "]" * 2000 + "\n")
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)


def test_an_svg_nested_too_deeply_is_refused(hostile):
    h = hostile
    svg = '<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 300 + "</g>" * 300 + "</svg>"
    h.write("sources/tiny/deep.svg", svg)
    line = h.append(ARTICLE, "\n![Deep](deep.svg)\n") + 1
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(run, says="is not a well-formed SVG", where=f"{ARTICLE}:{line}", build_as_before=before)
