"""A collection's sources → its one `Document`.

Each included title is read as it would be on its own (its manifest, its parts in its
language and quotation marks, its cross-references checked), then:

- the parts the collection asks for are taken, in its order (`parts = [...]`, default all);
- every id of the title gets the title's slug in front ("article" → "<slug>-article"; notes
  and sections too), so ids are unique across titles; the title's opening is "<slug>";
- a cross-reference to a part the collection leaves out keeps its words and loses its link,
  with a warning;
- images are named from the collection's folder ("../<slug>/map.png").

A collection included in a collection brings its titles (not its own parts). The
collection's own parts follow its manifest: forewords open the book, the others close it.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from pamphlet.errors import SourceError, Warnings
from pamphlet.manifest import MANIFEST_NAME, Manifest, load_manifest
from pamphlet.manifest.titles import TitleSpec
from pamphlet.model import (
    Document,
    Heading,
    Image,
    Included,
    Inline,
    Link,
    Part,
    SloganGroup,
    plain_text,
    walk,
)
from pamphlet.sources.markdown import parse_document

# Ids the book's own pages use (pamphlet/templates, the EPUB's nav).
RESERVED_IDS = frozenset(
    {
        *("cover", "colophon", "titlepage", "contents", "contents-title"),
        *("nav", "toc", "toc-title", "landmarks", "page-list"),
    }
)


def read_document(manifest: Manifest, warnings: Warnings) -> Document:
    """A title's document: a collection's with the titles it includes, else its parts."""
    if manifest.is_collection:
        return read_collection(manifest, warnings)
    return parse_document(manifest, warnings)


def read_collection(manifest: Manifest, warnings: Warnings) -> Document:
    titles: list[Included] = []
    used = set(RESERVED_IDS)
    for spec, included, listed_in in _members(manifest, (manifest.slug,)):
        title = _include(manifest, spec, included, listed_in, warnings)
        clash = sorted(used & _ids(title))
        if clash:
            raise SourceError(
                listed_in.path,
                spec.line,
                f'the title "{spec.slug}" brings the id "{clash[0]}", which the book already uses',
                "rename that part or section id in the title, or its folder",
            )
        used |= _ids(title)
        titles.append(title)
    for part_spec in manifest.parts:
        if part_spec.id in used:
            raise SourceError(
                manifest.path,
                part_spec.line,
                f'the part id "{part_spec.id}" is also an id of an included title',
                'give this part its own id = "..."',
            )
    own = parse_document(manifest, warnings, frozenset(used)).parts
    opening = [part for part in own if part.role == "foreword"]
    closing = [part for part in own if part.role != "foreword"]
    parts = opening + [part for title in titles for part in title.parts] + closing
    return Document(manifest, parts, titles)


# --- which titles ---------------------------------------------------------------------------


def _members(
    manifest: Manifest, chain: tuple[str, ...]
) -> list[tuple[TitleSpec, Manifest, Manifest]]:
    """(entry, the title's manifest, the manifest listing it) for every title included,
    collections expanded into their titles; `chain` is the collections being read."""
    found: list[tuple[TitleSpec, Manifest, Manifest]] = []
    for spec in manifest.titles:
        if spec.slug in chain:
            raise SourceError(
                manifest.path,
                spec.line,
                f"the collections include each other in a loop: {' → '.join((*chain, spec.slug))}",
                f'remove the entry for "{spec.slug}": a collection cannot include itself, '
                "directly or through another",
            )
        included = _load(manifest, spec)
        if not included.is_collection:
            found.append((spec, included, manifest))
            continue
        if spec.parts:
            raise SourceError(
                manifest.path,
                spec.parts_line,
                f'"{spec.slug}" is a collection: parts are chosen from a title',
                f"remove parts = [...] here, or list the titles of {spec.slug} instead",
            )
        found += _members(included, (*chain, spec.slug))
    seen: dict[str, Manifest] = {}
    for spec, _, listed_in in found:
        if spec.slug in seen:
            raise SourceError(
                listed_in.path,
                spec.line,
                f'the title "{spec.slug}" is included twice '
                f"(also through {seen[spec.slug].folder.name})",
                "include each title once",
            )
        seen[spec.slug] = listed_in
    return found


def _load(collection: Manifest, spec: TitleSpec) -> Manifest:
    sources = collection.folder.parent
    path = sources / spec.slug / MANIFEST_NAME
    if not path.is_file():
        known = sorted(p.parent.name for p in sources.glob(f"*/{MANIFEST_NAME}"))
        guess = difflib.get_close_matches(spec.slug, known, n=1)
        raise SourceError(
            collection.path,
            spec.line,
            f'no title "{spec.slug}" in sources/',
            f'did you mean "{guess[0]}"?' if guess else "run 'pamphlet list' to see the titles",
        )
    return load_manifest(path)


# --- one included title ---------------------------------------------------------------------


def _include(
    collection: Manifest,
    spec: TitleSpec,
    manifest: Manifest,
    listed_in: Manifest,
    warnings: Warnings,
) -> Included:
    parts = parse_document(manifest, warnings).parts
    chosen = _chosen(parts, spec, listed_in)
    renamed = _rename_ids(parts, spec.slug)
    kept = {i for part in chosen for i in _part_ids(part)}
    for part in chosen:
        follow = partial(
            _follow,
            renamed=renamed,
            kept=kept,
            source=part.source,
            collection=collection,
            warnings=warnings,
        )
        _relink(part, follow)
        _rebase_images(part, collection.folder)
    return Included(spec.slug, manifest, chosen)


def _chosen(parts: list[Part], spec: TitleSpec, listed_in: Manifest) -> list[Part]:
    """The parts `spec` asks for, in its order (all, in the title's order, by default)."""
    if not spec.parts:
        return list(parts)
    by_id = {part.id: part for part in parts}
    for wanted in spec.parts:
        if wanted not in by_id:
            raise SourceError(
                listed_in.path,
                spec.parts_line,
                f'the title "{spec.slug}" has no part "{wanted}"',
                f"its parts are: {', '.join(by_id)}",
            )
    return [by_id[wanted] for wanted in spec.parts]


def _part_ids(part: Part) -> list[str]:
    """Every id a part brings: its own, its sections' and its notes'."""
    headings = [block.id for block in part.blocks if isinstance(block, Heading)]
    return [part.id, *headings, *(note.id for note in part.notes)]


def _ids(title: Included) -> set[str]:
    return {title.id, *(i for part in title.parts for i in _part_ids(part))}


def _rename_ids(parts: list[Part], prefix: str) -> dict[str, str]:
    """Put `prefix` in front of every id of the title's parts; old id → new id."""
    renamed: dict[str, str] = {}
    for part in parts:
        for old in _part_ids(part):
            renamed[old] = f"{prefix}-{old}"
        part.id = renamed[part.id]
        for block in part.blocks:
            if isinstance(block, Heading):
                block.id = renamed[block.id]
        for note in part.notes:
            note.id = renamed[note.id]
    return renamed


def _relink(part: Part, follow: Callable[[Link], list[Inline]]) -> None:
    """Replace each cross-reference of `part` (in its title, text and notes) by what
    `follow` makes of it."""
    notes = [block for note in part.notes for block in note.blocks]
    holders = [part, *walk(part.title), *walk(part.blocks), *walk(notes)]
    for holder in holders:
        for attribute in ("title", "children", "source"):
            inlines = getattr(holder, attribute, None)
            if isinstance(inlines, list):
                setattr(holder, attribute, _followed(inlines, follow))
        if isinstance(holder, SloganGroup):
            holder.slogans = [_followed(slogan, follow) for slogan in holder.slogans]


def _followed(inlines: list, follow: Callable[[Link], list[Inline]]) -> list:
    out: list = []
    for node in inlines:
        out += follow(node) if isinstance(node, Link) and not node.external else [node]
    return out


def _follow(
    link: Link,
    renamed: dict[str, str],
    kept: set[str],
    source: Path,
    collection: Manifest,
    warnings: Warnings,
) -> list[Inline]:
    """A cross-reference with its target renamed; its words alone, with a warning, when it
    leads to a part the collection leaves out."""
    if link.target in kept:  # renamed already (met twice: a note is also under its call)
        return [link]
    target = renamed.get(link.target, link.target)
    if target in kept:
        link.target = target
        return [link]
    warnings.add(
        source,
        link.line or None,
        f'in the collection "{collection.slug}", the cross-reference '
        f'"{plain_text(link.children)}" leads to "#{link.target}", which the collection leaves '
        "out: it is set without a link",
        f"add that part to the title's parts = [...] in {collection.slug}/{MANIFEST_NAME} if "
        "the link should stay",
    )
    return link.children


def _rebase_images(part: Part, folder: Path) -> None:
    """Images named from the collection's folder, the base of its paged editions."""
    base = folder.resolve()
    for node in walk([*part.blocks, *(b for note in part.notes for b in note.blocks)]):
        if isinstance(node, Image):
            node.source = Path(os.path.relpath(node.path, base)).as_posix()
