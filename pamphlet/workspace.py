"""The publisher's workspace: `sources/<slug>/`, `styles/`, `templates/` and `build/`.

A workspace is found from the current folder upwards (the first folder holding `sources/`),
so `pamphlet` works from anywhere inside it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from pamphlet.errors import PamphletError, SourceError, display_path
from pamphlet.manifest import MANIFEST_NAME, load_manifest
from pamphlet.sandbox import real_path

FOLDERS = ("sources", "styles", "templates")


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def styles(self) -> Path:
        return self.root / "styles"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def cache(self) -> Path:
        """Work kept between builds (cut fonts, layouts); safe to delete."""
        return self.build / ".cache"

    def output_folder(self, slug: str) -> Path:
        return self.build / slug

    def slugs(self) -> list[str]:
        """Every title folder under `sources/`, sorted."""
        if not self.sources.is_dir():
            return []
        return sorted(
            p.name
            for p in self.sources.iterdir()
            # a link that loops or leads nowhere is listed too, to be refused by name
            if (p.is_dir() or (p.is_symlink() and not p.is_file()))
            and not p.name.startswith((".", "_"))
        )

    def included_titles(self, slug: str) -> list[str]:
        """Every title the title `slug` reads (a collection's `[[titles]]`, through the
        collections it includes), from manifests read as a build reads them; one that cannot
        be read includes nothing (the build says what is wrong with it)."""
        found: list[str] = []
        todo = [slug]
        while todo:
            try:
                manifest = load_manifest(self.manifest_path(todo.pop()))
            except PamphletError:
                continue
            for spec in manifest.titles:
                if spec.slug != slug and spec.slug not in found:
                    found.append(spec.slug)
                    todo.append(spec.slug)
        return sorted(found)

    def manifest_path(self, slug: str) -> Path:
        return self.title_folder(slug) / MANIFEST_NAME

    def title_folder(self, slug: str) -> Path:
        """`sources/<slug>/`, checked (with the workspace's own folders) to be a folder
        inside the workspace: a link may lead elsewhere in the workspace, never out of it."""
        self.check_folders()
        folder = self.sources / slug
        self._check_inside(folder, f"the title folder sources/{slug}/")
        return folder

    def check_folders(self) -> None:
        """sources/, styles/ and templates/ are folders inside the workspace (or absent)."""
        for name in FOLDERS:
            self._check_inside(self.root / name, f"{name}/")

    def _check_inside(self, folder: Path, shown: str) -> None:
        if not folder.exists() and not folder.is_symlink():
            return
        real, root = real_path(folder), real_path(self.root)
        if real is None or root is None or not real.is_relative_to(root):
            raise SourceError(
                folder,
                None,
                f"{shown} is a link that leads outside the workspace"
                if real is not None
                else f"{shown} is a link that loops",
                f"replace the link with the folder itself (copy it into {display_path(self.root)})",
            )
        if not real.is_dir():
            raise SourceError(folder, None, f"{shown} is not a folder", "make it a folder")

    def select(self, slugs: list[str] | None) -> list[str]:
        """The titles named (checked to exist), or all of them."""
        known = self.slugs()
        if not slugs:
            if not known:
                raise SourceError(
                    self.sources,
                    None,
                    "there are no titles in sources/",
                    "create one with 'pamphlet new SLUG --title \"...\"'",
                )
            return known
        for slug in slugs:
            if slug not in known:
                guess = difflib.get_close_matches(slug, known, n=1)
                fix = (
                    f'did you mean "{guess[0]}"?'
                    if guess
                    else ("run 'pamphlet list' to see the titles")
                )
                raise SourceError(self.sources / slug, None, f'no title "{slug}" in sources/', fix)
        return list(dict.fromkeys(slugs))


def find_workspace(start: Path | None = None) -> Workspace:
    """The workspace containing `start` (default: the current folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "sources").is_dir():
            workspace = Workspace(folder)
            workspace.check_folders()
            return workspace
    raise SourceError(
        here,
        None,
        "this folder is not inside a pamphlet workspace",
        "run pamphlet from the folder that holds sources/, or pass --workspace",
    )
