"""`pamphlet build`: build the editions of every title (or those named) into build/<slug>/.

Titles whose inputs have not changed are left alone (see pamphlet.cache), checked before
anything heavy is imported. Several titles are built in parallel worker processes; a single
title uses a second process for its screen PDF.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from pamphlet.cli.app import app, current_workspace, fail, output_choice
from pamphlet.errors import PamphletError, display_path
from pamphlet.registry import NAMES

MAX_JOBS = 64  # each process holds a whole layout (~100 MB)


@app.command()
def build(
    slugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[SLUG]...",
            help="Titles to build (folder names under sources/). Default: all.",
            show_default=False,
        ),
    ] = None,
    edition: Annotated[
        list[str] | None,
        typer.Option(
            "--edition",
            "-e",
            help=f"Edition to build: {', '.join(NAMES)}. "
            "Repeat for several. Default: those the manifest lists.",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option(help="Treat warnings as errors.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Build even what is up to date.")] = False,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            max=MAX_JOBS,
            help="Processes to build with. Default: the number of cores.",
        ),
    ] = min(os.cpu_count() or 1, MAX_JOBS),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    output_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="text: lines for people (on stderr); json: one JSON document on stdout "
            "with every title's editions, files, warnings and error, for tools.",
        ),
    ] = "text",
    order: Annotated[
        Path | None,
        typer.Option(
            "--order",
            help="A print order (TOML: quantity, due, contact, email, phone, proof, delivery, "
            "notes, date) for this one title's job ticket, instead of the manifest's [order].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Build PDF and EPUB editions of the titles under sources/."""
    from pamphlet.cli.report import Reporter
    from pamphlet.lock import workspace_lock
    from pamphlet.registry import check_edition_names

    try:
        workspace = current_workspace()
        selected = workspace.select(slugs)
        check_edition_names(edition or [])
        edition = list(dict.fromkeys(edition)) if edition else None  # each edition once
        one_off = _read_order(order, selected)
        as_json = output_choice(output_format)
    except PamphletError as error:
        raise fail(error) from None
    force = force or one_off is not None  # the order is not among what the cache compares
    reporter = Reporter(quiet or as_json, silent=as_json)
    try:
        with workspace_lock(workspace):
            todo = selected if force else _outdated(workspace, selected, edition, strict, reporter)
            results = _build_all(workspace, todo, edition, strict, jobs, force, reporter, one_off)
    except PamphletError as error:
        raise fail(error) from None
    if as_json:
        typer.echo(results_json(selected, results))
    elif len(results) > 1:
        reporter.summary(results)
    failed = [r for r in results if not r.ok]
    if failed:
        raise typer.Exit(max(r.error.exit_status for r in failed))


def results_json(selected: list[str], results: list) -> str:
    """Every title asked for: what was built (or was up to date), warnings and error."""
    import json

    by_slug = {result.slug: result for result in results}
    titles = []
    for slug in selected:
        result = by_slug.get(slug)
        if result is None:
            titles.append({"slug": slug, "ok": True, "up_to_date": True, "editions": []})
            continue
        titles.append(
            {
                "slug": slug,
                "ok": result.ok,
                "seconds": round(result.seconds, 3),
                "editions": [
                    {
                        "edition": done.edition,
                        "files": [display_path(path) for path in done.outputs],
                        "seconds": round(done.seconds, 3),
                    }
                    for done in result.editions
                ],
                "up_to_date_editions": result.up_to_date,
                "warnings": [warning.as_json() for warning in result.warnings.items],
                "error": result.error.problem.as_json() if result.error else None,
            }
        )
    return json.dumps({"titles": titles}, ensure_ascii=False, indent=2)


def _outdated(workspace, slugs, edition, strict, reporter) -> list[str]:
    """The titles with an edition to build; the others are reported up to date."""
    from pamphlet import cache
    from pamphlet.manifest import load_manifest

    todo = []
    for slug in slugs:
        try:
            wanted = edition or list(load_manifest(workspace.manifest_path(slug)).editions)
        except PamphletError:
            todo.append(slug)  # the build reports the problem
            continue
        if cache.outdated(workspace, slug, wanted, strict):
            todo.append(slug)
        else:
            reporter.up_to_date(slug)
    return todo


def _read_order(path: Path | None, selected: list[str]):
    """The one-off order of `--order`, for exactly one title."""
    if path is None:
        return None
    from pamphlet.errors import SourceError
    from pamphlet.manifest.order_file import read_order

    if len(selected) != 1:
        raise SourceError(
            "--order",
            None,
            "an order is for one title",
            "name the title: pamphlet build SLUG --order FILE",
        )
    return read_order(path)


def _build_all(workspace, slugs, edition, strict, jobs, force, reporter, order=None) -> list:
    if not slugs:
        return []
    from pamphlet.build import build_title, collect_garbage

    if jobs > 1 and len(slugs) > 1:
        from pamphlet.workers import build_in_workers

        return build_in_workers(workspace, slugs, edition, strict, jobs, not force, reporter)
    results: list = []
    for slug in slugs:
        if results:
            collect_garbage()
        with reporter.status(f"building {slug}…"):
            result = build_title(
                workspace,
                slug,
                edition,
                strict,
                reporter.edition,
                parallel=jobs > 1,
                use_cache=not force,
                order=order,
            )
        reporter.title(result)
        results.append(result)
    return results
