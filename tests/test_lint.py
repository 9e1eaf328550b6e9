"""`pamphlet lint`: each rule on small texts, by language; the flagship without false
positives; `--fix` applies only safe fixes."""

from __future__ import annotations

import shutil
from pathlib import Path

from pamphlet.authoring.lint import Style, apply_fixes, lint_manifest, lint_markdown
from tests.conftest import FLAGSHIP, REPO, make_workspace, pamphlet

ENGLISH = Style("en", "“”‘’")
SPANISH = Style("es", "«»“”")


def codes(text: str, style: Style = ENGLISH) -> list[tuple[int, int, str]]:
    return sorted((f.line, f.column, f.code) for f in lint_markdown(Path("a.md"), text, style))


def fixed(text: str, style: Style = ENGLISH) -> str:
    findings = lint_markdown(Path("a.md"), text, style)
    return apply_fixes(text, [f.edit for f in findings if f.edit])[0]


def test_typography_rules_point_at_line_and_column():
    text = '# T\n\nHe said "no" -- it\'s done... in No. 69.  Twice - once.\n'
    assert codes(text) == [
        (3, 9, "T001"),
        (3, 12, "T001"),
        (3, 14, "T002"),
        (3, 19, "T001"),
        (3, 26, "T005"),
        (3, 36, "T007"),
        (3, 40, "T006"),
        (3, 47, "T003"),
    ]
    assert fixed(text) == "# T\n\nHe said “no”—it’s done… in No.\u00a069. Twice—once.\n"


def test_spanish_rules_use_spanish_marks_and_leave_dashes_to_the_editor():
    text = 'Dijo "no" y luego - se fue. Qué hacer?\n'
    assert [c for _, _, c in codes(text, SPANISH)] == ["T001", "T001", "T003", "B003"]
    assert fixed(text, SPANISH) == "Dijo «no» y luego - se fue. Qué hacer?\n"
    assert codes("¿Qué hacer? ¡Todos a la huelga!\n", SPANISH) == []
    outer = codes("Dijo “no” y se fue.\n", SPANISH)
    assert [c for _, _, c in outer] == ["T008"]


def test_comments_code_and_link_addresses_are_not_prose():
    text = '<!-- "straight" -- and ... -->\n\nSee [this](https://example.org/a--b...) and `"x"`.\n'
    assert codes(text) == []


def test_unbalanced_parenthesis_and_quotation_marks():
    assert codes("A (broken aside.\n") == [(1, 3, "B001")]
    assert codes("A “broken quotation.\n") == [(1, 3, "B002")]
    assert codes("An enumeration: a) one, b) two.\n") == []


def test_a_quotation_over_several_paragraphs_is_not_unbalanced():
    english = "> “First paragraph, still quoting.\n>\n> “Second paragraph, closing.”\n"
    assert codes(english) == []
    spanish = "> «Primer párrafo.\n>\n> »Segundo párrafo, que cierra.»\n"
    assert codes(spanish, SPANISH) == []
    assert codes("> “First.\n>\n> Second, not reopened.\n") == [(1, 3, "B002")]


def test_cut_off_citation():
    text = "> Quoted.\n>\n> — Somebody, *A Paper*, Oct.\n"
    assert codes(text) == [(3, 26, "C001")]
    assert codes("> Quoted.\n>\n> — Somebody, La Paz, October 18\n") == []


def test_notes_without_reference_or_text():
    text = "Text.[^a] More.[^b]\n\n[^a]: Used.\n\n[^c]: Never used.\n"
    assert codes(text) == [(1, 16, "N001"), (5, 1, "N002")]


def test_manifest_strings_only():
    text = 'title = "Bolivia\'s Revolution"   # a "comment" -- ignored\ndate = 2003-11-28\n'
    findings = lint_manifest(Path("pamphlet.toml"), text, ENGLISH)
    assert [(f.line, f.column, f.code) for f in findings] == [(1, 17, "T001")]


def test_heading_capitalisation_follows_the_majority(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    article = root / "sources" / FLAGSHIP / "article.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("## Revolutionary Tasks", "## Revolutionary tasks"))
    result = pamphlet(root, "lint")
    assert 'H001 heading "Revolutionary tasks" is in sentence case' in result.stdout


def test_fix_is_safe_on_the_flagship(tmp_path):
    """The flagship's one real finding (C001, the Hylton citation that breaks off) is
    suppressed by the editor; with a straight quote and a "No. 8" put back, --fix corrects
    exactly those."""
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    article = root / "sources" / FLAGSHIP / "article.md"
    original = article.read_text(encoding="utf-8")
    broken = original.replace("No.\u00a08", "No. 8").replace(
        "“Workers Police.”", '"Workers Police."'
    )
    article.write_text(broken, encoding="utf-8")
    result = pamphlet(root, "lint")
    assert result.returncode == 1
    assert [line.split()[1] for line in result.stdout.splitlines()] == ["T001", "T001", "T007"]
    fixed_run = pamphlet(root, "lint", "--fix")
    assert fixed_run.returncode == 0 and "3 fixed" in fixed_run.stderr
    assert "1 suppressed by the editor (C001)" in fixed_run.stderr
    assert article.read_text(encoding="utf-8") == original
    assert pamphlet(root, "build", "--edition", "epub").returncode == 0


def test_lint_finds_the_damaged_hylton_citation_in_the_imported_text(tmp_path):
    root = make_workspace(tmp_path, {})
    (root / "sources").mkdir()
    export = Path(__file__).parent / "fixtures" / "exports" / f"{FLAGSHIP}.txt"
    pamphlet(root, "import", str(export), "--slug", "imported", check=True)
    result = pamphlet(root, "lint", "imported", "--fix")
    remaining = result.stdout.splitlines()
    assert [line.split()[1] for line in remaining] == ["B001", "C001"], remaining
    assert all(line.startswith("sources/imported/article.md:18:") for line in remaining)
    article = (root / "sources" / "imported" / "article.md").read_text(encoding="utf-8")
    assert '"' not in article.split("-->", 1)[1]  # every straight quote fixed
    shutil.rmtree(root / "build", ignore_errors=True)
    assert pamphlet(root, "build", "imported", "--edition", "epub").returncode == 0
