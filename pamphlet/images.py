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
_CSS_REFERENCE = re.compile(r"url\(\s*['\"]?\s*(?!#)|@import", re.IGNORECASE)


def image_problem(path: Path) -> str | None:
    """What is wrong with the image file `path`, or None."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return f"is {size / 1_000_000:.0f} MB; an image can be at most {MAX_BYTES // 1_000_000} MB"
    if path.suffix.lower() == ".svg":
        return _svg_problem(path)
    return _raster_problem(path)


def _raster_problem(path: Path) -> str | None:
    from PIL import Image, ImageFile

    lenient = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it: not for checking
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format not in MEDIA_TYPES:
                    return f"is a {image.format} image; use PNG, JPEG, GIF, WebP or SVG"
                width, height = image.size
                if max(width, height) > MAX_SIDE or width * height > MAX_PIXELS:
                    return f"claims {width} × {height} pixels, far more than a page can show"
                image.load()
    except Image.DecompressionBombError:
        return "claims more pixels than any page can show (a decompression bomb?)"
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        return f"cannot be read as an image ({str(error).replace(str(path), path.name)})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def _svg_problem(path: Path) -> str | None:
    """An SVG must be well-formed XML and name nothing but its own parts (#id) and data:
    URLs: no files beside it, no web addresses."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.parse(str(path), parser)
    except (etree.XMLSyntaxError, OSError) as error:
        return f"is not a well-formed SVG ({error})"
    root = tree.getroot()
    if root.tag != f"{SVG_NS}svg":
        return "is not an SVG image"
    dtd = tree.docinfo.internalDTD
    if (dtd is not None and any(True for _ in dtd.iterentities())) or any(
        isinstance(node, etree._ProcessingInstruction) for node in root.itersiblings(preceding=True)
    ):
        return "declares entities or a stylesheet; an SVG image must contain everything it shows"
    for element in root.iter():
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1]
            if local in ("href", "src") and not value.strip().startswith(("#", "data:")):
                return f'names "{value}"; an SVG image must contain everything it shows'
            if local == "style" and _CSS_REFERENCE.search(value):
                return "uses url(...) in a style; an SVG image must contain everything it shows"
        if element.tag == f"{SVG_NS}style" and _CSS_REFERENCE.search(element.text or ""):
            return "uses url(...) in a style; an SVG image must contain everything it shows"
    return None


def media_type(path: Path) -> str:
    """The media type of a checked image, from its content."""
    if path.suffix.lower() == ".svg":
        return MEDIA_TYPES["SVG"]
    from PIL import Image

    with Image.open(path) as image:
        return MEDIA_TYPES[image.format]


def pixel_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels of a raster image (checked already)."""
    from PIL import Image

    with Image.open(path) as image:
        return image.size
