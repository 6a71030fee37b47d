"""<Image valueList> as a gallery in a real Chromium: one image at a time, paged with buttons, keys and
thumbnails; a region drawn or painted on an image is recorded with that image's `item_index` and size
and shown on that image only."""

from __future__ import annotations

from typing import Any

from render_support import codes, png_data_url
from test_render_a11y import _serious, axe  # noqa: F401  (the axe-core fixture, skipped or failed as there)
from test_render_image_tools import Stage

import labelconfig
from labelconfig.export import rle
from labelconfig.render import render_html

GALLERY = """
<View>
  <Image name="pages" valueList="$pages"/>
  <RectangleLabels name="box" toName="pages"><Label value="Stamp"/></RectangleLabels>
  <BrushLabels name="ink" toName="pages"><Label value="Ink"/></BrushLabels>
</View>"""
SIZES = [(300, 200), (160, 120), (200, 200)]


def _shown(p: Any) -> list[bool]:
    return p.evaluate("[...document.querySelectorAll('.lc-stage')].map(s => s.checkVisibility())")


def test_gallery_pages_and_regions_stay_on_their_image(page: Any, axe: Any) -> None:  # noqa: F811
    cfg = labelconfig.parse(GALLERY)
    task = {"pages": [png_data_url(w, h) for w, h in SIZES]}
    p = page.open(render_html(cfg, task))
    p.set_viewport_size({"width": 1200, "height": 900})
    pages = p.get_by_role("navigation", name="Pages of image pages")
    assert _shown(p) == [True, False, False]
    assert pages.get_by_role("button", name="Previous image").is_disabled()
    p.get_by_role("button", name="Next image").click()
    assert _shown(p) == [False, True, False]
    assert "2 of 3" in pages.inner_text()
    # A box on image 2 records item_index 1 and image 2's size.
    p.get_by_role("button", name="Stamp").click()
    Stage(p, 1).drag((10, 10), (60, 50))
    (box,) = page.annotation()["result"]
    assert (box["item_index"], box["original_width"], box["original_height"]) == (1, 160, 120)
    # PageDown in the gallery shows image 3; a brush stroke there is image 3's (item_index 2).
    p.locator(".lc-stage").nth(1).focus()
    p.keyboard.press("PageDown")
    assert _shown(p) == [False, False, True]
    assert pages.get_by_role("button", name="Next image").is_disabled()
    p.get_by_role("button", name="Ink").click()
    canvas = p.locator(".lc-canvas").nth(2).bounding_box()
    p.mouse.move(canvas["x"] + 50, canvas["y"] + 100)
    p.mouse.down()
    p.mouse.move(canvas["x"] + 150, canvas["y"] + 100, steps=5)
    p.mouse.up()
    ink = page.annotation()["result"][1]
    assert (ink["item_index"], ink["original_width"], ink["original_height"]) == (2, 200, 200)
    mask = rle.alpha(ink["value"]["rle"], 200, 200)
    assert mask[100 * 200 + 100] == 255 and mask[10 * 200 + 10] == 0
    # Each image shows its own regions only: the box on image 2, the mask on image 3.
    boxes = p.evaluate(
        "[...document.querySelectorAll('.lc-overlay:not(.lc-active)')]"
        ".map(s => s.querySelectorAll('[data-region]').length)"
    )
    assert boxes == [0, 1, 0]
    painted = p.evaluate(
        """[...document.querySelectorAll('.lc-brush-layer')].map(c => {
            const d = c.getContext('2d').getImageData(0, 0, c.width || 1, c.height || 1).data;
            let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; })"""
    )
    assert painted[0] == painted[1] == 0 and painted[2] == sum(1 for a in mask if a)
    # Thumbnails page directly; selecting a region in the sidebar brings its image back.
    p.get_by_role("button", name="Show image 1 of 3").click()
    assert _shown(p) == [True, False, False]
    p.keyboard.press("Escape")
    p.get_by_role("button", name="Select region 1").first.click()
    assert _shown(p) == [False, True, False]
    assert codes(cfg.check_annotation(page.annotation(), task)) == []
    assert _serious(axe, p) == []
    assert page.errors == []
