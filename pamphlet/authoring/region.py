"""Which region's variety of a language an export is written in, from its spelling and its
dateline: "en-US" for "labor", "neighborhoods" and "November 28, 2003"; "en-GB" for
"labour" and "28 November 2003". The tag chooses the hyphenation patterns, so it matters.
The spellings are language data (`[regions]` in pamphlet/locales/<language>.toml)."""

from __future__ import annotations

import re

from pamphlet.languages import catalogue, primary_language

DECISIVE = 2  # one region's spellings must outnumber the other's by this much


def guess_region(text: str, language: str, dateline: str = "") -> tuple[str, str]:
    """(the language tag, why): the tag is `language` itself when nothing decides."""
    code = primary_language(language)
    regions: dict[str, list[str]] = catalogue(code).get("regions", {})
    if not regions:
        return language, ""
    words = re.findall(r"[^\W\d_]+", text.lower())
    found = {
        region: [w for w in words if w in set(spellings)] for region, spellings in regions.items()
    }
    counts = {region: len(hits) for region, hits in found.items()}
    if code == "en" and dateline:
        if re.match(r"^\s*[A-Z][a-z]+\.? \d{1,2},? \d{4}", dateline):
            counts["US"] = counts.get("US", 0) + DECISIVE
        elif re.match(r"^\s*\d{1,2} [A-Z][a-z]+\.? \d{4}", dateline):
            counts["GB"] = counts.get("GB", 0) + DECISIVE
    ranked = sorted(counts, key=lambda region: counts[region], reverse=True)
    best, second = ranked[0], ranked[1] if len(ranked) > 1 else None
    if counts[best] - (counts[second] if second else 0) < DECISIVE:
        return code, _reason(found, dateline, decided=False)
    return f"{code}-{best}", _reason(found, dateline, decided=True)


def _reason(found: dict[str, list[str]], dateline: str, decided: bool) -> str:
    parts = []
    for region, hits in found.items():
        if hits:
            shown = ", ".join(sorted(set(hits))[:4])
            parts.append(f"{len(hits)} {region} spelling(s): {shown}")
        else:
            parts.append(f"no {region} spellings")
    if dateline:
        parts.append(f'dateline "{dateline}"')
    text = "; ".join(parts)
    return text if decided else f"{text}: not decisive, so no region"
