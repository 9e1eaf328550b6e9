"""The inks of a print job and what each house colour prints as. The paged editions share one
layout in the screen colours (`styles/screen.css`); `styles/print.css` gives the same colour
names their print values, and the print edition recolours the pages with the pairs (see
pamphlet.pdf.recolour). Several screen colours may print as one colour; one screen colour
cannot print as two.

A job prints in black alone (the default) or in black and spot inks (manifest `[print] inks
= ["black", "PANTONE 186 C"]`). A print value says which ink and at what tint:

    --ink: ink(black);             solid black
    --rule: ink(black 40%);        a 40 % screen of black for rules and areas
    --accent: ink(spot);           the job's (first) spot ink, solid
    --tint: ink(spot 30%);         a 30 % screen of it
    --other: ink("PANTONE 286 C"); a spot ink by name, when a job has several
    --cover-band-text: paper;      no ink: the paper shows

Text is always printed solid in its ink: a tint (`ink(black 60%)`) screens rules and areas,
never type, which small sizes would break into dots. In a job without the spot ink a colour
printed in it prints in black at the same tint, so one print.css serves one- and two-ink
titles. `device-cmyk(c m y k)` (the older form) is a process colour: only the process inks
the job declares may be used in it (black, unless `inks` names cyan, magenta or yellow).
"""

from __future__ import annotations

import re

import tinycss2
from tinycss2.color3 import parse_color

from pamphlet.errors import SourceError
from pamphlet.manifest import Manifest, line_of
from pamphlet.manifest.inks import PROCESS_INKS
from pamphlet.pdf.recolour import ColourMap, Printed
from pamphlet.spots import (
    BLACK,
    CMYK,
    Ink,
    cmyk_of_srgb,
    pantone,
    srgb_of_hex,
    srgb_of_lab,
)
from pamphlet.stylesheets import Sheet

PROCESS_CMYK: dict[str, CMYK] = dict(
    zip(PROCESS_INKS, ((1.0, 0, 0, 0), (0, 1.0, 0, 0), (0, 0, 1.0, 0)), strict=True)
)
_DEVICE_CMYK = re.compile(r"^device-cmyk\(\s*([^)]*)\)$", re.IGNORECASE)
_LAB = re.compile(r"^lab\(\s*([^)]*)\)$", re.IGNORECASE)
INK_VALUE_HELP = (
    "write ink(black), ink(black 40%), ink(spot), ink(spot 30%) or paper "
    "(or device-cmyk(c m y k) with values from 0 to 1)"
)


def ink_names(manifest: Manifest) -> tuple[str, ...]:
    """The names of the job's inks as files and plates name them ("PMS 186" is "PANTONE 186
    C"), without checking their colours."""
    return tuple(
        name if name in PROCESS_INKS else (pantone(name) or (name,))[0]
        for name in manifest.print.inks
    )


def job_inks(manifest: Manifest) -> tuple[Ink, ...]:
    """The job's inks from `[print] inks`: black, then each spot with its alternate from
    `[print.alternates]` or pamphlet's table (pamphlet.spots)."""
    options = manifest.print
    given = dict(options.alternates)
    inks = [Ink(BLACK)]
    for name in options.inks[1:]:
        known = pantone(name)
        if name in PROCESS_INKS:
            inks.append(Ink(name, PROCESS_CMYK[name]))
        elif name in given:
            where = _alternate_line(manifest, name)
            inks.append(Ink(name, _alternate(given[name], manifest, where), "the manifest"))
        elif known:
            inks.append(Ink(known[0], cmyk_of_srgb(*srgb_of_hex(known[1])), "pamphlet's table"))
        else:
            raise SourceError(
                manifest.path,
                line_of(manifest, "inks", "print"),
                f'the ink "{name}" is not in pamphlet\'s table of spot inks',
                f'give its alternate colour under [print.alternates]: "{name}" = '
                '"device-cmyk(0 0.9 0.75 0)" or "lab(52 68 45)"',
            )
    for name, _ in options.alternates:
        if name not in options.inks:
            raise SourceError(
                manifest.path,
                _alternate_line(manifest, name),
                f'[print.alternates] names "{name}", which is not one of the inks',
                "add it to inks, or remove its alternate",
            )
    return tuple(inks)


def _alternate_line(manifest: Manifest, name: str) -> int | None:
    """The line of a spot's alternate: in [print.alternates], or the inline table's line."""
    line = line_of(manifest, name, "print.alternates")
    return line or line_of(manifest, "alternates", "print")


def _alternate(text: str, manifest: Manifest, line: int | None) -> CMYK:
    cmyk = print_value(text)
    if cmyk is not None:
        return cmyk
    match = _LAB.match(text.strip())
    numbers = _numbers(match[1]) if match else None
    if numbers and len(numbers) == 3 and 0 <= numbers[0] <= 100:
        return cmyk_of_srgb(*srgb_of_lab(*numbers))
    rgb = screen_value(text)
    if rgb is not None:
        return cmyk_of_srgb(*rgb)
    raise SourceError(
        manifest.path,
        line,
        f'"{text}" is not an alternate colour',
        'write "device-cmyk(0 0.9 0.75 0)", "lab(52 68 45)" or an sRGB colour like "#c8102e"',
    )


