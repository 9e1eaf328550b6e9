"""How the printed copy is bound, as a strategy the print edition, the booklets, the cover,
the job ticket and preflight ask instead of assuming: how many pages a copy's page count must
be a multiple of, whether the cover is the first and last page of the text block (self-cover),
and how the binding is described to a shop.

Saddle stitch: sheets printed two pages a side, folded, nested and stitched through the fold,
so the page count is a multiple of four; the cover is printed with the inside pages, unless
`[print] cover_stock` asks for a separate 4-page cover on other paper. Perfect binding: the
leaves are glued into a cover wrap with a flat spine, so the page count is a multiple of two
(or of `[print] signature`, the pages of a folded section); the cover is always separate.
`[print] binding = "auto"` stitches up to `saddle_max_pages` pages (48 by default: beyond
that a stitched pamphlet no longer folds flat) and binds longer copies.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

BINDING_CHOICES = ("saddle", "perfect", "auto")
SADDLE_MAX_PAGES = 48


@dataclass(frozen=True)
class Binding:
    name: str
    page_multiple: int
    self_cover: bool
    nested: bool  # sheets folded inside each other (imposed as a booklet, with creep)
    description: str
    spine: bool = False  # the cover wraps a flat spine as thick as the text block

    def blanks_needed(self, pages: int) -> int:
        """Blank pages to add to `pages` to reach a whole number of sheets."""
        return (-pages) % self.page_multiple

    def sheets(self, pages: int) -> int:
        """Sheets per copy, each printed on both sides (pages a multiple of page_multiple):
        folded sheets for a nested binding, leaves otherwise."""
        return pages // 4 if self.nested else (pages + 1) // 2


SADDLE = Binding(
    "saddle",
    page_multiple=4,
    self_cover=True,
    nested=True,
    description="saddle stitch: sheets folded and nested, 2 wire stitches on the fold, "
    "trimmed on 3 sides",
)
SADDLE_WITH_COVER = replace(
    SADDLE,
    self_cover=False,
    description="saddle stitch: sheets folded and nested inside a separate 4-page cover, "
    "2 wire stitches on the fold, trimmed on 3 sides",
)
PERFECT = Binding(
    "perfect",
    page_multiple=2,
    self_cover=False,
    nested=False,
    spine=True,
    description="perfect binding: leaves glued at the spine into a wrap-around cover, "
    "trimmed on 3 sides",
)

BINDINGS = {binding.name: binding for binding in (SADDLE, PERFECT)}


def binding_of(manifest: Any, pages: int | None = None) -> Binding:
    """The binding of a title, from its `[print]` options. For `auto`, `pages` is the page
    count of the self-covered saddle-stitched copy: perfect binding above the limit (and
    saddle stitch when the count is not known yet)."""
    options = manifest.print if manifest is not None else None
    chosen = getattr(options, "binding", "saddle")
    if chosen == "auto":
        limit = getattr(options, "saddle_max_pages", SADDLE_MAX_PAGES)
        chosen = "perfect" if pages is not None and pages > limit else "saddle"
    if chosen == "perfect":
        signature = getattr(options, "signature", None)
        return replace(PERFECT, page_multiple=signature) if signature else PERFECT
    return SADDLE_WITH_COVER if getattr(options, "cover_stock", "") else SADDLE


def binding_named(name: str, manifest: Any) -> Binding:
    """The binding called `name` ("saddle" or "perfect"), with the manifest's options: what
    a job ticket says a build chose for an `auto` title."""
    return binding_of(manifest, 10**6 if name == "perfect" else 0)
