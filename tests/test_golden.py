"""Golden files for the text outputs: the EPUB's documents, nav, NCX, package document and
stylesheet, the job ticket (text and JSON), the distributor bundle's ONIX and JSON records,
and the markup writer on a small model. Each case is a title in `tests/golden/<case>/in/`;
what it must give is in `tests/golden/<case>/golden/`. A change to any of them shows as a
diff here, to be read and accepted on purpose:

    PAMPHLET_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

rewrites the golden files from the current outputs (then review `git diff tests/golden`).
Values that change with every byte of a PDF (SHA-256, sizes) are masked in the job ticket.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from pamphlet.build import load_document
from pamphlet.errors import Warnings
from pamphlet.render.html import HtmlWriter, MarkupSettings
from pamphlet.workspace import Workspace
from tests.conftest import make_workspace, pamphlet

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("PAMPHLET_UPDATE_GOLDEN") == "1"
CASES = sorted(p.name for p in GOLDEN.iterdir() if (p / "in").is_dir())


def masked(text: str) -> str:
    """`text` without what changes with every byte of a PDF: checksums and file sizes."""
    text = re.sub(r"[0-9a-f]{64}", "<sha256>", text)
    text = re.sub(r"(<ExtentType>22</ExtentType>\s*<ExtentValue>)\d+", r"\g<1><bytes>", text)
    text = re.sub(r'("bytes": )\d+', r"\g<1><bytes>", text)
    return re.sub(r"\d+ pages, \d+ bytes", lambda m: m[0].split(",")[0] + ", <bytes> bytes", text)


@pytest.fixture(scope="module", params=CASES)
def case(request, tmp_path_factory) -> tuple[str, Path]:
    name = request.param
    root = make_workspace(tmp_path_factory.mktemp(f"golden-{name}"), {name: GOLDEN / name / "in"})
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    result = pamphlet(root, "dist", name, env=env)
    assert result.returncode == 0, result.stderr
    built = pamphlet(root, "build", name, env=env)
    assert built.returncode == 0, built.stderr
    return name, root


def outputs(name: str, root: Path) -> dict[str, str]:
    """Every golden text output of a built case, by the name it has in golden/: the built
    files, and the markup writer's HTML for each part."""
    document = load_document(Workspace(root), name, Warnings())
    writer = HtmlWriter(MarkupSettings(footnotes_inline=False, back_to_text="Back to the text"))
    texts = {f"markup/{part.id}.html": writer.body(part) + "\n" for part in document.parts}
    out = root / "build" / name
    with zipfile.ZipFile(out / f"{name}.epub") as epub:
        for entry in sorted(epub.namelist()):
            if entry.endswith((".xhtml", ".opf", ".ncx", ".css")):
                texts[f"epub/{entry}"] = epub.read(entry).decode()
    for ticket in sorted(out.glob("*-jobticket.*")):
        texts[ticket.name] = masked(ticket.read_text(encoding="utf-8"))
    for record in sorted((root / "build" / "dist").glob(f"{name}*")):
        if record.suffix in (".xml", ".json"):
            texts[f"dist/{record.name}"] = masked(record.read_text(encoding="utf-8"))
    return texts


def compare(name: str, texts: dict[str, str]) -> None:
    folder = GOLDEN / name / "golden"
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for relative, text in texts.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        return
    expected = {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
    assert sorted(texts) == sorted(expected), "other files than the golden ones"
    for relative, text in texts.items():
        assert text == expected[relative], f"{name}: {relative} differs from its golden file"


def test_text_outputs_match_their_golden_files(case):
    name, root = case
    compare(name, outputs(name, root))


def test_the_comparison_fails_on_a_changed_word(case):
    name, root = case
    if UPDATE:
        pytest.skip("updating the golden files")
    texts = outputs(name, root)
    first = next(iter(texts))
    texts[first] = texts[first].replace("e", "é", 1)
    with pytest.raises(AssertionError, match="differs from its golden file"):
        compare(name, texts)
