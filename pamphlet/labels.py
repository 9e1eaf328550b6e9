"""Generated labels (Contents, Notes, "First published in …") in the title's language: the
top-level keys of `pamphlet/locales/<language>.toml` (see languages.py)."""

from __future__ import annotations

from pamphlet.languages import FALLBACK, catalogue, known_languages, primary_language


def _labels(language: str) -> dict[str, str]:
    return {key: value for key, value in catalogue(language).items() if isinstance(value, str)}


def labels(language_tag: str) -> dict[str, str]:
    """Every label for a BCP 47 tag, falling back to English for missing languages or keys."""
    return {**_labels(FALLBACK), **_labels(primary_language(language_tag))}


def languages() -> list[str]:
    """The languages pamphlet has labels in (some locales carry only language data)."""
    return [code for code in known_languages() if _labels(code)]
