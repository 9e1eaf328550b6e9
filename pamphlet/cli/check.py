"""`pamphlet check`: validate the built editions with real validators (epubcheck, DAISY Ace, …)."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def check(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to check. Default: all.", show_default=False
        ),
    ] = None,
) -> None:
    """Check the built files of each title; exit status 1 if any check finds an error.
    On a terminal, a line for each file as its checks finish."""
    from pamphlet.checks import run_checks
    from pamphlet.cli.report import Reporter

    reporter = Reporter()
    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
    except PamphletError as error:
        raise fail(error) from None
    found = []
    for slug in selected:
        for finding in run_checks(workspace, slug, reporter.checked if reporter.tty else None):
            if finding.severity != "info":
                typer.echo(finding.check_line())
            found.append(finding)
    print_summary(found)
    errors = sum(finding.severity == "error" for finding in found)
    typer.echo(f"{errors} error(s)")
    if errors:
        raise typer.Exit(1)


def print_summary(findings: list) -> None:
    """A table per file, one row per check: ok, or how many errors and warnings, and what
    was found."""
    from rich.console import Console
    from rich.table import Table

    from pamphlet.errors import display_path

    files: dict[str, dict[str, list]] = {}
    for finding in findings:
        checks = files.setdefault(display_path(finding.path), {})
        checks.setdefault(finding.code, []).append(finding)
    console = Console(highlight=False)
    for file, checks in files.items():
        console.print(file, style="bold", soft_wrap=True)
        table = Table(show_edge=False, pad_edge=False)
        for column in ("check", "result", "found"):
            table.add_column(column, overflow="fold")
        for check, group in checks.items():
            table.add_row(check, *_result(group))
        console.print(table)
        console.print()


def _result(group: list) -> tuple[str, str]:
    errors = sum(f.severity == "error" for f in group)
    warnings = sum(f.severity == "warning" for f in group)
    problems = [f for f in group if f.severity != "info"]
    if errors:
        result = f"[red]{errors} error{'s' * (errors > 1)}[/red]"
    elif warnings:
        result = f"[yellow]{warnings} warning{'s' * (warnings > 1)}[/yellow]"
    else:
        result = "[green]ok[/green]"
    shown = (problems or group)[0]
    found = shown.what + (f" ({shown.where})" if problems and shown.where else "")
    if len(problems) > 1:
        found += f" (+{len(problems) - 1} more)"
    return result, found
