"""Hostile corpus — publishing faults. Publishing is all or nothing: if a rename into
build/<slug>/ fails, every file already moved is put back, so the outputs and SHA256SUMS
always agree (`sha256sum -c` passes); a roll-back cut short by a kill is finished by the next
command. `--strict` fails on a warning from any stage, layout included, before anything is
published. `watch` waits for a build that holds the lock, then rebuilds what changed.
Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest
from trust import snapshot

ARTICLE = "sources/tiny/article.md"
EDITIONS = ("--edition", "screen")  # tiny.pdf, then SHA256SUMS: a publication of two files


def checksums_agree(folder) -> None:
    result = subprocess.run(
        ["sha256sum", "--quiet", "-c", "SHA256SUMS"], cwd=folder, text=True, capture_output=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture
def published(hostile):
    """The tiny title built, then edited (so that the next build publishes new files)."""
    h = hostile
    h.check(h.run("build", "tiny", *EDITIONS, "--force"), status=0)
    checksums_agree(h.build / "tiny")
    h.append(ARTICLE, "\nA paragraph added since.\n")
    return h


@pytest.mark.parametrize("failing", ["tiny.pdf", "SHA256SUMS"])
def test_a_failed_rename_puts_every_file_back(published, failing):
    """Failing at the first rename moves nothing; at the last, tiny.pdf is already new and
    must be put back."""
    h = published
    before = snapshot(h.build)
    run = h.run(
        "build", "tiny", *EDITIONS, env={"PAMPHLET_TEST_FAIL_RENAME_TO": f"build/tiny/{failing}"}
    )
    h.check(run, status=1, says="Input/output error", build_as_before=before)
    checksums_agree(h.build / "tiny")
    assert not (h.build / ".staging").exists()
    if failing == "SHA256SUMS":
        again = h.run("build", "tiny", *EDITIONS)  # nothing left behind in the way
        h.check(again, status=0)
        checksums_agree(h.build / "tiny")


def test_a_roll_back_cut_short_is_finished_by_the_next_command(published):
    h = published
    before = snapshot(h.build / "tiny")
    run = h.run(
        "build",
        "tiny",
        *EDITIONS,
        env={
            "PAMPHLET_TEST_FAIL_RENAME_TO": "build/tiny/SHA256SUMS",
            "PAMPHLET_TEST_KILL_RENAME_FROM": ".previous/",  # killed while rolling back
        },
    )
    assert run.result.returncode == -signal.SIGKILL
    assert (h.build / ".staging" / "tiny" / ".rollback").is_file()
    h.check_contained(run)
    tidy = subprocess.run(  # takes the lock (which tidies up) and builds nothing
        [sys.executable, "-c", TAKE_THE_LOCK, str(h.root)], capture_output=True, text=True
    )
    assert tidy.returncode == 0, tidy.stderr
    assert snapshot(h.build / "tiny") == before  # rolled back: the previous files, all
    checksums_agree(h.build / "tiny")
    assert not (h.build / ".staging").exists()


def test_strict_fails_on_a_warning_raised_during_layout(published):
    h = published
    h.write("templates/colophon.html.j2", '<p style="colr: red">Colophon</p>\n')
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--edition", "screen", "--strict")
    h.check(run, status=2, says="WeasyPrint: Ignored `colr: red`", build_as_before=before)
    lenient = h.run("build", "tiny", "--edition", "screen")
    h.check(lenient, status=0)
    assert "warning: sources/tiny: WeasyPrint: Ignored `colr: red`" in lenient.result.stderr


def test_watch_waits_for_the_lock_and_rebuilds(published):
    h = published
    watch = subprocess.Popen(
        [sys.executable, "-m", "pamphlet", "watch", "tiny", "-e", "html", "--debounce", "100"],
        cwd=h.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    holder = None
    try:
        assert "tiny: built html" in _line(watch, "first build")
        _line(watch, "watching")
        holder = subprocess.Popen(  # another build, holding the lock until told to stop
            [sys.executable, "-c", HOLD_THE_LOCK, str(h.root)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert holder.stdout.readline().strip() == "holding"
        h.append(ARTICLE, "\nWritten while another build ran.\n")
        time.sleep(1.5)  # the change is seen; the rebuild waits for the lock
        assert b"Written while" not in (h.build / "tiny" / "tiny.html").read_bytes()
        holder.send_signal(signal.SIGTERM)
        holder.wait(timeout=30)
        line = _line(watch, "changed")
        assert "tiny: built html" in line, line
        assert b"Written while another build ran." in (h.build / "tiny/tiny.html").read_bytes()
    finally:
        if holder and holder.poll() is None:
            holder.kill()
        watch.send_signal(signal.SIGINT)
        watch.wait(timeout=60)


TAKE_THE_LOCK = """
import sys
from pathlib import Path
from pamphlet.lock import workspace_lock
from pamphlet.workspace import Workspace
with workspace_lock(Workspace(Path(sys.argv[1]))):
    pass
"""
HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from pamphlet.lock import workspace_lock
from pamphlet.workspace import Workspace
with workspace_lock(Workspace(Path(sys.argv[1]))):
    print("holding", flush=True)
    time.sleep(120)
"""


def _line(process: subprocess.Popen, text: str, limit: float = 90) -> str:
    """The next line of `process` holding `text` (fails after `limit` seconds)."""
    if not hasattr(process, "lines"):
        process.lines = queue.Queue()
        threading.Thread(
            target=lambda: [process.lines.put(line) for line in process.stdout], daemon=True
        ).start()
    deadline, seen = time.monotonic() + limit, []
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = process.lines.get(timeout=left)
        except queue.Empty:
            break
        seen.append(line)
        if text in line:
            return line
    raise AssertionError(f"watch never said {text!r}: {seen}")
