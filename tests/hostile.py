"""The hostile corpus's harness: a workspace someone tampered with, beside a folder of secrets
it must never reach, and the real command line run in it under an audit hook.

Every run of `pamphlet` here loads `sitecustomize.py` from AUDIT_HOOK (through PYTHONPATH),
which logs what the process and its forked children do at the Python level: files opened
(for reading or writing), files and folders created, renamed or deleted, folders listed,
programs run and network connections. `Hostile.check` then asserts the rules of the corpus:

- the exit status and exactly one line on stderr, `error: …` (or the one-line usage form);
- nothing under the outside folder (nor /etc/passwd, /etc/shadow) was opened, listed,
  written or deleted, and nothing outside the workspace was written or deleted at all;
- no network: no socket was opened, and the local web server was asked for nothing;
- no program was run (the C libraries' look-up by ctypes.util, which no workspace controls,
  aside);
- `build/` byte for byte as before (when the case says so), the outside folder too;
- the command finished within its time limit.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import struct
import subprocess
import sys
import textwrap
import threading
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from conftest import PACKAGE_STYLES, REPO
from trust import snapshot

TIME_LIMIT = 60.0  # seconds a case may take (they take about one)
NOBODY = 65534

TINY_MANIFEST = """\
title = "A Tiny Title"
author = "Test Collective"
publisher = "Test Press"
language = "en"
date = 2020-05-01
description = "A title of one short part, for the hostile corpus."
rights = "© 2020 Test Collective"
editions = ["screen"]

[[parts]]
file = "article.md"
role = "article"
"""
TINY_ARTICLE = """\
# A Tiny Title

Workers of the world have long written pamphlets.

## A Section

Readers have long wanted notes that sit at the foot of the page.
"""

_AUDIT = '''
"""Loaded at start-up (PYTHONPATH): log, as JSON lines to PAMPHLET_AUDIT_LOG, what this
process does with files, programs and the network (see tests/hostile.py)."""
import json
import os
import sys

_log = os.open(os.environ["PAMPHLET_AUDIT_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
_skip = tuple(
    p for p in {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.__file__)} if p
)
_PATH_EVENTS = {
    "os.remove": 0, "os.rmdir": 0, "os.mkdir": 0, "os.chmod": 0, "os.chown": 0,
    "os.truncate": 0, "os.utime": 0, "shutil.rmtree": 0, "os.listdir": 0, "os.scandir": 0,
    "os.symlink": 1, "os.link": 1, "os.rename": 0,
}
_CHANGES = {"os.remove", "os.rmdir", "os.mkdir", "os.chmod", "os.chown", "os.truncate",
            "os.utime", "shutil.rmtree", "os.symlink", "os.link", "os.rename"}
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_RUN = {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system", "pty.spawn"}
_NET = {"socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto",
        "http.client.connect", "urllib.Request", "ftplib.connect", "smtplib.connect"}


def _library_lookup():
    """Whether ctypes.util is finding a C library (it runs ldconfig and gcc, and writes a
    temporary file): WeasyPrint's import does, whatever the workspace holds."""
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename.endswith("ctypes/util.py"):
            return True
        frame = frame.f_back
    return False


def _write(record):
    os.write(_log, (json.dumps(record) + "\\n").encode())


def _path(value):
    if isinstance(value, int) or value is None:
        return None
    try:
        return os.path.abspath(os.fsdecode(value))
    except (TypeError, ValueError):
        return repr(value)


def _hook(event, args):
    if event == "open":
        path = _path(args[0])
        if path is None or path.startswith(_skip):
            return
        mode, flags = args[1], args[2]
        write = bool(mode and any(c in mode for c in "wax+")) or bool(flags & _WRITE_FLAGS)
        _write({"event": event, "path": path, "write": write, "lookup": _library_lookup()})
    elif event in _PATH_EVENTS:
        paths = [_path(a) for a in args[:2] if isinstance(a, (str, bytes, os.PathLike))]
        for path in paths:
            _write({"event": event, "path": path, "write": event in _CHANGES,
                    "lookup": _library_lookup()})
    elif event in _RUN:
        _write({"event": event, "what": repr(args[:2])[:300], "lookup": _library_lookup()})
    elif event in _NET:
        _write({"event": event, "what": repr(args)[:300]})


sys.addaudithook(_hook)

# Faults on demand: a rename onto a path ending in PAMPHLET_TEST_FAIL_RENAME_TO fails, once
# (as a full or read-only disk would make it); one from a path holding
# PAMPHLET_TEST_KILL_RENAME_FROM kills the process (as a power cut would).
_fail_to = os.environ.get("PAMPHLET_TEST_FAIL_RENAME_TO")
_kill_from = os.environ.get("PAMPHLET_TEST_KILL_RENAME_FROM")
if _fail_to or _kill_from:
    import errno
    import signal

    _replace = os.replace
    _failed = []

    def _faulty_replace(source, target, *args, **kwargs):
        if _kill_from and _kill_from in os.fsdecode(source):
            os.kill(os.getpid(), signal.SIGKILL)
        if _fail_to and os.fsdecode(target).endswith(_fail_to) and not _failed:
            _failed.append(target)  # once: the roll-back's renames then work
            raise OSError(errno.EIO, "Input/output error", os.fsdecode(target))
        return _replace(source, target, *args, **kwargs)

    os.replace = _faulty_replace
