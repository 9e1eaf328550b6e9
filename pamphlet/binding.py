"""How the printed copy is bound, as a strategy the print edition, the booklets, the job
ticket and preflight ask instead of assuming: how many pages a copy's page count must be a
multiple of, whether the cover is the first and last page of the text block (self-cover),
and how the binding is described to a shop.

Saddle stitch, the binding of every pamphlet today: sheets printed two pages a side, folded,
nested and stitched through the fold, so the page count is a multiple of four and the cover
is printed with the inside pages.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Binding:
    name: str
    page_multiple: int
    self_cover: bool
    nested: bool  # sheets folded inside each other (imposed as a booklet, with creep)
    description: str

    def blanks_needed(self, pages: int) -> int:
        """Blank pages to add to `pages` to reach a whole number of sheets."""
        return (-pages) % self.page_multiple

    def sheets(self, pages: int) -> int:
        """Sheets per copy, each printed on both sides (pages a multiple of page_multiple)."""
        return pages // 4 if self.nested else (pages + 1) // 2


SADDLE = Binding(
    "saddle",
    page_multiple=4,
    self_cover=True,
    nested=True,
    description="saddle stitch: sheets folded and nested, 2 wire stitches on the fold, "
    "trimmed on 3 sides",
)

BINDINGS = {binding.name: binding for binding in (SADDLE,)}


def binding_of(manifest: object | None) -> Binding:
    """The binding of a title (saddle stitch until the manifest can choose another)."""
    return SADDLE
