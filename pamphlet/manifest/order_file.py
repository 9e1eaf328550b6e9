"""A print order given on the command line (`pamphlet build SLUG --order FILE`), read with
the same checks as a manifest's `[order]` table."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pamphlet.errors import SourceError
from pamphlet.manifest.editorial import ORDER, Order, order_from
from pamphlet.manifest.files import read_source
from pamphlet.manifest.reader import TableReader


def read_order(path: Path) -> Order:
    """A print order given on the command line (`build --order FILE`): the keys of `[order]`,
    at the top of the file or in an [order] table."""
    if not path.is_file():
        raise SourceError(path, None, "no such order file", "give the path of a TOML file")
    text = read_source(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourceError(path, None, f"TOML syntax: {error}", "correct the order file") from None
    table = "order" if set(data) == {"order"} else ""
    values = TableReader(path, text).table(data.get("order", data), ORDER, table)
    return order_from(values, str(path))
