"""Recolouring a written PDF for print: every colour its pages paint becomes a colour of the
job's inks. The book is laid out once, in the screen colours; the print edition rewrites the
content streams of that same PDF (pages, forms, tiling patterns), its shadings and its
images, so both editions keep exactly the same pages.

A `ColourMap` says what each house colour prints as (the screen value of `--ink` → the print
value of `--ink`); a colour it does not know (an SVG's, a colour written into a stylesheet
without a name) prints as the tint of black of its lightness. Images become grayscale, any
transparency of theirs flattened onto white paper (PDF/X-1a allows no soft masks). Text in a
house colour given as a tint of an ink is printed solid (`Printed.solid_text`). This module
writes process colours (DeviceCMYK); pamphlet.pdf.separation extends it to spot inks.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import cast

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator
from PIL import Image

from pamphlet.pdf.content import instructions

RGB_OPERATORS = {"rg": "k", "RG": "K"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
TOLERANCE = 1.5 / 255  # WeasyPrint writes colours rounded to six decimals


@dataclass(frozen=True)
class Printed:
    """What a colour prints as: a process colour (`values` CMYK, `ink` empty) or a tint of
    the spot ink `ink` (`values` = (tint,)). With `solid_text`, text in it prints at 100 %."""

    values: tuple[float, ...]
    ink: str = ""
    solid_text: bool = False

    @property
    def tint(self) -> float:
        """How much of its ink (of the strongest of its process inks) the colour has."""
        return self.values[0] if self.ink else max(self.values)

    def solid(self) -> Printed:
        """The colour at 100 % of its ink (paper stays paper)."""
        tint = self.tint
        if not self.solid_text or not 0 < tint < 1:
            return self
        return Printed(tuple(round(v / tint, 4) for v in self.values), self.ink, True)


@dataclass(frozen=True)
class ColourMap:
    """What each screen colour (RGB, 0–1) prints as."""

    exact: tuple[tuple[tuple[float, float, float], Printed], ...]

    def lookup(self, rgb: tuple[float, ...]) -> tuple[Printed, bool]:
        """The print colour of `rgb`, and whether it is a house colour (named)."""
        for screen, printed in self.exact:
            if all(abs(a - b) <= TOLERANCE for a, b in zip(screen, rgb, strict=True)):
                return printed, True
        return Printed(black_tint(rgb)), False


def black_tint(rgb: tuple[float, ...]) -> tuple[float, float, float, float]:
    """The tint of black that prints as light as `rgb` looks (Rec. 709 luma)."""
    red, green, blue = rgb
    luma = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return (0.0, 0.0, 0.0, round(1.0 - luma, 4))


def gray_of_cmyk(values: tuple[float, ...]) -> tuple[float, float, float, float]:
    """A CMYK colour as the tint of black of its lightness (for a job in black only)."""
    c, m, y, k = values
    rgb = ((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))
    return black_tint(rgb)


@dataclass
class Recoloured:
    """What recolouring changed, for the build's report and the job ticket."""

    colours: int = 0
    unnamed: set[tuple[float, ...]] = field(default_factory=set)
    images: list[str] = field(default_factory=list)
    shadings: int = 0


def recolour(pdf: pikepdf.Pdf, colours: ColourMap) -> Recoloured:
    """Rewrite every page of `pdf` in CMYK black-and-tints from `colours`."""
    return recolour_with(_Job(colours), pdf)


def recolour_with(job: _Job, pdf: pikepdf.Pdf) -> Recoloured:
    """Rewrite every page of `pdf` with `job`."""
    for page in pdf.pages:
        resources = page.obj.get("/Resources", Dictionary())
        job.stream(page.obj, resources, pdf)
        if "/Group" in page.obj:
            del page.obj.Group  # a page transparency group in RGB: not in PDF/X-1a
    return job.done


@dataclass
class _Pen:
    """The colours a content stream has set so far, as recolouring knows them (None: not a
    house or screen colour, or not known), saved and restored with the graphics state."""

    fill: Printed | None = None
    stroke: Printed | None = None
    overprint: tuple[bool, bool] | None = None  # fill, stroke; None: not set in this stream
    solid_text: bool = False  # a solid fill stands in for `fill` until the text object ends
    saved: list[tuple] = field(default_factory=list)

    def set(self, stroke: bool, colour: Printed | None) -> None:
        if stroke:
            self.stroke = colour
        else:
            self.fill, self.solid_text = colour, False

    def save(self) -> None:
        self.saved.append((self.fill, self.stroke, self.overprint))

    def restore(self) -> None:
        if self.saved:
            self.fill, self.stroke, self.overprint = self.saved.pop()


Instructions = list[tuple[list, Operator]]


