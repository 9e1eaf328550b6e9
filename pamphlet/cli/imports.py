"""`pamphlet import`: turn a plain-text or HTML export of a web article into a title folder,
printing every guess for the editor to review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command("import")
def import_article(
    file: Annotated[Path, typer.Argument(help="The exported article: .txt or .html.")],
    slug: Annotated[
        str | None, typer.Option("--slug", help="Folder name. Default: from the title.")
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language (BCP 47). Default: guessed.")
    ] = None,
    author: Annotated[str, typer.Option(help="Author: a person or an organisation.")] = "",
    publisher: Annotated[str, typer.Option(help="Publisher of this edition.")] = "",
    force: Annotated[
        bool, typer.Option("--force", help="Replace the title folder if it exists.")
    ] = False,
) -> None:
    """Create sources/SLUG/ from an exported web article: series, title, sections, block
    quotations and their sources, dateline, slogans, appended articles; web navigation is
    dropped, the export kept as sent (original.txt or .html, for pamphlet proof), the title
    marked a draft. Prints what it guessed, line by line."""
    from pamphlet.authoring.importer import import_title
    from pamphlet.build import load_document
    from pamphlet.errors import Warnings, display_path

    try:
        workspace = current_workspace()
        folder, imported = import_title(
            workspace, file, slug, lang, author.strip(), publisher.strip(), force
        )
    except PamphletError as error:
        raise fail(error) from None
    typer.echo(f"imported {display_path(file)} → {display_path(folder)}/")
    for guess in imported.guesses:
        where = f"line {guess.line}" if guess.line else ""
        typer.echo(f"  {where:<10} {guess.what}")
    for part in imported.parts:
        typer.echo(f"  wrote {part.file} ({part.role})")
    try:
        load_document(workspace, folder.name, Warnings())
    except PamphletError as error:
        typer.echo(f"error: the imported title does not build yet: {error}", err=True)
        raise typer.Exit(1) from None
    name = folder.name
    typer.echo(
        f"next: pamphlet lint {name} --fix, pamphlet proof {name}, pamphlet preview {name}; "
        "replace the placeholders in pamphlet.toml, then delete its draft = true"
    )
