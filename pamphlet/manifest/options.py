"""The manifest's tables: which keys each one allows, how each is checked, and what to do when
one is wrong; the editions, roles and printing options they choose from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pamphlet.manifest import binding as binding_keys
from pamphlet.manifest import fields
from pamphlet.manifest import inks as ink_keys
from pamphlet.manifest.editorial import FIXES as EDITORIAL_FIXES
from pamphlet.manifest.fields import Field
from pamphlet.registry import NAMES
from pamphlet.units import Size

ROLES = ("foreword", "article", "appendix", "slogans", "afterword")
EDITIONS = NAMES  # the registry's: an edition is declared in one place
DEFAULT_TRIM = "5.5in x 8.5in"

# Printing conditions registered with the ICC (https://www.color.org/registry), which a
# PDF/X OutputIntent may name without embedding a profile: reference name → description.
OUTPUT_CONDITIONS = {
    "CGATS TR 001": "SWOP (publication) offset printing in the USA",
    "FOGRA39": "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper types 1 and 2)",
    "FOGRA29": "Offset printing, ISO 12647-2:2004, uncoated white paper (paper type 4)",
    "FOGRA51": "Offset printing, ISO 12647-2:2013, premium coated paper (PSO Coated v3)",
    "FOGRA52": "Offset printing, ISO 12647-2:2013, wood-free uncoated paper (PSO Uncoated v3)",
}
BACK_COVERS = ("slogans", "publisher", "blank")


@dataclass(frozen=True)
class PrintOptions:
    """What the print shop needs to know: bleed, output condition, page budget, back cover,
    the booklet's sheet and paper. Lengths are in points."""

    bleed: float = 9.0
    output_condition: str = "CGATS TR 001"
    output_profile: str = ""
    page_budget: int | None = None
    back_cover: str = ""  # "" = the slogans if the title has a slogans part, else publisher
    registration_marks: bool = False
    sheet: Size | None = None
    paper_thickness: float = 0.1 * 72 / 25.4
    paper: str = "60 lb (90 g/m²) uncoated offset text, self-cover"
    inks: tuple[str, ...] = ("black",)  # the job's inks: black, then any spot inks
    alternates: tuple[tuple[str, str], ...] = ()  # spot ink → its CMYK or Lab alternate
    image_inks: str = "black"  # what images print in: black, spot or duotone
    # the binding and the cover (pamphlet/binding.py, pamphlet/paper.py)
    binding: str = "saddle"
    saddle_max_pages: int = 48
    signature: int | None = None
    paper_stock: str = ""
    paper_caliper: float | None = None
    cover_stock: str = ""
    cover_allowance: float = 0.0
    price_code: str = ""


@dataclass(frozen=True)
class EpubOptions:
    """EPUB-only metadata: who certified its accessibility, and the e-mail address that
    answers questions about it (the ONIX record's publisher contact, code list 196/99)."""

    certified_by: str = ""
    accessibility_contact: str = ""


def _editions(value: list) -> tuple[Any, str | None]:
    for name in value:
        if name not in EDITIONS:
            return value, f'unknown edition "{name}"'
    return tuple(dict.fromkeys(value)), None  # an edition named twice is built once


