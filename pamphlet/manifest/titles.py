"""Collections: a title whose manifest lists other titles (`[[titles]]`) instead of, or
besides, parts of its own. This module holds what the manifest reads (`TitleSpec`, the keys
of a `[[titles]]` entry and their checks); it imports nothing heavy. The titles a collection
reads, for the cache and `watch`, are `Workspace.included_titles`. The included titles are read
into the collection's one `Document` by `pamphlet.sources.collection`.

    [[titles]]
    slug = "bolivias-unfinished-revolution"   # a folder under sources/
    parts = ["article", "lessons"]            # optional: only these parts, in this order
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from pamphlet.errors import SourceError
from pamphlet.manifest.fields import Field, is_slug

TITLES_KEY = "titles"


@dataclass(frozen=True)
class TitleSpec:
    """One entry of `[[titles]]`: which title, and which of its parts in which order (all,
    in the title's own order, when `parts` is empty). `line` is the entry's `slug` line,
    `parts_line` its `parts` line, for errors."""

    slug: str
    parts: tuple[str, ...]
    line: int | None
    parts_line: int | None = None


def _slug(value: str) -> tuple[Any, str | None]:
    if is_slug(value):
        return value, None
    return value, f'"{value}" is not a title folder name'


def _part_ids(value: list) -> tuple[Any, str | None]:
    if not value:
        return value, "lists no parts"
    if not all(isinstance(item, str) and item for item in value):
        return value, "must be a list of part ids in quotes"
    repeated = next((item for item in value if value.count(item) > 1), None)
    if repeated:
        return value, f'names the part "{repeated}" twice'
    return tuple(value), None


TITLE = {
    "slug": Field(str, True, _slug, 'slug = "bolivias-unfinished-revolution"'),
    "parts": Field(list, False, _part_ids, 'parts = ["article", "lessons"]'),
}


class _TableReader(Protocol):
    """What the manifest's reader offers (pamphlet.manifest)."""

    path: Path
    lines: Any

    def fail(
        self, what: str, fix: str, key: str | None = None, table: str = "", index: int | None = None
    ) -> SourceError: ...

    def table(
        self, data: dict, fields: dict[str, Field], table: str = "", index: int | None = None
    ) -> dict[str, Any]: ...


def read_titles(reader: _TableReader, entries: list) -> tuple[TitleSpec, ...]:
    """The `[[titles]]` entries of a manifest, checked: each names a title folder once (and
    not the collection's own). Whether the titles and parts exist is checked when the
    collection is read (pamphlet.sources.collection)."""
    titles: list[TitleSpec] = []
    own = reader.path.parent.name
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise reader.fail(
                "each title must be a table",
                'write [[titles]] then slug = "..." on the next line',
                TITLES_KEY,
            )
        values = reader.table(entry, TITLE, TITLES_KEY, index)
        line = reader.lines.of("slug", TITLES_KEY, index)
        slug = values["slug"]
        if slug == own:
            raise reader.fail(
                f'the collection "{own}" includes itself',
                "list other titles in [[titles]]",
                "slug",
                TITLES_KEY,
                index,
            )
        if any(title.slug == slug for title in titles):
            raise reader.fail(
                f'the title "{slug}" is listed twice',
                "remove one of the [[titles]] entries",
                "slug",
                TITLES_KEY,
                index,
            )
        parts_line = reader.lines.of("parts", TITLES_KEY, index) if "parts" in values else None
        titles.append(TitleSpec(slug, values.get("parts", ()), line, parts_line))
    return tuple(titles)
