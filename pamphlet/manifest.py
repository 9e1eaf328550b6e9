"""Read and validate `sources/<slug>/pamphlet.toml`: a title's metadata and its ordered parts.

Every problem is reported as `path:line: what is wrong — what to do`, with a "did you
mean" for misspelt keys, so an editor can fix the manifest without reading code.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pamphlet.errors import SourceError
from pamphlet.units import Size, parse_length, parse_size

if TYPE_CHECKING:
    from pamphlet.collection import TitleSpec

MANIFEST_NAME = "pamphlet.toml"
ROLES = ("foreword", "article", "appendix", "slogans", "afterword")
EDITIONS = ("screen", "print", "booklet", "epub", "html")
DEFAULT_EDITIONS = ("screen", "print", "booklet", "epub")
DEFAULT_TRIM = "5.5in x 8.5in"
MAX_SOURCE_BYTES = 1_000_000  # about 700 pages of text: far beyond a pamphlet, still laid out

_LANGUAGE_TAG = re.compile(
    r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-[a-zA-Z\d]{5,8})*$"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def is_slug(text: str) -> bool:
    """A title folder's name: lowercase letters, digits and single hyphens."""
    return bool(_SLUG.match(text))


def is_language_tag(text: str) -> bool:
    return bool(_LANGUAGE_TAG.match(text))


@dataclass(frozen=True)
class Series:
    """The periodical a text first appeared in: "Proletarian Revolution", "69", "Winter 2004"."""

    name: str
    number: str = ""
    issue: str = ""


@dataclass(frozen=True)
class PartSpec:
    """One entry of `[[parts]]`: which file, in which role, under which id."""

    file: Path
    role: str
    id: str
    line: int | None
    title: str = ""


# Printing conditions registered with the ICC (https://www.color.org/registry), which a
# PDF/X OutputIntent may name without embedding a profile: reference name → description.
OUTPUT_CONDITIONS = {
    "CGATS TR 001": "SWOP (publication) offset printing in the USA",
    "FOGRA39": "Offset printing, ISO 12647-2:2004/Amd 1, coated paper (paper types 1 and 2)",
    "FOGRA29": "Offset printing, ISO 12647-2:2004, uncoated white paper (paper type 4)",
    "FOGRA51": "Offset printing, ISO 12647-2:2013, premium coated paper (PSO Coated v3)",
    "FOGRA52": "Offset printing, ISO 12647-2:2013, wood-free uncoated paper (PSO Uncoated v3)",
}
BACK_COVERS = ("slogans", "publisher", "blank")


@dataclass(frozen=True)
class PrintOptions:
    """What the print shop needs to know: bleed, output condition, page budget, back cover,
    the booklet's sheet and paper. Lengths are in points."""

    bleed: float = 9.0
    output_condition: str = "CGATS TR 001"
    output_profile: str = ""
    page_budget: int | None = None
    back_cover: str = ""  # "" = the slogans if the title has a slogans part, else publisher
    registration_marks: bool = False
    sheet: Size | None = None
    paper_thickness: float = 0.1 * 72 / 25.4
    paper: str = "60 lb (90 g/m²) uncoated offset text, self-cover"


@dataclass(frozen=True)
class EpubOptions:
    """EPUB-only metadata: who certified its accessibility, and the e-mail address that
    answers questions about it (the ONIX record's publisher contact, code list 196/99)."""

    certified_by: str = ""
    accessibility_contact: str = ""


