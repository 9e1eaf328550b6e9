"""The job ticket: what a print shop needs to print and bind the pamphlet without a phone
call — trim, pages and blanks, sheets, binding, colours, bleed, PDF standard and output
condition, paper, imposition, the cover (self-cover, or a separate cover: its stock, its size
with the spine, how the spine was computed, the barcode) — as text to read and JSON for a
shop's system, with the SHA-256 of each print-shop file written in this build.

A finisher (see pamphlet.registry.FINISHERS): it runs once the print, booklet, riso and
cover editions are made, from what they made (the print file, the impositions, the cover
wrap, the files written), so the ticket always agrees with the files beside it. It carries
the print order (the manifest's [order], or `build --order FILE`): what the order leaves open
is "to be agreed", never guessed. Its date is the build's (SOURCE_DATE_EPOCH) or the order's,
never the text's. A title with placeholders gets no ticket unless it is a draft.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.inks import job_inks
from pamphlet.layout.barcode import isbn13
from pamphlet.manifest import Manifest
from pamphlet.manifest.editorial import Order, refuse_placeholders
from pamphlet.manifest.options import OUTPUT_CONDITIONS, PrintOptions
from pamphlet.output import write_atomic
from pamphlet.paper import PAPERS, SPINE_TEXT_MIN, describe_length, spine_formula
from pamphlet.pdf.impose import sheet_sides
from pamphlet.pdf.pdfx import ICC_REGISTRY, PDFX_VERSION
from pamphlet.products import Imposition, PrintFile
from pamphlet.registry import FINISHERS
from pamphlet.units import Size

NAME = "jobticket"


def finish(ctx: BuildContext) -> list[Path]:
    """Write the ticket for the print-shop files this build made."""
    made = ctx.products.print_file
    if made is None:
        return []
    refuse_placeholders(ctx.manifest, ctx.warnings)
    ticket = ticket_data(ctx, made)
    text_output, json_output = next(f for f in FINISHERS if f.name == NAME).outputs
    text = write_atomic(ctx.out / text_output.name(ctx.slug), ticket_text(ticket).encode())
    data = json.dumps(ticket, ensure_ascii=False, indent=2) + "\n"
    return [text, write_atomic(ctx.out / json_output.name(ctx.slug), data.encode())]


def ticket_data(ctx: BuildContext, made: PrintFile) -> dict:
    m = ctx.manifest
    options = m.print
    trim = m.trim
    inks = made.inks
    binding = ctx.products.layout.binding if ctx.products.layout else None
    assert binding is not None, "the print edition lays the book out first"
    condition = options.output_condition
    ticket = {
        "title": m.title,
        "subtitle": m.subtitle,
        "author": m.author,
        "publisher": m.publisher,
        "isbn": m.isbn,
        "edition": m.edition,
        "version": m.version,
        "date": ticket_date(m),
        "draft": m.draft,
        "order": order_data(m.order),
        "trim": {
            "width_pt": round(trim.width, 2),
            "height_pt": round(trim.height, 2),
            "text": size_text(trim),
        },
        "pages": made.pages,
        "content_pages": made.pages - len(made.blanks),
        "blank_pages_added": len(made.blanks),
        "blank_pages": made.blanks,
        "cover": _cover_line(ctx, made, binding.self_cover),
        "sheets_per_copy": binding.sheets(made.pages),
        "binding": binding.description,
        "binding_method": binding.name,
        "colours": _colours(inks),
        "inks": inks,
        **_spot_inks(ctx, inks),
        "bleed": {
            "pt": round(options.bleed, 2),
            "text": f"{options.bleed / 72:.3g} in ({options.bleed * 25.4 / 72:.1f} mm)",
        },
        "marks": "crop marks outside the bleed"
        + (", registration marks" if options.registration_marks else ""),
        "pdf_standard": PDFX_VERSION,
        "output_condition": {
            "identifier": condition,
            "registry": "" if options.output_profile else ICC_REGISTRY,
            "profile": options.output_profile,
            "description": OUTPUT_CONDITIONS.get(condition, condition),
        },
        "paper": _paper(options, binding.self_cover),
        "cover_wrap": _cover_wrap(ctx),
        "barcode": _barcode(m.isbn, options.price_code),
        "imposition": _imposition(ctx.products.impositions),
        "files": _files(ctx),
    }
    if ticket["imposition"]:
        ticket["page_order"] = _page_order(made.pages)
    return ticket


def ticket_date(m: Manifest) -> str:
    """The ticket's date: the build's (SOURCE_DATE_EPOCH), else the order's; never the
    text's date, which says nothing about when the job was ordered ("" when neither)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date().isoformat()
    return m.order.date.isoformat() if m.order and m.order.date else ""


