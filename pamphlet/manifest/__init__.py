"""Read and validate `sources/<slug>/pamphlet.toml`: a title's metadata and its ordered parts.

Every problem is reported as `path:line: what is wrong — what to do`, with a "did you
mean" for misspelt keys, so an editor can fix the manifest without reading code.

The package: this module holds the `Manifest` and `load_manifest`; `options` the tables
(which keys, the editions and printing options); `fields` the checks of single values;
`reader` the check of a table; `lines` finds the line of a key; `files` reads source files.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from pamphlet.errors import SourceError
from pamphlet.manifest import binding as binding_keys
from pamphlet.manifest.editorial import (
    LINT,
    ORDER,
    PROOF,
    LintOptions,
    Order,
    ProofOptions,
    order_from,
)
from pamphlet.manifest.fields import MANIFEST_NAME, is_slug
from pamphlet.manifest.files import read_source
from pamphlet.manifest.inks import spot_inks
from pamphlet.manifest.lines import KeyLines
from pamphlet.manifest.options import (
    COVER,
    DEFAULT_TRIM,
    EPUB,
    OUTPUT_CONDITIONS,
    PART,
    PRINT,
    SERIES,
    TOP,
    EpubOptions,
    PrintOptions,
    fix_for,
)
from pamphlet.manifest.reader import TableReader
from pamphlet.registry import DEFAULT_EDITIONS
from pamphlet.sandbox import real_path
from pamphlet.units import Size, known_size

if TYPE_CHECKING:
    from pamphlet.manifest.titles import TitleSpec

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


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
    trim: Size = field(default_factory=lambda: known_size(DEFAULT_TRIM))
    series: Series | None = None
    cover_slogan: str = ""
    quotes: str = ""
    editions: tuple[str, ...] = DEFAULT_EDITIONS
    print: PrintOptions = field(default_factory=PrintOptions)
    epub: EpubOptions = field(default_factory=EpubOptions)
    draft: bool = False
    proof: ProofOptions = field(default_factory=ProofOptions)
    lint: LintOptions = field(default_factory=LintOptions)
    order: Order | None = None
    titles: tuple[TitleSpec, ...] = ()  # a collection's included titles (pamphlet.manifest.titles)

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


def load_manifest(path: Path) -> Manifest:
    """Read and validate one `pamphlet.toml`."""
    if path.exists() and not path.is_file():
        raise SourceError(
            path, None, f"{MANIFEST_NAME} is not a regular file", "make it a text file"
        )
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
    except RecursionError:
        raise SourceError(
            path,
            None,
            "TOML syntax: arrays or tables are nested too deeply",
            "a manifest needs at most two levels: [table] and key = [list]",
        ) from None
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
    reader = TableReader(path, text)
    top = reader.table(data, TOP)
    slug = path.parent.name
    if not is_slug(slug):
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
    editions = (
        top["editions"]
        if "editions" in top
        else binding_keys.default_editions(print_options, DEFAULT_EDITIONS)
    )
    binding_keys.check_choices(reader, print_options, top, editions)
    epub = EpubOptions(**reader.table(top.get("epub", {}), EPUB, "epub"))
    proof = ProofOptions(**reader.table(top.get("proof", {}), PROOF, "proof"))
    lint = LintOptions(**reader.table(top.get("lint", {}), LINT, "lint"))
    titles = _titles(reader, top.get("titles", []))
    order = None
    if "order" in top:
        order = order_from(reader.table(top["order"], ORDER, "order"), "[order]")
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
        trim=top.get("trim") or known_size(DEFAULT_TRIM),
        series=series,
        cover_slogan=cover.get("slogan", ""),
        quotes=top.get("quotes", ""),
        editions=editions,
        parts=_parts(reader, path.parent, top.get("parts", []), bool(titles)),
        print=print_options,
        epub=epub,
        draft=top.get("draft", False),
        proof=_with_lines(proof, reader),
        lint=lint,
        order=order,
        titles=titles,
    )


def _with_lines(proof: ProofOptions, reader: TableReader) -> ProofOptions:
    """Each acknowledged difference with the manifest line that lists it."""
    lines = reader.lines.lines
    found = []
    for entry in proof.acknowledged:
        line = next((n for n, text in enumerate(lines, 1) if entry.words in text), None)
        found.append(replace(entry, line=line))
    return ProofOptions(tuple(found))


def _print_options(reader: TableReader, data: dict) -> PrintOptions:
    values = reader.table(data, PRINT, "print")
    condition = values.get("output_condition")
    if condition and "output_profile" not in values and condition not in OUTPUT_CONDITIONS:
        raise reader.fail(
            f'output condition "{condition}" is not registered with the ICC',
            fix_for("output_condition"),
            "output_condition",
            "print",
        )
    if values.get("image_inks", "black") != "black" and not spot_inks(values):
        raise reader.fail(
            f'image_inks = "{values["image_inks"]}" needs a spot ink',
            'add the spot to inks, e.g. inks = ["black", "PANTONE 186 C"], or remove image_inks',
            "image_inks",
            "print",
        )
    return PrintOptions(**values)


def line_of(manifest: Manifest, key: str, table: str = "") -> int | None:
    """The line of `key` (in `[table]`) in the manifest's file, for errors found at build time."""
    return KeyLines(manifest.path.read_text(encoding="utf-8")).of(key, table)


def _titles(reader: TableReader, entries: list) -> tuple[TitleSpec, ...]:
    """A collection's `[[titles]]` (see pamphlet.manifest.titles)."""
    from pamphlet.manifest.titles import read_titles

    return read_titles(reader, entries)


def _parts(
    reader: TableReader, folder: Path, entries: list, collection: bool = False
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
        file = real_path(folder / values["file"])
        if file is None:
            raise reader.fail(
                f'part file "{values["file"]}" is a link that loops',
                "replace the link with the file itself",
                "file",
                "parts",
                index,
            )
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
        if file.exists() and not file.is_file():
            raise reader.fail(
                f'part file "{values["file"]}" is not a regular file (a folder, a pipe…)',
                f"make it a Markdown file in {folder.name}/",
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
