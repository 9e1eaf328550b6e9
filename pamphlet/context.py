"""What an edition is given to build: the parsed title, its workspace, templates, styles and
what earlier steps of the build made (products)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from pamphlet.errors import SourceError, Warnings, display_path
from pamphlet.labels import labels
from pamphlet.manifest import Manifest
from pamphlet.model import Document
from pamphlet.products import Products
from pamphlet.render.templates import environment
from pamphlet.sandbox import ALLOWED_PLACES, locate_reference, url_path
from pamphlet.stylesheets import Sheet, Stylesheets
from pamphlet.workspace import Workspace

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass
class BuildContext:
    """`out` is where editions write: a staging folder during a build, renamed into
    build/<slug>/ only when every edition has succeeded (see pamphlet.output)."""

    workspace: Workspace
    document: Document
    warnings: Warnings = field(default_factory=Warnings)
    # What one step made that later ones reuse (the layout, the print file, …): see products.
    products: Products = field(default_factory=Products)
    staging: Path | None = None

    @property
    def manifest(self) -> Manifest:
        return self.document.manifest

    @property
    def slug(self) -> str:
        return self.manifest.slug

    @property
    def out(self) -> Path:
        return self.staging or self.workspace.output_folder(self.slug)

    @cached_property
    def templates(self) -> Environment:
        return environment(self.workspace.templates)

    @cached_property
    def labels(self) -> dict[str, str]:
        return labels(self.manifest.language)

    def labels_in(self, language: str) -> dict[str, str]:
        """The labels in `language` (those of a title inside a collection)."""
        return self.labels if language == self.manifest.language else labels(language)

    @cached_property
    def stylesheets(self) -> Stylesheets:
        return Stylesheets(self.workspace.styles, self.sandbox_roots())

    def sheet(self, name: str) -> Sheet:
        """A stylesheet (the workspace's, else the package's), checked against the sandbox
        once per build."""
        return self.stylesheets[name]

    def reference_error(self, reference: str, reason: str) -> SourceError:
        """The error for a reference the sandbox refuses, at the file and line where it is
        written: a workspace template, usually (sources and stylesheets are checked on
        reading), else a stylesheet or a part."""
        files = [
            *sorted(p for p in self.workspace.templates.rglob("*") if p.is_file()),
            *sorted(self.workspace.styles.glob("*.css")),
            *(part.source for part in self.document.parts),
        ]
        path, line = locate_reference(reference, files) or (self.manifest.folder, None)
        if reference.lower().startswith("file:"):
            reference = display_path(url_path(reference))
        return SourceError(path, line, f'"{reference}" cannot be used ({reason})', ALLOWED_PLACES)

    def aliases(self) -> dict[Path, Path]:
        """Fixed places at which the layout engine is shown the folders it reads, so that
        nothing of where the workspace happens to be reaches an output (see fetch.py)."""
        from pamphlet.fonts import font_folder

        return {
            Path("/pamphlet/fonts"): font_folder(),
            Path("/pamphlet/package"): PACKAGE_ROOT,
            Path("/pamphlet/workspace"): self.workspace.root,
        }

    def sandbox_roots(self) -> list[Path]:
        """Folders a build may read: the title's folder (a collection's: and those of the
        titles it includes), styles, templates, the package, the book face and its faces cut
        at setup. Nothing else, and never the network."""
        from pamphlet.fonts import font_folder, prepared_faces

        return [
            *self.document.folders,
            self.workspace.styles,
            self.workspace.templates,
            PACKAGE_ROOT,
            font_folder(),
            prepared_faces(),
            self.workspace.cache,
        ]
