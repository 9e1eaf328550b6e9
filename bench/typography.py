"""The typography side of `make bench`: the flagship's text set by the peer, pandoc → Typst
(Knuth–Plass paragraphs), in the same font files, size, measure, margins and leading as
pamphlet's pages, and both PDFs judged by the same report (pamphlet/checks/typography.py).

Run alone: `.venv/bin/python bench/typography.py` prints the two reports side by side.
"""

from __future__ import annotations

import re
import sys
import tempfile
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FLAGSHIP = "bolivias-unfinished-revolution"

# pamphlet's paged.css, said in Typst: 5.5 × 8.5 in, margins 0.7 / 0.78 in, 0.58 in at the
# spine and 0.72 in outside, Source Serif 4 at 10.5 pt on 14.2 pt, paragraphs indented
# 1.25 em with no space between, quotations at 0.92 em indented 1.2 em on both sides.
PREAMBLE = """\
#set page(width: 5.5in, height: 8.5in, numbering: "1",
  margin: (top: 0.7in, bottom: 0.78in, inside: 0.58in, outside: 0.72in))
#set text(font: "Source Serif 4", size: 10.5pt, lang: "{lang}", hyphenate: true,
  top-edge: 1em, bottom-edge: 0em, number-type: "old-style")
#set par(justify: true, leading: 3.7pt, spacing: 3.7pt, first-line-indent: 1.25em)
#show heading: set text(weight: 600, hyphenate: false)
#show heading: set par(justify: false)
#show heading.where(level: 1): it => {{ pagebreak(weak: true); v(0.25in);
  text(font: "Source Serif 4 Display", size: 1.75em, it.body); v(0.75em) }}
#show heading.where(level: 2): set text(size: 1.08em)
#show heading: set block(above: 1.5em, below: 0.55em)
#show quote.where(block: true): it => pad(x: 1.2em, text(size: 0.92em, it.body))
"""


def peer_markdown(folder: Path) -> tuple[str, str]:
    """The title's parts as one pandoc Markdown text, and its language: each part's title
    carries the part's id (so cross-references resolve), pamphlet's `{.class}` lines are
    dropped and each slogan is its own paragraph."""
    manifest = tomllib.loads((folder / "pamphlet.toml").read_text(encoding="utf-8"))
    texts = []
    for part in manifest["parts"]:
        text = (folder / part["file"]).read_text(encoding="utf-8")
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        text = re.sub(r"(?m)^\{[.#][^}]*\}\s*$", "", text)
        part_id = part.get("id", Path(part["file"]).stem)
        text = re.sub(r"(?m)^# (.+)$", rf"# \1 {{#{part_id}}}", text, count=1)
        if part.get("role") == "slogans":
            text = "\n\n".join(line for line in text.splitlines() if line.strip())
        texts.append(text)
    return "\n\n".join(texts), manifest.get("language", "en")[:2]


def typst_pdf(folder: Path, target: Path, font_folder: Path) -> Path:
    import pypandoc
    import typst

    markdown, lang = peer_markdown(folder)
    body = pypandoc.convert_text(markdown, "typst", format="markdown")
    source = target.with_suffix(".typ")
    source.write_text(PREAMBLE.format(lang=lang) + body, encoding="utf-8")
    typst.compile(str(source), output=str(target), font_paths=[str(font_folder)])
    return target


def static_fonts(cache: Path) -> Path:
    """The same static Source Serif 4 faces that pamphlet's PDFs embed."""
    from pamphlet.fonts import cached_faces

    return next(iter(cached_faces(cache).values())).parent


def compare(ours: Path, folder: Path = REPO / "sources" / FLAGSHIP) -> dict[str, dict]:
    """The report's numbers for `ours` and for Typst's setting of the same title."""
    from pamphlet.checks.typography import measure

    with tempfile.TemporaryDirectory(prefix="pamphlet-typst-") as tmp:
        fonts = static_fonts(Path(tmp) / "cache")
        peer = typst_pdf(folder, Path(tmp) / "peer.pdf", fonts)
        return {"pamphlet": measure(ours).numbers(), "typst": measure(peer).numbers()}


def table(numbers: dict[str, dict]) -> str:
    names = list(numbers)
    lines = ["| measure | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names)]
    for key in numbers[names[0]]:
        lines.append(f"| {key} | " + " | ".join(f"{numbers[n][key]:g}" for n in names) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    ours = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "build" / FLAGSHIP / f"{FLAGSHIP}.pdf"
    print(table(compare(ours)))
