"""Every character a title prints must be in the book's fonts.

The layout engine sees no font of the machine (see fonts.confine_fontconfig), so a character
that neither the book face nor a font the publisher put in `styles/` covers would print as an
empty box. Each such character is a warning naming the file, the line and the character (an
error under --strict), found in the parts, the manifest's values and the workspace's
templates before any edition is made.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from pamphlet.errors import Warnings
from pamphlet.model import Code, Document, Text, walk

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
MAX_FONT_BYTES = 64 * 1024 * 1024
PER_FILE = 10  # characters reported one by one in a file; the rest in one more warning
FIX = "put a font that has it in styles/ (with @font-face), or write the text without it"


@cache
def book_face_characters() -> frozenset[int]:
    """The code points of the book face (its roman and italic cover the same ones)."""
    import uharfbuzz as hb

    from pamphlet.fonts import variable_font

    characters: set[int] = set()
    for style in ("normal", "italic"):
        characters |= set(hb.Face(hb.Blob.from_file_path(str(variable_font(style)))).unicodes)
    return frozenset(characters)


def publisher_font_characters(styles: Path) -> frozenset[int]:
    """The code points of the font files the workspace's stylesheets load from styles/."""
    from pamphlet.sandbox import path_refusal, read_regular_file, real_roots, stylesheet_references

    if not styles.is_dir() or styles.is_symlink():
        return frozenset()
    roots = real_roots([styles])
    characters: set[int] = set()
    for sheet in sorted(styles.glob("*.css")):
        if path_refusal(sheet, roots):
            continue
        try:
            css = read_regular_file(sheet, MAX_FONT_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue  # the edition reading it says what is wrong
        for _, reference in stylesheet_references(css):
            font = sheet.parent / reference.split("?")[0].split("#")[0]
            if font.suffix.lower() in FONT_SUFFIXES and not path_refusal(font, roots):
                characters |= _font_characters(font)
    return frozenset(characters)


def _font_characters(path: Path) -> set[int]:
    import io

    from fontTools.ttLib import TTFont, TTLibError

    from pamphlet.sandbox import read_regular_file

    try:
        font = TTFont(io.BytesIO(read_regular_file(path, MAX_FONT_BYTES)), lazy=True)
        return set(font.getBestCmap() or {})
    except (OSError, TTLibError, ValueError, KeyError, AssertionError):
        return set()  # a broken font: the layout engine will say so


def printed(character: str) -> bool:
    """Whether a character needs a glyph: not a control or format character, a variation
    selector or a space (the layout engine makes spaces itself)."""
    category = unicodedata.category(character)
    if category in ("Cc", "Cf", "Zs", "Zl", "Zp"):
        return False
    return not ("\ufe00" <= character <= "\ufe0f" or "\U000e0100" <= character <= "\U000e01ef")


def check_coverage(document: Document, warnings: Warnings, workspace_root: Path) -> None:
    """A warning for every character of the title that no font of the book covers."""
    covered = book_face_characters()
    texts = _texts(document, workspace_root)
    if all(ord(c) in covered or not printed(c) for _, text in texts for c in set(text)):
        return  # nearly always: no need to read the publisher's fonts
    covered = covered | publisher_font_characters(workspace_root / "styles")
    for path, text in texts:
        missing = sorted({c for c in set(text) if printed(c) and ord(c) not in covered})
        _warn(warnings, path, missing)


def _texts(document: Document, workspace_root: Path) -> list[tuple[Path, str]]:
    """(file, the text it gives the book): each part, the manifest, each workspace template."""
    manifest = document.manifest
    values = [
        manifest.title,
        manifest.subtitle,
        manifest.author,
        manifest.publisher,
        manifest.description,
        manifest.rights,
        manifest.edition,
        manifest.cover_slogan,
        manifest.epub.certified_by,
        *manifest.subjects,
        *(
            (manifest.series.name, manifest.series.number, manifest.series.issue)
            if manifest.series
            else ()
        ),
    ]
    texts = [(manifest.path, "".join(values))]
    for part in document.parts:
        nodes = walk([*part.title, *part.blocks, *(n for note in part.notes for n in note.blocks)])
        texts.append((part.source, "".join(_node_texts(nodes))))
    texts += _template_texts(workspace_root / "templates")
    return texts


def _node_texts(nodes: Iterable[object]) -> Iterable[str]:
    for node in nodes:
        if isinstance(node, Text | Code):
            yield node.text


def _template_texts(folder: Path) -> list[tuple[Path, str]]:
    from pamphlet.sandbox import path_refusal, read_regular_file, real_roots

    if not folder.is_dir() or folder.is_symlink():
        return []
    roots = real_roots([folder])
    texts = []
    for path in sorted(folder.rglob("*.j2")):
        try:
            if not path_refusal(path, roots):
                data = read_regular_file(path, 1_000_000)
                texts.append((path, data.decode("utf-8", errors="replace")))
        except OSError:
            continue  # the template loader says what is wrong, if the template is used
    return texts


def _warn(warnings: Warnings, path: Path, missing: list[str]) -> None:
    if not missing:
        return
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    for character in missing[:PER_FILE]:
        line = next((n for n, text in enumerate(lines, start=1) if character in text), None)
        name = unicodedata.name(character, "")
        warnings.add(
            path,
            line,
            f'the character "{character}" (U+{ord(character):04X}{" " + name if name else ""}) '
            "is in none of the book's fonts, so it would print as an empty box",
            FIX,
        )
    if len(missing) > PER_FILE:
        rest = "".join(missing[PER_FILE:])
        shown = rest if len(rest) <= 20 else rest[:20] + "…"
        warnings.add(
            path,
            None,
            f"{len(missing) - PER_FILE} more characters are in none of the book's fonts ({shown})",
            FIX,
        )
