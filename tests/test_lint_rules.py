"""Every lint rule, in the language it speaks of, on a text it must flag (a true positive)
and on a near miss it must leave alone (a false positive avoided); and suppression, per line
and per title."""

from __future__ import annotations

from pathlib import Path

import pytest

from pamphlet.authoring.lint import RULES, lint_markdown
from pamphlet.authoring.lint.masking import mask_markdown
from pamphlet.authoring.lint.rules import Style
from pamphlet.authoring.lint.structure import heading_case, headings
from tests.conftest import FLAGSHIP, REPO, make_workspace, pamphlet

ENGLISH = Style("en", "“”‘’")
SPANISH = Style("es", "«»“”")

# rule: (style, text it flags, text it must not flag)
CASES = {
    "T001": (ENGLISH, 'He said "no".\n', "He said “no”, and it’s done.\n"),
    "T002": (ENGLISH, "Wait -- no.\n", "A well-known long-term plan.\n"),
    "T003": (ENGLISH, "Strike - now.\n", "In 1952-1953 the mines, and x-ray.\n"),
    "T004": (ENGLISH, "Strike — now.\n", "Strike—now.\n"),
    "T005": (ENGLISH, "And then...\n", "And then…\n"),
    "T006": (ENGLISH, "Two  spaces.\n", "One space. Then another.\n"),
    "T007": (ENGLISH, "See No. 69.\n", "See No.\u00a069, and no more.\n"),
    "T008": (SPANISH, "Dijo “no” y se fue.\n", "Dijo «no, “jamás”» y se fue.\n"),
    "B001": (ENGLISH, "An aside (never closed.\n", "An aside (closed), and a) b) lists.\n"),
    "B002": (ENGLISH, "A “quotation never closed.\n", "> “First paragraph.\n>\n> “Second.”\n"),
    "B003": (SPANISH, "Qué hacer?\n", "¿Qué hacer? ¡Huelga!\n"),
    "C001": (
        ENGLISH,
        "> Quoted.\n>\n> — Forrest Hylton, *Bolivia Watch*, Oct.\n",
        "> Quoted.\n>\n> — Somebody, *The Paper*, 12 April.\n",
    ),
    "N001": (ENGLISH, "A claim.[^a]\n", "A claim.[^a]\n\n[^a]: Its source.\n"),
    "N002": (ENGLISH, "A claim.\n\n[^a]: Never used.\n", "A claim.[^a]\n\n[^a]: Used.\n"),
}
SPANISH_C001 = (
    "> Citado.\n>\n> — Alguien, *El Diario*, oct.\n",
    "> Citado.\n>\n> — Alguien, *El Diario*, 15 de mayo.\n",
)


def codes(text: str, style: Style) -> set[str]:
    return {f.code for f in lint_markdown(Path("a.md"), text, style)}


def test_every_rule_has_its_cases():
    assert set(RULES) == {*CASES, "H001", "M001"}


@pytest.mark.parametrize("rule", sorted(CASES))
def test_true_positive(rule):
    style, flagged, _ = CASES[rule]
    assert rule in codes(flagged, style)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_false_positive_avoided(rule):
    style, _, clean = CASES[rule]
    assert rule not in codes(clean, style)


def test_cut_off_citations_in_spanish_and_their_near_misses():
    flagged, clean = SPANISH_C001
    assert "C001" in codes(flagged, SPANISH)
    assert "C001" not in codes(clean, SPANISH)  # a full date, ending at "mayo."
    for finished in ("Oct. 19.", "19 Oct.", "October 18", "2003", "*Bolivia Watch*"):
        text = f"> Quoted.\n>\n> — Somebody, {finished}\n"
        assert "C001" not in codes(text, ENGLISH), finished
    unclosed = "> Quoted.\n>\n> — (Forrest Hylton, “Bolivia,” *Bolivia Watch*, 2003\n"
    assert "C001" in codes(unclosed, ENGLISH)  # a parenthesis the citation never closes


def heading_findings(text: str) -> list[str]:
    found = headings(Path("a.md"), mask_markdown(text))
    return [f.what for f in heading_case(found, ENGLISH)]


def test_h001_true_and_false_positive():
    mixed = "## The Long Strike\n\n## How the Strike Spread\n\n## What comes next\n"
    assert any("What comes next" in what for what in heading_findings(mixed))
    minor_words = "## The Long Strike\n\n## Workers of the World\n\n## A Plan for the Mines\n"
    assert heading_findings(minor_words) == []


def test_m001_true_and_false_positive(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    manifest = root / "sources" / FLAGSHIP / "pamphlet.toml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + '\n[lint]\nignore = ["T007"]\n', encoding="utf-8")
    assert pamphlet(root, "lint").returncode == 0
    manifest.write_text(text + '\n[lint]\nignore = ["X999"]\n', encoding="utf-8")
    result = pamphlet(root, "lint")
    assert result.returncode == 2
    assert f"sources/{FLAGSHIP}/pamphlet.toml:" in result.stdout
    assert 'M001 [lint] ignore names "X999", which is no rule' in result.stdout


def test_suppressed_per_line_and_per_title_and_counted(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    folder = root / "sources" / FLAGSHIP
    article = folder / "article.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(
        text.replace("<!-- lint: ignore C001 -->\n", "").replace(
            "of Oruro on October 9.", "of Oruro... on October 9. <!-- lint: ignore T005 -->"
        ),
        encoding="utf-8",
    )
    result = pamphlet(root, "lint")
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["C001"]
    assert "1 suppressed by the editor (T005)" in result.stderr
    manifest = folder / "pamphlet.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8") + '\n[lint]\nignore = ["C001"]\n', encoding="utf-8"
    )
    result = pamphlet(root, "lint")
    assert result.returncode == 0 and result.stdout == ""
    assert "0 finding(s); 2 suppressed by the editor (C001, T005)" in result.stderr
    rules = pamphlet(root, "lint", "--rules").stdout
    assert "C001  a quotation's source that breaks off" in rules
    assert f"(ignored in {FLAGSHIP})" in rules.splitlines()[list(RULES).index("C001")]


def test_the_flagship_is_clean_with_its_one_judged_finding_suppressed(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    result = pamphlet(root, "lint")
    assert result.returncode == 0, result.stdout
    assert "0 finding(s); 1 suppressed by the editor (C001)" in result.stderr
