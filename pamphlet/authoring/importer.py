"""A web article exported as plain text or HTML → a title folder of Markdown parts.

The export is read into paragraphs (`Unit`s): from text, one per line or per block of
lines; from HTML, by `webpage.read_html`. Then they are classified, in reading order:

- a "published in … No. 69 (Winter 2004)" line before the title → the manifest's [series];
- the first heading → the title; later headings → sections (`##`);
- a paragraph set directly under one that ends with a colon, or paragraphs that each open
  with a quotation mark (the convention for a quotation of several paragraphs), or an HTML
  <blockquote> → a block quotation; a citation in parentheses at its end, or a last line
  after a dash, → its source line;
- a line holding only a date → the dateline; short lines after it → the closing slogans;
- a heading after the end of the article → an appended article (an appendix part);
- menus and link lines ("Return to homepage | Write to us") → dropped.

Every guess is reported with its input line, so the editor can review them. The steps:
`exports` and `webpage` read the export, `recognise` and `classify` guess, this module
writes the title folder.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from pamphlet.authoring.classify import Imported, ImportedPart, classify
from pamphlet.authoring.exports import guess_language, read_text
from pamphlet.authoring.recognise import QUOTE_OPENERS, plain, shorten
from pamphlet.authoring.region import guess_region
from pamphlet.authoring.scaffold import (
    PartFile,
    TitleDraft,
    check_new_title,
    part_comment,
    write_title,
)
from pamphlet.authoring.webpage import read_html
from pamphlet.errors import SourceError
from pamphlet.languages import language as language_data
from pamphlet.manifest.files import decode_source
from pamphlet.sources.ids import slugify


def read_export(path: Path, language: str | None = None) -> Imported:
    """Read a plain-text or HTML export of a web article and classify it."""
    data = path.read_bytes()
    looks_html = path.suffix.lower() in (".html", ".htm", ".xhtml") or re.match(
        rb"\s*(<!doctype html|<html)", data[:512], re.IGNORECASE
    )
    facts: dict[str, str] = {}
    images: list[str] = []
    if looks_html:
        units, facts, images = read_html(data)
    else:
        units = read_text(decode_source(path, data))
    if not units:
        raise SourceError(path, None, "the file has no text", "export the article again")
    guessed = not language and not facts.get("language")
    language = language or facts.get("language") or guess_language(units)
    imported = classify(path, units, language.split("-")[0].lower())
    imported.language = language
    if guessed:
        text = " ".join(unit.text for unit in units)
        imported.language, why = guess_region(text, language, _dateline(imported))
        imported.guess(0, f"language: {imported.language} (from its words: {why}; --lang sets it)")
    if imported.day is None and facts.get("date"):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", facts["date"])
        if match:
            imported.day = date(int(match[1]), int(match[2]), int(match[3]))
            imported.guess(0, f"date: {imported.day.isoformat()} (from the page's metadata)")
    for image in images:
        imported.guess(0, f"left out an image ({image}): save it into the title folder")
    return imported


def _dateline(imported: Imported) -> str:
    for part in imported.parts:
        for block in part.blocks:
            if block.startswith("{.dateline}"):
                return plain(block.split("\n", 1)[1])
    return ""


# --- writing the title folder ---------------------------------------------------------------


def part_texts(imported: Imported) -> list[tuple[ImportedPart, str]]:
    """Each part as the Markdown file the title will hold."""
    words = language_data(imported.language).new_title
    texts = []
    for part in imported.parts:
        if part.role == "slogans":
            head = f"<!-- {words['slogans_head']} -->"
        else:
            head = f"<!-- {words['imported'].format(file=imported.source.name)} -->"
            head += f"\n\n# {part.heading}"
        texts.append((part, "\n\n".join([head, *part.blocks]) + "\n"))
    return texts


def first_sentence(imported: Imported) -> str:
    for part in imported.parts:
        for block in part.blocks:
            if block[:1].isalnum() or block[:1] in QUOTE_OPENERS:
                sentence = re.split(r"(?<=[.!?])\s", plain(block), maxsplit=1)[0]
                return shorten(re.sub(r"[*_]", "", sentence), 300)
    return ""


def import_title(
    workspace,
    path: Path,
    slug: str | None = None,
    language: str | None = None,
    author: str = "",
    publisher: str = "",
    force: bool = False,
) -> tuple[Path, Imported]:
    """Read an export and write sources/<slug>/: its manifest and Markdown parts."""
    if not path.is_file():
        raise SourceError(path, None, "no such file", "give the path of the exported article")
    imported = read_export(path, language)
    slug = slug or slugify(imported.title)
    if not force or not (workspace.sources / slug).exists():
        check_new_title(workspace, slug, imported.language, replace_option="--force")
    original = f"original{path.suffix.lower() or '.txt'}"
    if imported.day is None:
        imported.guess(0, "date: the export gives none; today's date is written — correct it")
    draft = TitleDraft(
        slug,
        imported.title,
        imported.language,
        author or imported.author,
        publisher,
        day=imported.day or date.today(),
        description=first_sentence(imported),
        series=imported.series,
        imported_from=path.name,
        original=original,
        unparsed=imported.unparsed,
    )
    parts = [
        PartFile(part.file, part.role, text, part_comment(imported.language, part.role))
        for part, text in part_texts(imported)
    ]
    imported.guess(0, f"kept the export as sent: {original} (for pamphlet proof)")
    files = {original: path.read_bytes()}
    return write_title(workspace, draft, parts, force=force, files=files), imported
