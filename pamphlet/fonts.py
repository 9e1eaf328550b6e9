"""The book face, shipped by a PyPI package rather than taken from the machine.

Source Serif 4 (SIL Open Font License 1.1, package `fontpkg-source-serif-4`) covers every
character of the texts: curly quotes, dashes, ellipsis, accented Latin incl. Spanish. It comes
as two variable fonts (roman, italic). Editions use static faces cut from them with
HarfBuzz's subsetter (uharfbuzz, milliseconds per face): a text cut at optical size 11 and a
display cut for titles. The PDFs get every glyph (WeasyPrint subsets when embedding); the
EPUB gets only the glyphs the book uses. E-readers and WeasyPrint both handle static faces
better than variable ones (WeasyPrint would otherwise cut one instance per font size).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

FAMILY = "Source Serif 4"
DISPLAY_FAMILY = "Source Serif 4 Display"
FONT_PACKAGE = "fontpkg_source_serif_4"


LICENCE_NAME_IDS = (0, 13, 14)  # copyright, licence description, licence URL
PDF_CUT = "sc1"  # names the way the PDF faces are cut, in the cache: change it with that way


@dataclass(frozen=True)
class Face:
    """A static face: family name in CSS, style, weight and the optical size it is cut at."""

    family: str
    style: str  # "normal" or "italic"
    weight: int
    optical_size: int

    @property
    def stem(self) -> str:
        kind = "Display" if self.family == DISPLAY_FAMILY else "Text"
        return f"SourceSerif4{kind}-{self.weight}{'i' if self.style == 'italic' else ''}"


TEXT_FACES = tuple(
    Face(FAMILY, style, weight, 11) for weight in (400, 600, 700) for style in ("normal", "italic")
)
DISPLAY_FACES = (
    Face(DISPLAY_FAMILY, "normal", 600, 36),
    Face(DISPLAY_FAMILY, "normal", 700, 36),
    Face(DISPLAY_FAMILY, "italic", 400, 36),
)
FACES = TEXT_FACES + DISPLAY_FACES


@cache
def font_folder() -> Path:
    return Path(str(resources.files(FONT_PACKAGE) / "files"))


def variable_font(style: str) -> Path:
    name = (
        "SourceSerif4-Italic[opsz,wght].ttf" if style == "italic" else "SourceSerif4[opsz,wght].ttf"
    )
    return font_folder() / name


def cut_face(face: Face, characters: set[str] | None = None) -> bytes:
    """A static TrueType font for `face`, with every glyph or only those of `characters`."""
    import uharfbuzz as hb

    source = hb.Face(hb.Blob.from_file_path(str(variable_font(face.style))))
    wanted = hb.SubsetInput()
    if characters is None:
        wanted.keep_everything()
    else:
        for character in characters | {" ", "\u00a0"}:
            wanted.unicode_set.add(ord(character))
        for name_id in LICENCE_NAME_IDS:  # the OFL travels with every copy of the font
            wanted.name_id_set.add(name_id)
    wanted.pin_axis_location(source, "wght", face.weight)
    wanted.pin_axis_location(source, "opsz", face.optical_size)
    wanted.flags |= hb.SubsetFlags.NO_HINTING
    return hb.subset(source, wanted).blob.data


def font_face_rule(face: Face, url: str) -> str:
    return (
        f'@font-face {{\n  font-family: "{face.family}";\n  src: url("{url}");\n'
        f"  font-style: {face.style};\n  font-weight: {face.weight};\n}}\n"
    )


def _source_stamp() -> str:
    """Changes whenever the font package's files change, to key the cache."""
    digest = hashlib.sha256()
    for style in ("normal", "italic"):
        stat = variable_font(style).stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:12]


def cached_faces(cache_folder: Path) -> dict[Face, Path]:
    """Every static face with all glyphs, cut once and kept in `cache_folder`, for the PDFs:
    with small caps whose text extracts as written (smallcaps.py)."""
    from pamphlet.output import write_atomic
    from pamphlet.smallcaps import distinct_small_caps

    folder = cache_folder / f"fonts-{_source_stamp()}-{PDF_CUT}"
    files = {}
    for face in FACES:
        path = folder / f"{face.stem}.ttf"
        if not path.is_file():
            write_atomic(path, distinct_small_caps(cut_face(face)))
        files[face] = path
    return files


def pdf_font_css(cache_folder: Path, url: Callable[[Path], str] = Path.as_uri) -> str:
    """@font-face rules for the PDFs, pointing at the cached static faces (at `url(path)`)."""
    return "".join(
        font_face_rule(face, url(path)) for face, path in cached_faces(cache_folder).items()
    )
