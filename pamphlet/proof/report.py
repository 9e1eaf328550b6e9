"""The differences between an edition and the original: words added or missing, each with
its place in the original, in the sources and in the edition, and whether the editor
acknowledged it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, display_path
from pamphlet.manifest import Manifest
from pamphlet.proof.align import Alignment
from pamphlet.proof.editions import EditionText
from pamphlet.proof.original import Original
from pamphlet.proof.sources import Sources
from pamphlet.proof.words import keys

SHOWN = 12  # words of a difference quoted in a report line


@dataclass
class Difference:
    """Words `added` to or `missing` from an edition, against the original."""

    kind: str
    words: list[str]
    at: int  # the original's word index it stands at (missing) or before (added)
    original: Path
    original_line: int | None
    source: tuple[Path, int] | None = None
    places: dict[Path, str] = field(default_factory=dict)  # edition file → place in it
    acknowledged: str = ""

    @property
    def identity(self) -> tuple:
        return (self.kind, tuple(keys(" ".join(self.words))), self.at)

    def copy(self) -> Difference:
        return replace(self, places=dict(self.places))

    def quoted(self) -> str:
        shown = " ".join(self.words[:SHOWN]) + (" …" if len(self.words) > SHOWN else "")
        count = f" ({len(self.words)} words)" if len(self.words) > SHOWN else ""
        return f'{self.kind} "{shown}"{count}'

    def where(self) -> str:
        """The places in the sources and in each edition."""
        places = []
        if self.source:
            places.append(f"{display_path(self.source[0])}:{self.source[1]}")
        places += [f"{path.name} {place}" for path, place in self.places.items()]
        return "; ".join(places)

    def line(self) -> str:
        """`original:line: added "…" — places`, the form of `pamphlet proof`."""
        head = display_path(self.original) + (
            f":{self.original_line}" if self.original_line else ""
        )
        text = f"{head}: {self.quoted()} — {self.where()}"
        return text + (f" (acknowledged: {self.acknowledged})" if self.acknowledged else "")

    def diagnostic(self) -> Diagnostic:
        return Diagnostic(
            self.original,
            self.original_line,
            f"{self.quoted()} — {self.where()}",
            f"acknowledged: {self.acknowledged}"
            if self.acknowledged
            else "make the sources say what the original says, or acknowledge the change "
            "with <!-- editor: why --> at it",
            severity="info" if self.acknowledged else "error",
            code="proof",
        )


def differences(
    original: Original,
    sources: Sources,
    positions: list[int | None],
    text: EditionText,
    alignment: Alignment,
    manifest: Manifest,
) -> list[Difference]:
    found = [
        *_missing(original, sources, positions, text, alignment),
        *_added(original, sources, positions, text, alignment),
    ]
    for difference in found:
        if not difference.acknowledged:
            difference.acknowledged = _listed(difference, manifest)
    return found


def _missing(original, sources, positions, text, alignment) -> list[Difference]:
    gone = [i for i in range(len(original.words)) if i not in alignment.covered]
    found = []
    for run in _runs(gone, original.moved):
        first, last = run[0], run[-1]
        difference = Difference(
            "missing",
            [original.words[i].text for i in run],
            first,
            original.path,
            _line(original, first),
            _source(sources, positions, first, last),
            {text.path: _edition_place(text, alignment, first, last)},
        )
        reasons = {original.moved.get(i, "") for i in run}
        if "" not in reasons:
            difference.acknowledged = "; ".join(sorted(reasons))
        else:
            difference.acknowledged = _commented(sources, positions, first, last)
        found.append(difference)
    return found


def _added(original, sources, positions, text, alignment) -> list[Difference]:
    found = []
    for words, before, after in alignment.added:
        at = before if before is not None else after
        line = _line(original, min(at, len(original.words) - 1)) if at is not None else None
        source = None
        if at is not None:
            source = _source(sources, positions, max(at - 1, 0), min(at, len(original.words) - 1))
        difference = Difference(
            "added",
            [w.text for w in words],
            at if at is not None else -1,
            original.path,
            line,
            source,
            {text.path: text.places[words[0].place]},
        )
        if at is not None:
            difference.acknowledged = _commented(sources, positions, max(at - 1, 0), at)
        found.append(difference)
    return found


def _runs(indices: list[int], moved: dict[int, str]) -> list[list[int]]:
    """Consecutive indices, apart where the reason they went changes."""
    runs: list[list[int]] = []
    for index in indices:
        last = runs[-1][-1] if runs else None
        if last == index - 1 and moved.get(last) == moved.get(index):
            runs[-1].append(index)
        else:
            runs.append([index])
    return runs


def _line(original: Original, index: int) -> int | None:
    if not original.words:
        return None
    return original.places[original.words[index].place]


def _neighbours(positions: list[int | None], first: int, last: int) -> list[int]:
    """Source positions of the original's words at and around first..last."""
    found = [positions[i] for i in range(first, last + 1) if 0 <= i < len(positions)]
    before = next(
        (positions[i] for i in range(first - 1, -1, -1) if positions[i] is not None), None
    )
    after = next(
        (positions[i] for i in range(last + 1, len(positions)) if positions[i] is not None), None
    )
    return [p for p in [*found, before, after] if p is not None]


def _source(sources: Sources, positions, first: int, last: int) -> tuple[Path, int] | None:
    near = _neighbours(positions, first, last)
    if not near:
        return None
    return sources.places[sources.words[near[0]].place]


def _commented(sources: Sources, positions, first: int, last: int) -> str:
    for position in _neighbours(positions, first, last):
        path, line = sources.places[sources.words[position].place]
        why = sources.acknowledged(path, line)
        if why:
            return why
    return ""


def _edition_place(text: EditionText, alignment: Alignment, first: int, last: int) -> str:
    """Where in the edition the missing words would be: beside the nearest words shown."""
    shown = alignment.covered
    before = next((i for i in range(first - 1, -1, -1) if i in shown), None)
    after = next((i for i in range(last + 1, last + 10_000) if i in shown), None)
    nearest = (
        before
        if after is None or (before is not None and first - before <= after - last)
        else after
    )
    return text.places[shown[nearest]] if nearest is not None else "(nothing of it shown)"


def _listed(difference: Difference, manifest: Manifest) -> str:
    """The reason the manifest's [proof] acknowledged list gives for this difference."""
    words = keys(" ".join(difference.words))
    for entry in manifest.proof.acknowledged:
        if entry.kind == difference.kind and keys(entry.words) == words:
            where = f" ({display_path(manifest.path)}:{entry.line})" if entry.line else ""
            return (entry.why or "listed in [proof]") + where
    return ""
