"""The web edition: the whole title as one self-contained HTML file for the publisher's site.

The same templates as the other editions (cover, contents, parts, colophon) in one page, with
`styles/base.css` and `styles/html.css` inside a <style> element, the book face embedded as
WOFF2 subsets in data: URLs, and images as data: URLs. The file fetches nothing: it can be
uploaded anywhere, opened from a disk, or mailed.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

from markupsafe import Markup

from pamphlet.context import BuildContext
from pamphlet.errors import SourceError
from pamphlet.fetch import RefusedResource, SandboxedFetcher
from pamphlet.fonts import FACES, cut_face, font_face_rule
from pamphlet.images import media_type as image_media_type
from pamphlet.model import Image
from pamphlet.output import iso_date, write_atomic
from pamphlet.registry import edition
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.render.templates import context as template_context

NAME = "html"
TEMPLATE = "web.html.j2"
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"@import\b")


def data_url(media_type: str, data: bytes) -> str:
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


def _image_src(image: Image) -> str:
    media_type = image_media_type(image.path)
    return data_url(media_type, image.path.read_bytes())


def _woff2(ttf: bytes) -> bytes:
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(ttf), recalcTimestamp=False)  # else head.modified = now
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def font_css(characters: set[str]) -> str:
    """@font-face rules for every face, each cut to `characters` and embedded as WOFF2."""
    return "".join(
        font_face_rule(face, data_url("font/woff2", _woff2(cut_face(face, characters))))
        for face in FACES
    )


def _inline_urls(ctx: BuildContext, css: str, sheet: Path) -> str:
    """A stylesheet whose url(...) references are data: URLs, read through the sandbox; a
    reference to the network or outside the workspace is refused."""
    if _CSS_IMPORT.search(css):
        raise SourceError(
            sheet, None, "@import is not allowed in a stylesheet", "copy the rules into this file"
        )
    fetcher = SandboxedFetcher(ctx.sandbox_roots())

    def inline(match: re.Match) -> str:
        url = match[2].strip()
        if url.startswith(("data:", "#")):
            return match[0]
        has_scheme = re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE)
        try:
            response = fetcher.fetch(url if has_scheme else (sheet.parent / url).as_uri())
        except RefusedResource as refused:
            raise SourceError(
                sheet,
                None,
                f'the stylesheet asks for "{url}" ({refused.reason})',
                "a web edition embeds everything: put the file in styles/ and name it there",
            ) from None
        media_type = MEDIA_TYPES.get(Path(url).suffix.lower(), "application/octet-stream")
        return f'url("{data_url(media_type, response.read())}")'

    return _CSS_URL.sub(inline, css)


def stylesheet(ctx: BuildContext) -> str:
    """base.css and html.css, their own url(...)s embedded."""
    parts = []
    for name in edition(NAME).stylesheets:
        sheet = ctx.sheet(name)
        parts.append(_inline_urls(ctx, sheet.text, sheet.path))
    return "\n".join(parts)


def _characters(html: str, css: str) -> set[str]:
    from lxml import html as lxml_html

    text = lxml_html.document_fromstring(html).text_content()
    return {c for c in set(text) | set(css) if c.isprintable()} | set("0123456789")


def page_html(ctx: BuildContext) -> str:
    """The finished page: rendered once to learn its characters, then with fonts cut to
    them."""
    writer = HtmlWriter(
        MarkupSettings(
            image_src=_image_src,
            footnotes_inline=False,
            back_to_text=ctx.labels["back_to_text"],
        )
    )
    values = template_context(
        ctx.document, writer, NAME, ctx.labels, created=iso_date(ctx.manifest.date)
    )
    template = ctx.templates.get_template(TEMPLATE)
    css = stylesheet(ctx)
    draft = template.render(values, css=Markup(""))
    fonts = font_css(_characters(draft, css))
    # "</" would end the <style> element early.
    return template.render(values, css=Markup((fonts + css).replace("</", "<\\/")))


def build(ctx: BuildContext) -> list[Path]:
    target = ctx.out / edition(NAME).outputs[0].name(ctx.slug)
    write_atomic(target, page_html(ctx).encode("utf-8"))
    return [target]
