"""The `pamphlet` command: one module per subcommand, heavy libraries imported only when a
command runs, so `pamphlet --help` answers at once.

Exit status: 0 success, 1 a build or check failed, 2 bad input or usage.
"""

from __future__ import annotations

import gc
import signal
import sys

import typer

from pamphlet.cli import (  # noqa: F401  (registers the commands)
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
from pamphlet.cli.app import app
from pamphlet.errors import RECEIVED, Interrupted, PamphletError, display_path, one_line
from pamphlet.limits import TimeLimit


def usage_error(error) -> str:
    """A command-line mistake as one line: the command, what is wrong, where to look."""
    command = error.ctx.command_path if getattr(error, "ctx", None) else "pamphlet"
    what = " ".join(error.format_message().split()).rstrip(".")
    return one_line(f"{command}: {what} — see '{command} --help'")


def _interrupt(number: int, frame: object) -> None:
    RECEIVED.append(number)
    raise Interrupted(number)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """An interrupt raised inside a __del__ is lost there, quietly; RECEIVED keeps it for
    the build's next checkpoint (errors.stop_if_interrupted)."""
    if not isinstance(unraisable.exc_value, Interrupted):
        sys.__unraisablehook__(unraisable)


# WeasyPrint's layout makes hundreds of thousands of objects that live until the PDF is
# written, so at Python's default threshold (700 allocations) the collector's young pass runs
# thousands of times for nothing: 8 % of a cold build, 20 % of a warm rebuild (README, "Speed").
# Cycles are still collected, in fewer, larger passes; peak memory does not move.
COLLECTOR_THRESHOLDS = (100_000, 50, 100)


def main() -> None:
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
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
    import click

    try:
        status = app(standalone_mode=False)
        sys.exit(status if isinstance(status, int) else 0)
    except click.exceptions.NoArgsIsHelpError as error:
        error.show()  # `pamphlet` alone prints the help, as `pamphlet --help` does
        sys.exit(error.exit_code)
    except click.ClickException as error:
        typer.echo(f"error: {usage_error(error)}", err=True)
        sys.exit(2)
    except click.exceptions.Abort:
        typer.echo("interrupted", err=True)
        sys.exit(130)
    except PamphletError as error:
        typer.echo(f"error: {error}", err=True)
        sys.exit(error.exit_status)
    except (TimeLimit, MemoryError):
        typer.echo("error: the command went over its time or memory limit — try again", err=True)
        sys.exit(1)
    except OSError as error:
        where = f"{display_path(error.filename)}: " if error.filename else ""
        reason = error.strerror or str(error)
        typer.echo(f"error: {where}{reason} — check permissions and free space", err=True)
        sys.exit(1)
