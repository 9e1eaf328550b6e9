"""The house style: the package's default stylesheets (`pamphlet/styles/`), each replaced by
the workspace's `styles/<name>` when there is one — the rule the templates follow. Each
sheet is found, checked against the sandbox and read once per build (`Stylesheets`).

The colour names a sheet gives values to (`--ink: #1b1b1b;`) are read here too: the paged
editions share one layout in the screen colours, and the print edition recolours its pages
with the values `print.css` gives the same names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pamphlet.errors import SourceError
from pamphlet.sandbox import check_stylesheet, path_refusal, real_roots

PACKAGE_STYLES = Path(__file__).resolve().parent / "styles"
_COLOUR_NAME = re.compile(r"(--[A-Za-z][\w-]*)\s*:\s*([^;{}]+?)\s*;")


@dataclass(frozen=True)
class Sheet:
    """A stylesheet as a build uses it: its name, where it was found and its text."""

    name: str
    path: Path
    text: str

    @property
    def from_workspace(self) -> bool:
        return not self.path.is_relative_to(PACKAGE_STYLES)

    def colour_names(self) -> dict[str, tuple[str, int]]:
        """Each custom property the sheet defines: its value as written and its line."""
        names = {}
        for match in _COLOUR_NAME.finditer(_without_comments(self.text)):
            line = self.text.count("\n", 0, match.start()) + 1
            names[match[1]] = (match[2], line)
        return names


def _without_comments(css: str) -> str:
    """`css` with comments blanked out, lines kept where they were."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m[0]), css, flags=re.DOTALL)


class Stylesheets:
    """The sheets of one build: the workspace's `styles/<name>`, else the package's own."""

    def __init__(self, workspace_styles: Path, sandbox_roots: list[Path]):
        self.folder = workspace_styles
        self.roots = real_roots(sandbox_roots)
        self.read: dict[str, Sheet] = {}

    def __getitem__(self, name: str) -> Sheet:
        if name not in self.read:
            self.read[name] = self._load(name)
        return self.read[name]

    def _load(self, name: str) -> Sheet:
        path = self.folder / name
        if not (path.exists() or path.is_symlink()):
            path = PACKAGE_STYLES / name
            if not path.is_file():
                raise SourceError(
                    self.folder / name,
                    None,
                    f"there is no stylesheet {name}, in styles/ or in pamphlet",
                    "name one of pamphlet's stylesheets, or create it in styles/",
                )
        else:
            reason = path_refusal(path, real_roots([self.folder]))
            if reason:
                raise SourceError(
                    path,
                    None,
                    f"the stylesheet cannot be used: {reason}",
                    "copy the file into styles/",
                )
        text = path.read_text(encoding="utf-8", errors="replace")
        check_stylesheet(path, text, self.roots)
        return Sheet(name, path, text)
