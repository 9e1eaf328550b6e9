"""Reading a title's source files (manifest, parts, templates): size limit, UTF-8 without BOM,
no invisible control characters — each refusal at its file and line."""

from __future__ import annotations

import re
from pathlib import Path

from pamphlet.errors import SourceError

MAX_SOURCE_BYTES = 1_000_000  # about 700 pages of text: far beyond a pamphlet, still laid out
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def read_source(path: Path) -> str:
    """The text of a source file (manifest, part, template), refusing files too large to be
    a pamphlet's sources before reading them."""
    with open(path, "rb") as handle:
        data = handle.read(MAX_SOURCE_BYTES + 1)
    if len(data) > MAX_SOURCE_BYTES:
        size = path.stat().st_size / 1_000_000
        raise SourceError(
            path,
            None,
            f"the file is {size:.1f} MB; a source file can be at most "
            f"{MAX_SOURCE_BYTES // 1_000_000} MB (about 700 pages)",
            "split the text into several parts, or check that this is the right file",
        )
    return decode_source(path, data)


def decode_source(path: Path, data: bytes) -> str:
    """Text of a source file, refusing byte-order marks, bytes that are not UTF-8 and
    invisible control characters (no XML document, hence no EPUB, may contain them)."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise SourceError(
            path, 1, "the file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            path, line, f"byte 0x{data[error.start]:02x} is not UTF-8", "save the file as UTF-8"
        ) from None
    control = CONTROL.search(text)
    if control:
        raise SourceError(
            path,
            text.count("\n", 0, control.start()) + 1,
            f"the line holds an invisible control character (U+{ord(control[0]):04X})",
            "delete it: retype the text around it, or paste the text as plain text",
        )
    return text
