"""The editions pamphlet makes, declared once: this registry is the only list of editions.

The manifest, the cache, `watch`, the worker pool, the command line's help, preflight, the
job ticket, `dist`, `preview` and `check` all read it. An edition's module (`module`, with
`build(context) -> list[Path]`) is imported only when the edition is built, so reading the
registry costs nothing.

What an edition is made from (`uses`) is the shared book layout (`LAYOUT`: one WeasyPrint
layout per title, read by the screen and print PDFs and the EPUB's page list) and other
editions (the booklet imposes the print PDF's pages). Finishers (`FINISHERS`) run after the
editions they describe, from what those made: the job ticket.
"""

from __future__ import annotations

import importlib
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType

from pamphlet.errors import SourceError

LAYOUT = "layout"  # the one laid-out book of a title (pamphlet/layout/book.py)
ONE_INK = ("black",)  # the inks of a job in black alone (manifest [print] inks)


@dataclass(frozen=True)
class Output:
    """A file written into build/<slug>/: its name pattern, what it is for, which preflight
    rules it must pass (print, booklet, office, riso, cover, or none) and, for a file the
    distributor bundle carries, its media type and ONIX product form detail. An output
    `per_ink` is one file per ink of the job, `{ink}` in its pattern; one that is not
    `the_text` (the cover wrap) is left out of `pamphlet proof`."""

    pattern: str
    purpose: str
    preflight: str = ""
    media_type: str = ""
    onix_form: str = ""  # ONIX code list 175 (E101 EPUB, E107 PDF); empty: not distributed
    format_name: str = ""  # how ONIX and the bundle name the format: "PDF", "EPUB"
    per_ink: bool = False
    the_text: bool = True  # carries the title's text, for `pamphlet proof`

    def name(self, slug: str, ink: str = "") -> str:
        if self.per_ink:
            if not ink:
                raise ValueError(f"{self.pattern} is one file per ink: name the ink")
            return self.pattern.format(slug=slug, ink=ink_in_file_name(ink))
        return self.pattern.format(slug=slug)

    def names(self, slug: str, inks: Sequence[str] = ONE_INK) -> list[str]:
        """The file names of this output for a job in `inks`."""
        return [self.name(slug, ink) for ink in inks] if self.per_ink else [self.name(slug)]


def ink_in_file_name(ink: str) -> str:
    """An ink's name as it appears in file names: "PANTONE 186 C" → "pantone-186-c"."""
    return re.sub(r"[^a-z0-9]+", "-", ink.lower()).strip("-") or "ink"


@dataclass(frozen=True)
class Edition:
    """One edition: its name, module, outputs, what it is made from and reads, its table of
    options in pamphlet.toml, whether `pamphlet build` makes it by default and whether it may
    be built in a forked process."""

    name: str
    module: str
    summary: str
    outputs: tuple[Output, ...]
    uses: tuple[str, ...] = ()
    stylesheets: tuple[str, ...] = ()
    templates: tuple[str, ...] = ()
    options: str = ""
    default: bool = True
    forkable: bool = False

    def output_names(self, slug: str, inks: Sequence[str] = ONE_INK) -> list[str]:
        return [name for output in self.outputs for name in output.names(slug, inks)]


@dataclass(frozen=True)
class Shared:
    """Something several editions are made from, with what it reads."""

    name: str
    stylesheets: tuple[str, ...]
    templates: tuple[str, ...]


@dataclass(frozen=True)
class Finisher:
    """A step after the editions: it describes the editions `after` together (so they are
    rebuilt together) from what they made in the same build."""

    name: str
    module: str
    outputs: tuple[Output, ...]
    after: tuple[str, ...] = field(default_factory=tuple)

    def output_names(self, slug: str) -> list[str]:
        return [output.name(slug) for output in self.outputs]


BOOK_TEMPLATES = (
    "book.html.j2",
    "cover.html.j2",
    "colophon.html.j2",
    "titlepage.html.j2",
    "contents.html.j2",
    "part.html.j2",
    "opening.html.j2",
    "backcover.html.j2",
)

AUTHORING_TEMPLATES = ("new",)  # what `pamphlet new` writes from: no edition reads them

