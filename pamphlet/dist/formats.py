"""The file formats of the distributor bundle: the editions the registry marks as distributed,
with how ONIX names them."""

from __future__ import annotations

from dataclasses import dataclass

from pamphlet.registry import distributed


@dataclass(frozen=True)
class Format:
    """A file format of the bundle: the edition that makes it and how ONIX names it."""

    edition: str
    suffix: str
    media_type: str
    onix_detail: str  # ONIX code list 175
    name: str


FORMATS = tuple(
    Format(e.name, o.pattern.removeprefix("{slug}"), o.media_type, o.onix_form, o.format_name)
    for e, o in distributed()
)
