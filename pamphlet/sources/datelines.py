"""The date a dateline gives ("November 28, 2003", "28 de noviembre de 2003"), read with the
month names of the title's language (pamphlet/locales/) and of English."""

from __future__ import annotations

import re
from datetime import date

from pamphlet.languages import language as language_data


def month_names(tag: str) -> dict[str, int]:
    """Full month names a dateline may use, lowercase → month number: the language's own,
    then English (a Spanish title may quote an English date)."""
    names: dict[str, int] = {}
    for data in (language_data(tag), language_data("en")):
        for number, name in enumerate(data.months, start=1):
            names.setdefault(name.lower(), number)
        for variant, name in data.month_variants.items():
            names.setdefault(variant.lower(), data.months.index(name) + 1)
    return names


def parse_dateline(text: str, language: str) -> date | None:
    """The date written in a dateline ("November 28, 2003", "28 de noviembre de 2003")."""
    months = month_names(language)
    lowered = text.lower()
    for name in months:
        if name in lowered:
            numbers = re.findall(r"\d+", lowered)
            day = next((int(n) for n in numbers if len(n) <= 2), None)
            year = next((int(n) for n in numbers if len(n) == 4), None)
            if day and year:
                try:
                    return date(year, months[name], day)
                except ValueError:
                    return None
    match = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return None
