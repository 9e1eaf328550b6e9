"""Hostile corpus — bombs: small files that stand for enormous work. An SVG of nested
`<use>` references, an SVG hiding a decompression bomb or a remote reference in a nested
image, a PNG claiming billions of pixels, a template or a Markdown text that would run for
hours or fill the memory. Each is refused with one line, exit 2, fast: by the image check,
or by the per-title time and memory limits (lowered here with PAMPHLET_TIME_LIMIT and
PAMPHLET_MEMORY_LIMIT so the case is quick). Rules checked by every case: see
tests/hostile.py."""

from __future__ import annotations

import base64

import pytest
from hostile import batch, make_hostile, png_bomb
from trust import snapshot

ARTICLE = "sources/tiny/article.md"
SVG = 'xmlns="http://www.w3.org/2000/svg" width="10" height="10"'


def use_bomb(levels: int = 9, fan: int = 10) -> str:
    """1.2 kB of SVG that expands to fan ** levels rectangles (10⁹ here)."""
    body = '<rect id="a0" width="1" height="1"/>'
    for level in range(1, levels + 1):
        uses = "".join(f'<use href="#a{level - 1}"/>' for _ in range(fan))
        body += f'<g id="a{level}">{uses}</g>'
    return f"<svg {SVG}><defs>{body}</defs><use href='#a{levels}'/></svg>"


def data_url(media: str, data: bytes) -> str:
    return f"data:{media};base64,{base64.b64encode(data).decode()}"


IMAGES = {
    "use bomb": ("bomb.svg", use_bomb().encode(), "expands, through <use> and url(#…), to more"),
    "pattern bomb": (
        "pattern.svg",
        (
            f"<svg {SVG}>"
            + "".join(
                f'<pattern id="p{i}"><rect fill="url(#p{i - 1})"/><rect fill="url(#p{i - 1})"/>'
                f'<rect fill="url(#p{i - 1})"/><rect fill="url(#p{i - 1})"/></pattern>'
                for i in range(1, 12)
            ).replace('fill="url(#p0)"', "")
            + '<rect fill="url(#p11)"/></svg>'
        ).encode(),
        "to more than 200,000 shapes",
    ),
    "reference cycle": (
        "cycle.svg",
        f'<svg {SVG}><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'.encode(),
        "refers to itself",
    ),
    "many elements": ("many.svg", f"<svg {SVG}>{'<rect/>' * 60_000}</svg>".encode(), "60,001"),
    "png in svg": (
        "inner.svg",
        f'<svg {SVG}><image href="{data_url("image/png", png_bomb())}"/></svg>'.encode(),
        "holds an image that claims more pixels",
    ),
    "svg in svg": (
        "nested.svg",
        (
            f'<svg {SVG}><image href="'
            + data_url("image/svg+xml", f'<svg {SVG}><image href="http://x/y"/></svg>'.encode())
            + '"/></svg>'
        ).encode(),
        'holds an image that names "http://x/y"',
    ),
    "png bomb": ("bomb.png", png_bomb(), "claims more pixels than any page can show"),
}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory, web, tiny_build):
    """Every image bomb in a title of its own, all built by one command."""
    h = make_hostile(tmp_path_factory.mktemp("bombs"), web, tiny_build)

    def tamper(name: str, data: bytes):
        def apply(h, slug: str) -> None:
            h.write(f"sources/{slug}/{name}", data)
            h.append(f"sources/{slug}/article.md", f"\n![A picture]({name})\n")

        return apply

    return batch(h, {case: tamper(name, data) for case, (name, data, _) in IMAGES.items()})


def test_the_bombs_obey_the_rules(bombs):
    bombs.check(seconds=30)


@pytest.mark.parametrize("case", IMAGES)
def test_an_image_bomb_is_refused_at_once(bombs, case):
    line = bombs.line(case)
    assert line.startswith(f"error: sources/{bombs.slugs[case]}/article.md:9: "), line
    assert IMAGES[case][2] in line, line


def test_a_template_that_fills_the_memory_is_stopped(hostile):
    h = hostile
    doubling = (
        '{% set s = namespace(v="xxxxxxxx") %}{% for i in range(40) %}'
        "{% set s.v = s.v ~ s.v %}{% endfor %}{{ s.v | length }}"
    )
    h.write("templates/colophon.html.j2", doubling)
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force", env={"PAMPHLET_MEMORY_LIMIT": "400"})
    h.check(
        run,
        says="needed more than 400 MB of memory",
        where="templates/colophon.html.j2",
        build_as_before=before,
        seconds=30,
    )


def test_a_template_that_loops_for_hours_is_stopped(hostile):
    h = hostile
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    h.write("templates/colophon.html.j2", loops)
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force", env={"PAMPHLET_TIME_LIMIT": "2"})
    h.check(run, says="took more than 2 s", build_as_before=before, seconds=30)


def test_markdown_that_parses_in_quadratic_time_is_stopped(hostile):
    """300,000 straight quotes in one paragraph keep the smart-quotes rule busy for a minute
    (ten for a 1 MB part): the time limit stops it, naming the part."""
    h = hostile
    h.append(ARTICLE, "\n" + '"' * 300_000 + "\n")
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force", env={"PAMPHLET_TIME_LIMIT": "3"})
    h.check(run, says="took more than 3 s", where=ARTICLE, build_as_before=before, seconds=30)


@pytest.mark.parametrize(
    ("name", "value"), [("PAMPHLET_TIME_LIMIT", "0"), ("PAMPHLET_MEMORY_LIMIT", "lots")]
)
def test_a_limit_that_is_not_a_number_is_bad_input(hostile, name, value):
    h = hostile
    run = h.run("build", "tiny", "--force", env={name: value})
    h.check(run, says=f'{name}: "{value}" is not a positive number')
