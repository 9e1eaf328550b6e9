"""The web edition: one self-contained HTML file, opened in a real headless Chromium that
cannot reach the network: it loads, its fonts load, the contents links work, and it asks
for nothing but itself and its own data: URLs."""

from __future__ import annotations

import shutil

import pytest
from lxml import html

from tests.browser import CHROMIUM, Browser
from tests.conftest import FLAGSHIP, REPO, Built, make_workspace, pamphlet


@pytest.fixture(scope="module")
def web(tmp_path_factory) -> Built:
    root = make_workspace(tmp_path_factory.mktemp("web"), {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    result = pamphlet(root, "build", FLAGSHIP, "--edition", "html", check=True)
    return Built(root, FLAGSHIP, result)


@pytest.fixture(scope="module")
def browser():
    if not shutil.which("chromium") and not CHROMIUM:
        pytest.fail("Chromium is not installed: run 'make setup' (scripts/setup.sh test)")
    opened = Browser()
    yield opened
    opened.close()


def test_the_file_names_nothing_outside_itself(web):
    page = html.parse(str(web.file(".html"))).getroot()
    for element in page.iter():
        for attribute in ("src", "srcset", "data", "poster"):
            value = element.get(attribute)
            assert value is None or value.startswith("data:"), (element.tag, value)
    assert page.findall(".//link") == [] and page.findall(".//script") == []
    css = "".join(style.text_content() for style in page.iter("style"))
    urls = [u for u in __import__("re").findall(r"url\(\"?([^)\"]+)", css)]
    assert urls and all(u.startswith("data:font/woff2;base64,") for u in urls)
    assert page.get("lang") == "en-US"
    assert page.find(".//meta[@name='viewport']") is not None


def test_it_loads_in_chromium_without_fetching_anything(web, browser):
    browser.open(web.file(".html"))
    assert browser.evaluate("document.title") == "Bolivia’s Unfinished Revolution"
    requested = browser.requested_urls()
    assert requested[0] == web.file(".html").resolve().as_uri()
    assert all(url.startswith("data:") for url in requested[1:]), requested
    assert browser.failed_requests() == []
    faces = browser.evaluate(
        "document.fonts.ready.then(() => [...document.fonts]"
        ".filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight))"
    )
    assert "Source Serif 4 400" in faces and "Source Serif 4 Display 700" in faces
    family = browser.evaluate("getComputedStyle(document.querySelector('main p')).fontFamily")
    assert family.startswith('"Source Serif 4"')


def test_every_contents_link_leads_to_its_heading(web, browser):
    browser.call(  # no smooth scrolling, so the position can be read at once
        "Emulation.setEmulatedMedia",
        session=True,
        features=[{"name": "prefers-reduced-motion", "value": "reduce"}],
    )
    browser.open(web.file(".html"))
    links = browser.evaluate(
        "[...document.querySelectorAll('nav.contents a')].map(a => [a.hash, a.textContent])"
    )
    assert len(links) == 8
    for index, (anchor, text) in enumerate(links):
        browser.evaluate(f"document.querySelectorAll('nav.contents a')[{index}].click()")
        where = browser.evaluate(
            "[location.hash, (() => { const t = document.querySelector(location.hash);"
            " return [t.textContent, Math.round(t.getBoundingClientRect().top)]; })()]"
        )
        assert where[0] == anchor
        heading_text, top = where[1]
        assert text.split(": ")[-1] in heading_text
        assert -2 <= top <= 40, (anchor, top)  # scrolled to the top of the window


def test_it_fits_a_phone(web, browser):
    browser.resize(390, 844)
    browser.open(web.file(".html"))
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    measure = browser.evaluate("document.querySelector('main p').getBoundingClientRect().width")
    assert 300 <= measure <= 390
    browser.resize(1400, 900)
    browser.open(web.file(".html"))
    wide = browser.evaluate("document.querySelector('main p').getBoundingClientRect().width")
    assert 500 <= wide <= 760  # a readable measure, not the whole window


def test_notes_link_both_ways(tmp_path, browser):
    root = make_workspace(tmp_path, {"notes": REPO / "tests" / "fixtures" / "notes"})
    pamphlet(root, "build", "notes", "--edition", "html", check=True)
    browser.open(root / "build" / "notes" / "notes.html")
    pairs = browser.evaluate(
        "[...document.querySelectorAll('a.noteref')].map(a => [a.hash,"
        " document.querySelector(a.hash).querySelector('a.backlink').hash === '#' + a.id])"
    )
    assert len(pairs) == 2 and all(ok for _, ok in pairs)
