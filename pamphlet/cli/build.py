"""`pamphlet build`: build the editions of every title (or those named) into build/<slug>/."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def build(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...",
            help="Titles to build (folder names under sources/). Default: all.",
            show_default=False,
        ),
    ] = None,
    edition: Annotated[
        list[str] | None,
        typer.Option(
            "--edition",
            "-e",
            help="Edition to build: screen, print, booklet, epub, html. "
            "Repeat for several. Default: those the manifest lists.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
) -> None:
    """Build PDF and EPUB editions of the titles under sources/."""
    from pamphlet.build import build_title, check_edition_names, workspace_lock
    from pamphlet.cli.report import Reporter

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
        check_edition_names(edition or [])
    except PamphletError as error:
        raise fail(error) from None
    reporter = Reporter(quiet)
    results = []
    try:
        with workspace_lock(workspace):
            for slug in selected:
                with reporter.status(f"building {slug}…"):
                    result = build_title(workspace, slug, edition, strict, reporter.edition)
                reporter.title(result)
                results.append(result)
    except PamphletError as error:
        raise fail(error) from None
    failed = [r for r in results if not r.ok]
    if failed:
        raise typer.Exit(max(r.error.exit_status for r in failed))
