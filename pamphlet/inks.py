"""The inks of a print job and what each house colour prints as. The paged editions share one
layout in the screen colours (`styles/screen.css`); `styles/print.css` gives the same colour
names their print values (`--ink: device-cmyk(0 0 0 1);`), and the print edition recolours
the pages with the pairs (see pamphlet.pdf.recolour). Several screen colours may print as
one colour; one screen colour cannot print as two.
"""

from __future__ import annotations

import re

import tinycss2
from tinycss2.color3 import parse_color

from pamphlet.errors import SourceError
from pamphlet.pdf.recolour import ColourMap
from pamphlet.stylesheets import Sheet

_DEVICE_CMYK = re.compile(r"^device-cmyk\(\s*([^)]*)\)$", re.IGNORECASE)


def print_value(text: str) -> tuple[float, float, float, float] | None:
    """The CMYK of `device-cmyk(c m y k)` (numbers 0–1 or percentages), or None."""
    match = _DEVICE_CMYK.match(text.strip())
    if not match:
        return None
    parts = [p for p in re.split(r"[\s,/]+", match[1].strip()) if p]
    if len(parts) != 4:
        return None
    values = []
    for part in parts:
        try:
            value = float(part[:-1]) / 100 if part.endswith("%") else float(part)
        except ValueError:
            return None
        if not 0 <= value <= 1:
            return None
        values.append(value)
    return (values[0], values[1], values[2], values[3])


def screen_value(text: str) -> tuple[float, float, float] | None:
    """The RGB (0–1) of a CSS colour such as `#a5141c`, `rgb(…)` or `white`, or None."""
    tokens = [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]
    colour = parse_color(tokens[0]) if len(tokens) == 1 else None
    if colour is None or isinstance(colour, str) or colour.alpha < 1:
        return None
    return (colour.red, colour.green, colour.blue)


def colour_map(screen: Sheet, printed: Sheet) -> ColourMap:
    """The print value of each screen colour, from the names both sheets give values to."""
    on_screen = screen.colour_names()
    pairs: dict[tuple[float, float, float], tuple[str, tuple[float, float, float, float]]] = {}
    for name, (value, line) in printed.colour_names().items():
        cmyk = print_value(value)
        if cmyk is None:
            raise SourceError(
                printed.path,
                line,
                f'{name}: "{value}" is not a print colour',
                "write device-cmyk(c m y k) with values from 0 to 1, e.g. device-cmyk(0 0 0 1)",
            )
        if name not in on_screen:
            continue
        shown, screen_line = on_screen[name]
        rgb = screen_value(shown)
        if rgb is None:
            raise SourceError(
                screen.path,
                screen_line,
                f'{name}: "{shown}" is not a solid screen colour',
                "write a colour such as #1b1b1b or rgb(27 27 27), without transparency",
            )
        key = tuple(round(v, 4) for v in rgb)
        if key in pairs and pairs[key][1] != cmyk:
            raise SourceError(
                printed.path,
                line,
                f"{name} and {pairs[key][0]} are the same colour on screen ({shown}) but "
                "different colours in print; the pages are laid out once, in the screen "
                "colours, so the print edition cannot tell them apart",
                f"give {name} its own value in {screen.name}, or the same value here",
            )
        pairs[key] = (name, cmyk)  # type: ignore[index]
    return ColourMap(tuple((rgb, cmyk) for rgb, (_, cmyk) in pairs.items()))
