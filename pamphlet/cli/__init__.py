"""The `pamphlet` command: one module per subcommand, heavy libraries imported only when a
command runs, so `pamphlet --help` answers at once.

Exit status: 0 success, 1 a build or check failed, 2 bad input or usage.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Annotated

import typer

from pamphlet.errors import RECEIVED, Interrupted, PamphletError, display_path

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


from pamphlet.cli import (  # noqa: E402,F401  (registers the commands)
    build,
    check,
    dist,
    imports,
    lint,
    list,
    new,
    preview,
    proof,
    watch,
)


def _interrupt(number: int, frame: object) -> None:
    RECEIVED.append(number)
    raise Interrupted(number)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt raised inside a __del__ is lost there, quietly; RECEIVED keeps it for
    the build's next checkpoint (errors.stop_if_interrupted)."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


def main() -> None:
    for number in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(number) is not signal.SIG_IGN:
            signal.signal(number, _interrupt)
    sys.unraisablehook = _unraisable
    try:
        _run()
    except Interrupted:
        typer.echo("interrupted: build/ holds the last complete build of each title", err=True)
        sys.exit(128 + RECEIVED[0])


def _run() -> None:
    """The command, with every error it lets out as one line for the editor."""
    try:
        app()
    except PamphletError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_status)
    except OSError as error:
        where = f"{display_path(error.filename)}: " if error.filename else ""
        reason = error.strerror or str(error)
        typer.echo(f"error: {where}{reason} — check permissions and free space", err=True)
        sys.exit(1)
