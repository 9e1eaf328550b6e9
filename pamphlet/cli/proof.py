"""`pamphlet proof`: compare every edition of a title, word for word, with the publisher's
original; print each word added or missing with its place in both."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def proof(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to proof. Default: all.", show_default=False
        ),
    ] = None,
    edition: Annotated[
        list[str] | None,
        typer.Option(
            "--edition",
            "-e",
            help="Edition to build and proof. Repeat for several. Default: every edition.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print each difference from sources/SLUG/original.txt (or .html) as `original:line:
    added|missing "words" — places in the sources and in each edition`; exit status 1 if any
    is not acknowledged. Editions out of date are built first. Typography (quotation marks,
    dashes, ellipses, ligatures, hyphenation, small capitals) and generated matter (cover,
    title page, contents, colophon, labels, running heads, page numbers) are not differences;
    a comment <!-- editor: why --> at a change, or the manifest's [proof] acknowledged list,
    acknowledges it."""
    from pamphlet.build import build_title
    from pamphlet.lock import workspace_lock
    from pamphlet.proof import proof_title
    from pamphlet.registry import available_editions, check_edition_names

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
        check_edition_names(edition or [])
        proofs = []
        with workspace_lock(workspace):
            for slug in selected:
                built = build_title(
                    workspace, slug, edition or available_editions(), use_cache=True
                )
                for warning in built.warnings.items:
                    typer.echo(f"warning: {warning}", err=True)
                if built.error:
                    raise built.error
                proofs.append(proof_title(workspace, slug, only=edition))
    except PamphletError as error:
        raise fail(error) from None
    for done in proofs:
        for difference in done.differences:
            typer.echo(difference.line())
        print_summary(done)
    if any(done.unacknowledged for done in proofs):
        raise typer.Exit(1)


def print_summary(done) -> None:
    from pamphlet.errors import display_path

    original = done.original
    dropped = (
        f", {len(original.navigation)} line(s) of web navigation left out"
        if original.navigation
        else ""
    )
    typer.echo(
        f"proof of {done.manifest.slug} against {display_path(original.path)} "
        f"({len(original.words)} words{dropped}):",
        err=True,
    )
    for edition in done.editions:
        count = len(edition.unacknowledged)
        typer.echo(
            f"  {display_path(edition.path)}: {count} difference{'s' * (count != 1)}",
            err=True,
        )
    acknowledged = len(done.differences) - len(done.unacknowledged)
    typer.echo(
        f"{len(done.unacknowledged)} unacknowledged difference(s), {acknowledged} acknowledged",
        err=True,
    )
