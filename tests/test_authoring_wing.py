"""The authoring wing (import, lint, scaffold) stands apart from the build: the build never
imports it, its modules import one another without a circle, no module of it, of the proof
or of the manifest outgrows 500 lines, and no language's words are spelt in its code."""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pamphlet"
WING = ("authoring", "proof", "manifest")
MAY_USE_THE_WING = ("cli", "authoring", "proof", "checks/proof.py")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every pamphlet module `path` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pamphlet"):
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("pamphlet")}
    return found


def modules(folder: str) -> dict[str, Path]:
    return {module_name(p): p for p in (PACKAGE / folder).rglob("*.py")}


def test_the_build_never_imports_the_authoring_wing():
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE).as_posix()
        if relative.startswith(MAY_USE_THE_WING):
            continue
        assert not any(i.startswith("pamphlet.authoring") for i in imports(path)), relative


def test_no_import_circle_in_the_wing():
    graph = {}
    for folder in ("authoring", "proof"):
        found = modules(folder)
        for name, path in found.items():
            graph[name] = {i for i in imports(path) if i in found and i != name}

    def visit(name: str, trail: list[str]) -> None:
        assert name not in trail, " → ".join([*trail, name])
        for other in graph.get(name, ()):
            visit(other, [*trail, name])

    for name in graph:
        visit(name, [])


def test_no_module_of_the_wing_over_500_lines():
    for folder in WING:
        for path in (PACKAGE / folder).rglob("*.py"):
            lines = len(path.read_text(encoding="utf-8").splitlines())
            assert lines <= 500, f"{path.relative_to(PACKAGE)}: {lines} lines"


def test_month_names_and_placeholders_live_in_the_locales():
    spelt = re.compile(r'"(?:January|enero|septiembre|The Author|El Autor|La Editorial)"')
    for folder in ("authoring", "proof", "manifest", "sources"):
        for path in (PACKAGE / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            assert not spelt.search(text), path.relative_to(PACKAGE)
