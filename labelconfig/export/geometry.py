"""Image geometry shared by every exporter and importer.

Label Studio stores image regions in percent of the original image size: `x` and `width` of its
width, `y` and `height` of its height. A box turns clockwise (y points down) about its top-left
corner, and the editor does that in pixel space, so on a non-square image a rotation is only right
after scaling to pixels; the SDK converter rotates percentages and gets COCO boxes wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point = tuple[float, float]


def box_corners(
    x: float, y: float, w: float, h: float, rotation: float, width: float, height: float
) -> list[Point]:
    """Pixel corners of a Label Studio box (percent), in the order TL, TR, BR, BL of the unrotated box."""
    if not rotation:
        return corners(box_bounds(x, y, w, h, width, height))
    px, py = x * width / 100, y * height / 100
    pw, ph = w * width / 100, h * height / 100
    c, s = _cos_sin(rotation)
    return [
        (px, py),
        (px + pw * c, py + pw * s),
        (px + pw * c - ph * s, py + pw * s + ph * c),
        (px - ph * s, py + ph * c),
    ]


def box_bounds(
    x: float, y: float, w: float, h: float, width: float, height: float
) -> tuple[float, float, float, float]:
    """Pixel bounds (x_min, y_min, x_max, y_max) of an upright Label Studio box (percent)."""
    px, py = x * width / 100, y * height / 100
    return px, py, px + w * width / 100, py + h * height / 100


def corners(bounds: tuple[float, float, float, float]) -> list[Point]:
    """The corners TL, TR, BR, BL of upright bounds."""
    x0, y0, x1, y1 = bounds
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def _cos_sin(degrees: float) -> tuple[float, float]:
    """Exact for quarter turns, so a box turned 90° lands on whole pixels (cos 90° is 6e-17 otherwise)."""
    quarter = degrees / 90
    if quarter == int(quarter):
        return ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))[int(quarter) % 4]
    theta = math.radians(degrees)
    return math.cos(theta), math.sin(theta)


def corners_to_box(corners: Sequence[Point], width: float, height: float) -> dict[str, float]:
    """The Label Studio box (percent, rotation in [0, 360)) whose corners are TL, TR, BR, BL in pixels."""
    (x0, y0), (x1, y1), _, (x3, y3) = corners[:4]
    pw = math.hypot(x1 - x0, y1 - y0)
    ph = math.hypot(x3 - x0, y3 - y0)
    # The angle comes from the longer edge: on a thin box the short one, written as text, carries too
    # few significant digits (a 0.01 px edge turned 1 degree moved the far corner by 1e-6 px).
    if pw >= ph:
        angle = math.atan2(y1 - y0, x1 - x0) if pw else 0.0
    else:
        angle = math.atan2(y3 - y0, x3 - x0) - math.pi / 2  # TL -> BL points 90 degrees past TL -> TR
    rotation = math.degrees(angle) % 360.0
    if rotation >= 360.0 - 1e-12:  # -0.0 and -1e-17 come back as 360.0
        rotation = 0.0
    return {
        "x": _snap(x0, width),
        "y": _snap(y0, height),
        "width": _snap(pw, width),
        "height": _snap(ph, height),
        "rotation": rotation,
    }


_NOISE_PX = 1e-7  # far below what any image or format resolves; well inside the round trips' 1e-6 px


def _snap(pixels: float, size: float) -> float:
    """Pixels in percent of `size`, with 0 and 100 kept as they were: float noise from percent to pixels
    and back (100.00000012 on a 1 px tall image) is out of range for Label Studio."""
    percent = pixels * 100 / size
    noise = _NOISE_PX * 100 / size
    if -noise < percent < 0:
        return 0.0
    if 100 < percent < 100 + noise:
        return 100.0
    return percent


def hull(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """The axis-aligned bounds (x_min, y_min, x_max, y_max) of `points`."""
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def to_pixels(points: Iterable[Sequence[float]], width: float, height: float) -> list[Point]:
    """Percent points ([x, y] pairs) in pixels."""
    return [(p[0] * width / 100, p[1] * height / 100) for p in points]


def to_percent(points: Iterable[Sequence[float]], width: float, height: float) -> list[list[float]]:
    """Pixel points as Label Studio percent pairs."""
    return [[p[0] * 100 / width, p[1] * 100 / height] for p in points]


def area(points: Sequence[Point]) -> float:
    """Area of a simple polygon (shoelace formula), whatever its winding."""
    following = [*points[1:], *points[:1]]
    twice = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, following, strict=True))
    return abs(twice) / 2


def clamp(points: Iterable[Point], width: float, height: float) -> list[Point]:
    """Points moved inside the image (exports ask for it explicitly with --clamp)."""
    return [(min(max(x, 0.0), width), min(max(y, 0.0), height)) for x, y in points]


def outside(
    bounds: tuple[float, float, float, float], width: float, height: float, slack: float = 1e-6
) -> bool:
    """Bounds (x_min, y_min, x_max, y_max) reach outside the image by more than `slack` pixels."""
    x0, y0, x1, y1 = bounds
    return x0 < -slack or y0 < -slack or x1 > width + slack or y1 > height + slack
