"""Writing outputs so that nothing is ever half-written, and nothing depends on the clock.

Every output goes to a temporary file beside its final name and is renamed into place only
once complete. Dates written into outputs come from the manifest (or SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterator
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


def write_checksums(folder: Path, names: list[str]) -> Path:
    """`SHA256SUMS` in the format of `sha256sum`, for the outputs present in `folder`."""
    lines = [
        f"{sha256(folder / name)}  {name}\n"
        for name in sorted(set(names))
        if (folder / name).is_file()
    ]
    return write_atomic(folder / "SHA256SUMS", "".join(lines).encode())
