"""Generated labels (Contents, Notes, "First published in …") in the title's language."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from pamphlet.typography import primary_language

FALLBACK = "en"


@cache
def _catalogue(language: str) -> dict[str, str]:
    folder = resources.files("pamphlet") / "locales"
    entry = folder / f"{language}.toml"
    if not entry.is_file():
        entry = folder / f"{FALLBACK}.toml"
    return tomllib.loads(entry.read_text(encoding="utf-8"))


def labels(language_tag: str) -> dict[str, str]:
    """Every label for a BCP 47 tag, falling back to English for missing languages or keys."""
    return {**_catalogue(FALLBACK), **_catalogue(primary_language(language_tag))}


def languages() -> list[str]:
    folder = resources.files("pamphlet") / "locales"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )
