"""`--format json`: what a tool reading pamphlet's results gets — every title's editions and
files, warnings and error as diagnostics (path, line, column, code, severity, what, fix)."""

from __future__ import annotations

import json
import shutil

from tests.conftest import FIXTURES, REPO, make_workspace, pamphlet

BROKEN = REPO / "tests" / "broken" / "toml-syntax-error"


def test_build_reports_editions_and_files(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    result = pamphlet(root, "build", "notes", "-e", "screen", "-e", "epub", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    (title,) = json.loads(result.stdout)["titles"]
    assert title["slug"] == "notes" and title["ok"] and title["error"] is None
    assert [e["edition"] for e in title["editions"]] == ["screen", "epub"]
    for edition in title["editions"]:
        for file in edition["files"]:
            assert (root / file).is_file(), file
    again = pamphlet(root, "build", "notes", "-e", "screen", "-e", "epub", "--format", "json")
    again = json.loads(again.stdout)
    assert again["titles"][0]["editions"] == []  # nothing to do the second time


def test_build_reports_an_error_as_a_diagnostic(tmp_path):
    root = make_workspace(tmp_path, {})
    shutil.copytree(BROKEN, root / "sources" / "broken", ignore=shutil.ignore_patterns("exp*"))
    result = pamphlet(root, "build", "broken", "--format", "json")
    assert result.returncode == 2
    (title,) = json.loads(result.stdout)["titles"]
    error = title["error"]
    assert not title["ok"]
    assert error["path"].endswith("pamphlet.toml") and error["line"] == 3
    assert error["severity"] == "error" and error["what"].startswith("TOML syntax")
    assert error["fix"]


def test_an_unknown_format_is_a_usage_error(tmp_path):
    root = make_workspace(tmp_path, {"notes": FIXTURES / "notes"})
    result = pamphlet(root, "build", "--format", "yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == 'error: --format: unknown format "yaml" — use text or json'
