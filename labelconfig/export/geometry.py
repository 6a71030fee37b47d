"""Image geometry shared by every exporter and importer: pixels and percentages, hulls, areas,
clipping. How a box turns is declared once, in `payloads.geometry` (the agreement measures read it
too)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from ..payloads.geometry import Point
from ..payloads.geometry import box_corners as turned


def box_corners(
    x: float, y: float, w: float, h: float, rotation: float, width: float, height: float
) -> list[Point]:
    """Pixel corners of a Label Studio box (percent), in the order TL, TR, BR, BL of the unrotated box."""
    if not rotation % 360:
        return corners(box_bounds(x, y, w, h, width, height))
    return turned(x, y, w, h, rotation, width, height)


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


def clip(points: Sequence[Point], width: float, height: float) -> list[Point]:
    """The part of a polygon inside the image (exports ask for it with --clamp): clipped against each
    edge of the image in turn (Sutherland-Hodgman, exact for a rectangular window), so a rotated box's
    clipped area is its true overlap with the image, not the area of its corners moved inside."""
    out = list(points)
    edges = (
        (lambda p: p[0] >= 0.0, lambda a, b: _at_x(a, b, 0.0)),
        (lambda p: p[0] <= width, lambda a, b: _at_x(a, b, width)),
        (lambda p: p[1] >= 0.0, lambda a, b: _at_y(a, b, 0.0)),
        (lambda p: p[1] <= height, lambda a, b: _at_y(a, b, height)),
    )
    for inside, cross in edges:
        if not out:
            break
        kept: list[Point] = []
        for a, b in zip([out[-1], *out[:-1]], out, strict=True):
            if inside(b):
                if not inside(a):
                    kept.append(cross(a, b))
                kept.append(b)
            elif inside(a):
                kept.append(cross(a, b))
        out = kept
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def outside(
    bounds: tuple[float, float, float, float], width: float, height: float, slack: float = 1e-6
) -> bool:
    """Bounds (x_min, y_min, x_max, y_max) reach outside the image by more than `slack` pixels."""
    x0, y0, x1, y1 = bounds
    return x0 < -slack or y0 < -slack or x1 > width + slack or y1 > height + slack
