"""Writing outputs so that nothing is ever half-written, and nothing depends on the clock.

Every file goes to a temporary file beside its final name and is renamed into place only once
complete (`atomic_path`). A title's editions are written into a staging folder,
`build/.staging/<slug>/`, and moved into `build/<slug>/` together with their `SHA256SUMS`
only when every edition has succeeded (`publish`): a build that fails, is interrupted or is
killed leaves the previous outputs as they were. A build killed during those last renames is
finished by the next one (`clean_leftovers`), which also removes temporary files.

Dates written into outputs come from the manifest (or SOURCE_DATE_EPOCH), never the clock.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path, PurePosixPath

from pamphlet.errors import SourceError, display_path
from pamphlet.manifest import Manifest


def build_timestamp(manifest: Manifest) -> datetime:
    """The moment written into outputs: SOURCE_DATE_EPOCH if set, else the text's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.combine(manifest.date, time(0, 0), tzinfo=UTC)


def iso_date(day: date | datetime) -> str:
    if isinstance(day, datetime):
        return day.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return day.isoformat()


@contextlib.contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary path beside `final`; renamed onto it only if the block succeeds."""
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o666 & ~_umask())
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(final: Path, data: bytes) -> Path:
    with atomic_path(final) as temporary:
        temporary.write_bytes(data)
    return final


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


CHECKSUMS = "SHA256SUMS"
STAGING = ".staging"
PUBLISHING = ".publishing"  # in a staging folder: the list of files being moved into place
TEMPORARY = ".*.part"


def checksums(files: dict[str, Path]) -> bytes:
    """`SHA256SUMS` in the format of `sha256sum`: one line per output name."""
    return "".join(f"{sha256(files[name])}  {name}\n" for name in sorted(files)).encode()


def write_checksums(folder: Path, names: list[str]) -> Path:
    """`SHA256SUMS` for the outputs present in `folder`."""
    present = {name: folder / name for name in set(names) if (folder / name).is_file()}
    return write_atomic(folder / CHECKSUMS, checksums(present))


def staging_folder(folder: Path) -> Path:
    """`folder` made fresh and empty, for a build to write its editions into."""
    remove_tree(folder)
    folder.mkdir(parents=True)
    return folder


def remove_tree(folder: Path) -> None:
    """Delete `folder` and what it holds, never through a link: a link is removed itself,
    not what it points to (shutil.rmtree works on file descriptors, without following)."""
    if folder.is_symlink():
        folder.unlink()
    else:
        shutil.rmtree(folder, ignore_errors=True)


def discard(staging: Path) -> None:
    """Remove a staging folder (after a failed build), and `.staging/` when it is empty."""
    remove_tree(staging)
    with contextlib.suppress(OSError):
        staging.parent.rmdir()


def publish(staging: Path, final: Path, names: Iterable[str]) -> list[Path]:
    """Move every file of `staging` into `final` with a `SHA256SUMS` covering them and the
    outputs `names` already in `final` (editions not rebuilt this time). Interrupts wait
    until it is done."""
    staged = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name[0] != "."
    )
    files = {name: final / name for name in names if (final / name).is_file()}
    files |= {name: staging / name for name in staged}
    with deferred_interrupts():
        write_atomic(staging / CHECKSUMS, checksums(files))
        write_atomic(staging / PUBLISHING, "\n".join([*staged, CHECKSUMS]).encode())
        _finish_publishing(staging, final)
    return [final / name for name in staged]


def _finish_publishing(staging: Path, final: Path) -> None:
    """Rename the files a `.publishing` list names into place, SHA256SUMS last. The list is
    read back from disk (a killed build's), so every name is checked to be a plain file of
    the staging folder going to a place inside `final`, never through a link."""
    listing = staging / PUBLISHING
    names = listing.read_text(encoding="utf-8", errors="replace").splitlines()
    for name in names:
        if not _publishable(staging, final, name):
            raise SourceError(
                listing,
                None,
                f'lists "{name}", which is not a file this build could have made',
                f"delete {display_path(staging)} and build again",
            )
    for name in names:
        if (staging / name).is_file():
            (final / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final / name)
    _sync_folder(final)
    discard(staging)


def _publishable(staging: Path, final: Path, name: str) -> bool:
    """`name` is a relative path of plain names whose staged file (if still there) is a
    regular file and whose every folder on both sides is a real folder, not a link."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return False
    for root in (staging, final):
        for depth in range(len(parts)):
            place = root.joinpath(*parts[: depth + 1])
            if place.is_symlink():
                return False
    return not (staging / name).exists() or (staging / name).is_file()


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def check_build_folder(build: Path) -> None:
    """`build/` and what pamphlet keeps in it are what pamphlet made: real folders and files,
    not links or other kinds of file. A workspace can arrive as an archive or a clone with
    `build/` in it; anything else is refused with one line, never followed."""
    if not build.exists() and not build.is_symlink():
        return
    _refuse_unless(build, "folder", "build/")
    for name, kind in ((STAGING, "folder"), (".cache", "folder"), (".lock", "file")):
        if (build / name).exists() or (build / name).is_symlink():
            _refuse_unless(build / name, kind, f"build/{name}")
    staging = build / STAGING
    if staging.is_dir():
        for entry in staging.iterdir():
            _refuse_unless(entry, "folder", f"build/{STAGING}/{entry.name}")
    for entry in build.iterdir():
        if entry.name.startswith(".") or not (entry.is_dir() or entry.is_symlink()):
            continue
        _refuse_unless(entry, "folder", f"build/{entry.name}")
        for output in entry.rglob("*"):
            if output.is_symlink():
                _refuse_unless(output, "file", f"build/{output.relative_to(build).as_posix()}")


def _refuse_unless(path: Path, kind: str, shown: str) -> None:
    is_kind = path.is_dir() if kind == "folder" else path.is_file()
    if path.is_symlink():
        what = f"{shown} is a symbolic link; pamphlet never reads, writes or deletes through one"
    elif not is_kind:
        what = f"{shown} is not a {kind}"
    else:
        return
    raise SourceError(path, None, what, f"remove it ({display_path(path)}) and build again")


def clean_leftovers(build: Path) -> None:
    """What a killed build left behind: finish publishing what was complete, remove staging
    folders and temporary files. Only safe while holding the workspace lock, after
    `check_build_folder`."""
    for staging in sorted((build / STAGING).glob("*/")):
        if (staging / PUBLISHING).is_file():
            _finish_publishing(staging, build / staging.name)
        else:
            discard(staging)
    for leftover in build.rglob(TEMPORARY):
        leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Ctrl-C or SIGTERM received inside the block takes effect when the block is done."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    wanted = (signal.SIGINT, signal.SIGTERM)
    previous = {number: signal.signal(number, lambda n, _: received.append(n)) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        if received:
            os.kill(os.getpid(), received[0])
