"""Brush masks in a real Chromium, painted and erased with the mouse as an annotator would: the page's
RLE, decoded by labelconfig's own decoder, holds exactly the pixels a disc of the brush size swept along
the pointer covers, the page shows those pixels, the checker accepts the annotation and the PNG mask
export writes them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from export_fixtures import encode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from render_support import codes, png_data_url
from test_export_roundtrip import _read_png
from test_render_a11y import _serious, axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)

import labelconfig
from labelconfig.export import export, rle
from labelconfig.render import render_html

W, H = 200, 150
CONFIG = """
<View>
  <Image name="photo" value="$image"/>
  <BrushLabels name="mask" toName="photo">
    <Label value="Cat" background="red"/>
    <Label value="Dog" background="#0000ff"/>
  </BrushLabels>
</View>"""

Point = tuple[float, float]
Mask = bytes  # row-major alpha, H rows of W pixels


def swept(points: list[Point], diameter: float, mask: Mask | None = None, value: int = 255) -> Mask:
    """The pixels whose centres lie within diameter/2 of the polyline through `points` (in image pixels),
    in the same float arithmetic as the page."""
    out = bytearray(W * H) if mask is None else bytearray(mask)
    r2 = (diameter / 2) ** 2
    for a, b in zip([points[0], *points], points, strict=False):
        dx, dy = b[0] - a[0], b[1] - a[1]
        len2 = dx * dx + dy * dy
        near = diameter / 2 + 1  # pixels farther from the segment's box cannot be within reach
        ys = range(max(0, int(min(a[1], b[1]) - near)), min(H, int(max(a[1], b[1]) + near) + 1))
        xs = range(max(0, int(min(a[0], b[0]) - near)), min(W, int(max(a[0], b[0]) + near) + 1))
        for y in ys:
            for x in xs:
                px, py = x + 0.5 - a[0], y + 0.5 - a[1]
                t = max(0.0, min(1.0, (px * dx + py * dy) / len2)) if len2 else 0.0
                ex, ey = px - t * dx, py - t * dy
                if ex * ex + ey * ey <= r2:
                    out[y * W + x] = value
    return bytes(out)


def _differ(a: Mask, b: Mask) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _painted(mask: Mask) -> list[bool]:
    return [v > 0 for v in mask]


class Brush:
    def __init__(self, p: Any) -> None:
        self.p = p
        self.canvas = p.locator(".lc-canvas").first
        box = self.canvas.bounding_box()
        assert (box["width"], box["height"]) == (W, H)  # shown at its natural size: 1 screen px = 1 image px
        self.left, self.top = box["x"], box["y"]

    def stroke(self, *points: Point) -> None:
        self.p.mouse.move(self.left + points[0][0], self.top + points[0][1])
        self.p.mouse.down()
        for x, y in points[1:]:
            self.p.mouse.move(self.left + x, self.top + y, steps=8)
        self.p.mouse.up()


def _mask_result(rid: str, rgba: bytes, w: int, h: int, label: str) -> dict[str, Any]:
    """A pre-labelled `brushlabels` result of CONFIG's mask on its photo, as the editor writes one."""
    return {
        "id": rid,
        "from_name": "mask",
        "to_name": "photo",
        "type": "brushlabels",
        "original_width": w,
        "original_height": h,
        "image_rotation": 0,
        "value": {"format": "rle", "rle": encode(rgba), "brushlabels": [label]},
    }


def _masks(annotation: dict[str, Any]) -> list[Mask]:
    return [rle.alpha(r["value"]["rle"], W, H) for r in annotation["result"]]


def _shown(p: Any) -> Mask:
    """The alpha of the brush layer the page shows over the image."""
    data = p.evaluate(
        """() => { const c = document.querySelector('.lc-brush-layer');
            return [...c.getContext('2d').getImageData(0, 0, c.width, c.height).data]; }"""
    )
    return bytes(data[3::4])


