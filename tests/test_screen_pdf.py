"""The flagship's screen PDF, opened and read: text, order, boxes, bookmarks, links, fonts."""

from __future__ import annotations

import pikepdf
import pytest
from pypdf import PdfReader

from tests.pdfs import body_texts, fonts, full_text, internal_links, outline, page_of, page_texts

SECTIONS = [
    "From El Alto to La Paz",
    "Revolutionary Talk, Reformist Treachery",
    "Revolutionary Tasks",
    "Revolutionary Tactics",
    "COB Leaders, Take Power!",
    "Permanent Revolution",
]
SLOGANS = [
    "Arms to the Bolivian Masses!",
    "General Strike to Oust Mesa!",
    "Workers to Power!",
    "Build the Revolutionary Party!",
    "Latin America: Repudiate the Imperialist Debts!",
    "U.S.: Hands Off Bolivia!",
    "For Proletarian Socialist Revolution!",
    "Re-Create the Fourth International!",
]


@pytest.fixture(scope="module")
def pdf(flagship):
    return flagship.file(".pdf")


@pytest.fixture(scope="module")
def texts(pdf):
    return page_texts(pdf)


@pytest.fixture(scope="module")
def bodies(pdf):
    return body_texts(pdf)


def test_body_text_in_printed_order(bodies):
    """The order of the printed copy: the slogans close the pamphlet on its back cover."""
    body = " ".join(bodies[4:])
    expected = [
        "Bolivia’s Unfinished Revolution",
        "A working-class-led uprising ousted President Gonzalo (“Goni”) Sánchez de Lozada",
        *SECTIONS[:1],
        "Throughout the afternoon of October 10",
        "—Forrest Hylton, “Bolivia: Aymara Rebellion and Democratic Dictatorship,” "
        "Bolivia Watch, Oct.",
        *SECTIONS[1:2],
        "Those of us who consider ourselves revolutionaries can’t lie.",
        *SECTIONS[2:4],
        "“Since you still feel that these leaders can be pressured",
        "“We will stand with our fellow workers",
        *SECTIONS[4:],
        "November 28, 2003",
        "Lessons of the Bolivian Revolution",
        "It is available for $1.00 from SV Publishing, P.O. Box 769",
        *SLOGANS,
    ]
    position = 0
    for needle in expected:
        found = body.find(needle, position)
        assert found >= 0, f"{needle!r} missing or out of order"
        position = found + len(needle)


def test_web_navigation_and_publication_line_are_not_body_text(texts):
    text = " ".join(texts)
    assert "Return to LRP homepage" not in text
    assert "The following article was published in" not in text


def test_publication_line_on_title_page_and_colophon(texts):
    title_page = page_of(texts, "From Proletarian Revolution No. 69 (Winter 2004)")
    colophon = page_of(texts, "First published in Proletarian Revolution No. 69 (Winter 2004).")
    assert title_page != colophon
    assert title_page < page_of(texts, "A working-class-led uprising")


def test_cover_shows_title_series_organisation_and_a_slogan(texts):
    cover = texts[0].lower()  # small capitals come out of the PDF in either case
    for needle in (
        "Bolivia’s Unfinished Revolution",
        "Proletarian Revolution No. 69",
        "Winter 2004",
        "League for the Revolutionary Party",
        "Workers to Power!",
    ):
        assert needle.lower() in cover


def test_contents_page_numbers_match_the_headings_pages(pdf, texts):
    contents = page_of(texts, "Contents")
    for _, title, page in outline(pdf):
        title = title.removeprefix("Appendix ")
        entry = texts[contents].split(title, 1)
        assert len(entry) == 2, f"{title!r} not in contents"
        number = int(entry[1].replace(".", " ").split()[0])
        assert number == page + 1, f"{title}: contents says {number}, heading on {page + 1}"


def test_trim_size_from_manifest(pdf):
    for page in PdfReader(pdf).pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (396, 612)


def test_bookmarks_follow_headings(pdf, texts):
    marks = outline(pdf)
    titles = [title for _, title, _ in marks]
    assert titles == [
        "Bolivia’s Unfinished Revolution",
        *SECTIONS,
        "Appendix Lessons of the Bolivian Revolution",
    ]
    assert [depth for depth, _, _ in marks] == [0, 1, 1, 1, 1, 1, 1, 0]
    for _, title, page in marks:
        assert title.removeprefix("Appendix ") in texts[page]


def test_link_to_lessons_leads_to_the_page_where_lessons_start(pdf, texts):
    lessons = page_of(texts, "Appendix Lessons of the Bolivian Revolution", 4)
    # the page number is the layout's: generated matter, like a folio (PDFs only)
    see_page = page_of(texts, "(See Lessons of the Bolivian Revolution, p.")
    see = texts[see_page].split("(See Lessons of the Bolivian Revolution, p.", 1)[1]
    assert see.split(")")[0].strip() == str(lessons + 1)
    links = internal_links(pdf)
    assert (see_page, lessons) in links


def test_every_font_is_embedded_and_is_the_book_face(pdf):
    used = fonts(pdf)
    assert used
    assert all(embedded for _, embedded in used), used
    assert all("SourceSerif4" in name.replace(" ", "").replace("-", "") for name, _ in used), used


def test_document_metadata(pdf):
    with pikepdf.open(pdf) as document:
        info = document.docinfo
        assert str(info["/Title"]) == "Bolivia’s Unfinished Revolution"
        assert str(info["/Author"]) == "League for the Revolutionary Party"
        assert "October 2003 uprising" in str(info["/Subject"])
        assert "Bolivia" in str(info["/Keywords"])
        assert str(document.Root.Lang) == "en-US"
        assert "/StructTreeRoot" in document.Root, "the screen PDF is tagged"


def test_running_heads_title_left_section_right_folio_below(pdf, texts, bodies):
    marks = outline(pdf)
    openings = {page for depth, _, page in marks if depth == 0}
    titles = [title.removeprefix("Appendix ").lower() for _, title, _ in marks]
    for index in range(4, len(texts) - 1):  # the back cover has neither
        printed = index + 1
        margins = texts[index].replace(bodies[index], "").lower()  # small caps: any case
        assert margins.strip().endswith(str(printed)), f"page {printed} has no folio"
        if index in openings:
            assert not any(title in margins for title in titles), f"head on opening {printed}"
        elif printed % 2 == 0:
            assert "bolivia’s unfinished revolution" in margins, f"no title on page {printed}"
        else:
            assert any(title in margins for title in titles[1:]), f"no section on page {printed}"


def test_no_page_ends_with_a_heading(bodies):
    for index, text in enumerate(bodies[4:], start=5):
        for heading in SECTIONS:
            if text.endswith(heading):
                pytest.fail(f"heading {heading!r} stranded at the foot of page {index}")


def test_accented_names_and_typography_survive(pdf):
    text = full_text(pdf)
    assert "Sánchez de Lozada" in text
    assert "Proletarian Revolution No. 69" in text
    assert '"' not in text, "straight double quotes in the PDF"
    assert "--" not in text
