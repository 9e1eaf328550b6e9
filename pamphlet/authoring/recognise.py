"""What a paragraph of an export is: navigation, a heading, a dateline, a quotation that runs
on, a citation at a quotation's end, a slogan line. Each test reads one paragraph (and the
next), so the classifier can try them in order."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from pamphlet.authoring.exports import Unit
from pamphlet.languages import catalogue, known_languages
from pamphlet.sources.datelines import parse_dateline

QUOTE_OPENERS = '“«„"'
DASH_START = re.compile(r"^\s*(—|–|―|--?)\s*")
SLOGAN_SPLIT = re.compile(r"(?<=[!?])\s+(?=[¡¿\"“«]?[A-ZÁÉÍÓÚÑ0-9])")


def plain(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@cache
def navigation() -> re.Pattern[str]:
    """A line of a web page's navigation, in any language pamphlet knows
    (`[import] navigation…` in pamphlet/locales/)."""
    verbs, places, lines = set(), set(), set()
    for code in known_languages():
        found = catalogue(code).get("import", {})
        verbs |= set(found.get("navigation_verbs", ()))
        places |= set(found.get("navigation_places", ()))
        lines |= set(found.get("navigation", ()))

    def either(phrases: set[str]) -> str:
        ordered = sorted(phrases, key=len, reverse=True)
        return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)

    return re.compile(
        rf"^(?:(?:{either(verbs)})\s+(?:{either(places)})|{either(lines)})\b", re.IGNORECASE
    )


def is_navigation(unit: Unit) -> bool:
    text = plain(unit.text).strip()
    if unit.tag.startswith("h"):
        return False
    if unit.links >= 0.8 and len(text) < 160:
        return True
    items = [item.strip() for item in re.split(r"\s[|·•]\s", text)]
    if len(items) >= 2 and all(0 < len(item) <= 40 for item in items):
        return not re.search(r"[.!?]$", text)
    return bool(navigation().match(text)) and len(text) < 80


def is_heading_like(unit: Unit, following: Unit | None) -> bool:
    """A short line standing alone (not a sentence) followed by text: a heading."""
    if unit.tag.startswith("h"):
        return True
    if unit.tag != "p" or unit.quote or len(unit.lines) != 1 or unit.attached:
        return False
    text = plain(unit.text)
    if len(text) > 90 or len(text.split()) > 14 or re.search(r"[.,;:]$", text):
        return False
    if not re.match(r"^[\"“«¿¡(]?[A-ZÁÉÍÓÚÑ0-9]", text):
        return False
    return following is None or (not following.attached and following.blank_before > 0)


def is_dateline(unit: Unit, language: str) -> date | None:
    text = plain(unit.text)
    if len(unit.lines) != 1 or len(text) > 40 or unit.quote:
        return None
    return parse_dateline(text, language)


def opens_quotation(text: str) -> bool:
    """Whether a paragraph opens a quotation it does not close (so the next goes on)."""
    text = plain(text).strip()
    if not text or text[0] not in QUOTE_OPENERS:
        return False
    if text[0] == '"':
        return text.count('"') % 2 == 1
    closing = {"“": "”", "«": "»", "„": "“"}[text[0]]
    return text.count(text[0]) > text.count(closing)


def trailing_citation(text: str) -> tuple[str, str, bool] | None:
    """A citation in parentheses at the end of a quotation: (text before, citation, whether
    the parenthesis is closed). "… (COR). (Forrest Hylton, “…,” Bolivia Watch, Oct." gives
    the citation even though its parenthesis is never closed."""
    start = text.rfind("(")
    if start < 0:
        return None
    rest = text[start + 1 :]
    closed = re.fullmatch(r"([^()]*)\)\s*\.?\s*", rest)
    content = closed[1] if closed else (rest if ")" not in rest else None)
    if content is None:
        return None
    content = content.strip()
    before = text[:start].rstrip()
    if len(content) < 12 or "," not in content or not content[0].isupper() or not before:
        return None
    return before, content, bool(closed)


def split_slogans(line: str) -> list[str]:
    return [s.strip() for s in SLOGAN_SPLIT.split(line) if s.strip()]


def is_slogan_line(line: str) -> bool:
    text = plain(line)
    return len(text) <= 90 and not re.search(r"[.,;:]$", text)


def shorten(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
