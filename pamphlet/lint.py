"""Proofreading of sources: typography and consistency, by the title's language.

Each finding is `path:line:col CODE message`. Rules read the Markdown text itself (not the
parsed model) so that they can point at a column and fix the file in place; comments, code,
link addresses and escaped characters are masked first. Fixes are offered only where the
right character is certain (`--fix` applies them); the rest are for the editor to decide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pamphlet.diagnostics import Diagnostic, Edit
from pamphlet.errors import PamphletError
from pamphlet.manifest import Manifest, load_manifest
from pamphlet.manifest.files import decode_source
from pamphlet.typography import ABBREVIATION_BEFORE_NUMBER, NBSP, primary_language
from pamphlet.workspace import Workspace

RULES = {
    "T001": "straight quotation mark or apostrophe",
    "T002": "-- or --- instead of a dash",
    "T003": "spaced hyphen instead of a dash",
    "T004": "spaced em dash (English sets em dashes closed up)",
    "T005": "three dots instead of an ellipsis",
    "T006": "double space",
    "T007": "no no-break space between an abbreviation and its number (No. 69)",
    "T008": "quotation marks of another style than the title's",
    "B001": "unbalanced parenthesis",
    "B002": "unbalanced quotation marks",
    "B003": "closing ? or ! without its opening ¿ or ¡ (Spanish)",
    "C001": "citation that ends at a month: it looks cut off",
    "N001": "footnote reference without a note",
    "N002": "note never referenced",
    "H001": "heading capitalised unlike the other headings",
    "M001": "the manifest cannot be read",
}

MASK = "\x1a"  # stands for masked text: matches no rule, keeps columns
DASHES = "—–―"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SMALL_WORDS = {
    "en": _words(
        "a an the and but or nor for so yet as at by in of off on per to up via vs with from "
        "into onto over than upon"
    ),
    "es": _words(
        "a al ante bajo con contra de del desde e el en entre hacia hasta la las lo los ni o "
        "para por que se sin so sobre su sus tras u un una y"
    ),
}
MONTHS = {
    "en": "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre ene feb mar abr jun jul ago sep sept oct nov dic",
}


def lint_finding(
    path: Path, line: int, col: int, code: str, message: str, fix: Edit | None = None
) -> Diagnostic:
    """A lint finding: a warning at `path:line:col`, with the rule's code."""
    return Diagnostic(path, line, message, severity="warning", code=code, column=col, edit=fix)


@dataclass(frozen=True)
class Style:
    """What the rules need to know of the title: its language and quotation marks."""

    language: str = "en"
    quotes: str = "“”‘’"

    @property
    def english(self) -> bool:
        return self.language == "en"

    @property
    def spanish(self) -> bool:
        return self.language == "es"

    @classmethod
    def of(cls, manifest: Manifest) -> Style:
        return cls(primary_language(manifest.language), manifest.quote_marks)


# --- masking --------------------------------------------------------------------------------

_COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_LINK_DESTINATION = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*>|\bhttps?://\S+|\bmailto:\S+")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_ATTRIBUTES = re.compile(r"^\s*\{[^}]*\}\s*$")
_NOTE_LABEL = re.compile(r"\[\^[^\]\s]+\]:?")
_THEMATIC_BREAK = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_QUOTE_MARKER = re.compile(r"^\s{0,3}(?:>\s?)*")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", MASK, match[0])


def mask_markdown(text: str) -> list[str]:
    """The lines of a Markdown source with everything that is not prose masked."""
    text = _COMMENT.sub(_blank, text)
    lines = text.split("\n")
    fenced = None
    for index, line in enumerate(lines):
        fence = _FENCE.match(line)
        if fenced or fence:
            if fence and (fenced is None or fence[1][0] == fenced):
                fenced = None if fenced else fence[1][0]
            lines[index] = MASK * len(line)
            continue
        if _ATTRIBUTES.match(line) or _THEMATIC_BREAK.match(line) or _SETEXT.match(line):
            lines[index] = MASK * len(line)
            continue
        for pattern in (_ESCAPE, _CODE_SPAN, _LINK_DESTINATION, _AUTOLINK, _NOTE_LABEL):
            line = pattern.sub(_blank, line)
        lines[index] = line
    return lines


