"""The EPUB's page list: where each page of the printed copy begins in the EPUB's documents
(from the title's one layout, pamphlet.layout.pagemap), a page-break marker at that word,
and the targets the nav's and the NCX's page lists lead to. Every printed page has an
entry, blank pages and the back cover included, so the numbers have no holes."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from pamphlet.context import BuildContext
from pamphlet.layout.book import book_layout
from pamphlet.layout.pagemap import END, PageStart, insert_page_break, page_break, page_map

XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"
NAV_FILE = "nav.xhtml"
PRINTED_CONTENTS = "contents"  # the id of the printed contents, whose EPUB twin is the nav


@dataclass(frozen=True)
class PageTarget:
    """Where printed page `label` begins in the EPUB: `offset` letters into the element
    `anchor` of document `file` (the document's body when `anchor` is empty)."""

    label: str
    file: str
    anchor: str
    offset: int

    @property
    def id(self) -> str:
        return f"page-{self.label}"

    @property
    def href(self) -> str:
        return f"{self.file}#{self.id}"


def print_pages(ctx: BuildContext) -> list[PageStart]:
    """Where each printed page begins, its blank pages included: from the title's one layout,
    shared with the PDFs."""
    layout = book_layout(ctx)
    starts = page_map(layout.document)
    blanks = [PageStart("", "", "", 0)] * layout.blanks
    starts[layout.blanks_before : layout.blanks_before] = blanks
    return [replace(start, label=str(number)) for number, start in enumerate(starts, start=1)]


def page_targets(starts: list[PageStart], where: dict[str, str], first: str) -> list[PageTarget]:
    """Each printed page's place in the EPUB. `where` tells which document holds each id;
    `first` is the first document. Every page gets an entry, so the numbering has no holes:
    a page whose content the EPUB does not hold (a blank page, the back cover) is placed at
    the end of the document of the page before it, where a reader of the print meets it."""
    targets: list[PageTarget] = []
    for start in starts:
        if start.part == PRINTED_CONTENTS:  # just before the nav's table of contents
            target = PageTarget(start.label, NAV_FILE, "toc", 0)
        elif start.anchor in where and where[start.anchor] == where.get(start.part):
            target = PageTarget(start.label, where[start.anchor], start.anchor, start.offset)
        elif start.part in where:
            target = PageTarget(start.label, where[start.part], start.part, 0)
        elif targets:
            target = PageTarget(start.label, targets[-1].file, "", END)
        else:
            target = PageTarget(start.label, first, "", 0)
        targets.append(target)
    return targets


def mark_pages(trees: dict[str, etree._Element], targets: list[PageTarget]) -> None:
    for target in targets:
        root = trees[target.file]
        element = _by_id(root, target.anchor) if target.anchor else next(root.iter(XHTML_BODY))
        insert_page_break(element, target.offset, page_break(target.label))


def _by_id(root: etree._Element, element_id: str) -> etree._Element:
    return next(e for e in root.iter() if e.get("id") == element_id)


def ids(trees: dict[str, etree._Element]) -> dict[str, str]:
    """Which document holds each id."""
    where: dict[str, str] = {}
    for file, root in trees.items():
        for element in root.iter():
            element_id = element.get("id")
            if isinstance(element.tag, str) and element_id:
                where.setdefault(element_id, file)
    return where
