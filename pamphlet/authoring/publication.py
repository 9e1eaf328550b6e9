"""The publication line of an export: where the text first appeared.

"The following article was published in Proletarian Revolution No. 69 (Winter 2004).",
"First printed in Socialist Voice No. 8", "Reprinted from Workers Power #283, March 2004",
"Publicado originalmente en Revolución Proletaria n.º 12 (invierno de 2005)", "Originalmente
publicado em Luta Operária 45": a phrase from the locales' `[import] published` lists (every
language: an English export may say where a Spanish text appeared), the periodical's name,
its number with or without "No.", and the issue's season or date in parentheses or after a
comma. A bare "From …" counts only at the start of a line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pamphlet.languages import known_languages, language

_MARKER = r"(?:No\.?|Nos?\.|Nº|N°|n\.\s?º|nº|núm\.?|número|n[úu]mero|Number|Issue|#)"
_ARTICLE = r"(?:the|el|la|los|las|o|a|os|as)"


@dataclass(frozen=True)
class Publication:
    name: str
    number: str = ""
    issue: str = ""


@cache
def _pattern() -> re.Pattern[str]:
    phrases = {p for code in known_languages() for p in language(code).published}
    anywhere = sorted((p for p in phrases if len(p.split()) > 1), key=len, reverse=True)
    alone = sorted((p for p in phrases if len(p.split()) == 1), key=len, reverse=True)
    escaped = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in anywhere)
    first = "|".join(re.escape(p) for p in alone)
    return re.compile(
        rf"^(?:(?:[^\s.]+\s+){{0,7}}?(?P<phrase>{escaped})|(?P<alone>{first}))\s+"
        rf"(?:(?-i:{_ARTICLE})\s+)?"
        r"(?P<name>[*_“\"«']?(?-i:[A-ZÁÉÍÓÚÑ0-9]).*?)[*_”\"»']?\s*,?\s*"
        rf"(?:(?P<marker>{_MARKER})\s*(?P<number>\d+[A-Za-z]?)|(?P<bare>\b\d{{1,4}}\b))?"
        r"\s*(?:\((?P<issue>[^)]+)\)|,\s*(?P<issue2>[^.]+?))?\s*[.:]?\s*$",
        re.IGNORECASE,
    )


def publication_line(text: str) -> Publication | None:
    """The periodical a line names as where the text appeared, or None."""
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > 240:
        return None
    match = _pattern().match(text)
    if not match or not match["name"]:
        return None
    name = match["name"].strip(" ,*_“”\"«»'")
    number = match["number"] or ""
    issue = (match["issue"] or match["issue2"] or "").strip()
    bare = match["bare"]
    if bare and not number:
        if len(bare) == 4 and 1800 <= int(bare) <= 2100:  # a year, not an issue number
            issue = f"{bare} {issue}".strip() if not issue else f"{issue} {bare}"
        else:
            number = bare
    if not re.search(r"[A-Za-zÁÉÍÓÚÑáéíóúñ]", name) or len(name.split()) > 8:
        return None
    if match["alone"] and not (number or issue):
        return None  # "From the mountains …": prose, not a publication line
    return Publication(name, number, issue)
