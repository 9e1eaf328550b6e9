"""WeasyPrint and its hyphenation dictionaries, loaded fast. Every build paid, before laying
out a line: WeasyPrint's declarations of the C functions it calls (Pango, HarfBuzz,
fontconfig), a cffi `cdef` parsed again at every start, with each library found by trying
several names, each failed try asking `ldconfig` in a subprocess (about half of its import
time); and the parsing of a language's hyphenation patterns (a tenth of a second).

`prepare()`, run by scripts/setup.sh, does both once, beside the installed packages: the
declarations compiled into a small module, the patterns of the common languages pickled.
`install()` (done when pamphlet is imported) adds an import finder that builds WeasyPrint's
`weasyprint.text.ffi` from WeasyPrint's own source with the compiled declarations in place
of the parsed ones (compiled declarations look libraries up without subprocesses);
`preload_hyphenation(language)` hands pyphen the pickled patterns. Each is checked against
a digest of what it was made from: made from another version, it is not used, and WeasyPrint
or pyphen does the work as usual.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import importlib.machinery

TARGET = "weasyprint.text.ffi"
COMPILED = "_pamphlet_weasyprint_ffi"
PATTERNS = "_pamphlet_hyphenation"  # a folder of pickled pyphen dictionaries
PREPARED_LANGUAGES = ("en_US", "en_GB", "es", "pt_PT", "pt_BR", "fr", "de_DE", "it_IT", "ca")
_CDEF_START = "ffi.cdef('''"
_CDEF_END = "''')"


def _source() -> tuple[Path, str] | None:
    """WeasyPrint's ffi.py and its text, found without importing WeasyPrint."""
    for folder in sys.path:
        path = Path(folder or ".") / "weasyprint" / "text" / "ffi.py"
        if path.is_file():
            return path, path.read_text(encoding="utf-8")
    return None


def _split(source: str) -> tuple[str, str, str] | None:
    """WeasyPrint's ffi.py as (what comes before the FFI is made, the declarations, what
    comes after them); the middle part's lines are kept as empty lines, so that line numbers
    in tracebacks stay WeasyPrint's."""
    start, declare = source.find("import cffi"), source.find(_CDEF_START)
    end = source.find(_CDEF_END, declare)
    if min(start, declare, end) < 0:
        return None
    end += len(_CDEF_END)
    blank = "\n" * source[start:end].count("\n")
    return source[:start] + blank, source[declare + len(_CDEF_START) : end - 4], source[end:]


def _digest(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()


def _installed() -> Path:
    import sysconfig

    return Path(sysconfig.get_paths()["purelib"])


def prepare(folder: Path | None = None) -> Path | None:
    """Compile WeasyPrint's declarations and pickle the common languages' hyphenation
    patterns into `folder` (default: the installed packages)."""
    folder = folder or _installed()
    _pickle_patterns(folder / PATTERNS)
    return _compile_declarations(folder)


def _compile_declarations(folder: Path) -> Path | None:
    import cffi

    found = _source()
    parts = _split(found[1]) if found else None
    if not found or not parts:
        return None
    builder = cffi.FFI()
    builder.cdef(parts[1])
    builder.set_source(COMPILED, None)
    target = folder / f"{COMPILED}.py"
    temporary = folder / f".{COMPILED}.py.part"
    with contextlib.redirect_stdout(io.StringIO()):  # cffi says "generating …"
        builder.emit_python_code(str(temporary))
    with open(temporary, "a", encoding="utf-8") as handle:
        handle.write(f"\nSOURCE_SHA256 = {_digest(found[1])!r}\n")
    temporary.replace(target)
    return target


def _pickle_patterns(folder: Path) -> None:
    import pickle

    import pyphen

    folder.mkdir(exist_ok=True)
    for language in PREPARED_LANGUAGES:
        path = pyphen.LANGUAGES.get(language)
        if path is None:
            continue
        patterns = pyphen.HyphDict(Path(path))
        data = pickle.dumps((_digest_file(Path(path)), patterns), pickle.HIGHEST_PROTOCOL)
        temporary = folder / f".{Path(path).name}.part"
        temporary.write_bytes(data)
        temporary.replace(folder / f"{Path(path).name}.pickle")


def _digest_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def preload_hyphenation(language: str) -> None:
    """Give pyphen the language's patterns from their pickle, if prepare() made one."""
    import pickle

    import pyphen

    name = pyphen.language_fallback(language.replace("-", "_"))
    path = pyphen.LANGUAGES.get(name) if name else None
    if path is None or Path(path) in pyphen.hdcache:
        return
    pickled = _installed() / PATTERNS / f"{Path(path).name}.pickle"
    try:
        digest, patterns = pickle.loads(pickled.read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        return
    if digest == _digest_file(Path(path)):
        pyphen.hdcache[Path(path)] = patterns


class _Loader:  # importlib's Loader protocol (its ABC costs every command an import)
    def __init__(self, path: Path, code: str, ffi: object):
        self.path, self.code, self.ffi = path, code, ffi

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return None

    def exec_module(self, module: ModuleType) -> None:
        module.__dict__["ffi"] = self.ffi
        exec(compile(self.code, str(self.path), "exec"), module.__dict__)


class _Finder:  # importlib's MetaPathFinder protocol
    def find_spec(self, name: str, path: object = None, target: object = None):
        if name != TARGET:
            return None
        sys.meta_path.remove(self)  # once: WeasyPrint is imported once per process
        found = _source()
        parts = _split(found[1]) if found else None
        try:
            compiled = importlib.import_module(COMPILED)
        except ImportError:
            return None
        if not found or not parts or getattr(compiled, "SOURCE_SHA256", "") != _digest(found[1]):
            return None
        loader = _Loader(found[0], parts[0] + parts[2], compiled.ffi)
        from importlib.util import spec_from_file_location

        return spec_from_file_location(name, found[0], loader=loader)  # type: ignore[arg-type]  # typeshed wants load_module


def install() -> None:
    """Let the next import of WeasyPrint use the compiled declarations, if there are any."""
    if TARGET not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
