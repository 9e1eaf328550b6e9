"""The shape of the code, read from its imports and sources: no import circles between files or
between the package's parts (a subpackage or a top-level module), no module over 500 lines,
and the registry as the only place that spells an edition's file names."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from pamphlet.registry import EDITIONS, FINISHERS

PACKAGE = Path(__file__).resolve().parent.parent / "pamphlet"
MAX_LINES = 500


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The package's modules that `name` imports, anywhere in it (inside functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` imports the module; `from module import name`,
            # the module
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base
                for alias in node.names
            ]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                yield target


def part_of(module: str) -> str:
    """The part of the package a module belongs to: its subpackage, or itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def graph(by_part: bool) -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    edges: dict[str, set[str]] = {}
    for name, path in found.items():
        source = part_of(name) if by_part else name
        for target in imported(name, path, known):
            if target == "pamphlet":
                continue
            target = part_of(target) if by_part else target
            if target != source:
                edges.setdefault(source, set()).add(target)
    return edges


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(set(edges) | {t for ts in edges.values() for t in ts}):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles_between_files():
    assert circles(graph(by_part=False)) == []


def test_no_import_circles_between_parts_of_the_package():
    """No arrow runs back up: a subpackage or module never imports one that imports it."""
    assert circles(graph(by_part=True)) == []


def test_the_checker_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_over_500_lines():
    long = {
        name: n
        for name, path in modules().items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def edition_suffixes() -> set[str]:
    patterns = [o.pattern for e in EDITIONS for o in e.outputs]
    patterns += [o.pattern for f in FINISHERS for o in f.outputs]
    return {pattern.removeprefix("{slug}") for pattern in patterns}


def spelled_file_names(tree: ast.AST, suffixes: set[str]) -> Iterator[str]:
    """File names of editions written out in code: f"{slug}-print.pdf", "{slug}.epub"."""
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for before, after in zip(node.values, node.values[1:], strict=False):
                if (
                    isinstance(before, ast.FormattedValue)
                    and isinstance(after, ast.Constant)
                    and isinstance(after.value, str)
                    and any(after.value.startswith(s) for s in suffixes)
                ):
                    yield after.value
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and any(node.value == "{slug}" + s for s in suffixes)
        ):
            yield node.value


def test_only_the_registry_spells_an_editions_file_names():
    suffixes = edition_suffixes()
    spelled = {
        name: names
        for name, path in modules().items()
        if name != "pamphlet.registry"
        and (names := list(spelled_file_names(ast.parse(path.read_text()), suffixes)))
    }
    assert spelled == {}


def test_the_spelling_check_finds_a_file_name():
    tree = ast.parse('x = f"{slug}-print.pdf"\ny = "{slug}.epub"\nz = f"{slug}.json"')
    assert list(spelled_file_names(tree, edition_suffixes())) == ["-print.pdf", "{slug}.epub"]
