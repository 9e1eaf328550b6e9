"""A tagged PDF that reads right: what WeasyPrint's tagging (`pdf_tags=True`) leaves to do,
done with pikepdf on the written file.

- Running heads and folios are page furniture, not text: WeasyPrint tags them as spans
  and leaves them out of the structure tree, so a screen reader following the tags skips
  them but one reading the page meets them in the middle of a sentence. They become
  pagination artifacts (header or footer), and leave the tree's parent map.
- The contents' leader dots ("Revolutionary Tasks . . . . 10") are drawn as text inside
  each entry's link, and read out as "dot dot dot". They become layout artifacts.
- XMP metadata (title, author, description, language, dates, producer) from the
  document information WeasyPrint wrote, which PDF/A, PDF/UA and every catalogue read.

Nothing here claims PDF/UA: that needs a validator (veraPDF) these machines cannot install.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

ARTIFACT = Name.Artifact
LEADER_DOTS = frozenset(".·…")
LEADER_CHARACTERS = LEADER_DOTS | frozenset(" \u00a0\u2009\u202f")


def make_accessible(pdf: pikepdf.Pdf) -> None:
    """Everything this module does, for a PDF that WeasyPrint wrote with pdf_tags=True."""
    mark_artifacts(pdf)
    add_xmp(pdf)


# --- artifacts --------------------------------------------------------------------------------


def mark_artifacts(pdf: pikepdf.Pdf) -> int:
    """Turn running heads, folios and leader dots into artifacts; return how many marked
    sequences changed."""
    root = pdf.Root.get("/StructTreeRoot")
    if not isinstance(root, Dictionary) or "/ParentTree" not in root:
        return 0
    in_tree = _elements_in_tree(root)
    parents = pikepdf.NumberTree(root.ParentTree)
    changed = 0
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in parents:
            continue
        elements = parents[int(key)]
        if isinstance(elements, Array):
            changed += _mark_page(pdf, page, elements, in_tree)
    return changed


def _elements_in_tree(root: pikepdf.Dictionary) -> set[tuple[int, int]]:
    """The structure elements reachable from the root, by object number."""
    found: set[tuple[int, int]] = set()
    stack = list(_kids(root))
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary) or not element.is_indirect:
            continue
        if element.objgen in found:
            continue
        found.add(element.objgen)
        stack += _kids(element)
    return found


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _mark_page(
    pdf: pikepdf.Pdf, page: pikepdf.Page, elements: Array, in_tree: set[tuple[int, int]]
) -> int:
    operations = pikepdf.parse_content_stream(page)
    fonts = _Fonts(page)
    heights = _heights(page, operations)
    changed = 0
    for start, end, mcid in _marked_sequences(operations):
        element = elements[mcid] if mcid < len(elements) else None
        if not isinstance(element, Dictionary):
            continue
        if element.objgen not in in_tree:
            place = _header_or_footer(page, heights, start, end)
            kind = Dictionary(Type=Name.Pagination, Subtype=place)
        elif element.get("/S") == Name.Link and _is_leader(fonts.text(operations[start:end])):
            kind = Dictionary(Type=Name.Layout)
            element.K = Array([kid for kid in _kids(element) if kid != mcid])
        else:
            continue
        operations[start] = pikepdf.ContentStreamInstruction([ARTIFACT, kind], Operator("BDC"))
        elements[mcid] = None
        changed += 1
    if changed:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))
    return changed


def _marked_sequences(operations: list) -> list[tuple[int, int, int]]:
    """(index of BDC, index of its EMC, MCID) of each marked-content sequence with an
    MCID."""
    found, stack = [], []
    for index, (operands, operator) in enumerate(operations):
        name = str(operator)
        if name in ("BDC", "BMC"):
            properties = operands[1] if name == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            stack.append((index, mcid))
        elif name == "EMC" and stack:
            begin, mcid = stack.pop()
            if mcid is not None:
                found.append((begin, index, int(mcid)))
    return found


def _is_leader(text: str) -> bool:
    """Dots and spaces only, at least one dot: what CSS leader() draws in the contents."""
    return set(text) <= LEADER_CHARACTERS and bool(set(text) & LEADER_DOTS)


def _heights(page: pikepdf.Page, operations: list) -> dict[int, float]:
    """The height above the page's foot at which each text matrix (Tm) sets text, by the
    index of its operation: WeasyPrint draws with y growing downwards from the top (its
    first `cm`), so each position is followed through the transformation matrices."""
    matrix, stack, heights = pikepdf.Matrix(), [], {}
    foot = float(page.mediabox[1])
    for index, (operands, operator) in enumerate(operations):
        name = str(operator)
        if name == "q":
            stack.append(matrix)
        elif name == "Q" and stack:
            matrix = stack.pop()
        elif name == "cm":
            matrix = pikepdf.Matrix(*[float(v) for v in operands]) @ matrix
        elif name == "Tm":
            heights[index] = (pikepdf.Matrix(*[float(v) for v in operands]) @ matrix).f - foot
    return heights


def _header_or_footer(page: pikepdf.Page, heights: dict[int, float], start: int, end: int):
    """Header when the sequence sets its first text in the page's upper half."""
    middle = (float(page.mediabox[3]) - float(page.mediabox[1])) / 2
    first = next((heights[i] for i in range(start, end) if i in heights), middle + 1)
    return Name.Header if first > middle else Name.Footer


