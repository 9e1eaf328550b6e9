"""Which editions of a title are out of date: a content hash of everything an edition reads.

An edition's fingerprint covers what the title's manifest names (the manifest itself, its
parts, the shop's `output_profile`; for a collection, what the manifests of the titles it
includes name too), the images its parts showed at the last build, the
stylesheets the edition reads (editions.reads_styles) and the files they name with `url()`,
the workspace's templates, pamphlet's own code and data, the versions of the installed
packages, and what changes the output (SOURCE_DATE_EPOCH, --strict). Nothing else is read:
a stray file in a title's folder costs nothing. Files are hashed in chunks, only regular files
inside their folder (a link leading out is left to the build, which refuses it), and none
larger than MAX_FILE_BYTES.

The images are those of the last build: if the parts are unchanged, so are the images they
show; if a part changed, the fingerprint changed anyway. After a successful build the
fingerprints, the images and the output names are kept in build/.cache/<slug>.json; an
edition whose fingerprint is unchanged and whose files in build/<slug>/ are still those it
wrote is not built again.

This module only hashes files: it imports nothing heavy, so a build with nothing to do
answers at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pamphlet.errors import PamphletError, SourceError
from pamphlet.registry import reads_styles
from pamphlet.sandbox import real_path
from pamphlet.workspace import Workspace

if TYPE_CHECKING:
    from pamphlet.model import Image

PACKAGE = Path(__file__).resolve().parent
FORMAT = 2
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above any image (50 MB), font or profile a title uses
MAX_RECORD_BYTES = 1024 * 1024
CHUNK = 1024 * 1024


def _files(folder: Path) -> list[Path]:
    """Every file under `folder`, not entering links to folders."""
    if not folder.is_dir():
        return []
    found = []
    for here, _, names in os.walk(folder):
        found += [Path(here) / name for name in names if "__pycache__" not in here]
    return sorted(found)


def file_digest(path: Path, limit: int = MAX_FILE_BYTES) -> str | None:
    """The SHA-256 of the regular file `path`, read in chunks; None when it is not a regular
    file that can be read. A file over `limit` bytes is refused."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except (OSError, ValueError):
        return None
    with open(descriptor, "rb") as handle:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        if status.st_size > limit:
            raise SourceError(
                path,
                None,
                f"the file is {status.st_size / 1_000_000:.0f} MB; a file a build reads can be "
                f"at most {limit // 1_000_000} MB",
                f"check that this is the right file, or move it out of {path.parent.name}/",
            )
        digest = hashlib.sha256()
        try:
            for chunk in iter(lambda: handle.read(CHUNK), b""):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()


def _hash_files(digest, folder: Path, files: Iterable[Path]) -> None:
    """Add the names (relative to `folder`) and contents of `files` that are regular files
    inside `folder`, once links are resolved."""
    root = real_path(folder)
    for path in sorted(set(files)):
        real = real_path(path)
        if root is None or real is None or not real.is_relative_to(root):
            continue
        content = file_digest(real)
        if content is not None:
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(content.encode())


@cache
def _installation() -> str:
    """pamphlet's code and data, and the name and version of every installed package."""
    digest = hashlib.sha256(f"{FORMAT}".encode())
    # pamphlet's own files by name, size and time of change, not content: any edit or
    # install changes the time, and reading 1.5 MB would be a tenth of a no-op build.
    for path in _files(PACKAGE):
        stat = path.stat()
        name = path.relative_to(PACKAGE).as_posix()
        digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    for folder in map(Path, sys.path):
        if folder.is_dir() and folder.name == "site-packages":
            digest.update("\n".join(sorted(os.listdir(folder))).encode())
    return digest.hexdigest()


def _named_by_manifest(workspace: Workspace, slug: str) -> list[Path]:
    """The manifest, its parts and the shop's profile: after the manifest is checked, so
    only files it may name. A manifest that cannot be read is hashed alone (the build will
    say what is wrong with it)."""
    from pamphlet.manifest import load_manifest

    path = workspace.manifest_path(slug)
    try:
        manifest = load_manifest(path)
    except PamphletError:
        return [path]
    named = [path, *(part.file for part in manifest.parts)]
    if manifest.print.output_profile:
        named.append(workspace.styles / manifest.print.output_profile)
    return named


def _named_by_stylesheets(workspace: Workspace, sheets: Iterable[str]) -> list[Path]:
    """The stylesheets `sheets` of styles/ and, through their url()s and @imports, every
    file of styles/ they name."""
    from urllib.parse import unquote, urlsplit

    found: list[Path] = []
    todo = [workspace.styles / name for name in sorted(sheets)]
    root = real_path(workspace.styles)
    while todo:
        sheet = todo.pop()
        real = real_path(sheet)
        if sheet in found or root is None or real is None or not real.is_relative_to(root):
            continue  # a sheet that leads out is never read (the build refuses it)
        if not real.is_file():
            continue
        found.append(sheet)
        for reference in _references(sheet):
            parts = urlsplit(reference)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # data: URLs are in the sheet's text; other schemes are refused
            named = sheet.parent / unquote(parts.path)
            (todo if named.suffix.lower() == ".css" else found).append(named)
    return found


def _references(sheet: Path) -> list[str]:
    from pamphlet.sandbox import read_regular_file, stylesheet_references

    try:
        css = read_regular_file(sheet, MAX_FILE_BYTES).decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return []
    if "url(" not in css.lower() and "@import" not in css.lower() and "\\" not in css:
        return []  # most sheets name no file: no need to parse them
    return [reference for _, reference in stylesheet_references(css)]


