"""The rule for every file a build reads: inside the allowed folders, never the network.

A build reads only the title's folder, the workspace's `styles/` and `templates/`, the
package's own data and the build cache. `refusal` decides for a URL (`data:` URLs, and
`file:` URLs naming a regular file under the allowed folders once symlinks and `..` are
resolved); `path_refusal` for a path. `check_stylesheet` applies the rule to a stylesheet's
`url(...)` and `@import` references before any edition uses the sheet, so the error names the
sheet and the line; `locate_reference` finds where a refused URL is written;
`read_regular_file` reads a checked file without ever waiting on a pipe.

What a finished document would make a reader load or run is the other half of the rule:
`markup_problem` looks at every element of an edition's markup, as written (`html_nodes`)
or as parsed (`xml_nodes`), for scripts, event handlers, embedded documents, links that
are not to the web, an address or the book, and references the edition may not load.
"""

from __future__ import annotations

import errno
import os
import posixpath
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from pamphlet.errors import SourceError

if TYPE_CHECKING:
    from lxml import etree


NETWORK = "a build never reads from the network"
OUTSIDE_EDITION = "an edition loads nothing from outside itself"
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
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return MISSING
    except OSError as error:  # a name too long, a folder that may not be entered…
        return f"it cannot be read ({error.strerror or error})"
    return None if stat.S_ISREG(mode) else NOT_A_FILE


