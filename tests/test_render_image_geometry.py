"""Properties of the page's image geometry (`templates/js/image_geometry.js`), run in Chromium over
generated regions and gestures: an edit keeps the region inside the image, keeps what it does not
change, and gives a value labelconfig's own checker accepts, or is refused (null) as a whole."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from render_support import codes

import labelconfig
from labelconfig.render.env import template_dir

SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
CFG = labelconfig.parse(
    '<View><Image name="img" value="$image"/>'
    '<RectangleLabels name="box" toName="img"><Label value="Car"/></RectangleLabels>'
    '<EllipseLabels name="ell" toName="img"><Label value="Tree"/></EllipseLabels>'
    '<PolygonLabels name="poly" toName="img"><Label value="Road"/></PolygonLabels></View>'
)
TASK = {"image": "https://example.com/a.png"}
TYPES = {"rect": ("box", "rectanglelabels", "Car"), "ellipse": ("ell", "ellipselabels", "Tree")}
TYPES["polygon"] = ("poly", "polygonlabels", "Road")
EPS = 1e-3  # % (values are recorded to four decimals)


@pytest.fixture(scope="module")
def geom(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.set_content("<!DOCTYPE html><title>geometry</title>")
    page.evaluate(
        "src => { window.LC = {}; (0, eval)(src); }",
        (template_dir() / "js" / "image_geometry.js").read_text(),
    )
    yield lambda op, *args: page.evaluate("([op, args]) => LC.geom[op](...args)", [op, list(args)])
    context.close()


def _lint(kind: str, value: dict[str, Any], size: tuple[int, int]) -> None:
    name, rtype, label = TYPES[kind]
    result = {
        "id": "r1",
        "from_name": name,
        "to_name": "img",
        "type": rtype,
        "original_width": size[0],
        "original_height": size[1],
        "image_rotation": 0,
        "value": {**value, rtype: [label]},
    }
    assert codes(CFG.check_annotation({"result": [result]}, TASK)) == []


def _corners(v: dict[str, Any], w: int, h: int) -> list[tuple[float, float]]:
    """The box's corners in % (rotation about the top-left corner, in pixel space)."""
    a = math.radians(v.get("rotation", 0))
    ox, oy, bw, bh = v["x"] * w / 100, v["y"] * h / 100, v["width"] * w / 100, v["height"] * h / 100
    out = []
    for qx, qy in ((0, 0), (bw, 0), (bw, bh), (0, bh)):
        px = ox + qx * math.cos(a) - qy * math.sin(a)
        py = oy + qx * math.sin(a) + qy * math.cos(a)
        out.append((px / w * 100, py / h * 100))
    return out


def _inside(v: dict[str, Any], w: int, h: int) -> bool:
    return all(-EPS <= x <= 100 + EPS and -EPS <= y <= 100 + EPS for x, y in _corners(v, w, h))


sizes = st.tuples(st.integers(50, 4000), st.integers(50, 4000))
pct = st.floats(0, 100)


@st.composite
def boxes(draw: Any, rotated: bool = True) -> dict[str, Any]:
    x, y = draw(st.floats(0, 90)), draw(st.floats(0, 90))
    w, h = draw(st.floats(0.5, 100 - x)), draw(st.floats(0.5, 100 - y))
    rotation = draw(st.floats(0, 359.9)) if rotated else 0
    return {"x": x, "y": y, "width": w, "height": h, "rotation": rotation}


@SETTINGS
@given(v=boxes(), size=sizes, dx=st.floats(-150, 150), dy=st.floats(-150, 150))
def test_a_moved_box_stays_inside_and_keeps_its_shape(
    geom: Any, v: dict[str, Any], size: Any, dx: float, dy: float
) -> None:
    assume(_inside(v, *size))
    out = geom("move", v, dx, dy, *size)
    assert _inside(out, *size)
    assert (out["width"], out["height"], out["rotation"]) == (v["width"], v["height"], v["rotation"])
    _lint("rect", out, size)


@SETTINGS
@given(
    v=boxes(rotated=False),
    size=sizes,
    handle=st.sampled_from(["n", "ne", "e", "se", "s", "sw", "w", "nw"]),
    px=pct,
    py=pct,
)
def test_a_resized_box_keeps_its_opposite_side(
    geom: Any, v: dict[str, Any], size: Any, handle: str, px: float, py: float
) -> None:
    w, h = size
    out = geom("resizeBox", v, handle, [px * w / 100, py * h / 100], w, h, 1)
    assert out is not None and _inside(out, w, h)
    if "e" in handle:
        assert out["x"] == pytest.approx(v["x"], abs=EPS)
    if "w" in handle:
        assert out["x"] + out["width"] == pytest.approx(min(v["x"] + v["width"], 100), abs=2 * EPS + 100 / w)
    if "s" in handle:
        assert out["y"] == pytest.approx(v["y"], abs=EPS)
    if handle in ("e", "w"):
        assert (out["y"], out["height"]) == (
            pytest.approx(v["y"], abs=EPS),
            pytest.approx(v["height"], abs=EPS),
        )
    _lint("rect", out, size)


