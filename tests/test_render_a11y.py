"""axe-core in the page: the seed forms have no serious or critical accessibility violations, on open
and after an annotator worked in them (labels pressed, regions made and selected, text typed, the key
panel open, Submit pressed)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from render_support import png_data_url, select_text

import labelconfig
from labelconfig.payloads.sample import sample
from labelconfig.render import render_html

SEEDS = [
    "sentiment_text_choices",
    "image_classification",
    "object_detection_rectangles",
    "ner_labels_before_text",
    "summarization_textarea",
    "survey_controls",
]


@pytest.fixture(scope="module")
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("axe-playwright-python is missing in CI (pip install -e '.[test]')")
        pytest.skip("axe-playwright-python is not installed (CI=true makes this a failure)")
    return Axe()


def _serious(axe: Any, p: Any) -> list[str]:
    violations = axe.run(p).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['html'][:80] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def _open_seed(page: Any, seed: str, *, prelabelled: bool = True) -> Any:
    path = Path(__file__).parent / "fixtures" / "valid" / f"{seed}.xml"
    cfg = labelconfig.parse(path.read_text(encoding="utf-8"))
    task = sample(cfg)
    for key in ("image", "image_url"):
        if key in task["data"]:
            task["data"][key] = png_data_url(120, 80)
    return page.open(render_html(cfg, task if prelabelled else task["data"]))


def _work_in(p: Any) -> None:
    """What an annotator does in any form: every kind of control used once, then Submit."""
    if p.locator("[data-lc-text]").count() and p.locator("[data-widget=spans] .lc-label").count():
        p.locator("[data-widget=spans] .lc-label").last.click()
        select_text(p, "[data-lc-text]", 0, 3)
    stage = p.locator(".lc-stage")
    if stage.count() and p.locator("[data-widget=rectangle] .lc-label").count():
        p.locator("[data-widget=rectangle] .lc-label").nth(1).click()
        box = stage.first.bounding_box()
        p.mouse.move(box["x"] + 10, box["y"] + 10)
        p.mouse.down()
        p.mouse.move(box["x"] + 60, box["y"] + 50, steps=3)
        p.mouse.up()
    if p.get_by_role("button", name="Select region 1").count():
        p.get_by_role("button", name="Select region 1").first.click()
    for group in p.locator("[data-widget=choices]").all():
        if group.locator("input").count() and group.is_visible():
            group.locator("input").first.check()
    for box in p.locator("[data-widget=textarea] textarea").all():
        if box.is_visible() and box.is_enabled():
            box.fill("A note.")
    p.get_by_role("button", name="Submit").click()
    p.keyboard.press("?")


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_form_has_no_serious_violations(page: Any, axe: Any, seed: str) -> None:
    assert _serious(axe, _open_seed(page, seed)) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_form_has_no_serious_violations_after_work(page: Any, axe: Any, seed: str) -> None:
    p = _open_seed(page, seed, prelabelled=False)
    _work_in(p)
    assert p.evaluate("window.labelconfig.annotation().result") != []  # the work was recorded
    assert p.get_by_role("dialog", name="Keyboard shortcuts").is_visible()
    assert _serious(axe, p) == []
    assert page.errors == []


def test_label_colours_keep_text_readable(page: Any, axe: Any) -> None:
    from forms_support import open_form

    p, _, _ = open_form(page, "label-colour-contrast")
    p.get_by_role("button", name="ORG").click()  # yellow: dark text on it
    assert p.get_by_role("button", name="ORG").evaluate("b => getComputedStyle(b).color") == "rgb(0, 0, 0)"
    assert (
        p.locator("mark.lc-span").evaluate("m => getComputedStyle(m).color") == "rgb(255, 255, 255)"
    )  # on blue
    select_text(p, "[data-lc-text=text]", 8, 11)
    assert _serious(axe, p) == []
    p.get_by_role("button", name="PER").click()
    assert _serious(axe, p) == []
