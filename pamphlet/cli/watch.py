"""`pamphlet watch`: rebuild the affected editions whenever a source, style or template
changes, one line per rebuild."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import Interrupted, PamphletError


@app.command()
def watch(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to watch. Default: all.", show_default=False
        ),
    ] = None,
    edition: Annotated[
        list[str] | None,
        typer.Option(
            "--edition",
            "-e",
            help="Edition to rebuild (repeat for several). Default: those the manifest lists.",
            show_default=False,
        ),
    ] = None,
    quiet_ms: Annotated[
        int,
        typer.Option("--debounce", min=50, max=10000, help="Wait this many milliseconds of quiet."),
    ] = 300,
) -> None:
    """Build, then rebuild what each change affects: a part its title, a stylesheet the
    editions using it, a template every title. Stop with Ctrl-C."""
    from pamphlet.registry import check_edition_names
    from pamphlet.watch import watch as watch_titles

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs) if slugs else None
        check_edition_names(edition or [])
        watch_titles(workspace, selected, edition, typer.echo, quiet_ms)
    except PamphletError as error:
        raise fail(error) from None
    except Interrupted:
        pass  # Ctrl-C is how a watch ends; a rebuild it cut short left build/ as it was
    typer.echo("stopped watching")
