"""Where a word may be broken at the end of a line: the house's hyphenation discipline.

- Dictionary points from Pyphen (the hyphenation patterns WeasyPrint itself uses), in the
  word's language, with at least 3 letters before and after a break (never “a-” or “-ly”);
- never in a capitalised word (a name: “Huanuni”, “Bolivian”) or one with a capital or
  digit inside (acronyms, “COB's”, “1952”);
- a word that has a hyphen of its own breaks only there (“working-|class”, never
  “work-|ing-class”), and only with at least 2 letters on each side;
- never in a word shorter than the style's `hyphenate-limit-chars` minimum (6 here).

What a paragraph may not do with these breaks (two hyphens in a row at most, none on its
last two lines) is decided by the breaker (knuth_plass.py).
"""

from __future__ import annotations

import re
from functools import cache

MIN_BEFORE = 3
MIN_AFTER = 3
HARD_HYPHENS = "-\u2010"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)


@cache
def dictionary(lang: str):
    """Pyphen's dictionary for `lang` (en-US, es, …), or None where it has none."""
    import pyphen

    name = pyphen.language_fallback(lang.replace("-", "_")) if lang else None
    return pyphen.Pyphen(lang=name, left=MIN_BEFORE, right=MIN_AFTER) if name else None


def hard_hyphen_breaks(word: str) -> list[int]:
    """Offsets just after each hyphen of a compound where it may break: letters on both
    sides, at least two of them each side."""
    breaks = []
    for match in re.finditer(f"[{HARD_HYPHENS}]", word):
        before, after = word[: match.start()], word[match.end() :]
        left = re.split(f"[{HARD_HYPHENS}]", before)[-1]
        right = re.split(f"[{HARD_HYPHENS}]", after)[0]
        if len(_letters(left)) >= 2 and len(_letters(right)) >= 2:
            breaks.append(match.end())
    return breaks


def soft_breaks(word: str, lang: str, shortest: int = 6) -> list[int]:
    """Offsets inside `word` (a run of non-space characters, punctuation included) where a
    hyphen may be added. Empty for names, compounds, numbers and short words."""
    if any(h in word for h in HARD_HYPHENS) or "\u00ad" in word:
        return []
    match = WORD.search(word)
    if not match or match.end() - match.start() < len(word.strip("“”‘’\"'«»()[]¿¡,.;:!?…—–")):
        return []  # a word with digits, symbols or several words glued: leave it whole
    core = match.group()
    if len(core) < max(shortest, MIN_BEFORE + MIN_AFTER) or not core.islower():
        return []
    hyphenator = dictionary(lang)
    if hyphenator is None:
        return []
    return [match.start() + point for point in _positions(hyphenator, core)]


@cache
def _positions(hyphenator, word: str) -> tuple[int, ...]:
    return tuple(hyphenator.positions(word))


def _letters(text: str) -> str:
    return "".join(c for c in text if c.isalpha())