def mask_toml(text: str) -> list[str]:
    """The lines of a manifest with everything but the contents of its strings masked."""
    out: list[str] = []
    closing: str | None = None  # the delimiter of the string we are in
    i = 0
    while i < len(text):
        c = text[i]
        if closing is None:
            if c == "#":
                end = text.find("\n", i)
                end = len(text) if end < 0 else end
                out.append(MASK * (end - i))
                i = end
                continue
            for delimiter in ('"""', "'''", '"', "'"):
                if text.startswith(delimiter, i):
                    closing = delimiter
                    out.append(MASK * len(delimiter))
                    i += len(delimiter)
                    break
            else:
                out.append(c if c == "\n" else MASK)
                i += 1
            continue
        if c == "\\" and closing[0] == '"':
            out.append(MASK * 2 if i + 1 < len(text) and text[i + 1] != "\n" else MASK + "\n")
            i += 2
            continue
        if text.startswith(closing, i):
            out.append(MASK * len(closing))
            i += len(closing)
            closing = None
            continue
        out.append(c)
        i += 1
    return "".join(out).split("\n")


# --- paragraphs -----------------------------------------------------------------------------


@dataclass
class Paragraph:
    """Consecutive prose lines: (line number, column offset, text) with quote markers cut."""

    lines: list[tuple[int, int, str]] = field(default_factory=list)
    quoted: bool = False

    @property
    def text(self) -> str:
        return " ".join(text for _, _, text in self.lines)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, 0-based column) of a character of `text`."""
        for number, column, text in self.lines:
            if offset <= len(text):
                return number, column + offset
            offset -= len(text) + 1
        number, column, text = self.lines[-1]
        return number, column + len(text)

    def first_character(self) -> str:
        return self.text.lstrip(MASK + " \t")[:1]


_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+")


def paragraphs(lines: list[str]) -> list[Paragraph]:
    """Split masked lines into paragraphs: blank lines, headings and list items separate."""
    found: list[Paragraph] = []
    current: Paragraph | None = None
    for number, line in enumerate(lines, start=1):
        marker = _QUOTE_MARKER.match(line)
        column = marker.end() if marker else 0
        rest = line[column:]
        if not rest.strip(MASK + " \t"):
            current = None
            continue
        starts_block = _HEADING.match(rest) or _LIST_ITEM.match(rest)
        if current is None or starts_block:
            current = Paragraph(quoted=column > 0 and ">" in line[:column])
            found.append(current)
        current.lines.append((number, column, rest))
        if _HEADING.match(rest):
            current = None
    return found


# --- rules ----------------------------------------------------------------------------------


class Linter:
    """The rules for one file of a title in a given style."""

    def __init__(self, path: Path, style: Style):
        self.path = path
        self.style = style
        self.findings: list[Diagnostic] = []

    def add(self, line: int, column: int, code: str, message: str, fix: Edit | None = None):
        self.findings.append(lint_finding(self.path, line, column + 1, code, message, fix))

    # typography, line by line ----------------------------------------------------------------

    def typography(self, lines: list[str]) -> None:
        for number, line in enumerate(lines, start=1):
            self.straight_quotes(number, line)
            self.dashes(number, line)
            for match in re.finditer(r"(?<!\.)(\.\.\.|\. \. \.)(?!\.)", line):
                self.add(
                    number,
                    match.start(),
                    "T005",
                    'three dots "..." — use an ellipsis "…"',
                    Edit(number, match.start(), match.end(), "…"),
                )
            for match in re.finditer(r"(?<=[^\s" + MASK + r"])( {2,})(?=[^\s" + MASK + "])", line):
                self.add(
                    number,
                    match.start(),
                    "T006",
                    "double space — use one space",
                    Edit(number, match.start(), match.end(), " "),
                )
            for match in ABBREVIATION_BEFORE_NUMBER.finditer(line):
                space, digits = match.end(1), re.match(r"\d+", line[match.end() :])
                self.add(
                    number,
                    space,
                    "T007",
                    f'no no-break space in "{match[1]} {digits[0] if digits else ""}" — join '
                    "the abbreviation to its number",
                    Edit(number, space, match.end(), NBSP),
                )

    def straight_quotes(self, number: int, line: str) -> None:
        quotes = self.style.quotes
        for match in re.finditer(r"[\"']", line):
            i, mark = match.start(), match[0]
            before = line[i - 1] if i else " "
            after = line[i + 1] if i + 1 < len(line) else " "
            opening, closing = (quotes[0], quotes[1]) if mark == '"' else (quotes[2], quotes[3])
            if mark == "'" and before.isalpha() and after.isalpha():
                what, fix, choices = "apostrophe", "’", "’"
            else:
                what, choices = "quotation mark", f"{opening} or {closing}"
                fix = opening if _opens(before, after) else None
                fix = closing if fix is None and _closes(before, after) else fix
                if mark == "'":
                    choices += " (or ’ for an apostrophe)"
            self.add(
                number,
                i,
                "T001",
                f"straight {what} {mark} — use {fix if fix else choices}",
                Edit(number, i, i + 1, fix) if fix else None,
            )

    def dashes(self, number: int, line: str) -> None:
        english = self.style.english
        for match in re.finditer(r"(?<!-)(-{2,3})(?!-)", line):
            start, end = match.span()
            left, right = line[start - 1 : start], line[end : end + 1]
            if left.isdigit() and right.isdigit() and len(match[0]) == 2:
                replacement, name = "–", "an en dash – for a range"
            else:
                replacement, name = "—", "an em dash —"
                if english:  # English closes em dashes up
                    while start and line[start - 1] == " ":
                        start -= 1
                    while end < len(line) and line[end] == " ":
                        end += 1
            self.add(
                number,
                match.start(),
                "T002",
                f'"{match[0]}" — use {name}',
                Edit(number, start, end, replacement),
            )
        for match in re.finditer(r"(?<=[\w.,;:!?”’»)]) - (?=[\w“‘«(])", line):
            if english:
                self.add(
                    number,
                    match.start(),
                    "T003",
                    'spaced hyphen " - " — use an em dash, closed up: "word—word"',
                    Edit(number, match.start(), match.end(), "—"),
                )
            else:
                self.add(number, match.start(), "T003", 'spaced hyphen " - " — use a dash "—"')
        if english:
            for match in re.finditer(r"(?<=[\w.,;:!?”’)])( —|— | — )(?=[\w“‘(])", line):
                self.add(
                    number,
                    match.start(),
                    "T004",
                    'spaced em dash — close it up: "word—word"',
                    Edit(number, match.start(), match.end(), "—"),
                )

    # balance, paragraph by paragraph ---------------------------------------------------------

    def balance(self, found: list[Paragraph]) -> None:
        carried = False  # a quotation left open by the paragraph before
        for index, paragraph in enumerate(found):
            text = paragraph.text
            self.parentheses(paragraph, text)
            following = found[index + 1] if index + 1 < len(found) else None
            carried = self.quotation_marks(paragraph, text, following, carried)
            if self.style.spanish:
                self.inverted_marks(paragraph, text)

    def parentheses(self, paragraph: Paragraph, text: str) -> None:
        opened: list[int] = []
        for match in re.finditer(r"[()]", text):
            if match[0] == "(":
                opened.append(match.start())
            elif opened:
                opened.pop()
            elif not re.search(r"(^|[\s" + MASK + r"])\w{1,3}$", text[: match.start()]):
                line, column = paragraph.position(match.start())
                self.add(line, column, "B001", 'closing ")" without an opening "("')
        if opened:
            line, column = paragraph.position(opened[0])
            self.add(line, column, "B001", 'this "(" is never closed')

    def quotation_marks(
        self, paragraph: Paragraph, text: str, following: Paragraph | None, carried: bool
    ) -> bool:
        """Check the pairs of double quotation marks. A quotation may run on over several
        paragraphs when each following paragraph opens it again (in Spanish, also with »):
        returns whether this one leaves a quotation open for the next."""
        primary_open, primary_close, inner_open, inner_close = self.style.quotes
        openers = ({primary_open, inner_open} | set("“«„")) - {primary_close, inner_close}
        depth: list[tuple[str, int]] = []
        for index, (mark, offset) in enumerate(_double_marks(text)):
            if mark == '"':
                before = text[offset - 1] if offset else " "
                after = text[offset + 1] if offset + 1 < len(text) else " "
                opens = _opens(before, after) or (not _closes(before, after) and not depth)
            else:
                opens = mark in openers
            continuing = index == 0 and carried and offset == _lead(text)
            opens = opens or continuing  # the quotation of the paragraph before goes on
            if opens:
                if not depth and not continuing and mark not in (primary_open, '"'):
                    line, column = paragraph.position(offset)
                    self.add(
                        line,
                        column,
                        "T008",
                        f'"{mark}" opens a quotation; this title uses "{primary_open}'
                        f'{primary_close}", with "{inner_open}{inner_close}" inside them',
                    )
                depth.append((mark, offset))
            elif depth:
                depth.pop()
            else:
                line, column = paragraph.position(offset)
                self.add(line, column, "B002", f'closing "{mark}" without an opening mark')
        if not depth:
            return False
        lead = following.first_character() if following else ""
        if lead in openers | {'"', primary_close}:
            return True
        line, column = paragraph.position(depth[0][1])
        self.add(line, column, "B002", f'quotation opened by "{depth[0][0]}" is never closed')
        return False

    def inverted_marks(self, paragraph: Paragraph, text: str) -> None:
        for opening, closing in (("¿", "?"), ("¡", "!")):
            depth = 0
            for match in re.finditer(f"[{opening}{re.escape(closing)}]", text):
                if match[0] == opening:
                    depth += 1
                elif depth:
                    depth -= 1
                elif not text[: match.start()].endswith((closing, "?", "!")):
                    line, column = paragraph.position(match.start())
                    self.add(
                        line,
                        column,
                        "B003",
                        f'"{closing}" without an opening "{opening}" — Spanish opens '
                        "questions and exclamations too",
                    )

    # quotation sources ---------------------------------------------------------------------

    def citations(self, found: list[Paragraph]) -> None:
        months = MONTHS.get(self.style.language, MONTHS["en"]) + " " + MONTHS["en"]
        cut_off = re.compile(rf"\b({'|'.join(months.split())})\.?[\s\)\]{MASK}]*$", re.IGNORECASE)
        for paragraph in found:
            text = paragraph.text.rstrip(MASK + " ")
            lead = text.lstrip(MASK + " ")
            if not paragraph.quoted or not lead.startswith((*DASHES, "--")):
                continue
            match = cut_off.search(text)
            if match:
                line, column = paragraph.position(match.start())
                self.add(
                    line,
                    column,
                    "C001",
                    f'the citation ends at "{match[0].strip()}", without day or year — it '
                    "looks cut off: complete it from the original",
                )


# --- helpers for quotation marks ------------------------------------------------------------


def _opens(before: str, after: str) -> bool:
    return (before.isspace() or before in f"([{{—–/{MASK}") and not after.isspace()


def _closes(before: str, after: str) -> bool:
    return (
        not before.isspace()
        and before not in f"([{{{MASK}"
        and (after.isspace() or after in f".,;:!?)]}}—–…{MASK}")
    )


def _double_marks(text: str) -> Iterator[tuple[str, int]]:
    for match in re.finditer(r"[“”«»„\"]", text):
        yield match[0], match.start()


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip(MASK + " \t"))


# --- files ----------------------------------------------------------------------------------


def lint_markdown(path: Path, text: str, style: Style) -> list[Diagnostic]:
    linter = Linter(path, style)
    lines = mask_markdown(text)
    linter.typography(lines)
    found = paragraphs(lines)
    linter.balance(found)
    linter.citations(found)
    linter.findings += notes(path, text)
    return linter.findings


_NOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\](?!:)")
_NOTE_DEFINITION = re.compile(r"^ {0,3}\[\^([^\]\s]+)\]:", re.MULTILINE)


def notes(path: Path, text: str) -> list[Diagnostic]:
    """Footnote references without a note, and notes nobody refers to."""
    text = _COMMENT.sub(_blank, text)
    defined = {m[1]: m for m in _NOTE_DEFINITION.finditer(text)}
    referenced = {m[1] for m in _NOTE_REFERENCE.finditer(text)}
    findings = []
    for match in _NOTE_REFERENCE.finditer(text):
        if match[1] not in defined:
            line, column = _line_column(text, match.start())
            findings.append(
                lint_finding(
                    path,
                    line,
                    column,
                    "N001",
                    f"footnote [^{match[1]}] has no note — add a line "
                    f"'[^{match[1]}]: The note.' at the end of the part",
                )
            )
    for label, match in defined.items():
        if label not in referenced:
            line, column = _line_column(text, match.start(1) - 2)
            findings.append(
                lint_finding(path, line, column, "N002", f"note [^{label}] is never referenced")
            )
    return findings


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def lint_manifest(path: Path, text: str, style: Style) -> list[Diagnostic]:
    linter = Linter(path, style)
    lines = mask_toml(text)
    linter.typography(lines)
    return linter.findings


@dataclass
class Heading:
    path: Path
    line: int
    col: int
    text: str


def headings(path: Path, lines: list[str]) -> list[Heading]:
    found = []
    for number, line in enumerate(lines, start=1):
        match = _HEADING.match(line)
        if match:
            text = re.sub(r"[*_`\[\]]|\{#[^}]*\}\s*$", "", line[match.end() :]).strip()
            found.append(Heading(path, number, match.end() + 1, text))
    return found


def capitalisation(heading: Heading, small: frozenset[str]) -> str:
    """ "title" (every major word capitalised), "sentence", or "" when it cannot tell."""
    words = re.findall(r"[^\W\d_][\w’'-]*", heading.text)[1:]
    major = [w for w in words if w.lower() not in small and not w.isupper()]
    if not major:
        return ""
    return "title" if all(w[0].isupper() for w in major) else "sentence"


def heading_case(found: list[Heading], style: Style) -> list[Diagnostic]:
    """Headings capitalised unlike most headings of the title."""
    small = SMALL_WORDS.get(style.language, SMALL_WORDS["en"])
    styles = [(h, capitalisation(h, small)) for h in found]
    counts = {kind: sum(1 for _, s in styles if s == kind) for kind in ("title", "sentence")}
    if not counts["title"] or not counts["sentence"] or counts["title"] == counts["sentence"]:
        return []
    usual = max(counts, key=lambda kind: counts[kind])
    return [
        lint_finding(
            h.path,
            h.line,
            h.col,
            "H001",
            f'heading "{h.text}" is in {kind} case; the other headings of this title are in '
            f"{usual} case",
        )
        for h, kind in styles
        if kind and kind != usual
    ]


def lint_title(workspace: Workspace, slug: str) -> list[Diagnostic]:
    """Every finding in a title's manifest and parts."""
    path = workspace.manifest_path(slug)
    try:
        manifest = load_manifest(path)
    except PamphletError as error:
        problem = error.problem
        found = lint_finding(path, problem.line or 1, 1, "M001", f"{problem.what} — {problem.fix}")
        found.severity = "error"
        return [found]
    style = Style.of(manifest)
    findings = lint_manifest(path, path.read_text(encoding="utf-8"), style)
    found_headings: list[Heading] = []
    for spec in manifest.parts:
        text = decode_source(spec.file, spec.file.read_bytes())
        findings += lint_markdown(spec.file, text, style)
        found_headings += headings(spec.file, mask_markdown(text))
    findings += heading_case(found_headings, style)
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.column, f.code))


