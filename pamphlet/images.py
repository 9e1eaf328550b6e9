"""What an image in a title may be: a PNG, JPEG, GIF or WebP that decodes and is of a sane
size, or an SVG that names nothing outside itself.

Checked once, when the sources are read, so that no edition is the first to meet a broken
image, a decompression bomb (a small file claiming billions of pixels) or an SVG that would
make a reader's device fetch from the network.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import cast

MEDIA_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
    "SVG": "image/svg+xml",
}
MAX_SIDE = 12_000  # pixels: a 40-inch side at 300 dpi
MAX_PIXELS = 60_000_000
MAX_BYTES = 50_000_000
SVG_NS = "{http://www.w3.org/2000/svg}"


def image_problem(path: Path) -> str | None:
    """What is wrong with the image file `path`, or None."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            megabytes = MAX_BYTES // 1_000_000
            return f"is {size / 1_000_000:.0f} MB; an image can be at most {megabytes} MB"
        if path.suffix.lower() == ".svg":
            return _svg_problem(path)
        return _raster_problem(path)
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"


def _raster_problem(path: Path) -> str | None:
    problem = _raster_data_problem(path.read_bytes())
    return problem.replace(str(path), path.name) if problem else None


def _raster_data_problem(data: bytes) -> str | None:
    import io

    from PIL import Image, ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it: not for checking
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in MEDIA_TYPES:
                    return f"is a {image.format} image; use PNG, JPEG, GIF, WebP or SVG"
                width, height = image.size
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    return f"claims {width} × {height} pixels, far more than a page can show"
                image.load()
    except Image.DecompressionBombError:
        return "claims more pixels than any page can show (a decompression bomb?)"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return f"cannot be read as an image ({error})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


MAX_SVG_ELEMENTS = 50_000  # written in the file
MAX_SVG_DRAWN = 200_000  # once every <use> and url(#…) is expanded
_FRAGMENT = re.compile(r"url\(\s*['\"]?\s*#([^'\")\s]+)", re.IGNORECASE)


def _svg_problem(path: Path) -> str | None:
    """An SVG must be well-formed XML and name nothing but its own parts (#id) and data:
    URLs: no files beside it, no web addresses, no DTD, no scripts, and no more shapes than
    a page can hold once its references are expanded."""
    return _svg_data_problem(path.read_bytes())


def _svg_data_problem(data: bytes, depth: int = 0) -> str | None:
    from lxml import etree

    from pamphlet.sandbox import markup_problem, xml_nodes

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except (etree.XMLSyntaxError, ValueError) as error:
        return f"is not a well-formed SVG ({error})"
    root = tree.getroot()
    if root.tag != f"{SVG_NS}svg":
        return "is not an SVG image"
    docinfo = tree.docinfo
    if docinfo.system_url or docinfo.public_id:
        return "names an external DTD in its <!DOCTYPE>; delete the <!DOCTYPE …> line"
    dtd = docinfo.internalDTD
    if (dtd is not None and any(True for _ in dtd.iterentities())) or any(
        isinstance(node, etree._ProcessingInstruction) for node in root.itersiblings(preceding=True)
    ):
        return "declares entities or a stylesheet; an SVG image must contain everything it shows"
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    if len(elements) > MAX_SVG_ELEMENTS:
        return f"has {len(elements):,} elements; an image can have at most {MAX_SVG_ELEMENTS:,}"
    for element in elements:
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local in ("href", "src") and not value.strip().startswith(("#", "data:")):
                return f'names "{value}"; an SVG image must contain everything it shows'
    problem = markup_problem(
        xml_nodes(root), lambda reference: reference.startswith(("#", "data:"))
    )
    if problem:
        what, why = problem
        return f'holds "{what[:60]}" ({why}); an SVG image must contain everything it shows'
    return _expansion_problem(elements) or _embedded_problem(elements, depth)


def _expansion_problem(elements: list) -> str | None:
    """What the image would draw once every `<use href="#id">` and `url(#id)` is expanded:
    a small file of nested references can stand for millions of shapes."""
    by_id = {}
    for element in elements:
        for name, value in element.attrib.items():
            if name == "id" or name.endswith("}id"):
                by_id[value] = element
    references = {}
    for element in elements:
        targets = []
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] == "href" and value.strip().startswith("#"):
                targets.append(value.strip()[1:])
            targets += _FRAGMENT.findall(value)
        references[element] = [by_id[t] for t in targets if t in by_id]
    drawn: dict = {}
    for start in elements:
        stack, open_ = [(start, False)], set()
        while stack:
            element, done = stack.pop()
            if element in drawn:
                continue
            followed = [c for c in element if isinstance(c.tag, str)] + references[element]
            if done:
                open_.discard(element)
                drawn[element] = min(1 + sum(drawn[e] for e in followed), MAX_SVG_DRAWN + 1)
                continue
            if element in open_:
                return "refers to itself through <use> or url(#…)"
            open_.add(element)
            stack.append((element, True))
            for following in followed:
                if following in open_:
                    return "refers to itself through <use> or url(#…)"
                stack.append((following, False))
    total = drawn[elements[0]] if elements else 0
    if total > MAX_SVG_DRAWN:
        return (
            f"expands, through <use> and url(#…), to more than {MAX_SVG_DRAWN:,} shapes; "
            "an image a page can show has far fewer"
        )
    return None


def _embedded_problem(elements: list, depth: int) -> str | None:
    """Images inside the SVG as data: URLs are checked as images too (an SVG in an SVG,
    a decompression bomb in a PNG)."""
    from pamphlet.sandbox import loaded_references, xml_nodes

    for element in elements:
        for reference in loaded_references(xml_nodes(element)) if len(element) == 0 else ():
            data, media = _data_url(reference.strip())
            if data is None:
                continue
            if depth >= 2:
                return "nests images inside images too deeply"
            problem = (
                _svg_data_problem(data, depth + 1) if "svg" in media else _raster_data_problem(data)
            )
            if problem:
                return f"holds an image that {problem}"
    return None


def _data_url(url: str) -> tuple[bytes | None, str]:
    """The bytes and media type of a data: URL (None when it is not one)."""
    import base64
    from urllib.parse import unquote_to_bytes

    if not url.lower().startswith("data:") or "," not in url:
        return None, ""
    header, _, payload = url[5:].partition(",")
    try:
        if header.lower().endswith(";base64"):
            return base64.b64decode(payload, validate=False), header.lower()
        return unquote_to_bytes(payload), header.lower()
    except ValueError:
        return b"", header.lower()


def media_type(path: Path) -> str:
    """The media type of a checked image, from its content."""
    if path.suffix.lower() == ".svg":
        return MEDIA_TYPES["SVG"]
    from PIL import Image

    with Image.open(path) as image:
        # Pillow types `format` as optional, for images made in memory; Image.open sets it
        return MEDIA_TYPES[cast(str, image.format)]


def pixel_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels of a raster image (checked already)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size
