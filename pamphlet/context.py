"""What an edition is given to build: the parsed title, its workspace, templates and styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from pamphlet.errors import SourceError, Warnings
from pamphlet.labels import labels
from pamphlet.manifest import Manifest
from pamphlet.model import Document
from pamphlet.render.templates import environment
from pamphlet.workspace import Workspace

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass
class BuildContext:
    workspace: Workspace
    document: Document
    warnings: Warnings = field(default_factory=Warnings)
    # What one edition made that another reuses in the same build, by name: the booklet
    # imposes the print edition's pages instead of laying the book out again.
    products: dict[str, object] = field(default_factory=dict)

    @property
    def manifest(self) -> Manifest:
        return self.document.manifest

    @property
    def slug(self) -> str:
        return self.manifest.slug

    @property
    def out(self) -> Path:
        return self.workspace.output_folder(self.slug)

    @cached_property
    def templates(self) -> Environment:
        return environment(self.workspace.templates)

    @cached_property
    def labels(self) -> dict[str, str]:
        return labels(self.manifest.language)

    def stylesheet(self, name: str) -> Path:
        """A sheet from the workspace's `styles/`; a clear error when it is missing."""
        path = self.workspace.styles / name
        if not path.is_file():
            raise SourceError(
                path,
                None,
                f"the stylesheet styles/{name} is missing",
                "restore it from the pamphlet repository or create it",
            )
        return path

    def sandbox_roots(self) -> list[Path]:
        """Folders a build may read: the title's folder, styles, templates, the package and
        the book face. Nothing else, and never the network."""
        from pamphlet.fonts import font_folder

        return [
            self.manifest.folder,
            self.workspace.styles,
            self.workspace.templates,
            PACKAGE_ROOT,
            font_folder(),
            self.workspace.cache,
        ]
