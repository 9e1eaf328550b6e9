"""Small caps that copy, search and read aloud as written.

A PDF maps each glyph to one piece of text (its ToUnicode map), and WeasyPrint maps a glyph
to the text it first drew it for. In Source Serif 4, as in most fonts, `all-small-caps`
draws "S" (feature c2sc) and "s" (feature smcp) with the same small-cap glyph, so one of
them is extracted in the wrong case: "SV Publishing" came out as "Sv PubliShing".

`distinct_small_caps` gives every letter that small caps reach from two sources a second
glyph, a copy with the same outline, metrics and kerning, and points c2sc at the copy (the
copies have no anchors for combining accents, which small caps of composed text do not
use). The text is drawn exactly as before; each glyph now stands for one
character, so the PDF's text is the text as written. Used on the faces the PDF editions
embed (fonts.cached_faces).
"""

from __future__ import annotations

import copy
import io
import struct
from typing import Any

from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables
from fontTools.ttLib.tables.DefaultTable import DefaultTable
from fontTools.ttLib.tables.otBase import CountReference, OTTableReader, OTTableWriter

LOWERCASE_FEATURE = "smcp"
UPPERCASE_FEATURE = "c2sc"
SINGLE, EXTENSION_SUB = 1, 7
PAIR, EXTENSION_POS = 2, 9
DEVICE_TABLES = 0x00F0  # value format bits of device-table offsets


def distinct_small_caps(data: bytes) -> bytes:
    """The font `data` (TrueType) with a glyph of its own for each small cap reached from
    two characters; unchanged when the font has no small caps."""
    # the copies change no bounding box (not recomputing them saves decoding every glyph),
    # and the font keeps its date: never the clock
    font = TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False)
    if "GSUB" not in font or "glyf" not in font:
        return data
    copies = _split_shared_targets(font)
    if not copies:
        return data
    _add_glyphs(font, copies)
    if "GPOS" in font:
        raw = font.reader["GPOS"]
        font["GPOS"] = DefaultTable("GPOS")
        font["GPOS"].data = _position_like_originals(font, raw, copies)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _lookups(table, feature: str) -> list[int]:
    indices: set[int] = set()
    for record in table.FeatureList.FeatureRecord:
        if record.FeatureTag == feature:
            indices.update(record.Feature.LookupListIndex)
    return sorted(indices)


def _subtables(lookup, extension: int) -> list[tuple[int, Any]]:
    """(lookup type, subtable) of each subtable, looking through extension subtables."""
    if lookup.LookupType == extension:
        return [(sub.ExtensionLookupType, sub.ExtSubTable) for sub in lookup.SubTable]
    return [(lookup.LookupType, sub) for sub in lookup.SubTable]


def _split_shared_targets(font: TTFont) -> dict[str, str]:
    """Point each substitution whose result another character already reaches at a new
    copy of that glyph (smcp, lowercase, keeps the originals); return {copy: original}."""
    gsub = font["GSUB"].table
    owner: dict[str, str] = {}  # small-cap glyph → the character glyph that first reaches it
    copies: dict[str, str] = {}
    seen: set[int] = set()
    for feature in (LOWERCASE_FEATURE, UPPERCASE_FEATURE):
        for index in _lookups(gsub, feature):
            if index in seen:
                continue
            seen.add(index)
            lookup = gsub.LookupList.Lookup[index]
            for kind, subtable in _subtables(lookup, EXTENSION_SUB):
                if kind != SINGLE:
                    continue
                for source, target in list(subtable.mapping.items()):
                    first = owner.setdefault(target, source)
                    if first != source:
                        name = f"{target}.{source}"
                        copies[name] = target
                        subtable.mapping[source] = name
    return copies


def _add_glyphs(font: TTFont, copies: dict[str, str]) -> None:
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder()) + list(copies)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    for name, original in copies.items():
        glyf.glyphs[name] = copy.deepcopy(glyf.glyphs[original])  # still compiled: fast
        hmtx.metrics[name] = hmtx.metrics[original]
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef:
        classes = font["GDEF"].table.GlyphClassDef.classDefs
        for name, original in copies.items():
            if original in classes:
                classes[name] = classes[original]


def _position_like_originals(font: TTFont, data: bytes, copies: dict[str, str]) -> bytes:
    """GPOS with the kerning of each copy as of its original.

    Decompiling and compiling the whole table takes fontTools a second or two a face (its
    kerning matrices hold some 80,000 value records), so only what changes is rewritten.
    Kerning lives in pair-positioning subtables behind extension lookups; each is copied to
    the end of the table and its extension's 32-bit offset pointed at the copy. A subtable
    that kerns by class keeps its matrix byte for byte and gets a new coverage and class
    definitions (each copy in its original's classes); one that kerns glyph by glyph is
    compiled anew. Everything else keeps its bytes."""
    gpos = bytearray(data)
    lookup_list = _u16(data, 8)
    for lookup_offset in _offsets(data, lookup_list):
        lookup = lookup_list + lookup_offset
        if _u16(data, lookup) != EXTENSION_POS:
            continue
        for subtable_offset in _offsets(data, lookup + 4):
            extension = lookup + subtable_offset
            if _u16(data, extension + 2) != PAIR:
                continue
            at = extension + _u32(data, extension + 4)
            subtable = _class_pairs(data, at, font, copies) or _any_pairs(data, at, font, copies)
            gpos += bytes(-len(gpos) % 4)
            struct.pack_into(">L", gpos, extension + 4, len(gpos) - extension)
            gpos += subtable
    return bytes(gpos)


