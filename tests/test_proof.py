"""`pamphlet proof`: every edition of the flagship says exactly what the publisher's original
says; an edited copy is caught at both places, in every edition; acknowledgements; generated
matter derived, not listed (a Spanish title with its own labels)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import FIXTURES, FLAGSHIP, REPO, make_workspace, pamphlet
from tests.pdfs import normalize

ORIGINAL = REPO / "sources" / FLAGSHIP / "original.txt"
INSERTED = ("the capacity for heroic", "the capacity for truly heroic")
DELETED = (
    "The period opened with the denationalization",
    "The period opened with denationalization",
)


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def edit(root: Path, file: str, old: str, new: str) -> None:
    path = root / "sources" / FLAGSHIP / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def page_text(pdf: Path, number: int) -> str:
    return normalize(PdfReader(pdf).pages[number - 1].extract_text())


@pytest.fixture(scope="module")
def edited(tmp_path_factory):
    """A copy of the flagship with one word inserted in the article and one deleted from
    Lessons, proofed in every edition."""
    root = make_workspace(
        tmp_path_factory.mktemp("edited"), {FLAGSHIP: REPO / "sources" / FLAGSHIP}
    )
    edit(root, "article.md", *INSERTED)
    edit(root, "lessons.md", *DELETED)
    return root, pamphlet(root, "proof", FLAGSHIP)


def test_the_flagship_says_what_the_original_says_in_every_edition(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    result = pamphlet(root, "proof", FLAGSHIP)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 unacknowledged difference(s), 1 acknowledged" in result.stderr
    proofed = re.findall(r"^  build/\S+/(\S+): (\d+) difference", result.stderr, re.MULTILINE)
    names = {name for name, _ in proofed}
    for suffix in (".pdf", "-print.pdf", "-booklet.pdf", "-booklet-office.pdf", ".epub", ".html"):
        assert f"{FLAGSHIP}{suffix}" in names, (suffix, result.stderr)
    assert all(count == "0" for _, count in proofed)
    # the one acknowledged: the publication line, which [series] prints on the title page
    [line] = result.stdout.splitlines()
    assert line.startswith(f'sources/{FLAGSHIP}/original.txt:1: missing "The following article')
    assert line.endswith(
        "(acknowledged: the publication line, printed from the manifest's [series])"
    )
    # and the original is the publisher's text, untouched
    shared = REPO.parent.parent / "shared" / "texts" / f"{FLAGSHIP}.txt"
    if shared.is_file():
        assert ORIGINAL.read_bytes() == shared.read_bytes()


def test_an_inserted_and_a_deleted_word_are_reported_with_both_places(edited):
    root, result = edited
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    folder = f"sources/{FLAGSHIP}"
    added = [line for line in lines if ': added "truly"' in line]
    missing = [line for line in lines if ': missing "the"' in line]
    assert len(added) == 1 and len(missing) == 1, lines
    assert len(lines) == 3  # and the acknowledged publication line
    added_line = line_of(ORIGINAL, "the capacity for heroic")
    assert added[0].startswith(f'{folder}/original.txt:{added_line}: added "truly" — ')
    article = root / folder / "article.md"
    assert f"{folder}/article.md:{line_of(article, 'for truly heroic')};" in added[0]
    missing_line = line_of(ORIGINAL, "The period opened with the denationalization")
    assert missing[0].startswith(f'{folder}/original.txt:{missing_line}: missing "the" — ')
    lessons = root / folder / "lessons.md"
    assert f"{folder}/lessons.md:{line_of(lessons, 'opened with denationalization')};" in missing[0]
    # the place in each edition is where the words are (or would be)
    for line, words in (
        (added[0], "capacity for truly heroic"),
        (missing[0], "opened with denational"),
    ):
        for suffix in (".pdf", "-print.pdf"):
            page = int(re.search(rf"{FLAGSHIP}{suffix} p\. (\d+)", line)[1])
            pdf = root / "build" / FLAGSHIP / f"{FLAGSHIP}{suffix}"
            assert words in page_text(pdf, page).replace("- ", ""), (suffix, page)
        assert re.search(rf"{FLAGSHIP}\.epub text/\w+\.xhtml:\d+", line)
        assert re.search(rf"{FLAGSHIP}\.html line \d+", line)
        assert re.search(rf"{FLAGSHIP}-booklet\.pdf sheet side \d+ (left|right)", line)
    assert "2 unacknowledged difference(s)" in result.stderr


def test_check_runs_the_proof(edited):
    root, _ = edited
    result = pamphlet(root, "check", FLAGSHIP)
    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("error: [proof]")]
    assert len(errors) == 2, result.stdout
    assert 'added "truly"' in errors[0] and 'missing "the"' in errors[1]


def test_acknowledged_in_the_source_or_in_the_manifest(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    edit(root, "article.md", *INSERTED)
    edit(
        root,
        "article.md",
        "Over the course of a few weeks",
        "<!-- editor: stress added for the "
        "reading at the May Day meeting -->\nOver the course of a few weeks",
    )
    edit(root, "lessons.md", *DELETED)
    manifest = root / "sources" / FLAGSHIP / "pamphlet.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + '\n[proof]\nacknowledged = [{ missing = "the", why = "a slip of the original" }]\n',
        encoding="utf-8",
    )
    result = pamphlet(root, "proof", FLAGSHIP, "--edition", "screen", "--edition", "epub")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(acknowledged: stress added for the reading at the May Day meeting)" in result.stdout
    assert "(acknowledged: a slip of the original (" in result.stdout
    assert "0 unacknowledged difference(s), 3 acknowledged" in result.stderr


@pytest.mark.parametrize(
    "old, new, reported",
    [
        ("more injured.", "more injured. 1917", 'added "1917"'),  # a number is not a folio here
        ("The usual solution", "Appendix The usual solution", 'added "Appendix"'),  # nor a label
        ("## Revolutionary Tasks", "## Revolutionary Tasks Page", 'added "Page"'),  # in a heading
        ("mining district of Oruro", "mining district from Oruro", 'added "from"'),
    ],
)
def test_words_that_look_generated_are_still_caught(tmp_path, old, new, reported):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    edit(root, "article.md", old, new)
    result = pamphlet(root, "proof", FLAGSHIP, "--edition", "screen", "--edition", "epub")
    assert result.returncode == 1
    assert reported in result.stdout, result.stdout


def test_a_title_in_another_language_with_its_own_generated_matter(tmp_path):
    """The Spanish fixture proofed against its text as plain paragraphs: its labels, cover and
    colophon are generated, and nothing of the flagship's is assumed."""
    root = make_workspace(tmp_path, {"espanol": FIXTURES / "espanol"})
    folder = root / "sources" / "espanol"
    paragraphs = []
    for part in ("articulo.md", "consignas.md", "apendice.md"):
        if not (folder / part).is_file():
            continue
        text = re.sub(r"<!--.*?-->", "", (folder / part).read_text(encoding="utf-8"), flags=re.S)
        text = re.sub(
            r"^\{[^}]*\}\s*$|^#+ |^> ?|\[\^\w+\]:?|\]\(#[^)]*\)|[\[\]*_]", "", text, flags=re.M
        )
        paragraphs.append(text)
    (folder / "original.txt").write_text("\n".join(paragraphs), encoding="utf-8")
    result = pamphlet(root, "proof", "espanol")
    assert result.returncode == 0, result.stdout + result.stderr
