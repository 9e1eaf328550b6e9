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
import os
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Source Serif 4"
DISPLAY_FAMILY = "Source Serif 4 Display"
FONT_PACKAGE = "fontpkg_source_serif_4"


LICENCE_NAME_IDS = (0, 13, 14)  # copyright, licence description, licence URL
PDF_CUT = "sc1"  # names the way the PDF faces are cut, in the cache: change it with that way

PREPARED_FACES = "_pamphlet_faces"


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


FONTCONFIG_FILE = Path(__file__).with_name("fonts.conf")
_MACHINE: dict[str, str | None] = {}


def confine_fontconfig() -> None:
    """Make this process's fontconfig (which WeasyPrint's layout asks for fonts) see no font
    of the machine: FONTCONFIG_FILE names pamphlet's fonts.conf, which lists no folder. A
    character no face of the book covers is then never drawn with a system font, so the
    bytes of a PDF are the same on every machine. Set before WeasyPrint is imported (its
    import loads a configuration)."""
    if "FONTCONFIG_FILE" not in _MACHINE:
        _MACHINE["FONTCONFIG_FILE"] = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(FONTCONFIG_FILE)
    # WeasyPrint warns, once, that the configuration holds no font: that is the point.
    warnings.filterwarnings("ignore", "No fonts configured in FontConfig", UserWarning)


def machine_environment(**extra: str) -> dict[str, str]:
    """The environment for an outside program that draws with the machine's fonts (the
    Chromium of DAISY Ace): this process's, with the machine's fontconfig put back."""
    env = dict(os.environ)
    if "FONTCONFIG_FILE" in _MACHINE:
        if _MACHINE["FONTCONFIG_FILE"] is None:
            env.pop("FONTCONFIG_FILE", None)
        else:
            env["FONTCONFIG_FILE"] = _MACHINE["FONTCONFIG_FILE"]
    return {**env, **extra}


@cache
def font_folder() -> Path:
    from importlib import resources

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


def prepared_faces() -> Path:
    """Where setup cuts the PDF faces once (scripts/setup.sh), beside the installed
    packages as fastload's compiled declarations: cutting them and giving their small caps
    distinct glyphs takes ~0.9 s, which a first build would pay otherwise."""
    import sysconfig

    return Path(sysconfig.get_paths()["purelib"]) / PREPARED_FACES


def cached_faces(cache_folder: Path) -> dict[Face, Path]:
    """Every static face with all glyphs, for the PDFs: with small caps whose text extracts
    as written (smallcaps.py). Those setup prepared, else cut once and kept in `cache_folder`."""
    prepared = _faces_in(prepared_faces())
    if all(_sound_face(path) for path in prepared.values()):
        return prepared
    return cut_faces(cache_folder)


def cut_faces(root: Path) -> dict[Face, Path]:
    """Cut into `root` the faces it does not have whole yet."""
    from pamphlet.output import write_atomic
    from pamphlet.smallcaps import distinct_small_caps

    files = _faces_in(root)
    for face, path in files.items():
        if not _sound_face(path):
            write_atomic(path, distinct_small_caps(cut_face(face)))
    return files


def _faces_in(root: Path) -> dict[Face, Path]:
    folder = root / f"fonts-{_source_stamp()}-{PDF_CUT}"
    return {face: folder / f"{face.stem}.ttf" for face in FACES}


def _sound_face(path: Path) -> bool:
    """Whether the cached face at `path` is a whole TrueType font: the tables a face needs,
    inside the file, and the header's magic number. build/.cache may arrive damaged with
    the workspace, and a face the layout engine cannot load would leave it with no font."""
    from pamphlet.sandbox import read_regular_file

    try:
        data = read_regular_file(path, 16 * 1024 * 1024)
    except (OSError, ValueError):
        return False
    if len(data) < 12 or data[:4] != b"\x00\x01\x00\x00":
        return False
    (count,) = struct.unpack(">H", data[4:6])
    if len(data) < 12 + 16 * count:
        return False
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * index : 28 + 16 * index])
        if offset + length > len(data):
            return False
        tables[tag] = (offset, length)
    if not {b"cmap", b"glyf", b"loca", b"head", b"maxp", b"hhea", b"hmtx"} <= set(tables):
        return False
    offset, length = tables[b"head"]
    return length >= 16 and data[offset + 12 : offset + 16] == b"\x5f\x0f\x3c\xf5"


def font_configuration(folder: Path):
    """WeasyPrint's font configuration for one layout, keeping the copies of the fonts it
    loads (with @font-face) in a hidden folder of `folder` (the build's staging folder)
    instead of the system's temporary folder: a build writes nothing outside the workspace,
    and the copies go with the staging folder however the build ends."""
    import tempfile

    from weasyprint.text.fonts import FontConfiguration

    configuration = FontConfiguration()
    folder.mkdir(parents=True, exist_ok=True)
    # WeasyPrint 70 makes this folder on first use unless it is set (`_folder`).
    configuration._folder = Path(tempfile.mkdtemp(prefix=".layout-fonts-", dir=folder))
    return configuration


def pdf_font_css(cache_folder: Path, url: Callable[[Path], str] = Path.as_uri) -> str:
    """@font-face rules for the PDFs, pointing at the cached static faces (at `url(path)`)."""
    return "".join(
        font_face_rule(face, url(path)) for face, path in cached_faces(cache_folder).items()
    )