'''


def png_bomb() -> bytes:
    """A valid, tiny PNG claiming 50000 × 50000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 50_000, 50_000, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 1000)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


class _Counter(http.server.BaseHTTPRequestHandler):
    """A local web server that answers everything and counts what it is asked."""

    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args: object) -> None:
        pass


class WebServer:
    def __init__(self) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    @property
    def hits(self) -> list[str]:
        return _Counter.hits

    def close(self) -> None:
        self.httpd.shutdown()


@dataclass
class Run:
    """What one command did: its result, its audit events and how long it took."""

    args: tuple[str, ...]
    result: subprocess.CompletedProcess
    events: list[dict]
    seconds: float

    @property
    def lines(self) -> list[str]:
        return self.result.stderr.strip().splitlines()


@dataclass
class Hostile:
    """A workspace (`root`, holding the tiny title and the repository's styles) beside a
    folder of secrets (`outside`) and a web server (`web`) it must never reach."""

    root: Path
    outside: Path
    web: WebServer
    hook: Path
    slug: str = "tiny"
    user: int | None = None  # run as this user id (the tests run as root)
    runs: list[Run] = field(default_factory=list)

    @property
    def title(self) -> Path:
        return self.root / "sources" / self.slug

    @property
    def build(self) -> Path:
        return self.root / "build"

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        self.own(path)
        return path

    def append(self, relative: str, text: str) -> int:
        """Append `text` to a workspace file; the line number where it starts."""
        path = self.root / relative
        before = path.read_text(encoding="utf-8")
        path.write_text(before + text, encoding="utf-8")
        return before.count("\n") + 1

    def link(self, relative: str, target: Path | str) -> Path:
        """Make `relative` (in the workspace) a symbolic link to `target`, replacing it."""
        path = self.root / relative
        if path.is_symlink() or path.is_file():
            path.unlink()
        elif path.is_dir():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)
        return path

    def own(self, path: Path) -> None:
        if self.user is not None:
            os.chown(path, self.user, self.user, follow_symlinks=False)

    def run(
        self, *args: str, env: dict[str, str] | None = None, timeout: float = TIME_LIMIT
    ) -> Run:
        """Run `pamphlet ARGS` in the workspace under the audit hook."""
        log = self.hook / f"audit-{len(self.runs)}.jsonl"
        log.touch()
        log.chmod(0o666)
        environment = {
            k: v for k, v in os.environ.items() if not k.startswith(("PAMPHLET_", "SOURCE_"))
        }
        environment.update(
            PYTHONPATH=str(self.hook),
            PAMPHLET_AUDIT_LOG=str(log),
            PYTHONDONTWRITEBYTECODE="1",
            **(env or {}),
        )
        command = [sys.executable, "-m", "pamphlet", *args]
        if self.user is not None:
            command = ["setpriv", f"--reuid={self.user}", f"--regid={self.user}"]
            command += ["--clear-groups", "--", sys.executable, "-m", "pamphlet", *args]
            environment["HOME"] = str(self.root)
        started = time.monotonic()
        result = subprocess.run(
            command,
            cwd=self.root,
            capture_output=True,
            text=True,
            env=environment,
            timeout=timeout,
            errors="backslashreplace",
        )
        seconds = time.monotonic() - started
        events = [json.loads(line) for line in log.read_text().splitlines() if line.strip()]
        run = Run(tuple(args), result, events, seconds)
        self.runs.append(run)
        return run

    # --- the rules of the corpus ---------------------------------------------------------

    def check(
        self,
        run: Run,
        status: int = 2,
        says: str | tuple[str, ...] = (),
        where: str | None = None,
        build_as_before: dict[str, bytes] | None = None,
        seconds: float = TIME_LIMIT,
    ) -> None:
        """The rules every case obeys (see the module's docstring)."""
        assert run.result.returncode == status, _shown(run)
        if status != 0:
            assert len(run.lines) == 1, _shown(run)
            assert run.lines[0].startswith("error: "), _shown(run)
            assert " — " in run.lines[0], _shown(run)
        for text in (says,) if isinstance(says, str) else says:
            assert text in run.result.stderr, _shown(run)
        if where is not None:
            assert run.lines[0].startswith(f"error: {where}"), _shown(run)
        self.check_contained(run)
        if build_as_before is not None:
            assert snapshot(self.build) == build_as_before, "build/ changed"
        assert run.seconds < seconds, f"took {run.seconds:.1f} s"

    def check_contained(self, run: Run) -> None:
        """Nothing outside read, nothing outside the workspace written, no network, no
        program run."""
        outside = str(self.outside.resolve())
        secrets = ("/etc/passwd", "/etc/shadow", "/etc/gshadow")
        root = str(self.root.resolve())
        for event in run.events:
            if event.get("lookup"):
                continue  # ctypes.util finding the C libraries (runs ldconfig, gcc)
            path = event.get("path")
            if path:
                real = os.path.realpath(path)
                assert not (real.startswith(outside) or path.startswith(outside)), (
                    f"{event['event']} outside the workspace: {path}"
                )
                assert real not in secrets, f"{event['event']} {path}"
                if event.get("write"):
                    assert real.startswith(root) or real == "/dev/null", (
                        f"{event['event']} wrote outside the workspace: {path}"
                    )
            assert event["event"] not in NETWORK_EVENTS, f"network: {event}"
            assert event["event"] not in PROGRAM_EVENTS, f"ran a program: {event}"
        assert self.web.hits == [], f"the web server was asked for {self.web.hits}"


NETWORK_EVENTS = {
    "socket.connect",
    "socket.bind",
    "socket.getaddrinfo",
    "socket.sendto",
    "http.client.connect",
    "urllib.Request",
}
PROGRAM_EVENTS = {"subprocess.Popen", "os.exec", "os.posix_spawn", "os.spawn", "os.system"}


def _shown(run: Run) -> str:
    return (
        f"pamphlet {' '.join(run.args)} → {run.result.returncode}\n"
        f"stderr: {run.result.stderr}\nstdout: {run.result.stdout[-2000:]}"
    )


def make_hostile(base: Path, web: WebServer, build: Path | None = None, user: int | None = None):
    """A fresh hostile workspace under `base`; `build`, a built build/ folder to copy in."""
    root, outside, hook = base / "ws", base / "outside", base / "hook"
    shutil.copytree(PACKAGE_STYLES, root / "styles")
    (root / "sources" / "tiny").mkdir(parents=True)
    (root / "sources" / "tiny" / "pamphlet.toml").write_text(TINY_MANIFEST, encoding="utf-8")
    (root / "sources" / "tiny" / "article.md").write_text(TINY_ARTICLE, encoding="utf-8")
    if build is not None:
        shutil.copytree(build, root / "build", symlinks=True)
    (outside / "precious" / "deep").mkdir(parents=True)
    (outside / "precious" / "deep" / "keep.txt").write_text("keep me")
    (outside / "tiny").mkdir()
    (outside / "tiny" / "keep.txt").write_text("keep me too")
    for name in ("secret.txt", "secret.md", "secret.css", "secret.html", "secret.icc"):
        (outside / name).write_text("SECRET-CANARY\n")
    shutil.copy(REPO / "tests/fixtures/figures/images/ruta señalada.png", outside / "secret.png")
    (outside / "title").mkdir()
    (outside / "title" / "pamphlet.toml").write_text(TINY_MANIFEST, encoding="utf-8")
    (outside / "title" / "article.md").write_text(TINY_ARTICLE, encoding="utf-8")
    shutil.copytree(PACKAGE_STYLES, outside / "styles")
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(_AUDIT))
    if user is not None:
        for path in (base, *base.rglob("*")):
            os.chown(path, user, user, follow_symlinks=False)
        base.chmod(0o755)
    return Hostile(root, outside, web, hook, user=user)


# --- many cases in one command --------------------------------------------------------------


@dataclass
class Batch:
    """Many cases built by one command, each as a title of its own (`case-N`): the run, and
    each case's error line."""

    hostile: Hostile
    run: Run
    slugs: dict[str, str]  # case name → its title's slug
    before: dict[str, bytes]

    def line(self, name: str) -> str:
        """The one error line of case `name`: it names the case's title folder or template."""
        slug = self.slugs[name]
        places = (f"sources/{slug}/", f"templates/{slug}.j2")
        lines = [line for line in self.run.lines if any(place in line for place in places)]
        assert len(lines) == 1, (name, slug, lines or self.run.lines[-3:])
        assert lines[0].startswith("error: ") and " — " in lines[0], lines[0]
        return lines[0]

    def check(self, seconds: float = TIME_LIMIT) -> None:
        """The rules, for the whole command: exit 2, one error line per case (and only the
        summary table beside them), contained, build/ as before, in time."""
        run = self.run
        assert run.result.returncode == 2, _shown(run)
        errors = [line for line in run.lines if line.startswith("error: ")]
        assert len(errors) == len(self.slugs), _shown(run)
        self.hostile.check_contained(run)
        assert snapshot(self.hostile.build) == self.before, "build/ changed"
        assert run.seconds < seconds, f"took {run.seconds:.1f} s"


def batch(h: Hostile, cases: dict, *args: str) -> Batch:
    """Build every case of `cases` (name → `tamper(h, slug)`, which tampers with a copy of
    the tiny title at sources/<slug>/) in one `pamphlet build`."""
    slugs = {}
    for number, (name, tamper) in enumerate(cases.items()):
        slug = slugs[name] = f"case-{number}"
        shutil.copytree(h.title, h.root / "sources" / slug, symlinks=True)
        tamper(h, slug)
    before = snapshot(h.build)
    run = h.run("build", *slugs.values(), "--force", "--quiet", "--jobs", "2", *args)
    return Batch(h, run, slugs, before)