@SETTINGS
@given(v=boxes(), size=sizes, px=pct, py=pct, snap=st.booleans())
def test_a_rotated_box_turns_about_its_centre(
    geom: Any, v: dict[str, Any], size: Any, px: float, py: float, snap: bool
) -> None:
    w, h = size
    assume(_inside(v, w, h))
    out = geom("rotateBox", v, [px * w / 100, py * h / 100], w, h, snap)
    if out is None:  # refused: the turn would take a corner out of the image
        return
    assert _inside(out, w, h) and 0 <= out["rotation"] < 360
    assert (out["width"], out["height"]) == (
        pytest.approx(v["width"], abs=EPS),
        pytest.approx(v["height"], abs=EPS),
    )
    centre = [sum(c) / 4 for c in zip(*_corners(v, w, h), strict=True)]
    assert [sum(c) / 4 for c in zip(*_corners(out, w, h), strict=True)] == pytest.approx(centre, abs=0.01)
    if snap:
        assert out["rotation"] % 15 == pytest.approx(0, abs=EPS) or out["rotation"] % 15 == pytest.approx(
            15, abs=EPS
        )
    _lint("rect", out, size)


@SETTINGS
@given(
    c=st.tuples(pct, pct),
    radii=st.tuples(st.floats(0.5, 50), st.floats(0.5, 50)),
    size=sizes,
    handle=st.sampled_from(["n", "e", "s", "w"]),
    p=st.tuples(st.floats(-50, 150), st.floats(-50, 150)),
)
def test_an_ellipse_resized_or_turned_is_recorded_whole(
    geom: Any, c: Any, radii: Any, size: Any, handle: str, p: Any
) -> None:
    w, h = size
    v = {"x": c[0], "y": c[1], "radiusX": radii[0], "radiusY": radii[1], "rotation": 0}
    at = [p[0] * w / 100, p[1] * h / 100]
    resized = geom("resizeEllipse", v, handle, at, w, h, 1)
    assert 0 < resized["radiusX"] <= 50 and 0 < resized["radiusY"] <= 50
    kept = "radiusY" if handle in "ew" else "radiusX"
    assert resized[kept] == v[kept]
    turned = geom("rotateEllipse", resized, at, w, h, False)
    assert 0 <= turned["rotation"] < 360
    moved = geom("move", turned, p[0] - c[0], p[1] - c[1], w, h)
    assert 0 <= moved["x"] <= 100 and 0 <= moved["y"] <= 100
    for value in (resized, turned, moved):
        _lint("ellipse", value, size)


@SETTINGS
@given(
    points=st.lists(st.tuples(pct, pct), min_size=3, max_size=8),
    size=sizes,
    i=st.integers(0, 7),
    to=st.tuples(st.floats(-50, 150), st.floats(-50, 150)),
)
def test_polygon_vertices_edited_one_by_one(geom: Any, points: Any, size: Any, i: int, to: Any) -> None:
    v = {"points": [list(p) for p in points], "closed": True}
    i %= len(points)
    moved = geom("setVertex", v, i, list(to))
    assert moved["points"][i] == [pytest.approx(min(max(c, 0), 100), abs=EPS) for c in to]
    assert [p for j, p in enumerate(moved["points"]) if j != i] == [
        p for j, p in enumerate(v["points"]) if j != i
    ]
    added = geom("insertVertex", moved, i, [50, 50])
    assert len(added["points"]) == len(points) + 1 and added["points"][i + 1] == [50, 50]
    removed = geom("removeVertex", added, i + 1)
    assert removed["points"] == moved["points"]
    shifted = geom("move", moved, to[0], to[1], *size)
    assert all(0 <= c <= 100 for p in shifted["points"] for c in p)
    smallest = {"points": v["points"][:3], "closed": True}
    assert geom("removeVertex", smallest, 0) is None  # a polygon keeps three points
    for value in (moved, added, shifted):
        _lint("polygon", value, size)


@SETTINGS
@given(a=st.tuples(pct, pct), b=st.tuples(pct, pct), size=sizes)
def test_a_drawn_box_or_ellipse_is_inside_the_image(geom: Any, a: Any, b: Any, size: Any) -> None:
    box = geom("fromDrag", "rect", list(a), list(b))
    assert box["x"] + box["width"] <= 100 and box["y"] + box["height"] <= 100
    _lint("rect", box, size)
    ellipse = geom("fromDrag", "ellipse", list(a), list(b))
    assert (ellipse["x"], ellipse["y"]) == (pytest.approx(a[0], abs=EPS), pytest.approx(a[1], abs=EPS))
    assert ellipse["x"] - ellipse["radiusX"] >= -EPS and ellipse["x"] + ellipse["radiusX"] <= 100 + EPS
    _lint("ellipse", ellipse, size)
