"""`pamphlet preview`: build/<slug>/preview.png, every page of the screen PDF on one sheet;
with `--inks`, one page of the print PDF as each ink's plate (preview-page<N>-<ink>.png)."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def preview(
    slug: Annotated[str, typer.Argument(help="The title to preview (folder under sources/).")],
    size: Annotated[
        int, typer.Option("--size", min=60, max=2000, help="Height of each page in pixels.")
    ] = 280,
    columns: Annotated[int, typer.Option("--columns", min=1, max=20, help="Spreads in a row.")] = 3,
    inks: Annotated[
        bool,
        typer.Option("--inks", help="Instead: one PNG per ink of one page of the print PDF."),
    ] = False,
    page: Annotated[
        int, typer.Option("--page", min=1, help="The print PDF's page for --inks (1: cover).")
    ] = 1,
) -> None:
    """Write a contact sheet of the screen PDF's pages and print its path. The screen PDF is
    built first if it is out of date. With --inks, write what each plate of the print PDF
    prints on one page (in the ink's colour) and print their paths."""
    from pamphlet.build import build_title
    from pamphlet.errors import display_path
    from pamphlet.lock import workspace_lock
    from pamphlet.preview import write_ink_previews, write_preview

    try:
        workspace = current_workspace()
        [slug] = workspace.select([slug])
        with workspace_lock(workspace):
            edition = "print" if inks else "screen"
            result = build_title(workspace, slug, [edition], use_cache=True)
            for warning in result.warnings.items:
                typer.echo(f"warning: {warning}", err=True)
            if result.error:
                raise result.error
            if inks:
                paths = write_ink_previews(workspace, slug, page, size)
            else:
                paths = [write_preview(workspace, slug, size, columns)]
    except PamphletError as error:
        raise fail(error) from None
    for path in paths:
        typer.echo(display_path(path))
