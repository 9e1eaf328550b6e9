"""Ids: each heading of a title gets a unique, stable one from its text, unless the editor
gives one ({#id} on the line above)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.errors import SourceError


def slugify(text: str) -> str:
    """A stable id from heading text: 'From El Alto to La Paz' → 'from-el-alto-to-la-paz'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if not slug or not slug[0].isalpha():
        slug = f"s-{slug}" if slug else "section"
    return slug


@dataclass
class Ids:
    """Ids used so far in a title, so that every heading gets a unique, stable one."""

    used: set[str] = field(default_factory=set)

    def claim(self, wanted: str, path: Path, line: int, explicit: bool) -> str:
        if wanted not in self.used:
            self.used.add(wanted)
            return wanted
        if explicit:
            raise SourceError(
                path, line, f'the id "{wanted}" is used twice', "give this heading another {#id}"
            )
        number = 2
        while f"{wanted}-{number}" in self.used:
            number += 1
        self.used.add(f"{wanted}-{number}")
        return f"{wanted}-{number}"
