"""Where a key of the manifest is written: the line an error about it names."""

from __future__ import annotations

import re

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")


class KeyLines:
    """Finds the line on which a key (of a table, or of the n-th `[[parts]]`) is written."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def of(self, key: str | None, table: str = "", index: int | None = None) -> int | None:
        current, seen = "", -1
        header_line = None
        key_re = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=") if key else None
        for number, line in enumerate(self.lines, start=1):
            header = _HEADER.match(line)
            if header:
                current = header[2]
                if current == table and header[1] == "[[":
                    seen += 1
                if current == table and (index is None or seen == index):
                    header_line = number
                continue
            in_table = current == table and (index is None or seen == index)
            if in_table and key_re and key_re.match(line):
                return number
        return header_line or (1 if not table and self.lines else None)
