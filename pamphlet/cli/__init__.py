"""The `pamphlet` command: one module per subcommand, heavy libraries imported only when a
command runs, so `pamphlet --help` answers at once.

Exit status: 0 success, 1 a build or check failed, 2 bad input or usage.
"""

from __future__ import annotations

import sys
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


def fail(error: PamphletError) -> typer.Exit:
    """Print one line for the editor and choose the exit status."""
    typer.echo(f"error: {error}", err=True)
    return typer.Exit(error.exit_status)


from pamphlet.cli import build, check, dist, imports, lint, list, new, preview, watch  # noqa: E402,F401  (registers the commands)


def main() -> None:
    try:
        app()
    except PamphletError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_status)
    except KeyboardInterrupt:
        typer.echo("interrupted: outputs already in build/ are unchanged", err=True)
        sys.exit(130)