def test_painted_and_erased_mask_round_trips_to_the_same_pixels(
    page: Any,
    tmp_path: Path,
    axe: Any,  # noqa: F811
) -> None:
    cfg = labelconfig.parse(CONFIG)
    task = {"image": png_data_url(W, H)}
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    assert p.locator("[data-lc-control=mask][data-widget]").get_attribute("data-widget") == "brush"
    slider = p.get_by_role("slider", name="Brush size in image pixels")
    assert slider.input_value() == "15"  # the control's strokeWidth default
    brush = Brush(p)
    p.get_by_role("button", name="Cat").click()
    first = [(30.0, 40.0), (90.0, 40.0), (90.0, 100.0)]
    brush.stroke(*first)
    (r,) = page.annotation()["result"]
    assert (r["from_name"], r["to_name"], r["type"]) == ("mask", "photo", "brushlabels")
    assert (r["original_width"], r["original_height"], r["image_rotation"]) == (W, H, 0)
    assert (r["value"]["format"], r["value"]["brushlabels"]) == ("rle", ["Cat"])
    assert "item_index" not in r
    # The RGBA words are (a, a, a, a) per pixel, as the editor writes them.
    words = rle.decode(r["value"]["rle"])
    assert words[0::4] == words[1::4] == words[2::4] == words[3::4]
    expected = swept(first, 15)
    (mask,) = _masks(page.annotation())
    assert _differ(mask, expected) == 0
    assert _painted(_shown(p)) == _painted(expected)

    # `]` makes the brush larger; a second stroke with the same label adds to the selected region.
    p.keyboard.press("]")
    assert slider.input_value() == "20"
    second = [(150.0, 20.0), (150.0, 120.0)]
    brush.stroke(*second)
    (r2,) = page.annotation()["result"]
    assert r2["id"] == r["id"]
    expected = swept(second, 20, expected)
    assert _differ(_masks(page.annotation())[0], expected) == 0

    # The eraser takes a disc-swept line off the selected region.
    p.get_by_role("button", name="Eraser").click()
    p.keyboard.press("[")
    assert slider.input_value() == "15"
    erased = [(20.0, 40.0), (170.0, 40.0)]
    brush.stroke(*erased)
    expected = swept(erased, 15, expected, value=0)
    assert _differ(_masks(page.annotation())[0], expected) == 0
    assert _painted(_shown(p)) == _painted(expected)
    assert not any(expected[40 * W : 41 * W]) and any(expected[60 * W : 61 * W])

    # Undo brings the erased pixels back; redo takes them away again.
    p.keyboard.press("Control+z")
    assert _differ(_masks(page.annotation())[0], swept(second, 20, swept(first, 15))) == 0
    p.keyboard.press("Control+Shift+z")
    assert _differ(_masks(page.annotation())[0], expected) == 0

    # After Escape, another label paints a region of its own.
    p.get_by_role("button", name="Eraser").click()
    p.keyboard.press("Escape")
    p.get_by_role("button", name="Dog").click()
    dog = [(40.0, 120.0), (60.0, 125.0)]
    brush.stroke(*dog)
    annotation = page.annotation()
    assert [x["value"]["brushlabels"] for x in annotation["result"]] == [["Cat"], ["Dog"]]
    cat_mask, dog_mask = _masks(annotation)
    assert _differ(cat_mask, expected) == 0 and _differ(dog_mask, swept(dog, 15)) == 0
    assert _painted(_shown(p)) == [
        c or d for c, d in zip(_painted(cat_mask), _painted(dog_mask), strict=True)
    ]
    assert codes(cfg.check_annotation(annotation, task)) == []
    assert _serious(axe, p) == []

    # The PNG mask export writes the same pixels, one file per region and label.
    src = tmp_path / "tasks.json"
    src.write_text(json.dumps([{"id": 1, "data": {"image": "/img/pet.png"}, "annotations": [annotation]}]))
    export(src, cfg, "brush-png", tmp_path / "out")
    for n, (label, mask) in enumerate([("Cat", cat_mask), ("Dog", dog_mask)], start=1):
        assert _read_png((tmp_path / f"out/masks/pet/{n}_{label}.png").read_bytes()) == (W, H, mask)
    assert page.errors == []


def test_prelabelled_mask_is_shown_and_painted_on(page: Any) -> None:
    cfg = labelconfig.parse(CONFIG)
    painted = swept([(50.0, 50.0)], 30)
    rgba = bytes(v for a in painted for v in (a, a, a, a))
    prediction = _mask_result("p1", rgba, W, H, "Dog")
    task = {"data": {"image": png_data_url(W, H)}, "predictions": [{"result": [prediction]}]}
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    assert _painted(_shown(p)) == _painted(painted)
    brush = Brush(p)
    p.mouse.click(brush.left + 50, brush.top + 50)  # no label pressed: a click on the mask selects it
    p.get_by_role("button", name="Dog").click()
    brush.stroke((100.0, 50.0), (120.0, 50.0))
    (r,) = page.annotation()["result"]
    assert r["id"] == "p1" and r["origin"] == "prediction-changed"
    assert _differ(_masks(page.annotation())[0], swept([(100.0, 50.0), (120.0, 50.0)], 15, painted)) == 0
    assert page.errors == []


def test_brush_controls_are_operable_not_read_only() -> None:
    cfg = labelconfig.parse(
        '<View><Image name="i" value="$image"/><Brush name="b" toName="i"/>'
        '<BrushLabels name="bl" toName="i"><Label value="A"/></BrushLabels></View>'
    )
    html = render_html(cfg, {"image": png_data_url(4, 4)})
    assert 'data-lc-control="b" data-widget="brush"' in html
    assert 'data-lc-control="bl" data-widget="brush"' in html
    assert "data-readonly" not in html