def _class_pairs(data: bytes, at: int, font: TTFont, copies: dict[str, str]) -> bytes | None:
    """A copy of the class-kerning subtable at `at` with the copies in its coverage and
    classes, its matrix unchanged; None when it is not one, or has device tables."""
    header = struct.unpack_from(">8H", data, at)
    form, coverage_at, format1, format2, first_at, second_at, count1, count2 = header
    if form != 2 or (format1 | format2) & DEVICE_TABLES:
        return None
    record = 2 * (format1.bit_count() + format2.bit_count())
    body = bytearray(data[at : at + 16 + count1 * count2 * record])
    coverage = _read(otTables.Coverage(), data, at + coverage_at, font)
    first = _read(otTables.ClassDef(), data, at + first_at, font)
    second = _read(otTables.ClassDef(), data, at + second_at, font)
    for name, original in copies.items():
        if original in coverage.glyphs:
            coverage.glyphs.append(name)
            if original in first.classDefs:
                first.classDefs[name] = first.classDefs[original]
        if original in second.classDefs:
            second.classDefs[name] = second.classDefs[original]
    for field, table in ((2, coverage), (8, first), (10, second)):  # their offsets' places
        body += bytes(len(body) % 2)
        if len(body) > 0xFFFF:
            return None
        struct.pack_into(">H", body, field, len(body))
        body += _compiled(table, font)
    return bytes(body)


def _any_pairs(data: bytes, at: int, font: TTFont, copies: dict[str, str]) -> bytes:
    """The pair-kerning subtable at `at`, decompiled, given the copies, compiled again."""
    pair_pos = _read(otTables.PairPos(), data, at, font)
    if pair_pos.Format == 1:
        _pairs_by_glyph(pair_pos, copies, font)
    else:
        _pairs_by_class(pair_pos, copies)
    return _compiled(pair_pos, font)


def _read(table, data: bytes, at: int, font: TTFont):
    table.decompile(OTTableReader(data, offset=at), font)
    return table


def _compiled(table, font: TTFont) -> bytes:
    # a subtable tells its lookup its type while compiling; here there is no lookup
    state = {"LookupType": CountReference({"LookupType": PAIR}, "LookupType")}
    writer = OTTableWriter(localState=state, tableTag="GPOS")
    table.compile(writer, font)
    return writer.getAllData()


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from(">H", data, at)[0]


def _u32(data: bytes, at: int) -> int:
    return struct.unpack_from(">L", data, at)[0]


def _offsets(data: bytes, at: int) -> list[int]:
    """A count at `at` followed by that many 16-bit offsets (LookupList, a Lookup's
    subtables: a Lookup's count follows its type and flag, hence `at` + 4 there)."""
    count = _u16(data, at)
    return list(struct.unpack_from(f">{count}H", data, at + 2))


def _pairs_by_glyph(subtable, copies: dict[str, str], font: TTFont) -> None:
    """Kerning pairs listed glyph by glyph: the copies' pairs as their originals'. The
    copies have the highest glyph ids, so appending them keeps the coverage sorted
    (fontTools counts the records when it writes)."""
    twins: dict[str, list[str]] = {}
    for name, original in copies.items():
        twins.setdefault(original, []).append(name)
    for pair_set in subtable.PairSet:
        records = pair_set.PairValueRecord
        for record in [r for r in records if r.SecondGlyph in twins]:
            for name in twins[record.SecondGlyph]:
                twin = copy.copy(record)
                twin.SecondGlyph = name
                records.append(twin)
        records.sort(key=lambda r: font.getGlyphID(r.SecondGlyph))
    glyphs = subtable.Coverage.glyphs
    for name, original in copies.items():
        if original in glyphs:
            subtable.PairSet.append(copy.deepcopy(subtable.PairSet[glyphs.index(original)]))
            glyphs.append(name)


def _pairs_by_class(subtable, copies: dict[str, str]) -> None:
    """Kerning by classes: each copy joins its original's classes."""
    first, second = subtable.ClassDef1.classDefs, subtable.ClassDef2.classDefs
    for name, original in copies.items():
        if original in subtable.Coverage.glyphs:
            subtable.Coverage.glyphs.append(name)
            if original in first:
                first[name] = first[original]
        if original in second:
            second[name] = second[original]
