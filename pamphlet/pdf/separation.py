"""Recolouring a print PDF for a job in black and spot inks (pamphlet.inks): the colours in a
spot ink are painted in a `/Separation` colour space named for it (its CMYK alternate for
screens and proofs), black in DeviceCMYK K, paper as 0 0 0 0 — no other process colour.

Overprint: solid black overprints (`/op true`, `/OPM 1`): black text and rules printed over
the spot leave the spot plate whole beneath them, so the slightest misregistration shows no
white hairline around the letters, and black on the spot prints as a deeper black. Every
other colour knocks out: a spot area, a tint of black (which over the spot would mix into a
muddy colour the screen edition does not show) and paper (white type on the cover band is
the paper itself, so both plates must leave it empty). Images and gradients knock out too.

Images print in one ink (`[print] image_inks`): black (grayscale, the default), the spot
(its tints) or a duotone (black for the shadows, the spot across the whole range) in a
`/DeviceN` space of the two inks, which also carries a gradient between them.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator
from PIL import Image

from pamphlet.pdf.recolour import (
    ColourMap,
    Instructions,
    Printed,
    Recoloured,
    _is_rgb_space,
    _Job,
    _Pen,
    gray_picture,
    recolour_with,
    type2_functions,
    write_image,
)
from pamphlet.spots import Ink

OVERPRINT_STATES = {  # (fill overprints, stroke overprints) → ExtGState resource name
    (False, False): "/PamphletKnockout",
    (True, False): "/PamphletOverprintFill",
    (False, True): "/PamphletOverprintStroke",
    (True, True): "/PamphletOverprint",
}


def recolour_in_inks(
    pdf: pikepdf.Pdf, colours: ColourMap, inks: tuple[Ink, ...], images: str = "black"
) -> Recoloured:
    """Rewrite every page of `pdf` in the job's `inks`; `images` is black, spot or duotone."""
    return recolour_with(_SpotJob(pdf, colours, inks, images), pdf)


def overprints(colour: Printed | None) -> bool:
    """Solid black overprints; every other colour knocks out."""
    return colour is not None and not colour.ink and colour.values == (0.0, 0.0, 0.0, 1.0)


