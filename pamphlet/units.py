"""Lengths and paper sizes as editors and print shops write them ("0.125in", "3mm", "A5")."""

from __future__ import annotations

import re
from dataclasses import dataclass

POINTS_PER_UNIT = {"pt": 1.0, "in": 72.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "pc": 12.0}

NAMED_SIZES = {
    "a3": (297 * 72 / 25.4, 420 * 72 / 25.4),
    "sra3": (320 * 72 / 25.4, 450 * 72 / 25.4),
    "a4": (210 * 72 / 25.4, 297 * 72 / 25.4),
    "a5": (148 * 72 / 25.4, 210 * 72 / 25.4),
    "a6": (105 * 72 / 25.4, 148 * 72 / 25.4),
    "letter": (612.0, 792.0),
    "half-letter": (396.0, 612.0),
    "digest": (396.0, 612.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
}

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(pt|in|mm|cm|pc)\s*$")
_SIZE = re.compile(r"^\s*(.+?)\s*[x×]\s*(.+?)\s*$", re.IGNORECASE)


def parse_length(text: str) -> float | None:
    """Points in a length such as "0.125in" or "3 mm"; None when it is not a length."""
    match = _LENGTH.match(text.lower())
    if not match:
        return None
    return float(match[1]) * POINTS_PER_UNIT[match[2]]


@dataclass(frozen=True)
class Size:
    """A page or sheet size in points, with the name the editor gave it."""

    name: str
    width: float
    height: float

    @property
    def css(self) -> str:
        return f"{self.width:g}pt {self.height:g}pt"

    @property
    def inches(self) -> str:
        return f"{self.width / 72:g} × {self.height / 72:g} in"

    @property
    def millimetres(self) -> str:
        return f"{self.width * 25.4 / 72:.0f} × {self.height * 25.4 / 72:.0f} mm"

    def landscape(self) -> Size:
        return Size(self.name, max(self.width, self.height), min(self.width, self.height))

    @property
    def metric(self) -> bool:
        """Whether the size was given in metric terms (A5, "148mm x 210mm"): a title of such
        a trim is printed on ISO paper (A4, A3), others on US paper (Letter, Tabloid)."""
        name = self.name.lower()
        return "mm" in name or "cm" in name or name.startswith(("a", "sra"))


def parse_size(text: str) -> Size | None:
    """A size such as "5.5in x 8.5in", "148mm x 210mm" or "A5"; None when it is not one."""
    named = NAMED_SIZES.get(text.strip().lower())
    if named:
        return Size(text.strip(), *named)
    match = _SIZE.match(text)
    if not match:
        return None
    width, height = parse_length(match[1]), parse_length(match[2])
    if not width or not height:
        return None
    return Size(text.strip(), width, height)


def known_size(text: str) -> Size:
    """A size the program names itself (a default trim, a standard sheet): always one."""
    size = parse_size(text)
    if size is None:
        raise ValueError(f'"{text}" is not a size')
    return size