def read_regular_file(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of the regular file `path`. Opened without waiting (a named
    pipe would never end) and checked to be a regular file before reading."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        return handle.read(limit)


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
    """(line, reference) for every `url(...)`, `src(...)`, `image-set(...)` and `@import` in
    a stylesheet or a `style` attribute (CSS escapes decoded: `u\\72l(` is `url(`)."""
    for line, kind, value in _stylesheet_names(css):
        if kind == "url":
            yield line, value


def stylesheet_local_fonts(css: str) -> Iterator[tuple[int, str]]:
    """(line, name) for every `local(...)` font: a font installed on the machine."""
    for line, kind, value in _stylesheet_names(css):
        if kind == "local":
            yield line, value


def _stylesheet_names(css: str) -> Iterator[tuple[int, str, str]]:
    import tinycss2

    def walk(tokens: Iterable) -> Iterator[tuple[int, str, str]]:
        importing = False
        for token in tokens or ():
            kind = token.type
            if kind == "url":
                yield token.source_line, "url", token.value
            elif kind == "function" and token.lower_name in _URL_FUNCTIONS:
                yield from ((line, "url", text) for line, text in _strings(token.arguments))
                yield from walk(token.arguments)
            elif kind == "function" and token.lower_name == "local":
                name = tinycss2.serialize(token.arguments).strip()
                yield token.source_line, "local", name
            elif kind == "string" and importing:
                yield token.source_line, "url", token.value
            elif kind in ("function", "() block", "[] block", "{} block"):
                yield from walk(token.arguments if kind == "function" else token.content)
            if kind not in ("whitespace", "comment"):
                importing = kind == "at-keyword" and token.lower_value == "import"

    yield from walk(tinycss2.parse_component_value_list(css, skip_comments=True))


_URL_FUNCTIONS = ("url", "src", "image-set", "-webkit-image-set", "image")


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
    for line, name in stylesheet_local_fonts(css):
        raise SourceError(
            path,
            line,
            f"local({name}) asks for a font installed on this machine, which another machine "
            "may not have",
            'put the font file in styles/ and name it with url("…")',
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
        if file.is_symlink():
            continue  # never read through a link to say where something is written
        try:
            text = read_regular_file(file, 2_000_000).decode("utf-8", errors="replace")
        except (OSError, ValueError):
            continue
        texts.append((file, text.splitlines()))
    for needle in _needles(url):
        for file, lines in texts:
            for number, line in enumerate(lines, start=1):
                if needle in line:
                    return file, number
    return None


# --- what a finished document makes a reader load or run -------------------------------------

# Elements that run code or load a whole other document: no edition has a use for them.
FORBIDDEN_ELEMENTS = frozenset(
    {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
)
# Attributes holding a URL the reader's device loads by itself.
LOADED = frozenset(
    {
        "src",
        "poster",
        "data",
        "background",
        "lowsrc",
        "dynsrc",
        "manifest",
        "icon",
        "profile",
        "codebase",
        "archive",
        "code",
        "ping",
    }
)
LINKS = frozenset({"action", "formaction"})  # followed only if the reader chooses to
LINK_SCHEMES = ("http:", "https:", "mailto:")
_ANIMATED = frozenset({"set", "animate", "animatemotion", "animatetransform", "discard"})


def _srcset_urls(value: str) -> Iterator[str]:
    """The URLs of a `srcset` (candidates: a URL, then descriptors, separated by commas)."""
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0
            while position < length and (depth or value[position] != ","):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            yield url


@dataclass(frozen=True)
class Node:
    """An element as written in a document: its name and attributes without namespaces,
    and its text when it is a `<style>`; or a processing instruction (`tag` "?target")."""

    tag: str
    attributes: tuple[tuple[str, str], ...] = ()
    text: str = ""


def xml_nodes(root: etree._Element) -> Iterator[Node]:
    """The nodes of an XML tree (an EPUB document, an SVG image)."""
    from lxml import etree

    for element in root.iter():
        if isinstance(element, etree._ProcessingInstruction):
            yield Node(f"?{element.target}")
        elif isinstance(element.tag, str):
            attributes = tuple((_local(k), v) for k, v in element.attrib.items())
            yield Node(_local(element.tag), attributes, element.text or "")


def html_nodes(html: str) -> list[Node]:
    """The start tags of an HTML page, as written: every tag a browser would see, even those
    an HTML parser that builds a tree drops or merges (a second `<body>`)."""
    from html.parser import HTMLParser

    nodes: list[Node] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            nodes.append(Node(_local(tag), tuple((_local(k), v or "") for k, v in attrs)))

        handle_startendtag = handle_starttag

        def handle_data(self, data: str) -> None:
            if nodes and nodes[-1].tag == "style":
                nodes[-1] = Node("style", nodes[-1].attributes, nodes[-1].text + data)

        def handle_pi(self, data: str) -> None:
            nodes.append(Node(f"?{data.split(maxsplit=1)[0] if data.split() else ''}"))

    reader = Reader(convert_charrefs=True)
    reader.feed(html)
    reader.close()
    return nodes


def loaded_references(nodes: Iterable[Node]) -> Iterator[str]:
    """Every URL a document makes a reader load by itself: images, stylesheets, media,
    `srcset` candidates, `background`, SVG references and CSS `url()`s (in `style`
    attributes, `<style>` elements and presentation attributes); not the links a reader may
    choose to follow (`<a href>`)."""
    for node in nodes:
        for attribute, value in node.attributes:
            if attribute in LOADED or (attribute == "href" and node.tag not in ("a", "area")):
                yield value
            elif attribute in ("srcset", "imagesrcset"):
                yield from _srcset_urls(value)
            elif attribute == "style" or ("url(" in value.lower() or "\\" in value):
                yield from (reference for _, reference in stylesheet_references(value))
        if node.tag == "style":
            yield from (reference for _, reference in stylesheet_references(node.text))


def markup_problem(nodes: Iterable[Node], allowed: Callable[[str], bool]) -> tuple[str, str] | None:
    """The first thing in a finished document that would run code or load what `allowed`
    refuses: (what, why), or None. Links a reader may follow must go to the web, to an
    address or inside the document."""
    nodes = list(nodes)
    for node in nodes:
        if node.tag.startswith("?"):
            return f"<{node.tag}", "a document may not name a stylesheet this way"
        if node.tag.lower() in FORBIDDEN_ELEMENTS:
            return f"<{node.tag}", "no edition may contain scripts or embedded documents"
        attributes = {name.lower(): value for name, value in node.attributes}
        tag = node.tag.lower()
        if tag == "meta" and attributes.get("http-equiv", "").lower() == "refresh":
            return "http-equiv", "a page may not send the reader elsewhere by itself"
        if tag in _ANIMATED and attributes.get("attributename", "").lower().endswith("href"):
            return f"<{node.tag}", "an image may not change where it leads"
        for attribute, value in node.attributes:
            if attribute.lower().startswith("on"):
                return f"{attribute}=", "no edition may contain scripts (event handlers)"
            if attribute in ("srcdoc", "base"):
                return f"{attribute}=", "no edition may contain embedded documents"
            link = attribute in LINKS or (attribute == "href" and node.tag in ("a", "area"))
            if link and not _followable(value):
                return value, "a link may lead to https://…, mailto: or inside the text"
    for reference in loaded_references(nodes):
        if not allowed(reference.strip()):
            return reference, OUTSIDE_EDITION if not_on_the_network(reference) else NETWORK
    return None


def _followable(url: str) -> bool:
    url = url.strip()
    return not _SCHEME.match(url) or url.lower().startswith(LINK_SCHEMES)


def _local(name: str) -> str:
    """An element's or attribute's name without its namespace, whether written `{uri}name`
    (XML) or `prefix:name` (as HTML parsers keep `xlink:href`)."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def leaves_package(reference: str, folder: str) -> bool:
    """Whether `reference`, written in a file in `folder` of a package (an EPUB), points
    outside the package: another scheme, an absolute path or `..` past its root."""
    if reference.startswith(("#", "data:")):
        return False
    if _SCHEME.match(reference) or reference.startswith("/"):
        return True
    path = urlsplit(reference).path
    return posixpath.normpath(posixpath.join(folder, unquote(path))).startswith("..")


def not_on_the_network(reference: str) -> bool:
    """A reference the layout engine's fetcher may be asked for: a data: URL, a file, a
    relative path (the fetcher then applies the rule for files)."""
    reference = reference.strip()
    if reference.startswith("//"):  # the same scheme as the document's: on the network
        return False
    return not _SCHEME.match(reference) or reference.lower().startswith(("data:", "file:"))


def self_contained(reference: str) -> bool:
    """A reference a self-contained page may load: a data: URL or a place in the page."""
    return reference.startswith(("#", "data:")) or not reference