def order_data(order: Order | None) -> dict:
    """The print order, every field a shop needs; those it leaves open are listed."""
    order = order or Order()
    values = {
        name: value.isoformat() if isinstance(value, date) else value
        for name, value in order.values().items()
    }
    return {**values, "from": order.source, "to_be_agreed": order.to_be_agreed()}


def _cover_line(ctx: BuildContext, made: PrintFile, self_cover: bool) -> str:
    if self_cover:
        return f"self-cover: front cover page 1, back cover page {made.pages} ({made.back_cover})"
    stock = ctx.manifest.print.cover_stock or "cover stock"
    return f"separate cover on {stock}, printed on the outside only (see the cover wrap)"


def _paper(options: PrintOptions, self_cover: bool) -> str:
    """The manifest's `paper`; when it is left at its default, the stock the spine was
    computed for, if any."""
    if options.paper != PrintOptions.paper or not (options.paper_stock or not self_cover):
        return options.paper
    if options.paper_stock:
        paper = PAPERS[options.paper_stock]
        return f"{paper.description} ({paper.published})"
    return "60 lb (90 g/m²) uncoated offset text"


def _cover_wrap(ctx: BuildContext) -> dict:
    """The separate cover: its file, stock, size with spine, and how the spine was found."""
    wrap, target = ctx.products.wrap, ctx.products.cover_file
    if wrap is None or target is None:
        return {}
    geometry = wrap.geometry
    width, height = geometry.width, geometry.height
    data = target.read_bytes()
    spine = {
        "pt": round(geometry.spine, 3),
        "text": describe_length(geometry.spine),
        "formula": spine_formula(geometry) if geometry.spine else "",
        "pages": geometry.pages,
        "caliper_pt": round(geometry.caliper, 4),
        "paper": geometry.paper or "[print] paper_caliper",
        "allowance_pt": round(geometry.allowance, 3),
        "title_on_spine": wrap.spine_text,
    }
    return {
        "file": target.name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "stock": ctx.manifest.print.cover_stock or "cover stock (the shop's choice)",
        "trim_pt": [round(width, 3), round(height, 3)],
        "trim": f"{width / 72:.3f} × {height / 72:.3f} in "
        f"({width * 25.4 / 72:.1f} × {height * 25.4 / 72:.1f} mm)",
        "bleed_pt": round(geometry.bleed, 2),
        "panels": "back cover, spine, front cover, left to right, seen from outside",
        "folds_pt": [round(fold, 3) for fold in geometry.folds],
        "spine": spine,
        "inside": "unprinted",
    }


def _barcode(isbn: str, price_code: str) -> str:
    if not isbn:
        return ""
    text = f"EAN-13 {isbn13(isbn)}" + (f" + EAN-5 {price_code}" if price_code else "")
    return text + ", on the back cover, 100 % K"


def size_text(size: Size) -> str:
    """'5.5 × 8.5 in (140 × 216 mm)'."""
    return f"{size.width / 72:.3g} × {size.height / 72:.3g} in ({size.millimetres})"


def _colours(inks: list[str]) -> str:
    if inks == ["black"]:
        return "1/1 black (K only)"
    if inks == ["cyan", "magenta", "yellow", "black"]:
        return "4/4 process (CMYK)"
    if "black" in inks and not {"cyan", "magenta", "yellow"} & set(inks):
        return f"{len(inks)}/{len(inks)}: {' + '.join(inks)}"  # black and spot inks
    return f"{len(inks)}/{len(inks)} {', '.join(inks)}"


def _spot_inks(ctx: BuildContext, inks: list[str]) -> dict:
    """For a job with spot inks: each spot's alternate, the overprint rule and the files each
    ink is printed from (nothing for a job in process colours)."""
    spots = [ink for ink in job_inks(ctx.manifest) if ink.spot and ink.name in inks]
    if not spots:
        return {}
    files: dict[str, list[str]] = {ink: [] for ink in inks}
    for shop_file in ctx.products.shop_files:
        for ink in [shop_file.ink] if shop_file.ink else inks:
            files.setdefault(ink, []).append(shop_file.path.name)
    return {
        "spot_inks": [
            {
                "name": ink.name,
                "alternate_cmyk": [round(100 * v, 1) for v in ink.alternate],
                "alternate_from": ink.source,
            }
            for ink in spots
        ],
        "overprint": "solid black overprints; every other colour knocks out",
        "files_by_ink": files,
    }