class _SpotJob(_Job):
    def __init__(self, pdf: pikepdf.Pdf, colours: ColourMap, inks: tuple[Ink, ...], images: str):
        super().__init__(colours)
        self.pdf = pdf
        self.inks = {ink.name: ink for ink in inks}
        self.spot_names = [ink.name for ink in inks if ink.spot]
        self.images = images
        self.separations: dict[str, pikepdf.Object] = {}
        self.devicen: pikepdf.Object | None = None
        self.states: dict[tuple[bool, bool], pikepdf.Object] = {}

    # colours --------------------------------------------------------------------------------

    def paint_in(
        self, pen: _Pen, colour: Printed, stroke: bool, operator: str, resources: pikepdf.Object
    ) -> Instructions:
        pen.set(stroke, colour)
        if colour.ink:
            name = self.resource(resources, "/ColorSpace", self.separation(colour.ink))
            space_op, value_op = ("CS", "SCN") if stroke else ("cs", "scn")
            instructions: Instructions = [
                ([name], Operator(space_op)),
                ([round(colour.tint, 4)], Operator(value_op)),
            ]
        else:
            values = [round(v, 4) for v in colour.values]
            instructions = [(values, Operator("K" if stroke else "k"))]
        return instructions + self.overprint(
            pen, (overprints(pen.fill), overprints(pen.stroke)), resources
        )

    def overprint(
        self, pen: _Pen, wanted: tuple[bool, bool], resources: pikepdf.Object
    ) -> Instructions:
        """Set overprint for fill and stroke to `wanted`, if it is not already."""
        if pen.overprint == wanted:
            return []
        pen.overprint = wanted
        return [([self.resource(resources, "/ExtGState", self.state(wanted))], Operator("gs"))]

    def before(self, op: str, operands: list, pen: _Pen, resources: pikepdf.Object) -> Instructions:
        """Images and gradients knock out whatever the fill colour before them did."""
        knocks_out = op == "sh" or (op == "Do" and _is_image(resources, operands[0]))
        if knocks_out and pen.overprint and pen.overprint[0]:  # the fill overprints
            return self.overprint(pen, (False, pen.overprint[1]), resources)
        return []

    # resources ------------------------------------------------------------------------------

    def separation(self, ink: str) -> pikepdf.Object:
        """The `/Separation` colour space of a spot ink (one per file)."""
        if ink not in self.separations:
            tint = Dictionary(
                FunctionType=2,
                Domain=[0, 1],
                C0=[0, 0, 0, 0],
                C1=list(self.inks[ink].alternate),
                N=1,
            )
            space = Array([Name.Separation, Name("/" + ink), Name.DeviceCMYK, tint])
            self.separations[ink] = self.pdf.make_indirect(space)
        return self.separations[ink]

    def black_and_spot(self) -> pikepdf.Object:
        """`/DeviceN [/Black /<spot>]`: a duotone or a gradient across the two inks. Its
        alternate adds the spot's CMYK to black (a PostScript calculator function)."""
        if self.devicen is None:
            c, m, y, k = self.inks[self.spot_names[0]].alternate
            program = (
                f"{{ dup {c} mul 1 index {m} mul 2 index {y} mul 3 index {k} mul "
                "1 exch sub 5 index 1 exch sub mul 1 exch sub 6 -2 roll pop pop }"
            )
            function = self.pdf.make_stream(
                program.encode(),
                FunctionType=4,
                Domain=[0, 1, 0, 1],
                Range=[0, 1, 0, 1, 0, 1, 0, 1],
            )
            names = Array([Name.Black, Name("/" + self.spot_names[0])])
            space = Array([Name.DeviceN, names, Name.DeviceCMYK, function])
            self.devicen = self.pdf.make_indirect(space)
        return self.devicen

    def state(self, wanted: tuple[bool, bool]) -> pikepdf.Object:
        if wanted not in self.states:
            fill, stroke = wanted
            state = Dictionary(Type=Name.ExtGState, op=fill, OP=stroke, OPM=1)
            self.states[wanted] = self.pdf.make_indirect(state)
        return self.states[wanted]

    def resource(self, resources: pikepdf.Object, kind: str, thing: pikepdf.Object) -> Name:
        """The name under which `resources` lists `thing` (added when missing)."""
        if kind not in resources:
            resources[kind] = Dictionary()
        listed = resources[kind]
        for name, value in listed.items():
            if value.is_indirect and value.objgen == thing.objgen:
                return Name(name)
        base = "/PamphletSpot" if kind == "/ColorSpace" else self._state_name(thing)
        name, number = base, 1
        while name in listed:
            number += 1
            name = f"{base}{number}"
        listed[name] = thing
        return Name(name)

    def _state_name(self, thing: pikepdf.Object) -> str:
        wanted = next(key for key, value in self.states.items() if value.objgen == thing.objgen)
        return OVERPRINT_STATES[wanted]

    # images and gradients -------------------------------------------------------------------

    def resources(self, resources: pikepdf.Object, pdf: pikepdf.Pdf) -> None:
        if self.images == "black":
            super().resources(resources, pdf)
            return
        for name, xobject in resources.get("/XObject", {}).items():
            if (
                xobject.get("/Subtype") == Name.Image
                and not xobject.get("/ImageMask", False)
                and self.first_visit(xobject)
            ):
                self.image_in_inks(xobject)
                self.done.images.append(str(name)[1:])
        super().resources(resources, pdf)

    def image_in_inks(self, image: pikepdf.Object) -> None:
        """An image as tints of the spot, or as a duotone of black and the spot."""
        darkness = gray_picture(image).point(lambda v: 255 - v)
        if self.images == "spot":
            jpeg = image.get("/Filter") == Name.DCTDecode
            write_image(image, darkness, self.separation(self.spot_names[0]), jpeg)
            return
        black = darkness.point(lambda d: round(255 * max(0.0, (d / 255 - 0.4) / 0.6) ** 1.3))
        spot = darkness.point(lambda d: round(255 * 0.9 * (d / 255) ** 0.85))
        write_image(image, Image.merge("LA", (black, spot)), self.black_and_spot())

    def shading(self, shading: pikepdf.Object) -> None:
        """A gradient in black (DeviceCMYK), in the spot (its Separation) or across both
        (DeviceN)."""
        if not _is_rgb_space(shading.get("/ColorSpace")) or "/Function" not in shading:
            return
        leaves = list(type2_functions(shading.Function, "recoloured"))
        colours = [self.print_colour(_end(leaf, key)) for leaf in leaves for key in ("/C0", "/C1")]
        spots = {colour.ink for colour in colours if colour.ink}
        if len(spots) > 1:
            raise ValueError("a gradient between two spot inks cannot be printed")
        paper_or_spot = all(c.ink or not any(c.values) for c in colours)
        if not spots:
            shading.ColorSpace = Name.DeviceCMYK
            values = [[round(v, 4) for v in c.values] for c in colours]
        elif paper_or_spot:
            shading.ColorSpace = self.separation(spots.pop())
            values = [[round(c.tint, 4) if c.ink else 0.0] for c in colours]
        else:
            shading.ColorSpace = self.black_and_spot()
            values = [[0.0, round(c.tint, 4)] if c.ink else [c.values[3], 0.0] for c in colours]
        for index, leaf in enumerate(leaves):
            leaf.C0, leaf.C1 = Array(values[2 * index]), Array(values[2 * index + 1])
        self.done.shadings += 1


def _is_image(resources: pikepdf.Object, name: pikepdf.Object) -> bool:
    xobject = resources.get("/XObject", Dictionary()).get(str(name))
    return xobject is not None and xobject.get("/Subtype") == Name.Image


def _end(function: pikepdf.Object, key: str) -> tuple[float, ...]:
    default = [0, 0, 0] if key == "/C0" else [1, 1, 1]
    return tuple(float(v) for v in function.get(key, Array(default)))
