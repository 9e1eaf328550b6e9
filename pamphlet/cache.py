"""Which editions of a title are out of date: a content hash of everything an edition reads.

An edition's fingerprint covers the title's folder (manifest, parts, images; for a
collection, the folders of the titles it includes too), the stylesheets it reads
(editions.reads_styles) and every other file of styles/, the workspace's templates,
pamphlet's own code and data, the versions of the installed packages, and what changes the
output (SOURCE_DATE_EPOCH, --strict). After a successful build the fingerprints and output
names are kept in build/.cache/<slug>.json; an edition whose fingerprint is unchanged and
whose files in build/<slug>/ are still those it wrote is not built again.

This module only hashes files: it imports nothing heavy, so a build with nothing to do
answers at once.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from functools import cache
from pathlib import Path

from pamphlet.collection import included_slugs
from pamphlet.registry import reads_styles
from pamphlet.workspace import Workspace

PACKAGE = Path(__file__).resolve().parent
FORMAT = 1


def _files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _hash_files(digest: hashlib._Hash, folder: Path, files: list[Path]) -> None:
    for path in files:
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


@cache
def _installation() -> str:
    """pamphlet's code and data, and the name and version of every installed package."""
    digest = hashlib.sha256(f"{FORMAT}".encode())
    _hash_files(digest, PACKAGE, _files(PACKAGE))
    for folder in map(Path, sys.path):
        if folder.is_dir() and folder.name == "site-packages":
            digest.update("\n".join(sorted(os.listdir(folder))).encode())
    return digest.hexdigest()


def fingerprints(workspace: Workspace, slug: str, editions: list[str], strict: bool) -> dict:
    """The fingerprint of each edition in `editions` as the workspace is now."""
    common = hashlib.sha256(_installation().encode())
    common.update(f"strict={strict} epoch={os.environ.get('SOURCE_DATE_EPOCH', '')}".encode())
    for title in (slug, *included_slugs(workspace.sources, slug)):
        _hash_files(common, workspace.sources, _files(workspace.sources / title))
    _hash_files(common, workspace.templates, _files(workspace.templates))
    styles = _files(workspace.styles)
    _hash_files(common, workspace.styles, [p for p in styles if p.suffix != ".css"])
    result = {}
    for edition in editions:
        digest = common.copy()
        sheets = [workspace.styles / name for name in sorted(reads_styles(edition))]
        _hash_files(digest, workspace.styles, [p for p in sheets if p.is_file()])
        result[edition] = digest.hexdigest()
    return result


def _record_path(workspace: Workspace, slug: str) -> Path:
    return workspace.cache / f"{slug}.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _intact(folder: Path, outputs: dict[str, str]) -> bool:
    """Every output is still in `folder` as it was built (not deleted, edited or replaced)."""
    return bool(outputs) and all(
        (folder / name).is_file() and _digest(folder / name) == digest
        for name, digest in outputs.items()
    )


def outdated(workspace: Workspace, slug: str, editions: list[str], strict: bool) -> list[str]:
    """The editions among `editions` that must be built again, in the same order."""
    try:
        record = json.loads(_record_path(workspace, slug).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return list(editions)
    now = fingerprints(workspace, slug, editions, strict)
    folder = workspace.output_folder(slug)
    todo = {
        edition
        for edition in editions
        if record.get(edition, {}).get("fingerprint") != now[edition]
        or not _intact(folder, record.get(edition, {}).get("outputs", {}))
    }
    # Editions that write a file in common (print and booklet both write the job ticket)
    # are built together, so the shared file always describes all of them.
    files = {edition: set(record.get(edition, {}).get("outputs", {})) for edition in editions}
    for edition in editions:
        if any(files[edition] & files[other] for other in todo):
            todo.add(edition)
    return [edition for edition in editions if edition in todo]


def remember(
    workspace: Workspace, slug: str, built: dict[str, list[str]], inputs: dict[str, str]
) -> None:
    """Keep the fingerprints of the editions just built (`built`: edition → names of its
    outputs in build/<slug>/) and the checksums of those outputs. `inputs` are the
    fingerprints taken when the build started, so a source edited during the build leaves
    its editions outdated."""
    from pamphlet.output import write_atomic

    path = _record_path(workspace, slug)
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    folder = workspace.output_folder(slug)
    for edition, names in built.items():
        outputs = {name: _digest(folder / name) for name in sorted(names)}
        record[edition] = {"fingerprint": inputs[edition], "outputs": outputs}
    write_atomic(path, json.dumps(record, indent=1, sort_keys=True).encode())