SHARED = {
    LAYOUT: Shared(LAYOUT, ("base.css", "paged.css", "screen.css"), BOOK_TEMPLATES),
}

EDITIONS: tuple[Edition, ...] = (
    Edition(
        "screen",
        "pamphlet.editions.screen",
        "the screen PDF: the print edition's pages, trimmed, tagged, with links and bookmarks",
        (
            Output(
                "{slug}.pdf",
                "screen PDF for readers, distributors and home printers",
                media_type="application/pdf",
                onix_form="E107",
                format_name="PDF",
            ),
        ),
        uses=(LAYOUT,),
        forkable=True,
    ),
    Edition(
        "print",
        "pamphlet.editions.print_pdf",
        "the print PDF: PDF/X-1a, the job's inks, bleed and crop marks",
        (Output("{slug}-print.pdf", "print PDF, one page per page (PDF/X-1a)", "print"),),
        uses=(LAYOUT,),
        stylesheets=("print.css",),
        options="print",
    ),
    Edition(
        "cover",
        "pamphlet.editions.cover",
        "the cover wrap: back cover, spine and front cover on one PDF/X-1a sheet, with the "
        "ISBN's barcode (perfect binding, or a separate cover)",
        (
            Output(
                "{slug}-cover.pdf",
                "cover wrap: back cover, spine and front cover on one sheet (PDF/X-1a)",
                "cover",
                the_text=False,
            ),
        ),
        uses=(LAYOUT,),
        stylesheets=("cover.css", "print.css"),
        templates=("wrap.html.j2", "spine.html.j2"),
        options="print",
        default=False,
    ),
    Edition(
        "booklet",
        "pamphlet.editions.booklet",
        "imposed booklets: spreads on a shop's sheet with marks, and on an office printer's",
        (
            Output(
                "{slug}-booklet.pdf",
                "imposed booklet for the shop: spreads on sheets, bleed, crop and fold marks",
                "booklet",
            ),
            Output(
                "{slug}-booklet-office.pdf",
                "imposed booklet for an office duplex printer: no bleed, no marks",
                "office",
            ),
        ),
        uses=("print",),
        options="print",
    ),
    Edition(
        "riso",
        "pamphlet.editions.riso",
        "risograph masters: one grayscale PDF per ink, imposed like the shop booklet",
        (
            Output(
                "{slug}-riso-{ink}.pdf",
                "risograph master for one ink's drum: grayscale, imposed like the shop "
                "booklet, registration marks",
                "riso",
                per_ink=True,
            ),
        ),
        uses=("print",),
        options="print",
        default=False,
    ),
    Edition(
        "epub",
        "pamphlet.editions.epub",
        "the EPUB 3: accessible, with the print edition's page numbers",
        (
            Output(
                "{slug}.epub",
                "EPUB 3 for e-readers and distributors",
                media_type="application/epub+zip",
                onix_form="E101",
                format_name="EPUB",
            ),
        ),
        uses=(LAYOUT,),
        stylesheets=("base.css", "epub.css"),
        templates=(
            "epub",
            "titlepage.html.j2",
            "part.html.j2",
            "opening.html.j2",
            "colophon.html.j2",
        ),
        options="epub",
        forkable=True,
    ),
    Edition(
        "html",
        "pamphlet.editions.web",
        "the web edition: one self-contained page for the publisher's site",
        (Output("{slug}.html", "web page for the publisher's site"),),
        stylesheets=("base.css", "html.css"),
        templates=("web.html.j2", *BOOK_TEMPLATES),
        default=False,
        forkable=True,
    ),
    Edition(
        "large-print",
        "pamphlet.editions.large_print",
        "the large-print PDF: 16 pt and more, ragged right, pages of its own",
        (Output("{slug}-large-print.pdf", "large-print PDF for readers with low vision"),),
        stylesheets=("base.css", "paged.css", "screen.css", "large-print.css"),
        templates=BOOK_TEMPLATES,
        default=False,
        forkable=True,
    ),
)

