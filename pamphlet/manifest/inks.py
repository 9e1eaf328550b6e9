"""The `[print]` keys that name a job's inks: `inks` (black first, then spot or process inks),
`alternates` (the colour a spot ink shows as, when the package's table does not know it) and
`image_inks` (what pictures print in). Their colours are worked out at build time, by
pamphlet.inks."""

from __future__ import annotations

from typing import Any

IMAGE_INKS = ("black", "spot", "duotone")
PROCESS_INKS = ("cyan", "magenta", "yellow")  # may be declared beside black for process work
_RESERVED_INKS = ("all", "none")  # names a PDF separation may not take

FIXES = {
    "inks": 'write inks = ["black"] or inks = ["black", "PANTONE 186 C"]',
    "alternates": 'write "Riso Red" = "device-cmyk(0 0.9 0.75 0)" or = "lab(52 68 45)"',
    "image_inks": f"use one of: {', '.join(IMAGE_INKS)}",
}


def inks(value: list) -> tuple[Any, str | None]:
    names = [" ".join(name.split()) if isinstance(name, str) else name for name in value]
    if not names or not all(isinstance(name, str) and name for name in names):
        return value, "is not a list of ink names"
    names = [name.lower() if name.lower() in PROCESS_INKS else name for name in names]
    if names[0].lower() != "black":
        return value, 'must begin with "black" (the text ink), then the other inks'
    lowered = [name.lower() for name in names]
    for name in names[1:]:
        if name.lower() in ("black", *_RESERVED_INKS):
            return (
                value,
                f'"{name}" cannot be a second ink (black is first; All and None are reserved)',
            )
        if lowered.count(name.lower()) > 1:
            return value, f'"{name}" is listed twice'
    return ("black", *names[1:]), None


def alternates(value: dict) -> tuple[Any, str | None]:
    for name, alternate in value.items():
        if not isinstance(alternate, str) or not alternate.strip():
            return value, f'the alternate of "{name}" is not a colour in quotes'
    return tuple((" ".join(name.split()), text.strip()) for name, text in value.items()), None


def spot_inks(values: dict) -> list[str]:
    """The spot inks among a `[print]` table's `inks`."""
    return [ink for ink in values.get("inks", ())[1:] if ink not in PROCESS_INKS]
