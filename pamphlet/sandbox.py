"""The rule for every file a build reads: inside the allowed folders, never the network.

A build reads only the title's folder, the workspace's `styles/` and `templates/`, the
package's own data and the build cache. `refusal` decides for a URL (`data:` URLs, and
`file:` URLs naming a regular file under the allowed folders once symlinks and `..` are
resolved); `path_refusal` for a path. `check_stylesheet` applies the rule to a stylesheet's
`url(...)` and `@import` references before any edition uses the sheet, so the error names the
sheet and the line; `locate_reference` finds where a refused URL is written.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from pamphlet.errors import SourceError

if TYPE_CHECKING:
    from lxml import etree

NETWORK = "a build never reads from the network"
OUTSIDE = "the file is outside the workspace"
LINK_OUTSIDE = "the file is a link that leads outside the workspace"
MISSING = "the file does not exist"
NOT_A_FILE = "it is not a regular file"
UNRESOLVABLE = "the name is a link that loops, or holds a NUL character"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
ALLOWED_PLACES = "use files inside the title folder, styles/ or templates/ only"


def real_path(path: Path | str) -> Path | None:
    """`path` made absolute, with `..` and every link resolved; None when it cannot be: a
    link that loops, or a name holding a NUL character."""
    try:
        return Path(os.path.abspath(path)).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


def real_roots(roots: Iterable[Path]) -> tuple[Path, ...]:
    return tuple(real for real in map(real_path, roots) if real is not None)


def _within(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def path_refusal(path: Path, roots: tuple[Path, ...]) -> str | None:
    """Why the build may not read the file `path`, or None when it may. `roots` are real
    (resolved) folders."""
    try:
        written = Path(os.path.abspath(path))
    except ValueError:
        return UNRESOLVABLE
    real = real_path(written)
    if real is None:
        return UNRESOLVABLE
    if not _within(written, roots) and not _within(real, roots):
        return OUTSIDE
    if not _within(real, roots):
        return LINK_OUTSIDE
    if not real.exists():
        return MISSING
    if not real.is_file():
        return NOT_A_FILE
    return None


def url_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


def refusal(url: str, roots: tuple[Path, ...]) -> str | None:
    """Why the build may not read `url`, or None when it may."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        return NETWORK
    return path_refusal(url_path(url), roots)


# --- stylesheets ------------------------------------------------------------------------------


def stylesheet_references(css: str) -> Iterator[tuple[int, str]]:
    """(line, reference) for every `url(...)` and `@import` in a stylesheet or a `style`
    attribute."""
    import tinycss2

    def walk(tokens: Iterable) -> Iterator[tuple[int, str]]:
        importing = False
        for token in tokens or ():
            kind = token.type
            if kind == "url":
                yield token.source_line, token.value
            elif kind == "function" and token.lower_name == "url":
                yield from _strings(token.arguments)
            elif kind == "string" and importing:
                yield token.source_line, token.value
            elif kind in ("function", "() block", "[] block", "{} block"):
                yield from walk(token.arguments if kind == "function" else token.content)
            if kind not in ("whitespace", "comment"):
                importing = kind == "at-keyword" and token.lower_value == "import"

    yield from walk(tinycss2.parse_component_value_list(css, skip_comments=True))


def _strings(tokens: Iterable) -> Iterator[tuple[int, str]]:
    for token in tokens or ():
        if token.type == "string":
            yield token.source_line, token.value


def check_stylesheet(path: Path, css: str, roots: tuple[Path, ...]) -> None:
    """Refuse a stylesheet naming anything a build may not read, at the line naming it."""
    for line, reference in stylesheet_references(css):
        reason = refusal(urljoin(path.as_uri(), reference.strip()), roots)
        if reason:
            raise SourceError(
                path, line, f'the stylesheet asks for "{reference}" ({reason})', ALLOWED_PLACES
            )


# --- finding where a refused URL is written ---------------------------------------------------


def _needles(url: str) -> list[str]:
    """What the reference to `url` may look like where it is written, most specific first:
    the URL itself, then ever shorter tails of its path (a relative reference)."""
    needles = [url]
    if urlsplit(url).scheme.lower() == "file":
        segments = [s for s in unquote(urlsplit(url).path).split("/") if s]
        needles += ["/".join(segments[i:]) for i in range(len(segments))]
    return needles


def locate_reference(url: str, files: Iterable[Path]) -> tuple[Path, int] | None:
    """The file and line where `url` (or the relative reference it came from) is written."""
    texts = []
    for file in files:
        try:
            texts.append((file, file.read_text(encoding="utf-8", errors="replace").splitlines()))
        except OSError:
            continue
    for needle in _needles(url):
        for file, lines in texts:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return file, number
    return None


# --- what a finished document makes a reader load ---------------------------------------------


def loaded_references(root: etree._Element) -> Iterator[str]:
    """Every URL an (X)HTML tree makes a reader load by itself: images, stylesheets, objects,
    CSS `url()`s; not the links a reader may choose to follow (`<a href>`)."""
    from lxml import etree

    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = etree.QName(element).localname
        for name, value in element.attrib.items():
            attribute = etree.QName(name).localname
            if attribute in ("src", "poster", "data") or (attribute == "href" and tag != "a"):
                yield value
            elif attribute == "style":
                yield from (reference for _, reference in stylesheet_references(value))
        if tag == "style":
            yield from (reference for _, reference in stylesheet_references(element.text or ""))


def leaves_package(reference: str, folder: str) -> bool:
    """Whether `reference`, written in a file in `folder` of a package (an EPUB), points
    outside the package: another scheme, an absolute path or `..` past its root."""
    if reference.startswith(("#", "data:")):
        return False
    if _SCHEME.match(reference) or reference.startswith("/"):
        return True
    path = urlsplit(reference).path
    return posixpath.normpath(posixpath.join(folder, unquote(path))).startswith("..")
