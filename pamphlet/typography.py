"""Typographic refinements by language: quotation marks, dashes, ellipses, no-break spaces.

markdown-it's typographer turns straight quotes, "--" and "..." into their proper forms with
the quotation marks of the title's language (pamphlet/locales/); `refine` adds the rest (a
no-break space in "No. 69", unspaced em dashes in English).
"""

from __future__ import annotations

import re

from pamphlet.languages import language as language_data
from pamphlet.languages import primary_language

NBSP = "\u00a0"

ABBREVIATION_BEFORE_NUMBER = re.compile(
    r"\b((?:No|Nos|no|núm|Núm|p|pp|vol|Vol|art|Art)\.|Nº|[nN]\.º)[ ]+(?=\d)"
)
_SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
_SPACE_BEFORE_EM_DASH = re.compile(r"(?<=\w) ?— ?(?=\w)")


def quotes_for(tag: str) -> str:
    """Opening/closing double and single quotation marks, as markdown-it wants them."""
    return language_data(tag).quotes


def refine(text: str, language: str) -> str:
    """Apply the refinements markdown-it does not make to one run of text."""
    text = ABBREVIATION_BEFORE_NUMBER.sub(lambda m: f"{m[1]}{NBSP}", text)
    if primary_language(language) == "en":
        text = _SPACED_HYPHEN.sub("—", text)
        text = _SPACE_BEFORE_EM_DASH.sub("—", text)
    else:
        text = _SPACED_HYPHEN.sub(f"{NBSP}— ", text)
    return text
