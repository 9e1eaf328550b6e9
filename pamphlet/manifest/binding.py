"""The `[print]` keys of the binding and the cover, with their checks: binding,
saddle_max_pages, signature, paper_stock, paper_caliper, cover_stock, cover_allowance and
price_code. Also which editions a title builds by default
for its binding (a perfect-bound job has a cover wrap and no booklets)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pamphlet.binding import BINDING_CHOICES
from pamphlet.manifest.fields import Check
from pamphlet.paper import PAPERS, parse_caliper
from pamphlet.units import parse_length


def _binding(value: str) -> tuple[Any, str | None]:
    if value in BINDING_CHOICES:
        return value, None
    return value, f'"{value}" is not one of {", ".join(BINDING_CHOICES)}'


def _page_limit(value: int) -> tuple[Any, str | None]:
    if value >= 8 and value % 4 == 0:
        return value, None
    return value, "must be a multiple of 4, at least 8 (a saddle-stitched copy's pages)"


def _signature(value: int) -> tuple[Any, str | None]:
    if 2 <= value <= 64 and value % 2 == 0:
        return value, None
    return value, "must be an even number of pages from 2 to 64 (usually 8, 16 or 32)"


def _paper_stock(value: str) -> tuple[Any, str | None]:
    name = value.strip().lower()
    if name in PAPERS:
        return name, None
    guess = difflib.get_close_matches(name, PAPERS, n=1, cutoff=0.6)
    hint = f' (did you mean "{guess[0]}"?)' if guess else ""
    return value, f'"{value}" is not a paper pamphlet knows{hint}'


def _paper_caliper(value: str) -> tuple[Any, str | None]:
    points = parse_caliper(value)
    if points is None:
        return value, f'"{value}" is not a paper thickness between 20 and 500 µm'
    return points, None


def _allowance(value: str) -> tuple[Any, str | None]:
    points = parse_length(value)
    if points is None or points > 18:
        return value, f'"{value}" is not a length up to 0.25in'
    return points, None


def _price_code(value: str) -> tuple[Any, str | None]:
    if re.fullmatch(r"\d{5}", value.strip()):
        return value.strip(), None
    return value, f'"{value}" is not a 5-digit price code'


def _text(value: str) -> tuple[Any, str | None]:
    return (value.strip(), None) if value.strip() else (value, "is empty")


# key: (type, required, check, example), as the manifest's Field takes them
PRINT_KEYS: dict[str, tuple[type, bool, Check, str]] = {  # a Field's arguments
    "binding": (str, False, _binding, 'binding = "perfect"'),
    "saddle_max_pages": (int, False, _page_limit, "saddle_max_pages = 48"),
    "signature": (int, False, _signature, "signature = 16"),
    "paper_stock": (str, False, _paper_stock, 'paper_stock = "kdp-white"'),
    "paper_caliper": (str, False, _paper_caliper, 'paper_caliper = "0.1mm"'),
    "cover_stock": (str, False, _text, 'cover_stock = "10 pt C1S cover"'),
    "cover_allowance": (str, False, _allowance, 'cover_allowance = "0.5mm"'),
    "price_code": (str, False, _price_code, 'price_code = "51295"'),
}

FIXES = {
    "binding": f"use one of: {', '.join(BINDING_CHOICES)}",
    "saddle_max_pages": "write a number such as 48",
    "signature": "write the pages of one folded section, such as 16",
    "paper_stock": f"use one of: {', '.join(PAPERS)}; or give paper_caliper",
    "paper_caliper": 'write the shop\'s figure: "0.1mm", "96um", "0.0045in" or "444ppi"',
    "cover_allowance": 'write a length such as "0.5mm"',
    "price_code": 'write the EAN-5 price add-on, such as "51295" (US$12.95) or "90000" (no price)',
    "cover_stock": 'describe the cover paper, such as "10 pt C1S cover"',
}


def default_editions(options: Any, defaults: tuple[str, ...]) -> tuple[str, ...]:
    """The editions a title builds when its manifest names none (`defaults`, for a
    self-covered pamphlet): the booklets only where the copy may be saddle-stitched, the cover
    wrap where the cover may be separate."""
    editions = list(defaults)
    if options.binding == "perfect":
        editions.remove("booklet")
    if options.binding != "saddle" or options.cover_stock:
        editions.insert(editions.index("print") + 1, "cover")
    return tuple(editions)


def check_choices(reader: Any, options: Any, top: dict, editions: tuple[str, ...]) -> None:
    """What the keys mean together: a price add-on needs an ISBN; booklets need a saddle
    stitch; a cover wrap needs a cover apart from the text."""
    if options.price_code and not top.get("isbn"):
        raise reader.fail(
            "a price code is printed beside the ISBN's barcode, but the title has no ISBN",
            "add isbn = to the manifest, or remove price_code",
            "price_code",
            "print",
        )
    if options.binding == "perfect" and "booklet" in editions:
        raise reader.fail(
            "the booklets are imposed for saddle stitching; a perfect-bound job has none",
            'remove "booklet" from editions, or set binding = "saddle" in [print]',
            "editions",
        )
    if options.binding == "saddle" and not options.cover_stock and "cover" in editions:
        raise reader.fail(
            "the cover edition is a separate cover, but this saddle-stitched job is self-covered",
            'set cover_stock in [print] for a separate cover, or binding = "perfect"; or '
            'remove "cover" from editions',
            "editions",
        )
