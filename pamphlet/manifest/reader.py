"""Checks one table of the manifest against its `Field`s: unknown keys (with a "did you
mean"), missing keys, types, control characters and values — a SourceError at the key's line."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pamphlet.errors import SourceError
from pamphlet.manifest.fields import TYPE_NAMES, Field
from pamphlet.manifest.files import CONTROL
from pamphlet.manifest.lines import KeyLines
from pamphlet.manifest.options import fix_for


class TableReader:
    """Checks tables of the manifest against their `Field`s, raising SourceError with a line."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = KeyLines(text)

    def fail(
        self, what: str, fix: str, key: str | None = None, table: str = "", index: int | None = None
    ) -> SourceError:
        return SourceError(self.path, self.lines.of(key, table, index), what, fix)

    def table(
        self, data: dict, fields: dict[str, Field], table: str = "", index: int | None = None
    ) -> dict[str, Any]:
        where = f"[{table}]" if table else "the manifest"
        for key in data:
            if key not in fields:
                guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
                fix = (
                    f'did you mean "{guess[0]}"?'
                    if guess
                    else (f"keys allowed in {where}: {', '.join(fields)}")
                )
                raise self.fail(f'unknown key "{key}" in {where}', fix, key, table, index)
        values: dict[str, Any] = {}
        for key, spec in fields.items():
            if key not in data:
                if spec.required:
                    raise self.fail(
                        f'{where} has no "{key}"',
                        f"add a line such as: {spec.example}",
                        None,
                        table,
                        index,
                    )
                continue
            value = data[key]
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and CONTROL.search(text) for text in texts):
                raise self.fail(
                    f'"{key}" holds an invisible control character',
                    "remove the \\u escape or the character",
                    key,
                    table,
                    index,
                )
            kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
            if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
                raise self.fail(
                    f'"{key}" must be {TYPE_NAMES[kinds[0]]}',
                    f"write it like: {spec.example or key + ' = ...'}",
                    key,
                    table,
                    index,
                )
            if spec.check:
                value, problem = spec.check(value)
                if problem:
                    raise self.fail(f'"{key}": {problem}', fix_for(key), key, table, index)
            values[key] = value
        return values
