"""The source format: manifest validation and the Markdown conventions, on small inputs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pamphlet.errors import SourceError, Warnings
from pamphlet.manifest import load_manifest
from pamphlet.model import Dateline, Link, Paragraph, Quotation, SloganGroup, plain_text
from pamphlet.sources.ids import slugify
from pamphlet.sources.markdown import parse_document

MANIFEST = """\
title = "A Title"
author = "An Organisation"
publisher = "A Press"
language = "en"
date = 2003-11-28
description = "About it."
rights = "© 2003"

[[parts]]
file = "article.md"
role = "article"
"""


def title(tmp_path: Path, article: str, manifest: str = MANIFEST, **files: str) -> Path:
    folder = tmp_path / "sources" / "a-title"
    folder.mkdir(parents=True)
    (folder / "pamphlet.toml").write_text(manifest, encoding="utf-8")
    (folder / "article.md").write_text(article, encoding="utf-8")
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "pamphlet.toml"


def parse(tmp_path: Path, article: str, **kwargs):
    warnings = Warnings()
    document = parse_document(load_manifest(title(tmp_path, article, **kwargs)), warnings)
    return document, warnings


def test_manifest_defaults(tmp_path):
    manifest = load_manifest(title(tmp_path, "# T\n\nText.\n"))
    assert manifest.trim.css == "396pt 612pt"
    assert manifest.date == date(2003, 11, 28)
    assert manifest.parts[0].id == "article"


def test_unknown_key_suggests_the_right_one(tmp_path):
    with pytest.raises(SourceError) as error:
        load_manifest(title(tmp_path, "# T\n\nx\n", MANIFEST.replace("rights", "rigths")))
    assert error.value.problem.line == 7
    assert 'did you mean "rights"?' in str(error.value)


def test_block_quotation_source_dateline_and_typography(tmp_path):
    document, _ = parse(
        tmp_path,
        '# T\n\nHe said "no" -- twice... in No. 69.\n\n'
        "> Quoted text.\n>\n> — Somebody, *Book*\n\n{.dateline}\nNovember 28, 2003\n",
    )
    blocks = document.parts[0].blocks
    assert plain_text(blocks[0].children) == "He said “no” – twice… in No.\u00a069."
    assert isinstance(blocks[1], Quotation)
    assert plain_text(blocks[1].source) == "Somebody, Book"
    assert isinstance(blocks[2], Dateline) and blocks[2].date == date(2003, 11, 28)


def test_slogans_are_one_per_line_in_groups(tmp_path):
    manifest = MANIFEST + '\n[[parts]]\nfile = "slogans.md"\nrole = "slogans"\n'
    document, _ = parse(
        tmp_path, "# T\n\nText.\n", manifest=manifest, **{"slogans.md": "One!\nTwo!\n\nThree!\n"}
    )
    groups = document.parts[1].blocks
    assert all(isinstance(g, SloganGroup) for g in groups)
    assert [[plain_text(s) for s in g.slogans] for g in groups] == [["One!", "Two!"], ["Three!"]]


def test_cross_reference_to_a_section(tmp_path):
    document, _ = parse(tmp_path, "# T\n\nSee [below](#later-on).\n\n## Later On\n\nText.\n")
    link = document.parts[0].blocks[0].children[1]
    assert isinstance(link, Link) and link.target == "later-on" and not link.external


def test_cross_reference_to_nothing_names_file_and_line(tmp_path):
    with pytest.raises(SourceError) as error:
        parse(tmp_path, "# T\n\nText.\n\nSee [this](#nowhere).\n")
    assert error.value.problem.line == 5
    assert "#nowhere" in str(error.value) and "article.md:5" in str(error.value)


def test_raw_html_is_refused_but_comments_are_dropped(tmp_path):
    document, _ = parse(tmp_path, "# T\n\n<!-- a note to the editor -->\n\nText.\n")
    assert [type(b) for b in document.parts[0].blocks] == [Paragraph]
    with pytest.raises(SourceError, match="raw HTML"):
        parse(tmp_path / "again", "# T\n\nText <b>bold</b>.\n")


def test_note_never_referenced_is_a_warning(tmp_path):
    _, warnings = parse(tmp_path, "# T\n\nText.[^a]\n\n[^a]: Used.\n\n[^b]: Unused.\n")
    assert [w.what for w in warnings.items] == ["note [^b] is never referenced"]
    assert warnings.items[0].line == 7


def test_footnote_reference_without_note_is_an_error(tmp_path):
    with pytest.raises(SourceError, match=r"\[\^x\] has no note"):
        parse(tmp_path, "# T\n\nText.[^x]\n")


def test_heading_level_jump_is_an_error(tmp_path):
    with pytest.raises(SourceError, match="jumps from 1 to 3"):
        parse(tmp_path, "# T\n\n### Too deep\n\nText.\n")


def test_stable_ids():
    assert slugify("From El Alto to La Paz") == "from-el-alto-to-la-paz"
    assert slugify("COB Leaders, Take Power!") == "cob-leaders-take-power"
    assert slugify("¿Qué hacer?") == "que-hacer"