# --- fixing ---------------------------------------------------------------------------------


def apply_fixes(text: str, fixes: list[Edit]) -> tuple[str, int]:
    """`text` with the fixes that do not overlap applied; and how many were."""
    lines = text.split("\n")
    applied = 0
    last: tuple[int, int] | None = None
    for fix in sorted(fixes, key=lambda f: (f.line, f.start), reverse=True):
        if last and fix.line == last[0] and fix.end > last[1]:
            continue
        line = lines[fix.line - 1]
        lines[fix.line - 1] = line[: fix.start] + fix.text + line[fix.end :]
        last = (fix.line, fix.start)
        applied += 1
    return "\n".join(lines), applied


def fix_title(workspace: Workspace, slug: str) -> int:
    """Apply every safe fix to a title's files; the number applied. Passes repeat while
    fixes make others possible."""
    from pamphlet.output import write_atomic

    total = 0
    for _ in range(3):
        by_file: dict[Path, list[Edit]] = {}
        for finding in lint_title(workspace, slug):
            if finding.edit:
                by_file.setdefault(finding.path, []).append(finding.edit)
        if not by_file:
            break
        for path, fixes in by_file.items():
            text, applied = apply_fixes(path.read_text(encoding="utf-8"), fixes)
            write_atomic(path, text.encode("utf-8"))
            total += applied
    return total