class _Job:
    """Recolouring in process colours: each colour becomes a DeviceCMYK one."""

    def __init__(self, colours: ColourMap):
        self.colours = colours
        self.done = Recoloured()
        self.seen: set[tuple[int, int]] = set()

    def stream(self, holder: pikepdf.Object, resources: pikepdf.Object, pdf: pikepdf.Pdf):
        """Rewrite one content stream (a page's, a form's or a tiling pattern's) and what
        its resources hold."""
        spaces = {"fill": "", "stroke": ""}
        rgb_spaces = _rgb_space_names(resources)
        pen = _Pen()
        rewritten: Instructions = []
        for operands, op in instructions(holder):
            operator = Operator(op)
            stroke = op in ("RG", "CS", "SC", "SCN", "G", "K")
            if op in RGB_OPERATORS:
                colour = self.print_colour(tuple(float(v) for v in operands))
                rewritten += self.paint_in(pen, colour, stroke, RGB_OPERATORS[op], resources)
                continue
            if op in ("cs", "CS"):
                which = "fill" if op == "cs" else "stroke"
                name = str(operands[0])
                spaces[which] = name
                if name == "/DeviceRGB" or name in rgb_spaces:
                    operands = [Name.DeviceCMYK]
                pen.set(stroke, None)
            elif op in ("sc", "scn", "SC", "SCN"):
                which = "fill" if op in ("sc", "scn") else "stroke"
                space = spaces[which]
                if (space == "/DeviceRGB" or space in rgb_spaces) and len(operands) == 3:
                    colour = self.print_colour(tuple(float(v) for v in operands))
                    rewritten += self.paint_in(pen, colour, stroke, op, resources)
                    continue
                pen.set(stroke, None)
            elif op in ("g", "G", "k", "K"):
                pen.set(stroke, None)
            elif op == "q":
                pen.save()
            elif op == "Q":
                pen.restore()
            elif op in TEXT_SHOWING and pen.fill and not pen.solid_text:
                solid = pen.fill.solid()
                if solid != pen.fill:
                    tinted = pen.fill
                    rewritten += self.paint_in(pen, solid, False, "k", resources)
                    pen.fill, pen.solid_text = tinted, True
            elif op == "ET" and pen.solid_text and pen.fill:
                rewritten.append((operands, operator))
                rewritten += self.paint_in(pen, pen.fill, False, "k", resources)
                continue
            rewritten += self.before(op, operands, pen, resources)
            rewritten.append((operands, operator))
        if isinstance(holder, pikepdf.Dictionary) and "/Contents" in holder:
            holder.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
        else:
            holder.write(pikepdf.unparse_content_stream(rewritten))
        self.resources(resources, pdf)

    def print_colour(self, rgb: tuple[float, ...]) -> Printed:
        printed, named = self.colours.lookup(rgb)
        if not named:
            self.done.unnamed.add(tuple(round(v, 3) for v in rgb))
        self.done.colours += 1
        return printed

    def paint_in(
        self, pen: _Pen, colour: Printed, stroke: bool, operator: str, resources: pikepdf.Object
    ) -> Instructions:
        """The instructions that set the fill (or stroke) colour to `colour`, with
        `operator` (k, K, or sc/scn after the space became DeviceCMYK)."""
        if colour.ink:
            raise ValueError(f"{colour.ink} is a spot ink: use pamphlet.pdf.separation")
        pen.set(stroke, colour)
        return [([round(v, 4) for v in colour.values], Operator(operator))]

    def before(self, op: str, operands: list, pen: _Pen, resources: pikepdf.Object) -> Instructions:
        """What to add before an instruction kept as it is (nothing, in process colours)."""
        return []

    def cmyk(self, rgb: tuple[float, ...]) -> list[float]:
        return [round(v, 4) for v in self.print_colour(rgb).values]

    def resources(self, resources: pikepdf.Object, pdf: pikepdf.Pdf) -> None:
        for name, xobject in resources.get("/XObject", {}).items():
            if not self.first_visit(xobject):
                continue
            subtype = xobject.get("/Subtype")
            if subtype == Name.Form:
                if "/Group" in xobject and "/CS" in xobject.Group:
                    xobject.Group.CS = Name.DeviceCMYK
                self.stream(xobject, xobject.get("/Resources", resources), pdf)
            elif (
                subtype == Name.Image
                and not xobject.get("/ImageMask", False)
                and to_grayscale(xobject)
            ):
                self.done.images.append(str(name)[1:])
        for pattern in resources.get("/Pattern", {}).values():
            if not self.first_visit(pattern):
                continue
            if int(pattern.get("/PatternType", 0)) == 1:
                self.stream(pattern, pattern.get("/Resources", resources), pdf)
            elif "/Shading" in pattern:
                self.shading(pattern.Shading)
        for shading in resources.get("/Shading", {}).values():
            if self.first_visit(shading):
                self.shading(shading)

    def shading(self, shading: pikepdf.Object) -> None:
        """A gradient's colour space and end colours, in CMYK."""
        if not _is_rgb_space(shading.get("/ColorSpace")):
            return
        shading.ColorSpace = Name.DeviceCMYK
        function = shading.get("/Function")
        if function is not None:
            self.function(function)
        self.done.shadings += 1

    def function(self, function: pikepdf.Object) -> None:
        if isinstance(function, Array):
            for part in function:
                self.function(part)
            return
        kind = int(function.get("/FunctionType", -1))
        if kind == 2:
            for key in ("/C0", "/C1"):
                values = function.get(key, Array([0, 0, 0] if key == "/C0" else [1, 1, 1]))
                function[key] = Array(self.cmyk(tuple(float(v) for v in values)))
        elif kind == 3:
            for part in function.Functions:
                self.function(part)
        else:
            raise ValueError(f"a gradient with a type {kind} function cannot be recoloured")

    def first_visit(self, thing: pikepdf.Object) -> bool:
        return first_visit(self.seen, thing)


