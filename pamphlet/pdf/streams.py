"""Streams every PDF reader accepts.

qpdf (under pikepdf) saves an empty stream with `/Filter /FlateDecode` and a length of 0
when asked to compress streams, and zero bytes are not zlib data: Ghostscript reports
"error reading a stream … repaired", MuPDF "premature end of data in flate filter", and a
print shop's preflight flags the file. So every empty stream is given the 8 bytes of an
empty zlib stream, already encoded, which qpdf then keeps as they are.
"""

from __future__ import annotations

import zlib

import pikepdf

EMPTY_FLATE = zlib.compress(b"")


def empty_stream(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    """A stream with no content that every reader can decode (e.g. a blank page's)."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(EMPTY_FLATE, filter=pikepdf.Name.FlateDecode)
    return stream


def seal_empty_streams(pdf: pikepdf.Pdf) -> int:
    """Give every stream of `pdf` with no data valid encoded data; return how many."""
    sealed = 0
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and not obj.read_raw_bytes():
            obj.write(EMPTY_FLATE, filter=pikepdf.Name.FlateDecode)
            sealed += 1
    return sealed
