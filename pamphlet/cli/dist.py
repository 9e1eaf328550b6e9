"""`pamphlet dist`: the distributor bundle in build/dist/ (PDF, EPUB, cover, JSON and ONIX
metadata, an OPDS catalogue, SHA256SUMS)."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def dist(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to bundle. Default: all.", show_default=False
        ),
    ] = None,
) -> None:
    """Build the screen PDF and EPUB of each title and bundle them for distributors in
    build/dist/, with a cover and thumbnail, a JSON record, an ONIX 3.0 record (checked
    against the ONIX schema), an OPDS catalogue of them all (catalog.xml) and SHA256SUMS."""
    from pamphlet.dist import make_dist
    from pamphlet.errors import display_path
    from pamphlet.lock import workspace_lock

    def done(slug: str, names: list[str]) -> None:
        typer.echo(f"{slug}: {', '.join(names)}", err=True)

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
        with workspace_lock(workspace):
            folder = make_dist(workspace, selected, done)
    except PamphletError as error:
        raise fail(error) from None
    typer.echo(display_path(folder))
