"""Atomic outputs: a build killed (SIGKILL) at random moments and at every rename, interrupted
(Ctrl-C) or failing leaves under build/<slug>/ only complete files, each the previous
version or the new one; the next build tidies what was left. Two builds at once: one waits
for nothing, the other is told why it cannot run."""

from __future__ import annotations

import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pamphlet.build import build_title
from pamphlet.lock import workspace_lock
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace
from tests.trust import FIGURES, edition_args, killed_at_replace, known_editions, snapshot

SLUG = "figures"
RANDOM_TRIALS = 20


def _start(root: Path, env: dict | None = None) -> subprocess.Popen:
    command = [sys.executable, "-m", "pamphlet", "build", SLUG, "--quiet", *edition_args()]
    return subprocess.Popen(command, cwd=root, env=env, stderr=subprocess.PIPE, text=True)


def _run(root: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    process = _start(root, env)
    _, stderr = process.communicate(timeout=300)
    return subprocess.CompletedProcess(process.args, process.returncode, "", stderr)


class Versions:
    """A workspace whose title was built (the old outputs), then changed: the new outputs
    are those of a complete build of the change (builds are reproducible)."""

    def __init__(self, root: Path):
        self.root = root
        self.out = root / "build" / SLUG
        assert _run(root).returncode == 0
        self.old = snapshot(self.out)
        article = root / "sources" / SLUG / "article.md"
        article.write_text(article.read_text().replace("downhill", "downhill, in the cold"))
        started = time.perf_counter()
        assert _run(root).returncode == 0
        self.seconds = time.perf_counter() - started
        self.new = snapshot(self.out)
        assert self.new["SHA256SUMS"] != self.old["SHA256SUMS"]
        self.restore_old()

    def restore_old(self) -> None:
        shutil.rmtree(self.out)
        shutil.rmtree(self.root / "build" / ".staging", ignore_errors=True)
        self.out.mkdir()
        for name, data in self.old.items():
            (self.out / name).write_bytes(data)

    def check(self, state: dict[str, bytes], when: str) -> None:
        """Every file under a final name is complete: the old version or the new one; a
        new SHA256SUMS (renamed last) only beside new files."""
        assert set(state) <= set(self.old) | set(self.new), f"{when}: stray files {set(state)}"
        for name, data in state.items():
            assert data in (self.old.get(name), self.new.get(name)), f"{when}: {name} is partial"
        if state.get("SHA256SUMS") == self.new["SHA256SUMS"]:
            assert state == self.new, f"{when}: new checksums beside old files"


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> Versions:
    return Versions(make_workspace(tmp_path_factory.mktemp("atomic"), {SLUG: FIGURES}))


def test_sigkill_at_random_moments_leaves_complete_files(versions):
    """SIGKILL at 20 random moments of a build; every file is old or new, and the next
    build ends with the new outputs and no temporary file or staging folder."""
    seed = int(os.environ.get("PAMPHLET_KILL_SEED", "20261128"))  # another seed: other moments
    chance = random.Random(seed)
    states = []
    for trial in range(RANDOM_TRIALS):
        versions.restore_old()
        process = _start(versions.root)
        time.sleep(chance.uniform(0.3, 1.05) * versions.seconds)
        process.kill()
        process.communicate()
        state = snapshot(versions.out)
        versions.check(state, f"trial {trial} (seed {seed})")
        states.append(
            "old" if state == versions.old else "new" if state == versions.new else "mixed"
        )
    assert _run(versions.root).returncode == 0
    assert snapshot(versions.out) == versions.new
    assert _leftovers(versions.root) == []
    print(f"seed {seed}: {states}")


def test_sigkill_at_every_rename_then_the_next_build_finishes(versions, tmp_path):
    """SIGKILL just before each rename of a build, one after the other: what is left is
    complete, and whatever runs next in the workspace (it first takes the lock) leaves
    build/ consistent: old outputs and checksums, or new ones."""
    number = 0
    while True:
        number += 1
        versions.restore_old()
        result = _run(versions.root, {**os.environ, **killed_at_replace(tmp_path, number)})
        if result.returncode == 0:
            break  # past the last rename: the build completed
        # the build, or its forked process (then the build fails, saying so)
        child = "a build process was killed by signal 9 without a result" in result.stderr
        assert result.returncode == -signal.SIGKILL or (result.returncode == 1 and child)
        assert "Traceback" not in result.stderr
        versions.check(snapshot(versions.out), f"killed at rename {number}")
        with workspace_lock(Workspace(versions.root)):
            pass  # finishes a publication that was under way, or drops it
        state = snapshot(versions.out)
        assert state in (versions.old, versions.new), f"rename {number}: inconsistent"
        assert _leftovers(versions.root) == []
    assert number > 3  # the renames of the editions, the checksums, the publication list
    assert snapshot(versions.out) == versions.new


def _leftovers(root: Path) -> list[str]:
    build = root / "build"
    return sorted(
        str(p.relative_to(build)) for p in build.rglob("*") if p.name.endswith(".part")
    ) + sorted(str(p.relative_to(build)) for p in build.glob(".staging"))


@pytest.mark.parametrize("moment", ["staging", "first-edition"])
def test_ctrl_c_leaves_a_clean_state_and_one_line(versions, moment):
    versions.restore_old()
    process = _start(versions.root)
    staging = versions.root / "build" / ".staging" / SLUG
    wanted = staging if moment == "staging" else staging / f"{SLUG}.pdf"
    deadline = time.monotonic() + 120
    while not wanted.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    if process.returncode == 0:
        pytest.skip("the build finished before it could be interrupted")
    assert process.returncode == 130
    assert stderr == "interrupted: build/ holds the last complete build of each title\n"
    assert snapshot(versions.out) == versions.old
    assert _leftovers(versions.root) == []
    assert not (versions.root / "build" / ".staging").exists()


def test_a_second_build_is_told_another_one_runs(versions):
    versions.restore_old()
    before = snapshot(versions.root / "build")
    with open(versions.root / "build" / ".lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        lock.write("pid 4242")
        lock.flush()
        result = _run(versions.root)
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert result.returncode == 1
    assert result.stderr == (
        "error: build/.lock: another build is running in this workspace (pid 4242)"
        " — wait for it to finish, then build again\n"
    )
    after = snapshot(versions.root / "build")
    assert {k: v for k, v in after.items() if k != ".lock"} == {
        k: v for k, v in before.items() if k != ".lock"
    }


def test_two_builds_at_once_do_not_corrupt_each_other(versions):
    versions.restore_old()
    first, second = _start(versions.root), _start(versions.root)
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    for process in (first, second):
        process.stderr.close()
    codes = sorted(code for code, _ in results)
    assert codes[0] == 0
    assert codes[1] == 0 or "another build is running in this workspace" in (
        next(err for code, err in results if code == 1)
    )
    assert snapshot(versions.out) == versions.new
    assert _leftovers(versions.root) == []


def test_an_edition_failing_late_leaves_every_output_as_it_was(versions):
    """The screen PDF is made, then the EPUB fails (a broken EPUB template): nothing of the
    new build is published, the old checksums still hold."""
    versions.restore_old()
    templates = versions.root / "templates" / "epub"
    templates.mkdir(parents=True)
    (templates / "nav.xhtml.j2").write_text("<nav>\n{{ no_such_value }}\n</nav>\n")
    before = snapshot(versions.root / "build")
    try:
        result = build_title(Workspace(versions.root), SLUG, ["screen", "epub"])
    finally:
        shutil.rmtree(versions.root / "templates")
    assert result.error is not None and result.error.exit_status == 2
    assert str(result.error).startswith(f"{templates / 'nav.xhtml.j2'}:2: template error:")
    assert snapshot(versions.root / "build") == before


def test_leftovers_of_a_killed_build_are_removed_by_the_next(versions):
    versions.restore_old()
    build = versions.root / "build"
    (versions.out / f".{SLUG}.pdf.x1y2.part").write_bytes(b"%PDF-1.7 half")
    (build / ".cache" / ".stray.ttf.abc.part").write_bytes(b"half a font")
    (build / ".staging" / SLUG).mkdir(parents=True)
    (build / ".staging" / SLUG / f"{SLUG}.pdf").write_bytes(b"%PDF-1.7 never published")
    assert _run(versions.root).returncode == 0
    assert _leftovers(versions.root) == []
    assert snapshot(versions.out) == versions.new


def test_every_known_edition_is_covered():
    assert {"screen", "epub"} <= set(known_editions())