TOP = {
    "title": Field(str, True, fields.not_blank, 'title = "Bolivia’s Unfinished Revolution"'),
    "subtitle": Field(str),
    "author": Field(str, True, fields.not_blank, 'author = "League for the Revolutionary Party"'),
    "publisher": Field(str, True, fields.not_blank, 'publisher = "SV Publishing"'),
    "language": Field(str, True, fields.language, 'language = "en-US"'),
    "date": Field(date, True, fields.a_date, "date = 2003-11-28"),
    "description": Field(str, True, fields.not_blank, 'description = "One or two sentences."'),
    "subjects": Field(list),
    "rights": Field(str, True, fields.not_blank, 'rights = "© 2004 The Publisher"'),
    "isbn": Field(str, False, fields.isbn),
    "edition": Field(str),
    "version": Field(str),
    "trim": Field(str, False, fields.trim, 'trim = "5.5in x 8.5in"'),
    "quotes": Field(str, False, fields.quotes, 'quotes = "«»“”"'),
    "editions": Field(list, False, _editions),
    "series": Field(dict),
    "cover": Field(dict),
    "print": Field(dict),
    "epub": Field(dict),
    "parts": Field(list, False, None, '[[parts]] with file = "article.md" and role = "article"'),
    "titles": Field(list, False, None, '[[titles]] with slug = "bolivias-unfinished-revolution"'),
    "draft": Field(bool, False, None, "draft = true"),
    "proof": Field(dict),
    "lint": Field(dict),
    "order": Field(dict),
}
SERIES = {
    "name": Field(str, True, fields.not_blank, 'name = "Proletarian Revolution"'),
    "number": Field((str, int)),
    "issue": Field(str),
}
COVER = {"slogan": Field(str)}
PRINT = {
    "bleed": Field(str, False, fields.bleed, 'bleed = "0.125in"'),
    "output_condition": Field(str, False, fields.not_blank, 'output_condition = "FOGRA39"'),
    "output_profile": Field(str, False, fields.not_blank, 'output_profile = "shop-cmyk.icc"'),
    "page_budget": Field(int, False, fields.positive, "page_budget = 24"),
    "back_cover": Field(str, False, fields.one_of(BACK_COVERS), 'back_cover = "slogans"'),
    "registration_marks": Field(bool, False, None, "registration_marks = true"),
    "sheet": Field(str, False, fields.sheet, 'sheet = "11in x 17in"'),
    "paper_thickness": Field(str, False, fields.paper_thickness, 'paper_thickness = "0.1mm"'),
    "paper": Field(str, False, fields.not_blank, 'paper = "70 lb uncoated text"'),
    "inks": Field(list, False, ink_keys.inks, 'inks = ["black", "PANTONE 186 C"]'),
    "alternates": Field(
        dict, False, ink_keys.alternates, '"Riso Red" = "device-cmyk(0 0.9 0.75 0)"'
    ),
    "image_inks": Field(str, False, fields.one_of(ink_keys.IMAGE_INKS), 'image_inks = "duotone"'),
    **{key: Field(*spec) for key, spec in binding_keys.PRINT_KEYS.items()},
}
EPUB = {
    "certified_by": Field(str),
    "accessibility_contact": Field(
        str, False, fields.email, 'accessibility_contact = "access@example.org"'
    ),
}
PART = {
    "file": Field(str, True, None, 'file = "article.md"'),
    "role": Field(str, True, fields.one_of(ROLES), 'role = "article"'),
    "id": Field(str),
    "title": Field(str),
}


def fix_for(key: str) -> str:
    """What to do about a wrong value of `key`."""
    return {
        "language": 'use a tag such as "en", "en-US" or "es-419"',
        "date": "write the date alone (2003-11-28) or give the offset (2003-11-28T10:00:00Z)",
        "isbn": "check the ISBN against the publisher's records",
        "trim": 'write a size such as "5.5in x 8.5in", "148mm x 210mm" or "A5"',
        "bleed": 'write a length such as "0.125in" or "3mm"',
        "paper_thickness": 'write a length such as "0.1mm"',
        "sheet": 'write a size such as "11in x 17in" or "A3"',
        "output_condition": (
            f"name a registered condition ({', '.join(OUTPUT_CONDITIONS)}) "
            "or give the shop's profile as output_profile"
        ),
        "back_cover": f"use one of: {', '.join(BACK_COVERS)}",
        **ink_keys.FIXES,
        **binding_keys.FIXES,
        "role": f"use one of: {', '.join(ROLES)}",
        "editions": f"use names from: {', '.join(EDITIONS)}",
        "quotes": 'write the opening and closing double, then single marks: "«»“”" or "“”‘’"',
        **EDITORIAL_FIXES,
    }.get(key, "correct the value")
