"""The publisher's original, as `pamphlet import` kept it beside the sources
(`original.txt` or `original.html`): its words, each with its line.

What the proof does not count: the web page's navigation, dropped as the importer drops it.
What it acknowledges rather than counts as lost: the publication line ("published in … No.
69") when the manifest's [series] names the same periodical and number, and the byline ("By
…") when the manifest's author is the same — the title page and colophon print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.authoring.classify import BYLINE as BYLINE_PATTERN
from pamphlet.authoring.exports import Unit, read_text
from pamphlet.authoring.publication import publication_line
from pamphlet.authoring.recognise import is_navigation, plain
from pamphlet.authoring.webpage import read_html
from pamphlet.errors import SourceError
from pamphlet.manifest import Manifest
from pamphlet.manifest.files import read_source
from pamphlet.proof.words import Word, key, words

NAMES = ("original.txt", "original.html", "original.htm", "original.md")


@dataclass
class Original:
    """The original's words; `places[i]` is the line of place i; what was set aside."""

    path: Path
    words: list[Word]
    places: list[int]
    navigation: list[int] = field(default_factory=list)  # lines dropped as web navigation
    moved: dict[int, str] = field(default_factory=dict)  # word index → where the words went


def find_original(folder: Path) -> Path | None:
    return next((folder / name for name in NAMES if (folder / name).is_file()), None)


def read_original(path: Path, manifest: Manifest) -> Original:
    html = path.suffix in (".html", ".htm")
    units = read_html(path.read_bytes())[0] if html else read_text(read_source(path))
    if not units:
        raise SourceError(path, None, "the original has no text", "put the publisher's text in it")
    original = Original(path, [], [])
    for unit in units:
        if is_navigation(unit):
            original.navigation.append(unit.line)
            continue
        start = len(original.words)
        for offset, line in enumerate(unit.lines):
            original.places.append(unit.line + (offset if len(unit.lines) > 1 else 0))
            original.words += words(plain(line), len(original.places) - 1)
        moved = _moved_to_the_manifest(unit, manifest)
        if moved:
            original.moved |= dict.fromkeys(range(start, len(original.words)), moved)
    return original


PUBLICATION = "the publication line, printed from the manifest's [series]"
BYLINE = "the byline, printed from the manifest's author"


def _moved_to_the_manifest(unit: Unit, manifest: Manifest) -> str:
    """Why a line of the original is not in the text: the manifest prints it ("" if not)."""
    text = plain(unit.text).strip()
    found = publication_line(text)
    series = manifest.series
    if found and series and key(found.name) == key(series.name) and found.number == series.number:
        return PUBLICATION
    byline = BYLINE_PATTERN.match(text)
    if byline and key(byline["name"].strip()) == key(manifest.author):
        return BYLINE
    return ""