def _imposition(impositions: list[Imposition]) -> dict:
    described = {}
    for imposition in impositions:
        sheet = imposition.sheet
        described[imposition.kind] = {
            "sheet": size_text(sheet),
            "sheet_pt": [round(sheet.width, 2), round(sheet.height, 2)],
            "sheets": imposition.sheets,
            "sides": 2 * imposition.sheets,
            "duplex": imposition.duplex,
            "bleed_pt": round(imposition.bleed, 2),
            "marks": (
                ("crop and fold marks" if imposition.marks else "none")
                + (", registration marks" if imposition.registration else "")
            ),
            "creep_per_sheet_pt": round(imposition.creep_step, 3),
            "creep_innermost_pt": round(imposition.creep, 3),
            "scale": round(imposition.scale, 4),
            "unprinted_edge_pt": round(imposition.unprinted_edge, 2),
        }
    return described


def _files(ctx: BuildContext) -> list[dict]:
    listed = []
    for shop_file in ctx.products.shop_files:
        data = shop_file.path.read_bytes()
        listed.append(
            {
                "name": shop_file.path.name,
                "purpose": shop_file.purpose,
                "pages": shop_file.pages,
                "bytes": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    return listed


def _edge_text(imposition: dict) -> str:
    """How the office booklet keeps clear of the sheet's edge, which office printers cannot
    print: the pages are not scaled down for it; what runs to the trim stops short."""
    edge = imposition["unprinted_edge_pt"]
    return (
        f"nothing printed within {edge / 72:.2g} in ({edge * 25.4 / 72:.3g} mm) of the sheet's "
        f"edge: pages at {imposition['scale']:.0%}, not scaled down for it; cover bands and "
        "anything else that runs to the trim are cut back to that margin"
    )


def _page_order(pages: int) -> list[dict]:
    """Each sheet's pages, outermost sheet first: front [20, 1], back [2, 19]."""
    sides = sheet_sides(pages)
    return [
        {"sheet": n + 1, "front": list(front), "back": list(back)}
        for n, (front, back) in enumerate(zip(sides[::2], sides[1::2], strict=True))
    ]


def _page_order_text(order: list[dict]) -> str:
    """'sheet 1: 20|1 front, 2|19 back; sheet 2: …'."""
    return "; ".join(
        f"sheet {s['sheet']}: {s['front'][0]}|{s['front'][1]} front, "
        f"{s['back'][0]}|{s['back'][1]} back"
        for s in order
    )


ORDER_LABELS = {
    "quantity": "Quantity",
    "date": "Order date",
    "due": "Due",
    "contact": "Contact",
    "email": "E-mail",
    "phone": "Telephone",
    "proof": "Proof",
    "delivery": "Delivery",
    "notes": "Notes",
}
TO_BE_AGREED = "to be agreed"


def _order_rows(order: dict) -> list[tuple[str, str] | None]:
    rows: list[tuple[str, str] | None] = [None]
    for name, label in ORDER_LABELS.items():
        value = order.get(name)
        if name == "delivery" and value and value.lower() == "pickup":
            value = "pickup at the shop"
        if value in (None, ""):
            value = TO_BE_AGREED if name in order["to_be_agreed"] else ""
        rows.append((label, str(value)))
    if order["from"] and order["from"] != "[order]":
        rows.append(("", f"(order given in {Path(order['from']).name})"))
    return rows


def _spot_rows(ticket: dict) -> list[tuple[str, str]]:
    """The spot inks, overprint and the files per ink, for a job with spot inks."""
    rows = []
    for spot in ticket.get("spot_inks", []):
        cmyk = " ".join(f"{v:g}" for v in spot["alternate_cmyk"])
        rows.append(
            (
                "Spot ink",
                f"{spot['name']}: mix the named ink; its alternate (for proofs and "
                f"screens only) is CMYK {cmyk}, from {spot['alternate_from']}",
            )
        )
    if "overprint" in ticket:
        rows.append(("Overprint", ticket["overprint"]))
    for index, (ink, names) in enumerate(ticket.get("files_by_ink", {}).items()):
        rows.append(("Files per ink" if index == 0 else "", f"{ink}: {', '.join(names)}"))
    return rows


def ticket_text(ticket: dict) -> str:
    """The ticket for people: one fact a line, label then value."""
    blanks = ticket["blank_pages"]
    pages = f"{ticket['pages']}"
    if blanks:
        where = ", ".join(map(str, blanks))
        pages += (
            f" ({ticket['content_pages']} printed + {len(blanks)} blank: "
            f"page{'s' * (len(blanks) > 1)} {where})"
        )
    condition = ticket["output_condition"]
    source = condition["registry"] or f"profile styles/{condition['profile']}"
    rows = [
        ("Title", ticket["title"] + (f": {ticket['subtitle']}" if ticket["subtitle"] else "")),
        ("Author", ticket["author"]),
        ("Publisher", ticket["publisher"]),
        ("ISBN", ticket["isbn"]),
        ("Edition", ", ".join(filter(None, [ticket["edition"], f"version {ticket['version']}"]))),
        ("Date", ticket["date"] or "not given (the order's date, or SOURCE_DATE_EPOCH)"),
        *_order_rows(ticket["order"]),
        None,
        ("Trim size", f"{ticket['trim']['text']}"),
        ("Pages", pages),
        ("Cover", ticket["cover"]),
        (
            "Sheets per copy" if ticket["binding_method"] == "saddle" else "Leaves per copy",
            str(ticket["sheets_per_copy"]),
        ),
        ("Binding", ticket["binding"]),
        ("Colours", ticket["colours"]),
        *_spot_rows(ticket),
        ("Bleed", f"{ticket['bleed']['text']} on every edge"),
        ("Marks", ticket["marks"]),
        ("PDF standard", ticket["pdf_standard"]),
        ("Output condition", f"{condition['identifier']} ({source}): {condition['description']}"),
        ("Paper", ticket["paper"]),
        ("Barcode", ticket["barcode"]),
    ]
    rows += _cover_wrap_rows(ticket["cover_wrap"])
    for kind, imposition in ticket["imposition"].items():
        rows.append(None)
        label = {"shop": "Shop booklet", "riso": "Riso masters"}.get(kind, "Office booklet")
        rows.append(
            (
                label,
                f"{imposition['sheets']} sheets of {imposition['sheet']}, printed both sides, "
                f"{imposition['duplex']}",
            )
        )
        creep = imposition["creep_per_sheet_pt"] * 25.4 / 72
        rows.append(
            (
                "",
                f"marks: {imposition['marks']}; creep: each sheet's pages sit {creep:.2f} mm "
                "nearer the spine than the sheet around it",
            )
        )
        if imposition["unprinted_edge_pt"]:
            rows.append(("", _edge_text(imposition)))
    if ticket["imposition"]:
        rows.append(("Page order", _page_order_text(ticket["page_order"])))
    rows.append(None)
    for file in ticket["files"]:
        rows.append(("File", f"{file['name']} — {file['purpose']}"))
        pages = f"{file['pages']} page{'s' * (file['pages'] != 1)}"
        rows.append(("", f"{pages}, {file['bytes']} bytes"))
        rows.append(("", f"SHA-256 {file['sha256']}"))
    width = max(len(row[0]) for row in rows if row) + 2
    lines = ["JOB TICKET — DRAFT, NOT FOR PRESS" if ticket["draft"] else "JOB TICKET", ""]
    for row in rows:
        if row is None:
            lines.append("")
        elif row[1]:
            lines.append(f"{row[0]:<{width}}{row[1]}")
    return "\n".join(lines) + "\n"


def _cover_wrap_rows(wrap: dict) -> list[tuple[str, str] | None]:
    if not wrap:
        return []
    spine = wrap["spine"]
    if spine["pt"]:
        on_spine = (
            "title, author and publisher on the spine"
            if spine["title_on_spine"]
            else f"no type on the spine (under {SPINE_TEXT_MIN / 72:g} in)"
        )
        spine_rows = [("Spine", spine["text"]), ("", spine["formula"]), ("", on_spine)]
    else:
        spine_rows = [("Spine", "none: back and front cover meet at the fold (saddle stitch)")]
    return [
        None,
        ("Cover wrap", f"{wrap['file']}: {wrap['trim']} trimmed, bleed {wrap['bleed_pt']:g} pt"),
        ("", f"{wrap['panels']}; folds at {', '.join(f'{x:g}' for x in wrap['folds_pt'])} pt"),
        ("", f"SHA-256 {wrap['sha256']}"),
        ("Cover stock", wrap["stock"]),
        *spine_rows,
    ]
