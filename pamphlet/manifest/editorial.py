"""The editor's keys of the manifest — `draft`, `[proof]`, `[lint]`, `[order]` — and the
placeholders `pamphlet new` and `pamphlet import` write, which must not go to press.

- `draft = true` marks every edition "DRAFT" (cover, running foot, EPUB title), and lets a
  title with placeholders be built, checked and bundled;
- `[proof] acknowledged` lists differences from the original the editor made on purpose;
- `[lint] ignore` lists lint rules to ignore for the whole title;
- `[order]` is the print order the job ticket carries (`pamphlet build --order FILE` gives
  one for a single run).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from pamphlet.diagnostics import Diagnostic
from pamphlet.errors import Refused
from pamphlet.languages import known_languages
from pamphlet.languages import language as language_data
from pamphlet.manifest import fields as checks
from pamphlet.manifest.fields import Field
from pamphlet.manifest.files import read_source
from pamphlet.manifest.lines import KeyLines

PROOF_KINDS = ("added", "missing")
DRAFT_FIX = ", or set draft = true to print it marked DRAFT"
PROOF_COPIES = ("pdf", "hard copy", "none")


@dataclass(frozen=True)
class Acknowledged:
    """A difference from the original the editor made on purpose: words added or missing."""

    kind: str
    words: str
    why: str
    line: int | None = None


@dataclass(frozen=True)
class ProofOptions:
    acknowledged: tuple[Acknowledged, ...] = ()


@dataclass(frozen=True)
class LintOptions:
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Order:
    """A print order: what the shop needs to act without a phone call. Missing fields are
    "to be agreed" on the ticket, never invented."""

    quantity: int | None = None
    date: datetime.date | None = None  # the order's date: the job ticket's date
    due: datetime.date | None = None  # (datetime's: `date` is the field above)
    contact: str = ""
    email: str = ""
    phone: str = ""
    proof: str = ""  # pdf, hard copy or none
    delivery: str = ""  # an address, or "pickup"
    notes: str = ""
    source: str = ""  # where it was given: the manifest's [order], or the --order file

    def values(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "source"}

    def to_be_agreed(self) -> list[str]:
        """The fields a shop needs that the order leaves open (notes are optional)."""
        return [
            name
            for name, value in self.values().items()
            if value in (None, "") and name not in ("notes", "date")
        ]


def _acknowledged(value: list) -> tuple[Any, str | None]:
    found = []
    for entry in value:
        kinds = [k for k in PROOF_KINDS if isinstance(entry, dict) and k in entry]
        if len(kinds) != 1 or set(entry) - {*PROOF_KINDS, "why"}:
            return value, 'each entry is { added = "words", why = "…" } or { missing = … }'
        words, why = entry[kinds[0]], entry.get("why", "")
        if not isinstance(words, str) or not words.strip() or not isinstance(why, str):
            return value, "the words and the reason are texts in quotes"
        found.append(Acknowledged(kinds[0], words.strip(), why.strip()))
    return tuple(found), None


def _rule_codes(value: list) -> tuple[Any, str | None]:
    for code in value:
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]\d{3}", code):
            return value, f'"{code}" is not a lint rule code such as "T007"'
    return tuple(value), None


def _phone(value: str) -> tuple[Any, str | None]:
    if re.fullmatch(r"\+?[\d\s().\-/]{6,}", value.strip()):
        return value.strip(), None
    return value, f'"{value}" is not a telephone number'


PROOF = {
    "acknowledged": Field(list, False, _acknowledged, 'acknowledged = [{ added = "…", why = "…" }]')
}
LINT = {"ignore": Field(list, False, _rule_codes, 'ignore = ["T007"]')}
ORDER = {
    "quantity": Field(int, False, checks.positive, "quantity = 500"),
    "date": Field(date, False, checks.a_date, "date = 2024-04-10"),
    "due": Field(date, False, checks.a_date, "due = 2024-05-01"),
    "contact": Field(str, False, checks.not_blank, 'contact = "Ana Example"'),
    "email": Field(str, False, checks.email, 'email = "orders@example.org"'),
    "phone": Field(str, False, _phone, 'phone = "+1 212 555 0100"'),
    "proof": Field(str, False, checks.one_of(PROOF_COPIES), 'proof = "pdf"'),
    "delivery": Field(str, False, checks.not_blank, 'delivery = "pickup"'),
    "notes": Field(str),
}
FIXES = {
    "acknowledged": 'write acknowledged = [{ added = "the words", why = "the reason" }]',
    "ignore": 'list rule codes: ignore = ["T007", "C001"]',
    "email": 'write an address such as "orders@example.org"',
    "phone": 'write a number such as "+1 212 555 0100"',
    "proof": f"use one of: {', '.join(PROOF_COPIES)}",
}


def order_from(values: dict[str, Any], source: str) -> Order:
    return Order(**values, source=source)


# --- placeholders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    path: Path
    line: int | None
    what: str
    fix: str


def placeholder_problems(manifest: Any) -> list[Diagnostic]:
    """The placeholders of a title that is not a draft, as problems (none for a draft)."""
    if manifest.draft:
        return []
    return [
        Diagnostic(p.path, p.line, p.what, p.fix + DRAFT_FIX) for p in find_placeholders(manifest)
    ]


def refuse_placeholders(manifest: Any, warnings: Any = None) -> None:
    """Stop what would go to press (job ticket, distributor bundle, strict build) with one
    `error:` line per placeholder, unless the title is a draft. The same placeholders are
    taken out of `warnings`, so each is said once."""
    problems = placeholder_problems(manifest)
    if not problems:
        return
    if warnings is not None:
        said = {(p.path, p.line, p.what) for p in problems}
        warnings.items = [w for w in warnings.items if (w.path, w.line, w.what) not in said]
    raise Refused(problems)


def _written_by_new(key: str, value: str, code: str) -> bool:
    """Whether `value` is what `new` writes for `key` in a language: "© 2026 The Author",
    "A pamphlet by The Author." — whatever the year, with the placeholder author (a real
    author's name in it is the editor's)."""
    placeholders = language_data(code).placeholders
    written = placeholders.get(key)
    if not written or "author" not in placeholders:
        return False
    pattern = re.escape(written).replace(r"\{year\}", r"\d{4}")
    pattern = pattern.replace(r"\{author\}", re.escape(placeholders["author"]))
    return bool(re.fullmatch(pattern, value.strip()))


def _all_placeholders(key: str) -> set[str]:
    return {language_data(code).placeholders.get(key, "") for code in known_languages()} - {""}


def find_placeholders(manifest: Any) -> list[Placeholder]:
    """Every placeholder `new` or `import` wrote that is still in the title: the author,
    publisher, rights and description, the sample text, the commented sample [series]."""
    text = manifest.path.read_text(encoding="utf-8")
    lines = KeyLines(text)
    found: list[Placeholder] = []
    authors = _all_placeholders("author")

    def add(key: str, value: str, fix: str, table: str = "") -> None:
        found.append(
            Placeholder(
                manifest.path, lines.of(key, table), f'{key} is the placeholder "{value}"', fix
            )
        )

    if manifest.author in authors:
        add("author", manifest.author, "write the author: a person or an organisation")
    if manifest.publisher in _all_placeholders("publisher"):
        add("publisher", manifest.publisher, "write who publishes this edition")
    for key, value in (("rights", manifest.rights), ("description", manifest.description)):
        if any(_written_by_new(key, value, code) for code in known_languages()):
            add(key, value, f"write the {key}")
    if manifest.series is None:
        found += _commented_series(manifest.path, text)
    for spec in manifest.parts:
        found += _sample_text(spec.file)
    return sorted(found, key=lambda p: (p.path != manifest.path, str(p.path), p.line or 0))


def _commented_series(path: Path, text: str) -> list[Placeholder]:
    samples = _all_placeholders("series_name")
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r'\s*#\s*name\s*=\s*"([^"]*)"', line)
        if match and match[1] in samples:
            return [
                Placeholder(
                    path,
                    number,
                    f'the commented [series] is the sample ("{match[1]}"), a placeholder',
                    "fill in where the text first appeared, or delete the sample lines",
                )
            ]
    return []


def _sample_text(path: Path) -> list[Placeholder]:
    samples = {s for code in known_languages() for s in language_data(code).sample_text}
    text = read_source(path)
    for sample in samples:
        at = text.find(sample)
        if at >= 0:
            return [
                Placeholder(
                    path,
                    text.count("\n", 0, at) + 1,
                    "the sample text of `pamphlet new` is still here, a placeholder",
                    "replace it with the title's text",
                )
            ]
    return []