@dataclass(frozen=True)
class Manifest:
    """A title's metadata and parts, validated; paths are absolute."""

    path: Path
    slug: str
    title: str
    author: str
    publisher: str
    language: str
    date: date
    description: str
    rights: str
    parts: tuple[PartSpec, ...]
    subtitle: str = ""
    subjects: tuple[str, ...] = ()
    isbn: str = ""
    edition: str = ""
    version: str = "1.0"
    trim: Size = field(default_factory=lambda: parse_size(DEFAULT_TRIM))  # type: ignore[arg-type, return-value]
    series: Series | None = None
    cover_slogan: str = ""
    quotes: str = ""
    editions: tuple[str, ...] = DEFAULT_EDITIONS
    print: PrintOptions = field(default_factory=PrintOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    titles: tuple[TitleSpec, ...] = ()  # a collection's included titles (pamphlet.collection)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def is_collection(self) -> bool:
        return bool(self.titles)

    @property
    def quote_marks(self) -> str:
        """Opening and closing double, then single, quotation marks: the manifest's `quotes`,
        or the language's."""
        from pamphlet.typography import quotes_for

        return self.quotes or quotes_for(self.language)


# --- locating keys in the TOML text, so errors can name a line ------------------------------

_HEADER = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")


class _Lines:
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


# --- field checks --------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A manifest key: its type, whether it is required, and how to check and convert it."""

    kind: type | tuple[type, ...]
    required: bool = False
    check: Callable[[Any], tuple[Any, str | None]] | None = None
    example: str = ""


def _language(value: str) -> tuple[Any, str | None]:
    if _LANGUAGE_TAG.match(value):
        return value, None
    return value, f'"{value}" is not a BCP 47 language tag'


def _isbn(value: str) -> tuple[Any, str | None]:
    digits = value.replace("-", "").replace(" ", "").upper()
    if not digits:
        return "", None
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits[:12]))
        if (10 - total % 10) % 10 == int(digits[12]):
            return digits, None
        return value, f'ISBN "{value}" has a wrong check digit'
    if re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        if total % 11 == 0:
            return digits, None
        return value, f'ISBN "{value}" has a wrong check digit'
    return value, f'"{value}" is not an ISBN (10 or 13 digits)'


def _trim(value: str) -> tuple[Any, str | None]:
    size = parse_size(value)
    if size is None or not (72 <= size.width <= 2000 and 72 <= size.height <= 2000):
        return value, f'trim "{value}" is not a page size'
    return size, None


def _length(value: str) -> tuple[Any, str | None]:
    points = parse_length(value)
    if points is None:
        return value, f'"{value}" is not a length'
    return points, None


def _bleed(value: str) -> tuple[Any, str | None]:
    points, problem = _length(value)
    if problem is None and not 0 < points <= 18:
        return value, f'bleed "{value}" is not between 0 and 0.25in'
    return points, problem


def _paper_thickness(value: str) -> tuple[Any, str | None]:
    points, problem = _length(value)
    if problem is None and not 0.02 * 72 / 25.4 <= points <= 0.5 * 72 / 25.4:
        return value, f'paper thickness "{value}" is not between 0.02mm and 0.5mm'
    return points, problem


def _sheet(value: str) -> tuple[Any, str | None]:
    size = parse_size(value)
    if size is None:
        return value, f'sheet "{value}" is not a paper size'
    return size, None


def _not_blank(value: str) -> tuple[Any, str | None]:
    return (value.strip(), None) if value.strip() else (value, "is empty")


def _email(value: str) -> tuple[Any, str | None]:
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.strip()):
        return value.strip(), None
    return value, f'"{value}" is not an e-mail address'


def _one_of(choices: tuple[str, ...]) -> Callable[[str], tuple[Any, str | None]]:
    def check(value: str) -> tuple[Any, str | None]:
        if value in choices:
            return value, None
        return value, f'"{value}" is not one of {", ".join(choices)}'

    return check


def _editions(value: list) -> tuple[Any, str | None]:
    for name in value:
        if name not in EDITIONS:
            return value, f'unknown edition "{name}"'
    return tuple(value), None


def _quotes(value: str) -> tuple[Any, str | None]:
    marks = "".join(value.split())
    if len(marks) == 4:
        return marks, None
    return value, f'"{value}" is not four quotation marks'


def _positive(value: int) -> tuple[Any, str | None]:
    return (value, None) if value > 0 else (value, "must be a positive number")


