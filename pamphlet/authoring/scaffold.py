"""New title folders: a manifest with every key explained, and starting parts.

`pamphlet new` writes a sample article and slogans in the title's language, a draft that
builds; `pamphlet new --collection` a collection of titles of the workspace with a sample
introduction; `pamphlet import` writes the parts it recovered from a web page with the same
manifest. The texts are templates under `templates/new/` (package or workspace, per
language).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment

from pamphlet.errors import SourceError
from pamphlet.languages import language as language_data
from pamphlet.languages import primary_language
from pamphlet.manifest import MANIFEST_NAME, Series, is_slug
from pamphlet.manifest.fields import is_language_tag
from pamphlet.output import remove_tree, write_atomic
from pamphlet.typography import quotes_for
from pamphlet.workspace import Workspace

NOTE_COLUMN = 48
SAMPLE_LANGUAGES = ("en", "es")


@dataclass
class PartFile:
    """A part to write: its file, role and Markdown text."""

    file: str
    role: str
    text: str
    comment: str = ""
    id: str = ""


@dataclass
class IncludedTitle:
    """A title a new collection includes: its folder, its title and its parts' ids."""

    slug: str
    title: str
    parts: list[str]


@dataclass
class TitleDraft:
    """What a new title's manifest says."""

    slug: str
    title: str
    language: str = "en"
    author: str = ""
    publisher: str = ""
    subtitle: str = ""
    day: date = field(default_factory=date.today)
    description: str = ""
    subjects: list[str] = field(default_factory=list)
    series: Series | None = None
    cover_slogan: str = ""
    imported_from: str = ""  # the export's file name, for `import`
    original: str = ""  # where the export is kept, untouched, in the title folder
    unparsed: list[str] = field(default_factory=list)  # first lines the importer could not read
    titles: list[IncludedTitle] = field(default_factory=list)  # a collection's

    def defaults(self) -> dict[str, str]:
        """The placeholders of the title's language (pamphlet/locales/)."""
        return language_data(self.language).placeholders

    @property
    def sample_folder(self) -> str:
        """templates/new/<language>/: the language's own, else English."""
        language = primary_language(self.language)
        return language if language in SAMPLE_LANGUAGES else "en"


def _note(line: str, note: str) -> str:
    """A manifest line with its comment aligned, or above it when the line is long."""
    if not note:
        return line
    if len(line) >= NOTE_COLUMN - 1:
        return f"# {note}\n{line}"
    return f"{line.ljust(NOTE_COLUMN)}# {note}"


def _toml(value: object) -> str:
    """A TOML string or list of strings (JSON's escapes are valid TOML)."""
    return json.dumps(value, ensure_ascii=False)


def environment(workspace: Workspace | None) -> Environment:
    """Templates for new titles: a workspace's templates/new/ first, then the package's."""
    from pamphlet.render.templates import environment as template_environment

    env = template_environment(workspace.templates if workspace else None, autoescape=False)
    env.filters["note"] = _note
    env.filters["toml"] = _toml
    return env


def manifest_text(draft: TitleDraft, parts: list[PartFile], workspace: Workspace | None) -> str:
    """The manifest, commented in the title's language, marked as a draft."""
    defaults = draft.defaults()
    author = draft.author or defaults["author"]
    return (
        environment(workspace)
        .get_template(f"new/{draft.sample_folder}/pamphlet.toml.j2")
        .render(
            slug=draft.slug,
            imported_from=draft.imported_from,
            original=draft.original,
            unparsed=draft.unparsed,
            placeholders=not (draft.author and draft.publisher),
            placeholder_author=defaults["author"],
            placeholder_publisher=defaults["publisher"],
            sample_series={
                "name": defaults["series_name"],
                "number": defaults["series_number"],
                "issue": defaults["series_issue"],
            },
            title=draft.title,
            subtitle=draft.subtitle,
            author=author,
            publisher=draft.publisher or defaults["publisher"],
            language=draft.language,
            date=draft.day.isoformat(),
            description=draft.description or defaults["description"].format(author=author),
            subjects=draft.subjects,
            rights=defaults["rights"].format(year=draft.day.year, author=author),
            edition=defaults["edition"],
            quotes=quotes_for(draft.language),
            series=draft.series,
            cover_slogan=draft.cover_slogan,
            parts=parts,
            titles=draft.titles,
        )
    )


