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
from pathlib import Path

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
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def discard(staging: Path) -> None:
    """Remove a staging folder (after a failed build), and `.staging/` when it is empty."""
    shutil.rmtree(staging, ignore_errors=True)
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
    """Rename the files a `.publishing` list names into place, SHA256SUMS last."""
    for name in (staging / PUBLISHING).read_text().splitlines():
        if (staging / name).is_file():
            (final / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, final / name)
    _sync_folder(final)
    discard(staging)


def _sync_folder(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def clean_leftovers(build: Path) -> None:
    """What a killed build left behind: finish publishing what was complete, remove staging
    folders and temporary files. Only safe while holding the workspace lock."""
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
