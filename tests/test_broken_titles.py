"""Clear errors for bad input: every title under tests/broken/ has one mistake in it, and
`pamphlet build` must answer with exit status 2 and exactly one line,
`error: path:line: what is wrong — what to do`, leaving build/ byte for byte as it was.

A case is a title folder with `expected.toml`: `says` (a part of the message), `file` (the
file the message names, relative to the title folder, or to the workspace with
`workspace = true`), `line` (when the problem has one), `args` (more command-line
arguments) and `strict`. Files under `_workspace/` are copied over the workspace (templates,
styles). The command runs in this process, through the same `main()` as the installed
command, so the corpus takes seconds.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
import sys
import tomllib
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from pamphlet.build import build_title
from pamphlet.cli import main
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace, pamphlet
from tests.trust import FIGURES, known_editions, snapshot

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.toml").is_file())
NOT_THE_TITLE = shutil.ignore_patterns("expected.toml", "_workspace")


def run_in_process(root: Path, *args: str) -> tuple[int, str, str]:
    """`pamphlet ARGS` in workspace `root`, in this process: exit status, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    saved = (sys.argv, Path.cwd(), sys.unraisablehook)
    handlers = {n: signal.getsignal(n) for n in (signal.SIGINT, signal.SIGTERM)}
    sys.argv = ["pamphlet", *args]
    os.chdir(root)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main()
        status = 0
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 1
    finally:
        sys.argv, cwd, sys.unraisablehook = saved
        os.chdir(cwd)
        for number, handler in handlers.items():
            signal.signal(number, handler)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def earlier_build(tmp_path_factory) -> Path:
    """build/ after complete builds of every edition: what bad input must leave as it was."""
    root = make_workspace(tmp_path_factory.mktemp("earlier"), {"figures": FIGURES})
    result = build_title(Workspace(root), "figures", known_editions())
    assert result.ok, result.error
    return root / "build"


def broken_workspace(tmp_path: Path, name: str, earlier_build: Path) -> Path:
    root = make_workspace(tmp_path, {})
    shutil.copytree(BROKEN / name, root / "sources" / name, ignore=NOT_THE_TITLE)
    if (BROKEN / name / "_workspace").is_dir():
        shutil.copytree(BROKEN / name / "_workspace", root, dirs_exist_ok=True)
    shutil.copytree(earlier_build, root / "build")
    shutil.copytree(earlier_build / "figures", root / "build" / name)  # its earlier outputs
    return root


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("name", CASES)
def test_a_broken_title_gets_one_clear_line(name, tmp_path, earlier_build):
    expected = tomllib.loads((BROKEN / name / "expected.toml").read_text(encoding="utf-8"))
    root = broken_workspace(tmp_path, name, earlier_build)
    before = snapshot(root / "build")
    args = ["build", name, *expected.get("args", [])]
    if expected.get("strict"):
        args.append("--strict")
    status, stdout, stderr = run_in_process(root, *args)

    assert status == 2, stderr
    assert stdout == ""
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    where = expected["file"]
    if not where.startswith("--") and not expected.get("workspace"):
        where = f"sources/{name}/{where}"
    if "line" in expected:
        where += f":{expected['line']}"
    assert stderr.startswith(f"error: {where}: "), stderr
    assert expected["says"] in stderr
    assert " — " in stderr.split(expected["says"], 1)[0] + expected["says"] + stderr[-80:]
    assert snapshot(root / "build") == before


def test_a_warning_does_not_fail_without_strict(tmp_path, earlier_build):
    """The unused note is printed as a warning; the build succeeds and publishes."""
    name = "note-never-referenced"
    root = broken_workspace(tmp_path, name, earlier_build)
    result = pamphlet(root, "build", name, "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"warning: sources/{name}/article.md:11: note [^2] is never referenced"
        " — add [^2] in the text or delete the note\n"
    )
    assert (root / "build" / name / f"{name}.pdf").read_bytes() != (
        earlier_build / "figures" / "figures.pdf"
    ).read_bytes()
