"""How commands talk while they work: rich progress on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

from pamphlet.build import EditionResult, TitleResult
from pamphlet.errors import display_path


class Reporter:
    """One line per edition built and per title finished; warnings and errors as
    `path:line: what — fix`."""

    def __init__(self, quiet: bool = False):
        self.quiet = quiet
        self.tty = sys.stderr.isatty()
        self.console = None
        if self.tty:
            from rich.console import Console

            self.console = Console(stderr=True, highlight=False)

    def line(self, text: str, style: str = "") -> None:
        if self.console:
            self.console.print(text, style=style or None, markup=False)
        else:
            print(text, file=sys.stderr, flush=True)

    def edition(self, slug: str, done: EditionResult) -> None:
        if self.quiet:
            return
        files = ", ".join(display_path(p) for p in done.outputs)
        self.line(f"  {slug}: {done.edition:<8} {done.seconds:5.2f}s  {files}", "dim")

    def title(self, result: TitleResult) -> None:
        for warning in result.warnings.items:
            self.line(f"warning: {warning}", "yellow")
        if result.error:
            self.line(f"error: {result.error}", "bold red")
        elif not self.quiet:
            self.line(
                f"{result.slug}: built {len(result.editions)} edition(s) in {result.seconds:.2f}s",
                "green",
            )

    def status(self, text: str):
        """A spinner on a terminal; nothing otherwise."""
        if self.console and not self.quiet:
            return self.console.status(text)
        from contextlib import nullcontext

        return nullcontext()


def relative(path: Path) -> str:
    return display_path(path)
