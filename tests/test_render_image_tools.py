"""Image tools in a real Chromium, operated with the mouse and keys as an annotator would: what the page
records is compared value by value with what Label Studio's editor records for the same gesture, and
linted with labelconfig's own checker."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from render_support import codes, png_data_url
from test_render_a11y import axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)
from test_render_browser import PER_REGION

import labelconfig
from labelconfig.render import render_html

HERE = Path(__file__).parent
REPRO = HERE / "fixtures" / "render_repro"

BOXES = """
<View>
  <Image name="street" value="$image"/>
  <RectangleLabels name="vehicles" toName="street">
    <Label value="Car" background="red" hotkey="c"/>
    <Label value="Pedestrian" background="green" alias="person" hotkey="p"/>
  </RectangleLabels>
</View>"""

SHAPES = """
<View>
  <Image name="aerial" value="$image"/>
  <PolygonLabels name="areas" toName="aerial"><Label value="Building" background="#8e44ad"/></PolygonLabels>
  <EllipseLabels name="trees" toName="aerial"><Label value="Tree" background="darkgreen"/></EllipseLabels>
  <KeyPointLabels name="landmarks" toName="aerial" strokeWidth="4">
    <Label value="Well" background="blue"/>
  </KeyPointLabels>
</View>"""

ABS = 0.5  # percent: the accuracy an annotator's pointer gets at any zoom


class Stage:
    """Screen points of image percentages on one stage, wherever zoom and scrolling put the image."""

    def __init__(self, p: Any, index: int = 0) -> None:
        self.p = p
        self.stage = p.locator(".lc-stage").nth(index)
        self.canvas = p.locator(".lc-canvas").nth(index)

    def at(self, x: float, y: float) -> tuple[float, float]:
        c = self.canvas.bounding_box()
        s = self.stage.bounding_box()
        sx, sy = c["x"] + c["width"] * x / 100, c["y"] + c["height"] * y / 100
        inside = s["x"] <= sx <= s["x"] + s["width"] and s["y"] <= sy <= s["y"] + s["height"]
        assert inside, f"({x}, {y}) % is off screen"
        return sx, sy

    def drag(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        self.p.mouse.move(*self.at(*a))
        self.p.mouse.down()
        self.p.mouse.move(*self.at(*b), steps=6)
        self.p.mouse.up()

    def drag_px(self, a: tuple[float, float], dx: float, dy: float) -> None:
        x, y = self.at(*a)
        self.p.mouse.move(x, y)
        self.p.mouse.down()
        self.p.mouse.move(x + dx, y + dy, steps=6)
        self.p.mouse.up()

    def click(self, x: float, y: float, **kw: Any) -> None:
        self.p.mouse.click(*self.at(x, y), **kw)

    def handle(self, name: str) -> tuple[float, float]:
        """Screen centre of the selected region's handle `name` (se, rotate, vertex:2 ...)."""
        b = self.stage.locator(f'[data-handle="{name}"]').bounding_box()
        return b["x"] + b["width"] / 2, b["y"] + b["height"] / 2

    def drag_handle(self, name: str, to: tuple[float, float]) -> None:
        self.p.mouse.move(*self.handle(name))
        self.p.mouse.down()
        self.p.mouse.move(*self.at(*to), steps=6)
        self.p.mouse.up()

    def zoom(self) -> float:
        c = self.canvas.bounding_box()["width"]
        s = self.stage.bounding_box()["width"]
        return float(c / s)


Opened = tuple[labelconfig.Config, dict[str, Any], Any, Stage]


def _open(page: Any, config: str, width: int, height: int) -> Opened:
    cfg = labelconfig.parse(config)
    task = {"image": png_data_url(width, height)}
    p = page.open(render_html(cfg, task))
    return cfg, task, p, Stage(p)


def _approx(value: dict[str, Any], **expected: float) -> None:
    for key, want in expected.items():
        assert value[key] == pytest.approx(want, abs=ABS), f"{key}: {value[key]} != {want}"


