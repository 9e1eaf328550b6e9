"""The rules that read prose: typography line by line (T001–T007), quotation marks of the
title's style (T008), balance paragraph by paragraph (B001–B003), cut-off citations (C001)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pamphlet.authoring.lint.masking import DASHES, MASK, Paragraph
from pamphlet.diagnostics import Diagnostic, Edit
from pamphlet.languages import language as language_data
from pamphlet.manifest import Manifest
from pamphlet.typography import ABBREVIATION_BEFORE_NUMBER, NBSP, primary_language


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
                fix = opening if _opens(before, after) else ""
                fix = closing if not fix and _closes(before, after) else fix
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
        primary_open, primary_close, inner_open, inner_close = tuple(self.style.quotes)  # 4 marks
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
        """A quotation's source line that breaks off: it opens a parenthesis it never closes,
        or it ends at an abbreviated month with neither day nor year ("Oct.", "oct."). A full
        date ("15 de mayo.", "12 April.", "Oct. 19") is a finished citation."""
        abbreviations = {
            name.lower()
            for data in (language_data(self.style.language), language_data("en"))
            for name in data.abbreviated_months
        }
        pattern = "|".join(sorted(abbreviations, key=len, reverse=True))
        ends_at_month = re.compile(rf"\b({pattern})\.?[\s\]{MASK}]*$", re.IGNORECASE)
        day_before = re.compile(r"\b\d{1,2}(?:\s*(?:de|of))?\s*$", re.IGNORECASE)
        for paragraph in found:
            text = paragraph.text.rstrip(MASK + " ")
            lead = text.lstrip(MASK + " ")
            if not paragraph.quoted or not lead.startswith((*DASHES, "--")):
                continue
            unclosed = _unclosed_parenthesis(text)
            if unclosed is not None:
                line, column = paragraph.position(unclosed)
                self.add(
                    line,
                    column,
                    "C001",
                    "the citation opens a parenthesis it never closes — it looks cut off: "
                    "complete it from the original",
                )
                continue
            match = ends_at_month.search(text)
            if match and not day_before.search(text[: match.start()]):
                line, column = paragraph.position(match.start())
                self.add(
                    line,
                    column,
                    "C001",
                    f'the citation ends at "{match[0].strip()}", without day or year — it '
                    "looks cut off: complete it from the original",
                )


def _unclosed_parenthesis(text: str) -> int | None:
    opened: list[int] = []
    for match in re.finditer(r"[()]", text):
        if match[0] == "(":
            opened.append(match.start())
        elif opened:
            opened.pop()
    return opened[0] if opened else None


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
