"""Shared fixtures: temporary workspaces holding copies of the repository's titles and styles,
built once per test session through the real command line."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FLAGSHIP = "bolivias-unfinished-revolution"


@dataclass
class Built:
    """A workspace after `pamphlet build`, with the command's result."""

    root: Path
    slug: str
    result: subprocess.CompletedProcess

    @property
    def out(self) -> Path:
        return self.root / "build" / self.slug

    def file(self, suffix: str) -> Path:
        return self.out / f"{self.slug}{suffix}"


PACKAGE_STYLES = REPO / "pamphlet" / "styles"


def make_workspace(root: Path, titles: dict[str, Path]) -> Path:
    """A workspace at `root` with the given title folders and, in its styles/, copies of the
    package's default stylesheets (as a publisher who changes the house style has them)."""
    shutil.copytree(PACKAGE_STYLES, root / "styles")
    for slug, folder in titles.items():
        shutil.copytree(folder, root / "sources" / slug)
    return root


def pamphlet(
    root: Path, *args: str, check: bool = False, env: dict | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """Run the real command line in workspace `root`."""
    result = subprocess.run(
        [sys.executable, "-m", "pamphlet", *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"pamphlet {' '.join(args)} failed:\n{result.stderr}")
    return result


def pytest_configure(config: pytest.Config) -> None:
    """Commands the tests start must hear Ctrl-C (the watch and interrupt tests send it). A
    shell's background job starts with SIGINT ignored, and a program inherits that, so a
    suite run in the background would see `pamphlet watch` rightly ignore it."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def flagship(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = make_workspace(
        tmp_path_factory.mktemp("flagship"), {FLAGSHIP: REPO / "sources" / FLAGSHIP}
    )
    result = pamphlet(root, "build", FLAGSHIP, check=True)
    return Built(root, FLAGSHIP, result)


@pytest.fixture(scope="session")
def notes_title(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A small title with footnotes, a foreword and cross-references between parts."""
    root = make_workspace(tmp_path_factory.mktemp("notes"), {"notes": FIXTURES / "notes"})
    result = pamphlet(root, "build", "notes", check=True)
    return Built(root, "notes", result)


@pytest.fixture(scope="session")
def spanish_title(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The Spanish sample title in every edition (the web edition too)."""
    from pamphlet.registry import available_editions

    root = make_workspace(tmp_path_factory.mktemp("es"), {"espanol": FIXTURES / "espanol"})
    editions = [arg for name in available_editions() for arg in ("--edition", name)]
    result = pamphlet(root, "build", "espanol", *editions, check=True)
    return Built(root, "espanol", result)


@pytest.fixture(scope="session")
def figures_title(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A small A5 title with pictures (one named with a space and an ñ, in images/), notes
    and cross-references."""
    root = make_workspace(tmp_path_factory.mktemp("figures"), {"figures": FIXTURES / "figures"})
    result = pamphlet(root, "build", "figures", check=True)
    return Built(root, "figures", result)


@pytest.fixture(scope="session")
def flagship_checked(flagship: Built) -> subprocess.CompletedProcess:
    """`pamphlet check` on the flagship (epubcheck, DAISY Ace, preflight), once per session."""
    return pamphlet(flagship.root, "check", flagship.slug)


# --- the hostile corpus (tests/hostile.py, tests/test_hostile_*.py) --------------------------


@pytest.fixture(scope="session")
def web():
    """A local web server no build may ever ask for anything."""
    from hostile import WebServer

    server = WebServer()
    yield server
    server.close()
    assert server.hits == [], "a build asked the network for something"


@pytest.fixture(scope="session")
def tiny_build(tmp_path_factory, web) -> Path:
    """build/ after building the hostile corpus's tiny title (its screen PDF)."""
    from hostile import make_hostile

    h = make_hostile(tmp_path_factory.mktemp("tiny"), web)
    h.check(h.run("build"), status=0)
    return h.build


@pytest.fixture
def hostile(tmp_path, web, tiny_build):
    """A hostile workspace with an earlier build of its tiny title in build/."""
    from hostile import make_hostile

    return make_hostile(tmp_path, web, tiny_build)


@pytest.fixture
def hostile_nobody(web, tiny_build):
    """The same, owned by and run as the user nobody (root reads any file, so faults of
    permissions need another user)."""
    import tempfile

    from hostile import NOBODY, make_hostile

    base = Path(tempfile.mkdtemp(prefix="pamphlet-hostile-"))
    try:
        yield make_hostile(base, web, tiny_build, user=NOBODY)
    finally:
        shutil.rmtree(base, ignore_errors=True)