def _lint(cfg: labelconfig.Config, page: Any, task: dict[str, Any]) -> None:
    assert codes(cfg.check_annotation(page.annotation(), task)) == []


def test_box_drawn_moved_resized_and_relabelled_at_two_zoom_levels(page: Any) -> None:
    cfg, task, p, st = _open(page, BOXES, 400, 300)
    p.get_by_role("button", name="Car").click()
    st.drag((10, 20), (30, 40))
    (r,) = page.annotation()["result"]
    assert (r["type"], r["from_name"], r["to_name"]) == ("rectanglelabels", "vehicles", "street")
    assert r["origin"] == "manual"
    assert (r["original_width"], r["original_height"], r["image_rotation"]) == (400, 300, 0)
    assert set(r["value"]) == {"x", "y", "width", "height", "rotation", "rectanglelabels"}
    _approx(r["value"], x=10, y=20, width=20, height=20, rotation=0)
    assert r["value"]["rectanglelabels"] == ["Car"]
    # New regions are selected, as in the editor: the list marks it, and its handles show.
    assert p.get_by_role("button", name="Select region 1").get_attribute("aria-pressed") == "true"
    assert st.stage.locator("[data-handle]").count() == 9  # 8 resize + rotate

    st.drag((20, 30), (30, 40))  # drag the selected box by its body
    st.drag_handle("se", (50, 60))
    (r,) = page.annotation()["result"]
    _approx(r["value"], x=20, y=30, width=30, height=30, rotation=0)
    p.get_by_role("button", name="Pedestrian").click()  # relabel the selected box
    (r,) = page.annotation()["result"]
    assert r["value"]["rectanglelabels"] == ["person"] and r["id"]
    assert st.stage.locator(".lc-caption").text_content() == "person"

    # Zoom 2x about the box's centre with Ctrl+wheel: the point under the pointer stays put.
    p.mouse.move(*st.at(35, 45))
    before = st.at(35, 45)
    p.keyboard.down("Control")
    p.mouse.wheel(0, -math.log(2) / 0.002)
    p.keyboard.up("Control")
    assert st.zoom() == pytest.approx(2, abs=0.01)
    assert st.at(35, 45) == pytest.approx(before, abs=1)
    st.drag_px((35, 45), 40, 20)  # 40 px at 2x of a 400 px image = 5 %; 20 px of 300 px = 3.33 %
    st.drag_handle("e", (50, 50))
    (r,) = page.annotation()["result"]
    _approx(r["value"], x=25, y=30 + 20 / 6, width=25, height=30)
    p.keyboard.press("Escape")  # unselect, then a second box at this zoom
    st.drag((55, 25), (65, 35))
    first, second = page.annotation()["result"]
    assert first["value"]["rectanglelabels"] == ["person"]  # untouched by the new label pick
    _approx(second["value"], x=55, y=25, width=10, height=10)
    assert second["value"]["rectanglelabels"] == ["person"]
    _lint(cfg, page, task)
    assert page.errors == []


def test_zoom_by_buttons_and_keys_and_pan(page: Any) -> None:
    _, _, p, st = _open(page, BOXES, 400, 300)
    stage = p.get_by_role("application", name="Drawing surface of image street")
    p.get_by_role("button", name="Zoom in").click()
    assert st.zoom() == pytest.approx(1.5, abs=0.01)
    assert p.locator(".lc-zoom-level").inner_text() == "150%"
    stage.focus()
    stage.press("+")
    assert st.zoom() == pytest.approx(2.25, abs=0.01)
    left = st.canvas.bounding_box()["x"]
    stage.press("ArrowRight")  # nothing selected: arrows pan
    assert st.canvas.bounding_box()["x"] < left
    # Without a label pressed, a drag on the image pans it.
    left = st.canvas.bounding_box()["x"]
    st.drag_px((50, 50), 60, 0)
    assert st.canvas.bounding_box()["x"] == pytest.approx(left + 60, abs=2)
    stage.press("-")
    assert st.zoom() == pytest.approx(1.5, abs=0.01)
    p.get_by_role("button", name="Fit to page").click()
    assert st.zoom() == pytest.approx(1, abs=0.01)
    assert page.annotation() == {"result": []}  # looking is not labelling
    assert page.errors == []


