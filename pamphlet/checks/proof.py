"""The proof as a check: every built edition against the publisher's original (see
pamphlet.proof). A difference nobody acknowledged is an error; a title without an original is
only noted."""

from __future__ import annotations

from pamphlet.diagnostics import Diagnostic, check_finding
from pamphlet.errors import PamphletError
from pamphlet.workspace import Workspace


def check(workspace: Workspace, slug: str) -> list[Diagnostic]:
    from pamphlet.proof import original_of, proof_title

    if original_of(workspace, slug) is None:
        what = "no original.txt to proof the editions against"
        return [check_finding("proof", "info", workspace.sources / slug, "", what)]
    try:
        done = proof_title(workspace, slug)
    except PamphletError as error:
        problem = error.problem
        where = f"line {problem.line}" if problem.line else ""
        return [check_finding("proof", "error", problem.path, where, problem.what, problem.fix)]
    path = done.original.path
    acknowledged = [d for d in done.differences if d.acknowledged]
    found = []
    if not done.unacknowledged:
        what = f"{len(done.editions)} edition file(s) say what it says"
        if acknowledged:
            what += f" ({len(acknowledged)} acknowledged difference(s))"
        found.append(check_finding("proof", "info", path, "", what))
    for difference in [*done.unacknowledged, *acknowledged]:
        diagnostic = difference.diagnostic()
        where = f"line {difference.original_line}" if difference.original_line else ""
        if difference.acknowledged:
            what = f"{difference.quoted()}, acknowledged: {difference.acknowledged}"
            found.append(check_finding("proof", "info", path, where, what))
        else:
            found.append(
                check_finding("proof", "error", path, where, diagnostic.what, diagnostic.fix)
            )
    return found
