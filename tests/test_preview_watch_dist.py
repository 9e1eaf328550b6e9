"""`pamphlet preview` (a contact sheet of the screen PDF) and `pamphlet watch` (rebuilds on
change); `pamphlet dist` is tested in test_dist.py."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from pamphlet.registry import NAMES
from pamphlet.watch import affected
from pamphlet.workspace import Workspace
from tests.conftest import FLAGSHIP, REPO, make_workspace, pamphlet

ONIX = {"o": "http://ns.editeur.org/onix/3.0/reference"}


def red_pixels(image: Image.Image) -> int:
    data = image.tobytes()
    return sum(
        1
        for r, g, b in zip(data[0::3], data[1::3], data[2::3], strict=True)
        if r > 140 and g < 80 and b < 80
    )


def test_preview_is_a_sheet_of_every_page(flagship):
    result = pamphlet(flagship.root, "preview", FLAGSHIP, "--size", "120", "--columns", "4")
    assert result.returncode == 0, result.stderr
    path = flagship.root / result.stdout.strip()
    assert path == flagship.out / "preview.png"
    sheet = Image.open(path).convert("RGB")
    pages = len(PdfReader(flagship.file(".pdf")).pages)
    spreads = 1 + pages // 2  # the cover alone, then facing pages
    rows = -(-spreads // 4)
    width, height = sheet.size
    assert width > 4 * 2 * 70 and height > rows * 120
    # the cover (its red band) is the right-hand page of the first spread, top left
    first_row = sheet.crop((0, 0, width // 4, height // rows))
    assert red_pixels(first_row) > 500
    assert red_pixels(sheet.crop((0, 0, width // 8, height // rows))) == 0


def test_preview_builds_the_pdf_when_sources_changed(tmp_path):
    root = make_workspace(tmp_path, {"notes": REPO / "tests" / "fixtures" / "notes"})
    pdf = root / "build" / "notes" / "notes.pdf"
    first = pamphlet(root, "preview", "notes", "--size", "80")
    assert first.returncode == 0, first.stderr
    assert "Back to the main article" in PdfReader(pdf).pages[-2].extract_text()
    appendix = root / "sources" / "notes" / "appendix.md"
    appendix.write_text(appendix.read_text() + "\nA sentence added since.\n")
    again = pamphlet(root, "preview", "notes", "--size", "80")
    assert again.returncode == 0, again.stderr
    assert "A sentence added since." in PdfReader(pdf).pages[-2].extract_text()


def test_watch_plan_follows_what_changed(tmp_path):
    workspace = Workspace(tmp_path)
    titles = ["a", "b"]
    assert affected(workspace, tmp_path / "sources" / "a" / "article.md", titles) == {
        "a": frozenset(NAMES)
    }
    assert affected(workspace, tmp_path / "styles" / "epub.css", titles) == {
        "a": frozenset({"epub"}),
        "b": frozenset({"epub"}),
    }
    assert affected(workspace, tmp_path / "styles" / "paged.css", ["a"]) == {
        "a": frozenset({"screen", "print", "booklet", "epub", "large-print"})  # page list
    }
    assert affected(workspace, tmp_path / "build" / "a" / "a.pdf", titles) == {}


class Output:
    """The lines a process prints, read by a thread so waiting never blocks the test."""

    def __init__(self, process: subprocess.Popen):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(process,), daemon=True).start()

    def _pump(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.put(line)

    def wait_for(self, text: str, limit: float = 120) -> str:
        """The next line containing `text` (fails after `limit` seconds)."""
        deadline = time.monotonic() + limit
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"pamphlet watch never said {text!r}: {self.seen}")


def test_watch_rebuilds_on_change_and_stops_on_interrupt(tmp_path):
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    pamphlet(root, "new", "small", "--title", "A Small Title", check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "pamphlet", "watch", "small", "-e", "html", "--debounce", "200"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    output = Output(process)
    try:
        assert "small: built html" in output.wait_for("first build")
        output.wait_for("watching")
        article = root / "sources" / "small" / "article.md"
        article.write_text(article.read_text() + "\nA paragraph added while watching.\n")
        line = output.wait_for("changed")
        assert "small: built html" in line and "sources/small/article.md changed" in line
        page = (root / "build" / "small" / "small.html").read_text(encoding="utf-8")
        assert "A paragraph added while watching." in page
        article.write_text(article.read_text().replace("# A Small Title", "# A Small Title\n\n#"))
        broken = output.wait_for("changed")
        assert "small: error (sources/small/article.md changed)" in broken
        assert "article.md:6: a part has one '# ' title" in broken
        assert "A paragraph added while watching." in (
            root / "build" / "small" / "small.html"
        ).read_text(encoding="utf-8")  # the last good page is kept
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
    assert process.returncode == 0, output.seen
    assert "stopped watching" in output.wait_for("stopped")


def test_makefile_has_the_editor_targets():
    makefile = (REPO / "Makefile").read_text()
    for target in ("dist:", "html:", "lint-sources:"):
        assert f"\n{target}" in makefile
    assert Path(REPO / "pamphlet" / "styles" / "html.css").is_file()