class _Fonts:
    """The text of shown strings, through each font's ToUnicode map."""

    def __init__(self, page: pikepdf.Page):
        resources = page.obj.get("/Resources", Dictionary())
        self.fonts = resources.get("/Font", Dictionary())
        self.maps: dict[str, tuple[int, dict[int, str]]] = {}

    def text(self, operations: list) -> str:
        out, current = [], ""
        for operands, operator in operations:
            name = str(operator)
            if name == "Tf":
                current = str(operands[0])
            elif name in ("Tj", "'", '"'):
                out.append(self.decode(current, bytes(operands[-1])))
            elif name == "TJ":
                out += [self.decode(current, bytes(s)) for s in operands[0] if _is_string(s)]
        return "".join(out)

    def decode(self, font: str, data: bytes) -> str:
        width, mapping = self._map(font)
        codes = [int.from_bytes(data[i : i + width], "big") for i in range(0, len(data), width)]
        return "".join(mapping.get(code, "\ufffd") for code in codes)

    def _map(self, font: str) -> tuple[int, dict[int, str]]:
        if font not in self.maps:
            entry = self.fonts.get(font, Dictionary())
            width = 2 if entry.get("/Subtype") == Name.Type0 else 1
            to_unicode = entry.get("/ToUnicode")
            cmap = to_unicode.read_bytes().decode("latin-1") if to_unicode is not None else ""
            self.maps[font] = (width, to_unicode_map(cmap))
        return self.maps[font]


def _is_string(value: object) -> bool:
    return isinstance(value, pikepdf.String)


_BFCHAR = re.compile(r"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(r"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(r"<([0-9a-fA-F]*)>")


def to_unicode_map(cmap: str) -> dict[int, str]:
    """Code → text of a ToUnicode CMap (its bfchar entries and simple bfrange entries)."""
    mapping: dict[int, str] = {}
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for code, text in zip(values[::2], values[1::2], strict=False):
            mapping[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        for line in block.strip().splitlines():
            values = _HEX.findall(line)
            if len(values) == 3:
                first, last, text = int(values[0], 16), int(values[1], 16), int(values[2], 16)
                for offset in range(last - first + 1):
                    mapping[first + offset] = chr(text + offset)
    return mapping


def _utf16(hex_text: str) -> str:
    return bytes.fromhex(hex_text).decode("utf-16-be", errors="replace")


# --- XMP --------------------------------------------------------------------------------------


def add_xmp(pdf: pikepdf.Pdf) -> None:
    """XMP metadata from the document information and the catalogue's /Lang: dc:title,
    dc:creator, dc:description, dc:language, pdf:Keywords, xmp:CreateDate, xmp:ModifyDate,
    xmp:MetadataDate (the modification date: never the clock), producer and creator tool."""
    language = str(pdf.Root.get("/Lang", ""))
    modified = pdf.docinfo.get("/ModDate")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.load_from_docinfo(pdf.docinfo)
        if language:
            meta["dc:language"] = [language]
        if modified is not None and "xmp:ModifyDate" in meta:
            meta["xmp:MetadataDate"] = meta["xmp:ModifyDate"]
