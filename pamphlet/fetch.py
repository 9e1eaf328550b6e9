"""WeasyPrint's URL fetcher, replaced: every resource it loads follows pamphlet.sandbox.

WeasyPrint by default fetches any http(s) URL and reads any file:// path (and embeds
`<link rel=attachment>` files in the PDF). `SandboxedFetcher` reads only what
`sandbox.refusal` allows, and remembers what it refused even where WeasyPrint would swallow
the error (inline SVG), so the build can still fail.

WeasyPrint names things in the PDF after their URL (an image is `md5(url)`), so it is shown
the workspace at fixed places (`aliases`, e.g. file:///pamphlet/workspace/ for the
workspace's folder) instead of where the clone happens to be: a clone elsewhere gives the
same bytes. The fetcher maps those places back to the real folders before applying the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from pamphlet.sandbox import real_roots, refusal, url_path


class RefusedResource(FatalURLFetchingError):
    """A URL outside the sandbox; `url` and `reason` say which and why."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{reason}: {url}")


class SandboxedFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads files under `roots` and nothing else."""

    def __init__(self, roots: Iterable[Path], aliases: dict[Path, Path] | None = None):
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self.roots = real_roots(roots)
        self.aliases = aliases or {}
        self.fetched: list[Path] = []
        self.refused: list[RefusedResource] = []

    def url(self, path: Path) -> str:
        """The URL WeasyPrint is shown for the real `path`: at its alias when it has one."""
        for alias, real in self.aliases.items():
            if path.is_relative_to(real):
                return (alias / path.relative_to(real)).as_uri()
        return path.as_uri()

    def real_url(self, url: str) -> str:
        """`url` with an alias replaced by the real folder it stands for."""
        if urlsplit(url).scheme.lower() != "file":
            return url
        path = url_path(url)
        for alias, real in self.aliases.items():
            if path.is_relative_to(alias):
                return (real / path.relative_to(alias)).as_uri()
        return url

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        real_url = self.real_url(url)
        reason = refusal(real_url, self.roots)
        if reason:
            refused = RefusedResource(url, reason)
            self.refused.append(refused)
            raise refused
        if urlsplit(url).scheme.lower() == "data":
            return super().fetch(url, headers)
        real = url_path(real_url).resolve()
        self.fetched.append(real)
        return URLFetcherResponse(url, real.read_bytes(), status=200)
