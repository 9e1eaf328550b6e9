"""The only way a build reads a resource a source or stylesheet names: inside allowed folders.

WeasyPrint by default fetches any http(s) URL and reads any file:// path. `SandboxedFetcher`
allows `file:` URLs under the workspace and the package's own data (after resolving
symlinks and `..`), and `data:` URLs; anything else stops the build with a clear error.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class RefusedResource(FatalURLFetchingError):
    """A URL outside the sandbox; `url` and `reason` say which and why."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}: {url}")


def resolve_inside(path: Path, roots: tuple[Path, ...]) -> Path | None:
    """`path` with symlinks resolved, if it lies inside one of `roots`; else None."""
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return real if any(real.is_relative_to(root) for root in roots) else None


class SandboxedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads files under `roots` and nothing else."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.fetched: list[Path] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(url, "a build never fetches from the network")
        path = Path(url2pathname(unquote(urlsplit(url).path)))
        real = resolve_inside(path, self.roots)
        if real is None:
            if not path.exists():
                raise RefusedResource(url, "the file does not exist")
            raise RefusedResource(url, "the file is outside the workspace")
        self.fetched.append(real)
        return URLFetcherResponse(real.as_uri(), real.read_bytes(), status=200)