TOP = {
    "title": Field(str, True, _not_blank, 'title = "Bolivia’s Unfinished Revolution"'),
    "subtitle": Field(str),
    "author": Field(str, True, _not_blank, 'author = "League for the Revolutionary Party"'),
    "publisher": Field(str, True, _not_blank, 'publisher = "SV Publishing"'),
    "language": Field(str, True, _language, 'language = "en-US"'),
    "date": Field(date, True, None, "date = 2003-11-28"),
    "description": Field(str, True, _not_blank, 'description = "One or two sentences."'),
    "subjects": Field(list),
    "rights": Field(str, True, _not_blank, 'rights = "© 2004 The Publisher"'),
    "isbn": Field(str, False, _isbn),
    "edition": Field(str),
    "version": Field(str),
    "trim": Field(str, False, _trim, 'trim = "5.5in x 8.5in"'),
    "quotes": Field(str, False, _quotes, 'quotes = "«»“”"'),
    "editions": Field(list, False, _editions),
    "series": Field(dict),
    "cover": Field(dict),
    "print": Field(dict),
    "epub": Field(dict),
    "parts": Field(list, False, None, '[[parts]] with file = "article.md" and role = "article"'),
    "titles": Field(list, False, None, '[[titles]] with slug = "bolivias-unfinished-revolution"'),
}
SERIES = {
    "name": Field(str, True, _not_blank, 'name = "Proletarian Revolution"'),
    "number": Field((str, int)),
    "issue": Field(str),
}
COVER = {"slogan": Field(str)}
PRINT = {
    "bleed": Field(str, False, _bleed, 'bleed = "0.125in"'),
    "output_condition": Field(str, False, _not_blank, 'output_condition = "FOGRA39"'),
    "output_profile": Field(str, False, _not_blank, 'output_profile = "shop-cmyk.icc"'),
    "page_budget": Field(int, False, _positive, "page_budget = 24"),
    "back_cover": Field(str, False, _one_of(BACK_COVERS), 'back_cover = "slogans"'),
    "registration_marks": Field(bool, False, None, "registration_marks = true"),
    "sheet": Field(str, False, _sheet, 'sheet = "11in x 17in"'),
    "paper_thickness": Field(str, False, _paper_thickness, 'paper_thickness = "0.1mm"'),
    "paper": Field(str, False, _not_blank, 'paper = "70 lb uncoated text"'),
}
EPUB = {
    "certified_by": Field(str),
    "accessibility_contact": Field(
        str, False, _email, 'accessibility_contact = "access@example.org"'
    ),
}
PART = {
    "file": Field(str, True, None, 'file = "article.md"'),
    "role": Field(str, True, _one_of(ROLES), 'role = "article"'),
    "id": Field(str),
    "title": Field(str),
}

_TYPE_NAMES = {
    str: "text in quotes",
    int: "a whole number",
    bool: "true or false",
    date: "a date like 2003-11-28",
    list: "a list in [ ]",
    dict: "a table",
}


