"""What a print-shop file should be, as the preflight's rules read it: its kind, trim,
bleed, binding, inks and, for a cover wrap, its spine. pamphlet.print_job works it out from a
title's manifest."""

from __future__ import annotations

from dataclasses import dataclass

MIN_BLEED = 3 * 72 / 25.4 - 0.05  # 3 mm, the least any shop accepts


@dataclass(frozen=True)
class Expected:
    """What a print-shop file should be: its `kind` (print: one page per page; booklet:
    spreads imposed on sheets with bleed and marks; office: imposed without; cover: the
    cover wrap), the trim of its pages (None: not checked), the bleed wanted and the
    binding's page multiple. For a cover wrap, the width of one panel (the book's trim) and
    the spine the page count and paper give (None: not known), with its formula; `barcode`
    when the back cover must carry the ISBN's barcode."""

    kind: str
    trim: tuple[float, float] | None = None
    bleed: float = MIN_BLEED
    page_multiple: int = 4
    binding: str = "a saddle-stitched pamphlet"
    nested: bool = True
    panel: tuple[float, float] | None = None
    spine: float | None = None
    spine_formula: str = ""
    barcode: bool = False
    inks: tuple[str, ...] | None = None  # the job's inks; None: any CMYK or gray

    @property
    def job(self) -> str:
        """What the job prints in, for messages."""
        return " + ".join(self.inks) if self.inks else "CMYK or gray"