@pytest.mark.parametrize(
    ("attrs", "zoom_in"), [('zoom="false"', None), ('zoomBy="2"', 2.0), ('zoomControl="false"', 1.5)]
)
def test_the_images_zoom_attributes(page: Any, attrs: str, zoom_in: float | None) -> None:
    _, _, p, st = _open(page, BOXES.replace('value="$image"', f'value="$image" {attrs}'), 400, 300)
    stage = p.get_by_role("application", name="Drawing surface of image street")
    buttons = p.get_by_role("button", name="Zoom in")
    if zoom_in == 2.0:
        buttons.click()
        assert st.zoom() == pytest.approx(2, abs=0.01)
        return
    assert buttons.count() == 0  # no zoom buttons
    stage.focus()
    stage.press("+")
    p.mouse.move(*st.at(50, 50))
    p.keyboard.down("Control")
    p.mouse.wheel(0, -300)
    p.keyboard.up("Control")
    if zoom_in is None:
        assert st.zoom() == pytest.approx(1, abs=0.01)  # zooming is off
    else:
        assert st.zoom() > 1.5  # keys and wheel still zoom


def test_box_rotated_by_its_handle(page: Any) -> None:
    cfg, task, p, st = _open(page, BOXES, 400, 300)
    p.get_by_role("button", name="Car").click()
    st.drag((30, 30), (50, 50))  # 80 x 60 px, centre (160, 120) px
    # Pull the rotation handle to straight right of the centre: a quarter turn clockwise.
    st.drag_handle("rotate", (80, 40))
    (r,) = page.annotation()["result"]
    v = r["value"]
    assert v["rotation"] == pytest.approx(90, abs=1)
    # Turned about its centre, the box's top-left corner (the pivot recorded) moves to the top right:
    # centre (160, 120) px + rot90(-40, -30) = (190, 80) px = (47.5 %, 26.67 %).
    _approx(v, x=47.5, y=80 / 3, width=20, height=20)
    _lint(cfg, page, task)
    # A second turn, snapped to 15 degrees with Shift.
    p.mouse.move(*st.handle("rotate"))
    p.mouse.down()
    p.keyboard.down("Shift")
    p.mouse.move(*st.at(55, 62), steps=8)
    p.keyboard.up("Shift")
    p.mouse.up()
    (r,) = page.annotation()["result"]
    assert r["value"]["rotation"] % 15 == pytest.approx(0, abs=1e-6)
    assert r["value"]["rotation"] != 90
    _lint(cfg, page, task)
    assert page.errors == []


def test_polygon_edited_vertex_by_vertex(page: Any) -> None:
    cfg, task, p, st = _open(page, SHAPES, 400, 200)
    p.get_by_role("button", name="Building").click()
    for x, y in [(10, 10), (50, 10), (50, 50), (10, 50)]:
        st.click(x, y)
    p.keyboard.press("Enter")
    (r,) = page.annotation()["result"]
    assert r["value"]["closed"] is True and r["value"]["polygonlabels"] == ["Building"]
    assert st.stage.locator('[data-handle^="vertex:"]').count() == 4  # selected at once
    st.drag_handle("vertex:2", (60, 70))  # one vertex moves, the others stay
    st.drag_handle("insert:0", (30, 2))  # a point added on the first edge, dragged out
    points = page.annotation()["result"][0]["value"]["points"]
    want = [(10, 10), (30, 2), (50, 10), (60, 70), (10, 50)]
    assert len(points) == len(want)
    for got, (x, y) in zip(points, want, strict=True):
        assert got == [pytest.approx(x, abs=ABS), pytest.approx(y, abs=ABS)]
    p.keyboard.down("Alt")  # Alt+click removes a point
    p.mouse.click(*st.handle("vertex:1"))
    p.keyboard.up("Alt")
    points = page.annotation()["result"][0]["value"]["points"]
    assert [[round(a) for a in pt] for pt in points] == [[10, 10], [50, 10], [60, 70], [10, 50]]
    st.drag((30, 30), (40, 20))  # the whole polygon moves with its body
    points = page.annotation()["result"][0]["value"]["points"]
    assert points[0] == [pytest.approx(20, abs=ABS), pytest.approx(0, abs=ABS)]  # stopped at the edge
    _lint(cfg, page, task)
    assert page.errors == []