def test_unlabelled_brush_at_zoom_hidden_and_locked(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Image name="photo" value="$image"/><Brush name="paint" toName="photo"/></View>'
    )
    task = {"image": png_data_url(W, H)}
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    p.get_by_role("button", name="Brush", exact=True).click()
    p.get_by_role("button", name="Zoom in").click()  # 150%: the brush keeps its size in image pixels
    box = p.locator(".lc-canvas").bounding_box()
    assert box["width"] == 1.5 * W
    sent = [(box["x"] + 120.0, box["y"] + 90.0), (box["x"] + 180.0, box["y"] + 150.0)]
    p.mouse.move(*sent[0])
    p.mouse.down()
    p.mouse.move(*sent[1], steps=6)
    p.mouse.up()
    (r,) = page.annotation()["result"]
    assert (r["type"], r["value"]["format"], sorted(r["value"])) == ("brush", "rle", ["format", "rle"])
    natural = [((x - box["x"]) / box["width"] * W, (y - box["y"]) / box["height"] * H) for x, y in sent]
    expected = swept(natural, 15)
    assert _differ(_masks(page.annotation())[0], expected) == 0
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    # Hidden, the mask is not shown but stays in the annotation; locked, it takes no paint.
    p.get_by_role("button", name="Hide selected region").click()
    assert not any(_shown(p))
    p.get_by_role("button", name="Hide selected region").click()
    assert _painted(_shown(p)) == _painted(expected)
    p.get_by_role("button", name="Lock selected region").click()
    p.mouse.move(box["x"] + 150, box["y"] + 120)  # in view at this zoom and scroll
    p.mouse.down()
    p.mouse.up()
    assert _differ(_masks(page.annotation())[0], expected) == 0
    assert "locked" in p.locator("#lc-message").inner_text()
    assert page.errors == []


@st.composite
def masks(draw: st.DrawFn) -> tuple[int, int, bytes]:
    """An RGBA mask as Label Studio's older editors also wrote it: colour words beside the alpha, so the
    stream holds literal blocks as well as runs."""
    w, h = draw(st.integers(2, 24)), draw(st.integers(2, 24))
    alpha = draw(st.lists(st.sampled_from([0, 0, 0, 255, 255, 1, 128]), min_size=w * h, max_size=w * h))
    rgb = draw(st.lists(st.integers(0, 255), min_size=3, max_size=3))
    return w, h, bytes(v for a in alpha for v in ((*rgb, a) if a else (0, 0, 0, 0)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mask=masks(), data=st.data())
def test_any_mask_survives_the_page(page: Any, mask: tuple[int, int, bytes], data: st.DataObject) -> None:
    """A mask the page did not paint (any alpha, colour words, literal blocks) is decoded by the page and
    written back, after one more painted pixel, with every other pixel's alpha unchanged."""
    w, h, rgba = mask
    x, y = data.draw(st.integers(0, w - 1)), data.draw(st.integers(0, h - 1))
    cfg = labelconfig.parse(CONFIG)
    region = _mask_result("m1", rgba, w, h, "Cat")
    task = {"data": {"image": png_data_url(w, h)}, "annotations": [{"result": [region]}]}
    p = page.open(render_html(cfg, task))
    assert _painted(_shown(p)) == _painted(rgba[3::4])  # every painted pixel shown, only those
    p.get_by_role("button", name="Select region 1").click()
    p.get_by_role("button", name="Cat").click()
    p.get_by_role("slider", name="Brush size in image pixels").fill("1")
    box = p.locator(".lc-canvas").bounding_box()
    assert (box["width"], box["height"]) == (w, h)
    p.mouse.click(box["x"] + x + 0.5, box["y"] + y + 0.5)  # a 1-pixel brush covers that pixel only
    (r,) = page.annotation()["result"]
    expected = bytearray(rgba[3::4])
    expected[y * w + x] = 255
    assert rle.alpha(r["value"]["rle"], w, h) == bytes(expected)
    assert page.errors == []


def test_per_region_answer_on_a_mask(page: Any) -> None:
    cfg = labelconfig.parse(
        '<View><Image name="photo" value="$image"/>'
        '<BrushLabels name="mask" toName="photo"><Label value="Cat"/></BrushLabels>'
        '<TextArea name="note" toName="photo" perRegion="true"/></View>'
    )
    task = {"image": png_data_url(W, H)}
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    p.get_by_role("button", name="Cat").click()
    Brush(p).stroke((20.0, 20.0), (60.0, 20.0))
    p.get_by_role("textbox", name="note").fill("tabby")
    p.get_by_role("textbox", name="note").press("Enter")
    mask, note = page.annotation()["result"]
    assert (note["id"], note["type"], note["value"]["text"]) == (mask["id"], "textarea", ["tabby"])
    assert (note["original_width"], note["original_height"]) == (W, H)
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert page.errors == []
