"""Jinja2 templates: the package's own, overridable by a workspace's `templates/` folder.

A file `templates/<name>` in the workspace replaces the package template of the same name,
so a publisher can change the cover or the colophon without touching the code.

Every template runs in a sandbox (`TemplateSandbox`, Jinja2's ImmutableSandboxedEnvironment
made stricter): it can read the values it is given and call the helpers it is given, and
nothing else — no file, no module, no clock, no path, no attribute starting with `_`, no
change to a list or dict it did not make, no text of more than a million characters at once.
It can include or extend only other templates of the workspace's `templates/` folder and of
the package. What it writes is checked by each edition (sandbox.check_markup).
"""

from __future__ import annotations

import operator
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path, PurePath

from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    PackageLoader,
    StrictUndefined,
    TemplateNotFound,
)
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from pamphlet.errors import SourceError
from pamphlet.fonts import FAMILY
from pamphlet.labels import labels as labels_of
from pamphlet.manifest import Series
from pamphlet.model import Document, Included
from pamphlet.render.contents import contents
from pamphlet.render.html import HtmlWriter
from pamphlet.sandbox import path_refusal, real_roots

EPUB_TYPES = {
    "article": "chapter",
    "appendix": "appendix",
    "foreword": "foreword",
    "afterword": "afterword",
    "slogans": "conclusion",
}
ARIA_ROLES = {
    "article": "doc-chapter",
    "appendix": "doc-appendix",
    "foreword": "doc-foreword",
    "afterword": "doc-afterword",
    "slogans": "doc-conclusion",
}


class WorkspaceLoader(BaseLoader):
    """The workspace's own templates: files inside `templates/` only (a link leading out of
    it is refused), UTF-8, with clear errors."""

    def __init__(self, folder: Path):
        self.folder = folder

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        from pamphlet.manifest.files import read_source

        path = self.folder.joinpath(*split_template_path(template))
        if not path.exists() and not path.is_symlink():
            raise TemplateNotFound(template)
        reason = path_refusal(path, real_roots([self.folder]))
        if reason:
            raise SourceError(
                path,
                None,
                f"the template cannot be used: {reason}",
                "copy the file into templates/",
            )
        mtime = path.stat().st_mtime_ns
        return (
            read_source(path),
            str(path),
            lambda: path.exists() and path.stat().st_mtime_ns == mtime,
        )


MAX_TEXT = 1_000_000  # characters (or items) a template may make with one `*`
MAX_EXPONENT = 1000
_SAFE_OWNERS = (str, int, float, tuple, list, dict, date, Markup)
_SAFE_MODULES = ("pamphlet", "jinja2", "markupsafe")


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, stricter: no attribute whose value is a path or a module,
    no callable but the helpers pamphlet and Jinja2 give and the methods of plain values
    (text, numbers, dates, lists), and no `*` or `**` that would fill the memory."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: object, attr: str, value: object) -> bool:
        if isinstance(obj, PurePath) or isinstance(value, PurePath | types.ModuleType):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def is_safe_callable(self, obj: object) -> bool:
        return super().is_safe_callable(obj) and _given_callable(obj)

    def call_binop(self, context, operator_name: str, left: object, right: object) -> object:
        if operator_name == "*":
            for text, count in ((left, right), (right, left)):
                if (
                    isinstance(text, str | list | tuple)
                    and isinstance(count, int)
                    and len(text) * count > MAX_TEXT
                ):
                    raise SecurityError(
                        f"the template repeats a text or list {count} times (at most "
                        f"{MAX_TEXT:,} characters or items at once)"
                    )
            return operator.mul(left, right)
        if operator_name == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the template raises a number to the power {right}")
        return super().call_binop(context, operator_name, left, right)


def _given_callable(obj: object) -> bool:
    """A method of a plain value (text, number, date, list, dict), or a helper defined by
    pamphlet, Jinja2 or MarkupSafe; not a class method (date.today), a file's or a path's.
    (The sandbox hands a template `str.format` wrapped, to format in the sandbox.)"""
    obj = getattr(obj, "__wrapped__", obj)
    owner = getattr(obj, "__self__", None)
    if isinstance(obj, types.BuiltinMethodType | types.MethodWrapperType) and owner is not None:
        return not isinstance(owner, type | types.ModuleType) and isinstance(owner, _SAFE_OWNERS)
    function = getattr(obj, "__func__", obj)
    module = getattr(function, "__module__", None) or getattr(type(obj), "__module__", "")
    return isinstance(module, str) and module.split(".")[0] in _SAFE_MODULES


def environment(workspace_templates: Path | None, autoescape: bool = True) -> Environment:
    """The package's templates behind the workspace's (read through the sandbox)."""
    loaders: list[BaseLoader] = []
    if workspace_templates and workspace_templates.is_dir():
        loaders.append(WorkspaceLoader(workspace_templates))
    loaders.append(PackageLoader("pamphlet", "templates"))
    env = TemplateSandbox(
        loader=ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fill"] = fill
    env.tests["included"] = lambda value: isinstance(value, Included)
    return env


def fill(label: str, **values: str) -> Markup:
    """A label such as "First published in {publication}." with markup values put in."""
    return escape(label).format(**values)


def publication_markup(document: Document, labels: dict[str, str]) -> Markup:
    """'<i>Proletarian Revolution</i> No. 69 (Winter 2004)' for title page and colophon."""
    return series_markup(document.manifest.series, labels)


def series_markup(series: Series | None, labels: dict[str, str]) -> Markup:
    """Where a text first appeared, as the title page and a title's opening say it."""
    if not series:
        return Markup("")
    out = Markup("<i>{}</i>").format(series.name)
    if series.number:
        out += " " + fill(labels["series_number"], number=series.number)
    if series.issue:
        out += Markup(" ({})").format(series.issue)
    return out


def context(
    document: Document,
    writer: HtmlWriter,
    edition: str,
    labels: dict[str, str],
    epub: bool = False,
    **extra: object,
) -> dict[str, object]:
    """What every template sees: the title, its parts, labels and helpers."""

    def etype(name: str) -> Markup:
        return Markup(f' epub:type="{name}"') if epub else Markup("")

    def labels_in(language: str) -> dict[str, str]:
        return labels if language in ("", document.language) else labels_of(language)

    def lang(language: str) -> Markup:
        """` lang="…"` for what is written in another language than the document."""
        if language in ("", document.language):
            return Markup("")
        return Markup(' lang="{0}"').format(language) + (
            Markup(' xml:lang="{0}"').format(language) if epub else Markup("")
        )

    def publication_of(title: Included) -> Markup:
        return series_markup(title.manifest.series, labels_in(title.language))

    return {
        "doc": document,
        "m": document.manifest,
        "label": labels,
        "edition": edition,
        "write": writer,
        "publication": publication_markup(document, labels),
        "etype": etype,
        "epub": epub,
        "epub_types": EPUB_TYPES,
        "aria_roles": ARIA_ROLES,
        "font_family": FAMILY,
        "contents": contents(document, labels_in),
        "labels_in": labels_in,
        "lang": lang,
        "publication_of": publication_of,
        **extra,
    }
