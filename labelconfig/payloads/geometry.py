"""How a Label Studio box turns: the one declaration the exporters, the importers and the agreement
measures read.

Image regions are stored in percent of the original image (`x`, `width` of its width; `y`, `height`
of its height). A box turns clockwise on screen (y points down) about its top-left corner, and the
editor turns it in pixel space, so on a non-square image the turn is only right after scaling to
pixels (the SDK converter turns percentages and gets COCO boxes wrong).
"""

from __future__ import annotations

import math

Point = tuple[float, float]


def rotated_corners(x: float, y: float, w: float, h: float, rotation: float) -> list[Point]:
    """Corners TL, TR, BR, BL (of the unturned box) of a box at (x, y) of size w × h, turned
    `rotation` degrees clockwise about (x, y); all in one unit (pixels)."""
    c, s = cos_sin(rotation)
    return [(x, y), (x + w * c, y + w * s), (x + w * c - h * s, y + w * s + h * c), (x - h * s, y + h * c)]


def box_corners(
    x: float, y: float, w: float, h: float, rotation: float, width: float, height: float
) -> list[Point]:
    """Pixel corners of a Label Studio box (percent) on a `width` × `height` image, TL, TR, BR, BL of
    the unturned box."""
    px, py = x * width / 100, y * height / 100
    return rotated_corners(px, py, w * width / 100, h * height / 100, rotation)


def cos_sin(degrees: float) -> tuple[float, float]:
    """Cosine and sine of a clockwise turn. The angle is reduced to [0, 360) first (exactly: fmod), so
    a huge angle turns as far as it says (1e20 degrees is 280, not whatever radians(1e20) rounds to);
    quarter turns are exact, so a box turned 90 degrees lands on whole pixels."""
    degrees = math.fmod(degrees, 360.0)
    quarter = degrees / 90
    if quarter == int(quarter):
        return ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))[int(quarter) % 4]
    theta = math.radians(degrees)
    return math.cos(theta), math.sin(theta)
