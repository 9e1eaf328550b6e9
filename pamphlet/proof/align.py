"""Each segment of an edition aligned with the original, word by word.

A segment's words are matched to the original's with difflib's longest-common-run alignment.
Short matches far from the segment's long runs are set aside (a folio "8" matching "October
8" somewhere else). What is left between and around the matched runs is compared with the
original's words there with the spaces taken out (letter-spaced type, a word hyphenated or
joined at a line end); the first half of a word hyphenated at a page's foot is joined with
the second half at the head of another. What is still left is generated matter or added
words; every original word no segment matched is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pamphlet.proof.editions import Segment
from pamphlet.proof.generated import Generated
from pamphlet.proof.words import Word

ANCHOR = 4  # words: a match this long stands on its own
RUN = 5  # words: a run that occurs once in the original places a segment in it
MARGIN = 300  # words of the original around where a segment is placed
NEAR = 6  # words: how close a shorter match must be to a kept one
CONTEXT = 12  # words before a gap that may be a cross-reference's text
SPLIT = 8  # words: the most one word of the original may be broken into (letter spacing)


@dataclass
class Alignment:
    """One edition against the original: which original words it shows and where, and the
    words it adds that are not generated (each run with the original index it comes before,
    and the one it follows, when known)."""

    covered: dict[int, int] = field(default_factory=dict)  # original index → edition place
    added: list[tuple[list[Word], int | None, int | None]] = field(default_factory=list)
    heads: dict[int, Word] = field(default_factory=dict)  # first halves of broken words
    tails: dict[int, Word] = field(default_factory=dict)  # second halves


@dataclass
class _Gap:
    words: list[Word]
    before: int | None  # the original index where the gap begins (after a matched run)
    after: int | None  # the original index where the next matched run begins
    context: list[str]  # the keys of the words just before it


def align(original: list[Word], segments: list[Segment], generated: Generated) -> Alignment:
    keys = [w.key for w in original]
    anchors = _unique_runs(keys)
    matcher = SequenceMatcher(None, autojunk=False)
    result = Alignment()
    pending: list[tuple[_Gap, Generated]] = []
    for segment in segments:
        run = [w.key for w in segment.words]
        if not run:
            continue
        if segment.outside_parts or generated.explains(run):
            _extra(result, segment.words, None, None, generated)
            continue
        start, end = _window(run, anchors, len(keys))
        matcher.set_seqs(run, keys[start:end])
        blocks = [(a, b + start, size) for a, b, size in _kept(matcher.get_matching_blocks())]
        for gap in _matched(result, segment.words, blocks):
            inside = gap.before is not None and gap.before == gap.after
            _reconcile(result, gap, original, generated)
            # within the running text only note numbers, and page numbers after a
            # cross-reference, are generated
            pending.append((gap, generated.inside(gap.context) if inside else generated))
    _join_broken_words(result, original)
    _found_elsewhere(result, [gap for gap, _ in pending], original)
    for gap, here in pending:
        _extra(result, gap.words, gap.before, gap.after, here)
    return result


def _unique_runs(keys: list[str]) -> dict[tuple[str, ...], int]:
    """Runs of RUN words that occur once in the original, and where."""
    seen: dict[tuple[str, ...], int] = {}
    for index in range(len(keys) - RUN + 1):
        run = tuple(keys[index : index + RUN])
        seen[run] = -1 if run in seen else index
    return {run: index for run, index in seen.items() if index >= 0}


def _window(run: list[str], anchors: dict[tuple[str, ...], int], total: int) -> tuple[int, int]:
    """The stretch of the original a segment can align with: around the runs of words they
    alone share (the whole original when there is none). Aligning a page with its stretch
    rather than the whole text is what keeps the proof fast."""
    found = [
        anchors[tuple(run[i : i + RUN])] - i
        for i in range(len(run) - RUN + 1)
        if tuple(run[i : i + RUN]) in anchors
    ]
    if not found:
        return 0, total
    found.sort()
    low, high = found[len(found) // 10], found[-1 - len(found) // 10]  # outliers aside
    return max(0, low - MARGIN), min(total, high + len(run) + MARGIN)


def _kept(blocks: list) -> list[tuple[int, int, int]]:
    """The matches of a segment that belong to its main alignment: the long ones, and a short
    one where it stands in for as many words beside a long one (a word replaced), or between
    two (words changed around it). A short match merely near a long one is chance: "A" of
    a letter-spaced "D R A F T" and the "A" that opens the next paragraph."""
    blocks = [block for block in blocks if block.size]
    kept = [block for block in blocks if block.size >= ANCHOR]
    changed = True
    while changed:
        changed = False
        for block in blocks:
            if block in kept:
                continue
            gaps = [_gaps(other, block) for other in kept if other.a < block.a]
            gaps_after = [_gaps(block, other) for other in kept if other.a > block.a]
            replaced = any(a == b for a, b in gaps + gaps_after if 0 <= a <= NEAR)
            between = any(_close(g) for g in gaps) and any(_close(g) for g in gaps_after)
            if replaced or between:
                kept.append(block)
                changed = True
    return sorted((block.a, block.b, block.size) for block in kept)


def _gaps(first, second) -> tuple[int, int]:
    """Words between two matches, in the segment and in the original."""
    return second.a - (first.a + first.size), second.b - (first.b + first.size)


def _close(gaps: tuple[int, int]) -> bool:
    return 0 <= gaps[0] <= NEAR and 0 <= gaps[1] <= NEAR


def _matched(result: Alignment, words: list[Word], blocks: list[tuple[int, int, int]]):
    """Record the matched runs; yield what lies between and around them."""
    position, before = 0, None
    for a, b, size in [*blocks, (len(words), None, 0)]:
        if position < a:
            context = [w.key for w in words[max(0, position - CONTEXT) : position]]
            yield _Gap(words[position:a], before, b, context)
        if b is None:  # the end
            break
        for offset in range(size):
            result.covered.setdefault(b + offset, words[a + offset].place)
        position = a + size
        before = b + size


def _reconcile(result: Alignment, gap: _Gap, original: list[Word], generated: Generated) -> None:
    """Take off the gap's words that are the original's words there, spaces aside; keep
    a half word at either end for `_join_broken_words`."""
    if gap.before is not None:
        taken, covered = _same_start(gap.words, original[gap.before : gap.before + SPLIT])
        for index in range(gap.before, gap.before + covered):
            result.covered.setdefault(index, gap.words[0].place)
        gap.words, gap.before = gap.words[taken:], gap.before + covered
    if gap.after is not None and gap.words:
        start = max(gap.before or 0, gap.after - SPLIT)
        backwards = list(reversed(original[start : gap.after]))
        taken, covered = _same_start(list(reversed(gap.words)), backwards, reverse=True)
        for index in range(gap.after - covered, gap.after):
            result.covered.setdefault(index, gap.words[-1].place)
        gap.words, gap.after = gap.words[: len(gap.words) - taken], gap.after - covered
    # a half word, with only generated matter (running head, folio) beyond it
    if gap.words and gap.before is not None and gap.before < len(original):
        whole, half = original[gap.before].key, gap.words[0].key
        rest = [w.key for w in gap.words[1:]]
        if _half(half, whole, whole.startswith) and generated.explains(rest):
            result.heads[gap.before] = gap.words[0]
            gap.words = gap.words[1:]
    if gap.words and gap.after:
        whole, half = original[gap.after - 1].key, gap.words[-1].key
        rest = [w.key for w in gap.words[:-1]]
        if _half(half, whole, whole.endswith) and generated.explains(rest):
            result.tails[gap.after - 1] = gap.words[-1]
            gap.words = gap.words[:-1]


def _half(half: str, whole: str, test) -> bool:
    return len(half) >= 2 and half != whole and test(half)


def _found_elsewhere(result: Alignment, gaps: list[_Gap], original: list[Word]) -> None:
    """Original words no alignment matched, found word for word in what a segment left over:
    a dateline or slogans alone on a page whose running head matched the title. Only runs of
    two words or more that occur once in the original, so a lone "the" is never found in a
    running head."""
    keys = [w.key for w in original]
    missing = [i for i in range(len(original)) if i not in result.covered]
    runs: list[list[int]] = []
    for index in missing:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    for run in runs:
        wanted = [keys[i] for i in run]
        if len(wanted) < 2 or _occurrences(keys, wanted) != 1:
            continue
        for gap in gaps:
            found = _find(gap.words, wanted)
            if found is not None:
                for offset, index in enumerate(run):
                    result.covered[index] = gap.words[found + offset].place
                gap.words = gap.words[:found] + gap.words[found + len(wanted) :]
                break


def _find(words: list[Word], wanted: list[str]) -> int | None:
    for start in range(len(words) - len(wanted) + 1):
        if all(words[start + i].key == key for i, key in enumerate(wanted)):
            return start
    return None


def _occurrences(keys: list[str], wanted: list[str]) -> int:
    first = wanted[0]
    return sum(
        1 for i, key in enumerate(keys) if key == first and keys[i : i + len(wanted)] == wanted
    )


def _same_start(gap: list[Word], original: list[Word], reverse: bool = False) -> tuple[int, int]:
    """The longest runs of `gap` and of `original`, read from the same end, that say the same
    with the spaces taken out: (gap words, original words)."""
    best = (0, 0)
    ends: dict[str, int] = {}  # the original's words run together → how many
    joined = ""
    for count, word in enumerate(original, start=1):
        joined = word.key + joined if reverse else joined + word.key
        ends[joined] = count
    joined = ""
    longest = max(map(len, ends), default=0)
    for taken, word in enumerate(gap, start=1):
        joined = word.key + joined if reverse else joined + word.key
        if len(joined) > longest:
            break
        if joined in ends:
            best = (taken, ends[joined])
    return best


def _join_broken_words(result: Alignment, original: list[Word]) -> None:
    """A word hyphenated across two pages: its halves, each at a segment's edge."""
    for index in sorted(set(result.heads) | set(result.tails)):
        head, tail = result.heads.get(index), result.tails.get(index)
        if head and tail and head.key + tail.key == original[index].key:
            result.covered.setdefault(index, head.place)
            continue
        for half in (head, tail):
            if half is not None:
                result.added.append(([half], index, index + 1))


def _extra(
    result: Alignment,
    gap: list[Word],
    before: int | None,
    after: int | None,
    generated: Generated,
) -> None:
    """Words of a segment the original lacks: those that are not generated are added."""
    if not gap:
        return
    left = generated.unexplained([w.key for w in gap])
    start = 0
    for position in range(1, len(left) + 1):
        if position == len(left) or left[position] != left[position - 1] + 1:
            result.added.append(([gap[i] for i in left[start:position]], before, after))
            start = position
