"""Hostile corpus — fonts and scripts. The fonts are the project's, always: the layout engine
sees no font of the machine (fontconfig is confined to pamphlet/fonts.conf, which lists no
folder), so a stylesheet naming a system font gets the book face, `local()` is refused, and a
character no font of the book covers (a script the book face lacks: Han, Devanagari, emoji)
is a warning naming the file, the line and the character — an error under --strict — unless
the publisher adds a font that has it under styles/. The bytes of every output are the same
as before the confinement (the flagship and the fixtures use only the book face), and a
build opens no font file or fontconfig file of the machine. `date` is a date or an offset
date-time, never a local one. Rules checked by every case: see tests/hostile.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
from conftest import FIXTURES, FLAGSHIP, REPO, make_workspace, pamphlet
from trust import quiet_env, snapshot

ARTICLE = "sources/tiny/article.md"
MANIFEST = "sources/tiny/pamphlet.toml"
HAN = "漢"


def pdf_fonts(path: Path) -> set[str]:
    with pikepdf.open(path) as pdf:
        return {
            str(font.get("/BaseFont")).split("+")[-1]
            for page in pdf.pages
            for font in (page.Resources.get("/Font") or {}).values()
        }


def test_a_character_no_font_has_is_a_warning_naming_file_line_and_character(hostile):
    h = hostile
    line = h.append(ARTICLE, f"\nThe word {HAN}字 and a grin 😀.\n") + 1
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    warnings = [w for w in run.lines if w.startswith("warning: ")]
    assert len(warnings) == 3, run.lines
    assert (
        f'warning: {ARTICLE}:{line}: the character "{HAN}" (U+6F22 CJK UNIFIED' in run.result.stderr
    )
    assert "(U+1F600 GRINNING FACE) is in none of the book's fonts" in run.result.stderr
    assert all(name.startswith("Source-Serif") for name in pdf_fonts(h.build / "tiny/tiny.pdf"))


def test_under_strict_it_is_an_error(hostile):
    h = hostile
    line = h.append(ARTICLE, f"\nThe word {HAN}.\n") + 1
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force", "--strict")
    h.check(run, says=f'"{HAN}" (U+6F22', where=f"{ARTICLE}:{line}", build_as_before=before)


def test_in_the_manifest_and_in_a_template_too(hostile):
    h = hostile
    manifest = (h.title / "pamphlet.toml").read_text()
    h.write(MANIFEST, manifest.replace('title = "A Tiny Title"', f'title = "A Tiny {HAN}"'))
    h.write("templates/colophon.html.j2", "<p>Made with ✿ care</p>\n")
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    assert f'warning: {MANIFEST}:1: the character "{HAN}"' in run.result.stderr
    assert 'warning: templates/colophon.html.j2:1: the character "✿"' in run.result.stderr


def extra_font(path: Path, characters: str) -> None:
    """A TrueType font named "Extra" with a square glyph for each of `characters`."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    def square():
        pen = TTGlyphPen(None)
        for point in ((100, 0), (100, 700), (900, 700), (900, 0)):
            (pen.lineTo if point != (100, 0) else pen.moveTo)(point)
        pen.closePath()
        return pen.glyph()

    names = [".notdef", "space", *(f"uni{ord(c):04X}" for c in characters)]
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(names)
    builder.setupCharacterMap({32: "space", **{ord(c): f"uni{ord(c):04X}" for c in characters}})
    builder.setupGlyf({name: square() for name in names})
    builder.setupHorizontalMetrics({name: (1000, 100) for name in names})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Extra", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_a_font_the_publisher_adds_under_styles_covers_it(hostile):
    h = hostile
    extra_font(h.root / "styles" / "extra.ttf", HAN)
    h.append(
        "styles/base.css",
        '\n@font-face { font-family: "Extra"; src: url("extra.ttf"); }\n'
        'body { font-family: "Source Serif 4", "Extra", serif; }\n',
    )
    h.append(ARTICLE, f"\nThe word {HAN}.\n")
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    assert "warning" not in run.result.stderr, run.result.stderr
    assert "Extra" in {name.split("-")[0] for name in pdf_fonts(h.build / "tiny" / "tiny.pdf")}


def test_a_system_font_named_in_a_stylesheet_is_never_used(hostile):
    h = hostile
    h.append("styles/base.css", '\nbody { font-family: "DejaVu Sans", "Liberation Sans"; }\n')
    run = h.run("build", "tiny", "--force")
    h.check(run, status=0)
    assert all(name.startswith("Source-Serif") for name in pdf_fonts(h.build / "tiny/tiny.pdf"))