def test_ellipse_and_key_point_moved_resized_rotated(page: Any) -> None:
    cfg, task, p, st = _open(page, SHAPES, 400, 200)
    p.get_by_role("button", name="Tree").click()
    st.drag((30, 40), (40, 60))  # from the centre out, as in the editor
    (e,) = page.annotation()["result"]
    _approx(e["value"], x=30, y=40, radiusX=10, radiusY=20, rotation=0)
    st.drag_handle("e", (45, 40))
    p.keyboard.press("Escape")
    st.drag((96, 50), (80, 70))  # near the edge: the radius stops at it
    _, edge = page.annotation()["result"]
    _approx(edge["value"], x=96, y=50, radiusX=4, radiusY=20)
    p.keyboard.press("Delete")
    p.get_by_role("button", name="Select region 1").click()
    st.drag((30, 40), (50, 50))
    st.drag_handle("rotate", (90, 50))
    (e,) = page.annotation()["result"]
    _approx(e["value"], x=50, y=50, radiusX=15, radiusY=20, rotation=90)
    assert set(e["value"]) == {"x", "y", "radiusX", "radiusY", "rotation", "ellipselabels"}

    p.get_by_role("button", name="Well").click()
    st.click(80, 20)
    _, k = page.annotation()["result"]
    assert k["type"] == "keypointlabels" and k["value"]["keypointlabels"] == ["Well"]
    # strokeWidth 4 screen px on the 400 px wide fitted image, in % of its width (as the editor does).
    shown = st.canvas.bounding_box()["width"]
    assert k["value"]["width"] == pytest.approx(4 / shown * 100, abs=1e-3)
    p.get_by_role("button", name="Well").click()  # release the tool: drags move regions
    st.drag((80, 20), (70, 30))
    _, k = page.annotation()["result"]
    _approx(k["value"], x=70, y=30)
    _lint(cfg, page, task)
    assert page.errors == []


def test_hide_and_lock(page: Any) -> None:
    cfg, task, p, st = _open(page, BOXES, 400, 300)
    lock = p.get_by_role("button", name="Lock selected region")
    hide = p.get_by_role("button", name="Hide selected region")
    assert lock.is_disabled() and hide.is_disabled()  # nothing selected yet
    p.get_by_role("button", name="Car").click()
    st.drag((10, 10), (30, 30))
    p.get_by_role("button", name="Car").click()
    before = page.annotation()
    lock.click()
    assert lock.get_attribute("aria-pressed") == "true"
    assert st.stage.locator("[data-handle]").count() == 0  # no handles on a locked region
    st.drag((20, 20), (50, 50))
    p.keyboard.press("Delete")
    p.get_by_role("button", name="Delete region 1").click()
    p.get_by_role("button", name="Pedestrian").click()
    assert page.annotation() == before  # neither moved, deleted nor relabelled
    p.get_by_role("button", name="Pedestrian").click()
    p.get_by_role("button", name="Select region 1").click()
    lock.click()
    hide.click()
    assert hide.get_attribute("aria-pressed") == "true"
    assert st.stage.locator("[data-region]").count() == 0
    assert page.annotation() == before  # hidden is a view, the annotation keeps the region
    hide.click()
    assert st.stage.locator("[data-region]").count() == 1
    st.drag((20, 20), (30, 30))
    _approx(page.annotation()["result"][0]["value"], x=20, y=20)
    _lint(cfg, page, task)
    assert page.errors == []


