"""What one step of a build makes and later steps reuse, typed. Each product is made once per
build by one producer, which keeps it in `BuildContext.products`:

| product | producer |
|---|---|
| `layout` (the one laid-out book) | `pamphlet.layout.book.book_layout` |
| `book_pdf` (that layout written once, tagged, with links) | `pamphlet.layout.book.book_pdf` |
| `print_file` (the print PDF made in this build) | `pamphlet.editions.print_pdf.print_file` |
| `impositions` (how the booklets and riso masters lay out pages) | their editions' `build` |
| `cover_picture` (the cover as a picture) | `pamphlet.layout.cover.cover_picture` |
| `shop_files` (print-shop files written, for the ticket) | print, booklet, riso, cover |
| `barcode` (the ISBN's barcode as a small PDF) | `pamphlet.layout.barcode.barcode_pdf` |
| `wrap` (the cover wrap, in the screen colours) | `pamphlet.layout.wrap.cover_wrap` |
| `cover_file` (the cover edition's file) | `pamphlet.editions.cover.build` |

This module holds only data: it imports nothing heavy, so the context can name the types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pamphlet.binding import SADDLE, Binding
from pamphlet.model import Part
from pamphlet.paper import WrapGeometry
from pamphlet.units import Size

if TYPE_CHECKING:
    from weasyprint import Document as LaidOutDocument

    from pamphlet.fetch import SandboxedFetcher


@dataclass(frozen=True)
class BackCover:
    """What the last page shows: `kind` is slogans, publisher or blank; `part` the slogans
    part when they move to the back cover."""

    kind: str
    part: Part | None = None


@dataclass
class LaidOut:
    """A book laid out by WeasyPrint, and what made it: its markup, the text of its styles
    and the fetcher that read its resources (for the file identifier)."""

    document: LaidOutDocument
    html: str
    styles: str
    fetcher: SandboxedFetcher


@dataclass
class BookLayout:
    """A title laid out once by WeasyPrint, with bleed, in the screen colours, for its
    `binding`: the pages every paged edition shares. `back_cover` is what the back cover
    shows: the page at index `back_page` with a self-cover, the cover wrap's back without
    (`back_page` None). `blanks` blank pages go before the back cover (or at the end) in the
    printed copy, to fill the last sheet (see pamphlet.binding)."""

    laid: LaidOut
    back_cover: BackCover | None
    back_page: int | None
    blanks: int
    binding: Binding = SADDLE

    @property
    def document(self) -> LaidOutDocument:
        return self.laid.document

    @property
    def moved_part(self) -> Part | None:
        """The part that left the inside for the back cover (the slogans of a self-cover);
        without a self-cover every part stays inside, and the wrap's back repeats it."""
        back = self.back_cover
        return back.part if back is not None and self.binding.self_cover else None

    @property
    def page_count(self) -> int:
        """Pages of the printed copy, blank pages included."""
        return len(self.document.pages) + self.blanks

    def folios(self) -> list[int]:
        """The printed page number of each laid-out page (blank pages are not laid out)."""
        numbers = list(range(1, len(self.document.pages) + 1))
        after = self.blanks_before
        return numbers[:after] + [n + self.blanks for n in numbers[after:]]

    @property
    def blanks_before(self) -> int:
        """Index of the laid-out page the blank pages go before (the back cover), or the
        page count when they go at the end."""
        return len(self.document.pages) if self.back_page is None else self.back_page

    def blank_folios(self) -> list[int]:
        """The printed page numbers of the blank pages added."""
        return [self.blanks_before + 1 + n for n in range(self.blanks)]


@dataclass
class PrintFile:
    """The print PDF as made in this build, and the facts the booklets and the job ticket
    need: its pages, the blank pages added, the back cover, the inks it prints with."""

    data: bytes
    pages: int
    blanks: list[int]
    back_cover: str
    inks: list[str]


@dataclass
class Imposition:
    """How one booklet file lays the pages out on its sheets."""

    kind: str  # "shop", "office" or "riso"
    sheet: Size  # landscape
    sheets: int  # sheets per copy, each printed on both sides
    creep_step: float  # points each sheet's pages move toward the spine, per sheet inward
    bleed: float = 0.0  # kept on the outer edges (0 for the office file)
    marks: bool = True
    registration: bool = False
    scale: float = 1.0
    duplex: str = "flip on short edge"  # how the sheets turn when printed on both sides
    unprinted_edge: float = 0.0  # points along each edge of the sheet where nothing is placed

    @property
    def creep(self) -> float:
        """How far the innermost sheet's pages move toward the spine."""
        return self.creep_step * (self.sheets - 1)


@dataclass(frozen=True)
class ShopFile:
    """A print-shop file written in this build, for the job ticket's list: `ink` names the
    one ink a plate file prints (empty: the file carries all the job's inks)."""

    path: Path
    pages: int
    purpose: str
    ink: str = ""


@dataclass
class Wrap:
    """The cover wrap laid out and written once, in the screen colours (the cover edition
    recolours it for print; the EPUB's cover picture is its front panel)."""

    geometry: WrapGeometry
    data: bytes
    spine_text: bool
    barcode: bool


@dataclass
class Products:
    layout: BookLayout | None = None
    book_pdf: bytes | None = None
    print_file: PrintFile | None = None
    impositions: list[Imposition] = field(default_factory=list)
    cover_picture: bytes | None = None
    shop_files: list[ShopFile] = field(default_factory=list)
    barcode: bytes | None = None
    wrap: Wrap | None = None
    cover_file: Path | None = None
