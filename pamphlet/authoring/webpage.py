"""An HTML export of a web article → the paragraphs the importer classifies.

The article is taken from <article> or <main> when the page has one, else from <body>;
scripts, forms, navigation and sidebars are dropped. Headings keep their level, block
quotations their grouping and <cite>, and inline markup becomes Markdown (*italic*,
**bold**, [links](https://…)). Images cannot be imported (they would be fetched) and are
reported.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from pamphlet.authoring.exports import Unit, escape_markdown

DROPPED = (
    "script",
    "style",
    "noscript",
    "nav",
    "form",
    "aside",
    "iframe",
    "button",
    "svg",
    "template",
    "select",
    "input",
    "link",
    "meta",
)
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "pre", "hr", "table"}
CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "body",
    "figure",
    "figcaption",
    "center",
}


class _Reader:
    def __init__(self) -> None:
        self.units: list[Unit] = []
        self.images: list[str] = []
        self.quote = 0

    # blocks ------------------------------------------------------------------------------

    def container(self, element) -> None:
        """Children of a <div>-like element: blocks in turn, loose text as paragraphs."""
        loose: list = []
        if element.text and element.text.strip():
            loose.append(element.text)
        for child in element:
            if not isinstance(child.tag, str):
                if child.tail and child.tail.strip():
                    loose.append(child.tail)
                continue
            tag = child.tag.lower()
            if tag in BLOCKS or tag in CONTAINERS or tag in ("li", "dl", "figcaption", "cite"):
                self.loose_paragraph(loose, element)
                loose = []
                self.block(child, tag)
                if child.tail and child.tail.strip():
                    loose.append(child.tail)
            else:
                loose.append(child)
        self.loose_paragraph(loose, element)

    def loose_paragraph(self, pieces: list, parent) -> None:
        text = "".join(
            escape_markdown(p) if isinstance(p, str) else self.inline(p, tail=True) for p in pieces
        )
        self.paragraph(text, parent.sourceline or 0, "p")

    def block(self, element, tag: str) -> None:
        line = element.sourceline or 0
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.paragraph(self.inlines(element), line, tag)
        elif tag == "p":
            self.paragraph(self.inlines(element), line, "p", links=self.link_share(element))
        elif tag == "blockquote":
            self.quote += 1
            group, before = self.quote, len(self.units)
            self.container(element)
            for unit in self.units[before:]:
                unit.quote = group
        elif tag in ("ul", "ol"):
            for number, item in enumerate(element.findall("li"), start=1):
                marker = f"{number}." if tag == "ol" else "-"
                text = re.sub(r"\s+", " ", self.inlines(item)).strip()
                if text:
                    self.units.append(
                        Unit(
                            [f"{marker} {text}"],
                            item.sourceline or line,
                            tag="li",
                            links=self.link_share(item),
                        )
                    )
        elif tag == "pre":
            self.units.append(Unit(element.text_content().splitlines(), line, tag="pre"))
        elif tag == "hr":
            self.units.append(Unit([], line, tag="hr"))
        elif tag == "table":
            for row in element.iter("tr"):
                cells = [self.inlines(cell).strip() for cell in row if isinstance(cell.tag, str)]
                self.paragraph(" · ".join(c for c in cells if c), row.sourceline or line, "p")
        elif tag == "figure" and element.find(".//blockquote") is not None:
            before = len(self.units)
            self.container(element)  # the quotation, then its caption: the source
            group = next((u.quote for u in self.units[before:] if u.quote), 0)
            for unit in self.units[before:]:
                if not unit.quote:
                    unit.quote, unit.tag = group, "cite"
        elif tag == "figure" and element.find(".//img") is not None:
            for image in element.iter("img"):  # a picture and its caption: left out
                self.images.append(image.get("src", ""))
        elif self.quote_open(element) and tag in ("cite", "footer", "figcaption"):
            self.paragraph(self.inlines(element), line, "cite")
        else:
            self.container(element)

    def quote_open(self, element) -> bool:
        return any(a.tag == "blockquote" for a in element.iterancestors())

    def paragraph(self, text: str, line: int, tag: str, links: float = 0.0) -> None:
        lines = [re.sub(r"\s+", " ", part).strip() for part in text.split("\n")]
        lines = [part for part in lines if part]
        if lines:
            self.units.append(Unit(lines, line, tag=tag, links=links, hard_breaks=len(lines) > 1))

    # inline markup -----------------------------------------------------------------------

    def inlines(self, element) -> str:
        text = escape_markdown(element.text or "")
        for child in element:
            text += self.inline(child, tail=True)
        return text

    def inline(self, element, tail: bool = False) -> str:
        after = escape_markdown(element.tail or "") if tail else ""
        if not isinstance(element.tag, str):
            return after
        tag = element.tag.lower()
        inner = self.inlines(element)
        if tag == "br":
            return "\n" + after
        if tag == "img":
            self.images.append(element.get("src", ""))
            return after
        if not inner.strip():
            return inner + after
        if tag in ("em", "i", "cite", "var", "dfn"):
            return _wrap("*", inner) + after
        if tag in ("strong", "b"):
            return _wrap("**", inner) + after
        if tag == "code":
            return f"`{element.text_content()}`" + after
        if tag == "a":
            href = (element.get("href") or "").strip()
            if href.startswith(("https://", "http://", "mailto:")):
                return f"[{inner}]({href})" + after
        return inner + after

    def link_share(self, element) -> float:
        """How much of a paragraph's text is link text: menus and "share" lines are all
        links."""
        text = element.text_content().strip()
        linked = sum(len(a.text_content().strip()) for a in element.iter("a"))
        return linked / len(text) if text else 0.0


def _wrap(marker: str, inner: str) -> str:
    stripped = inner.strip()
    lead, trail = inner[: len(inner) - len(inner.lstrip())], inner[len(inner.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def read_html(data: bytes) -> tuple[list[Unit], dict[str, str], list[str]]:
    """The paragraphs of a web page's article; the page's language and date if it says;
    the images left out."""
    document = lxml_html.document_fromstring(data)
    facts = {"language": document.get("lang", "")}
    for meta in document.iter("meta"):
        name = (meta.get("property") or meta.get("name") or "").lower()
        if name in ("article:published_time", "date", "dc.date", "dcterms.created"):
            facts.setdefault("date", meta.get("content", ""))
    time = document.find(".//time[@datetime]")
    if time is not None:
        facts.setdefault("date", time.get("datetime", ""))
    for element in list(document.iter(*DROPPED)):
        element.drop_tree()
    root = next(iter(document.iter("article")), None)
    for fallback in (next(iter(document.iter("main")), None), document.find("body"), document):
        root = fallback if root is None else root
    reader = _Reader()
    reader.container(root)
    return reader.units, facts, reader.images
