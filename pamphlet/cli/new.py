"""`pamphlet new`: scaffold a title folder (manifest, sample article, slogans), or with
`--collection` a collection of the workspace's titles with a sample introduction, that builds
at once."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def new(
    slug: Annotated[str, typer.Argument(help="Folder name under sources/, e.g. my-pamphlet.")],
    title: Annotated[str, typer.Option("--title", "-t", help="The title, as on the cover.")],
    lang: Annotated[
        str, typer.Option("--lang", "-l", help="Language of the text (BCP 47): en, es, es-419…")
    ] = "en",
    author: Annotated[str, typer.Option(help="Author: a person or an organisation.")] = "",
    publisher: Annotated[str, typer.Option(help="Publisher of this edition.")] = "",
    collection: Annotated[
        bool,
        typer.Option(
            "--collection", help="Make a collection of titles of the workspace (see --include)."
        ),
    ] = False,
    include: Annotated[
        list[str] | None,
        typer.Option(
            "--include",
            "-i",
            help="With --collection: a title to include (repeat it; default: every title).",
        ),
    ] = None,
) -> None:
    """Create sources/SLUG/ with a manifest (every key explained), an article and slogans; or,
    with --collection, a collection of titles with an introduction."""
    from pamphlet.authoring.scaffold import TitleDraft, new_collection, new_title
    from pamphlet.build import load_document
    from pamphlet.errors import SourceError, Warnings

    try:
        workspace = current_workspace()
        draft = TitleDraft(slug, title.strip(), lang, author.strip(), publisher.strip())
        if include and not collection:
            raise SourceError(
                "--include", None, "--include names titles of a collection", "add --collection"
            )
        if collection:
            folder = new_collection(workspace, draft, include)
        else:
            folder = new_title(workspace, draft)
        load_document(workspace, slug, Warnings())
    except PamphletError as error:
        raise fail(error) from None
    typer.echo(f"created {folder.relative_to(workspace.root)}/")
    for name in sorted(p.name for p in folder.iterdir()):
        typer.echo(f"  {name}")
    typer.echo(
        f"next: write the text, then\n  pamphlet lint {slug}\n  pamphlet preview {slug}\n"
        f"  pamphlet build {slug}"
    )