FINISHERS: tuple[Finisher, ...] = (
    Finisher(
        "jobticket",
        "pamphlet.finish.jobticket",
        (
            Output("{slug}-jobticket.txt", "job ticket for people"),
            Output("{slug}-jobticket.json", "job ticket for a shop's system"),
        ),
        after=("print", "booklet", "riso", "cover"),
    ),
)

NAMES: tuple[str, ...] = tuple(edition.name for edition in EDITIONS)
DEFAULT_EDITIONS: tuple[str, ...] = tuple(e.name for e in EDITIONS if e.default)
_BY_NAME = {edition.name: edition for edition in EDITIONS}


def edition(name: str) -> Edition:
    return _BY_NAME[name]


def edition_module(name: str) -> ModuleType:
    return importlib.import_module(_BY_NAME[name].module)


def available_editions() -> list[str]:
    """The editions of the registry whose module exists in this version."""
    return [e.name for e in EDITIONS if importlib.util.find_spec(e.module)]


def check_edition_names(names: list[str]) -> None:
    for name in names:
        if name not in _BY_NAME:
            raise SourceError(
                "--edition", None, f'unknown edition "{name}"', f"choose from: {', '.join(NAMES)}"
            )


def made_from(name: str) -> tuple[str, ...]:
    """The editions `name` is made from (not the shared layout)."""
    return tuple(used for used in _BY_NAME[name].uses if used in _BY_NAME)


def reads_styles(name: str) -> frozenset[str]:
    """Every stylesheet an edition depends on, itself or through what it is made from."""
    sheets = set(_BY_NAME[name].stylesheets)
    for used in _BY_NAME[name].uses:
        sheets |= set(SHARED[used].stylesheets) if used in SHARED else reads_styles(used)
    return frozenset(sheets)


def reads_templates(name: str) -> frozenset[str]:
    """The templates (file names, or folders such as "epub") an edition depends on."""
    names = set(_BY_NAME[name].templates)
    for used in _BY_NAME[name].uses:
        names |= set(SHARED[used].templates) if used in SHARED else reads_templates(used)
    return frozenset(names)


def editions_reading(stylesheet: str) -> frozenset[str]:
    """The editions a change to `stylesheet` affects."""
    return frozenset(name for name in NAMES if stylesheet in reads_styles(name))


def editions_reading_template(template: str) -> frozenset[str]:
    """The editions a change to the template `template` (a path under templates/) affects;
    every edition for a template no edition names (it may be included by any)."""
    first = template.split("/")[0]
    if first in AUTHORING_TEMPLATES:
        return frozenset()
    reading = frozenset(name for name in NAMES if first in reads_templates(name))
    return reading or frozenset(NAMES)


def in_build_order(names: list[str]) -> list[str]:
    """`names` without repeats, every edition after those it is made from."""
    wanted = list(dict.fromkeys(names))
    ordered: list[str] = []
    while len(ordered) < len(wanted):
        ready = [
            name
            for name in wanted
            if name not in ordered and all(u in ordered for u in made_from(name) if u in wanted)
        ]
        ordered.append(ready[0])
    return ordered


def finishers_after(names: list[str]) -> list[Finisher]:
    """The finishers to run once `names` are built."""
    return [f for f in FINISHERS if any(name in f.after for name in names)]


def outputs_of(slug: str, inks: Sequence[str] = ONE_INK) -> list[str]:
    """Every file name any edition or finisher of the registry writes for `slug`, printed in
    `inks`."""
    names = [name for e in EDITIONS for name in e.output_names(slug, inks)]
    return names + [name for f in FINISHERS for name in f.output_names(slug)]


def output_for_preflight(kind: str) -> Output:
    """The output that preflight checks as `kind` (print, booklet, office)."""
    return next(o for e in EDITIONS for o in e.outputs if o.preflight == kind)


def distributed() -> list[tuple[Edition, Output]]:
    """The outputs a distributor bundle carries, with their edition."""
    return [(e, o) for e in EDITIONS for o in e.outputs if o.onix_form]


def without_the_text(slug: str) -> set[str]:
    """Files of `slug` that do not carry the title's text (the cover wrap)."""
    return {o.name(slug) for e in EDITIONS for o in e.outputs if not o.the_text and not o.per_ink}