def test_a_local_font_is_refused(hostile):
    h = hostile
    line = h.append(
        "styles/base.css", '\n@font-face { font-family: X; src: local("DejaVu Serif"); }\n'
    )
    before = snapshot(h.build)
    run = h.run("build", "tiny", "--force")
    h.check(
        run,
        says='local("DejaVu Serif") asks for a font installed on this machine',
        where=f"styles/base.css:{line + 1}",
        build_as_before=before,
    )


@pytest.mark.parametrize(
    ("written", "status", "says"),
    [
        ("2020-05-01T23:30:00", 2, "a date-time without an offset is another moment in every"),
        ("2020-05-01T23:30:00-05:00", 0, ""),
        ("2020-05-01 23:30:00Z", 0, ""),
    ],
)
def test_the_date_is_a_date_or_an_offset_date_time(hostile, written, status, says):
    h = hostile
    manifest = (h.title / "pamphlet.toml").read_text()
    h.write(MANIFEST, manifest.replace("date = 2020-05-01", f"date = {written}"))
    run = h.run("build", "tiny", "--force", env={"TZ": "Pacific/Kiritimati"})
    h.check(run, status=status, says=says, where=f"{MANIFEST}:5" if status else None)
    if status == 0:
        with pikepdf.open(h.build / "tiny" / "tiny.pdf") as pdf:
            assert str(pdf.docinfo["/CreationDate"]).startswith("D:20200501")


def test_a_build_opens_no_font_or_fontconfig_file_of_the_machine(hostile):
    """strace sees what the C libraries open too: not one file under the machine's font
    folders, fontconfig's configuration or its caches."""
    h = hostile
    if not shutil.which("strace"):
        pytest.fail("strace is missing: scripts/setup.sh test installs it")
    trace = h.root.parent / "trace"
    result = subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=open,openat,execve",
            "-o",
            str(trace),
            sys.executable,
            "-m",
            "pamphlet",
            "build",
            "tiny",
            "--force",
        ],
        cwd=h.root,
        capture_output=True,
        text=True,
        env=quiet_env(),
        timeout=120,
    )
    if "Operation not permitted" in result.stderr and not trace.exists():
        pytest.skip("this machine forbids ptrace")
    assert result.returncode == 0, result.stderr
    opened = [
        match[1]
        for match in re.finditer(r'open(?:at)?\([^"]*"([^"]+)"[^)]*\) = \d+', trace.read_text())
    ]
    machine = (
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        "/etc/fonts",
        "/var/cache/fontconfig",
        os.path.expanduser("~/.cache/fontconfig"),
        os.path.expanduser("~/.fonts"),
    )
    assert [path for path in opened if path.startswith(machine)] == []
    assert any(path.endswith("pamphlet/fonts.conf") for path in opened)
    fonts = {Path(path).name for path in opened if path.endswith((".ttf", ".otf", ".pfb"))}
    assert fonts and all(name.startswith("SourceSerif4") for name in fonts if "layout" not in name)


_UNCONFINED = '''
"""Loaded at start-up (PYTHONPATH): pamphlet as it was before its fontconfig was confined
(the machine's fonts in reach), to compare the bytes it makes."""
import os
import pamphlet.fonts

for name, value in pamphlet.fonts._MACHINE.items():
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
'''


def test_outputs_are_byte_for_byte_those_made_before_the_confinement(
    flagship, notes_title, tmp_path
):
    """The flagship and the fixtures print only with the book face: built with the machine's
    fonts in reach (as before), every output is the same file as the confined build's."""
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(textwrap.dedent(_UNCONFINED))
    titles = {FLAGSHIP: REPO / "sources" / FLAGSHIP, "notes": FIXTURES / "notes"}
    titles |= {name: FIXTURES / name for name in ("figures", "espanol")}
    builds = {}
    for mode, env in (("before", {"PYTHONPATH": str(hook)}), ("now", {})):
        root = make_workspace(tmp_path / mode, titles)
        if mode == "now":  # the session's builds of the flagship and notes are confined ones
            for built in (flagship, notes_title):
                shutil.copytree(built.out, root / "build" / built.slug)
            titles_now = ["figures", "espanol"]
        else:
            titles_now = list(titles)
        pamphlet(root, "build", *titles_now, "--jobs", "2", check=True, env=quiet_env(**env))
        builds[mode] = snapshot(root / "build")
    files = {k for k in builds["now"] if not k.startswith(".")}
    assert files == {k for k in builds["before"] if not k.startswith(".")}
    assert len([f for f in files if f.endswith(".pdf")]) >= 8
    assert {f: builds["before"][f] == builds["now"][f] for f in files} == dict.fromkeys(files, True)