def _rgb_space_names(resources: pikepdf.Object) -> set[str]:
    return {
        str(name)
        for name, space in resources.get("/ColorSpace", {}).items()
        if _is_rgb_space(space)
    }


def _is_rgb_space(space: pikepdf.Object | None) -> bool:
    if space is None:
        return False
    if isinstance(space, Name):
        return space == Name.DeviceRGB
    if isinstance(space, Array) and len(space):
        kind = str(space[0])
        if kind == "/ICCBased":
            return int(space[1].get("/N", 3)) == 3
        return kind == "/CalRGB"
    return False


def to_grayscale(image: pikepdf.Object) -> bool:
    """Replace a colour image (or one with transparency) by its grayscale on white paper;
    False when it already is plain gray."""
    space = image.get("/ColorSpace")
    plain_gray = space == Name.DeviceGray and "/SMask" not in image
    if plain_gray:
        return False
    gray = gray_picture(image)
    write_image(image, gray, Name.DeviceGray, jpeg=image.get("/Filter") == Name.DCTDecode)
    return True


def gray_picture(image: pikepdf.Object) -> Image.Image:
    """An image's pixels in grayscale, any transparency flattened onto white paper."""
    picture = pikepdf.PdfImage(cast(pikepdf.Stream, image)).as_pil_image()
    if "/SMask" in image:
        alpha = pikepdf.PdfImage(cast(pikepdf.Stream, image.SMask)).as_pil_image().convert("L")
        if alpha.size != picture.size:
            alpha = alpha.resize(picture.size)
        white = Image.new("RGB", picture.size, "white")
        picture = Image.composite(picture.convert("RGB"), white, alpha)
    return picture.convert("L")


def write_image(
    image: pikepdf.Object, picture: Image.Image, space: pikepdf.Object, jpeg: bool = False
) -> None:
    """Replace an image XObject's pixels by `picture` (8 bits a component) in `space`,
    without transparency; JPEG-compressed when `jpeg` (one-component pictures only)."""
    for key in ("/SMask", "/Decode", "/DecodeParms", "/Intent", "/Mask", "/SMaskInData"):
        if key in image:
            del image[key]
    if jpeg:
        out = io.BytesIO()
        picture.save(out, format="JPEG", quality=92)
        image.write(out.getvalue(), filter=Name.DCTDecode)
    else:
        image.write(zlib.compress(picture.tobytes(), 6), filter=Name.FlateDecode)
    image.ColorSpace = space
    image.BitsPerComponent = 8
    image.Width, image.Height = picture.size


def first_visit(seen: set[tuple[int, int]], thing: pikepdf.Object) -> bool:
    """Whether `thing` (a shared object: a form, pattern, shading, image) is met for the
    first time, noted in `seen`; a direct object (0, 0) is always new."""
    key = thing.objgen
    if key != (0, 0) and key in seen:
        return False
    seen.add(key)
    return True


def type2_functions(function: pikepdf.Object, action: str) -> Iterator[pikepdf.Object]:
    """The exponential functions a gradient's function is made of; a ValueError, saying the
    gradient cannot be `action` ("recoloured", "separated"), for any other kind."""
    if isinstance(function, Array):
        raise ValueError(f"a gradient with one function per colour cannot be {action}")
    kind = int(function.get("/FunctionType", -1))
    if kind == 2:
        yield function
    elif kind == 3:
        for part in function.Functions:
            yield from type2_functions(part, action)
    else:
        raise ValueError(f"a gradient with a type {kind} function cannot be {action}")
