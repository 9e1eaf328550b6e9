"""Hostile corpus — workspace templates. A template runs in a sandbox: it can read the values
it is given and call the helpers it is given, nothing else (no file, no module, no clock, no
path, no attribute starting with `_`); and what it writes is checked by every edition: no
script, no event handler, no embedded document, nothing loaded from outside the edition
(srcset, srcdoc, background, SVG references, CSS in style attributes and elements, escaped
or not), links only to the web, an address or the book. Each attempt is one line naming the
template and its line, exit 2, build/ as it was. Rules checked by every case: see
tests/hostile.py."""

from __future__ import annotations

import pytest
from hostile import batch, make_hostile

TEMPLATE = "templates/colophon.html.j2"
EVIL = "https://evil.example"
PIXEL = (  # a PNG of one pixel, which every edition may show
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAA"
    "AgABSK+kcQAAAABJRU5ErkJggg=="
)

ESCAPES = {
    "read a file through a path": "{{ m.path.read_text() }}",
    "read a part's file": "{{ doc.parts[0].source.read_bytes() }}",
    "run a command through globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "reach os through lipsum": "{{ lipsum.__globals__['os'].system('id') }}",
    "reach classes through format": '{{ "{0.__class__.__mro__}".format(m) }}',
    "reach the template's context": "{{ self._TemplateReference__context }}",
    "read the clock": "{{ m.date.today() }}",
    "call the image reader": "{{ write.settings.image_src(m) }}",
    "change a list": "{{ doc.parts.append(1) }}",
    "a huge text": '{{ "x" * 100000000 }}',
    "a huge number": "{{ 10 ** 100000000 }}",
    "a huge range": "{{ range(10 ** 9) | list | length }}",
    "endless recursion": "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "include a file outside": '{% include "../../outside/secret.html" %}',
    "include an absolute path": '{% include "/etc/passwd" %}',
}


MARKUP = {
    "script": ("<script>fetch('https://evil.example')</script>", '"<script"'),
    "event handler": ('<p onmouseover="x()">x</p>', '"onmouseover="'),
    "iframe": ('<iframe src="data:text/html,frame"></iframe>', '"<iframe"'),
    "srcdoc alone": ('<div srcdoc="x">x</div>', '"srcdoc="'),
    "object": (f'<object data="{EVIL}/o"></object>', '"<object"'),
    "base": (f'<base href="{EVIL}/"/>', '"<base"'),
    "refresh": (f'<meta http-equiv="refresh" content="0;url={EVIL}"/>', '"http-equiv"'),
    "srcset": (f'<img src="{PIXEL}" srcset="{PIXEL} 1x, {EVIL}/a.png 2x" alt=""/>', "/a.png"),
    "background": (f'<table background="{EVIL}/b.png"></table>', "/b.png"),
    "second body": (f'<body background="{EVIL}/c.png"></body>', "/c.png"),
    "poster": (f'<video poster="{EVIL}/p.png"></video>', "/p.png"),
    "style escape": (f'<p style="background: u\\72l({EVIL}/e.png)">x</p>', "/e.png"),
    "style element": (f"<style>@import '{EVIL}/s.css';</style>", "/s.css"),
    "svg image": (
        f'<svg xmlns="http://www.w3.org/2000/svg"><image href="{EVIL}/i.png"/></svg>',
        "/i.png",
    ),
    "svg fill": (f'<svg><rect fill="url({EVIL}/f)"/></svg>', "/f"),
    "svg animation": ('<svg><a><set attributeName="href" to="https://x"/></a></svg>', '"<set"'),
    "javascript link": ('<a href="javascript:alert(1)">x</a>', '"javascript:alert(1)"'),
    "file link": ('<a href="file:///etc/passwd">x</a>', '"/etc/passwd"'),
    "data link": ('<a href="data:text/html,x">x</a>', '"data:text/html,x"'),
    "form": ('<form action="javascript:x()"></form>', '"javascript:x()"'),
    "stylesheet PI": (f'<?xml-stylesheet href="{EVIL}/x.css"?>', '"<?xml-stylesheet"'),
}


EDITIONS = {  # cases for the EPUB and the web page, which check what they load themselves
    "epub srcset": ("epub", f'<img src="{PIXEL}" srcset="{EVIL}/ep.png 2x" alt=""/>', "/ep.png"),
    "epub up and out": ("epub", '<img src="../../../x.png" alt=""/>', 'x.png" cannot be used'),
    "web remote image": ("html", f'<img src="{EVIL}/w.png" alt=""/>', "/w.png"),
    "web local image": ("html", '<img src="images/local.png" alt=""/>', "images/local.png"),
}
CASES = {
    **{name: ("screen", text, "template error") for name, text in ESCAPES.items()},
    **{name: ("screen", text, says) for name, (text, says) in MARKUP.items()},
    **EDITIONS,
}


@pytest.fixture(scope="module")
def attempts(tmp_path_factory, web, tiny_build):
    """Every attempt in a template of its own, templates/case-N.j2, which the colophon of
    title case-N includes; all built by one command."""
    h = make_hostile(tmp_path_factory.mktemp("templates"), web, tiny_build)
    h.write(TEMPLATE, '{% include m.slug ~ ".j2" %}\n')

    def tamper(edition: str, text: str):
        def apply(h, slug: str) -> None:
            h.write(f"templates/{slug}.j2", f"<p>Colophon</p>\n{text}\n")
            manifest = h.root / "sources" / slug / "pamphlet.toml"
            manifest.write_text(
                manifest.read_text().replace('editions = ["screen"]', f'editions = ["{edition}"]')
            )

        return apply

    return batch(h, {name: tamper(edition, text) for name, (edition, text, _) in CASES.items()})


def test_the_attempts_obey_the_rules(attempts):
    attempts.check()


@pytest.mark.parametrize("name", CASES)
def test_a_template_cannot_leave_its_sandbox_or_write_what_loads_or_runs(attempts, name):
    line = attempts.line(name)
    assert line.startswith(f"error: templates/{attempts.slugs[name]}.j2:2: "), line
    assert CASES[name][2] in line, line


def test_a_template_within_the_rules_builds(hostile):
    h = hostile
    h.write(
        TEMPLATE,
        '<section class="colophon"><p>{{ m.title | upper }}, {{ m.date.year }}: '
        '{{ "{} parts".format(doc.parts | length) }}; <a href="https://example.org/">site</a>'
        "</p></section>\n",
    )
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(h.build / "tiny/tiny.pdf").pages)
    assert "A TINY TITLE, 2020: 1 parts" in text
