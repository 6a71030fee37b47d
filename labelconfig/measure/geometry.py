"""Overlap of image regions in pixel space: IoU of boxes (rotated or not), polygons and ellipses, and an
OKS-style similarity of keypoints.

Label Studio stores geometry in % of the image, and rotates a box clockwise around its top-left corner
in *pixel* space; on a non-square image a rotated box is not a rotated rectangle in % space. So every
shape is first scaled to pixels with the result's `original_width`/`original_height` (100 x 100 when a
result does not say: then rotations are only right for square images).

Axis-aligned boxes take a few arithmetic operations. Everything else goes through shapely (GEOS):
polygons drawn by people are often non-convex and sometimes self-intersecting, and robust clipping of
such polygons is exactly what a hand-written Weiler-Atherton gets wrong; shapely is imported only when
such a shape appears.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..payloads.geometry import rotated_corners

ELLIPSE_SEGMENTS = 64  # vertices approximating an ellipse: area within 0.2 % of pi·a·b


@dataclass(frozen=True, slots=True)
class Box:
    """A box in pixels: top-left corner, size, clockwise rotation in degrees around the corner."""

    x: float
    y: float
    width: float
    height: float
    rotation: float = 0.0

    def corners(self) -> list[tuple[float, float]]:
        return rotated_corners(self.x, self.y, self.width, self.height, self.rotation)


@dataclass(frozen=True, slots=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float
    rotation: float = 0.0

    def outline(self, segments: int = ELLIPSE_SEGMENTS) -> list[tuple[float, float]]:
        t = math.radians(self.rotation)
        c, s = math.cos(t), math.sin(t)
        points = []
        for k in range(segments):
            a = 2 * math.pi * k / segments
            px, py = self.rx * math.cos(a), self.ry * math.sin(a)
            points.append((self.cx + px * c - py * s, self.cy + px * s + py * c))
        return points


Shape = Box | Ellipse | tuple[tuple[float, float], ...]  # a polygon is its vertices in pixels


def box_iou(a: Box, b: Box) -> float:
    """IoU of two boxes; exact for axis-aligned boxes without shapely."""
    if a.rotation % 360 == 0 and b.rotation % 360 == 0:
        w = min(a.x + a.width, b.x + b.width) - max(a.x, b.x)
        h = min(a.y + a.height, b.y + b.height) - max(a.y, b.y)
        inter = max(0.0, w) * max(0.0, h)
        union = a.width * a.height + b.width * b.height - inter
        return inter / union if union > 0 else 0.0
    return polygon_iou(a.corners(), b.corners())


def polygon_iou(a: Sequence[tuple[float, float]], b: Sequence[tuple[float, float]]) -> float:
    """IoU of two simple or self-intersecting polygons (self-intersections repaired by make_valid)."""
    pa, pb = _polygon(a), _polygon(b)
    if pa is None or pb is None:
        return 0.0
    union = pa.union(pb).area
    return pa.intersection(pb).area / union if union > 0 else 0.0


def _polygon(points: Sequence[tuple[float, float]]) -> Any:
    from shapely.geometry import Polygon
    from shapely.validation import make_valid

    if len(points) < 3:
        return None
    shape = Polygon(points)
    if not shape.is_valid:
        shape = make_valid(shape)
    return shape if shape.area > 0 else None


def iou(a: Shape, b: Shape) -> float:
    """IoU of any two shapes (a box against a polygon too)."""
    if isinstance(a, Box) and isinstance(b, Box):
        return box_iou(a, b)
    return polygon_iou(_outline(a), _outline(b))


def _outline(s: Shape) -> Sequence[tuple[float, float]]:
    if isinstance(s, Box):
        return s.corners()
    if isinstance(s, Ellipse):
        return s.outline()
    return s


def keypoint_similarity(
    a: tuple[float, float], b: tuple[float, float], scale: float, sigma: float = 0.05
) -> float:
    """OKS-style similarity exp(-d² / 2(σ·scale)²) of two points in pixels: 1 when they coincide,
    about 0.6 at σ·scale apart. `scale` is the image diagonal in pixels (a keypoint has no object
    area to scale by, as COCO's OKS does)."""
    d2 = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2
    spread = sigma * scale
    return math.exp(-d2 / (2 * spread * spread)) if spread > 0 else float(d2 == 0)
