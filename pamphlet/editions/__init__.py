"""The editions pamphlet makes, one module each, imported only when built.

Every edition module has `NAME`, `outputs(slug) -> list[str]` (the file names it writes into
`build/<slug>/`) and `build(context) -> list[Path]`.
"""

from __future__ import annotations

import importlib
from types import ModuleType

MODULES = {
    "screen": "pamphlet.editions.screen",
    "print": "pamphlet.editions.print_pdf",
    "booklet": "pamphlet.editions.booklet",
    "epub": "pamphlet.editions.epub",
    "html": "pamphlet.editions.web",
}


def edition_module(name: str) -> ModuleType:
    return importlib.import_module(MODULES[name])