class _Reader:
    """Checks tables of the manifest against their `Field`s, raising SourceError with a line."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = _Lines(text)

    def fail(
        self, what: str, fix: str, key: str | None = None, table: str = "", index: int | None = None
    ) -> SourceError:
        return SourceError(self.path, self.lines.of(key, table, index), what, fix)

    def table(
        self, data: dict, fields: dict[str, Field], table: str = "", index: int | None = None
    ) -> dict[str, Any]:
        where = f"[{table}]" if table else "the manifest"
        for key in data:
            if key not in fields:
                guess = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
                fix = (
                    f'did you mean "{guess[0]}"?'
                    if guess
                    else (f"keys allowed in {where}: {', '.join(fields)}")
                )
                raise self.fail(f'unknown key "{key}" in {where}', fix, key, table, index)
        values: dict[str, Any] = {}
        for key, spec in fields.items():
            if key not in data:
                if spec.required:
                    raise self.fail(
                        f'{where} has no "{key}"',
                        f"add a line such as: {spec.example}",
                        None,
                        table,
                        index,
                    )
                continue
            value = data[key]
            texts = value if isinstance(value, list) else [value]
            if any(isinstance(text, str) and _CONTROL.search(text) for text in texts):
                raise self.fail(
                    f'"{key}" holds an invisible control character',
                    "remove the \\u escape or the character",
                    key,
                    table,
                    index,
                )
            kinds = spec.kind if isinstance(spec.kind, tuple) else (spec.kind,)
            if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
                raise self.fail(
                    f'"{key}" must be {_TYPE_NAMES[kinds[0]]}',
                    f"write it like: {spec.example or key + ' = ...'}",
                    key,
                    table,
                    index,
                )
            if spec.check:
                value, problem = spec.check(value)
                if problem:
                    raise self.fail(f'"{key}": {problem}', _fix_for(key), key, table, index)
            values[key] = value
        return values


def _fix_for(key: str) -> str:
    return {
        "language": 'use a tag such as "en", "en-US" or "es-419"',
        "isbn": "check the ISBN against the publisher's records",
        "trim": 'write a size such as "5.5in x 8.5in", "148mm x 210mm" or "A5"',
        "bleed": 'write a length such as "0.125in" or "3mm"',
        "paper_thickness": 'write a length such as "0.1mm"',
        "sheet": 'write a size such as "11in x 17in" or "A3"',
        "output_condition": (
            f"name a registered condition ({', '.join(OUTPUT_CONDITIONS)}) "
            "or give the shop's profile as output_profile"
        ),
        "back_cover": f"use one of: {', '.join(BACK_COVERS)}",
        "role": f"use one of: {', '.join(ROLES)}",
        "editions": f"use names from: {', '.join(EDITIONS)}",
        "quotes": 'write the opening and closing double, then single marks: "«»“”" or "“”‘’"',
    }.get(key, "correct the value")


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
    control = _CONTROL.search(text)
    if control:
        raise SourceError(
            path,
            text.count("\n", 0, control.start()) + 1,
            f"the line holds an invisible control character (U+{ord(control[0]):04X})",
            "delete it: retype the text around it, or paste the text as plain text",
        )
    return text


def load_manifest(path: Path) -> Manifest:
    """Read and validate one `pamphlet.toml`."""
    if not path.is_file():
        raise SourceError(
            path,
            None,
            f"no {MANIFEST_NAME} in {path.parent.name}/",
            f"create {MANIFEST_NAME} (see README, 'Source format') or run 'pamphlet new'",
        )
    if not path.resolve().is_relative_to(path.parent.resolve()):
        raise SourceError(
            path,
            None,
            f"{MANIFEST_NAME} is a link that leads out of the title folder",
            f"put the file itself in {path.parent.name}/",
        )
    text = read_source(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        what = re.sub(r"\s*\(at (line|end).*\)$", "", str(error)) or "TOML syntax error"
        raise SourceError(
            path,
            _toml_error_line(text, str(error)),
            f"TOML syntax: {what.lower()}",
            "check quotes, brackets and '=' on that line",
        ) from None
    return _build_manifest(path, text, data)


def _toml_error_line(text: str, message: str) -> int | None:
    """The line of a TOML error; for one reported "at end of document" (a duplicate key, an
    unterminated string), the first line after which the text gives that same error."""
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    if match:
        return int(match[1])
    lines = text.splitlines(keepends=True)
    for count in range(1, len(lines) + 1):
        try:
            tomllib.loads("".join(lines[:count]))
        except tomllib.TOMLDecodeError as error:
            if str(error) == message:
                return count
    return None


def _build_manifest(path: Path, text: str, data: dict) -> Manifest:
    reader = _Reader(path, text)
    top = reader.table(data, TOP)
    slug = path.parent.name
    if not _SLUG.match(slug):
        raise SourceError(
            path,
            None,
            f'folder name "{slug}" is not a slug',
            "rename the folder with lowercase letters, digits and hyphens",
        )
    subjects = top.get("subjects", [])
    if not all(isinstance(s, str) for s in subjects):
        raise reader.fail(
            '"subjects" must be a list of texts', 'write subjects = ["Bolivia"]', "subjects"
        )
    series = None
    if "series" in top:
        values = reader.table(top["series"], SERIES, "series")
        series = Series(values["name"], str(values.get("number", "")), values.get("issue", ""))
    cover = reader.table(top.get("cover", {}), COVER, "cover")
    print_options = _print_options(reader, top.get("print", {}))
    epub = EpubOptions(**reader.table(top.get("epub", {}), EPUB, "epub"))
    titles = _titles(reader, top.get("titles", []))
    return Manifest(
        path=path,
        slug=slug,
        title=top["title"],
        subtitle=top.get("subtitle", "").strip(),
        author=top["author"],
        publisher=top["publisher"],
        language=top["language"],
        date=top["date"],
        description=top["description"],
        subjects=tuple(subjects),
        rights=top["rights"],
        isbn=top.get("isbn", ""),
        edition=top.get("edition", ""),
        version=top.get("version", "1.0"),
        trim=top.get("trim") or parse_size(DEFAULT_TRIM),
        series=series,
        cover_slogan=cover.get("slogan", ""),
        quotes=top.get("quotes", ""),
        editions=top.get("editions", DEFAULT_EDITIONS),
        parts=_parts(reader, path.parent, top.get("parts", []), bool(titles)),
        print=print_options,
        epub=epub,
        titles=titles,
    )


def _print_options(reader: _Reader, data: dict) -> PrintOptions:
    values = reader.table(data, PRINT, "print")
    condition = values.get("output_condition")
    if condition and "output_profile" not in values and condition not in OUTPUT_CONDITIONS:
        raise reader.fail(
            f'output condition "{condition}" is not registered with the ICC',
            _fix_for("output_condition"),
            "output_condition",
            "print",
        )
    return PrintOptions(**values)


def line_of(manifest: Manifest, key: str, table: str = "") -> int | None:
    """The line of `key` (in `[table]`) in the manifest's file, for errors found at build time."""
    return _Lines(manifest.path.read_text(encoding="utf-8")).of(key, table)


