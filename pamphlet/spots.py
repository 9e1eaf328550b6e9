"""Spot inks a title may name without giving their colour: a small table of common Pantone
reds, blues and greens, and the alternate colour each spot carries in a print PDF.

A spot ink is mixed by the shop to match its name; the alternate is only what a screen, a
composite proof or a shop converting the job to process colours shows of it. PDF/X-1a wants
that alternate in DeviceCMYK. The table holds the sRGB values Pantone publishes for its
Solid Coated colours (Pantone's online colour finder, the values repeated in public brand
guides); pamphlet turns each into the CMYK alternate (1 − r, 1 − g, 1 − b, 0), so that a
viewer converting CMYK without a profile (MuPDF) shows the spot in exactly Pantone's screen
colour; one converting through a CMYK profile (Ghostscript, pdfium) shows it a little
lighter (186 C, #C8102E, as about #C7373F). An uncoated name ("PANTONE 186 U") is the same
ink and takes the same value. A manifest gives any other ink its alternate as
`device-cmyk(c m y k)`, `lab(L a b)` (CIE D50, turned into the CMYK above through sRGB) or
an sRGB colour such as `#f15060`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pamphlet.manifest.inks import PROCESS_INKS

CMYK = tuple[float, float, float, float]
BLACK = "black"

# Pantone Solid Coated colours (sRGB, as Pantone publishes them for screens)
PANTONE_SRGB = {
    # reds
    "Warm Red": "#F9423A",
    "Red 032": "#EF3340",
    "485": "#DA291C",
    "185": "#E4002B",
    "186": "#C8102E",
    "187": "#A6192E",
    "199": "#D50032",
    "1795": "#D22630",
    # blues
    "Reflex Blue": "#001489",
    "Blue 072": "#10069F",
    "286": "#0033A0",
    "293": "#003DA5",
    "300": "#005EB8",
    "2935": "#0057B8",
    "Process Blue": "#0085CA",
    # greens
    "347": "#009A44",
    "348": "#00843D",
    "355": "#009639",
    "356": "#007A33",
    "Green": "#00AB84",
}
_PANTONE = re.compile(r"^(?:pantone|pms)?\s*(.+?)\s*([cu])?$", re.IGNORECASE)
_BY_KEY = {name.lower(): name for name in PANTONE_SRGB}


def pantone(name: str) -> tuple[str, str] | None:
    """The canonical name ("PANTONE 186 C") and sRGB value of a Pantone colour of the table,
    written "PANTONE 186 C", "Pantone 186 U", "PMS 186" or "186 C"; None for another."""
    match = _PANTONE.match(" ".join(name.split()))
    if not match:
        return None
    key = _BY_KEY.get(match[1].lower())
    if key is None:
        return None
    suffix = (match[2] or "C").upper()
    return f"PANTONE {key} {suffix}", PANTONE_SRGB[key]


def cmyk_of_srgb(red: float, green: float, blue: float) -> CMYK:
    """The CMYK alternate that plain conversions show as this sRGB colour (0–1)."""
    return (round(1 - red, 4), round(1 - green, 4), round(1 - blue, 4), 0.0)


def srgb_of_hex(text: str) -> tuple[float, float, float]:
    """The sRGB (0–1) of a colour of the table, written "#C8102E"."""
    match = re.fullmatch(r"#([0-9a-fA-F]{6})", text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a colour like #C8102E')
    value = int(match[1], 16)
    return ((value >> 16) / 255, (value >> 8 & 255) / 255, (value & 255) / 255)


def srgb_of_lab(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    """CIE L*a*b* (D50, as print measures it) to sRGB (0–1, clipped), through XYZ and the
    Bradford adaptation to D65."""

    def f_inverse(t: float) -> float:
        return t**3 if t > 6 / 29 else 3 * (6 / 29) ** 2 * (t - 4 / 29)

    fy = (lightness + 16) / 116
    white = (0.96422, 1.0, 0.82521)
    x, y, z = (
        w * f_inverse(f) for w, f in zip(white, (fy + a / 500, fy, fy - b / 200), strict=True)
    )
    matrix = (  # D50 XYZ → linear sRGB (Bradford-adapted), from Lindbloom's tables
        (3.1338561, -1.6168667, -0.4906146),
        (-0.9787684, 1.9161415, 0.0334540),
        (0.0719453, -0.2289914, 1.4052427),
    )
    linear = [row[0] * x + row[1] * y + row[2] * z for row in matrix]

    def encode(v: float) -> float:
        v = min(1.0, max(0.0, v))
        return 12.92 * v if v <= 0.0031308 else 1.055 * v ** (1 / 2.4) - 0.055

    red, green, blue = (encode(v) for v in linear)
    return (red, green, blue)


def srgb_of_cmyk(cmyk: tuple[float, ...]) -> tuple[float, float, float]:
    """How plain conversions show a CMYK colour on screen (for previews of a plate)."""
    c, m, y, k = cmyk
    return ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


@dataclass(frozen=True)
class Ink:
    """An ink of the job: black, or a spot with the CMYK alternate that stands for it on
    screens and proofs, and where that alternate comes from."""

    name: str
    alternate: CMYK = (0.0, 0.0, 0.0, 1.0)
    source: str = "process"

    @property
    def spot(self) -> bool:
        return self.name != BLACK and self.name not in PROCESS_INKS

    @property
    def screen_rgb(self) -> tuple[float, float, float]:
        """How the ink looks on screen (0–1), for separation previews."""
        return srgb_of_cmyk(self.alternate)
