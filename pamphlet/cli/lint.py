"""`pamphlet lint`: proofread the sources for typography and consistency, by language."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli import app, current_workspace, fail
from pamphlet.errors import PamphletError


@app.command()
def lint(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...", help="Titles to check. Default: all.", show_default=False
        ),
    ] = None,
    fix: Annotated[
        bool, typer.Option("--fix", help="Apply the safe fixes to the files, then report.")
    ] = False,
    rules: Annotated[bool, typer.Option("--rules", help="List the rules and exit.")] = False,
) -> None:
    """Print each finding as `path:line:col CODE message`; exit status 1 if any remain.

    Rules: curly quotes and apostrophes, dashes, ellipses, double spaces, no-break spaces
    ("No. 69"), balanced parentheses and quotation marks, cut-off citations, footnotes,
    heading capitalisation; quotation marks, dashes, ¿¡ and month names follow the
    title's language."""
    from pamphlet.authoring.lint import RULES, fix_title, lint_title

    if rules:
        for code, what in RULES.items():
            typer.echo(f"{code}  {what}")
        return
    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
    except PamphletError as error:
        raise fail(error) from None
    fixed = sum(fix_title(workspace, slug) for slug in selected) if fix else 0
    findings = [finding for slug in selected for finding in lint_title(workspace, slug)]
    for finding in findings:
        typer.echo(finding.lint_line())
    fixable = sum(1 for f in findings if f.edit)
    summary = f"{len(findings)} finding(s)"
    if fix:
        summary += f", {fixed} fixed"
    elif fixable:
        summary += f", {fixable} fixable with --fix"
    typer.echo(summary, err=True)
    if findings:
        raise typer.Exit(2 if any(f.code == "M001" for f in findings) else 1)
