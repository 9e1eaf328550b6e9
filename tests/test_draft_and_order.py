"""Nothing unfinished goes to press: the placeholders `new` writes are warned about, refused
by a strict build, the job ticket, check and dist (one line each, exit 2) unless the title is
a draft, which every edition then says. And a job ticket a shop can act on: the [order], or
`build --order FILE`, with what is open "to be agreed"; the build's or the order's date."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import FIXTURES, FLAGSHIP, REPO, make_workspace, pamphlet
from tests.pdfs import normalize

PLACEHOLDERS = ("author", "publisher", "rights", "description", "sample [series]", "sample text")


def new_title(root: Path, language: str = "en", draft: bool = True) -> Path:
    (root / "sources").mkdir(exist_ok=True)
    pamphlet(root, "new", "first", "--title", "A First Title", "--lang", language, check=True)
    manifest = root / "sources" / "first" / "pamphlet.toml"
    if not draft:
        text = manifest.read_text(encoding="utf-8")
        manifest.write_text(re.sub(r"^draft = true.*\n", "", text, flags=re.M), encoding="utf-8")
    return manifest


def placeholder_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if "placeholder" in line]


@pytest.fixture(scope="module")
def unfinished(tmp_path_factory):
    """A title as `new` writes it, its `draft = true` deleted: placeholders going to press."""
    root = make_workspace(tmp_path_factory.mktemp("unfinished"), {})
    return root, new_title(root, draft=False)


def test_build_warns_about_each_placeholder_with_its_line(unfinished):
    root, manifest = unfinished
    result = pamphlet(root, "build", "first", "--edition", "epub")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in placeholder_lines(result.stderr) if line.startswith("warning:")]
    assert len(warnings) == len(PLACEHOLDERS), result.stderr
    text = manifest.read_text(encoding="utf-8").splitlines()
    for key in ("author", "publisher", "rights", "description"):
        line = next(n for n, t in enumerate(text, 1) if t.startswith(f"{key} ="))
        assert any(
            w.startswith(f"warning: sources/first/pamphlet.toml:{line}: {key} is the placeholder")
            for w in warnings
        ), key
    assert any("sources/first/article.md:" in w and "sample text" in w for w in warnings)
    assert all("set draft = true" in w for w in warnings)


@pytest.mark.parametrize(
    "command",
    [
        ("build", "first", "--strict", "--edition", "epub"),
        ("build", "first", "--edition", "print"),  # the job ticket
        ("dist", "first"),
        ("check", "first"),
    ],
)
def test_placeholders_are_refused_one_line_each(unfinished, command):
    root, _ = unfinished
    before = sorted(p.name for p in (root / "build").rglob("*") if p.is_file())
    result = pamphlet(root, *command)
    assert result.returncode == 2, result.stdout + result.stderr
    lines = placeholder_lines(result.stdout + result.stderr)
    said = [line for line in lines if line.startswith("error:")]  # not check's summary table
    assert len(said) == len(PLACEHOLDERS), said
    assert not any(line.startswith("warning:") for line in lines), "said once, as an error"
    assert "Traceback" not in result.stderr
    if command[0] == "build":
        assert sorted(p.name for p in (root / "build").rglob("*") if p.is_file()) == before


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    built = {}
    for language in ("en", "es"):
        root = make_workspace(tmp_path_factory.mktemp(f"draft-{language}"), {})
        new_title(root, language)
        result = pamphlet(
            root,
            "build",
            "first",
            "--edition",
            "screen",
            "--edition",
            "print",
            "--edition",
            "booklet",
            "--edition",
            "epub",
            "--strict",
        )
        assert result.returncode == 0, result.stderr
        assert not placeholder_lines(result.stderr)  # a draft is allowed its placeholders
        built[language] = root / "build" / "first"
    return built


@pytest.mark.parametrize("language, mark", [("en", "DRAFT"), ("es", "BORRADOR")])
def test_a_draft_says_so_in_every_edition(drafts, language, mark):
    out = drafts[language]
    for pdf in ("first.pdf", "first-print.pdf"):
        pages = [normalize(p.extract_text()).replace(" ", "") for p in PdfReader(out / pdf).pages]
        assert mark in pages[0], (pdf, "cover")
        inside = [text for text in pages[1:-1] if text]  # between the covers
        assert inside and all(mark in text for text in inside), (pdf, "running foot")
    with zipfile.ZipFile(out / "first.epub") as book:
        opf = next(n for n in book.namelist() if n.endswith(".opf"))
        title = re.search(r"<dc:title[^>]*>([^<]*)<", book.read(opf).decode())[1]
    assert title == f"{mark}: A First Title"
    ticket = (out / "first-jobticket.txt").read_text(encoding="utf-8")
    assert ticket.startswith("JOB TICKET — DRAFT, NOT FOR PRESS")


def test_the_job_ticket_carries_the_order_and_its_date(tmp_path):
    root = make_workspace(tmp_path, {FLAGSHIP: REPO / "sources" / FLAGSHIP})
    manifest = root / "sources" / FLAGSHIP / "pamphlet.toml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + "\n[order]\nquantity = 500\ndate = 2024-04-10\ndue = 2024-05-01\n"
        'contact = "Ana Example"\nemail = "orders@example.org"\ndelivery = "pickup"\n',
        encoding="utf-8",
    )
    pamphlet(root, "build", FLAGSHIP, "--edition", "print", "--edition", "booklet", check=True)
    out = root / "build" / FLAGSHIP
    text = (out / f"{FLAGSHIP}-jobticket.txt").read_text(encoding="utf-8")
    ticket = json.loads((out / f"{FLAGSHIP}-jobticket.json").read_text(encoding="utf-8"))
    assert re.search(r"^Date +2024-04-10$", text, re.M)  # the order's, never the text's
    assert "2003-11-28" not in text and ticket["date"] == "2024-04-10"
    assert re.search(r"^Quantity +500$", text, re.M) and ticket["order"]["quantity"] == 500
    assert re.search(r"^Delivery +pickup at the shop$", text, re.M)
    for label, key in (("Telephone", "phone"), ("Proof", "proof")):
        assert re.search(rf"^{label} +to be agreed$", text, re.M)
        assert key in ticket["order"]["to_be_agreed"]
    # the JSON carries what the text does, the page order included
    order = ticket["page_order"]
    assert len(order) == ticket["sheets_per_copy"]
    first, last = order[0], order[-1]
    assert f"sheet 1: {first['front'][0]}|{first['front'][1]} front" in text
    assert (
        first["front"] == [ticket["pages"], 1]
        and last["back"][0] + last["back"][1] == ticket["pages"] + 1
    )

    # a one-off order on the command line; the build's date when SOURCE_DATE_EPOCH is set
    one_off = tmp_path / "order.toml"
    one_off.write_text('quantity = 40\nproof = "hard copy"\nphone = "+1 212 555 0100"\n')
    env = {**__import__("os").environ, "SOURCE_DATE_EPOCH": "1714521600"}  # 2024-05-01
    pamphlet(
        root, "build", FLAGSHIP, "--edition", "print", "--order", str(one_off), env=env, check=True
    )
    text = (out / f"{FLAGSHIP}-jobticket.txt").read_text(encoding="utf-8")
    assert re.search(r"^Date +2024-05-01$", text, re.M)
    assert re.search(r"^Quantity +40$", text, re.M) and re.search(r"^Proof +hard copy$", text, re.M)
    assert re.search(r"^Due +to be agreed$", text, re.M)
    assert "(order given in order.toml)" in text


def test_an_order_is_for_one_title_and_checked(tmp_path):
    root = make_workspace(
        tmp_path,
        {FLAGSHIP: REPO / "sources" / FLAGSHIP, "notes": FIXTURES / "notes"},
    )
    order = tmp_path / "order.toml"
    order.write_text("quantity = 40\n")
    both = pamphlet(root, "build", "--order", str(order))
    assert both.returncode == 2 and "an order is for one title" in both.stderr
    order.write_text('quantity = 40\nemail = "nobody"\n')
    bad = pamphlet(root, "build", FLAGSHIP, "--order", str(order))
    assert bad.returncode == 2
    # the order file is in the workspace's folder, named as the editor would type it
    said = 'error: order.toml:2: "email": "nobody" is not an e-mail address'
    assert bad.stderr.startswith(said), bad.stderr
