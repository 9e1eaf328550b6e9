"""What pamphlet knows of each language, read from `pamphlet/locales/<language>.toml`: the
labels it generates (top-level keys, see labels.py) and its language data — quotation marks,
month names, the commonest words, the placeholders `new` and `import` write, how a
publication line is phrased. Code never spells these; a missing language or key falls back
to English."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

FALLBACK = "en"


def primary_language(tag: str) -> str:
    """The language of a BCP 47 tag: "en-US" → "en"."""
    return tag.split("-")[0].lower()


@cache
def catalogue(language: str) -> dict[str, Any]:
    """The whole file of one language ({} when pamphlet has none)."""
    entry = resources.files("pamphlet") / "locales" / f"{language}.toml"
    if not entry.is_file():
        return {}
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def known_languages() -> list[str]:
    folder = resources.files("pamphlet") / "locales"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def _table(language: str, table: str, key: str) -> Any:
    value = catalogue(language).get(table, {}).get(key)
    return catalogue(FALLBACK)[table][key] if value is None else value


@dataclass(frozen=True)
class Language:
    """The language data of one language (English where it has none)."""

    code: str
    quotes: str
    months: tuple[str, ...]  # January … December, as written in a dateline
    month_variants: dict[str, str]  # other spellings of month names: "setiembre" → "septiembre"
    abbreviated_months: tuple[str, ...]
    dateline: str  # "{month} {day}, {year}"
    common_words: frozenset[str]
    minor_words: frozenset[str]
    placeholders: dict[str, str]  # author, publisher, rights, … as `new` writes them
    sample_text: tuple[str, ...]  # words of the sample article of `new`
    published: tuple[str, ...]  # "first printed in", "publicado en", …
    new_title: dict[str, str]  # what `new` and `import` write: part comments, notes
    byline: tuple[str, ...]  # "by", "por": the word before an author's name

    def written_date(self, day: Any) -> str:
        """A date as this language writes a dateline: "May 1, 2024", "1 de mayo de 2024"."""
        return self.dateline.format(month=self.months[day.month - 1], day=day.day, year=day.year)


@cache
def language(tag: str) -> Language:
    code = primary_language(tag)
    return Language(
        code=code,
        quotes=_table(code, "typography", "quotes"),
        months=tuple(_table(code, "dates", "months")),
        month_variants=dict(catalogue(code).get("dates", {}).get("month_variants", {})),
        abbreviated_months=tuple(_table(code, "dates", "abbreviated_months")),
        dateline=_table(code, "dates", "dateline"),
        common_words=frozenset(_table(code, "words", "common")),
        minor_words=frozenset(_table(code, "words", "minor")),
        placeholders={k: v for k, v in _placeholders(code).items() if isinstance(v, str)},
        sample_text=tuple(_placeholders(code).get("sample_text", ())),
        published=tuple(_table(code, "import", "published")),
        new_title={**catalogue(FALLBACK)["new"], **catalogue(code).get("new", {})},
        byline=tuple(catalogue(code).get("import", {}).get("byline", ())),
    )


def _placeholders(code: str) -> dict[str, str]:
    return {**catalogue(FALLBACK)["placeholders"], **catalogue(code).get("placeholders", {})}


def languages_with(table: str, key: str) -> list[Language]:
    """Every language whose own file gives `[table] key` (the importer reads publication lines
    and guesses the language among these)."""
    return [language(code) for code in known_languages() if key in catalogue(code).get(table, {})]
