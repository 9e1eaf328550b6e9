"""A small PDF content-stream interpreter: what each page paints, where, in which colour
space and at which size — forms followed, clips and marked content tracked. Preflight
reads its scans; the job ticket reads the inks a file prints with.

Printer's marks (inside a `/PrinterMarks` marked-content sequence, see pdf/marks.py) are
left out of what a page paints.
"""

from __future__ import annotations

import math
import struct
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Dictionary, Matrix, Name

from pamphlet.pdf.geometry import Rect, bounds, box_corners, intersect, scale, union
from pamphlet.pdf.marks import MARKS_TAG

INK_NAMES = ("cyan", "magenta", "yellow", "black")
EMPTY = Dictionary()


def instructions(holder: pikepdf.Object, operators: str = "") -> Iterator[tuple[list, str]]:
    """(operands, operator) of each instruction of a content stream (a page, a form, a
    pattern), only `operators` (space-separated) when given."""
    for instruction in pikepdf.parse_content_stream(holder, operators):
        yield list(instruction.operands), str(instruction.operator)


@dataclass
class _Colour:
    family: str = "gray"  # gray, rgb, cmyk, separation, devicen, lab, pattern, indexed:…
    values: tuple[float, ...] = (0.0,)
    name: str = ""  # separation colourant


@dataclass
class _State:
    ctm: Matrix
    clip: Rect | None
    fill: _Colour = field(default_factory=_Colour)
    stroke: _Colour = field(default_factory=_Colour)
    line_width: float = 1.0
    font: pikepdf.Object | None = None
    font_size: float = 0.0
    char_spacing: float = 0.0
    word_spacing: float = 0.0
    horizontal_scale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    render_mode: int = 0

    def copy(self) -> _State:
        return _State(**vars(self))


@dataclass
class PageScan:
    """What one page paints, outside its printer's marks."""

    colour_ops: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rgb: list[str] = field(default_factory=list)
    other_spaces: set[str] = field(default_factory=set)
    inks: set[str] = field(default_factory=set)
    text_colours: set[tuple[str, tuple[float, ...]]] = field(default_factory=set)
    smallest_text: float = math.inf
    fonts: dict[tuple[int, int], tuple[str, bool]] = field(default_factory=dict)
    transparency: set[str] = field(default_factory=set)
    images: list[tuple[str, float]] = field(default_factory=list)  # (name, ppi)
    painted: Rect | None = None  # union of everything painted, clipped
    annotations: list[str] = field(default_factory=list)


def scan_pages(pdf: pikepdf.Pdf) -> list[PageScan]:
    """Read every page's content stream, with the forms it uses."""
    scans = []
    interpreter = _Interpreter()
    for page in pdf.pages:
        scan = interpreter.scan = PageScan()
        resources = page.obj.get("/Resources", EMPTY)
        interpreter.run(page.obj, resources, _State(Matrix(), None))
        if page.obj.get("/Group", EMPTY).get("/S") == Name("/Transparency"):
            scan.transparency.add("the page is a transparency group")
        for annotation in page.obj.get("/Annots", []):
            subtype = str(annotation.get("/Subtype", "/Annot"))[1:]
            if subtype not in ("PrinterMark", "TrapNet"):
                scan.annotations.append(subtype)
        scans.append(scan)
    return scans


PAINT_OPS = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}
STROKE_OPS = {"S", "s", "B", "B*", "b", "b*"}
FILL_OPS = {"f", "F", "f*", "B", "B*", "b", "b*"}