def test_regions_drawn_in_label_colour_with_caption_at_every_zoom(page: Any) -> None:
    cfg, task, p, st = _open(page, BOXES, 400, 300)
    p.get_by_role("button", name="Car").click()
    st.drag((10, 10), (30, 30))
    shape = st.stage.locator(".lc-shape")
    caption = st.stage.locator(".lc-caption")
    assert shape.evaluate("e => getComputedStyle(e).stroke") == "rgb(255, 0, 0)"
    assert caption.text_content() == "Car"
    sizes = []
    for _ in range(3):
        sizes.append(caption.bounding_box()["height"])
        stroke = shape.evaluate("e => getComputedStyle(e).strokeWidth")
        assert stroke in ("3px", "3")  # selected; non-scaling, so 3 screen px at every zoom
        p.get_by_role("button", name="Zoom in").click()
    assert max(sizes) - min(sizes) < 2  # the caption keeps its size on screen
    _lint(cfg, page, task)
    assert page.errors == []


@pytest.mark.parametrize(
    ("control", "width"),
    [
        ('<KeyPointLabels name="c" toName="i"><Label value="A"/></KeyPointLabels>', 2.0),  # editor default
        ('<KeyPoint name="c" toName="i" strokeWidth="4"/>', 4.0),
        ('<PolygonLabels name="c" toName="i" strokeWidth="0"><Label value="A"/></PolygonLabels>', None),
    ],
)
def test_stroke_width_the_page_records_for_key_points(control: str, width: float | None) -> None:
    cfg = labelconfig.parse(f'<View><Image name="i" value="$image"/>{control}</View>')
    html = render_html(cfg, {"image": png_data_url(4, 4)})
    model = json.loads(
        html.split('<script type="application/json" id="lc-model">', 1)[1].split("</script>", 1)[0]
    )
    assert model["controls"]["c"]["strokeWidth"] == width


def test_a_stroke_width_that_is_no_number_is_refused_before_the_page() -> None:
    # Label Studio refuses `strokeWidth="wide"` (LC204), so no page ever has to guess a width for it.
    cfg = labelconfig.parse(
        '<View><Image name="i" value="$image"/><KeyPoint name="c" toName="i" strokeWidth="wide"/></View>'
    )
    with pytest.raises(ValueError, match="LC204"):
        render_html(cfg, {"image": png_data_url(4, 4)})


def test_drawing_surface_is_named() -> None:
    cfg = labelconfig.parse('<View><Image name="pages" valueList="$pages"/></View>')
    html = render_html(cfg, {"pages": [png_data_url(10, 10), png_data_url(10, 10)]})
    assert 'role="application" aria-label="Drawing surface of image pages (1 of 2)"' in html
    assert 'aria-label="Drawing surface of image pages (2 of 2)"' in html


def _repro(case: str) -> tuple[labelconfig.Config, dict[str, Any]]:
    cfg = labelconfig.parse((REPRO / case / "config.xml").read_text(encoding="utf-8"))
    task = json.loads((REPRO / case / "task.json").read_text(encoding="utf-8"))
    return cfg, task