def _titles(reader: _Reader, entries: list) -> tuple[TitleSpec, ...]:
    """A collection's `[[titles]]` (see pamphlet.collection)."""
    from pamphlet.collection import read_titles

    return read_titles(reader, entries)


def _parts(
    reader: _Reader, folder: Path, entries: list, collection: bool = False
) -> tuple[PartSpec, ...]:
    if not entries and not collection:
        raise reader.fail(
            "the manifest lists no parts",
            "add [[parts]] with file and role (or [[titles]] with slug, for a collection)",
            "parts",
        )
    parts: list[PartSpec] = []
    seen_files: dict[Path, int] = {}
    seen_ids: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise reader.fail(
                "each part must be a table", 'write [[parts]] then file = "..."', "parts"
            )
        values = reader.table(entry, PART, "parts", index)
        line = reader.lines.of("file", "parts", index)
        file = (folder / values["file"]).resolve()
        if not file.is_relative_to(folder.resolve()):
            written = Path(os.path.abspath(folder / values["file"]))
            where = "is a link that leads" if written.is_relative_to(folder) else "is"
            raise reader.fail(
                f'part file "{values["file"]}" {where} outside the title folder',
                "keep part files (not links to them) next to pamphlet.toml",
                "file",
                "parts",
                index,
            )
        if file in seen_files:
            raise reader.fail(
                f'part "{values["file"]}" is listed twice',
                "remove one of the [[parts]] entries",
                "file",
                "parts",
                index,
            )
        if not file.is_file():
            raise reader.fail(
                f'part file "{values["file"]}" does not exist',
                f"create it in {folder.name}/ or correct the file name",
                "file",
                "parts",
                index,
            )
        part_id = values.get("id") or re.sub(r"^\d+[-_]?", "", file.stem) or file.stem
        if not _ID.match(part_id):
            raise reader.fail(
                f'part id "{part_id}" is not a usable id',
                'set id = "letters-digits-hyphens" for this part',
                "id",
                "parts",
                index,
            )
        if part_id in seen_ids:
            raise reader.fail(
                f'two parts have the id "{part_id}"',
                'give one of them its own id = "..."',
                "id",
                "parts",
                index,
            )
        seen_files[file] = index
        seen_ids.add(part_id)
        parts.append(PartSpec(file, values["role"], part_id, line, values.get("title", "")))
    return tuple(parts)
