"""Plates: a PDF in black and spot inks split into one grayscale PDF per ink — what one
risograph drum (or one offset plate) prints, the gray of each thing the tint of that ink in
it (white: none, black: solid). Vector all the way: text stays text, rules stay rules.

Each plate honours the file's overprint and knockout (pamphlet.pdf.separation): where a
colour without this plate's ink overprints, the plate is left as it was (nothing is painted
there); where it knocks out, the plate is painted white. Printer's marks in registration
colour (the "All" separation) print on every plate; crop marks in 100 % K only on black's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator
from PIL import Image

from pamphlet.pdf.pdfx import drop_unused_colour_spaces, pdf_bytes
from pamphlet.pdf.recolour import first_visit, type2_functions, write_image

BLACK = "black"
PAINTS = {"f": "fill", "F": "fill", "f*": "fill", "S": "stroke", "s": "stroke"}
BOTH = {"B": ("f", "S"), "B*": ("f*", "S"), "b": ("f", "s"), "b*": ("f*", "s")}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
FILLING_MODES = {0, 2, 4, 6}  # text render modes that fill the glyphs


def plate(data: bytes, ink: str, title: str = "") -> bytes:
    """The plate of `ink` ("black" or a spot's name) of the PDF `data`: a grayscale PDF,
    page for page, without the PDF/X output intent (a plate has one colour)."""
    pdf = pikepdf.open(io.BytesIO(data))
    separator = _Plate(ink)
    for page in pdf.pages:
        separator.stream(page.obj, page.obj.get("/Resources", Dictionary()), pdf)
    drop_unused_colour_spaces(pdf)
    if "/OutputIntents" in pdf.Root:
        del pdf.Root.OutputIntents
    info = pdf.docinfo
    for key in ("/GTS_PDFXVersion", "/GTS_PDFXConformance"):
        if key in info:
            del info[key]
    if title:
        info.Title = pikepdf.String(title)
    return pdf_bytes(pdf, version="1.4")


@dataclass
class _Colour:
    """A colour as this plate sees it: the gray to paint and whether the colour has this
    plate's ink at all (a colour without it leaves the plate alone where it overprints)."""

    gray: float = 0.0
    inks_here: bool = True


@dataclass
class _State:
    fill: _Colour = field(default_factory=_Colour)
    stroke: _Colour = field(default_factory=_Colour)
    overprint: tuple[bool, bool] = (False, False)
    mode_one: bool = False  # OPM 1: a zero CMYK component leaves its plate alone
    render_mode: int = 0
    space: dict[str, pikepdf.Object] = field(default_factory=dict)  # fill/stroke colour space

    def copy(self) -> _State:
        return _State(
            self.fill,
            self.stroke,
            self.overprint,
            self.mode_one,
            self.render_mode,
            dict(self.space),
        )

    def skips(self, which: str) -> bool:
        """Whether painting with the fill (or stroke) colour leaves this plate untouched."""
        colour = self.fill if which == "fill" else self.stroke
        return not colour.inks_here and self.overprint[0 if which == "fill" else 1]


class _Plate:
    def __init__(self, ink: str):
        self.ink = ink
        self.seen: set[tuple[int, int]] = set()
        self.images: dict[tuple[int, int], bool] = {}  # image → has this plate's ink

    # content streams ------------------------------------------------------------------------

    def stream(self, holder: pikepdf.Object, resources: pikepdf.Object, pdf: pikepdf.Pdf):
        state, saved = _State(), []
        out: list[tuple[list, Operator]] = []
        for instruction in pikepdf.parse_content_stream(holder):
            operands, operator = list(instruction.operands), instruction.operator
            op = str(operator)
            if op == "q":
                saved.append(state.copy())
            elif op == "Q":
                state = saved.pop() if saved else state
            elif op in ("g", "G", "k", "K", "rg", "RG", "cs", "CS", "sc", "scn", "SC", "SCN"):
                out += self.colour(op, operands, state, resources)
                continue
            elif op == "gs":
                self.graphics_state(
                    resources.get("/ExtGState", Dictionary()).get(str(operands[0])), state
                )
            elif op == "Tr":
                state.render_mode = int(operands[0])
            elif op in PAINTS:
                if state.skips(PAINTS[op]):
                    operator = Operator("n")
            elif op in BOTH:
                fill, stroke = BOTH[op]
                skip_fill, skip_stroke = state.skips("fill"), state.skips("stroke")
                if skip_fill or skip_stroke:
                    kept = "n" if skip_fill and skip_stroke else (stroke if skip_fill else fill)
                    operator = Operator(kept)
            elif op in TEXT_SHOWING and state.render_mode in FILLING_MODES and state.skips("fill"):
                out += [([3], Operator("Tr")), (operands, operator)]
                out.append(([state.render_mode], Operator("Tr")))
                continue
            elif op == "Do":
                out += self.draw(operands[0], resources, state, pdf)
                continue
            elif op == "sh":
                shading = resources.get("/Shading", Dictionary()).get(str(operands[0]))
                if shading is not None and self.first_visit(shading):
                    self.shading(shading)
            out.append((operands, operator))
        data = pikepdf.unparse_content_stream(out)
        if isinstance(holder, pikepdf.Dictionary) and "/Contents" in holder:
            holder.Contents = pdf.make_stream(data)
        else:
            holder.write(data)
        for pattern in resources.get("/Pattern", {}).values():
            if self.first_visit(pattern):
                if int(pattern.get("/PatternType", 0)) == 1:
                    self.stream(pattern, pattern.get("/Resources", resources), pdf)
                elif "/Shading" in pattern:
                    self.shading(pattern.Shading)

    def colour(self, op: str, operands: list, state: _State, resources) -> list:
        """A colour operator, as the gray of this plate's ink in it."""
        stroke = op in ("G", "K", "RG", "CS", "SC", "SCN")
        which = "stroke" if stroke else "fill"
        numbers = [float(v) for v in operands if not isinstance(v, Name)]
        if op in ("cs", "CS"):
            name = str(operands[0])
            space = resources.get("/ColorSpace", {}).get(name, Name(name))
            if name == "/Pattern" or (isinstance(space, Array) and str(space[0]) == "/Pattern"):
                state.space[which] = Name.Pattern
                return [(operands, Operator(op))]
            state.space[which] = space
            numbers = _initial(space)
        elif op in ("sc", "scn", "SC", "SCN"):
            space = state.space.get(which, Name.DeviceGray)
            if space == Name.Pattern:
                return [(operands, Operator(op))]
        else:
            space = {"g": Name.DeviceGray, "k": Name.DeviceCMYK, "r": Name.DeviceRGB}[op[0].lower()]
            state.space[which] = space
        colour = self.plate_colour(space, numbers, state.mode_one)
        if stroke:
            state.stroke = colour
        else:
            state.fill = colour
        return [([round(colour.gray, 4)], Operator("G" if stroke else "g"))]

    def plate_colour(self, space: pikepdf.Object, values: list[float], mode_one: bool) -> _Colour:
        """How much of this plate's ink a colour has, as a gray."""
        tint, here = _tint(space, values, self.ink, mode_one)
        return _Colour(round(1 - tint, 4), here)

    def graphics_state(self, extgstate: pikepdf.Object | None, state: _State) -> None:
        if extgstate is None:
            return
        fill, stroke = state.overprint
        if "/OP" in extgstate:
            stroke = bool(extgstate.OP)
            fill = bool(extgstate.get("/op", extgstate.OP))
        elif "/op" in extgstate:
            fill = bool(extgstate.op)
        state.overprint = (fill, stroke)
        if "/OPM" in extgstate:
            state.mode_one = int(extgstate.OPM) == 1

    # objects --------------------------------------------------------------------------------

    def draw(self, name: pikepdf.Object, resources, state: _State, pdf: pikepdf.Pdf) -> list:
        """`Do`: a form's content separated in turn; an image as this plate's gray, or white
        where the image has none of this plate's ink (images knock out)."""
        xobject = resources.get("/XObject", {}).get(str(name))
        keep = [([name], Operator("Do"))]
        if xobject is None:
            return keep
        if xobject.get("/Subtype") == Name.Form:
            if self.first_visit(xobject):
                self.stream(xobject, xobject.get("/Resources", resources), pdf)
            return keep
        if xobject.get("/ImageMask", False):
            return [] if state.skips("fill") else keep
        key = xobject.objgen
        if key not in self.images:
            self.images[key] = self.image(xobject)
        if self.images[key]:
            return keep
        if state.overprint[0]:
            return []
        return [  # the image's place, in white (the unit square of its space)
            ([], Operator("q")),
            ([1], Operator("g")),
            ([0, 0, 1, 1], Operator("re")),
            ([], Operator("f")),
            ([], Operator("Q")),
        ]

    def image(self, image: pikepdf.Stream) -> bool:
        """Make an image this plate's grayscale; False when it has none of this ink."""
        space = image.get("/ColorSpace", Name.DeviceGray)
        names = _colourants(space)
        if self.ink not in names:
            return False
        if space == Name.DeviceGray:
            return True
        bands = _bands(image, len(names))
        band = bands[names.index(self.ink)]
        jpeg = image.get("/Filter") == Name.DCTDecode and len(names) == 1
        write_image(image, band.point(lambda v: 255 - v), Name.DeviceGray, jpeg)
        return True

    def shading(self, shading: pikepdf.Object) -> None:
        """A gradient as the gray of this plate's ink along it."""
        space = shading.get("/ColorSpace", Name.DeviceGray)
        whole = shading.get("/Function")
        for function in type2_functions(whole, "separated") if whole is not None else ():
            for key in ("/C0", "/C1"):
                values = [float(v) for v in function.get(key, [0.0] if key == "/C0" else [1.0])]
                function[key] = Array([1 - _tint(space, values, self.ink, False)[0]])
        shading.ColorSpace = Name.DeviceGray

    def first_visit(self, thing: pikepdf.Object) -> bool:
        return first_visit(self.seen, thing)


def _bands(image: pikepdf.Stream, components: int) -> tuple[Image.Image, ...]:
    """An image's samples, one 8-bit picture per colourant (Pillow cannot read DeviceN)."""
    if image.get("/Filter") == Name.DCTDecode:
        return Image.open(io.BytesIO(image.read_raw_bytes())).split()
    if int(image.get("/BitsPerComponent", 8)) != 8:
        return (pikepdf.PdfImage(image).as_pil_image().convert("L"),)
    size = (int(image.Width), int(image.Height))
    data = image.read_bytes()
    if components == 1:
        return (Image.frombytes("L", size, data),)
    step = components
    return tuple(Image.frombytes("L", size, data[index::step]) for index in range(components))


def _colourants(space: pikepdf.Object) -> list[str]:
    """The inks a colour space paints with, by pamphlet's names ("black", a spot's name)."""
    if isinstance(space, Name):
        return {"/DeviceGray": [BLACK], "/DeviceCMYK": ["cyan", "magenta", "yellow", BLACK]}.get(
            str(space), [BLACK]
        )
    kind = str(space[0])
    if kind == "/Separation":
        return [str(space[1])[1:]]
    if kind == "/DeviceN":
        process = {"/Cyan": "cyan", "/Magenta": "magenta", "/Yellow": "yellow", "/Black": BLACK}
        return [process.get(str(n), str(n)[1:]) for n in space[1]]
    if kind == "/ICCBased":
        return _colourants(
            {1: Name.DeviceGray, 4: Name.DeviceCMYK}.get(int(space[1].N), Name.DeviceRGB)
        )
    return [BLACK]


def _tint(
    space: pikepdf.Object, values: list[float], ink: str, mode_one: bool
) -> tuple[float, bool]:
    """The tint of `ink` in a colour, and whether the colour paints `ink`'s plate at all."""
    names = _colourants(space)
    if isinstance(space, Array) and str(space[0]) == "/Separation" and names[0] == "All":
        return (values[0] if values else 1.0), True
    if isinstance(space, Array) and str(space[0]) == "/Separation" and names[0] == "None":
        return 0.0, False
    if ink != BLACK and names == [BLACK]:
        return 0.0, False
    if space == Name.DeviceGray or (isinstance(space, Array) and str(space[0]) == "/CalGray"):
        return (1 - values[0] if values else 1.0), True
    if space == Name.DeviceRGB:  # not in a print file; printed as black of its lightness
        red, green, blue = [*values, 0.0, 0.0, 0.0][:3]
        return 1 - (0.2126 * red + 0.7152 * green + 0.0722 * blue), True
    if ink not in names:
        return 0.0, False
    tint = values[names.index(ink)] if len(values) > names.index(ink) else 1.0
    if space == Name.DeviceCMYK and mode_one:
        return tint, tint > 0
    return tint, True


def _initial(space: pikepdf.Object) -> list[float]:
    """The colour a `cs` operator sets: black in device spaces, full tint in the others."""
    if space == Name.DeviceGray:
        return [0.0]
    if space == Name.DeviceCMYK:
        return [0.0, 0.0, 0.0, 1.0]
    if space == Name.DeviceRGB:
        return [0.0, 0.0, 0.0]
    return [1.0] * len(_colourants(space))
