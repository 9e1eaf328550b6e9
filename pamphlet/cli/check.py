"""`pamphlet check`: validate the built editions with real validators (epubcheck, DAISY Ace, …)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def check(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to check. Default: all.", show_default=False
        ),
    ] = None,
    typography: Annotated[
        list[Path] | None,
        typer.Option(
            "--typography",
            metavar="FILE.pdf",
            help="Judge the typography of any PDF (ours or another tool's): word spaces, "
            "hyphens, page ends. Repeat for several files.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check the built files of each title; exit status 1 if any check finds an error, 2 if
    a title still has placeholders (and is not a draft). On a terminal, a line for each file
    as its checks finish."""
    from pamphlet.checks import PLACEHOLDER, run_checks
    from pamphlet.cli.report import Reporter
    from pamphlet.output import check_build_folder

    if typography:
        raise typer.Exit(_typography_only(typography))
    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
        check_build_folder(workspace.build, selected)  # the validators read only what we made
    except PamphletError as error:
        raise fail(error) from None
    reporter = Reporter()
    found = []
    for slug in selected:
        for finding in run_checks(workspace, slug, reporter.checked if reporter.tty else None):
            if finding.severity != "info" or finding.code == "typography":
                typer.echo(finding.check_line())
            found.append(finding)
    print_summary(found)
    errors = sum(finding.severity == "error" for finding in found)
    typer.echo(f"{errors} error(s)")
    if any(finding.code == PLACEHOLDER for finding in found):
        raise typer.Exit(2)
    if errors:
        raise typer.Exit(1)


def _typography_only(files: list[Path]) -> int:
    """`--typography FILE.pdf`: the typography report of each file, nothing else."""
    from pamphlet.checks import typography

    for path in files:
        if not path.is_file():
            raise fail_usage(f"{path}: no such file — give the path of a PDF")
        try:
            findings = typography.check(path)
        except Exception as error:  # pdfium's own message: not a PDF, damaged, encrypted
            message = f"{path}: cannot be read as a PDF ({error}) — give a PDF file"
            raise fail_usage(message) from None
        for finding in findings:
            typer.echo(finding.check_line())
    return 0


def fail_usage(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


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
