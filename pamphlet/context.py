"""What an edition is given to build: the parsed title, its workspace, templates and styles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from jinja2 import Environment

from pamphlet.errors import SourceError, Warnings, display_path
from pamphlet.labels import labels
from pamphlet.manifest import Manifest
from pamphlet.model import Document
from pamphlet.render.templates import environment
from pamphlet.sandbox import (
    ALLOWED_PLACES,
    check_stylesheet,
    locate_reference,
    path_refusal,
    real_roots,
    url_path,
)
from pamphlet.workspace import Workspace

PACKAGE_ROOT = Path(__file__).resolve().parent


@dataclass
class BuildContext:
    """`out` is where editions write: a staging folder during a build, renamed into
    build/<slug>/ only when every edition has succeeded (see pamphlet.output)."""

    workspace: Workspace
    document: Document
    warnings: Warnings = field(default_factory=Warnings)
    # What one edition made that another reuses in the same build, by name: the booklet
    # imposes the print edition's pages instead of laying the book out again.
    products: dict[str, object] = field(default_factory=dict)
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

    def stylesheet(self, name: str) -> Path:
        """A sheet from the workspace's `styles/`, checked to be readable inside the sandbox
        and to name nothing outside it; a clear error otherwise."""
        path = self.workspace.styles / name
        if not path.is_file():
            raise SourceError(
                path,
                None,
                f"the stylesheet styles/{name} is missing",
                "restore it from the pamphlet repository or create it",
            )
        reason = path_refusal(path, real_roots([self.workspace.styles]))
        if reason:
            raise SourceError(
                path, None, f"the stylesheet cannot be used: {reason}", "copy the file into styles/"
            )
        css = path.read_text(encoding="utf-8", errors="replace")
        check_stylesheet(path, css, real_roots(self.sandbox_roots()))
        return path

    def reference_error(self, reference: str, reason: str) -> SourceError:
        """The error for a reference the sandbox refuses, at the file and line where it is
        written: a workspace template, usually (sources and stylesheets are checked on
        reading), else a stylesheet or a part."""
        files = [
            *sorted(p for p in self.workspace.templates.rglob("*") if p.is_file()),
            *sorted(self.workspace.styles.glob("*.css")),
            *(spec.file for spec in self.manifest.parts),
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
