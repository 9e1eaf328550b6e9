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
    """Check the built files of each title; exit status 1 if any check finds an error."""
    from pamphlet.checks import run_checks

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
    except PamphletError as error:
        raise fail(error) from None
    errors = 0
    for slug in selected:
        for finding in run_checks(workspace, slug):
            typer.echo(str(finding))
            errors += finding.severity == "error"
    typer.echo(f"{errors} error(s)")
    if errors:
        raise typer.Exit(1)
