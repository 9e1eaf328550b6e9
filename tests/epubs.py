"""Reading built EPUBs in tests: the package document, the nav, the XHTML documents."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
}


class Epub:
    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_path = container.find(".//{*}rootfile").get("full-path")
        self.opf = etree.fromstring(self.zip.read(self.opf_path))
        self.base = self.opf_path.rsplit("/", 1)[0] + "/"

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.findall(f".//dc:{name}", NS)]

    def meta(self, prop: str) -> list[str]:
        return [e.text for e in self.opf.findall(f".//opf:meta[@property='{prop}']", NS)]

    def manifest(self) -> dict[str, dict]:
        return {i.get("id"): dict(i.attrib) for i in self.opf.findall(".//opf:item", NS)}

    def spine(self) -> list[str]:
        items = self.manifest()
        return [items[r.get("idref")]["href"] for r in self.opf.findall(".//opf:itemref", NS)]

    def xhtml(self, href: str) -> etree._Element:
        return etree.fromstring(self.zip.read(self.base + href))

    def nav_href(self) -> str:
        return next(
            i["href"] for i in self.manifest().values() if "nav" in i.get("properties", "").split()
        )

    def page_list(self) -> list[tuple[str, str]]:
        """(label, href) of every entry of the nav's page list, in order."""
        nav = self.xhtml(self.nav_href())
        found = nav.find(".//x:nav[@epub:type='page-list']", NS)
        if found is None:
            return []
        return [("".join(a.itertext()), a.get("href")) for a in found.iterfind(".//x:a", NS)]

    def target(self, href: str) -> etree._Element:
        """The element an href of the nav (relative to the nav) leads to."""
        folder = self.nav_href().rpartition("/")[0]
        file, _, anchor = href.partition("#")
        document = self.xhtml(f"{folder}/{file}" if folder else file)
        return next(e for e in document.iter() if e.get("id") == anchor)


def text_after(marker: etree._Element, limit: int = 200) -> str:
    """The document's text from `marker` on, white space collapsed: what a reader meets
    after a page-break marker (up to `limit` characters)."""
    sentinel = "\ue000"  # a private-use character, never in a text
    marker.text = sentinel
    try:
        text = "".join(marker.getroottree().getroot().itertext())
    finally:
        marker.text = None
    return " ".join(text.split(sentinel, 1)[1][: limit * 2].split())[:limit]
