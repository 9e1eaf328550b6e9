"""Rectangles and transformations in PDF points, shared by prepress, imposition and the
content reader."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Matrix


@dataclass(frozen=True)
class Rect:
    """A rectangle in PDF points: left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float

    @classmethod
    def of(cls, array: pikepdf.Object) -> Rect:
        left, bottom, right, top = (float(v) for v in array)
        return cls(min(left, right), min(bottom, top), max(left, right), max(bottom, top))

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def grow(self, by: float) -> Rect:
        return Rect(self.left - by, self.bottom - by, self.right + by, self.top + by)

    def contains(self, other: Rect, tolerance: float = 0.01) -> bool:
        return (
            other.left >= self.left - tolerance
            and other.bottom >= self.bottom - tolerance
            and other.right <= self.right + tolerance
            and other.top <= self.top + tolerance
        )

    def array(self) -> pikepdf.Array:
        return Array([_number(v) for v in (self.left, self.bottom, self.right, self.top)])


def _number(value: float) -> float | int:
    rounded = round(value, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def bounds(points: list[tuple[float, float]]) -> Rect:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return Rect(min(xs), min(ys), max(xs), max(ys))


def box_corners(box: Rect, matrix: Matrix) -> Rect:
    corners = [(box.left, box.bottom), (box.right, box.bottom), (box.left, box.top)]
    corners.append((box.right, box.top))
    return bounds([matrix.transform(point) for point in corners])


def intersect(a: Rect | None, b: Rect) -> Rect:
    if a is None:
        return b
    return Rect(
        max(a.left, b.left), max(a.bottom, b.bottom), min(a.right, b.right), min(a.top, b.top)
    )


def union(a: Rect, b: Rect) -> Rect:
    return Rect(
        min(a.left, b.left), min(a.bottom, b.bottom), max(a.right, b.right), max(a.top, b.top)
    )


def scale(matrix: Matrix) -> float:
    """The linear scale of a matrix (the square root of its determinant)."""
    return math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
