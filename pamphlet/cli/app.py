"""The `pamphlet` application and what every command shares: the workspace option, the
choice of output format, one line for an error."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pamphlet.errors import PamphletError

app = typer.Typer(
    name="pamphlet",
    help="Turn a publisher's source texts into print-ready PDF and EPUB pamphlets.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

state: dict[str, Path | None] = {"workspace": None}


@app.callback()
def _options(
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            "-C",
            envvar="PAMPHLET_WORKSPACE",
            help="The workspace folder (the one holding sources/). Default: found from here.",
        ),
    ] = None,
) -> None:
    state["workspace"] = workspace


def current_workspace():
    from pamphlet.workspace import find_workspace

    return find_workspace(state["workspace"])


FORMATS = ("text", "json")


def output_choice(value: str) -> bool:
    """Whether `--format` asks for JSON; a clear error for anything but text or json."""
    from pamphlet.errors import SourceError

    if value not in FORMATS:
        raise SourceError("--format", None, f'unknown format "{value}"', "use text or json")
    return value == "json"


def fail(error: PamphletError) -> typer.Exit:
    """Print one line for the editor and choose the exit status."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(error.exit_status)
