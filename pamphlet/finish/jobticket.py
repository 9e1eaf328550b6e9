"""The job ticket: what a print shop needs to print and bind the pamphlet without a phone
call — trim, pages and blanks, sheets, binding, colours, bleed, PDF standard and output
condition, paper, imposition — as text to read and JSON for a shop's system, with the
SHA-256 of each print-shop file written in this build.

A finisher (see pamphlet.registry.FINISHERS): it runs once the print and booklet editions
are made, from what they made (the print file, the impositions, the files written), so the
ticket always agrees with the files beside it. It carries the print order (the manifest's
[order], or `build --order FILE`): what the order leaves open is "to be agreed", never
guessed. Its date is the build's (SOURCE_DATE_EPOCH) or the order's, never the text's. A title
with placeholders gets no ticket unless it is a draft.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, date, datetime
from pathlib import Path

from pamphlet.binding import binding_of
from pamphlet.context import BuildContext
from pamphlet.manifest import Manifest
from pamphlet.manifest.editorial import Order, refuse_placeholders
from pamphlet.manifest.options import OUTPUT_CONDITIONS
from pamphlet.output import write_atomic
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
    binding = binding_of(m)
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
        "cover": (
            f"self-cover: front cover page 1, back cover page {made.pages} ({made.back_cover})"
        ),
        "sheets_per_copy": binding.sheets(made.pages),
        "binding": binding.description,
        "colours": _colours(inks),
        "inks": inks,
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
        "paper": options.paper,
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


def size_text(size: Size) -> str:
    """'5.5 × 8.5 in (140 × 216 mm)'."""
    return f"{size.width / 72:.3g} × {size.height / 72:.3g} in ({size.millimetres})"


def _colours(inks: list[str]) -> str:
    if inks == ["black"]:
        return "1/1 black (K only)"
    if inks == ["cyan", "magenta", "yellow", "black"]:
        return "4/4 process (CMYK)"
    return f"{len(inks)}/{len(inks)} {', '.join(inks)}"


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
            "marks": "crop and fold marks" if imposition.marks else "none",
            "creep_per_sheet_pt": round(imposition.creep_step, 3),
            "creep_innermost_pt": round(imposition.creep, 3),
            "scale": round(imposition.scale, 4),
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
        ("Sheets per copy", str(ticket["sheets_per_copy"])),
        ("Binding", ticket["binding"]),
        ("Colours", ticket["colours"]),
        ("Bleed", f"{ticket['bleed']['text']} on every edge"),
        ("Marks", ticket["marks"]),
        ("PDF standard", ticket["pdf_standard"]),
        ("Output condition", f"{condition['identifier']} ({source}): {condition['description']}"),
        ("Paper", ticket["paper"]),
    ]
    for kind, imposition in ticket["imposition"].items():
        rows.append(None)
        label = "Shop booklet" if kind == "shop" else "Office booklet"
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
    if ticket["imposition"]:
        rows.append(("Page order", _page_order_text(ticket["page_order"])))
    rows.append(None)
    for file in ticket["files"]:
        rows.append(("File", f"{file['name']} — {file['purpose']}"))
        rows.append(("", f"{file['pages']} pages, {file['bytes']} bytes"))
        rows.append(("", f"SHA-256 {file['sha256']}"))
    width = max(len(row[0]) for row in rows if row) + 2
    lines = ["JOB TICKET — DRAFT, NOT FOR PRESS" if ticket["draft"] else "JOB TICKET", ""]
    for row in rows:
        if row is None:
            lines.append("")
        elif row[1]:
            lines.append(f"{row[0]:<{width}}{row[1]}")
    return "\n".join(lines) + "\n"