def check_new_title(
    workspace: Workspace, slug: str, language: str, replace_option: str = ""
) -> Path:
    """The folder a new title will have; a SourceError if the name or language is unusable
    or the folder exists (`replace_option`: the command's option that replaces it)."""
    if not is_slug(slug):
        raise SourceError(
            "SLUG",
            None,
            f'"{slug}" is not a usable folder name',
            "use lowercase letters, digits and hyphens, e.g. bolivias-unfinished-revolution",
        )
    if not is_language_tag(language):
        raise SourceError(
            "--lang", None, f'"{language}" is not a language tag', 'use e.g. "en", "es", "es-419"'
        )
    folder = workspace.sources / slug
    if folder.exists() or folder.is_symlink():
        raise SourceError(
            folder,
            None,
            f"sources/{slug} already exists",
            f"choose another name, delete that folder, or replace it with {replace_option}"
            if replace_option
            else "choose another name, or delete that folder first",
        )
    return folder


def write_title(
    workspace: Workspace,
    draft: TitleDraft,
    parts: list[PartFile],
    force: bool = False,
    files: dict[str, bytes] | None = None,
) -> Path:
    """Write the manifest, the parts and `files` (the original an import keeps, byte for
    byte) into sources/<slug>/, all or nothing."""
    folder = workspace.sources / draft.slug
    staging = workspace.sources / f".{draft.slug}.new"
    remove_tree(staging)
    staging.mkdir(parents=True)
    try:
        write_atomic(
            staging / MANIFEST_NAME, manifest_text(draft, parts, workspace).encode("utf-8")
        )
        for part in parts:
            write_atomic(staging / part.file, part.text.encode("utf-8"))
        for name, data in (files or {}).items():
            write_atomic(staging / name, data)
        if force:
            remove_tree(folder)
        staging.rename(folder)
    finally:
        remove_tree(staging)
    return folder


def sample_parts(draft: TitleDraft, workspace: Workspace | None) -> list[PartFile]:
    """The sample article and slogans of `pamphlet new`, in the title's language."""
    folder = draft.sample_folder
    env = environment(workspace)
    values = {
        "title": draft.title,
        "slug": draft.slug,
        "dateline": language_data(draft.language).written_date(draft.day),
    }
    return [
        PartFile(
            "article.md",
            "article",
            env.get_template(f"new/{folder}/article.md.j2").render(values),
            part_comment(draft.language, "article"),
        ),
        PartFile(
            "slogans.md",
            "slogans",
            env.get_template(f"new/{folder}/slogans.md.j2").render(values),
            part_comment(draft.language, "slogans"),
        ),
    ]


def part_comment(language: str, role: str) -> str:
    """What a part is, in the manifest's comment: "the article", "las consignas finales"."""
    words = language_data(language).new_title
    return words.get(role, words["appendix"])


def new_title(workspace: Workspace, draft: TitleDraft) -> Path:
    """Scaffold sources/<slug>/ with a sample article and slogans, a draft that builds."""
    check_new_title(workspace, draft.slug, draft.language)
    return write_title(workspace, draft, sample_parts(draft, workspace))


# --- collections ------------------------------------------------------------------------------


def collected_titles(workspace: Workspace, slugs: list[str] | None) -> list[IncludedTitle]:
    """The titles a new collection includes: those named (checked), else every title of the
    workspace that is not itself a collection."""
    from pamphlet.manifest import load_manifest

    chosen = workspace.select(slugs) if slugs else workspace.slugs()
    titles = []
    for slug in chosen:
        manifest = load_manifest(workspace.manifest_path(slug))
        if manifest.is_collection and not slugs:
            continue
        parts = [] if manifest.is_collection else [spec.id for spec in manifest.parts]
        titles.append(IncludedTitle(slug, manifest.title, parts))
    if not titles:
        raise SourceError(
            workspace.sources,
            None,
            "there are no titles to collect in sources/",
            "create or import the titles first, then the collection",
        )
    return titles


def new_collection(workspace: Workspace, draft: TitleDraft, slugs: list[str] | None) -> Path:
    """Scaffold sources/<slug>/ as a collection of titles of the workspace (`slugs`, default
    all) with a sample introduction; it builds at once."""
    check_new_title(workspace, draft.slug, draft.language)
    draft.titles = collected_titles(workspace, slugs)
    introduction = (
        environment(workspace)
        .get_template(f"new/{draft.sample_folder}/introduction.md.j2")
        .render(title=draft.title, titles=draft.titles)
    )
    comment = part_comment(draft.language, "foreword")
    return write_title(
        workspace, draft, [PartFile("introduction.md", "foreword", introduction, comment)]
    )
