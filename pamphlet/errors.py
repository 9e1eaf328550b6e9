"""Errors an editor can act on: every problem names a file, a line, what is wrong and what to do.

`SourceError` is bad input (exit status 2); `BuildError` is a build that could not finish
(exit status 1). Warnings are collected, printed, and only fail a build under `--strict`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, display_path, one_line  # noqa: F401 (re-exported)


class PamphletError(Exception):
    """Base of the errors this tool reports without a traceback."""

    exit_status = 1

    def __init__(self, path: Path | str | None, line: int | None, what: str, fix: str = ""):
        self.problem = Diagnostic(path, line, what, fix)
        super().__init__(str(self.problem))

    def __reduce__(self) -> tuple:
        """Pickled as its problem, to come back from a worker process whole."""
        p = self.problem
        return (type(self), (p.path, p.line, p.what, p.fix))


class SourceError(PamphletError):
    """The sources (manifest, Markdown, options) are wrong: the editor must change them."""

    exit_status = 2


class Refused(SourceError):
    """Several problems found at once, each its own `error:` line (the placeholders of a
    title that would go to press)."""

    def __init__(self, problems: list[Diagnostic]):
        first = problems[0]
        super().__init__(first.path, first.line, first.what, first.fix)
        self.problems = problems

    def __str__(self) -> str:
        return "\nerror: ".join(str(problem) for problem in self.problems)

    def __reduce__(self) -> tuple:
        return (type(self), (self.problems,))


class BuildError(PamphletError):
    """A build step failed although the sources were accepted."""

    exit_status = 1


class Interrupted(BaseException):
    """Ctrl-C or SIGTERM (see cli.main). Unwinds like KeyboardInterrupt, releasing staging
    folders and the lock on the way, but is neither swallowed by Typer (which turns
    KeyboardInterrupt into a silent exit) nor by libraries catching Exception."""

    def __init__(self, number: int):
        super().__init__(number)
        self.number = number


RECEIVED: list[int] = []  # the signals received, in case one was raised where Python ignores it


def stop_if_interrupted() -> None:
    """Raise Interrupted if a signal arrived while raising was impossible (in a __del__)."""
    if RECEIVED:
        raise Interrupted(RECEIVED[0])


@dataclass
class Warnings:
    """Findings that do not stop a build unless the build is strict."""

    items: list[Diagnostic] = field(default_factory=list)

    def add(self, path: Path | str | None, line: int | None, what: str, fix: str = "") -> None:
        self.items.append(Diagnostic(path, line, what, fix, severity="warning"))

    def __bool__(self) -> bool:
        return bool(self.items)