class _Interpreter:
    """A small PDF content interpreter: enough state to know where, in which colour space and
    at which size things are painted."""

    def __init__(self) -> None:
        self.scan = PageScan()
        self.width_cache: dict[tuple[int, int], tuple[Callable[[int], float], bool]] = {}

    def run(self, holder: pikepdf.Object, resources: pikepdf.Object, state: _State):
        stack: list[_State] = []
        tags: list[str] = []
        path: list[tuple[float, float]] = []
        pending_clip = False
        text_matrix = line_matrix = Matrix()
        for operands, op in instructions(holder):
            if op == "q":
                stack.append(state.copy())
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op == "cm":
                state.ctm = Matrix(*map(float, operands)) @ state.ctm
            elif op in ("BMC", "BDC"):
                tags.append(str(operands[0]))
            elif op == "EMC":
                tags = tags[:-1]
            elif op in ("m", "l"):
                path.append(state.ctm.transform((float(operands[0]), float(operands[1]))))
            elif op in ("c", "v", "y"):
                values = list(map(float, operands))
                for i in range(0, len(values), 2):
                    path.append(state.ctm.transform((values[i], values[i + 1])))
            elif op == "re":
                x, y, w, h = map(float, operands)
                for point in ((x, y), (x + w, y), (x, y + h), (x + w, y + h)):
                    path.append(state.ctm.transform(point))
            elif op in ("W", "W*"):
                pending_clip = True
            elif op in PAINT_OPS or op == "n":
                if op != "n" and MARKS_TAG not in tags and path:
                    grow = state.line_width / 2 if op in STROKE_OPS else 0
                    self.painted(bounds(path).grow(grow), state)
                    if op in FILL_OPS:
                        self.use_colour(state.fill)
                    if op in STROKE_OPS:
                        self.use_colour(state.stroke)
                if pending_clip and path:
                    state.clip = intersect(state.clip, bounds(path))
                path, pending_clip = [], False
            elif op in ("g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN"):
                self.set_colour(op, operands, resources, state, MARKS_TAG in tags)
            elif op == "w":
                state.line_width = float(operands[0]) * scale(state.ctm)
            elif op == "gs":
                self.graphics_state(resources, operands[0])
            elif op == "sh":
                self.painted(state.clip or Rect(-1e9, -1e9, 1e9, 1e9), state)
            elif op == "Do":
                self.draw_object(resources, operands[0], state, MARKS_TAG in tags)
            elif op == "INLINE IMAGE":
                self.inline_image(operands[0], state)
            elif op == "BT":
                text_matrix = line_matrix = Matrix()
            elif op == "Tf":
                state.font = resources.get("/Font", EMPTY).get(str(operands[0]))
                state.font_size = float(operands[1])
                self.record_font(state.font)
            elif op in ("Tc", "Tw", "Tz", "TL", "Ts", "Tr"):
                self.text_state(op, float(operands[0]), state)
            elif op in ("Td", "TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == "TD":
                    state.leading = -ty
                line_matrix = text_matrix = Matrix(1, 0, 0, 1, tx, ty) @ line_matrix
            elif op == "Tm":
                line_matrix = text_matrix = Matrix(*map(float, operands))
            elif op in ("T*", "'", '"'):
                line_matrix = text_matrix = Matrix(1, 0, 0, 1, 0, -state.leading) @ line_matrix
                if op == '"':
                    state.word_spacing, state.char_spacing = map(float, operands[:2])
                if op != "T*":
                    text_matrix = self.show(operands[-1], text_matrix, state, tags)
            elif op in ("Tj", "TJ"):
                text_matrix = self.show(operands[0], text_matrix, state, tags)

    # painting --------------------------------------------------------------------------------

    def painted(self, box: Rect, state: _State) -> None:
        if state.clip is not None:
            box = intersect(state.clip, box)
            if box.width <= 0 or box.height <= 0:
                return
        self.scan.painted = box if self.scan.painted is None else union(self.scan.painted, box)

    def set_colour(self, op, operands, resources, state: _State, in_marks: bool) -> None:
        stroke = op in ("G", "RG", "K", "CS", "SC", "SCN")
        current = state.stroke if stroke else state.fill
        numbers = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
        if op in ("g", "G"):
            current = _Colour("gray", numbers)
        elif op in ("rg", "RG"):
            current = _Colour("rgb", numbers)
        elif op in ("k", "K"):
            current = _Colour("cmyk", numbers)
        elif op in ("cs", "CS"):
            current = _colour_space(str(operands[0]), resources)
        else:
            current = _Colour(current.family, numbers, current.name)
        self.scan.colour_ops[_family_label(current.family, current.name)] += 1
        if _is_rgb(current.family):
            self.scan.rgb.append(op)
        elif current.family in ("lab", "devicen", "unknown") or (
            current.family == "separation" and not (in_marks and current.name == "All")
        ):
            self.scan.other_spaces.add(_family_label(current.family, current.name))
        if stroke:
            state.stroke = current
        else:
            state.fill = current

    def use_colour(self, colour: _Colour) -> None:
        self.scan.inks |= _inks(colour)

    def graphics_state(self, resources, name) -> None:
        extgstate = resources.get("/ExtGState", {}).get(str(name))
        if extgstate is None:
            return
        for key in ("/CA", "/ca"):
            if key in extgstate and float(extgstate[key]) < 1:
                self.scan.transparency.add(f"opacity {key[1:]} {float(extgstate[key]):g}")
        if "/SMask" in extgstate and extgstate.SMask != Name("/None"):
            self.scan.transparency.add("a soft mask (SMask)")
        blend = extgstate.get("/BM")
        if isinstance(blend, pikepdf.Array):
            blend = blend[0] if len(blend) else None
        if blend is not None and str(blend) not in ("/Normal", "/Compatible"):
            self.scan.transparency.add(f"blend mode {str(blend)[1:]}")

    def draw_object(self, resources, name, state: _State, in_marks: bool) -> None:
        xobject = resources.get("/XObject", {}).get(str(name))
        if xobject is None:
            return
        subtype = xobject.get("/Subtype")
        if subtype == Name.Image:
            self.image(str(name)[1:], xobject, state)
        elif subtype == Name.Form and not in_marks:
            if xobject.get("/Group", {}).get("/S") == Name("/Transparency"):
                self.scan.transparency.add("a transparency group")
            inner = state.copy()
            if "/Matrix" in xobject:
                inner.ctm = Matrix(*map(float, xobject.Matrix)) @ state.ctm
            if "/BBox" in xobject:
                corners = box_corners(Rect.of(xobject.BBox), inner.ctm)
                inner.clip = intersect(state.clip, corners)
            self.run(xobject, xobject.get("/Resources", resources), inner)

    def image(self, name: str, image: pikepdf.Object, state: _State) -> None:
        corners = box_corners(Rect(0, 0, 1, 1), state.ctm)
        self.painted(corners, state)
        if "/SMask" in image or int(image.get("/SMaskInData", 0)) > 0:
            self.scan.transparency.add(f"image {name} has a soft mask")
        if image.get("/ImageMask", False):
            self.use_colour(state.fill)
        else:
            space = image.get("/ColorSpace")
            colour = _Colour("gray")
            if space is not None:
                colour = _colour_space_of(space)
            self.scan.colour_ops[_family_label(colour.family)] += 1
            if _is_rgb(colour.family):
                self.scan.rgb.append(f"image {name}")
            self.scan.inks |= _inks(colour, image=True)
        width_pt = math.hypot(state.ctm.a, state.ctm.b)
        height_pt = math.hypot(state.ctm.c, state.ctm.d)
        if width_pt > 0 and height_pt > 0:
            ppi = min(
                int(image.get("/Width", 0)) / (width_pt / 72),
                int(image.get("/Height", 0)) / (height_pt / 72),
            )
            self.scan.images.append((name, ppi))

    def inline_image(self, inline: pikepdf.PdfInlineImage, state: _State) -> None:
        self.image("(inline)", inline.obj, state)

    def record_font(self, font: pikepdf.Object | None) -> None:
        if font is None or font.objgen in self.scan.fonts:
            return
        self.scan.fonts[font.objgen] = (
            str(font.get("/BaseFont", "/(unnamed)"))[1:],
            _embedded(font),
        )

    def text_state(self, op: str, value: float, state: _State) -> None:
        if op == "Tc":
            state.char_spacing = value
        elif op == "Tw":
            state.word_spacing = value
        elif op == "Tz":
            state.horizontal_scale = value / 100
        elif op == "TL":
            state.leading = value
        elif op == "Ts":
            state.rise = value
        else:
            state.render_mode = int(value)

    def show(self, text, text_matrix: Matrix, state: _State, tags: list[str]) -> Matrix:
        """Paint a text run: its size, colour and extent; return the advanced text matrix."""
        advance = self.advance(text, state)
        moved = Matrix(1, 0, 0, 1, advance, 0) @ text_matrix
        if MARKS_TAG in tags or state.font is None or state.render_mode == 3:
            return moved  # render mode 3 is invisible text
        size = state.font_size * scale(text_matrix @ state.ctm)
        self.scan.smallest_text = min(self.scan.smallest_text, size)
        low, high = -0.25 * state.font_size + state.rise, 0.95 * state.font_size + state.rise
        self.painted(box_corners(Rect(0, low, advance, high), text_matrix @ state.ctm), state)
        if state.render_mode in (0, 2, 4, 6):
            self.scan.text_colours.add((state.fill.family, state.fill.values))
            self.use_colour(state.fill)
        return moved

    def advance(self, text, state: _State) -> float:
        """Horizontal advance of a Tj string or TJ array, in text space units."""
        width, two_bytes = self.font_metrics(state.font)
        items = text if isinstance(text, pikepdf.Array) else [text]
        total = 0.0
        for item in items:
            if not isinstance(item, pikepdf.String):
                total -= float(item) / 1000 * state.font_size * state.horizontal_scale
                continue
            data = bytes(item)
            if two_bytes:
                codes = struct.unpack(f">{len(data) // 2}H", data[: len(data) // 2 * 2])
                spaces = 0
            else:
                codes, spaces = tuple(data), data.count(32)
            glyphs = sum(map(width, codes)) / 1000 * state.font_size
            spacing = len(codes) * state.char_spacing + spaces * state.word_spacing
            total += (glyphs + spacing) * state.horizontal_scale
        return total

    def font_metrics(self, font: pikepdf.Object | None) -> tuple[Callable[[int], float], bool]:
        """A function from character code to glyph width (thousandths of an em), and whether
        the font's codes take two bytes; once per font."""
        if font is None:
            return (lambda code: 500.0), False
        key = font.objgen
        if key not in self.width_cache or key == (0, 0):
            self.width_cache[key] = (_widths(font), font.get("/Subtype") == Name.Type0)
        return self.width_cache[key]


def _widths(font: pikepdf.Object) -> Callable[[int], float]:
    """A function from character code to glyph width (thousandths of an em)."""
    if font.get("/Subtype") == Name.Type0:
        descendant = font.DescendantFonts[0]
        default = float(descendant.get("/DW", 1000))
        table: dict[int, float] = {}
        entries = list(descendant.get("/W", []))
        i = 0
        while i + 1 < len(entries):
            first = int(entries[i])
            if isinstance(entries[i + 1], pikepdf.Array):
                for n, each in enumerate(entries[i + 1]):
                    table[first + n] = float(each)
                i += 2
            else:
                last, shared = int(entries[i + 1]), float(entries[i + 2])
                table.update(dict.fromkeys(range(first, last + 1), shared))
                i += 3
        return lambda code: table.get(code, default)
    first = int(font.get("/FirstChar", 0))
    widths = [float(w) for w in font.get("/Widths", [])]
    factor = float(font.FontMatrix[0]) * 1000 if "/FontMatrix" in font else 1.0

    def width(code: int) -> float:
        return widths[code - first] * factor if 0 <= code - first < len(widths) else 500.0

    return width


def _embedded(font: pikepdf.Object) -> bool:
    if font.get("/Subtype") == Name.Type3:
        return True  # its glyphs are content streams inside the file
    descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
    descriptor = descendant.get("/FontDescriptor", EMPTY)
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _colour_space(name: str, resources) -> _Colour:
    device = {"/DeviceGray": "gray", "/DeviceRGB": "rgb", "/DeviceCMYK": "cmyk"}
    if name in device:
        return _Colour(device[name], (0.0,) * {"gray": 1, "rgb": 3, "cmyk": 4}[device[name]])
    if name == "/Pattern":
        return _Colour("pattern")
    space = resources.get("/ColorSpace", {}).get(name)
    return _colour_space_of(space) if space is not None else _Colour("unknown")


def _colour_space_of(space) -> _Colour:
    """The family of a colour space object (a name or an array such as [/ICCBased …])."""
    if isinstance(space, pikepdf.Name):
        return _colour_space(str(space), {})
    kind = str(space[0])
    if kind == "/ICCBased":
        components = int(space[1].get("/N", 3))
        return _Colour({1: "gray", 3: "rgb", 4: "cmyk"}.get(components, "unknown"))
    if kind in ("/CalRGB",):
        return _Colour("rgb")
    if kind == "/CalGray":
        return _Colour("gray")
    if kind == "/Lab":
        return _Colour("lab")
    if kind == "/Separation":
        return _Colour("separation", (1.0,), str(space[1])[1:])
    if kind == "/DeviceN":
        return _Colour("devicen")
    if kind == "/Indexed":
        base = _colour_space_of(space[1])
        return _Colour(f"indexed:{base.family}")
    if kind == "/Pattern":
        return _Colour("pattern")
    return _Colour("unknown")


def _is_rgb(family: str) -> bool:
    return family == "rgb" or family == "indexed:rgb"


def _family_label(family: str, name: str = "") -> str:
    labels = {"gray": "DeviceGray", "rgb": "RGB", "cmyk": "DeviceCMYK", "lab": "Lab"}
    if family == "separation":
        return f"Separation {name}" if name else "Separation"
    if family.startswith("indexed:"):
        return f"Indexed {labels.get(family[8:], family[8:])}"
    return labels.get(family, family)


def _inks(colour: _Colour, image: bool = False) -> set[str]:
    """The inks a colour prints with (none for paper white)."""
    if colour.family == "cmyk":
        if image:
            return set(INK_NAMES)
        return {ink for ink, value in zip(INK_NAMES, colour.values, strict=False) if value > 0}
    if colour.family == "gray":
        return {"black"} if image or (colour.values and colour.values[0] < 1) else set()
    if colour.family == "separation":
        return {colour.name or "spot"}
    if _is_rgb(colour.family) or colour.family == "lab":
        return {"RGB"}
    return set()


def inks_of(scans: list[PageScan]) -> list[str]:
    """The inks pages print with (printer's marks aside), in press order."""
    inks: set[str] = set().union(*(scan.inks for scan in scans))
    return [ink for ink in INK_NAMES if ink in inks] + sorted(inks - set(INK_NAMES))
