"""`pamphlet lint`: proofread the sources for typography and consistency, by language."""

from __future__ import annotations

from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail
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
    rules: Annotated[
        bool, typer.Option("--rules", help="List the rules (and the titles ignoring them).")
    ] = False,
) -> None:
    """Print each finding as `path:line:col CODE message`; exit status 1 if any remain.
    `<!-- lint: ignore CODE -->` on a line (or alone above it) or `[lint] ignore = ["CODE"]`
    in the manifest suppresses a finding; the summary counts the suppressed ones.

    Rules: curly quotes and apostrophes, dashes, ellipses, double spaces, no-break spaces
    ("No. 69"), balanced parentheses and quotation marks, cut-off citations, footnotes,
    heading capitalisation; quotation marks, dashes, ¿¡ and month names follow the
    title's language."""
    from pamphlet.authoring.lint import RULES, fix_title, lint_report

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
    except PamphletError as error:
        if not rules:
            raise fail(error) from None
        workspace, selected = None, []
    if rules:
        ignoring = _ignoring(workspace, selected)
        for code, what in RULES.items():
            where = ignoring.get(code)
            typer.echo(f"{code}  {what}" + (f"  (ignored in {', '.join(where)})" if where else ""))
        return
    fixed = sum(fix_title(workspace, slug) for slug in selected) if fix else 0
    reports = [lint_report(workspace, slug) for slug in selected]
    findings = [finding for report in reports for finding in report.findings]
    suppressed = [finding for report in reports for finding in report.suppressed]
    for finding in findings:
        typer.echo(finding.lint_line())
    fixable = sum(1 for f in findings if f.edit)
    summary = f"{len(findings)} finding(s)"
    if fix:
        summary += f", {fixed} fixed"
    elif fixable:
        summary += f", {fixable} fixable with --fix"
    if suppressed:
        codes = ", ".join(sorted({f.code for f in suppressed}))
        summary += f"; {len(suppressed)} suppressed by the editor ({codes})"
    typer.echo(summary, err=True)
    if findings:
        raise typer.Exit(2 if any(f.code == "M001" for f in findings) else 1)


def _ignoring(workspace, selected: list[str]) -> dict[str, list[str]]:
    """Rule code → the titles whose manifest ignores it ([lint] ignore)."""
    from pamphlet.manifest import load_manifest

    ignoring: dict[str, list[str]] = {}
    for slug in selected:
        try:
            manifest = load_manifest(workspace.manifest_path(slug))
        except PamphletError:
            continue
        for code in manifest.lint.ignore:
            ignoring.setdefault(code, []).append(slug)
    return ignoring