@dataclass
class Inputs:
    """The fingerprints of a title's editions as the workspace was when a build started:
    `base` without the images, `images` the images' names (relative to the title folder)
    and digests."""

    base: dict[str, str]
    images: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, edition: str) -> str:
        return _combine(self.base[edition], self.images)


def _combine(base: str, images: dict[str, str]) -> str:
    digest = hashlib.sha256(base.encode())
    for name, content in sorted(images.items()):
        digest.update(f"{name}\0{content}\n".encode())
    return digest.hexdigest()


def _image_digests(folder: Path, names: Iterable[str]) -> dict[str, str]:
    digests = {}
    root = real_path(folder)
    for name in names:
        real = real_path(folder / name)
        if root is not None and real is not None and real.is_relative_to(root):
            digests[name] = file_digest(real) or ""
    return digests


def fingerprints(workspace: Workspace, slug: str, editions: list[str], strict: bool) -> Inputs:
    """The fingerprint of each edition in `editions` as the workspace is now."""
    folder = workspace.title_folder(slug)
    common = hashlib.sha256(_installation().encode())
    common.update(f"strict={strict} epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    for title in (slug, *workspace.included_titles(slug)):
        try:
            title_folder = workspace.title_folder(title)
        except PamphletError:
            continue  # an included title that is not there: the build says so
        named = _named_by_manifest(workspace, title)
        common.update(f"title={title}".encode("utf-8", "surrogateescape"))
        _hash_files(common, title_folder, [p for p in named if p.is_relative_to(title_folder)])
        styles = [p for p in named if p.is_relative_to(workspace.styles)]
        _hash_files(common, workspace.styles, styles)
    _hash_files(common, workspace.templates, _files(workspace.templates))
    base = {}
    for edition in editions:
        digest = common.copy()
        sheets = _named_by_stylesheets(workspace, reads_styles(edition))
        _hash_files(digest, workspace.styles, sheets)
        base[edition] = digest.hexdigest()
    record = _read_record(workspace, slug)
    images = record.get("images", [])
    names = [name for name in images if isinstance(name, str)] if isinstance(images, list) else []
    return Inputs(base, _image_digests(folder, names))


def _record_path(workspace: Workspace, slug: str) -> Path:
    return workspace.cache / f"{slug}.json"


def _read_record(workspace: Workspace, slug: str) -> dict:
    from pamphlet.sandbox import read_regular_file

    try:
        data = read_regular_file(_record_path(workspace, slug), MAX_RECORD_BYTES + 1)
        record = json.loads(data) if len(data) <= MAX_RECORD_BYTES else {}
    except (OSError, ValueError, RecursionError):
        return {}
    return record if isinstance(record, dict) else {}


def _intact(folder: Path, outputs: dict[str, str]) -> bool:
    """Every output is still in `folder` as it was built (not deleted, edited or replaced)."""
    return bool(outputs) and all(
        isinstance(digest, str) and file_digest(folder / name, 1 << 40) == digest
        for name, digest in outputs.items()
    )


def outdated(workspace: Workspace, slug: str, editions: list[str], strict: bool) -> list[str]:
    """The editions among `editions` that must be built again, in the same order. When the
    title cannot be read, all of them: the build will say what is wrong."""
    record = _read_record(workspace, slug)
    if not record:
        return list(editions)
    try:
        now = fingerprints(workspace, slug, editions, strict)
    except PamphletError:
        return list(editions)
    folder = workspace.output_folder(slug)
    recorded = {edition: record.get(edition) for edition in editions}
    entries = {
        edition: entry if isinstance(entry, dict) else {} for edition, entry in recorded.items()
    }
    todo = {
        edition
        for edition in editions
        if entries[edition].get("fingerprint") != now[edition]
        or not _intact(folder, entries[edition].get("outputs") or {})
    }
    # Editions that write a file in common (print and booklet both write the job ticket)
    # are built together, so the shared file always describes all of them.
    files = {edition: set(entries[edition].get("outputs") or {}) for edition in editions}
    for edition in editions:
        if any(files[edition] & files[other] for other in todo):
            todo.add(edition)
    return [edition for edition in editions if edition in todo]


def remember(
    workspace: Workspace,
    slug: str,
    built: dict[str, list[str]],
    inputs: Inputs,
    images: Iterable[Image] = (),
) -> None:
    """Keep the fingerprints of the editions just built (`built`: edition → names of its
    outputs in build/<slug>/), the images the title showed (`images`: the document's) and
    the checksums of the outputs. `inputs` are the fingerprints taken when the build
    started, so a source edited during the build leaves its editions outdated."""
    from pamphlet.output import write_atomic

    folder = workspace.title_folder(slug)
    root = real_path(folder)
    shown = sorted(
        {
            real.relative_to(root).as_posix()
            for image in images
            if root is not None
            and (real := real_path(image.path)) is not None
            and real.is_relative_to(root)
        }
    )
    if set(shown) != set(inputs.images):  # the parts changed what they show
        inputs = Inputs(inputs.base, _image_digests(folder, shown))
    record = _read_record(workspace, slug)
    record["images"] = shown  # no edition is called "images"
    output_folder = workspace.output_folder(slug)
    for edition, names in built.items():
        outputs = {name: file_digest(output_folder / name, 1 << 40) for name in sorted(names)}
        record[edition] = {"fingerprint": inputs[edition], "outputs": outputs}
    write_atomic(
        _record_path(workspace, slug), json.dumps(record, indent=1, sort_keys=True).encode()
    )
