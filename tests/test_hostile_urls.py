"""Hostile corpus — URL forms in the sources. A link goes to https://…, http://…, mailto: or a
#id of the title, and an image is a file in the title's folder, whatever Markdown form
writes them: inline, reference-style, autolink, angle brackets, any letter case or percent
escapes. `file:`, `javascript:`, `vbscript:` and `data:` are refused with one line naming the
line (markdown-it alone leaves most of these as literal text, printed in the book).
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import pytest
from hostile import batch, make_hostile

ARTICLE = "sources/tiny/article.md"
REFUSED = "is not allowed in a link or an image"

FORMS = {
    "inline file link": ("See [the list](file:///etc/passwd).", '"file:///etc/passwd" ' + REFUSED),
    "reference file link": (
        "See [the list][r].\n\n[r]: file:///etc/passwd",
        '"file:///etc/passwd" ' + REFUSED,
    ),
    "collapsed reference": ("See [r][].\n\n[r]: javascript:alert(1)", '"javascript:alert(1)"'),
    "shortcut reference": ("See [r].\n\n[r]: <vbscript:msgbox>", '"vbscript:msgbox" ' + REFUSED),
    "file autolink": ("See <file:///etc/passwd>.", '"file:///etc/passwd" ' + REFUSED),
    "javascript autolink": ("See <javascript:alert(1)>.", '"javascript:alert(1)" ' + REFUSED),
    "mixed case": ("See [x](JaVaScRiPt:alert(1)).", '"JaVaScRiPt:alert(1)" ' + REFUSED),
    "angle brackets": ("See [x](<javascript:alert(1)>).", '"javascript:alert(1)" ' + REFUSED),
    "percent escapes": ("See [x](%6Aavascript:alert(1)).", '%6Aavascript:alert(1)" ' + REFUSED),
    "data link": ("See [x](data:text/html;base64,PHNjcmlwdD4=).", '"data:text/html;base64'),
    "reference image": (
        "![A map][m]\n\n[m]: file:///etc/passwd",
        '"file:///etc/passwd" ' + REFUSED,
    ),
    "data image": ("![A map](data:image/png;base64,iVBORw0KGgo=)", '"data:image/png;base64'),
    "remote image": ("![A map](https://evil.example/map.png)", "is outside the title folder"),
    "protocol-relative link": ("See [x](//evil.example/x).", "is neither a web address nor a #id"),
    "relative file link": ("See [x](../../outside/secret.txt).", "is neither a web address"),
}


@pytest.fixture(scope="module")
def forms(tmp_path_factory, web, tiny_build):
    """Every form, each in a title of its own, built by one command."""
    h = make_hostile(tmp_path_factory.mktemp("urls"), web, tiny_build)

    def tamper(text: str):
        return lambda h, slug: h.append(f"sources/{slug}/article.md", f"\n{text}\n")

    return batch(h, {name: tamper(text) for name, (text, _) in FORMS.items()})


def test_the_forms_obey_the_rules(forms):
    forms.check()


@pytest.mark.parametrize("name", FORMS)
def test_a_link_or_image_the_rules_refuse_is_refused_in_every_form(forms, name):
    line = forms.line(name)
    assert line.startswith(f"error: sources/{forms.slugs[name]}/article.md:9: "), line
    assert FORMS[name][1] in line, line


def test_links_the_rules_allow_build_in_every_form(hostile):
    h = hostile
    h.append(
        ARTICLE,
        "\nSee <https://example.org/a>, [b][] and <info@example.org>, and [the section]"
        "(#a-section).\n\n[b]: https://example.org/b\n",
    )
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    from pypdf import PdfReader

    targets = {
        annotation.get_object()["/A"].get("/URI")
        for page in PdfReader(h.build / "tiny" / "tiny.pdf").pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation.get_object()
    }
    assert {"https://example.org/a", "https://example.org/b", "mailto:info@example.org"} <= targets
