"""`pamphlet check` that respects a person's time: its validators run side by side, a line
per file as it is done on a terminal (nothing of the kind otherwise), and Ghostscript's and
MuPDF's reading of every PDF among its checks, as findings like any other."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys

import pikepdf
import pytest

from pamphlet.checks import run_checks
from pamphlet.workspace import Workspace
from tests.conftest import FLAGSHIP, REPO, make_workspace

PDFS = ("", "-print", "-booklet", "-booklet-office")


def test_check_reads_every_pdf_with_ghostscript_and_mupdf(flagship_checked):
    tables = flagship_checked.stdout
    for reader in ("ghostscript", "mupdf"):
        assert len(re.findall(rf"^{reader}\s.*\bok\b", tables, re.M)) == len(PDFS), tables
    assert "[ghostscript]" not in tables and "[mupdf]" not in tables  # no finding
    # not a terminal: no progress lines
    assert ".epub:" not in flagship_checked.stderr and ".pdf:" not in flagship_checked.stderr


@pytest.fixture
def pdfs_only(tmp_path, flagship):
    """A workspace holding the flagship's PDFs as built, without its EPUB (whose validators
    take seconds), with the screen PDF damaged: an empty content stream written by qpdf as
    FlateDecode of length 0."""
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    out = root / "build" / FLAGSHIP
    out.mkdir(parents=True)
    for suffix in PDFS:
        shutil.copy(flagship.file(f"{suffix}.pdf"), out)
    with pikepdf.open(flagship.file(".pdf")) as pdf:
        pdf.pages[1].obj.Contents = pdf.make_stream(b"")
        pdf.save(out / f"{FLAGSHIP}.pdf", compress_streams=True)
    return root


def read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:  # the terminal's other end is closed: all is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


def test_a_damaged_pdf_fails_the_check_with_a_line_per_file_on_a_terminal(pdfs_only):
    leader, follower = pty.openpty()
    done = subprocess.run(
        [sys.executable, "-m", "pamphlet", "check", FLAGSHIP],
        cwd=pdfs_only,
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )
    os.close(follower)
    terminal = re.sub(r"\x1b\[[0-9;]*m", "", read_all(leader))  # without colours
    assert done.returncode == 1
    assert f"error: [ghostscript] build/{FLAGSHIP}/{FLAGSHIP}.pdf" in done.stdout
    assert f"error: [mupdf] build/{FLAGSHIP}/{FLAGSHIP}.pdf" in done.stdout
    progress = [line for line in terminal.splitlines() if ".pdf:" in line]
    assert len(progress) == len(PDFS), terminal
    damaged = next(line for line in progress if f"{FLAGSHIP}.pdf:" in line)
    assert "ghostscript, mupdf" in damaged and "error" in damaged
    booklet = next(line for line in progress if "-booklet.pdf:" in line)
    assert "ghostscript, mupdf, preflight" in booklet and booklet.rstrip().endswith("ok")


def test_findings_come_in_the_same_order_whatever_finishes_first(pdfs_only):
    workspace = Workspace(pdfs_only)
    files: list = []
    first = run_checks(workspace, FLAGSHIP, done=lambda checked: files.append(checked))
    second = run_checks(workspace, FLAGSHIP)
    assert [f.check_line() for f in first] == [f.check_line() for f in second]
    reported = [checked.file.name for checked in files]
    assert len(reported) == len(set(reported))  # each file once, when all its checks are done
    assert {f"{FLAGSHIP}{suffix}.pdf" for suffix in PDFS} <= set(reported)
    from_progress = sorted(f.check_line() for checked in files for f in checked.findings)
    assert from_progress == sorted(f.check_line() for f in first if f.code != "placeholder")
