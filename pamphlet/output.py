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
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC)
    return datetime.combine(manifest.date, time(0, 0), tzinfo=UTC)


LATEST_EPOCH = 253402300799  # 9999-12-31T23:59:59Z: the last moment a PDF or EPUB can date


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, when set: whole seconds since 1970 up to the year 9999."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    if not epoch.isascii() or not epoch.isdigit() or int(epoch) > LATEST_EPOCH:
        raise SourceError(
            "SOURCE_DATE_EPOCH",
            None,
            f'"{epoch[:40]}" is not a number of seconds between 1970 and the year 9999',
            "set it to a Unix time such as 1070000000, or unset it to use the manifest's date",
        )
    return int(epoch)


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
PREVIOUS = ".previous"  # in a staging folder: the files being replaced, until all are in place
ROLLBACK = ".rollback"  # in a staging folder: a failed publication is being undone
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
    outputs `names` already in `final` (editions not rebuilt this time). All or nothing: a
    rename that fails puts every file back as it was. Interrupts wait until it is done."""
    staged = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and not any(part[0] == "." for part in p.relative_to(staging).parts)
    )
    files = {name: final / name for name in names if (final / name).is_file()}
    files |= {name: staging / name for name in staged}
    with deferred_interrupts():
        write_atomic(staging / CHECKSUMS, checksums(files))
        write_atomic(staging / PUBLISHING, "\n".join([*staged, CHECKSUMS]).encode())
        _finish_publishing(staging, final)
    return [final / name for name in staged]


def _finish_publishing(staging: Path, final: Path) -> None:
    """Rename the files a `.publishing` list names into place, SHA256SUMS last, keeping each
    file they replace in `.previous/` until all are in place. If a rename fails, every file
    already moved is put back (`_roll_back`) and the error raised."""
    names = _publishing_list(staging, final)
    try:
        for name in names:
            _publish_one(staging, final, name)
        _sync_folder(final)
    except OSError:
        _roll_back(staging, final, names)
        raise
    discard(staging)


def _publishing_list(staging: Path, final: Path) -> list[str]:
    """The names in `.publishing`, read back from disk (a killed build's), each checked to
    be a plain file of the staging folder going to a place inside `final`, never through a
    link."""
    from pamphlet.sandbox import read_regular_file

    listing = staging / PUBLISHING
    text = read_regular_file(listing, 1_000_000).decode("utf-8", errors="replace")
    names = text.splitlines()
    for name in names:
        if not _publishable(staging, final, name):
            raise SourceError(
                listing,
                None,
                f'lists "{name}", which is not a file this build could have made',
                f"delete {display_path(staging)} and build again",
            )
    return names


def _publish_one(staging: Path, final: Path, name: str) -> None:
    staged, target = staging / name, final / name
    if not staged.is_file():
        return  # already moved, by a build killed while publishing
    target.parent.mkdir(parents=True, exist_ok=True)
    previous = staging / PREVIOUS / name
    if target.is_file() and not previous.exists():
        previous.parent.mkdir(parents=True, exist_ok=True)
        _keep(target, previous)
    os.replace(staged, target)


def _roll_back(staging: Path, final: Path, names: list[str]) -> None:
    """Put back every file a failed publication moved: the previous version where there was
    one (from `.previous/`), none where the file is new. Marked by `.rollback`, so that a
    roll-back cut short is finished by the next command; each step can be repeated."""
    write_atomic(staging / ROLLBACK, b"")
    for name in names:
        staged, target, previous = staging / name, final / name, staging / PREVIOUS / name
        if previous.is_file():
            if not staged.exists():
                _keep(target, staged)  # the new file stays staged: the step can be repeated
            os.replace(previous, target)
        elif not staged.exists() and target.is_file():
            os.replace(target, staged)
    _sync_folder(final)
    discard(staging)


def _keep(source: Path, copy: Path) -> None:
    """`copy` as a second name of `source` (a hard link; a copy where links are refused)."""
    try:
        os.link(source, copy)
    except OSError:
        shutil.copyfile(source, copy)


def _publishable(staging: Path, final: Path, name: str) -> bool:
    """`name` is a relative path of plain names whose staged file (if still there) is a
    regular file and whose every folder on both sides is a real folder, not a link."""
    parts = PurePosixPath(name).parts
    if not parts or name.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return False
    if any(part.startswith(".") for part in parts):
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


def check_build_folder(build: Path, titles: Iterable[str] = ()) -> None:
    """`build/` and everything in it are what pamphlet made: real folders and regular files,
    never links, pipes or devices, and `build/<title>` a folder for each of `titles`. A
    workspace can arrive as an archive or a clone with `build/` in it; anything else is
    refused with one line, never followed."""
    if not build.exists() and not build.is_symlink():
        return
    _refuse_unless(build, "folder", "build/")
    for name, kind in ((STAGING, "folder"), (".cache", "folder"), (".lock", "file")):
        if (build / name).exists() or (build / name).is_symlink():
            _refuse_unless(build / name, kind, f"build/{name}")
    for name in titles:
        if (build / name).exists() or (build / name).is_symlink():
            _refuse_unless(build / name, "folder", f"build/{name}")
    staging = build / STAGING
    if staging.is_dir():
        for entry in staging.iterdir():
            _refuse_unless(entry, "folder", f"build/{STAGING}/{entry.name}")
    for folder, subfolders, files in os.walk(build, onerror=_raise):
        here = Path(folder)
        for name in subfolders:  # os.walk lists a link to a folder here, without entering it
            _refuse_unless(here / name, "folder", _shown(build, here / name))
        for name in files:
            _refuse_unless(here / name, "file", _shown(build, here / name))


def _raise(error: OSError) -> None:
    path = Path(error.filename or "build")
    raise SourceError(
        path,
        None,
        f"cannot be read ({error.strerror or error})",
        f"give yourself access to it, or remove it ({display_path(path)})",
    )


def _shown(build: Path, path: Path) -> str:
    return f"build/{path.relative_to(build).as_posix()}"


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
        if (staging / ROLLBACK).is_file():
            final = build / staging.name
            _roll_back(staging, final, _publishing_list(staging, final))
        elif (staging / PUBLISHING).is_file():
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
