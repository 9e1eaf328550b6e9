"""The risograph masters: one grayscale PDF per ink of the job (`<slug>-riso-<ink>.pdf`), what
a riso shop feeds each drum. Each is the print PDF imposed exactly as the shop booklet (the
same sheet, duplex order, creep, bleed, crop and fold marks; `[print] sheet` and
`paper_thickness` apply), with registration marks, split into that ink's plate (see
pamphlet.pdf.plates): black where the ink prints solid, grays for its tints, white where it
does not print. Registration targets print on every master, crop and fold marks on black's.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pamphlet.context import BuildContext
from pamphlet.editions.booklet import shop_imposition
from pamphlet.editions.print_pdf import print_file
from pamphlet.inks import job_inks
from pamphlet.output import write_atomic
from pamphlet.pdf.impose import impose
from pamphlet.pdf.plates import plate
from pamphlet.products import ShopFile
from pamphlet.registry import edition

NAME = "riso"


def build(ctx: BuildContext) -> list[Path]:
    made = print_file(ctx)
    imposition = replace(shop_imposition(ctx, made), kind=NAME, registration=True)
    imposed = impose(made.data, imposition)
    output = edition(NAME).outputs[0]
    written = []
    for ink in job_inks(ctx.manifest):
        title = f"{ctx.manifest.title} — risograph master, {ink.name}"
        target = write_atomic(
            ctx.out / output.name(ctx.slug, ink.name), plate(imposed, ink.name, title)
        )
        purpose = f"{output.purpose}: {ink.name}"
        ctx.products.shop_files.append(ShopFile(target, 2 * imposition.sheets, purpose, ink.name))
        written.append(target)
    ctx.products.impositions.append(imposition)
    return written
