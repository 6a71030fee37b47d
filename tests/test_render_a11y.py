"""axe-core in the page: the seed forms have no serious or critical accessibility violations."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from render_support import png_data_url

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


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_form_has_no_serious_violations(page: Any, axe: Any, seed: str) -> None:
    path = Path(__file__).parent / "fixtures" / "valid" / f"{seed}.xml"
    cfg = labelconfig.parse(path.read_text(encoding="utf-8"))
    task = sample(cfg)
    for key in ("image", "image_url"):
        if key in task["data"]:
            task["data"][key] = png_data_url(120, 80)
    p = page.open(render_html(cfg, task))
    violations = axe.run(p).response["violations"]
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
