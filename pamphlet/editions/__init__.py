"""The editions pamphlet makes, one module each, imported only when built.

Every edition module has `NAME`, `outputs(slug) -> list[str]` (the file names it writes into
`build/<slug>/`) and `build(context) -> list[Path]`.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from pamphlet.errors import SourceError

MODULES = {
    "screen": "pamphlet.editions.screen",
    "print": "pamphlet.editions.print_pdf",
    "booklet": "pamphlet.editions.booklet",
    "epub": "pamphlet.editions.epub",
    "html": "pamphlet.editions.web",
}


# What each edition is made from: the booklet is imposed from the print PDF; the EPUB takes
# its page list from the print layout and its cover picture from the screen PDF's cover.
USES = {"booklet": ("print",), "epub": ("print", "screen")}

# The stylesheets each edition reads itself.
OWN_STYLES = {
    "screen": ("base.css", "paged.css", "screen.css"),
    "print": ("base.css", "paged.css", "print.css"),
    "epub": ("base.css", "epub.css"),
    "html": ("base.css", "html.css"),
}


def reads_styles(edition: str) -> frozenset[str]:
    """Every stylesheet an edition depends on, itself or through what it is made from."""
    sheets = set(OWN_STYLES.get(edition, ()))
    for used in USES.get(edition, ()):
        sheets |= reads_styles(used)
    return frozenset(sheets)


def in_build_order(names: list[str]) -> list[str]:
    """`names` with every edition after those it is made from (USES), otherwise as given;
    each once."""
    names = list(dict.fromkeys(names))
    ordered: list[str] = []
    while len(ordered) < len(names):
        for name in names:
            uses = [used for used in USES.get(name, ()) if used in names]
            if name not in ordered and all(used in ordered for used in uses):
                ordered.append(name)
                break
    return ordered


def editions_reading(stylesheet: str) -> frozenset[str]:
    """The editions a change to `stylesheet` affects (all of them for any other file)."""
    if not stylesheet.endswith(".css"):
        return frozenset(MODULES)
    return frozenset(name for name in MODULES if stylesheet in reads_styles(name))


def check_edition_names(names: list[str]) -> None:
    for name in names:
        if name not in MODULES:
            raise SourceError(
                "--edition",
                None,
                f'unknown edition "{name}"',
                f"choose from: {', '.join(MODULES)}",
            )


def edition_module(name: str) -> ModuleType:
    return importlib.import_module(MODULES[name])


def available_editions() -> list[str]:
    """The editions of the registry whose module exists in this version."""
    return [name for name, module in MODULES.items() if importlib.util.find_spec(module)]
