"""Manifest keys as `Field`s (type, required, check), and the checks that convert values:
language tags, ISBN check digits, sizes and lengths, choices."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pamphlet.units import parse_length, parse_size

LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-[a-zA-Z\d]{5,8})*$"
)

Check = Callable[[Any], tuple[Any, str | None]]


@dataclass(frozen=True)
class Field:
    """A manifest key: its type, whether it is required, and how to check and convert it."""

    kind: type | tuple[type, ...]
    required: bool = False
    check: Check | None = None
    example: str = ""


TYPE_NAMES = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    date: "a date like 2003-11-28",
    list: "a list in [ ]",
    dict: "a table",
}


def is_language_tag(text: str) -> bool:
    return bool(LANGUAGE_TAG.match(text))


def a_date(value: date) -> tuple[Any, str | None]:
    """A date, or a date-time with its offset from UTC (taken as the date written); never a
    local date-time, which names another moment in every time zone."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value, "a date-time without an offset is another moment in every time zone"
        return value.date(), None
    return value, None


def language(value: str) -> tuple[Any, str | None]:
    if LANGUAGE_TAG.match(value):
        return value, None
    return value, f'"{value}" is not a BCP 47 language tag'


def isbn(value: str) -> tuple[Any, str | None]:
    digits = value.replace("-", "").replace(" ", "").upper()
    if not digits:
        return "", None
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        if (10 - total % 10) % 10 == int(digits[12]):
            return digits, None
        return value, f'ISBN "{value}" has a wrong check digit'
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11 == 0:
            return digits, None
        return value, f'ISBN "{value}" has a wrong check digit'
    return value, f'"{value}" is not an ISBN (10 or 13 digits)'


def trim(value: str) -> tuple[Any, str | None]:
    size = parse_size(value)
    if size is None or not (72 <= size.width <= 2000 and 72 <= size.height <= 2000):
        return value, f'trim "{value}" is not a page size'
    return size, None


def length(value: str) -> tuple[Any, str | None]:
    points = parse_length(value)
    if points is None:
        return value, f'"{value}" is not a length'
    return points, None


def bleed(value: str) -> tuple[Any, str | None]:
    points, problem = length(value)
    if problem is None and not 0 < points <= 18:
        return value, f'bleed "{value}" is not between 0 and 0.25in'
    return points, problem


def paper_thickness(value: str) -> tuple[Any, str | None]:
    points, problem = length(value)
    if problem is None and not 0.02 * 72 / 25.4 <= points <= 0.5 * 72 / 25.4:
        return value, f'paper thickness "{value}" is not between 0.02mm and 0.5mm'
    return points, problem


def sheet(value: str) -> tuple[Any, str | None]:
    size = parse_size(value)
    if size is None:
        return value, f'sheet "{value}" is not a paper size'
    return size, None


def not_blank(value: str) -> tuple[Any, str | None]:
    return (value.strip(), None) if value.strip() else (value, "is empty")


def email(value: str) -> tuple[Any, str | None]:
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.strip()):
        return value.strip(), None
    return value, f'"{value}" is not an e-mail address'


def one_of(choices: tuple[str, ...]) -> Check:
    def check(value: str) -> tuple[Any, str | None]:
        if value in choices:
            return value, None
        return value, f'"{value}" is not one of {", ".join(choices)}'

    return check


def quotes(value: str) -> tuple[Any, str | None]:
    marks = "".join(value.split())
    if len(marks) == 4:
        return marks, None
    return value, f'"{value}" is not four quotation marks'


def positive(value: int) -> tuple[Any, str | None]:
    return (value, None) if value > 0 else (value, "must be a positive number")


MANIFEST_NAME = "pamphlet.toml"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def is_slug(text: str) -> bool:
    """A title folder's name: lowercase letters, digits and single hyphens."""
    return bool(_SLUG.match(text))
