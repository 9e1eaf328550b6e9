"""Words as the proof compares them: typography normalised, nothing else.

A `Word` is what a reader reads, with its place. Two words are the same when their keys are:
the key folds case (small capitals print lowercase letters), ligatures and other
compatibility forms (NFKC), apostrophes (’ ‘ ') and hyphens (so a word broken at a line end,
with or without its hyphen, is the word unbroken), periods inside a word ("U.S.", "n.º").
Punctuation — quotation marks, dashes, ellipses, brackets — is not a word.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters joined by one apostrophe, hyphen or period ("workers’", "re-pledged", "U.S."), or
# digits joined by one period or comma ("1.00", "10,000"); a note number right after a word
# ("barrios.1", "word¹") is a word of its own.
_LETTERS = r"[^\W\d_]+(?:['’ʼ‘\-‐‑.][^\W\d_]+)*"
_DIGITS = r"\d+(?:[.,]\d+)*"
_WORD = re.compile(f"{_LETTERS}|{_DIGITS}")
# Invisible: soft hyphen, zero-width space and joiners, word joiner.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# Where a PDF's text layer says a word was hyphenated at a line end (pdfium's U+FFFE): the
# halves are kept apart (what follows may be a running head, at a page's foot) and compared
# with the word run together (see align.py).
_HYPHENATED = "\ufffe"
# A word broken at a line end with a visible hyphen: join the two halves.
_BROKEN = re.compile(r"(?<=\w)[-‐‑]\s*(?:\r\n|\r|\n)\s*(?=\w)")
_KEY_DROPPED = str.maketrans("", "", "-‐‑'’ʼ‘.,")


@dataclass(frozen=True)
class Word:
    """A word and where it stands: `place` is an index into the reader's list of places."""

    text: str
    key: str
    place: int


def normalise(text: str) -> str:
    """Typography out of the way: compatibility forms, invisible characters, line-end
    hyphenation."""
    text = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    return _BROKEN.sub("-", text).replace(_HYPHENATED, " ")


def key(word: str) -> str:
    return word.casefold().translate(_KEY_DROPPED)


def words(text: str, place: int = 0) -> list[Word]:
    """The words of a text, all at one place."""
    return [Word(m[0], key(m[0]), place) for m in _WORD.finditer(normalise(text))]


def keys(text: str) -> list[str]:
    return [word.key for word in words(text)]


def spaceless(keys_: list[str]) -> str:
    """Keys run together: letter-spaced type ("P role ta r i a n") and words split or joined
    at a line end compare equal this way."""
    return "".join(keys_)


def is_number(word_key: str) -> bool:
    """Folios, note numbers, page numbers in references: digits, or a small Roman numeral."""
    return word_key.isdigit() or bool(re.fullmatch(r"[ivxlc]{1,6}", word_key))