def _numbers(text: str) -> list[float] | None:
    try:
        return [float(part) for part in re.split(r"[\s,/]+", text.strip()) if part]
    except ValueError:
        return None


def print_value(text: str) -> CMYK | None:
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


def ink_value(text: str) -> tuple[str, float] | None:
    """The ink and tint of `ink(black)`, `ink(spot 30%)`, `ink("PANTONE 286 C" 0.5)` or
    `paper` (ink "", tint 0); None for anything else."""
    tokens = [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]
    if len(tokens) == 1 and tokens[0].type == "ident" and tokens[0].lower_value == "paper":
        return ("", 0.0)
    if len(tokens) != 1 or tokens[0].type != "function" or tokens[0].lower_name != "ink":
        return None
    arguments = [t for t in tokens[0].arguments if t.type not in ("whitespace", "comment")]
    if not 1 <= len(arguments) <= 2 or arguments[0].type not in ("ident", "string"):
        return None
    name = arguments[0].value
    tint = 1.0
    if len(arguments) == 2:
        amount = arguments[1]
        if amount.type == "percentage":
            tint = amount.value / 100
        elif amount.type == "number":
            tint = amount.value
        else:
            return None
    if not 0 <= tint <= 1 or not name.strip():
        return None
    return (name.strip(), round(tint, 4))


def screen_value(text: str) -> tuple[float, float, float] | None:
    """The RGB (0–1) of a CSS colour such as `#a5141c`, `rgb(…)` or `white`, or None."""
    tokens = [t for t in tinycss2.parse_component_value_list(text) if t.type != "whitespace"]
    colour = parse_color(tokens[0]) if len(tokens) == 1 else None
    if colour is None or isinstance(colour, str) or colour.alpha < 1:
        return None
    return (colour.red, colour.green, colour.blue)


def printed_as(text: str, inks: tuple[Ink, ...]) -> Printed | str:
    """What a print value prints as in a job with `inks`, or why it cannot be printed."""
    cmyk = print_value(text)
    if cmyk is not None:
        declared = {ink.name for ink in inks}
        missing = [n for n, v in zip(PROCESS_INKS, cmyk, strict=False) if v and n not in declared]
        if missing:
            return (
                f'"{text}" prints in {" and ".join(missing)}; this job prints in '
                f"{' + '.join(ink.name for ink in inks)} only"
            )
        return Printed(cmyk)
    value = ink_value(text)
    if value is None:
        return f'"{text}" is not a print colour'
    name, tint = value
    if not name:
        return Printed((0.0, 0.0, 0.0, 0.0))
    spots = [ink for ink in inks if ink.spot]
    if name.lower() == BLACK:
        return Printed((0.0, 0.0, 0.0, tint), solid_text=True)
    if name.lower() in PROCESS_INKS:
        if name.lower() in {ink.name for ink in inks}:
            process = PROCESS_CMYK[name.lower()]
            return Printed(tuple(v * tint for v in process), solid_text=True)
        if len(inks) > 1:
            return f'"{text}" names an ink this job does not print in'
        return Printed((0.0, 0.0, 0.0, tint), solid_text=True)
    if name.lower() == "spot":
        spot = spots[0] if spots else None
    else:
        canonical = (pantone(name) or (name,))[0]
        spot = next((ink for ink in spots if ink.name in (name, canonical)), None)
        if spot is None and spots:
            return f'"{text}" names an ink this job does not print in'
    if spot is None:  # a job in black alone: the spot's colours print in black
        return Printed((0.0, 0.0, 0.0, tint), solid_text=True)
    return Printed((tint,), spot.name, solid_text=True)


def colour_map(screen: Sheet, printed: Sheet, inks: tuple[Ink, ...] = (Ink(BLACK),)) -> ColourMap:
    """The print value of each screen colour, from the names both sheets give values to."""
    on_screen = screen.colour_names()
    pairs: dict[tuple[float, float, float], tuple[str, Printed]] = {}
    for name, (value, line) in printed.colour_names().items():
        colour = printed_as(value, inks)
        if isinstance(colour, str):
            raise SourceError(printed.path, line, f"{name}: {colour}", INK_VALUE_HELP)
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
        red, green, blue = (round(v, 4) for v in rgb)
        key = (red, green, blue)
        if key in pairs and pairs[key][1] != colour:
            raise SourceError(
                printed.path,
                line,
                f"{name} and {pairs[key][0]} are the same colour on screen ({shown}) but "
                "different colours in print; the pages are laid out once, in the screen "
                "colours, so the print edition cannot tell them apart",
                f"give {name} its own value in {screen.name}, or the same value here",
            )
        pairs[key] = (name, colour)
    return ColourMap(tuple((rgb, colour) for rgb, (_, colour) in pairs.items()))


def unused_spots(colours: ColourMap, inks: tuple[Ink, ...]) -> list[Ink]:
    """The spot inks of the job that no house colour prints in."""
    used = {printed.ink for _, printed in colours.exact}
    return [ink for ink in inks if ink.spot and ink.name not in used]