def test_valuelist_box_on_image_two_has_item_index_and_stays_there(page: Any) -> None:
    cfg, task = _repro("valuelist-item-index")
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    p.get_by_role("button", name="Stamp").click()
    p.get_by_role("button", name="Next image").click()  # the images are pages of a gallery
    second = Stage(p, 1)
    second.drag((20, 20), (50, 60))
    (r,) = page.annotation()["result"]
    assert r["item_index"] == 1
    assert (r["original_width"], r["original_height"]) == (400, 300)
    _approx(r["value"], x=20, y=20, width=30, height=40)
    counts = p.evaluate(
        "[...document.querySelectorAll('.lc-overlay:not(.lc-active)')]"
        ".map(s => s.querySelectorAll('[data-region]').length)"
    )
    assert counts == [0, 1]
    p.keyboard.press("Escape")
    p.get_by_role("button", name="Show image 1 of 2").click()
    Stage(p, 0).drag((10, 10), (20, 20))  # on the first image: item_index 0, written as the editor does
    assert [r["item_index"] for r in page.annotation()["result"]] == [1, 0]
    _lint(cfg, page, {"data": task})
    assert page.errors == []


def test_key_point_records_its_width(page: Any) -> None:
    cfg, task = _repro("keypoint-no-width")
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    p.get_by_role("button", name="Nose").click()
    st = Stage(p)
    st.click(12.5, 50 / 3)
    (r,) = page.annotation()["result"]
    assert r["type"] == "keypointlabels"
    assert list(r["value"]) == ["x", "y", "width", "keypointlabels"]
    _approx(r["value"], x=12.5, y=50 / 3)
    # KeyPointLabels draws with strokeWidth 2 in the editor (its real default): 2 px of the 400 px
    # wide image as shown, in %.
    assert r["value"]["width"] == pytest.approx(2 / 400 * 100, abs=1e-4)
    _lint(cfg, page, {"data": task})
    assert page.errors == []


def test_new_region_shows_its_per_region_controls_at_once(page: Any) -> None:
    cfg, task, p, st = _open(page, PER_REGION, 300, 200)
    assert p.get_by_label("Blue").is_hidden()
    p.get_by_role("button", name="Car").click()
    st.drag((10, 10), (40, 40))
    p.get_by_label("Blue").check()  # no selecting step: the new box is the selected region
    region, colour = page.annotation()["result"]
    assert colour["id"] == region["id"] and colour["value"]["choices"] == ["Blue"]
    st.drag((20, 20), (30, 30))  # moving the region moves the geometry its answer repeats
    region, colour = page.annotation()["result"]
    _approx(region["value"], x=20, y=20, width=30, height=30)
    geometry = {k: v for k, v in region["value"].items() if k != "rectanglelabels"}
    assert colour["value"] == {**geometry, "choices": ["Blue"]}
    _lint(cfg, page, task)
    assert page.errors == []


def test_no_serious_accessibility_violation_after_using_the_tools(page: Any, axe: Any) -> None:  # noqa: F811
    _, _, p, st = _open(page, SHAPES, 400, 200)
    p.get_by_role("button", name="Tree").click()
    st.drag((20, 20), (40, 60))  # selected, handles shown
    p.get_by_role("button", name="Zoom in").click()
    violations = axe.run(p).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_a_readonly_result_starts_locked(page: Any) -> None:
    cfg = labelconfig.parse(BOXES)
    box = {
        "id": "fixed",
        "from_name": "vehicles",
        "to_name": "street",
        "type": "rectanglelabels",
        "original_width": 400,
        "original_height": 300,
        "image_rotation": 0,
        "readonly": True,
        "value": {"x": 10, "y": 10, "width": 20, "height": 20, "rotation": 0, "rectanglelabels": ["Car"]},
    }
    task = {"data": {"image": png_data_url(400, 300)}, "annotations": [{"result": [box]}]}
    p = page.open(render_html(cfg, task))
    st = Stage(p)
    st.click(20, 20)  # selects it: the lock shows pressed, and no handle is offered
    assert p.get_by_role("button", name="Lock selected region").get_attribute("aria-pressed") == "true"
    assert st.stage.locator("[data-handle]").count() == 0
    st.drag((20, 20), (40, 40))
    p.keyboard.press("Delete")
    assert page.annotation()["result"] == [box]
    assert page.errors == []
