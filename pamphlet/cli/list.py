"""`pamphlet list`: the titles of the workspace with title, language, parts (a collection's:
and the titles it includes) and editions."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command("list")
def list_titles(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """Show the titles under sources/: title, language, parts and editions."""
    import json

    from pamphlet.manifest import load_manifest

    try:
        workspace = current_workspace()
        slugs = workspace.slugs()
    except PamphletError as error:
        raise fail(error) from None
    rows, problems = [], []
    for slug in slugs:
        try:
            m = load_manifest(workspace.manifest_path(slug))
        except PamphletError as error:
            problems.append(error)
            continue
        rows.append(
            {
                "slug": slug,
                "title": m.title,
                "language": m.language,
                "parts": [f"{p.role}:{p.file.name}" for p in m.parts],
                "titles": [t.slug for t in m.titles],  # a collection's
                "editions": list(m.editions),
            }
        )
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for row in rows:
            typer.echo(
                f"{row['slug']}\n  title:    {row['title']}\n  language: {row['language']}"
                f"\n  parts:    {', '.join(row['parts'])}"
                + (f"\n  titles:   {', '.join(row['titles'])}" if row["titles"] else "")
                + f"\n  editions: {', '.join(row['editions'])}"
            )
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if problems:
        raise typer.Exit(2)
