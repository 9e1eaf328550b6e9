"""How commands talk while they work: rich progress on a terminal, plain lines otherwise."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from pamphlet.errors import display_path

if TYPE_CHECKING:
    from pamphlet.build import EditionResult, TitleResult


class Reporter:
    """One line per edition built and per title finished; warnings and errors as
    `path:line: what — fix`."""

    def __init__(self, quiet: bool = False, silent: bool = False):
        self.quiet = quiet
        self.silent = silent  # nothing at all on stderr: the caller prints JSON
        self.tty = sys.stderr.isatty()
        self.console = None
        if self.tty:
            from rich.console import Console

            self.console = Console(stderr=True, highlight=False)

    def line(self, text: str, style: str = "") -> None:
        if self.silent:
            return
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
            built = ", ".join(done.edition for done in result.editions) or "nothing"
            kept = f"; up to date: {', '.join(result.up_to_date)}" if result.up_to_date else ""
            self.line(f"{result.slug}: built {built} in {result.seconds:.2f}s{kept}", "green")

    def up_to_date(self, slug: str) -> None:
        if not self.quiet:
            self.line(f"{slug}: up to date (pamphlet build --force to build anyway)", "dim")

    def summary(self, results: list[TitleResult]) -> None:
        """A table of every title built: status, editions, time."""
        rows = [
            (
                r.slug,
                "failed" if r.error else "ok",
                ", ".join(d.edition for d in r.editions) or "-",
                f"{r.seconds:.2f}s",
            )
            for r in results
        ]
        failed = sum(1 for r in results if r.error)
        if self.console:
            from rich.table import Table

            table = Table(title=f"{len(results)} titles, {failed} failed")
            for header in ("title", "status", "editions built", "time"):
                table.add_column(header)
            for row in rows:
                table.add_row(*row, style="red" if row[1] == "failed" else None)
            self.console.print(table)
            return
        width = max(len(r[0]) for r in rows)
        self.line(f"{'title':<{width}}  status  time     editions built")
        for slug, status, editions, seconds in rows:
            self.line(f"{slug:<{width}}  {status:<6}  {seconds:>7}  {editions}")
        self.line(f"{len(results)} titles, {failed} failed")

    def status(self, text: str):
        """A spinner on a terminal; nothing otherwise."""
        if self.console and not self.quiet:
            return self.console.status(text)
        from contextlib import nullcontext

        return nullcontext()
