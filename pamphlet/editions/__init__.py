"""The editions pamphlet makes, one module each, imported only when built.

Every edition module has `NAME`, `outputs(slug) -> list[str]` (the file names it writes into
`build/<slug>/`) and `build(context) -> list[Path]`.
"""

from __future__ import annotations

import importlib
import importlib.util
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


def available_editions() -> list[str]:
    """The editions of the registry whose module exists in this version."""
    return [name for name, module in MODULES.items() if importlib.util.find_spec(module)]
